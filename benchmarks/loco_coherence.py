"""Leave-one-corpus-out ROUGE of variants of the shared readability stages (issue 15): how
much of the ROUGE the dangling-reference handling costs, and what wins it back.

    nice python benchmarks/loco_coherence.py [--variants units=UNITS:True nounits=UNITS:False]

Corpora, budgets and LOCO models as in benchmarks/bench_quality.py (for each corpus a model
trained on the two others, tomtat.train's parameters, the shipped blend). A variant sets
attributes of :mod:`tomtat.engine.api` (``NAME=ATTR:VALUE[,ATTR:VALUE]``) while every held-out
cluster is summarized by ``default`` and by the baselines ``lead`` and ``lexrank-mmr``, which
share the stages. Prints syllable ROUGE-2 F1 x100 per corpus, the mean, and the worst gap of
``default`` to the best of the two baselines (sumy's LexRank does not use the stages; its
figures are bench_quality.py's, passed with --sumy).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _set(owner: object, attr: str, value: object) -> None:
    if isinstance(owner, dict):
        if value is None:
            owner.pop(attr, None)
        else:
            owner[attr] = value
    else:
        setattr(owner, attr, value)


def _apply(spec: str, api: object, select_module: object, default_select: dict) -> list:
    """Set what ``spec`` says ("ATTR:VALUE,..."; ``select.X`` in tomtat.engine.select,
    ``default.X`` in ``default``'s selection options, else tomtat.engine.api); return what to
    set back."""
    saved = []
    for item in filter(None, spec.split(",")):
        attr, _, value = item.partition(":")
        owner: object = api
        if attr.startswith("default."):
            owner, attr = default_select, attr.removeprefix("default.")
        elif attr.startswith("select."):
            owner, attr = select_module, attr.removeprefix("select.")
        old = owner.get(attr) if isinstance(owner, dict) else getattr(owner, attr)
        saved.append((owner, attr, old))
        _set(owner, attr, ast.literal_eval(value))
    return saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--variants", nargs="*", default=["shipped="])
    ap.add_argument("--methods", default="lead,lexrank-mmr,default")
    ap.add_argument("--sumy", default="28.20,36.33,35.36", help="sumy LexRank per corpus")
    args = ap.parse_args()

    from bench_quality import BUDGETS, CORPORA, load

    import tomtat.engine.api as api
    import tomtat.engine.select as select_module
    from tomtat.engine.api import summarize
    from tomtat.engine.learned import DEFAULT_SELECT, MODEL_FEATURES, PRIOR_WEIGHT, LearnedModel
    from tomtat.engine.methods import heuristic
    from tomtat.engine.select import percentile_ranks
    from tomtat.eval.evaluate import macro_average
    from tomtat.eval.rouge import score
    from tomtat.train import build_table, fit

    t0 = time.time()
    _, corpora = load(args.data)  # featurized clusters per corpus
    budgets = BUDGETS
    names = list(CORPORA)
    sumy = dict(zip(names, (float(b) for b in args.sumy.split(",")), strict=True))
    blended: dict[str, np.ndarray] = {}
    for held in names:
        rest = [e for n in names if n != held for e in corpora[n]]
        booster = fit(build_table(rest))
        model = LearnedModel(booster, {"features": list(MODEL_FEATURES)}, "<cv>")
        for e in corpora[held]:
            blended[e.cluster.id] = percentile_ranks(
                model.predict(e.features)
            ) + PRIOR_WEIGHT * percentile_ranks(heuristic(e.cluster, e.features))
    print(f"featurized and fitted in {time.time() - t0:.0f} s", file=sys.stderr)

    print("| variant | method | " + " | ".join(names) + " | mean | worst gap |")
    print("|---|---|" + "---|" * (len(names) + 2))
    for variant in args.variants:
        label, _, spec = variant.partition("=")
        saved = _apply(spec, api, select_module, DEFAULT_SELECT)
        table: dict[str, list[float]] = {}
        for method in args.methods.split(","):
            f1 = []
            for held in names:
                rows = []
                for e in corpora[held]:
                    if method == "default":
                        s = summarize(e.cluster, "default", budgets[held], features=e.features,
                                      scores=blended[e.cluster.id], **DEFAULT_SELECT)  # fmt: skip
                    else:
                        s = summarize(e.cluster, method, budgets[held], features=e.features)
                    rows.append(score(s.source_text, list(e.cluster.references), "syllable"))
                f1.append(100 * macro_average(rows)["rouge2"].fmeasure)
            table[method] = f1
        for owner, attr, value in saved:
            _set(owner, attr, value)
        best = [max([table[m][i] for m in ("lead", "lexrank-mmr") if m in table] + [sumy[c]])
                for i, c in enumerate(names)]  # fmt: skip
        for method, f1 in table.items():
            gap = min(v - b for v, b in zip(f1, best, strict=True)) if method == "default" else None
            cells = [f"{v:.2f}" for v in f1] + [f"{np.mean(f1):.2f}"]
            cells.append(f"{gap:+.2f}" if gap is not None else "")
            print(f"| {label} | {method} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
