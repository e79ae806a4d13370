"""Citations and consensus: which documents say what each chosen sentence says.

For a chosen sentence, every document (its own included) that holds a sentence whose cosine
with it (the shared TF-IDF similarity of :mod:`tomtat.engine.features`) is at least
``threshold`` backs it; the best-matching sentence of each such document is the citation. The
support count is the number of distinct documents backing it (1 = only its own article).
The threshold (:data:`~tomtat.engine.features.CITE_THRESHOLD`) was measured on AbMuSu: see
docs/engine.md, "Citation threshold".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model import Cluster, Source, SummarySentence
from .features import CITE_THRESHOLD, Features


def cite(
    cluster: Cluster,
    features: Features,
    positions: Sequence[int],
    scores: np.ndarray | None = None,
    threshold: float = CITE_THRESHOLD,
) -> list[SummarySentence]:
    """One :class:`SummarySentence` per position (same order), with sources and support.

    ``sources`` lists the sentence's own document first (similarity 1.0), then the other
    backing documents by decreasing similarity (ties: document order). Each
    :class:`~tomtat.model.Source` carries the document id, its outlet (``Document.source``, may
    be empty), the position of the best-matching sentence in ``cluster.sentences`` and the
    cosine similarity (rounded to 4 decimals).
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
    for d in range(n_docs):
        cols = np.flatnonzero(doc_of == d)
        if len(cols) == 0:
            continue
        block = rows[:, cols]
        arg = block.argmax(axis=1)
        best_pos[:, d] = cols[arg]
        best_sim[:, d] = block[np.arange(len(positions)), arg]
    out: list[SummarySentence] = []
    for k, p in enumerate(positions):
        s = sents[p]
        own = s.doc_index
        sources = [Source(doc_id=s.doc_id, source=docs[own].source, sentence=p, similarity=1.0)]
        others = [d for d in range(n_docs) if d != own and best_sim[k, d] >= threshold]
        others.sort(key=lambda d: (-best_sim[k, d], d))
        sources.extend(
            Source(
                doc_id=docs[d].id,
                source=docs[d].source,
                sentence=int(best_pos[k, d]),
                similarity=round(float(best_sim[k, d]), 4),
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
            )
        )
    return out
