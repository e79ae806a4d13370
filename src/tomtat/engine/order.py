"""Reading order of the chosen sentences, and coherence repair for dangling openers.

Order: documents chronologically by ``Document.date`` when known (ISO strings sort by time;
documents without a date keep their input order after the dated ones), then each sentence by
its position in its document. A sentence that opens on a pronoun or connector needing an
antecedent ("Ông này", "Điều này", "Tuy nhiên", "Trong khi đó", ...) gets the sentence before it
added when that one is not already chosen and the budget allows; otherwise it is dropped if
something else can take its place (see :func:`repair_dangling`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Cluster
from .features import Features, is_dangling


def document_order(cluster: Cluster) -> list[int]:
    """Document indices in reading order: dated ones chronologically, then undated ones."""
    docs = cluster.documents
    return sorted(
        range(len(docs)),
        key=lambda d: (docs[d].date is None or docs[d].date == "", docs[d].date or "", d),
    )


def reading_order(cluster: Cluster, positions: Sequence[int]) -> list[int]:
    """Sort sentence positions: chronological document order, then position in the document."""
    rank = {d: r for r, d in enumerate(document_order(cluster))}
    sents = cluster.sentences
    return sorted(set(positions), key=lambda p: (rank[sents[p].doc_index], sents[p].index))


def repair_dangling(
    cluster: Cluster, features: Features, chosen: Sequence[int], max_words: int
) -> list[int]:
    """Give dangling sentences their antecedent when it fits, else drop them if possible.

    Works on the chosen positions (in choice order, best first). Returns a new list that never
    exceeds ``max_words`` syllables and is never empty when ``chosen`` is not.
    """
    sents = cluster.sentences
    lengths = features.lengths
    out = list(chosen)
    used = int(sum(int(lengths[p]) for p in out))
    taken = set(out)
    for p in list(out):
        s = sents[p]
        if s.index == 0 or not is_dangling(s.key):
            continue
        prev = p - 1  # sentences of one document are contiguous in cluster order
        if prev < 0 or sents[prev].doc_index != s.doc_index or prev in taken:
            continue
        if used + int(lengths[prev]) <= max_words:
            out.insert(out.index(p), prev)
            taken.add(prev)
            used += int(lengths[prev])
        elif len(out) > 1 and not is_dangling(sents[prev].key):
            # cannot add the antecedent: drop the dangling sentence if another one fits instead
            out.remove(p)
            taken.discard(p)
            used -= int(lengths[p])
    return out
