"""What do citations cost? ``default`` summarization with and without them, side by side.

    nice python benchmarks/cite_cost.py /work/shared/data/abmusu-validation.jsonl --rounds 5

Three variants of ``tomtat.engine.summarize(cluster, "default", 200)``, each timed on every
cluster in every round, in turn, so machine load hits them alike:

* ``no citations``: features, scores, selection and order, then each sentence cited by its
  own article only (what summarization costs without the citation step);
* ``loose``: the citation step before issue 14 (one candidate per article, the paraphrase
  rule, conflicts among cited articles only);
* ``strict`` (shipped): copies and events of the cluster, the strict rule over three
  candidates per article, evidence, conflicts read from every article.

Per-sentence caches of the citation rules are cleared before every call, so each cluster pays
its own analysis. The clock is the process's CPU time (``--clock cpu``, the default: on a
shared machine, time spent waiting for a core is not counted) or the wall clock
(``--clock wall``). Prints ms per cluster (best round / median round) and the strict variant's
extra cost relative to ``no citations``, plus the support and conflict counts.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np

from tomtat.engine import api, paraphrase, summarize, support
from tomtat.engine.cite import cite
from tomtat.engine.episodes import Shape
from tomtat.eval.datasets import load_clusters
from tomtat.model import Source, SummarySentence


def clear_caches() -> None:
    for fn in (
        paraphrase.sentence_info,
        paraphrase.specifics,
        paraphrase.figures,
        paraphrase._names,
        support.dates,
    ):
        fn.cache_clear()


def own_only(cluster, features, positions, scores=None, **_):
    """Citation by the sentence's own article only: no citation work."""
    sents = cluster.sentences
    return [
        SummarySentence(
            sents[p].text,
            sents[p].doc_id,
            p,
            (Source(sents[p].doc_id, cluster.documents[sents[p].doc_index].source, p, 1.0),),
        )
        for p in positions
    ]


def one_shape(cluster, features):
    n = len(cluster.documents)
    return Shape(tuple(range(n)), (0,) * n, ())


def loose(cluster, features, positions, scores=None, **_):
    return cite(cluster, features, positions, scores, strict=False)


VARIANTS = {
    "no citations": (own_only, one_shape),
    "loose": (loose, one_shape),
    "strict": (cite, api.analyse),
}


def run(cluster, max_words: int, variant: str):
    api.cite, api.analyse = VARIANTS[variant]
    try:
        return summarize(cluster, "default", max_words)
    finally:
        api.cite, api.analyse = cite, VARIANTS["strict"][1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--max-words", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = ap.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    clusters = list(load_clusters(args.data))
    summarize(clusters[0], "default", args.max_words)  # load the model, build the tables
    paraphrase.sentence_info("", "")
    per_round = {v: [] for v in VARIANTS}
    minima = {v: np.full(len(clusters), np.inf) for v in VARIANTS}  # per cluster
    for _ in range(args.rounds):
        spent = dict.fromkeys(VARIANTS, 0.0)
        for i, cluster in enumerate(clusters):
            for v in VARIANTS:
                clear_caches()
                t = clock()
                run(cluster, args.max_words, v)
                dt = clock() - t
                spent[v] += dt
                minima[v][i] = min(minima[v][i], dt)
        for v in VARIANTS:
            per_round[v].append(spent[v] / len(clusters) * 1e3)
    print(
        f"{len(clusters)} clusters, {args.rounds} rounds, {args.clock} clock; ms per cluster: "
        "best round / median round / per-cluster minimum averaged (the figure least moved by load)"
    )
    base = minima["no citations"].mean()
    for v in VARIANTS:
        best, med, low = min(per_round[v]), float(np.median(per_round[v])), minima[v].mean()
        extra = (low / base - 1) * 100
        print(
            f"  {v:<13} {best:7.2f} / {med:7.2f} / {low * 1e3:7.2f}   "
            f"{extra:+5.1f}% vs no citations"
        )
    support_n: Counter[int] = Counter()
    conflicts = events = copies = 0
    for cluster in clusters:
        s = run(cluster, args.max_words, "strict")
        support_n.update(x.support for x in s.sentences)
        conflicts += sum(len(x.conflicts) for x in s.sentences)
        events += len(s.events) > 1
        copies += len(s.duplicates)
    n = sum(support_n.values())
    multi = sum(v for k, v in support_n.items() if k >= 2)
    print(
        f"strict: {n} sentences, {multi / n:.1%} backed by 2+ articles, {conflicts} conflicts, "
        f"{events} clusters split into events, {copies} copies"
    )


if __name__ == "__main__":
    main()
