"""Number of trees vs learning rate of the ranker: 5-fold CV on AbMuSu TRAIN of `default`.

    nice python benchmarks/learned_trees.py [--data ../shared/data/abmusu-train.jsonl]

For each (trees, learning rate) pair: fold f = cluster position mod 5; the ranker is fitted on
the other folds with tomtat.train's parameters (only the two numbers changed), the
`default` blend (percentile ranks of the ranker + 2 x those of the heuristic, `default`'s
selection options) summarizes each held-out cluster at 200 syllables, and ROUGE-2 F1 x100
(syllables) is averaged over the 200 clusters. Also prints the ranker's prediction time per
cluster (model inputs + LightGBM, one thread). Validation is not read.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from tomtat.engine import summarize
from tomtat.engine.learned import MODEL_FEATURES, PRIOR_WEIGHT, LearnedModel
from tomtat.engine.methods import heuristic
from tomtat.engine.select import percentile_ranks
from tomtat.eval.datasets import load_clusters
from tomtat.eval.rouge import score
from tomtat.train import PARAMS, build_table, featurize, fit

VARIANTS = ((300, 0.03), (150, 0.06), (100, 0.09), (75, 0.12))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data/abmusu-train.jsonl")
    args = ap.parse_args()
    examples = featurize(load_clusters(args.data))
    print("| trees | learning rate | `default` CV ROUGE-2 | ranker ms/cluster |")
    print("|---|---|---|---|")
    for trees, rate in VARIANTS:
        params = dict(PARAMS, n_estimators=trees, learning_rate=rate)
        r2, predict_s = [], 0.0
        for f in range(5):
            train = [e for i, e in enumerate(examples) if i % 5 != f]
            model = LearnedModel(
                fit(build_table(train), 0, params), {"features": list(MODEL_FEATURES)}, "<cv>"
            )
            for e in (e for i, e in enumerate(examples) if i % 5 == f):
                t = time.perf_counter()
                p = model.predict(e.features)
                predict_s += time.perf_counter() - t
                blend = percentile_ranks(p) + PRIOR_WEIGHT * percentile_ranks(
                    heuristic(e.cluster, e.features)
                )
                s = summarize(e.cluster, "default", 200, features=e.features, scores=blend)
                r2.append(score(s.text, list(e.cluster.references), "syllable")["rouge2"].fmeasure)
        print(
            f"| {trees} | {rate} | {100 * np.mean(r2):.2f} | {1000 * predict_s / len(examples):.3f} |"
        )


if __name__ == "__main__":
    main()
