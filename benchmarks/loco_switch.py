"""Can a cluster-level switch tell when `lead`'s order helps? (issue 13's VMDS margin, sixth
session; tried, not kept: see docs/results.md "A per-cluster switch").

    nice python benchmarks/loco_switch.py        # about 40 s

For every cluster of the three corpora, with the leave-one-corpus-out models of
bench_quality.py: syllable ROUGE-2 F1 of ``default`` (k = 0), of ``default`` with k x the
percentile rank of `lead`'s round-robin order added to its blend (loco_margin.py's
``leadrank``) and of `lead` itself. Prints (1) each variant's mean and the per-cluster oracle
(the better of two variants, chosen with the references: an upper bound, not a method),
(2) per corpus, the correlation of cluster-level inputs with the gain of each variant over
k = 0, (3) a switch trained leave-one-corpus-out (logistic regression on "variant better",
ridge on the gain) that picks per held-out cluster.
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

KS: tuple[float | str, ...] = (0, 1, 2, 4, "lead")


def cluster_inputs(e, blend: np.ndarray, info: tuple) -> dict[str, float]:
    """Reference-free inputs of one cluster: size, how the articles' first eligible sentences
    agree with each other and rank in ``default``'s blend, their length and support."""
    from tomtat.engine.select import percentile_ranks

    f = e.features
    el, doc_of, er, _h, _he, nd, _pos = info
    firsts = np.flatnonzero((er == 0) & el)
    nf = len(firsts)
    sim = f.sim_rows(firsts)[:, firsts] if nf else np.zeros((0, 0))
    sup = f.column("support_frac")
    lex = f.column("lexrank")
    sizes = np.bincount(doc_of)
    n = len(doc_of)
    m = min(n, 300)
    return {
        "articles": nd,
        "log sentences": float(np.log(n)),
        "sentences/article": n / nd,
        "lead agreement": float((sim.sum() - nf) / (nf * (nf - 1))) if nf > 1 else 0.0,
        "lead blend pct": float(percentile_ranks(blend)[firsts].mean()) if nf else 0.0,
        "lead length": float(f.lengths[firsts].mean()) if nf else 0.0,
        "lead support": float(sup[firsts].mean()) if nf else 0.0,
        "mean support": float(sup[el].mean()) if el.any() else 0.0,
        "lead lexrank / mean": float(lex[firsts].mean() / max(lex[el].mean(), 1e-9)) if nf else 0.0,
        "lead title sim": float(f.column("title_sim")[firsts].mean()) if nf else 0.0,
        "eligible share": float(el.mean()),
        "article size cv": float(sizes.std() / sizes.mean()),
        "mean cosine": float(np.mean(f.sim_rows(np.arange(m))[:, :m])),
    }


def main() -> None:
    from bench_quality import BUDGETS, CORPORA, load
    from loco_margin import cluster_info
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from tomtat.engine.api import summarize
    from tomtat.engine.learned import DEFAULT_SELECT, PRIOR_WEIGHT
    from tomtat.engine.select import percentile_ranks
    from tomtat.eval.rouge import score
    from tomtat.train import build_table, fit

    _, corpora = load("/work/shared/data")
    names = list(CORPORA)
    f1: dict[float | str, list[float]] = {k: [] for k in KS}
    corpus, inputs = [], []
    for held in names:
        booster = fit(build_table([e for n in names if n != held for e in corpora[n]]))
        for e in corpora[held]:
            info = cluster_info(e)
            _el, doc_of, er, h = info[:4]
            blend = percentile_ranks(booster.predict(e.x)) + PRIOR_WEIGHT * percentile_ranks(h)
            lead_order = percentile_ranks(-(er * 1000.0 + doc_of))
            refs = list(e.cluster.references)
            for k in KS:
                if k == "lead":
                    out = summarize(e.cluster, "lead", BUDGETS[held], features=e.features)
                else:
                    out = summarize(e.cluster, "default", BUDGETS[held], features=e.features,
                                    scores=blend + k * lead_order, **DEFAULT_SELECT)  # fmt: skip
                f1[k].append(100 * score(out.source_text, refs, "syllable")["rouge2"].fmeasure)
            corpus.append(held)
            inputs.append(cluster_inputs(e, blend, info))
    c = np.array(corpus)
    keys = list(inputs[0])
    x = np.array([[row[k] for k in keys] for row in inputs])
    y = {k: np.array(v) for k, v in f1.items()}

    print("| variant | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    for k in KS:
        print(f"| k = {k} | " + " | ".join(f"{y[k][c == n].mean():.2f}" for n in names) + " |")
        if k != 0:
            best = np.maximum(y[0], y[k])
            print(f"| oracle of k = 0 and {k} | "
                  + " | ".join(f"{best[c == n].mean():.2f}" for n in names) + " |")  # fmt: skip
    print(
        "\nCorrelation of each input with the gain over k = 0, per corpus ("
        + ", ".join(names)
        + ")"
    )
    for k in KS[1:]:
        gain = y[k] - y[0]
        print(f"k = {k}:")
        for j, name in enumerate(keys):
            r = [np.corrcoef(x[c == n, j], gain[c == n])[0, 1] for n in names]
            print(f"  {name:22s} " + " ".join(f"{v:+.2f}" for v in r))
    print("\n| switch (trained on the other two corpora) | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for k in KS[1:]:
        gain = y[k] - y[0]
        for kind in ("logistic", "ridge"):
            cells = []
            for held in names:
                tr, te = c != held, c == held
                if kind == "logistic":
                    m = make_pipeline(StandardScaler(), LogisticRegression(C=0.3))
                    pick = m.fit(x[tr], gain[tr] > 0).predict_proba(x[te])[:, 1] > 0.5
                else:
                    m = make_pipeline(StandardScaler(), Ridge(alpha=10))
                    pick = m.fit(x[tr], gain[tr]).predict(x[te]) > 0
                got = np.where(pick, y[k][te], y[0][te]).mean()
                cells.append(f"{got:.2f} ({pick.mean():.0%} switched)")
            print(f"| k = {k}, {kind} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
