"""Blend of `default` re-checked: heuristic weight x MMR lambda, 5-fold CV on AbMuSu TRAIN.

    nice python benchmarks/learned_blend.py [--data ../shared/data/abmusu-train.jsonl]

Fold f = cluster position mod 5; the ranker (tomtat.train's parameters) is fitted on the
other folds; each held-out cluster is summarized at 200 syllables with the scores
percentile_ranks(ranker) + w x percentile_ranks(heuristic) and MMR lambda `lam` (the other
selection options are `default`'s); ROUGE-2 F1 x100 (syllables) averaged over the 200
clusters. Validation is not read.
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np

from tomtat.engine import summarize
from tomtat.engine.learned import MODEL_FEATURES, LearnedModel
from tomtat.engine.methods import heuristic
from tomtat.engine.select import percentile_ranks
from tomtat.eval.datasets import load_clusters
from tomtat.eval.rouge import score
from tomtat.train import build_table, featurize, fit

WEIGHTS = (1.0, 1.5, 2.0, 2.5, 3.0)
LAMBDAS = (0.5, 0.6, 0.7)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data/abmusu-train.jsonl")
    args = ap.parse_args()
    examples = featurize(load_clusters(args.data))
    ranks = {}
    for f in range(5):
        train = [e for i, e in enumerate(examples) if i % 5 != f]
        model = LearnedModel(fit(build_table(train)), {"features": list(MODEL_FEATURES)}, "<cv>")
        for i, e in enumerate(examples):
            if i % 5 == f:
                ranks[i] = (
                    percentile_ranks(model.predict(e.features)),
                    percentile_ranks(heuristic(e.cluster, e.features)),
                )
    print("| heuristic weight | lambda | `default` CV ROUGE-2 |")
    print("|---|---|---|")
    for w, lam in itertools.product(WEIGHTS, LAMBDAS):
        r2 = []
        for i, e in enumerate(examples):
            learned, prior = ranks[i]
            s = summarize(
                e.cluster, "default", 200, features=e.features, scores=learned + w * prior, lam=lam
            )
            r2.append(score(s.text, list(e.cluster.references), "syllable")["rouge2"].fmeasure)
        print(f"| {w} | {lam} | {100 * np.mean(r2):.2f} |")


if __name__ == "__main__":
    main()
