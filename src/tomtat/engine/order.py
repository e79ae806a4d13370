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

import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

import numpy as np

from ..model import Cluster
from ..text.dates import publication_day
from .features import Features


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


# --- antecedents -----------------------------------------------------------------------------

# Openers that point back to the previous sentence: connectors ("Tuy nhiên", "Trong khi đó"),
# "Đây là"/"Đó là", personal pronouns ("Họ", "Nó"), and a noun phrase closed by a
# demonstrative within the first clause ("Con số này", "Hai nhà lãnh đạo này", "Ông ấy",
# "Dự án này", "Vụ việc nói trên", "Khi đó"). Matched on the lower-cased text.
_OPENERS = re.compile(
    r"^[\"“‘'(\[]?\s*(?:tuy nhiên|trong khi đó|ngoài ra|bên cạnh đó|do đó|vì vậy|vì thế|thế nhưng|"
    r"mặt khác|theo đó|cùng với đó|đồng thời|hơn nữa|thêm vào đó|"
    r"cụ thể|và|nhưng|tuy vậy|dù vậy|do vậy|bởi vậy|thậm chí|cũng theo|sau đó|trước đó|"
    r"đây|đó|điều đó|việc đó|trong đó|họ|nó|chúng(?!\s+(?:tôi|ta|mình)))(?![\w])"
)
_DEMONSTRATIVE_NP = re.compile(
    r"^[\"“‘'(\[]?\s*(?:[^\s,.;:!?]+\s+){1,6}?(?:này|ấy|đó|nói trên|kể trên)(?![\w])"
)
# "tháng này", "năm nay", "thời điểm này": deictic to the day of writing, not to a sentence
_DEICTIC_TIME = re.compile(
    r"(?:^|\s)(?:tháng|tuần|năm|hôm|sáng|chiều|tối|đêm|mùa|lúc|giờ|thời điểm|hiện)\s+này(?![\w])"
)
# "Ông cho biết ..." (no name after the title word): whom it means is in an earlier sentence
_BARE_TITLE = re.compile(r"^[\"“‘'(\[]?\s*(?:Ông|Bà|Chị|Cô|Cậu)\s+(\S)")


_PRONOUN = re.compile(r"(?:đây|đó|điều đó|điều này|việc này|việc đó|họ|nó)(?!\w)")


def _points_back(clause: str) -> bool:
    """A noun phrase closed by a demonstrative opens ``clause`` ("hai nhà lãnh đạo này")."""
    m = _DEMONSTRATIVE_NP.match(clause + ",")
    return m is not None and not _DEICTIC_TIME.search(m.group())


@lru_cache(maxsize=8192)  # asked again of a sentence by the units, repairs and chains
def needs_antecedent(text: str) -> bool:
    """True when a sentence opens on a pronoun, demonstrative or connector that needs the
    sentence before it (or closes a quotation an earlier sentence opened) ("Con số này ...", "Hai nhà lãnh đạo này ...", "Ông ấy ...", "Đây là
    ...", "Đó là ...", "Dự án này ...", "Tuy nhiên, ...", "Ông cho biết ..."). The rule is on
    the display text (a bare "Ông" is told from "Ông Putin" by the capital of the next word)."""
    head = text.lstrip()
    low = head[:80].lower()
    if _OPENERS.match(low):
        return True
    close, opening = head.find("”"), head.find("“")
    if close >= 0 and (opening < 0 or close < opening):
        return True  # the end of a quotation opened in an earlier sentence
    clauses = low.split(",", 2)
    if _points_back(clauses[0]):
        return True
    # after a short lead-in ("Theo CNN, đây là ...", "Thực tế, đây không phải ...",
    # "Trong video, tên đao phủ này ..."), the next clause is where the subject stands
    if len(clauses) > 1 and len(clauses[0].split()) <= 4:
        second = clauses[1].lstrip()
        if _PRONOUN.match(second) or _points_back(second):
            return True
    m = _BARE_TITLE.match(head)
    return m is not None and m.group(1).islower()


