"""Tokenizers: a fast syllable tokenizer, and word segmentation through pyvi (loaded lazily).

* :func:`syllables` — regex tokenizer on :func:`~tomtat.text.normalize.match_key`: lower-case
  syllables with canonical tone placement, punctuation dropped. A number with thousand or
  decimal separators is **one** token ("20.000", "11,000", "1,5", "20%"), because its parts
  mean nothing alone and ROUGE/TF-IDF should match the whole figure; dates and times are split
  at "/" and ":" ("13/9/2023" -> "13", "9", "2023") so that "13/9" matches "13/9/2023";
  a range "20.000 - 50.000" is two numbers.
* :func:`words` — word segmentation (compound words joined with "_": "thủ_tướng",
  "bình_nhưỡng"), same normalization as :func:`syllables`. The segmenter is pyvi's CRF model
  (chosen over underthesea on accuracy, speed, import time and memory: see docs/text.md and
  benchmarks/bench_segmenters.py); it is imported on first use only, once, behind
  :func:`segmenter`.
* :func:`stopwords` — a small curated list of Vietnamese function words (text/data/stopwords.txt).
* :func:`tokenize` — tokens with their offsets in the text as written (words, numbers,
  punctuation marks), for finding names; :func:`name_words` — the words of a name in
  match-key form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from itertools import chain
from typing import NamedTuple

from ..errors import MissingDependencyError
from .normalize import TokenCache, match_key, normalize

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+")
_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+(?:_[^\W_]+)*")


def syllables(text: str) -> list[str]:
    """Lower-cased syllables and numbers of ``text`` (match-key form), punctuation dropped."""
    return key_syllables(match_key(text))


def key_syllables(key: str) -> list[str]:
    """:func:`syllables` of a text already in match-key form (``Sentence.key``): no re-normalizing.

    ``_TOKEN.findall(key)``, computed word by word through a cache: no token spans white
    space, so the tokens of the text are those of its words, in order.
    """
    return list(chain.from_iterable(map(_WORD_TOKENS.__getitem__, key.split())))


def _word_tokens(word: str) -> tuple[str, ...]:
    if word.isalpha():  # no digit, no "_", no mark outside a letter: one run, one token
        return (word,)  # without a regex (``re`` looks up each character's category)
    found = _TOKEN.findall(word)
    return (word,) if found == [word] else tuple(found)  # the word itself: no second copy


_WORD_TOKENS: TokenCache[tuple[str, ...]] = TokenCache(_word_tokens)


@cache
def segmenter() -> Callable[[str], str]:
    """The word segmenter: a function from text to text with compounds joined by "_".

    pyvi is imported here, on first use, and kept: ``import tomtat`` stays light.
    """
    try:
        from pyvi import ViTokenizer
    except ImportError as exc:  # pragma: no cover - pyvi is a core dependency
        raise MissingDependencyError(
            "word segmentation needs the package 'pyvi': pip install pyvi"
        ) from exc
    return ViTokenizer.tokenize


def words(text: str) -> list[str]:
    """Word-segmented tokens of ``text``: lower case, canonical tones, compounds joined by "_".

    Segmentation runs on the display form (capitalisation helps the model find names); the
    tokens are then put in match-key form. Punctuation is dropped.
    """
    display = normalize(text)
    if not display:
        return []
    out: list[str] = []
    for line in display.split("\n"):
        if line.strip():
            out.extend(_WORD.findall(match_key(segmenter()(line))))
    return out


@cache
def stopwords() -> frozenset[str]:
    """Vietnamese function words (match-key form; multi-syllable ones joined with "_" and
    also as separate syllables are *not* added). Source: text/data/stopwords.txt."""
    data = resources.files("tomtat.text").joinpath("data/stopwords.txt").read_text("utf-8")
    items = set()
    for line in data.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            items.add(match_key(line).replace(" ", "_"))
    return frozenset(items)


# a run of letters and digits (an apostrophe inside kept), or one punctuation mark
_SPAN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[^\w\s]")
# match_key maps every dash to "-": names split at spaces, hyphens and dots
_NAME_SEPARATORS = re.compile(r"[\s.-]+")


class Token(NamedTuple):
    """A token of the text as written and its offsets: ``text[start:end] == token.text``."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(text: str) -> list[Token]:
    """Runs of letters and digits (an apostrophe inside kept: "O'Neil"; "13/9" is "13", "/",
    "9") and single punctuation marks of ``text``, with offsets; spaces dropped."""
    return [Token(m.group(), m.start(), m.end()) for m in _SPAN.finditer(text)]


@lru_cache(maxsize=65536)
def name_words(text: str) -> tuple[str, ...]:
    """The words of a name in match-key form: "Kim Jong-un" -> ("kim", "jong", "un")."""
    return tuple(w for w in _NAME_SEPARATORS.split(match_key(text)) if w)
