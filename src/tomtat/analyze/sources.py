"""Source comparison: what each outlet contributes, shares and leaves out.

A *point* is a group of sentences that say the same thing: a sentence and every sentence of
another article whose cosine with it reaches the engine's citation threshold (the same TF-IDF
similarity and threshold the summary's citations use, ``tomtat.engine.features``). Points are
formed greedily from the most widely supported, most central sentences down, so each sentence
belongs to one point. A point carried by at least half of the articles (and two or more) is
*consensus*; one carried by a single article is *unique* to it; the rest are *partial*.

Per article: the share of the summary it backs (summary sentences that cite it), its unique
points ranked by importance (LexRank centrality, then length), and the consensus points it
omits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import Cluster, Summary

MIN_POINT_SYLLABLES = 6  # shorter sentences (headings, "Thăng trầm") are not points
# Two sentences make one point at this cosine of TF-IDF (syllable uni+bigrams) over the
# sentences with alias variants replaced by canonical names. Measured on the example
# cluster's hand-listed shared facts (examples/README.md): paraphrases of one fact score
# 0.22-0.49, unrelated sentence pairs of the same event up to ~0.21 (docs/analysis.md).
POINT_THRESHOLD = 0.22


def compare_sources(
    cluster: Cluster,
    summary: Summary | None = None,
    features: Any = None,
    threshold: float | None = None,
    top: int = 5,
    groups: Sequence[Any] = (),
) -> dict[str, Any]:
    """The source-comparison section (JSON-ready). See the module docstring.

    With alias ``groups``, sentences are compared with canonical names (threshold
    :data:`POINT_THRESHOLD`); without, on the engine's similarity and citation threshold.
    """
    from ..engine.features import CITE_THRESHOLD, compute_features, tfidf_matrix

    feats = features if features is not None else compute_features(cluster)
    sents = cluster.sentences
    n = len(sents)
    if groups and n:
        from .aliases import canonical_sentences

        canon = canonical_sentences(cluster, groups)
        x, _, _ = tfidf_matrix([canon.get(i, sents[i].text).lower() for i in range(n)])
        sim = np.clip((x @ x.T).toarray(), 0.0, 1.0)
        thr = POINT_THRESHOLD if threshold is None else threshold
    else:
        sim = feats.sim_rows(np.arange(n)) if n else np.zeros((0, 0))
        thr = CITE_THRESHOLD if threshold is None else threshold
    n_docs = len(cluster.documents)
    doc_of = np.fromiter((s.doc_index for s in sents), dtype=np.int64, count=n)
    try:
        importance = np.asarray(feats.column("lexrank"), dtype=float)
    except KeyError:
        importance = np.zeros(n)
    lengths = np.fromiter((s.n_syllables for s in sents), dtype=np.float64, count=n)
    eligible = lengths >= MIN_POINT_SYLLABLES
    # which documents back each sentence (its own + those with a similar sentence)
    backing = np.zeros((n, n_docs), dtype=bool)
    for d in range(n_docs):
        cols = doc_of == d
        if cols.any():
            backing[:, d] = sim[:, cols].max(axis=1) >= thr
    backing[np.arange(n), doc_of] = True
    support = backing.sum(axis=1)
    order = sorted(
        (i for i in range(n) if eligible[i]),
        key=lambda i: (-support[i], -importance[i], -lengths[i], i),
    )
    assigned = np.full(n, -1, dtype=np.int64)
    points: list[dict[str, Any]] = []
    for i in order:
        if assigned[i] >= 0:
            continue
        near = np.flatnonzero((sim[i] >= thr) & (assigned < 0) & eligible).tolist()
        members = sorted(set(near) | {int(i)})
        for j in members:
            assigned[j] = len(points)
        docs = sorted(set(np.flatnonzero(backing[i]).tolist()) | {int(doc_of[j]) for j in members})
        points.append({"rep": i, "members": members, "docs": docs})
    need = max(2, math.ceil(n_docs / 2))
    for p in points:
        k = len(p["docs"])
        p["kind"] = "consensus" if k >= need else "unique" if k == 1 else "partial"
    ids = {id(p): f"p{n_}" for n_, p in enumerate(points, 1)}

    def point_dict(p: dict[str, Any]) -> dict[str, Any]:
        s = sents[p["rep"]]
        return {
            "id": ids[id(p)],
            "text": s.text,
            "doc_id": s.doc_id,
            "position": s.position,
            "sources": [cluster.documents[d].id for d in p["docs"]],
            "support": len(p["docs"]),
            "kind": p["kind"],
        }

    # summary share
    cited: list[set[str]] = []
    if summary is not None:
        for ss in summary.sentences:
            cited.append({src.doc_id for src in ss.sources} or {ss.doc_id})
    documents = []
    consensus = [p for p in points if p["kind"] == "consensus"]
    for d, doc in enumerate(cluster.documents):
        own_points = [p for p in points if d in p["docs"]]
        unique = [p for p in own_points if p["kind"] == "unique"]
        unique.sort(key=lambda p: (-importance[p["rep"]], -lengths[p["rep"]], p["rep"]))
        omitted = [p for p in consensus if d not in p["docs"]]
        n_cited = sum(1 for c in cited if doc.id in c)
        documents.append(
            {
                "doc_id": doc.id,
                "source": doc.source,
                "title": doc.title,
                "date": doc.date,
                "sentences": int((doc_of == d).sum()),
                "summary_sentences": n_cited,
                "summary_share": round(n_cited / len(cited), 3) if cited else 0.0,
                "points": len(own_points),
                "unique_count": len(unique),
                "unique_points": [point_dict(p) for p in unique[:top]],
                "omitted_consensus": [point_dict(p) for p in omitted[:top]],
            }
        )
    total = len(points) or 1
    counts = {
        k: sum(1 for p in points if p["kind"] == k) for k in ("consensus", "partial", "unique")
    }
    return {
        "threshold": thr,
        "consensus_min_sources": need,
        "documents": documents,
        "consensus": [point_dict(p) for p in consensus],
        "counts": counts,
        "split": {k: round(v / total, 3) for k, v in counts.items()},
    }
