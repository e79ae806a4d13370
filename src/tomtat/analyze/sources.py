"""Source comparison: what each outlet contributes, shares and leaves out.

A *point* is a group of sentences that state the same claim, by the same strict rule as the
summary's citations (:func:`tomtat.engine.support.judge`: same event, agreeing figures, dates
and names, alias-aware; headings, headlines and bylines never count). For each sentence, every
other article's :data:`~tomtat.engine.cite.CANDIDATES` closest sentences (engine TF-IDF
cosine) are judged in turn; the first that states the claim is that article's evidence.
Points are formed greedily from the most widely supported, most central sentences down, so
each sentence belongs to one point. Copies of one article (:mod:`tomtat.engine.episodes`)
count once. A point carried by at least half of the distinct articles (and two or more) is
*consensus*; one carried by a single article is *unique* to it; the rest are *partial*.
Every point carries its evidence: the sentence of each source that states it.

The summary's figure conflicts are listed too (``conflicts``), each with both sentences as
evidence. Per article: the share of the summary it backs (summary sentences that cite it), its unique
points ranked by importance (LexRank centrality, then length), and the consensus points it
omits.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..model import Cluster, Sentence, Summary

MIN_POINT_SYLLABLES = 6  # shorter sentences (headings, "Thăng trầm") are not points


def compare_sources(
    cluster: Cluster,
    summary: Summary | None = None,
    features: Any = None,
    threshold: float | None = None,
    top: int = 5,
    shape: Any = None,
) -> dict[str, Any]:
    """The source-comparison section (JSON-ready). See the module docstring.

    ``threshold`` (a cosine) replaces the strict rule by "best cosine >= threshold" (for
    comparisons with the earlier behaviour). Names are canonicalised by the strict rule
    itself (no alias groups needed). ``shape``: the cluster's
    :func:`~tomtat.engine.episodes.analyse`, when the caller has it already.
    """
    from ..engine import support
    from ..engine.episodes import analyse
    from ..engine.features import compute_features
    from ..text.normalize import match_key

    feats = features if features is not None else compute_features(cluster)
    sents = cluster.sentences
    n = len(sents)
    docs_ = cluster.documents
    shape = shape if shape is not None else analyse(cluster, feats)
    doc_of = np.fromiter((s.doc_index for s in sents), dtype=np.int64, count=n)
    try:
        importance = np.asarray(feats.column("lexrank"), dtype=float)
    except KeyError:
        importance = np.zeros(n)
    lengths = np.fromiter((s.n_syllables for s in sents), dtype=np.float64, count=n)
    titles = {match_key(d.title) for d in docs_ if d.title}
    eligible = np.array(
        [
            lengths[i] >= MIN_POINT_SYLLABLES
            and not support.is_heading(sents[i].text)
            and sents[i].key not in titles
            for i in range(n)
        ],
        dtype=bool,
    )
    evidence = _claims(cluster, feats, shape, eligible, threshold)
    support_n = np.array([len(evidence[i]) for i in range(n)])
    order = sorted(
        (i for i in range(n) if eligible[i]),
        key=lambda i: (-support_n[i], -importance[i], -lengths[i], i),
    )
    assigned = np.full(n, -1, dtype=np.int64)
    points: list[dict[str, Any]] = []
    for i in order:
        if assigned[i] >= 0:
            continue
        members = sorted({i} | {q for q, _ in evidence[i].values() if assigned[q] < 0})
        for j in members:
            assigned[j] = len(points)
        docs = sorted(evidence[i])
        points.append({"rep": i, "members": members, "docs": docs, "evidence": evidence[i]})
    n_groups = len(set(shape.group))
    need = max(2, math.ceil(n_groups / 2))
    for p in points:
        k = len(p["docs"])
        p["kind"] = "consensus" if k >= need else "unique" if k == 1 else "partial"
    ids = {id(p): f"p{n_}" for n_, p in enumerate(points, 1)}

    def point_dict(p: dict[str, Any]) -> dict[str, Any]:
        s = sents[p["rep"]]
        out = {
            "id": ids[id(p)],
            "text": s.text,
            "doc_id": s.doc_id,
            "position": s.position,
            "sources": [docs_[d].id for d in p["docs"]],
            "support": len(p["docs"]),
            "kind": p["kind"],
            "evidence": [
                _quote(sents[q], score) for d in p["docs"] for q, score in [p["evidence"][d]]
            ],
        }
        if shape.n_events > 1:
            out["event"] = f"e{shape.event[s.doc_index] + 1}"
        return out

    # summary share
    cited: list[set[str]] = []
    if summary is not None:
        for ss in summary.sentences:
            cited.append({src.doc_id for src in ss.sources} or {ss.doc_id})
    documents = []
    consensus = [p for p in points if p["kind"] == "consensus"]
    for d, doc in enumerate(docs_):
        own_points = [p for p in points if d in p["docs"]]
        unique = [p for p in own_points if p["kind"] == "unique"]
        unique.sort(key=lambda p: (-importance[p["rep"]], -lengths[p["rep"]], p["rep"]))
        # a consensus point of another event is not "omitted" by this article
        omitted = [
            p
            for p in consensus
            if d not in p["docs"]
            and shape.group[d] not in {shape.group[x] for x in p["docs"]}
            and shape.event[doc_of[p["rep"]]] == shape.event[d]
        ]
        n_cited = sum(1 for c in cited if doc.id in c)
        item = {
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
        if shape.group[d] != d:
            item["same_as"] = docs_[shape.group[d]].id
        if shape.n_events > 1:
            item["event"] = f"e{shape.event[d] + 1}"
        documents.append(item)
    total = len(points) or 1
    counts = {
        k: sum(1 for p in points if p["kind"] == k) for k in ("consensus", "partial", "unique")
    }
    return {
        "rule": "strict" if threshold is None else "cosine",
        "threshold": threshold,
        "consensus_min_sources": need,
        "documents": documents,
        "consensus": [point_dict(p) for p in consensus],
        "counts": counts,
        "split": {k: round(v / total, 3) for k, v in counts.items()},
        "conflicts": _conflicts(cluster, summary),
    }


def _conflicts(cluster: Cluster, summary: Summary | None) -> list[dict[str, Any]]:
    """The summary's figure conflicts, each with both sentences as evidence (the summary
    sentence's and the other article's), and which report is newer when the dates tell."""
    if summary is None:
        return []
    sents = cluster.sentences
    out = []
    for ss in summary.sentences:
        for c in ss.conflicts:
            pair = [
                _quote(sents[pos], score)
                for pos, score in ((ss.position, 1.0), (c.sentence, None))
                if 0 <= pos < len(sents)
            ]
            out.append(
                {
                    "text": ss.text,
                    "doc_id": ss.doc_id,
                    "other_doc_id": c.doc_id,
                    "figure": c.own_figure,
                    "other_figure": c.figure,
                    "newer": c.newer,
                    "evidence": pair,
                }
            )
    return out


def _quote(s: Sentence, score: float | None) -> dict[str, Any]:
    """A sentence as evidence: its document, place, offsets, text and match score."""
    return {
        "doc_id": s.doc_id,
        "sentence": s.position,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "score": score,
    }


def _claims(
    cluster: Cluster, feats: Any, shape: Any, eligible: np.ndarray, threshold: float | None
) -> list[dict[int, tuple[int, float]]]:
    """Per sentence: {document: (position, score)} of each article's sentence stating its
    claim (its own article included), by the strict rule (or the cosine ``threshold``)."""
    from ..engine import support
    from ..engine.cite import CANDIDATES

    sents = cluster.sentences
    n = len(sents)
    n_docs = len(cluster.documents)
    doc_of = np.fromiter((s.doc_index for s in sents), dtype=np.int64, count=n)
    # evidence[i][d] = (position, score) of document d's sentence stating sentence i's claim
    evidence: list[dict[int, tuple[int, float]]] = [{} for _ in range(n)]
    doc_rows = [np.flatnonzero((doc_of == d) & eligible) for d in range(n_docs)]
    idx = np.flatnonzero(eligible)
    sim = feats.sim_rows(idx) if len(idx) else np.zeros((0, n))
    for r, i in enumerate(idx.tolist()):
        a = sents[i]
        own = a.doc_index
        evidence[i][own] = (i, 1.0)
        seen = {shape.group[own]}
        for d in range(n_docs):
            cols = doc_rows[d]
            if d == own or not len(cols) or shape.group[d] in seen:
                continue
            block = sim[r, cols]
            for t in np.argsort(-block, kind="stable")[:CANDIDATES]:
                q, cos = int(cols[t]), float(block[t])
                if threshold is not None:
                    if cos >= threshold:
                        evidence[i][d] = (q, round(cos, 4))
                    break
                b = sents[q]
                v = support.judge(a.text, a.key, b.text, b.key, cos)
                if not v.backs:
                    continue
                if shape.event[d] != shape.event[own] and not (
                    support.dated(a.text) and support.dated(b.text)
                ):
                    continue
                evidence[i][d] = (q, v.score)
                seen.add(shape.group[d])
                break
    return evidence
