"""Dates in Vietnamese news: one grammar and one resolver for the whole package.

Two kinds of date text, one module:

* **Written dates** (a document's ``date`` field, a page's ``article:published_time``, the
  date of a dateline): ISO ``2024-11-19``, ``2024-11-19T07:30:00+07:00``, ``2024-06``, and the
  Vietnamese order ``19/11/2024``, ``06/2024``. :func:`parse_date` reads them into a
  :class:`WrittenDate` (a day, or a month); :func:`normalize_date` gives the ISO string
  (``"2024-11-19"`` or ``"2024-06"``) the readers store in ``Document.date``;
  :func:`day_number` and :func:`publication_day` are what the event clusterer and the reading
  order need.
* **Dates in sentences**: :func:`find_dates` finds the date expressions of one sentence
  (absolute "ngày 13/9/2023", "tháng 7/2000", "năm 2006", "1950 - 1953"; partial "Hôm 18/06",
  "18 - 19/6", "12-17/9", "sáng 19/11", "tháng 7"; relative "tháng 9 năm ngoái",
  "Tháng Chín năm ngoái", "hôm thứ Hai", "tuần tới", "hôm qua", "năm ngoái"; durations "sau
  24 năm"), as :class:`DateExpression` values, and :func:`resolve` turns one into a
  :class:`ResolvedDate` (start and end day, precision, confidence) against a
  :class:`Reference` (usually the article's publication date, :func:`reference_from`).
  :func:`resolve_sentence` does both for one sentence.
* **The days a sentence writes, unresolved** (:func:`written_days`): day/month pairs with
  ranges expanded ("12-17/9" = 12/9 ... 17/9), months and years, for comparing two sentences
  ("27/8" vs "29/8") without a reference; :data:`DAY_MONTH` and :data:`YEAR` are the quick
  patterns for "does this text write a day / a year" (citations, event splitting).

Missing years are chosen so the date falls in the ten months before to two months after the
reference (:func:`infer_year`: news reports recent events). Impossible dates ("31/2",
"99/99") are never resolved. Confidence (0-1): 0.95 a full date as written; 0.85 a year or day
taken from the reference; 0.75 a year taken from the same date written in full elsewhere
(``anchors``); 0.6 a weekday or relative date against a day-precise reference; durations 0.5
(0.35 against a reference that is not a publication date); each multiplied by the
reference's own confidence.

Everything here is a pure function over frozen dataclasses.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, NamedTuple

# --------------------------------------------------------------------------- written dates

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_MY = re.compile(r"^\s*(\d{1,2})[/.-](\d{4})\s*$")


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A calendar date as written in metadata: a day, or a month (``day`` is then the 1st)."""

    day: date
    precision: Literal["day", "month"]

    def iso(self) -> str:
        """``"2024-11-19"`` for a day, ``"2024-11"`` for a month."""
        return self.day.isoformat() if self.precision == "day" else self.day.strftime("%Y-%m")


def _fields(value: str | None) -> tuple[date, bool] | None:
    """``(day, is_month)`` of a written date (the 1st for a month), None when invalid."""
    if not value or not isinstance(value, str):
        return None
    if m := _ISO.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
    elif m := _DMY.match(value):
        year, month, day = int(m[3]), int(m[2]), int(m[1])
    elif m := _MY.match(value):
        year, month, day = int(m[2]), int(m[1]), None
    else:
        return None
    found = safe_date(year, month, day or 1)
    return None if found is None else (found, day is None)


def parse_date(value: str | None) -> WrittenDate | None:
    """``"2024-11-19T07:30:00+07:00"``, ``"19/11/2024"``, ``"2024-06"``, ``"06/2024"`` -> a
    :class:`WrittenDate`; None when the value is empty, not a date, or not a valid calendar
    date (``"2024-02-30"``)."""
    found = _fields(value)
    return None if found is None else WrittenDate(found[0], "month" if found[1] else "day")


