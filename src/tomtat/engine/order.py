"""Reading order of the chosen sentences, and coherence repair for dangling openers.

Order: chronological by article date when it is known to the day (``Document.date`` as
``YYYY-MM-DD``), then by position in the source article, then by article order. Articles dated
only to the month, or not at all, cannot be placed in time against the others: they count as
published with the earliest dated article, so an undated article's lead is not pushed behind
every detail of the dated ones. Within one day the leads of all articles come first (position
in source), which reads as an overview followed by details. A sentence that opens on a pronoun or connector needing an
antecedent ("Ông này", "Điều này", "Tuy nhiên", "Trong khi đó", ...) gets the sentence before it
added when that one is not already chosen and the budget allows; otherwise it is dropped if
something else can take its place (see :func:`repair_dangling`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Cluster
from ..text.dates import publication_day
from .features import Features, is_dangling


def document_order(cluster: Cluster) -> list[int]:
    """Document indices by publication day (undated or month-only ones with the earliest)."""
    days = [publication_day(d.date) for d in cluster.documents]
    earliest = min((d for d in days if d), default="")
    return sorted(range(len(days)), key=lambda i: (days[i] or earliest, i))


def reading_order(cluster: Cluster, positions: Sequence[int]) -> list[int]:
    """Sort sentence positions: publication day, then position in the source, then article.

    Consecutive chosen sentences of one article stay together as a block (keyed by its first
    sentence), so a sentence is never separated from the antecedent it follows in its source.
    """
    days = [publication_day(d.date) for d in cluster.documents]
    earliest = min((d for d in days if d), default="")
    sents = cluster.sentences
    blocks: list[list[int]] = []
    for p in sorted(set(positions)):  # cluster order: by article, then by index
        prev = blocks[-1][-1] if blocks else None
        if prev is not None and prev == p - 1 and sents[prev].doc_index == sents[p].doc_index:
            blocks[-1].append(p)
        else:
            blocks.append([p])
    blocks.sort(
        key=lambda b: (
            days[sents[b[0]].doc_index] or earliest,
            sents[b[0]].index,
            sents[b[0]].doc_index,
        )
    )
    return [p for b in blocks for p in b]


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
        if not is_dangling(s.key):
            continue
        if s.index == 0:  # its antecedent is the headline, which is not in the text
            if len(out) > 1:
                out.remove(p)
                taken.discard(p)
                used -= int(lengths[p])
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
