"""What the citation rule changes on real summaries, and what it costs.

    nice python benchmarks/cite_support.py /work/shared/data/abmusu-validation.jsonl

For every cluster: the ``default`` summary at 200 syllables (the summary text does not depend
on the citation rule), then ``cite`` on its sentences with the old plain-cosine rule
(``threshold=CITE_THRESHOLD``) and with the paraphrase-aware rule (the default). Prints the
support distribution under both rules, the number of number conflicts reported, and the
time ``cite`` takes per cluster under both rules, measured side by side in rounds (each
round times every cluster with both rules, per-sentence caches cleared before each call of
the new rule so that every cluster pays its own analysis); best and median over rounds.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np

from tomtat.engine import paraphrase, summarize
from tomtat.engine.cite import cite
from tomtat.engine.features import CITE_THRESHOLD, compute_features
from tomtat.eval.datasets import load_clusters


def clear_caches() -> None:
    for fn in (paraphrase.sentence_info, paraphrase.specifics, paraphrase.figures):
        fn.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--max-words", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    prepared = []
    for cluster in load_clusters(args.data):
        feats = compute_features(cluster)
        summary = summarize(cluster, "default", args.max_words, features=feats)
        prepared.append((cluster, feats, [s.position for s in summary.sentences]))
    old_support: Counter[int] = Counter()
    new_support: Counter[int] = Counter()
    conflicts = gained = lost = 0
    for cluster, feats, positions in prepared:
        old = cite(cluster, feats, positions, threshold=CITE_THRESHOLD)
        new = cite(cluster, feats, positions)
        for a, b in zip(old, new, strict=True):
            old_support[a.support] += 1
            new_support[b.support] += 1
            da = {s.doc_id for s in a.sources}
            db = {s.doc_id for s in b.sources}
            gained += len(db - da)
            lost += len(da - db)
            conflicts += len(b.conflicts)
    n = sum(old_support.values())
    print(f"{len(prepared)} clusters, {n} summary sentences")
    print("support   " + "  ".join(f"{k:>5}" for k in range(1, 7)))
    for name, dist in (("old rule", old_support), ("new rule", new_support)):
        print(f"{name:<9} " + "  ".join(f"{dist.get(k, 0):5d}" for k in range(1, 7)))
    for name, dist in (("old rule", old_support), ("new rule", new_support)):
        multi = sum(v for k, v in dist.items() if k >= 2)
        mean = sum(k * v for k, v in dist.items()) / n
        print(
            f"{name}: {multi / n:.1%} of sentences backed by 2+ articles, mean support {mean:.2f}"
        )
    print(f"backing documents gained {gained}, lost {lost}; number conflicts reported {conflicts}")

    paraphrase.sentence_info("", "")  # build the alias table and stop words before timing
    old_ms, new_ms = [], []
    for _ in range(args.rounds):
        t_old = t_new = 0.0
        for cluster, feats, positions in prepared:
            t = time.perf_counter()
            cite(cluster, feats, positions, threshold=CITE_THRESHOLD)
            t_old += time.perf_counter() - t
            clear_caches()
            t = time.perf_counter()
            cite(cluster, feats, positions)
            t_new += time.perf_counter() - t
        old_ms.append(t_old / len(prepared) * 1e3)
        new_ms.append(t_new / len(prepared) * 1e3)
    diff = np.array(new_ms) - np.array(old_ms)
    print(
        f"cite ms per cluster: old rule best {min(old_ms):.3f} median {np.median(old_ms):.3f}; "
        f"new rule best {min(new_ms):.3f} median {np.median(new_ms):.3f}; "
        f"difference best {min(new_ms) - min(old_ms):.3f} median {np.median(diff):.3f}"
    )


if __name__ == "__main__":
    main()