def normalize_date(value: str | None) -> str | None:
    """``"2024-11-19T07:30:00+07:00"``/``"19/11/2024"``/``"2024-06"`` -> ISO date or month.

    Returns None when the value is empty or not a valid calendar date.
    """
    found = _fields(value)
    if found is None:
        return None
    day, is_month = found
    return f"{day.year:04d}-{day.month:02d}" if is_month else day.isoformat()


def publication_day(value: str | None) -> str | None:
    """The ISO day of ``value`` when it is known to the day, else None (a month, no date)."""
    found = parse_date(value)
    return found.day.isoformat() if found is not None and found.precision == "day" else None


def day_number(value: str | None, *, month: bool = True) -> float | None:
    """A date as a day number (``date.toordinal()``, float); None when there is none.

    A month date counts as its first day; ``month=False`` refuses month dates (the event
    clusterer's window needs a day: a "2024-11" dateline must not read as 1 November).
    """
    found = parse_date(value)
    if found is None or (found.precision == "month" and not month):
        return None
    return float(found.day.toordinal())


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when there is no such day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_range(year: int, month: int) -> tuple[date, date] | None:
    """First and last day of a month, or None when it does not exist."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def infer_year(day: int, month: int, ref: date) -> int | None:
    """The year that puts day/month within [ref - 10 months, ref + 2 months], closest to ref."""
    best: tuple[int, int] | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        cand = safe_date(y, month, day)
        if cand is None:
            continue
        delta = (cand - ref).days
        if -310 <= delta <= 62:
            score = abs(delta)
            if best is None or score < best[0]:
                best = (score, y)
    return best[1] if best else None


# --------------------------------------------------------------------------- dates in sentences

_MONTH_WORDS = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip
_WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "chủ nhật": 6}
_REL_YEAR = {"ngoái": -1, "trước": -1, "nay": 0, "này": 0, "tới": 1, "sau": 1}
_NUMWORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "mười": 10}

_D = r"(\d{1,2})"
_Y = r"(\d{4})"
_CUE_WORDS = (
    "ngày", "hôm", "sáng", "chiều", "tối", "trưa", "đêm", "khuya", "rạng sáng", "từ", "đến", "tới",
    "vào", "đầu", "cuối", "giữa", "hết", "trước", "sau", "qua", "nay", "lúc", "hồi", "trong",
    "tính đến", "kể từ",
)  # fmt: skip
_CUE = "(?:" + "|".join(_CUE_WORDS) + ")"
# A number that opens a pattern has what stands before it checked after its first digit
# ("\d(?<![\d/.,]\d)" for "(?<![\d/.,])\d"; the same for a word): the same matches, and ``re``
# scans for the digit instead of trying the pattern at every character (2-3x faster).
_D_OPEN = r"(\d(?<![\d/.,]\d)\d?)"  # = (?<![\d/.,])(\d{1,2})
_MONTH_WORD_RE = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_WEEKDAY_RE = r"(?:thứ\s+(hai|ba|tư|năm|sáu|bảy)|(chủ\s+nhật))"

# (name, compiled pattern); tried in this order, earlier matches win overlaps
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "from_to",
        re.compile(
            rf"từ\s+(?:\w+\s+){{0,2}}?{_D}/{_D}(?:/{_Y})?\s+(?:đến|tới)\s+(?:\w+\s+){{0,2}}?"
            rf"{_D}/{_D}(?:/{_Y})?(?![\d/])",
            re.I,
        ),
    ),
    (
        "night_range",
        re.compile(rf"đêm\s+{_D}/{_D}\s+(?:rạng\s+sáng|sáng)\s+(?:ngày\s+)?{_D}/{_D}(?![\d/])", re.I),
    ),
    ("same_day", re.compile(r"(?:(?:sáng|chiều|tối|trưa|đêm|trong|vào)\s+)+cùng\s+ngày(?!\w)", re.I)),
    ("day_range", re.compile(rf"{_D_OPEN}\s*[-–]\s*{_D}/{_D}(?:/{_Y})?(?![\d/])")),
    ("dmy", re.compile(rf"{_D_OPEN}[/.-]{_D}[/.-]{_Y}(?!\d)")),
    ("dm_dash", re.compile(rf"(?:ngày|hôm)\s+{_D}-{_D}(?![\d/-])", re.I)),
    ("dm", re.compile(rf"(?:(?<!\w){_CUE}\s+|\()(?:ngày\s+)?{_D}/{_D}(?![\d/])", re.I)),
    ("month_year", re.compile(rf"tháng\s+{_D}\s*(?:/|-|\s+năm\s+){_Y}", re.I)),
    (
        "month_rel",
        re.compile(
            rf"tháng\s+(\d{{1,2}}|{_MONTH_WORD_RE})(?:\s+(năm\s+(?:ngoái|trước|nay|này|tới|sau)"
            rf"|cùng\s+năm))?(?![\d/\w])",
            re.I,
        ),
    ),
    ("year_range", re.compile(rf"(\d(?<![\d/.,]\d)\d{{3}})\s*[-–]\s*{_Y}(?![\d/])")),
    ("decade", re.compile(r"(?:những|các)\s+năm\s+(\d{3}0)(?:s)?(?!\d)", re.I)),
    ("year", re.compile(rf"năm\s+{_Y}(?!\d)", re.I)),
    ("rel_year", re.compile(r"năm(?<!các năm)(?<!những năm)\s+(ngoái|trước|nay|tới|sau)(?!\w)", re.I)),
    ("rel_month", re.compile(r"tháng\s+(trước|này|tới|sau|qua)(?!\w)", re.I)),
    ("rel_week", re.compile(r"tuần\s+(trước|này|tới|sau|qua)(?!\w)", re.I)),
    ("rel_day", re.compile(r"(hôm\s+qua|hôm\s+kia|hôm\s+nay|ngày\s+mai|(?:sáng|chiều|tối)\s+nay)(?!\w)", re.I)),
    (
        "weekday",
        re.compile(
            rf"(?:(?:hôm|sáng|chiều|tối|trưa|đêm|ngày|vào|rạng sáng hôm|rạng sáng)\s+){_WEEKDAY_RE}(?!\w)",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            r"(?:sau|kể từ|suốt|trong)\s+(?:gần|hơn|khoảng|đúng)?\s*(\d{1,3}|một|hai|ba|bốn|năm|mười)"
            r"\s+năm(?!\s+\d)",
            re.I,
        ),
    ),
]  # fmt: skip


# Lower-case pieces one of which every match of a pattern contains (its literal words, or the
# "/" or "-" between day and month, the dash of a range): a sentence with none of them skips
# that pattern, which finds the same dates in a fraction of the time. ``dmy`` always runs.
_NEEDS: dict[str, tuple[str, ...]] = {
    "from_to": ("từ",),
    "night_range": ("đêm",),
    "same_day": ("cùng",),
    "day_range": ("/",),
    "dm_dash": ("-",),
    "dm": ("/",),
    "month_year": ("tháng",),
    "month_rel": ("tháng",),
    "decade": ("năm",),
    "year": ("năm",),
    "rel_year": ("năm",),
    "rel_month": ("tháng",),
    "rel_week": ("tuần",),
    "rel_day": ("hôm", "mai", "nay"),
    "weekday": ("thứ", "chủ"),
    "duration": ("năm",),
    "year_range": ("-", "–"),
}
# Quick patterns every match of a pattern holds: a digit shape (a day/month "12/6", "18-6"; a
# year's four digits) or the weekday without the cue before it. Scanned for once per sentence,
# and only when the pattern's words are there, they rule the pattern out of most sentences
# ("100 người", "3,5 tỷ", "lần thứ 3").
_SLASH, _DASH, _FOUR = re.compile(r"\d/\d"), re.compile(r"\d-\d"), re.compile(r"\d{4}")
_QUICK = {
    "from_to": _SLASH, "night_range": _SLASH, "day_range": _SLASH, "dm": _SLASH,
    "dm_dash": _DASH, "dmy": _FOUR, "month_year": _FOUR, "year_range": _FOUR, "decade": _FOUR,
    "year": _FOUR, "weekday": re.compile(_WEEKDAY_RE, re.I),
}  # fmt: skip


# The words one of which every match of a pattern starts with (lower case; "(" for "dm"): a
# re.I pattern opening on words is tried only where ``low`` holds one of them (see
# _matches_from), not at every position; most of the time went to the patterns opening on
# alternative cue words ("dm" has 26).
_CUE_FIRST_WORDS = tuple(dict.fromkeys(w.split()[0] for w in _CUE_WORDS))
_STARTS: dict[str, tuple[str, ...]] = {
    "dm_dash": ("ngày", "hôm"),
    "dm": (*_CUE_FIRST_WORDS, "("),
    "decade": ("những", "các"),
    "rel_day": ("hôm", "ngày", "sáng", "chiều", "tối"),
    "weekday": ("hôm", "sáng", "chiều", "tối", "trưa", "đêm", "ngày", "vào", "rạng"),
    "duration": ("sau", "kể", "suốt", "trong"),
    "from_to": ("từ",),
    "night_range": ("đêm",),
    "month_year": ("tháng",),
    "month_rel": ("tháng",),
    "year": ("năm",),
    "rel_year": ("năm",),
    "rel_month": ("tháng",),
    "rel_week": ("tuần",),
}
# Letters that re.I matches with a letter of those words although their lower case is not
# that letter ("ı" is "i", "ſ" is "s" for re.I): a sentence holding one is scanned.
_ODD_FOLDS = ("\u0131", "\u017f")


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression found in a sentence: which pattern, its groups, where, as written.

    ``pattern`` is one of ``from_to``, ``night_range``, ``same_day``, ``day_range``, ``dmy``,
    ``dm_dash``, ``dm``, ``month_year``, ``month_rel``, ``year_range``, ``decade``, ``year``,
    ``rel_year``, ``rel_month``, ``rel_week``, ``rel_day``, ``weekday``, ``duration``.
    """

    pattern: str
    groups: tuple[str | None, ...]
    span: tuple[int, int]  # offsets in the sentence
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    """The date a sentence's partial and relative dates are resolved against.

    ``precision`` is ``"day"`` or ``"month"``; ``confidence`` multiplies the confidence of
    what is resolved against it; ``how`` tells where it came from (``"publication"``,
    ``"publication-narrowed"``, ``"anchored"``, ``"cluster"``).
    """

    day: date
    precision: str
    confidence: float
    how: str


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date expression on the calendar: ``start``..``end`` (one day when equal).

    ``precision``: day, range, week, month, year, decade. ``kind``: absolute (written in
    full), partial (a year or day taken from the reference), relative, duration.
    """

    start: date
    end: date
    precision: str
    confidence: float
    kind: str


def reference_from(value: str | None) -> Reference | None:
    """A publication date (``Document.date``) as a :class:`Reference`; a month date is
    placed on its 15th at month precision. None when there is no valid date."""
    found = parse_date(value)
    if found is None:
        return None
    if found.precision == "day":
        return Reference(found.day, "day", 1.0, "publication")
    return Reference(found.day.replace(day=15), "month", 1.0, "publication")


def month_number(word: str) -> int | None:
    """``"9"``, ``"Chín"``, ``"mười  hai"``, ``"giêng"`` -> the month number, else None."""
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _MONTH_WORDS.get(word)


def explicit_day(expr: DateExpression) -> date | None:
    """The day of a full ``d/m/yyyy`` expression; None for any other expression."""
    if expr.pattern != "dmy":
        return None
    g = expr.groups
    return safe_date(int(g[2] or 0), int(g[1] or 0), int(g[0] or 0))


_NEED_WORDS = frozenset(word for words in _NEEDS.values() for word in words)
# per pattern: its name, itself, the words one of which it needs, its quick pattern, the
# words its matches start with
_PLAN = [
    (
        name,
        pat,
        frozenset(_NEEDS[name]) if name in _NEEDS else None,
        _QUICK.get(name),
        _STARTS.get(name),
    )
    for name, pat in _PATTERNS
]


def find_dates(sentence: str) -> list[DateExpression]:
    """Date expressions of one sentence, leftmost-longest, earlier patterns winning overlaps.

    Linear in the sentence: the characters already taken are marked in a byte mask (one scan
    of a match's own span instead of a comparison with every earlier match: 100 KB of
    "1/1/2020 ..." took 37 s), and "cùng ngày" is found first and extended backwards over its
    cue words (the pattern run forwards re-scanned a long run of cue words from each of them:
    100 KB of "sáng sáng ..." took 26 s).
    """
    found: list[DateExpression] = []
    taken = bytearray(len(sentence))
    low = sentence.lower()
    present = {word for word in _NEED_WORDS if word in low}
    shapes: dict[re.Pattern[str], bool] = {}
    # each character of ``low`` is the lower case of the sentence's character at that offset
    lines_up = len(low) == len(sentence) and not any(c in sentence for c in _ODD_FOLDS)
    for name, pat, needs, shape, starts in _PLAN:
        if needs is not None and needs.isdisjoint(present):
            continue  # no match possible: skip the scan (most patterns, in most sentences)
        if shape is not None:
            if shape not in shapes:
                shapes[shape] = shape.search(sentence) is not None
            if not shapes[shape]:
                continue
        if name == "same_day":
            matches: Iterable[_Found | re.Match[str]] = _same_day_matches(sentence)
        elif starts is not None and lines_up:
            matches = _matches_from(pat, sentence, low, starts)
        else:
            matches = pat.finditer(sentence)
        for m in matches:
            a, b = m.span()
            if taken.find(1, a, b) >= 0:
                continue
            found.append(DateExpression(name, m.groups(), (a, b), m.group()))
            taken[a:b] = b"\x01" * (b - a)
    found.sort(key=lambda r: r.span)
    return found


def word_starts(text: str, words: tuple[str, ...], start: int = 0) -> list[int]:
    """Every position from ``start`` on where one of ``words`` occurs in ``text``, in order
    (each once): where a pattern whose matches open on those words can start."""
    positions: set[int] = set()
    for word in words:
        at = text.find(word, start)
        while at >= 0:
            positions.add(at)
            at = text.find(word, at + 1)
    return sorted(positions)


def _matches_from(
    pat: re.Pattern[str], sentence: str, low: str, starts: tuple[str, ...]
) -> list[re.Match[str]]:
    """``pat.finditer(sentence)`` for a pattern whose every match starts with one of the words
    ``starts`` (``low`` is ``sentence.lower()``, character for character): the pattern is
    tried only where ``low`` holds one of them, in order, each search going on after the last
    match (``match(sentence, pos)`` is the search's own step: look-behind sees before ``pos``).
    """
    found: list[re.Match[str]] = []
    end = 0
    for pos in word_starts(low, starts):
        if pos >= end and (m := pat.match(sentence, pos)) is not None:
            found.append(m)
            end = m.end()
    return found


_SAME_DAY_TAIL = re.compile(r"cùng\s+ngày(?!\w)", re.I)
_SAME_DAY_CUE = re.compile(r"(?:sáng|chiều|tối|trưa|đêm|trong|vào)", re.I)  # as in same_day
_SAME_DAY_CUE_LENGTHS = (3, 4, 5)  # no two cues end alike: at most one length matches


class _Found(NamedTuple):
    """The part of a match object :func:`find_dates` reads."""

    start_end: tuple[int, int]
    text: str

    def span(self) -> tuple[int, int]:
        return self.start_end

    def groups(self) -> tuple[str | None, ...]:
        return ()

    def group(self) -> str:
        return self.text


def _same_day_matches(sentence: str) -> list[_Found]:
    """What the same_day pattern of ``_PATTERNS`` finds, found from each "cùng ngày"
    backwards: the longest run of ``<cue><space>`` before it, not reaching back into the
    previous match (the regex's own matching rules, ``re.I`` folding included: the cue is
    matched with the same alternatives)."""
    out: list[_Found] = []
    floor = 0
    for tail in _SAME_DAY_TAIL.finditer(sentence):
        start = pos = tail.start()
        if pos < floor:
            continue
        while True:
            gap = pos
            while gap > floor and sentence[gap - 1].isspace():
                gap -= 1
            if gap == pos:
                break
            for length in _SAME_DAY_CUE_LENGTHS:
                if gap - length >= floor and _SAME_DAY_CUE.fullmatch(sentence, gap - length, gap):
                    pos = gap - length
                    break
            else:
                break
            start = pos
        if start < tail.start():
            out.append(_Found((start, tail.end()), sentence[start : tail.end()]))
            floor = tail.end()
    return out


def resolve(
    expr: DateExpression,
    ref: Reference | None,
    anchors: Mapping[tuple[int, int], int] | None = None,
) -> ResolvedDate | None:
    """Put ``expr`` on the calendar against ``ref``; None when it cannot be resolved.

    ``anchors`` maps (day, month) to the year of the same date written in full elsewhere
    (it dates a partial "13/9" before the reference does). ``same_day`` ("cùng ngày") and
    "tháng 7 cùng năm" depend on the mentions before them: their caller resolves them.
    """
    try:
        return _resolve(expr, ref, anchors or {})
    except (ValueError, OverflowError, KeyError):
        return None


def needs_context(expr: DateExpression) -> bool:
    """True for "cùng ngày" and "tháng 7 cùng năm": dated by the mentions before them
    (:func:`resolve_in_context`), not by the reference."""
    return expr.pattern == "same_day" or (
        expr.pattern == "month_rel" and (expr.groups[1] or "").lower().startswith("cùng")
    )


def resolve_in_context(
    expr: DateExpression, last_day: date | None, last_year: int | None
) -> ResolvedDate | None:
    """Resolve a :func:`needs_context` expression: "cùng ngày" is ``last_day`` (the last day
    named before it), "tháng 7 cùng năm" is July of ``last_year``; None without them."""
    if expr.pattern == "same_day":
        return ResolvedDate(last_day, last_day, "day", 0.7, "relative") if last_day else None
    if last_year is None or not needs_context(expr):
        return None
    rng = month_range(last_year, month_number(expr.groups[0] or "") or 0)
    return ResolvedDate(*rng, "month", 0.8, "relative") if rng else None


def resolve_sentence(
    sentence: str, published: str | None
) -> list[tuple[DateExpression, ResolvedDate]]:
    """Every date of ``sentence`` that resolves against the publication date ``published``.

    >>> [(e.text, r.start.isoformat()) for e, r in resolve_sentence("Hôm 18/06, ...", "2024-06-20")]
    [('Hôm 18/06', '2024-06-18')]
    """
    ref = reference_from(published)
    out = []
    for expr in find_dates(sentence):
        found = resolve(expr, ref)
        if found is not None:
            out.append((expr, found))
    return out


def _resolve(
    raw: DateExpression, ref: Reference | None, anchors: Mapping[tuple[int, int], int]
) -> ResolvedDate | None:
    g = tuple(x or "" for x in raw.groups)  # an optional group that did not match: ""
    name = raw.pattern
    if name in ("dmy",):
        d = safe_date(int(g[2]), int(g[1]), int(g[0]))
        return ResolvedDate(d, d, "day", 0.95, "absolute") if d else None
    if name == "month_year":
        rng = month_range(int(g[1]), int(g[0]))
        return ResolvedDate(*rng, "month", 0.95, "absolute") if rng else None
    if name == "year":
        y = int(g[0])
        return (
            ResolvedDate(date(y, 1, 1), date(y, 12, 31), "year", 0.95, "absolute")
            if y >= 1
            else None
        )
    if name == "year_range":
        first, last = int(g[0]), int(g[1])
        if not (1000 <= first < last <= 2999 and last - first <= 100):
            return None
        return ResolvedDate(date(first, 1, 1), date(last, 12, 31), "year", 0.9, "absolute")
    if name == "decade":
        y = int(g[0])
        if y < 1000:
            return None
        return ResolvedDate(date(y, 1, 1), date(y + 9, 12, 31), "decade", 0.9, "absolute")
    if name in ("dm", "dm_dash", "day_range", "from_to", "night_range"):
        if name == "night_range":
            d1, m1, d2, m2 = g
            y1 = y2 = ""
        elif name == "from_to":
            d1, m1, y1, d2, m2, y2 = g
        elif name == "day_range":
            d1, d2, m1, y1 = g
            m2, y2 = m1, y1
        else:
            d1, m1 = g
            d2, m2, y1, y2 = d1, m1, "", ""
        d1i, m1i, d2i, m2i = int(d1), int(m1), int(d2), int(m2)
        if safe_date(2000, m1i, d1i) is None or safe_date(2000, m2i, d2i) is None:
            return None  # 31/2, 99/99 (2000 is a leap year: 29/2 passes here)
        year = y2 or y1
        if year:
            conf, y = 0.95, int(year)
        elif (d1i, m1i) in anchors:
            conf, y = 0.75, anchors[(d1i, m1i)]
        elif ref is not None:
            inferred = infer_year(d1i, m1i, ref.day)
            if inferred is None:
                return None
            conf, y = 0.85 * ref.confidence, inferred
        else:
            return None
        start = safe_date(y if not (y1 and y2) else int(y1), m1i, d1i)
        end = safe_date(y, m2i, d2i)
        if start is None or end is None:
            return None
        if end < start:  # "từ 28/12 đến 3/1"
            start = safe_date(y - 1, m1i, d1i) or start
        kind = "absolute" if year else "partial"
        return ResolvedDate(start, end, "day" if start == end else "range", conf, kind)
    if name == "month_rel":
        word = g[0].lower()
        mo = month_number(word)
        if not mo or not 1 <= mo <= 12 or ref is None:
            return None
        rel = (g[1] or "").lower()
        if rel.startswith("năm"):
            y = ref.day.year + _REL_YEAR[rel.split()[-1]]
            conf, kind = 0.85 * ref.confidence, "relative"
        else:
            inferred = infer_year(1, mo, ref.day.replace(day=1))
            if inferred is None:
                return None
            y, conf, kind = inferred, 0.8 * ref.confidence, "partial"
            if rel.startswith("cùng"):
                conf *= 0.9
        rng = month_range(y, mo)
        return ResolvedDate(*rng, "month", conf, kind) if rng else None
    if ref is None:
        return None
    r = ref.day
    if name == "rel_year":
        y = r.year + _REL_YEAR[g[0].lower()]
        return ResolvedDate(
            date(y, 1, 1), date(y, 12, 31), "year", 0.85 * ref.confidence, "relative"
        )
    if name == "rel_month":
        shift = {"trước": -1, "qua": -1, "này": 0, "tới": 1, "sau": 1}[g[0].lower()]
        mo = r.month + shift
        y = r.year + (mo - 1) // 12
        mo = (mo - 1) % 12 + 1
        rng = month_range(y, mo)
        return ResolvedDate(*rng, "month", 0.8 * ref.confidence, "relative") if rng else None
    day_conf = 0.6 if ref.precision == "day" else 0.35
    if name == "rel_week":
        shift = {"trước": -7, "qua": -7, "này": 0, "tới": 7, "sau": 7}[g[0].lower()]
        monday = r - timedelta(days=r.weekday()) + timedelta(days=shift)
        return ResolvedDate(
            monday, monday + timedelta(days=6), "week", day_conf * ref.confidence, "relative"
        )
    if name == "rel_day":
        w = " ".join(g[0].lower().split())
        shift = {"hôm qua": -1, "hôm kia": -2, "ngày mai": 1}.get(w, 0)
        d = r + timedelta(days=shift)
        return ResolvedDate(d, d, "day", day_conf * ref.confidence, "relative")
    if name == "weekday":
        wd = _WEEKDAYS["chủ nhật" if g[1] else g[0].lower()]
        if ref.precision != "day":
            return None  # a weekday needs a known day to count back from
        d = r - timedelta(days=(r.weekday() - wd) % 7)
        return ResolvedDate(d, d, "day", day_conf * ref.confidence, "relative")
    if name == "duration":
        n = int(g[0]) if g[0].isdigit() else _NUMWORDS.get(g[0].lower())
        if not n or n > 200:
            return None
        y = r.year - n
        conf = (0.5 if ref.how.startswith("publication") else 0.35) * ref.confidence
        return ResolvedDate(date(y, 1, 1), date(y, 12, 31), "year", conf, "duration")
    return None


# --------------------------------------------------------------- days written, unresolved

# a day/month ("18/06", "17/9" in "12-17/9", "13/9/2023"; not "2013-2015" nor "1/8/2022/x");
# groups: day, month, year (or None)
DAY_MONTH = re.compile(r"(\d(?<!\w\d)\d?)[/-](\d{1,2})(?:[/-](\d{4}))?\b(?![/-]\d)")
# a year of the 20th or 21st century ("năm 2022", "13/9/2023", "2013-2015"), not part of a
# longer number ("12019", "2.022"). The look-behind comes after "19"/"20" (it looks at the
# character before them) so that the pattern opens on a literal, which ``re`` scans for
# fast: the same matches, four times faster over whole articles.
YEAR = re.compile(r"(?:19|20)(?<![\d.,]..)\d\d(?![\d.,]\d)")

_W_RANGE = re.compile(_D_OPEN + r"\s*[-–]\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_W_DM = re.compile(_D_OPEN + r"[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\d/])")
_W_MONTH = re.compile(r"tháng\s+(\d{1,2})(?:\s*(?:/|-|năm)\s*(\d{4}))?", re.I)
_W_DIGIT = re.compile(r"\d")
_W_YEAR = re.compile(r"(?:năm|/)\s*((?:19|20)\d\d)(?!\d)", re.I)


@dataclass(frozen=True, slots=True)
class WrittenDays:
    """The dates a sentence writes, as written (no year inferred)."""

    days: frozenset[tuple[int, int]]  # (day, month); a range "12-17/9" gives each day
    months: frozenset[int]  # months written without a day ("tháng 9", "tháng 9/2023")
    years: frozenset[int]  # years written ("năm 2023", "13/9/2023")


_NO_DAYS = WrittenDays(frozenset(), frozenset(), frozenset())


def day_months(text: str) -> list[tuple[int, int, int | None]]:
    """(day, month, year or None) of every valid day/month :data:`DAY_MONTH` finds in
    ``text`` ("12-17/9" gives its last day): a quick scan, no reference needed."""
    out: list[tuple[int, int, int | None]] = []
    for d, m, y in DAY_MONTH.findall(text):
        day, month = int(d), int(m)
        if 1 <= month <= 12 and safe_date(int(y) if y else 2000, month, day) is not None:
            out.append((day, month, int(y) if y else None))
    return out


def written_days(sentence: str) -> WrittenDays:
    """Day/month dates (ranges expanded), months and years written in ``sentence``."""
    if _W_DIGIT.search(sentence) is None:
        return _NO_DAYS
    days: set[tuple[int, int]] = set()
    taken: list[tuple[int, int]] = []
    for m in _W_RANGE.finditer(sentence):
        a, b, mo = int(m[1]), int(m[2]), int(m[3])
        if 1 <= a <= b <= 31 and 1 <= mo <= 12:
            days.update((d, mo) for d in range(a, b + 1))
            taken.append(m.span())
    for m in _W_DM.finditer(sentence):
        if any(x <= m.start() < y for x, y in taken):
            continue
        d, mo = int(m[1]), int(m[2])
        if 1 <= d <= 31 and 1 <= mo <= 12:
            days.add((d, mo))
    months = {int(m[1]) for m in _W_MONTH.finditer(sentence) if 1 <= int(m[1]) <= 12}
    years = {int(y) for y in _W_YEAR.findall(sentence)}
    return WrittenDays(frozenset(days), frozenset(months), frozenset(years))
