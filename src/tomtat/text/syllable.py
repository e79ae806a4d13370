"""Vietnamese syllable structure: parsing, validity, and tone-mark placement.

A written Vietnamese syllable is ``onset + nucleus + coda`` with at most one tone mark
(sắc, huyền, hỏi, ngã, nặng) written on one vowel of the nucleus. This module is the single
place that knows that structure; it is used by

* :mod:`tomtat.text.encoding` to *score* candidate decodings (legacy-encoded or mojibake text
  yields few valid syllables, correct Vietnamese yields almost only valid ones), and
* :mod:`tomtat.text.normalize` to put the tone mark in one canonical place
  ("hoà"/"hòa" -> "hòa") for matching and counting.

Canonical placement used by tomtat (documented in docs/text.md): the *traditional* style that
most Vietnamese news sites print: in an open syllable whose nucleus is two plain vowels the
mark goes on the first one ("hòa", "thỏa", "thủy", "khỏe", "mùa"); a vowel carrying a
circumflex, breve or horn always takes the mark ("thuế", "người", "khuấy"); with a final
consonant, or in a three-vowel nucleus, the mark goes on the main (last / middle) vowel
("hoàn", "toán", "ngoài", "khuỷu").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone marks as combining characters (NFD): grave, acute, tilde, hook above, dot below.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONE_SET = frozenset(TONE_MARKS)
_ACUTE, _DOT = "\u0301", "\u0323"

_ONSETS = [
    "ngh",
    "ng",
    "gh",
    "gi",
    "kh",
    "nh",
    "ph",
    "th",
    "tr",
    "ch",
    "qu",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
]
_NUCLEI = [
    "iêu",
    "yêu",
    "oai",
    "oao",
    "oay",
    "oeo",
    "uây",
    "uôi",
    "uya",
    "uyê",
    "uyu",
    "ươi",
    "ươu",
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iê",
    "iu",
    "oa",
    "oă",
    "oe",
    "oi",
    "oo",
    "ôi",
    "ơi",
    "ua",
    "uâ",
    "uê",
    "ui",
    "uô",
    "uơ",
    "uy",
    "ưa",
    "ưi",
    "ươ",
    "ưu",
    "yê",
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
]
_CODAS = ["ch", "nh", "ng", "c", "m", "n", "p", "t"]
_MARKED_VOWELS = frozenset("âăêôơư")

_SYLLABLE = re.compile(
    "(?P<onset>{})?(?P<nucleus>{})(?P<coda>{})?".format(
        "|".join(_ONSETS), "|".join(_NUCLEI), "|".join(_CODAS)
    )
)

# Every letter that can appear in a Vietnamese word (lower case, precomposed), for quick tests.
_VIET_SPECIFIC = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")


def has_vietnamese_letters(text: str) -> bool:
    """True if ``text`` contains a letter outside cp1252 that Vietnamese uses (ă đ ĩ ũ ơ ư ạ ... ỹ)."""
    return _VIET_SPECIFIC.search(text) is not None


def split_tone(word: str) -> tuple[str, str, int]:
    """Split an NFC word into (word without tone marks, tone mark, index of the toned char).

    Returns tone ``""`` and index ``-1`` when there is no tone mark, and raises ValueError
    when there is more than one (not a single syllable) or a stray combining mark.
    """
    bases: list[str] = []
    tone, where = "", -1
    for i, ch in enumerate(word):
        marks, base = _char_parts(ch)
        if marks:
            if tone or len(marks) > 1:
                raise ValueError("more than one tone mark")
            tone, where = marks[0], i
        if len(base) != 1:
            raise ValueError("stray combining mark")
        bases.append(base)
    return "".join(bases), tone, where


@lru_cache(maxsize=4096)
def _char_parts(ch: str) -> tuple[tuple[str, ...], str]:
    """(tone marks of ``ch``, ``ch`` without them in NFC): per character, so cached."""
    decomposed = unicodedata.normalize("NFD", ch)
    marks = tuple(c for c in decomposed if c in _TONE_SET)
    if marks:
        decomposed = "".join(c for c in decomposed if c not in _TONE_SET)
    return marks, unicodedata.normalize("NFC", decomposed)


def parse(base_lower: str) -> tuple[str, str, str] | None:
    """(onset, nucleus, coda) of a lower-case syllable without tone mark, or None."""
    m = _SYLLABLE.fullmatch(base_lower)
    if m is None:
        return None
    return m["onset"] or "", m["nucleus"], m["coda"] or ""


def tone_index(onset: str, nucleus: str, coda: str) -> int:
    """Index (into the syllable) of the vowel that carries the tone in canonical placement."""
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        pos = marked[-1]
    elif len(nucleus) == 1:
        pos = 0
    elif coda:
        pos = len(nucleus) - 1
    elif len(nucleus) == 3:
        pos = 1
    else:
        pos = 0
    return len(onset) + pos


@lru_cache(maxsize=65536)
def is_valid_syllable(word: str) -> bool:
    """True if ``word`` (NFC, any case, letters only) is a well-formed Vietnamese syllable."""
    try:
        base, tone, _ = split_tone(word.lower())
    except ValueError:
        return False
    parts = parse(base)
    if parts is None:
        return False
    # A syllable closed by a stop (c, ch, p, t) only takes the sắc or nặng tone.
    return not (parts[2] in ("c", "ch", "p", "t") and tone not in ("", _ACUTE, _DOT))


@lru_cache(maxsize=65536)
def canonical_word(word: str) -> str:
    """The word with its tone mark moved to the canonical vowel; other words unchanged.

    Case is preserved character by character; the result has the same length as the input.
    """
    try:
        base, tone, where = split_tone(word)
    except ValueError:
        return word
    if not tone:
        return word
    lowered = base.lower()
    if len(lowered) != len(base):
        return word
    parts = parse(lowered)
    if parts is None:
        return word
    target = tone_index(*parts)
    if target == where:
        return word
    chars = list(base)
    chars[target] = unicodedata.normalize("NFC", chars[target] + tone)
    return "".join(chars)
