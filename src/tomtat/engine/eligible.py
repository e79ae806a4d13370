"""Which sentences may be summary sentences at all: a hard filter shared by every method.

A summary sentence is read away from its article, so some sentences are never eligible,
whatever a method scores them (the title is the title; it is shown as such, never as a
sentence of the summary). :func:`ineligible_reasons` gives, per sentence of a cluster, the
reason it is left out or ``None``:

``heading``
    a section title, a headline or a byline left in the text: no sentence-final punctuation and
    at most 15 syllables (:func:`tomtat.text.clean.is_heading`, the engine's ``heading``
    feature), or no final punctuation and a whole line by itself (a long headline).
``unfinished``
    no sentence-final punctuation at all, whatever its length: a run of related-link titles
    ("... Bắt xe khách biển số Lào ... Vẫn còn tình trạng ..."), a text cut off at a comma, a
    sentence with the author's name glued on ("... nhiệt độ giảm sâu Diệp Vy").
``headline``
    a line of its own that repeats the title of an article of the cluster (any punctuation;
    a sentence inside a paragraph that happens to equal a title is a sentence).
``question``
    it ends with a question mark: a question headline ("Vì sao Nga cần Triều Tiên?") or a
    rhetorical question, which states no fact of the event.
``list-number``
    a list or section number alone ("1.", "II.", "a)").
``byline``
    a short line of names alone in its paragraph ("Minh Anh.", "Nhóm PV (tổng hợp)").
``caption``
    a photo caption the cleaner did not remove: ends with a credit ("... Ảnh: TTXVN", "...
    (Ảnh minh họa)") or a "|", at most 45 syllables; or, at any length, opens on "Ảnh:"/
    "Video:" (a credit the cleaner could not cut off the sentence glued to it).
``no-antecedent``
    it opens on a pronoun or demonstrative that needs an antecedent
    (:func:`tomtat.engine.order.needs_antecedent`) and is the first sentence of its article:
    what it points to is the headline, which is not in the summary.

The selection stage (:func:`tomtat.engine.select.select`) receives the eligible sentences as
its ``allowed`` mask, so no method can pick the others; ``tomtat.engine.summarize`` applies it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..model import Cluster, Sentence
from ..text.clean import is_heading
from ..text.normalize import key_of_normalized
from .order import needs_antecedent

_FINAL = ".?!…\"”'’)»;"
_HEADLINE_MAX_SYLLABLES = 40
_LIST_NUMBER = re.compile(
    r"^\s*[(\[]?(?:\d{1,3}|[ivxlc]{1,5}|[a-zđ])\s*[.):/-]?\s*[)\]]?\s*$", re.I
)
# a photo credit at the end ("... Ảnh: TTXVN", "... (Ảnh minh họa)"), a layout bar, a line that
# opens on "Ảnh"/"Video:": the caption shapes the cleaner removes, when one got through
_CAPTION = re.compile(
    r"(?:(?:ảnh|photo|nguồn ảnh)\s*:\s*[^.!?:]{1,40}\.?\s*[)\]]?\s*\|?\s*$|\(ảnh\b[^)]*\)\s*$|"
    r"\|\s*$|^(?:ảnh|video|clip)\s*:)",
    re.I,
)
_BYLINE_MAX_SYLLABLES = 6
_BYLINE_EXTRA = frozenset({"tổng", "hợp", "theo", "và", "nhóm"})


def _byline_word(word: str) -> bool:
    """A capitalised name part ("Minh", "PV/VOV") or a byline word ("(tổng hợp)")."""
    core = word.strip("()[].,;:-")
    return bool(core) and (core[0].isupper() or core.lower() in _BYLINE_EXTRA)


# a sentence that still opens on a credit ("Ảnh: VGP/Anh Dũng Chị Lãnh cho biết ..."): the
# cleaner leaves it when it cannot tell where the credit's name ends (text.clean)
_CREDIT_FIRST = re.compile(r"(?:ảnh|video|clip)\s*:", re.I)


def _caption(text: str) -> bool:
    """:data:`_CAPTION` matches ``text``. Every shape it knows holds "ảnh", "photo" or "|", or
    opens on "video"/"clip": a sentence with none of them (nearly all) skips the regex, which
    scans the whole sentence (it was a third of the eligibility filter's time)."""
    low = text.lower()
    if "ảnh" in low or "photo" in low or "|" in low or low.startswith(("video", "clip")):
        return _CAPTION.search(text) is not None
    return False


_TITLE_END = ".:!?…"


def _title_key(text: str) -> str:
    return key_of_normalized(" ".join(text.split())).strip().rstrip(_TITLE_END).strip()


def _title_words(text: str, n: int) -> int:
    """Words of ``_title_key(text)`` (``text`` has ``n`` words), without computing it: a key
    has one word per word of the text, and the ending stripped off takes at most its last word
    (the strip stops at a space), when that word is made only of the ending's characters."""
    return n - (n > 0 and not text.rsplit(None, 1)[-1].strip(_TITLE_END))


@lru_cache(maxsize=64)
def _word_counts(titles: frozenset[str]) -> frozenset[int]:
    """The numbers of words of the title keys (asked once per sentence alone on its line)."""
    return frozenset(len(t.split()) for t in titles)


def ineligible_reason(
    sentence: Sentence,
    *,
    alone_in_paragraph: bool = False,
    titles: frozenset[str] = frozenset(),
    n_words: int | None = None,
) -> str | None:
    """Why ``sentence`` can never be a summary sentence, or None when it can (module docstring).

    ``alone_in_paragraph``: the sentence is the whole line (paragraph) it stands on.
    ``titles``: the title keys of the cluster's articles (:func:`_title_key`).
    ``n_words``: its number of words (``Sentence.n_syllables``) when known already.
    """
    text = sentence.text.strip()
    if not text:
        return "heading"
    n = len(text.split()) if n_words is None else n_words
    if _LIST_NUMBER.match(text):
        return "list-number"
    if is_heading(text):
        return "heading"
    if text[-1] not in _FINAL:
        # a whole line without final punctuation is a headline; a longer piece is a run of
        # link titles, a cut-off text or a byline glued on: none reads as a sentence
        return "heading" if alone_in_paragraph and n <= _HEADLINE_MAX_SYLLABLES else "unfinished"
    if (
        alone_in_paragraph
        and _title_words(text, n) in _word_counts(titles)  # cheap test first
        and _title_key(text) in titles
    ):
        return "headline"
    if text.rstrip(" \"”'’)»").endswith("?"):
        return "question"
    if (n <= 45 or _CREDIT_FIRST.match(text)) and _caption(text):
        return "caption"  # a credit first is never a summary's opening, however long the rest
    if (
        alone_in_paragraph
        and n <= _BYLINE_MAX_SYLLABLES
        and all(_byline_word(w) for w in text.split())
    ):
        return "byline"
    if sentence.index == 0 and needs_antecedent(text):
        return "no-antecedent"
    return None


def ineligible_reasons(
    cluster: Cluster, n_words: Sequence[int] | np.ndarray | None = None
) -> tuple[str | None, ...]:
    """Per sentence of ``cluster`` (in order), why it is not eligible, or None. ``n_words``:
    the sentences' numbers of words when known already (the feature stage's ``lengths``:
    splitting every sentence was most of this filter's time)."""
    per_paragraph: dict[tuple[int, int], int] = {}
    for s in cluster.sentences:
        key = (s.doc_index, s.paragraph)
        per_paragraph[key] = per_paragraph.get(key, 0) + 1
    titles = frozenset(t for d in cluster.documents if (t := _title_key(d.title)))
    return tuple(
        ineligible_reason(
            s,
            alone_in_paragraph=per_paragraph[(s.doc_index, s.paragraph)] == 1,
            titles=titles,
            n_words=None if n_words is None else int(n_words[i]),
        )
        for i, s in enumerate(cluster.sentences)
    )


def eligible_mask(
    cluster: Cluster, n_words: Sequence[int] | np.ndarray | None = None
) -> np.ndarray:
    """Boolean mask over ``cluster.sentences``: True where a sentence may be selected."""
    return np.array([r is None for r in ineligible_reasons(cluster, n_words)], dtype=bool)
