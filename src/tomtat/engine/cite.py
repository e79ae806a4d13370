"""Citations and consensus: which documents say what each chosen sentence says (with the
sentence that says it), and where the cluster disagrees on the figures.

The default rule is the strict one of :mod:`tomtat.engine.support`: for a chosen sentence and
each other article, the article's :data:`CANDIDATES` sentences closest by cosine are judged in
turn and the first that states the same claim (same event, agreeing figures, dates and
names; never a heading) is the citation and its evidence. Copies of one article (the same
file twice, one wire story; :mod:`tomtat.engine.episodes`) count once. Conflicts are looked
for in every article of the cluster, cited or not.

The rest of this docstring describes the earlier, looser rule, still used with
``strict=False`` (and the plain cosine rule with ``threshold``):

For a chosen sentence, each other document's sentence with the largest cosine to it (the
shared TF-IDF similarity of :mod:`tomtat.engine.features`) is its candidate. A document backs
the sentence when its candidate passes the paraphrase-aware rule of
:mod:`tomtat.engine.paraphrase` (always at cosine >= 0.55; otherwise a small logistic model
over the cosine, the overlap of content words after alias canonicalisation, and whether the
two state different numbers); the candidate is then the citation. Reading each document's
second-best sentence too changed 5 of 291 backings on AbMuSu validation: not worth the time.
Passing a cosine ``threshold`` instead gives the plain rule "best cosine >= threshold" (the
rule before the paraphrase model; :data:`~tomtat.engine.features.CITE_THRESHOLD` = 0.35 was
its measured value). The support count is the number of distinct documents backing it (1 = only its own
article). Measured precision/recall of both rules: docs/engine.md, "Citations".

A backing sentence that gives a different figure for the same thing ("11 người" where the
summary says "9 người") is reported in ``SummarySentence.conflicts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..model import Cluster, Conflict, Evidence, Source, SummarySentence
from . import paraphrase, support
from .episodes import Shape, analyse
from .features import Features

# sentences of each other article judged per summary sentence (closest by cosine first); on
# AbMuSu validation + VMDS, 389 of 401 evidence sentences were the closest, 11 the second,
# 1 the third
CANDIDATES = 2
# cosine from which another article's sentence is read for figure conflicts
CONFLICT_COSINE = 0.2
# two running tallies ("tính đến ...") at this cosine count the same thing
TALLY_COSINE = 0.3


def cite(
    cluster: Cluster,
    features: Features,
    positions: Sequence[int],
    scores: np.ndarray | None = None,
    threshold: float | None = None,
    *,
    strict: bool = True,
    shape: Shape | None = None,
) -> list[SummarySentence]:
    """One :class:`SummarySentence` per position (same order), with sources, evidence,
    support and number conflicts.

    ``sources`` lists the sentence's own document first (similarity 1.0), then the other
    backing documents by decreasing similarity (ties: document order); ``evidence`` is
    parallel to it (the sentence each source states the claim in). ``threshold=None`` and
    ``strict=True`` (default) use the strict rule; ``strict=False`` the earlier paraphrase
    rule; a ``threshold`` number the plain rule "best cosine >= threshold" (``0.0``: every
    document backs every sentence). ``shape`` (copies and events) is computed when not given.
    """
    positions = [int(p) for p in positions]
    if not positions:
        return []
    if threshold is not None or not strict:
        return _cite_loose(cluster, features, positions, scores, threshold)
    sents = cluster.sentences
    docs = cluster.documents
    shape = shape if shape is not None else analyse(cluster, features)
    n_docs = len(docs)
    rows = features.sim_rows(positions)  # (k, n)
    doc_rows = [np.flatnonzero(features.doc_of == d) for d in range(n_docs)]
    titles = [" ".join(d.title.split()) for d in docs]
    event_ids = [f"e{e.index + 1}" for e in shape.events] if shape.n_events > 1 else []
    # per document, each summary sentence's CANDIDATES closest sentences (one sort per
    # document for all summary sentences): top[d] = (positions k x c, cosines k x c)
    top: dict[int, tuple[list[list[int]], list[list[float]]]] = {}
    for d in range(n_docs):
        cols = doc_rows[d]
        if len(cols) == 0:
            continue
        block = rows[:, cols]
        order = np.argsort(-block, axis=1, kind="stable")[:, :CANDIDATES]
        top[d] = (
            cols[order].tolist(),
            np.take_along_axis(block, order, axis=1).astype(float).tolist(),
        )
    out: list[SummarySentence] = []
    for k, p in enumerate(positions):
        s = sents[p]
        own = s.doc_index
        backing: list[tuple[float, int, int, float]] = []  # (cos, doc, position, score)
        seen_groups = {shape.group[own]}
        candidates = [
            (d, list(zip(qs[k], cs[k], strict=True))) for d, (qs, cs) in top.items() if d != own
        ]
        for d, cands in candidates:
            if shape.group[d] in seen_groups:
                continue
            for q, cos in cands:
                if cos < support.MIN_COSINE:
                    break  # the others are further still
                b = sents[q]
                if titles[d] and " ".join(b.text.split()) == titles[d]:
                    continue  # the headline: names the topic, never backs a claim
                verdict = support.judge(s.text, s.key, b.text, b.key, cos)
                if not verdict.backs:
                    continue
                if shape.event[d] != shape.event[own] and not (
                    support.dated(s.text) and support.dated(b.text)
                ):
                    continue  # another event's article: only with dates that agree
                backing.append((cos, d, q, verdict.score))
                seen_groups.add(shape.group[d])
                break
        backing.sort(key=lambda t: (-t[0], t[1]))
        evidence = [_evidence(cluster, p, 1.0)]
        evidence += [_evidence(cluster, q, score) for _, _, q, score in backing]
        out.append(
            _summary_sentence(
                cluster,
                p,
                [(d, q, cos) for cos, d, q, _ in backing],
                scores,
                conflicts=_cluster_conflicts(cluster, s.text, own, candidates, shape),
                evidence=tuple(evidence),
                event=event_ids[shape.sentence_event(cluster, p)] if event_ids else "",
            )
        )
    return out


def _summary_sentence(
    cluster: Cluster,
    p: int,
    backing: Sequence[tuple[int, int, float]],
    scores: np.ndarray | None,
    **fields: Any,
) -> SummarySentence:
    """The summary sentence at position ``p``: its own document first (similarity 1.0), then
    the ``backing`` documents as given, each ``(document, sentence position, cosine)``; both
    citation rules build theirs here."""
    s = cluster.sentences[p]
    docs = cluster.documents
    sources = [Source(doc_id=s.doc_id, source=docs[s.doc_index].source, sentence=p, similarity=1.0)]
    sources += [
        Source(doc_id=docs[d].id, source=docs[d].source, sentence=q, similarity=round(cos, 4))
        for d, q, cos in backing
    ]
    return SummarySentence(
        text=s.text,
        doc_id=s.doc_id,
        position=p,
        sources=tuple(sources),
        support=len({src.doc_id for src in sources}),
        score=float(scores[p]) if scores is not None else 0.0,
        **fields,
    )


def _evidence(cluster: Cluster, position: int, score: float) -> Evidence:
    s = cluster.sentences[position]
    return Evidence(s.doc_id, position, s.start, s.end, s.text, round(float(score), 4))


def _cluster_conflicts(
    cluster: Cluster,
    text: str,
    own: int,
    candidates: Sequence[tuple[int, list[tuple[int, float]]]],
    shape: Shape,
) -> tuple[Conflict, ...]:
    """Figures that any other article of the same event gives differently for the same
    thing, whether or not it is cited; one conflict per article (its closest sentence)."""
    if not paraphrase.has_digit(text) or not paraphrase.figures(text):
        return ()  # no quantity to disagree on (a date alone is no figure)
    docs = cluster.documents
    out: list[Conflict] = []
    for d, cands in candidates:
        if shape.group[d] == shape.group[own]:
            continue
        for q, cos in cands:
            if cos < CONFLICT_COSINE:
                break
            other = cluster.sentences[q].text
            if not paraphrase.has_digit(other) or support.is_heading(other):
                continue
            found = paraphrase.number_conflicts(text, other, tallies=True)  # cheapest first
            if not found:
                continue
            if paraphrase.is_tally(text, other):
                # two moments of one running count ("tính đến 17 giờ ngày 18/11 ... 9 người
                # chết" / "Tính đến sáng 19/11 ... 11 người chết"): one count when the two
                # sentences are close and of one event; names may differ (the source)
                if cos < TALLY_COSINE or shape.event[d] != shape.event[own]:
                    continue
            elif (
                shape.event[d] != shape.event[own] and not support.dates_agree(text, other)
            ) or not support.names_agree(text, other):
                continue
            newer = _newer(docs[own], docs[d]) or _later_tally(text, other, docs[own], docs[d])
            out.extend(
                Conflict(
                    doc_id=docs[d].id,
                    sentence=q,
                    text=other,
                    figure=theirs.text,
                    own_figure=mine.text,
                    source=docs[d].source,
                    newer=newer,
                )
                for mine, theirs in found
            )
            break
    return tuple(out)


def _later_tally(a_text: str, b_text: str, a: Any, b: Any) -> str | None:
    """For two running tallies without publication dates that tell: the document whose
    count is dated later ("Tính đến sáng 19/11" is newer than "tính đến ... 18/11")."""
    if not paraphrase.is_tally(a_text, b_text):
        return None
    da, db = support.dates(a_text).days, support.dates(b_text).days
    if len(da) != 1 or len(db) != 1 or da == db:
        return None
    (x,), (y,) = da, db
    return a.id if (x[1], x[0]) > (y[1], y[0]) else b.id


def _newer(a: Any, b: Any) -> str | None:
    """Doc id of the more recent of two documents when both dates are known and differ
    (a month date against a day date of the same month: unknown)."""
    if not a.date or not b.date or a.date == b.date:
        return None
    if len(a.date) != len(b.date) and (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return None
    return a.id if a.date > b.date else b.id


def _cite_loose(
    cluster: Cluster,
    features: Features,
    positions: Sequence[int],
    scores: np.ndarray | None = None,
    threshold: float | None = None,
) -> list[SummarySentence]:
    """The earlier rules (``strict=False`` or a ``threshold``): one candidate per article.

    ``sources`` lists the sentence's own document first (similarity 1.0), then the other
    backing documents by decreasing similarity (ties: document order). Each
    :class:`~tomtat.model.Source` carries the document id, its outlet (``Document.source``, may
    be empty), the position of the citing sentence in ``cluster.sentences`` and its cosine
    similarity (rounded to 4 decimals). ``threshold=None`` uses the paraphrase-aware rule; a
    number uses "best cosine >= threshold" (``0.0``: every document backs every sentence).
    """
    sents = cluster.sentences
    docs = cluster.documents
    doc_of = features.doc_of
    n_docs = len(docs)
    rows = features.sim_rows(positions)  # (k, n)
    # per (chosen sentence, document): the best-matching sentence and its cosine
    best_pos = np.zeros((len(positions), n_docs), dtype=np.int64)
    best_sim = np.zeros((len(positions), n_docs), dtype=np.float64)
    present = np.zeros(n_docs, dtype=bool)
    for d in range(n_docs):
        cols = np.flatnonzero(doc_of == d)
        if len(cols) == 0:
            continue
        present[d] = True
        block = rows[:, cols]
        arg = block.argmax(axis=1)
        best_pos[:, d] = cols[arg]
        best_sim[:, d] = block[np.arange(len(positions)), arg]
    sim = best_sim.tolist()
    where = best_pos.tolist()
    if threshold is not None:
        backs = ((best_sim >= threshold) & present).tolist()
    else:
        backs = ((best_sim >= paraphrase.ALWAYS_COSINE) & present).tolist()
        undecided = (best_sim >= paraphrase.MIN_COSINE) & (best_sim < paraphrase.ALWAYS_COSINE)
        for k, d in zip(*np.nonzero(undecided & present), strict=True):
            a = sents[positions[k]]
            if d == a.doc_index:
                continue
            b = sents[where[k][d]]
            backs[k][d] = paraphrase.supports(
                paraphrase.sentence_info(a.text, a.key),
                paraphrase.sentence_info(b.text, b.key),
                sim[k][d],
            )
    out: list[SummarySentence] = []
    for k, p in enumerate(positions):
        own = sents[p].doc_index
        others = [d for d in range(n_docs) if backs[k][d] and d != own]
        others.sort(key=lambda d: (-sim[k][d], d))
        sentence = _summary_sentence(
            cluster, p, [(d, where[k][d], sim[k][d]) for d in others], scores
        )
        out.append(
            replace(sentence, conflicts=_conflicts(cluster, sentence.text, sentence.sources[1:]))
        )
    return out


def _conflicts(cluster: Cluster, text: str, others: Sequence[Source]) -> tuple[Conflict, ...]:
    """Figures that backing sentences give differently from the summary sentence."""
    if not others or not paraphrase.has_digit(text):
        return ()
    out: list[Conflict] = []
    for src in others:
        if src.sentence is None:
            continue
        other = cluster.sentences[src.sentence].text
        for mine, theirs in paraphrase.number_conflicts(text, other):
            out.append(
                Conflict(
                    doc_id=src.doc_id,
                    sentence=src.sentence,
                    text=other,
                    figure=theirs.text,
                    own_figure=mine.text,
                    source=src.source,
                )
            )
    return tuple(out)