def antecedents(cluster: Cluster, p: int, eligible: np.ndarray | None) -> list[int] | None:
    """Positions to take with ``p`` (closest last) so that the first of them opens on its own;
    None when there is none: ``p`` opens its article, or a needed sentence is not eligible, or
    the chain is longer than :data:`MAX_CHAIN`."""
    sents = cluster.sentences
    chain: list[int] = []
    cur = p
    while needs_antecedent(sents[cur].text):
        prev = cur - 1
        if (
            sents[cur].index == 0
            or prev < 0
            or sents[prev].doc_index != sents[cur].doc_index
            or len(chain) >= MAX_CHAIN
            or (eligible is not None and not eligible[prev])
        ):
            return None
        chain.append(prev)
        cur = prev
    return chain[::-1]


MAX_CHAIN = 2  # at most two sentences taken back for one dangling sentence


def repair_dangling(
    cluster: Cluster,
    features: Features,
    chosen: Sequence[int],
    max_words: int,
    eligible: np.ndarray | None = None,
) -> list[int]:
    """Give each chosen sentence that needs an antecedent (:func:`needs_antecedent`) the
    sentences it refers to, or drop it: a dangling sentence is never left alone.

    Works on the chosen positions (in choice order, best first). The antecedents are the
    sentences before it in its article (up to :data:`MAX_CHAIN`, until one opens on its own);
    they are added before it when they fit in ``max_words`` and are ``eligible``; otherwise the
    sentence is dropped. Returns a new list that never exceeds ``max_words`` syllables; it is
    empty only when every chosen sentence dangles without an antecedent that fits.
    """
    lengths = features.lengths
    out = list(chosen)
    used = int(sum(int(lengths[p]) for p in out))
    for p in list(out):
        if p not in out:
            continue
        chain = antecedents(cluster, p, eligible)
        missing = [] if chain is None else [q for q in chain if q not in out]
        extra = sum(int(lengths[q]) for q in missing)
        if chain is None or used + extra > max_words:
            out.remove(p)
            used -= int(lengths[p])
            continue
        at = out.index(p)
        out[at:at] = missing
        used += extra
    return out


# --- time order --------------------------------------------------------------------------------


def event_order(
    cluster: Cluster, positions: Sequence[int], event_day: Mapping[int, date]
) -> list[int]:
    """Reorder ``positions`` (already in :func:`reading_order`) by the date of the event each
    describes: ``event_day`` maps a sentence position to the resolved date its text names
    (see :func:`tomtat.engine.anchors.event_days`, every sentence of the cluster); a sentence
    without one takes its article's publication day, else the latest event date of its article
    (the news it reports), else the time of the sentence before it in the given order.
    Ties keep the given order (article order), and consecutive sentences of one article stay a
    block keyed by its first dated sentence, so an antecedent always comes before its sentence.
    """
    sents = cluster.sentences
    article_time: list[date | None] = [
        date.fromisoformat(pub) if (pub := publication_day(d.date)) else None
        for d in cluster.documents
    ]
    for p, when in event_day.items():
        i = sents[p].doc_index
        if publication_day(cluster.documents[i].date) is None:
            article_time[i] = max(article_time[i] or when, when)
    blocks: list[list[int]] = []
    for p in positions:
        prev = blocks[-1][-1] if blocks else None
        if prev is not None and prev == p - 1 and sents[prev].doc_index == sents[p].doc_index:
            blocks[-1].append(p)
        else:
            blocks.append([p])
    keys: list[date | None] = []
    for block in blocks:
        own = next((event_day[p] for p in block if p in event_day), None)
        keys.append(own if own is not None else article_time[sents[block[0]].doc_index])
    known = [k for k in keys if k is not None]
    if not known:
        return list(positions)
    filled: list[date] = []
    last: date = min(known)
    for k in keys:
        if k is not None:
            last = k
        filled.append(last)
    order = sorted(range(len(blocks)), key=lambda i: (filled[i], i))
    return [p for i in order for p in blocks[i]]
