"""Citations and consensus: which documents say what each chosen sentence says, and where
they disagree on the figures.

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

import numpy as np

from ..model import Cluster, Conflict, Source, SummarySentence
from . import paraphrase
from .features import Features


def cite(
    cluster: Cluster,
    features: Features,
    positions: Sequence[int],
    scores: np.ndarray | None = None,
    threshold: float | None = None,
) -> list[SummarySentence]:
    """One :class:`SummarySentence` per position (same order), with sources, support and
    number conflicts.

    ``sources`` lists the sentence's own document first (similarity 1.0), then the other
    backing documents by decreasing similarity (ties: document order). Each
    :class:`~tomtat.model.Source` carries the document id, its outlet (``Document.source``, may
    be empty), the position of the citing sentence in ``cluster.sentences`` and its cosine
    similarity (rounded to 4 decimals). ``threshold=None`` uses the paraphrase-aware rule; a
    number uses "best cosine >= threshold" (``0.0``: every document backs every sentence).
    """
    positions = [int(p) for p in positions]
    if not positions:
        return []
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
        s = sents[p]
        own = s.doc_index
        sources = [Source(doc_id=s.doc_id, source=docs[own].source, sentence=p, similarity=1.0)]
        others = [d for d in range(n_docs) if backs[k][d] and d != own]
        others.sort(key=lambda d: (-sim[k][d], d))
        sources.extend(
            Source(
                doc_id=docs[d].id,
                source=docs[d].source,
                sentence=where[k][d],
                similarity=round(sim[k][d], 4),
            )
            for d in others
        )
        out.append(
            SummarySentence(
                text=s.text,
                doc_id=s.doc_id,
                position=p,
                sources=tuple(sources),
                support=len({src.doc_id for src in sources}),
                score=float(scores[p]) if scores is not None else 0.0,
                conflicts=_conflicts(cluster, s.text, sources[1:]),
            )
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
