"""The text the analysis reads: the cluster's sentences plus the photo captions the cleaner cut.

Captions are kept out of summaries, but they are factual text of the article and often carry
the only full date or full name ("... tại trung tâm vũ trụ Vostochny, ngày 13/9/2023. (Ảnh:
KCNA)"). The analysis view appends each removed caption, credit stripped, as an extra sentence
of its document (``Sentence.position`` >= ``len(cluster.sentences)``, ``paragraph`` = -1), so
names and dates in captions are counted and cited like any other sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

from ..model import Cluster, Sentence
from ..text.normalize import match_key

# "... ngày 13/9. Ảnh: Sputnik |", "... (Ảnh: KCNA)", "... (Ảnh minh hoạ)", "Ảnh: Reuters. |"
_CREDIT = re.compile(
    r"\s*(?:[(\[]\s*)?(?:Ảnh|Nguồn ảnh|Photo)(?:\s+minh\s+h\w+)?\s*(?::[^|()\[\]]*)?"
    r"(?:[)\]])?\s*\|?\s*$",
    re.IGNORECASE,
)


def caption_text(text: str) -> str:
    """A caption without its photo credit."""
    out = _CREDIT.sub("", text.strip()).strip()
    return out.rstrip(" |")


def analysis_view(cluster: Cluster, captions: bool = True) -> Cluster:
    """``cluster`` with its removed photo captions appended as sentences (see module doc)."""
    if not captions:
        return cluster
    index_of = {d.id: i for i, d in enumerate(cluster.documents)}
    extra: list[Sentence] = []
    pos = len(cluster.sentences)
    for r in cluster.removed:
        if r.reason != "photo-caption" or r.doc_id not in index_of:
            continue
        text = caption_text(r.text)
        if len(text.split()) < 3:
            continue
        doc_index = index_of[r.doc_id]
        extra.append(
            Sentence(
                doc_id=r.doc_id, doc_index=doc_index, index=-1, paragraph=-1, start=0,
                end=len(text), text=text, key=match_key(text), position=pos,
            )
        )  # fmt: skip
        pos += 1
    if not extra:
        return cluster
    return replace(cluster, sentences=cluster.sentences + tuple(extra))


_WORD = re.compile(r"\S+")


@lru_cache(maxsize=64)
def _words_and_starts(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """``text.split()`` and where each word starts, once per sentence: the timeline shortens
    every date mention of a sentence, and a long sentence can hold thousands of them."""
    found = list(_WORD.finditer(text))
    return tuple(m[0] for m in found), tuple(m.start() for m in found)


def shorten(text: str, around: tuple[int, int] | None = None, max_words: int = 30) -> str:
    """Cut a sentence to about ``max_words`` words, keeping the span ``around`` visible."""
    words, starts = _words_and_starts(text)
    if len(words) <= max_words:
        return text
    if around is None:
        return " ".join(words[:max_words]) + " …"
    # index of the word that contains the span start: the number of words of text[:start]
    pos = bisect.bisect_left(starts, around[0])
    lo = max(0, min(pos - max_words // 3, len(words) - max_words))
    hi = lo + max_words
    out = " ".join(words[lo:hi])
    return ("… " if lo > 0 else "") + out + (" …" if hi < len(words) else "")
