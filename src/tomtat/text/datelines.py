"""Datelines: the outlet/place/date header that opens a news article, one grammar.

The reader takes the outlet, the date and the place from it (and removes it from a plain-text
article); the cleaner removes it from the first paragraph of any article. Forms, tried in order:

``date``
    ``date 2024-06 (VTC News) -``, ``date 2024-06-18``, ``2025-03-01 (Báo Mới) -`` (without the
    word ``date`` the outlet and the dash are required).
``wire``
    ``PLACE[, WHEN] (Outlet) -``: ``HÀ NỘI (Reuters) -``, ``QUY NHƠN, ngày 18/11/2024 (TTXVN) -``,
    ``TP.HCM (VOV) -``. The place is one to five capitalised words; in mixed case
    (``Hà Nội (TTXVN) -``) at most three, unless a date follows it, so a sentence such as
    ``Ông Nguyễn Văn Nam (Hà Nội) - người đầu tiên ...`` is not a dateline.
``place``
    a place alone in capitals: ``HÀ NỘI –``, ``QUI NHƠN, Việt Nam –`` (two or more words, or a
    country after it), followed by a word in lower case, so that a line in capitals
    (``THU HƯƠNG - NHƯ HÙNG``, a headline) is not one. One word is a place only when the alias
    lexicon (``data/aliases.tsv``) lists it as one (``BERLIN -``, ``MOSKVA -``, ``HUẾ -``) and
    a capitalised word follows (a sentence, not ``BERLIN - thủ đô nước Đức - ...``): ``WHO –``
    is no place.
``outlet``
    ``(Dân trí) -``, ``VOV.VN -`` at the very start; or an outlet's own tag without brackets
    (``TTO -``, ``NDĐT-``, ``QĐND Online -``; the list is ``data/outlets.txt``) followed by a
    capitalised word that does not describe the outlet (``VTV - Đài Truyền hình Việt Nam -
    ...`` is a sentence about it).

Dates are read by :func:`tomtat.text.dates.normalize_date` (an impossible date such as
``31/2/2024`` is dropped, the outlet kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .aliases import default_lexicon
from .dates import normalize_date
from .normalize import match_key

__all__ = ["Dateline", "parse_dateline"]

_DASH = r"\s*[-–—:]\s*"
_SOURCE = r"\(\s*(?P<source>[^()\n]{1,60}?)\s*\)"
_CAPS = "A-ZĐÀ-Ỹ"

_DATE = re.compile(
    r"^\s*(?P<kw>(?i:date)\s+)?(?P<date>\d{4}-\d{1,2}(?:-\d{1,2})?)\s*(?:"
    + _SOURCE
    + r")?\s*(?P<dash>[-–—:])?\s*"
)
_WIRE = re.compile(
    r"^\s*(?P<place>[^\W\d_][\w.'’]*(?:[ -][^\W\d_][\w.'’]*){0,4})"
    r"(?:\s*,\s*(?P<when>[^()\n]{1,30}?))?\s*" + _SOURCE + _DASH
)
_PLACE = re.compile(
    rf"^\s*(?P<place>[{_CAPS}][{_CAPS}.'-]*(?: [{_CAPS}][{_CAPS}.'-]*)*)"
    rf"(?:,\s*(?P<country>[{_CAPS}][^\W\d_]*(?: [{_CAPS}][^\W\d_]*){{0,2}}))?\s*[-–—]\s+"
)
_OUTLET = re.compile(
    r"^\s*(?:" + _SOURCE + r"|(?P<site>[A-ZĐ]\w{1,12}\.(?:VN|vn|Vn|COM|com)))" + _DASH
)
# an outlet tag without brackets ("TTO -", "NDĐT-", "QĐND Online -"): looked up in outlets.txt
_TAG = re.compile(r"^\s*(?P<tag>[^\W\d_][\w&]{1,11}(?: [A-Z][a-z]{1,6})?)\s*[-–—]\s*(?=\S)")
# words that open a description of the outlet rather than a sentence of its article
_OUTLET_WORDS = frozenset({"đài", "báo", "kênh", "tờ", "tạp", "hãng", "trang", "cơ"})
_MIXED_CASE_PLACE_WORDS = 3
_MIN_ONE_WORD_PLACE = 3  # letters: "HUẾ", not "Y"
_WHEN_DATE = re.compile(r"(?:ngày\s*)?\d{1,2}/\d{1,2}(?:/\d{4})?")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline at the start of a line: the header as written and what it says.

    ``end`` is the length of the header in the line (white space after it included), so
    ``line[end:]`` is the text that follows it on the same line.
    """

    text: str
    end: int
    source: str = ""
    date: str | None = None  # ISO day or month
    place: str = ""


