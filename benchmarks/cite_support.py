"""What the citation rule changes on real summaries, and what it costs.

    nice python benchmarks/cite_support.py /work/shared/data/abmusu-validation.jsonl

For every cluster: the ``default`` summary at 200 syllables (the summary text does not depend
on the citation rule), then ``cite`` on its sentences with the old plain-cosine rule
(``threshold=CITE_THRESHOLD``) and with the paraphrase-aware rule (the default). Prints the
support distribution under both rules, the number of number conflicts reported, and the
time ``cite`` takes per cluster under both rules, measured side by side in rounds (each
round times every cluster with both rules, per-sentence caches cleared before each call of
the new rule so that every cluster pays its own analysis); best and median over rounds.

``--against REV`` also times ``cite`` as it was in git revision REV (e.g. the commit before
the paraphrase rule), loaded from ``git show REV:src/tomtat/engine/cite.py``, in the same
rounds; per cluster the minimum over rounds is kept, then averaged over clusters.

    nice python benchmarks/cite_support.py /work/shared/data/abmusu-validation.jsonl \
        --rounds 15 --against 8161a09~1
"""

from __future__ import annotations

import argparse
import subprocess
import time
import types
from collections import Counter
from pathlib import Path

import numpy as np

from tomtat.engine import paraphrase, summarize
from tomtat.engine.cite import cite
from tomtat.engine.features import CITE_THRESHOLD, compute_features
from tomtat.eval.datasets import load_clusters


def clear_caches() -> None:
    for fn in (paraphrase.sentence_info, paraphrase.specifics, paraphrase.figures):
        fn.cache_clear()


def cite_at(rev: str):
    """``cite`` as it was in git revision ``rev`` (relative imports made absolute)."""
    root = Path(__file__).resolve().parents[1]
    src = subprocess.run(
        ["git", "show", f"{rev}:src/tomtat/engine/cite.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    src = src.replace("from ..", "from tomtat.").replace("from .", "from tomtat.engine.")
    module = types.ModuleType(f"cite_at_{rev}")
    exec(compile(src, f"{rev}:cite.py", "exec"), module.__dict__)  # our own file, from git
    return module.cite


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--max-words", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--against", metavar="REV", help="also time cite as of this git revision")
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
    rules = {"old rule": lambda c, f, p: cite(c, f, p, threshold=CITE_THRESHOLD)}
    rules["new rule"] = cite
    if args.against:
        rules[args.against] = cite_at(args.against)
    totals = {name: [] for name in rules}  # per round: mean ms per cluster
    minima = {name: np.full(len(prepared), np.inf) for name in rules}  # per cluster
    for _ in range(args.rounds):
        spent = dict.fromkeys(rules, 0.0)
        for i, (cluster, feats, positions) in enumerate(prepared):
            for name, fn in rules.items():
                clear_caches()
                t = time.perf_counter()
                fn(cluster, feats, positions)
                dt = time.perf_counter() - t
                spent[name] += dt
                minima[name][i] = min(minima[name][i], dt)
        for name in rules:
            totals[name].append(spent[name] / len(prepared) * 1e3)
    print("cite ms per cluster (per round: best / median; per cluster minimum, averaged):")
    for name in rules:
        print(
            f"  {name:<12} {min(totals[name]):.3f} / {np.median(totals[name]):.3f}; "
            f"{minima[name].mean() * 1e3:.3f}"
        )


if __name__ == "__main__":
    main()
