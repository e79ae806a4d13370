"""Leave-one-corpus-out model choice with the readability stages in place (issue 15): train the
ranker on every sentence or only among the sentences that can be chosen, and re-choose the
heuristic blend weight and ``PIN_MIN_RANK`` by the LOCO mean and the worst corpus.

    nice python benchmarks/loco_eligible.py [--weights 2,2.5,3,3.5,4] [--pins 0.3,0.5,0.7]

Corpora and budgets as in benchmarks/bench_quality.py. Training variants:

* ``all``: every sentence of a cluster is a row of its ranking group (issue 13's model);
* ``eligible``: sentences that :mod:`tomtat.engine.eligible` never lets through (headings,
  questions, bylines, ...) are left out of the training groups, so the labels are graded among
  what can be chosen and the ranker learns to order those;
* ``zeroed``: they stay in the groups with relevance 0.

For each variant and held-out corpus one model is fitted on the other two (tomtat.train's
parameters); then every (weight, pin) pair summarizes the held-out clusters as ``default``
does (rank blend, DEFAULT_SELECT, the shared stages). Prints syllable ROUGE-2 F1 x100 per
corpus, the mean and the worst gap to the best baseline (bench_quality.py's figures for lead
and lexrank-mmr, passed with --best).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def eligible_examples(examples: list, mode: str) -> list:
    """The training examples of ``mode`` (module docstring)."""
    from tomtat.engine.eligible import eligible_mask
    from tomtat.train import graded, precision_labels

    if mode == "all":
        return examples
    out = []
    for e in examples:
        ok = eligible_mask(e.cluster)
        labels = np.where(ok, precision_labels(e.cluster), 0.0)
        if mode == "zeroed":
            out.append(replace(e, grades=graded(labels)))
        elif ok.any():
            out.append(replace(e, x=e.x[ok], grades=graded(labels[ok])))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--modes", default="all,eligible,zeroed")
    ap.add_argument("--weights", default="2,2.5,3,3.5,4")
    ap.add_argument("--pins", default="0.3,0.5,0.7")
    ap.add_argument("--best", default="33.14,39.89,48.02", help="best baseline per corpus")
    args = ap.parse_args()

    from bench_quality import BUDGETS, CORPORA, load

    import tomtat.engine.api as api
    from tomtat.engine.api import summarize
    from tomtat.engine.learned import DEFAULT_SELECT, MODEL_FEATURES, LearnedModel
    from tomtat.engine.methods import heuristic
    from tomtat.engine.select import percentile_ranks
    from tomtat.eval.evaluate import macro_average
    from tomtat.eval.rouge import score
    from tomtat.train import build_table, fit

    t0 = time.time()
    _, corpora = load(args.data)  # featurized clusters per corpus
    budgets, names = BUDGETS, list(CORPORA)
    best = dict(zip(names, (float(b) for b in args.best.split(",")), strict=True))
    priors = {e.cluster.id: percentile_ranks(heuristic(e.cluster, e.features))
              for ex in corpora.values() for e in ex}  # fmt: skip
    weights = [float(w) for w in args.weights.split(",")]
    pins = [float(p) for p in args.pins.split(",")]
    print(f"featurized in {time.time() - t0:.0f} s", file=sys.stderr)

    print("| training | prior weight | PIN_MIN_RANK | " + " | ".join(names)
          + " | mean | worst gap |")  # fmt: skip
    print("|---|---|---|" + "---|" * (len(names) + 2))
    for mode in args.modes.split(","):
        learned: dict[str, np.ndarray] = {}
        for held in names:
            rest = [e for n in names if n != held for e in corpora[n]]
            booster = fit(build_table(eligible_examples(rest, mode)))
            model = LearnedModel(booster, {"features": list(MODEL_FEATURES)}, "<cv>")
            for e in corpora[held]:
                learned[e.cluster.id] = percentile_ranks(model.predict(e.features))
        print(f"{mode}: models fitted ({time.time() - t0:.0f} s)", file=sys.stderr)
        for pin in pins:
            api.PIN_MIN_RANK = pin
            for w in weights:
                f1 = []
                for held in names:
                    rows = []
                    for e in corpora[held]:
                        s = learned[e.cluster.id] + w * priors[e.cluster.id]
                        text = summarize(e.cluster, "default", budgets[held],
                                         features=e.features, scores=s,
                                         **DEFAULT_SELECT).source_text  # fmt: skip
                        rows.append(score(text, list(e.cluster.references), "syllable"))
                    f1.append(100 * macro_average(rows)["rouge2"].fmeasure)
                gap = min(v - best[c] for v, c in zip(f1, names, strict=True))
                cells = [f"{v:.2f}" for v in f1] + [f"{np.mean(f1):.2f}", f"{gap:+.2f}"]
                print(f"| {mode} | {w:g} | {pin:g} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