def _wire(line: str) -> Dateline | None:
    if "(" not in line:  # most first lines: spares the pattern's backtracking over words
        return None
    m = _WIRE.match(line)
    if m is None:
        return None
    place = m["place"]
    words = place.replace("-", " ").split()
    if len(place) < 2 or not all(w[:1].isupper() for w in words):
        return None
    when = (m["when"] or "").strip()
    if place != place.upper():  # mixed case: a short place name, or a date after it
        if when and not _WHEN_DATE.fullmatch(when):
            return None
        if not when and len(words) > _MIXED_CASE_PLACE_WORDS:
            return None
    date = normalize_date(when.removeprefix("ngày").strip()) if when else None
    return Dateline(m.group(0).strip(), m.end(), m["source"].strip(), date, place)


@lru_cache(maxsize=1)
def outlet_tags() -> frozenset[str]:
    """The outlet tags of ``data/outlets.txt`` (first column), as written."""
    data = resources.files(__package__).joinpath("data", "outlets.txt").read_text("utf-8")
    rows = (line.split("\t", 1)[0].strip() for line in data.splitlines())
    return frozenset(row for row in rows if row and not row.startswith("#"))


@lru_cache(maxsize=1)
def _one_word_places() -> frozenset[str]:
    """Match keys of the one-word place names of the alias lexicon ("berlin", "huế",
    "moskva"), acronyms ("UAE", "USA") left out."""
    return frozenset(
        match_key(form)
        for entry in default_lexicon().entries
        if entry.type == "LOC"
        for form in entry.variants
        if form.isalpha() and not form.isupper()
    )


def _opens_sentence(word: str) -> bool:
    """``word`` (the one after a dateline's dash) starts a sentence: a capital or a digit."""
    first = word.lstrip("\"“‘'")[:1]
    return first.isupper() or first.isdigit()


def _outlet_tag(line: str) -> Dateline | None:
    m = _TAG.match(line)
    if m is None or m["tag"] not in outlet_tags():
        return None
    after = line[m.end() :].split(maxsplit=1)
    if not after or not _opens_sentence(after[0]) or after[0].lower() in _OUTLET_WORDS:
        return None
    return Dateline(m.group(0).strip(), m.end(), m["tag"])


def parse_dateline(line: str) -> Dateline | None:
    """The dateline at the start of ``line`` (see the module doc), or None.

    >>> parse_dateline(" date 2024-06 (VTC News) - Tổng thống tới thăm.")
    Dateline(text='date 2024-06 (VTC News) -', end=27, source='VTC News', date='2024-06', place='')
    """
    m = _DATE.match(line)
    if m and (m["kw"] or (m["source"] and m["dash"])):
        return Dateline(
            m.group(0).strip(), m.end(), (m["source"] or "").strip(), normalize_date(m["date"])
        )
    if (found := _wire(line)) is not None:
        return found
    m = _PLACE.match(line)
    if m:
        place = m["place"]
        after = line[m.end() :].split(maxsplit=1)
        one_known = (
            not m["country"]
            and " " not in place
            and len(place) >= _MIN_ONE_WORD_PLACE
            and bool(after)
            and after[0][:1].isupper()
            and match_key(place) in _one_word_places()
        )
        if (
            place == place.upper()
            and (m["country"] or " " in place or one_known)
            and len(place) >= (_MIN_ONE_WORD_PLACE if one_known else 4)
            and bool(after)
            and any(c.islower() for c in after[0])
        ):
            if m["country"]:
                place = f"{place}, {m['country']}"
            return Dateline(m.group(0).strip(), m.end(), place=place)
    m = _OUTLET.match(line)
    if m:
        return Dateline(m.group(0).strip(), m.end(), (m["source"] or m["site"]).strip())
    return _outlet_tag(line)
