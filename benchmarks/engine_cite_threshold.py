"""Evidence for the citation threshold (tomtat.engine.features.CITE_THRESHOLD).

The citation rule itself is now paraphrase-aware (tomtat.engine.paraphrase, measured with
benchmarks/cite_fit.py on hand-labelled pairs); this script shows the distribution of the
cosine it starts from, and 0.35 remains the plain rule (``cite(..., threshold=0.35)``) and the
threshold of the ``support`` feature.

For every sentence of every multi-document cluster: the largest TF-IDF cosine to a sentence of
ANOTHER document of the cluster (the engine's own similarity). Prints the histogram and, with
--sample K, K random pairs per band for hand-checking "do these two say the same thing?".

    python benchmarks/engine_cite_threshold.py ../shared/data/abmusu-validation.jsonl --sample 6
"""

from __future__ import annotations

import argparse

import numpy as np

from tomtat.engine.features import compute_features
from tomtat.eval.datasets import load_clusters

BANDS = (
    (0.15, 0.22),
    (0.22, 0.28),
    (0.28, 0.34),
    (0.30, 0.35),
    (0.34, 0.42),
    (0.35, 0.40),
    (0.42, 0.55),
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--sample", type=int, default=0, help="pairs to print per band")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    values: list[float] = []
    pairs = []
    for cluster in load_clusters(args.data):
        if len(cluster.documents) < 2:
            continue
        f = compute_features(cluster)
        sim = np.asarray(
            f.similarity if isinstance(f.similarity, np.ndarray) else f.similarity.toarray()
        )
        other = np.where(f.doc_of[:, None] != f.doc_of[None, :], sim, 0.0)
        best = other.argmax(axis=1)
        for i, j in enumerate(best):
            values.append(float(other[i, j]))
            pairs.append((cluster.sentences[i].text, cluster.sentences[j].text, float(other[i, j])))
    v = np.array(values)
    print(f"sentences: {len(v)}")
    print("quantile  " + "  ".join(f"{q:>5}" for q in (0.1, 0.25, 0.5, 0.75, 0.9, 0.95)))
    print(
        "max cos   "
        + "  ".join(f"{x:5.3f}" for x in np.quantile(v, [0.1, 0.25, 0.5, 0.75, 0.9, 0.95]))
    )
    hist, edges = np.histogram(v, bins=np.arange(0, 1.05, 0.05))
    print("\nband        count")
    for h, e in zip(hist, edges, strict=False):
        print(f"{e:4.2f}-{e + 0.05:4.2f}  {h:6d}")
    if args.sample:
        rng = np.random.default_rng(args.seed)
        for lo, hi in BANDS:
            idx = [k for k, p in enumerate(pairs) if lo <= p[2] < hi]
            for k in rng.choice(idx, min(args.sample, len(idx)), replace=False):
                a, b, s = pairs[k]
                print(f"\n[{lo:.2f}, {hi:.2f}) cos {s:.3f}\n  A: {a[:200]}\n  B: {b[:200]}")


if __name__ == "__main__":
    main()
