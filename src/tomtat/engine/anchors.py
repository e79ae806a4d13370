"""Date anchors: the year a summary sentence's "Hôm 18/06" or "năm ngoái" means, as a bracket.

A summary sentence is read beside sentences of other days. When the summary needs it
(:func:`anchoring_needed`), a day/month date or a relative time without a year gets the date it
resolves to as an editorial bracket right after it: "Hôm 18/06 [18/6/2024], ...". The bracket
is marked (``SummarySentence.inserted``: ``(start, end, text)`` offsets in the displayed text),
so the source text is exactly recoverable (``SummarySentence.source_text``).

Resolution (:func:`cluster_dates`), with the one grammar and resolver of
:mod:`tomtat.text.dates`:

* an article with a publication date (``Document.date``) resolves its partial and relative
  dates against it (a missing year puts the date in the ten months before to two months after
  it). A weekday or "hôm qua" is taken only against a publication date known to the day;
* an article without a date takes the year of the same day/month written or resolved in
  another article of the cluster (a day anchor), else the year of the same month (a month
  anchor) when that month falls within ten months before to two months after the cluster's
  latest known date; relative times ("năm ngoái", "hôm thứ Hai") are never resolved there;
* **contradictory dates**: when the cluster dates one day/month (or, for a month anchor, one
  month) in two different years, or an article's own resolution disagrees with the year the
  rest of the cluster gives that day/month, nothing is inserted;
* only a confidence of at least :data:`HIGH_CONFIDENCE` counts (``text.dates`` confidences:
  0.85 a year from the publication date, 0.75 from an anchor); weekdays, "hôm qua", "tuần
  trước" (at most 0.6 there) count only against a day-precise publication date.

The same resolutions give each sentence the date of the event it describes
(:func:`event_days`), which :func:`tomtat.engine.order.event_order` sorts by.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import Cluster, Sentence, SummarySentence
from ..text.dates import (
    DateExpression,
    Reference,
    ResolvedDate,
    find_dates,
    infer_year,
    month_number,
    month_range,
    parse_date,
    reference_from,
    resolve,
)

HIGH_CONFIDENCE = 0.75
FEW_DAYS = 3  # a summary whose dates span more than this many days needs anchors
# expressions written without a year: the ones an anchor completes
ANCHORED_PATTERNS = frozenset(
    {"dm", "dm_dash", "day_range", "from_to", "night_range", "month_rel", "rel_year",
     "rel_month", "rel_day", "weekday"}
)  # fmt: skip
_DAY_PATTERNS = frozenset({"dm", "dm_dash", "day_range", "from_to", "night_range"})
_NEAR_DAY_PATTERNS = frozenset({"rel_day", "weekday", "rel_week"})  # at most 0.6 in text.dates
_EVENT_PRECISIONS = frozenset({"day", "range", "month"})


@dataclass(frozen=True, slots=True)
class SentenceDate:
    """One date expression of a sentence, on the calendar with high confidence."""

    expr: DateExpression
    resolved: ResolvedDate


def _day_month(expr: DateExpression) -> tuple[int, int] | None:
    """(day, month) of the first day of a partial day expression, else None."""
    g = expr.groups
    try:
        if expr.pattern in ("dm", "dm_dash"):
            return int(g[0] or 0), int(g[1] or 0)
        if expr.pattern == "day_range":
            return int(g[0] or 0), int(g[2] or 0)
        if expr.pattern in ("from_to", "night_range"):
            return int(g[0] or 0), int(g[1] or 0)
    except ValueError:
        return None
    return None


def _written_year(expr: DateExpression) -> bool:
    return expr.pattern in ("day_range", "from_to") and any(x and len(x) == 4 for x in expr.groups)


@dataclass
class _Anchors:
    days: dict[tuple[int, int], set[int]]
    months: dict[int, set[int]]

    def add(self, found: ResolvedDate) -> None:
        for d in {found.start, found.end}:
            self.days.setdefault((d.day, d.month), set()).add(d.year)
            self.months.setdefault(d.month, set()).add(d.year)


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=16384)
def _find(text: str) -> tuple[DateExpression, ...]:
    return tuple(find_dates(text))


def _collect(
    cluster: Cluster, focus: Collection[int], has_digit: Sequence[bool] | None = None
) -> list[tuple[DateExpression, ...]]:
    """Date expressions of the sentences that hold a digit (every anchor and day date has
    one), and of every sentence in ``focus`` (relative ones too: "hôm qua", "năm ngoái").
    ``has_digit``: per sentence, does its text hold a digit (``\\d``), when known already."""
    if has_digit is None:
        has_digit = [_DIGIT.search(s.text) is not None for s in cluster.sentences]
    return [
        _find(s.text) if digit or s.position in focus else ()
        for s, digit in zip(cluster.sentences, has_digit, strict=True)
    ]


class Dates(dict[int, list[SentenceDate]]):
    """What :func:`cluster_dates` returns: per sentence position, its resolved dates; and
    what resolved them, so that :meth:`focused` reads more sentences without a second pass."""

    def __init__(self, items: Iterable[tuple[int, list[SentenceDate]]], context: tuple) -> None:
        super().__init__(items)
        self.context = context  # (publication references, anchors, latest date)

    def focused(self, cluster: Cluster, focus: Collection[int]) -> Dates:
        """``cluster_dates(cluster, focus)``: the sentences with a digit, the only ones that
        make anchors, are read already; the focus sentences without one are added."""
        sents = cluster.sentences
        new = {p: got for p in focus if p not in self and (got := self._read(sents[p]))}
        return Dates(sorted({**self, **new}.items()), self.context) if new else self

    def _read(self, s: Sentence, found: tuple[DateExpression, ...] | None = None) -> list:
        refs, anchors, latest = self.context
        found = _find(s.text) if found is None else found
        return [
            SentenceDate(expr, res)
            for expr in found
            if (res := _resolve_one(expr, refs[s.doc_index], anchors, latest)) is not None
        ]


def cluster_dates(
    cluster: Cluster, focus: Collection[int] = (), *, has_digit: Sequence[bool] | None = None
) -> Dates:
    """Per sentence position, its date expressions resolved with high confidence (see the
    module docstring), in text order. Absolute dates ("13/9/2023", "tháng 9/2023") are
    included; durations and "cùng ngày" are not. Only sentences with a digit, and those in
    ``focus`` (the summary's), are read: relative dates elsewhere are never needed.
    ``has_digit``: per sentence, does its text hold a digit (``\\d``), when known already
    (:attr:`~tomtat.engine.features.Features.has_digit`: a regex search of every sentence
    was a sixth of this step)."""
    exprs = _collect(cluster, frozenset(focus), has_digit)
    refs = [reference_from(d.date) for d in cluster.documents]
    anchors = _Anchors({}, {})
    latest: date | None = None
    for s, found in zip(cluster.sentences, exprs, strict=True):
        ref = refs[s.doc_index]
        for expr in found:
            if expr.pattern in ("dmy", "month_year") or (
                expr.pattern in _DAY_PATTERNS and _written_year(expr)
            ):
                res = resolve(expr, None)
            elif expr.pattern in _DAY_PATTERNS and ref is not None:
                res = resolve(expr, ref)
            else:
                continue
            if res is not None and res.confidence >= 0.85:
                anchors.add(res)
                if expr.pattern != "month_year" and res.precision in ("day", "range"):
                    latest = max(latest, res.end) if latest else res.end
    pubs = [r.day for r in refs if r is not None]
    if pubs:
        latest = max(pubs)
    out = Dates((), (refs, anchors, latest))
    for s, found in zip(cluster.sentences, exprs, strict=True):
        if found and (got := out._read(s, found)):
            out[s.position] = got
    return out


def _resolve_one(
    expr: DateExpression, ref: Reference | None, anchors: _Anchors, latest: date | None
) -> ResolvedDate | None:
    if expr.pattern in ("duration", "same_day") or (
        expr.pattern == "month_rel" and (expr.groups[1] or "").lower().startswith("cùng")
    ):
        return None
    dm = _day_month(expr) if expr.pattern in _DAY_PATTERNS else None
    if ref is None and expr.pattern == "month_rel":
        return _month_from_anchor(month_number(expr.groups[0] or "") or 0, anchors, latest)
    if ref is not None or expr.pattern not in _DAY_PATTERNS or _written_year(expr):
        res = resolve(expr, ref)
        if res is None:
            return None
        if expr.pattern in _NEAR_DAY_PATTERNS:
            ok = ref is not None and ref.precision == "day" and ref.how == "publication"
            return res if ok and expr.pattern != "rel_week" else None
        if res.confidence < HIGH_CONFIDENCE:
            return None
        if dm is not None and not _written_year(expr):
            known = anchors.days.get(dm, set())
            if known and known != {res.start.year}:
                return None  # the cluster dates this day/month in another year
        return res
    if dm is None:
        return None
    years: set[int] = anchors.days.get(dm, set())
    if not years:
        month = _month_from_anchor(dm[1], anchors, latest)
        years = {month.start.year} if month is not None else set()
    if len(years) != 1:
        return None  # contradictory: one day/month, several years
    (year,) = years
    res = resolve(expr, None, {dm: year})
    return res if res is not None and res.confidence >= HIGH_CONFIDENCE else None


def _month_from_anchor(month: int, anchors: _Anchors, latest: date | None) -> ResolvedDate | None:
    """The month of the cluster's one year for ``month`` (a month anchor), when that month lies
    within ten months before to two months after the cluster's latest known date."""
    years = anchors.months.get(month)
    if not years or len(years) != 1 or latest is None:
        return None
    (year,) = years
    if infer_year(1, month, latest.replace(day=1)) != year:
        return None  # a month of another time than the cluster's: background, not news
    rng = month_range(year, month)
    return ResolvedDate(*rng, "month", HIGH_CONFIDENCE, "partial") if rng else None


def event_days(
    cluster: Cluster, dates: Mapping[int, Sequence[SentenceDate]] | None = None
) -> dict[int, date]:
    """Per sentence position, the day of the event it describes: the start of its first date
    resolved to a day, a range or a month, or to a year before its article's publication year
    (background). A date range that holds the publication day itself ("tháng này") is left
    out: it places nothing."""
    found = cluster_dates(cluster) if dates is None else dates
    out: dict[int, date] = {}
    for p, items in found.items():
        pub = parse_date(cluster.documents[cluster.sentences[p].doc_index].date)
        for item in items:
            r = item.resolved
            if pub is not None and r.start <= pub.day <= r.end and r.start != r.end:
                continue
            if r.precision in _EVENT_PRECISIONS or (
                r.precision == "year" and pub is not None and r.end.year < pub.day.year
            ):
                out[p] = r.start
                break
    return out


def anchoring_needed(
    cluster: Cluster, positions: Sequence[int], dates: Mapping[int, Sequence[SentenceDate]]
) -> bool:
    """True when the summary's sentences come from articles of different publication days (or
    some dated and some not), or when the publication dates of the cluster and the days the
    summary names (day and range dates; a month or a year places no event) span more than
    :data:`FEW_DAYS` days."""
    docs = {cluster.sentences[p].doc_index for p in positions}
    written = [parse_date(cluster.documents[i].date) for i in docs]
    days = {w.day for w in written if w is not None and w.precision == "day"}
    if len(days) > 1 or (any(w is None for w in written) and any(written)):
        return True
    points = [w.day for d in cluster.documents if (w := parse_date(d.date)) is not None]
    points += [
        day
        for p in positions
        for item in dates.get(p, ())
        if item.resolved.precision in ("day", "range")
        for day in (item.resolved.start, item.resolved.end)
    ]
    return bool(points) and (max(points) - min(points)).days > FEW_DAYS


def bracket(found: ResolvedDate) -> str:
    """The editorial bracket of a resolved date: ``[18/6/2024]``, ``[12-17/9/2023]``,
    ``[tháng 9/2023]``, ``[2023]``; "" for a precision not shown (a week)."""
    a, b = found.start, found.end
    if found.precision == "day":
        return f"[{a.day}/{a.month}/{a.year}]"
    if found.precision == "range":
        if (a.year, a.month) == (b.year, b.month):
            return f"[{a.day}-{b.day}/{a.month}/{a.year}]"
        if a.year == b.year:
            return f"[{a.day}/{a.month}-{b.day}/{b.month}/{a.year}]"
        return f"[{a.day}/{a.month}/{a.year}-{b.day}/{b.month}/{b.year}]"
    if found.precision == "month":
        return f"[tháng {a.month}/{a.year}]"
    if found.precision == "year" and a.year == b.year:
        return f"[{a.year}]"
    return ""


def insert_anchors(
    text: str, items: Sequence[SentenceDate]
) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """``text`` with a bracket after each expression written without a year, and the
    insertions as ``(start, end, inserted text)`` in the returned text. A date already followed
    by its year ("ngày 18/6 năm 2024") gets none."""
    pieces: list[tuple[int, str]] = []
    for item in items:
        expr = item.expr
        if expr.pattern not in ANCHORED_PATTERNS or _written_year(expr):
            continue
        label = bracket(item.resolved)
        end = expr.span[1]
        # the expression as found may end on white space or a bracket: anchor after the date
        while end > expr.span[0] and not text[end - 1].isalnum():
            end -= 1
        after = text[end : end + 12].lstrip(" ,")
        if not label or after.lower().startswith(("năm ", "[")) or after[:4].isdigit():
            continue
        pieces.append((end, " " + label))
    out, inserted, shift, last = [], [], 0, 0
    for at, piece in sorted(pieces):
        out.append(text[last:at])
        start = at + shift
        out.append(piece)
        inserted.append((start, start + len(piece), piece))
        shift += len(piece)
        last = at
    out.append(text[last:])
    return "".join(out), tuple(inserted)


def remove_insertions(text: str, inserted: Sequence[tuple[int, int, str]]) -> str:
    """The source text back from a displayed text and its insertions."""
    for start, end, _ in sorted(inserted, reverse=True):
        text = text[:start] + text[end:]
    return text


def anchor_summary(
    cluster: Cluster,
    sentences: Sequence[SummarySentence],
    dates: Mapping[int, Sequence[SentenceDate]] | None = None,
) -> tuple[SummarySentence, ...]:
    """The summary sentences with their date brackets when :func:`anchoring_needed`."""
    from dataclasses import replace

    found = cluster_dates(cluster) if dates is None else dates
    positions = [s.position for s in sentences]
    if not any(p in found for p in positions) or not anchoring_needed(cluster, positions, found):
        return tuple(sentences)
    out = []
    for s in sentences:
        text, inserted = insert_anchors(s.text, found.get(s.position, ()))
        out.append(replace(s, text=text, inserted=inserted) if inserted else s)
    return tuple(out)


def unanchored(
    cluster: Cluster, positions: Sequence[int], dates: Mapping[int, Sequence[SentenceDate]]
) -> list[int]:
    """Positions whose text has a day/month date without a year that did not resolve with high
    confidence: in a summary that needs anchors, such a sentence would show no year."""
    out = []
    for p in positions:
        resolved = {item.expr.span for item in dates.get(p, ())}
        for expr in _find(cluster.sentences[p].text):
            if (
                expr.pattern in _DAY_PATTERNS
                and not _written_year(expr)
                and expr.span not in resolved
            ):
                out.append(p)
                break
    return out
