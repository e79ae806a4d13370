"""Small text helpers shared by the analysis modules: tokens with offsets, matching keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# a word (letters, digits inside), a number with separators, or one punctuation mark
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|\d+(?:[.,/:]\d+)*|[^\w\s]", re.UNICODE)

# old-style tone placement ("hoà", "thuỷ") -> new style ("hòa", "thủy") for matching only
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_SEPARATORS = re.compile(r"[-‐‑–.]")
_TONE_RE = re.compile("(" + "|".join(_TONE_MOVES) + r")(?![^\W\d_])")


class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter (Vietnamese capitals included)."""
        return self.text[0].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Matching key: NFC, lower case, one tone placement, hyphens/dots as spaces, one space."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    text = _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], text)
    text = _SEPARATORS.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Key without diacritics or spaces: 'Kim Jong-un' -> 'kimjongun'; for fuzzy matching."""
    text = key(text).replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def similarity(a: str, b: str) -> float:
    """Normalized string similarity in [0, 1] (difflib ratio on folded forms)."""
    from difflib import SequenceMatcher

    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    return SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def shorten(text: str, around: tuple[int, int] | None = None, max_words: int = 30) -> str:
    """Cut a sentence to about ``max_words`` words, keeping the span ``around`` visible."""
    words = text.split()
    if len(words) <= max_words:
        return text
    if around is None:
        return " ".join(words[:max_words]) + " …"
    # index of the word that contains the span start
    pos = len(text[: around[0]].split())
    lo = max(0, min(pos - max_words // 3, len(words) - max_words))
    hi = lo + max_words
    out = " ".join(words[lo:hi])
    return ("… " if lo > 0 else "") + out + (" …" if hi < len(words) else "")
