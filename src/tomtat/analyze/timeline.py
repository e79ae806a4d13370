"""Timeline: every dated event of a cluster, resolved to ISO dates, merged across sources.

1. **Find** date expressions sentence by sentence: absolute ("ngày 13/9/2023", "tháng 7/2000",
   "năm 2006", "1950 - 1953"), partial ("Hôm 18/06", "18 - 19/6", "12-17/9", "tháng 7"),
   relative ("tháng 9 năm ngoái", "Tháng Chín năm ngoái", "hôm thứ Hai", "tuần tới",
   "hôm qua", "năm ngoái") and durations ("sau 24 năm" -> the year it counts from).
   Impossible dates ("31/2", "99/99") are skipped.
2. **Resolve** against the article's reference date: ``Document.date`` when known (a month
   date is narrowed to the latest day the article itself names in that month); otherwise a
   date the article shares with an explicit date elsewhere in the cluster ("13/9" and
   "13/9/2023"), or else the cluster's latest known publication date, at lower confidence.
   Missing years are chosen so the date falls in the ten months before to two months after
   the reference (news reports recent events).
3. **Merge** the mentions of one event: overlapping dates and similar sentences (cosine of
   TF-IDF over the sentences with names canonicalized, so "Bắc Hàn" = "Triều Tiên") or a
   shared rare name. The most precise date wins; a day inside a month mention refines it.
4. **Flag conflicts**: two events whose sentences are near-duplicates from different sources
   but whose dates cannot both be true.

Confidence (0-1): 0.95 a full date as written; 0.85 year or day taken from the publication
date; 0.75 year taken from the same date written in full elsewhere in the cluster; 0.6 weekday
or relative date with a known publication date; 0.45 anything resolved against an inferred
reference; durations 0.5 / 0.35.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..model import Cluster
from .view import shorten

MERGE_SIMILARITY = 0.12  # cosine (canonicalized TF-IDF) for mentions with compatible dates
CONFLICT_SIMILARITY = 0.5  # near-duplicate sentences whose dates disagree
_PRECISION_RANK = {"day": 0, "range": 0, "week": 1, "month": 2, "year": 3, "decade": 4}

_MONTH_WORDS = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip
_WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "chủ nhật": 6}
_REL_YEAR = {"ngoái": -1, "trước": -1, "nay": 0, "này": 0, "tới": 1, "sau": 1}
_NUMWORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "mười": 10}

_D = r"(\d{1,2})"
_Y = r"(\d{4})"
_CUE = (
    r"(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|khuya|rạng sáng|từ|đến|tới|vào|đầu|cuối|giữa|hết|"
    r"trước|sau|qua|nay|lúc|hồi|trong|tính đến|kể từ)"
)
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
    ("day_range", re.compile(rf"(?<![\d/.,]){_D}\s*[-–]\s*{_D}/{_D}(?:/{_Y})?(?![\d/])")),
    ("dmy", re.compile(rf"(?<![\d/.,]){_D}[/.-]{_D}[/.-]{_Y}(?!\d)")),
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
    ("year_range", re.compile(rf"(?<![\d/.,]){_Y}\s*[-–]\s*{_Y}(?![\d/])")),
    ("decade", re.compile(r"(?:những|các)\s+năm\s+(\d{3}0)(?:s)?(?!\d)", re.I)),
    ("year", re.compile(rf"năm\s+{_Y}(?!\d)", re.I)),
    ("rel_year", re.compile(r"(?<!các )(?<!những )năm\s+(ngoái|trước|nay|tới|sau)(?!\w)", re.I)),
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


@dataclass(frozen=True, slots=True)
class DateMention:
    doc_id: str
    doc_index: int
    sentence: int  # Sentence.position
    text: str  # the sentence
    date_text: str  # as written
    span: tuple[int, int]  # offsets of date_text in the sentence
    start: date
    end: date
    precision: str  # day, range, week, month, year, decade
    confidence: float
    kind: str  # absolute, partial, relative, duration


@dataclass(frozen=True, slots=True)
class _Ref:
    day: date
    precision: str  # "day" or "month"
    confidence: float  # multiplier for what is resolved against it
    how: str  # "publication", "publication-narrowed", "anchored", "cluster", "none"


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_range(y: int, m: int) -> tuple[date, date] | None:
    if not 1 <= m <= 12 or not 1 <= y <= 9999:
        return None
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _parse_doc_date(value: str | None) -> _Ref | None:
    if not value:
        return None
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    if m.group(3):
        d = _safe(y, mo, int(m.group(3)))
        return _Ref(d, "day", 1.0, "publication") if d else None
    rng = _month_range(y, mo)
    return _Ref(rng[0].replace(day=15), "month", 1.0, "publication") if rng else None


def _infer_year(d: int, m: int, ref: date) -> int | None:
    """The year that puts d/m within [ref - 10 months, ref + 2 months], closest to ref."""
    best: tuple[int, int] | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        cand = _safe(y, m, d)
        if cand is None:
            continue
        delta = (cand - ref).days
        if -310 <= delta <= 62:
            score = abs(delta)
            if best is None or score < best[0]:
                best = (score, y)
    return best[1] if best else None


# --- finding ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Raw:
    name: str
    groups: tuple[str | None, ...]
    span: tuple[int, int]
    text: str


def find_dates(sentence: str) -> list[_Raw]:
    """Date expressions of one sentence, leftmost-longest, earlier patterns winning overlaps."""
    found: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    for name, pat in _PATTERNS:
        for m in pat.finditer(sentence):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            found.append(_Raw(name, m.groups(), (a, b), m.group()))
            taken.append((a, b))
    found.sort(key=lambda r: r.span)
    return found


def _resolve(raw: _Raw, ref: _Ref | None, anchors: Mapping[tuple[int, int], int]):
    """(start, end, precision, confidence, kind) or None when it cannot be resolved."""
    g = raw.groups
    name = raw.name
    if name in ("dmy",):
        d = _safe(int(g[2]), int(g[1]), int(g[0]))
        return (d, d, "day", 0.95, "absolute") if d else None
    if name == "month_year":
        rng = _month_range(int(g[1]), int(g[0]))
        return (*rng, "month", 0.95, "absolute") if rng else None
    if name == "year":
        y = int(g[0])
        return (date(y, 1, 1), date(y, 12, 31), "year", 0.95, "absolute") if y >= 1 else None
    if name == "year_range":
        y1, y2 = int(g[0]), int(g[1])
        if not (1000 <= y1 < y2 <= 2999 and y2 - y1 <= 100):
            return None
        return date(y1, 1, 1), date(y2, 12, 31), "year", 0.9, "absolute"
    if name == "decade":
        y = int(g[0])
        if y < 1000:
            return None
        return date(y, 1, 1), date(y + 9, 12, 31), "decade", 0.9, "absolute"
    if name in ("dm", "dm_dash", "day_range", "from_to", "night_range"):
        if name == "night_range":
            d1, m1, d2, m2 = g
            y1 = y2 = None
        elif name == "from_to":
            d1, m1, y1, d2, m2, y2 = g
        elif name == "day_range":
            d1, d2, m1, y1 = g
            m2, y2 = m1, y1
        else:
            d1, m1 = g
            d2, m2, y1, y2 = d1, m1, None, None
        d1i, m1i, d2i, m2i = int(d1), int(m1), int(d2), int(m2)
        if _safe(2000, m1i, d1i) is None or _safe(2000, m2i, d2i) is None:
            return None  # 31/2, 99/99 (2000 is a leap year: 29/2 passes here)
        year = y2 or y1
        if year:
            conf, y = 0.95, int(year)
        elif (d1i, m1i) in anchors:
            conf, y = 0.75, anchors[(d1i, m1i)]
        elif ref is not None:
            inferred = _infer_year(d1i, m1i, ref.day)
            if inferred is None:
                return None
            conf, y = 0.85 * ref.confidence, inferred
        else:
            return None
        start = _safe(y if not (y1 and y2) else int(y1), m1i, d1i)
        end = _safe(y, m2i, d2i)
        if start is None or end is None:
            return None
        if end < start:  # "từ 28/12 đến 3/1"
            start = _safe(y - 1, m1i, d1i) or start
        kind = "absolute" if year else "partial"
        return start, end, "day" if start == end else "range", conf, kind
    if name == "month_rel":
        word = g[0].lower()
        mo = int(word) if word.isdigit() else _MONTH_WORDS.get(" ".join(word.split()))
        if not mo or not 1 <= mo <= 12 or ref is None:
            return None
        rel = (g[1] or "").lower()
        if rel.startswith("năm"):
            y = ref.day.year + _REL_YEAR[rel.split()[-1]]
            conf, kind = 0.85 * ref.confidence, "relative"
        else:
            inferred = _infer_year(1, mo, ref.day.replace(day=1))
            if inferred is None:
                return None
            y, conf, kind = inferred, 0.8 * ref.confidence, "partial"
            if rel.startswith("cùng"):
                conf *= 0.9
        rng = _month_range(y, mo)
        return (*rng, "month", conf, kind) if rng else None
    if ref is None:
        return None
    r = ref.day
    if name == "rel_year":
        y = r.year + _REL_YEAR[g[0].lower()]
        return date(y, 1, 1), date(y, 12, 31), "year", 0.85 * ref.confidence, "relative"
    if name == "rel_month":
        shift = {"trước": -1, "qua": -1, "này": 0, "tới": 1, "sau": 1}[g[0].lower()]
        mo = r.month + shift
        y = r.year + (mo - 1) // 12
        mo = (mo - 1) % 12 + 1
        rng = _month_range(y, mo)
        return (*rng, "month", 0.8 * ref.confidence, "relative") if rng else None
    day_conf = 0.6 if ref.precision == "day" else 0.35
    if name == "rel_week":
        shift = {"trước": -7, "qua": -7, "này": 0, "tới": 7, "sau": 7}[g[0].lower()]
        monday = r - timedelta(days=r.weekday()) + timedelta(days=shift)
        return monday, monday + timedelta(days=6), "week", day_conf * ref.confidence, "relative"
    if name == "rel_day":
        w = " ".join(g[0].lower().split())
        shift = {"hôm qua": -1, "hôm kia": -2, "ngày mai": 1}.get(w, 0)
        d = r + timedelta(days=shift)
        return d, d, "day", day_conf * ref.confidence, "relative"
    if name == "weekday":
        wd = _WEEKDAYS["chủ nhật" if g[1] else g[0].lower()]
        if ref.precision != "day":
            return None  # a weekday needs a known day to count back from
        d = r - timedelta(days=(r.weekday() - wd) % 7)
        return d, d, "day", day_conf * ref.confidence, "relative"
    if name == "duration":
        n = int(g[0]) if g[0].isdigit() else _NUMWORDS.get(g[0].lower())
        if not n or n > 200:
            return None
        y = r.year - n
        conf = (0.5 if ref.how.startswith("publication") else 0.35) * ref.confidence
        return date(y, 1, 1), date(y, 12, 31), "year", conf, "duration"
    return None


# --- reference dates -------------------------------------------------------------------------


def _references(cluster: Cluster, raws: list[list[tuple[int, _Raw]]]) -> list[_Ref | None]:
    """Reference date of each document (see the module docstring)."""
    refs: list[_Ref | None] = [_parse_doc_date(d.date) for d in cluster.documents]
    # explicit full dates of the cluster, to anchor partial ones
    explicit: dict[tuple[int, int], int] = {}
    for per_doc in raws:
        for _, raw in per_doc:
            if raw.name == "dmy":
                d = _safe(int(raw.groups[2]), int(raw.groups[1]), int(raw.groups[0]))
                if d:
                    explicit.setdefault((d.day, d.month), d.year)
    known = [r for r in refs if r is not None]
    fallback = None
    if known:
        best = max(known, key=lambda r: (r.precision == "day", r.day))
        fallback = _Ref(best.day, best.precision, 0.55, "cluster")
    else:
        # no publication date at all: the latest full date written in the cluster
        days = [
            _safe(int(r.groups[2]), int(r.groups[1]), int(r.groups[0]))
            for per_doc in raws
            for _, r in per_doc
            if r.name == "dmy"
        ]
        days = [d for d in days if d]
        if days:
            fallback = _Ref(max(days), "day", 0.5, "cluster")
    out: list[_Ref | None] = []
    for i, ref in enumerate(refs):
        own_days = []
        for _, raw in raws[i]:
            if raw.name == "dmy":
                d = _safe(int(raw.groups[2]), int(raw.groups[1]), int(raw.groups[0]))
            elif raw.name in ("dm", "dm_dash") and ref is not None:
                y = _infer_year(int(raw.groups[0]), int(raw.groups[1]), ref.day)
                d = _safe(y, int(raw.groups[1]), int(raw.groups[0])) if y else None
            elif raw.name in ("dm", "dm_dash"):
                key = (int(raw.groups[0]), int(raw.groups[1]))
                d = _safe(explicit[key], key[1], key[0]) if key in explicit else None
            else:
                d = None
            if d:
                own_days.append(d)
        if ref is not None and ref.precision == "month":
            same = [d for d in own_days if (d.year, d.month) == (ref.day.year, ref.day.month)]
            if same:
                ref = _Ref(max(same), "day", 0.9, "publication-narrowed")
        elif ref is None and own_days:
            ref = _Ref(max(own_days), "day", 0.6, "anchored")
        elif ref is None:
            ref = fallback
        out.append(ref)
    return out


# --- merging ---------------------------------------------------------------------------------


def extract_mentions(cluster: Cluster) -> list[DateMention]:
    """Every resolvable date mention of the cluster, in reading order."""
    per_doc: list[list[tuple[int, _Raw]]] = [[] for _ in cluster.documents]
    for s in cluster.sentences:
        for raw in find_dates(s.text):
            per_doc[s.doc_index].append((s.position, raw))
    refs = _references(cluster, per_doc)
    anchors: dict[tuple[int, int], int] = {}
    for lst in per_doc:
        for _, raw in lst:
            if raw.name == "dmy":
                d = _safe(int(raw.groups[2]), int(raw.groups[1]), int(raw.groups[0]))
                if d:
                    anchors.setdefault((d.day, d.month), d.year)
    out: list[DateMention] = []
    for doc_index, lst in enumerate(per_doc):
        ref = refs[doc_index]
        # anchors only help documents without a publication date
        local_anchors = anchors if ref is None or not ref.how.startswith("publication") else {}
        last_year: int | None = None
        last_day: date | None = None
        for position, raw in lst:
            if raw.name == "same_day":
                res = (last_day, last_day, "day", 0.7, "relative") if last_day else None
            elif raw.name == "month_rel" and (raw.groups[1] or "").lower().startswith("cùng"):
                if last_year is None:
                    continue
                mo_word = raw.groups[0].lower()
                mo = int(mo_word) if mo_word.isdigit() else _MONTH_WORDS.get(mo_word)
                rng = _month_range(last_year, mo or 0)
                res = (*rng, "month", 0.8, "relative") if rng else None
            else:
                try:
                    res = _resolve(raw, ref, local_anchors)
                except (ValueError, OverflowError, KeyError):
                    res = None
            if res is not None and res[2] in ("day", "range", "month"):
                last_year = res[0].year
                if res[2] in ("day", "range") and res[4] in ("absolute", "partial"):
                    last_day = res[1]

            if res is None:
                continue
            start, end, precision, conf, kind = res
            s = cluster.sentences[position]
            out.append(
                DateMention(
                    s.doc_id, doc_index, position, s.text, raw.text.strip(" ()"), raw.span,
                    start, end, precision, round(conf, 2), kind,
                )
            )  # fmt: skip
    return out


def _sentence_similarity(cluster: Cluster, positions: Sequence[int], groups) -> Any:
    """Cosine matrix of the given sentences with alias variants replaced by canonical names."""
    from ..engine.features import tfidf_matrix
    from .aliases import canonical_sentences

    canon = canonical_sentences(cluster, groups) if groups else {}
    texts = [canon.get(p, cluster.sentences[p].text) for p in positions]
    x, _, _ = tfidf_matrix([t.lower() for t in texts])
    return (x @ x.T).toarray()


REANCHOR_SIMILARITY = 0.2  # a weakly dated mention takes the year of a similar sure one


def _reanchor_years(ms: list[DateMention], sim: Any, row: Mapping[int, int]) -> list[DateMention]:
    """A weak partial date ("tháng 7" in an undated article, year guessed from the cluster)
    takes the year of a confident mention of the same month (and day) in a similar sentence
    of another article ("tháng 7 cùng năm" = 2023-07 beside "Shoigu ... thăm Bình Nhưỡng")."""
    out = list(ms)
    for i, m in enumerate(ms):
        if (
            m.kind != "partial"
            or m.confidence >= 0.5
            or m.precision not in ("day", "month", "range")
        ):
            continue
        best, best_sim = None, REANCHOR_SIMILARITY
        for o in ms:
            if o.doc_index == m.doc_index or o.confidence < 0.7 or o.precision != m.precision:
                continue
            if (o.start.month, o.start.day) != (
                m.start.month,
                m.start.day,
            ) or o.start.year == m.start.year:
                continue
            s_ = sim[row[m.sentence], row[o.sentence]]
            if s_ >= best_sim:
                best, best_sim = o, s_
        if best is None:
            continue
        shift = best.start.year - m.start.year
        start = _safe(m.start.year + shift, m.start.month, m.start.day)
        end = _safe(m.end.year + shift, m.end.month, m.end.day)
        if start and end:
            out[i] = DateMention(
                m.doc_id, m.doc_index, m.sentence, m.text, m.date_text, m.span, start, end,
                m.precision, round(min(0.7, best.confidence - 0.15), 2), m.kind,
            )  # fmt: skip
    # the other weak dates of an article that got an anchor follow it (new reference date)
    anchored: dict[int, date] = {}
    for old, new in zip(ms, out, strict=True):
        if old is not new:
            anchored[new.doc_index] = max(anchored.get(new.doc_index, new.start), new.start)
    for i, m in enumerate(out):
        if m is not ms[i] or m.doc_index not in anchored or m.kind != "partial":
            continue
        if m.confidence >= 0.5 or m.precision not in ("day", "month", "range"):
            continue
        ref = anchored[m.doc_index]
        y = _infer_year(m.start.day if m.precision != "month" else 1, m.start.month, ref)
        if y is None or y == m.start.year:
            continue
        start = _safe(y, m.start.month, m.start.day)
        end = _safe(y + (m.end.year - m.start.year), m.end.month, m.end.day)
        if start and end:
            out[i] = DateMention(
                m.doc_id, m.doc_index, m.sentence, m.text, m.date_text, m.span, start, end,
                m.precision, round(min(m.confidence, 0.45), 2), m.kind,
            )  # fmt: skip
    return out


def _overlap(a: DateMention, b_start: date, b_end: date) -> bool:
    return a.start <= b_end and b_start <= a.end


@dataclass
class _Event:
    members: list[int]  # indexes into the mention list
    start: date
    end: date
    precision: str


def build_timeline(
    cluster: Cluster,
    groups: Sequence[Any] = (),
    mentions: Sequence[DateMention] | None = None,
) -> tuple[dict[str, Any], ...]:
    """Timeline entries (JSON-ready dicts) sorted by date. Empty when nothing is dated."""
    ms = list(extract_mentions(cluster) if mentions is None else mentions)
    if not ms:
        return ()
    positions = sorted({m.sentence for m in ms})
    row = {p: i for i, p in enumerate(positions)}
    sim = _sentence_similarity(cluster, positions, groups)
    ms = _reanchor_years(ms, sim, row)
    order = sorted(
        range(len(ms)),
        key=lambda i: (_PRECISION_RANK[ms[i].precision], -ms[i].confidence, ms[i].sentence),
    )
    events: list[_Event] = []
    for i in order:
        m = ms[i]
        best, best_sim = None, MERGE_SIMILARITY
        for e in events:
            if not _overlap(m, e.start, e.end):
                continue
            if m.kind != "duration" and any(
                ms[j].sentence == m.sentence
                and ms[j].kind != "duration"
                and (ms[j].start, ms[j].end) != (m.start, m.end)  # "hôm qua (18/11)" is one date
                for j in e.members
            ):
                continue  # one sentence, two dates: two events ("từ 12/6 ... đến 14/6" aside)
            if _PRECISION_RANK[m.precision] == _PRECISION_RANK[e.precision] and (
                m.precision in ("year", "decade") and (m.start, m.end) != (e.start, e.end)
            ):
                continue
            s = max(sim[row[m.sentence], row[ms[j].sentence]] for j in e.members)
            if s >= best_sim:
                best, best_sim = e, s
        if best is None:
            events.append(_Event([i], m.start, m.end, m.precision))
        else:
            best.members.append(i)
    entries = []
    for e in events:
        mem = sorted(e.members, key=lambda j: (ms[j].doc_index, ms[j].sentence))
        lead = min(
            mem,
            key=lambda j: (_PRECISION_RANK[ms[j].precision], -ms[j].confidence, ms[j].sentence),
        )
        lm = ms[lead]
        # the most precise, most confident mention dates the event
        start, end, precision = lm.start, lm.end, lm.precision
        sources = list(dict.fromkeys(ms[j].doc_id for j in mem))
        # several independent sources agreeing raise the confidence a little
        conf = min(0.99, max(ms[j].confidence for j in mem) + 0.03 * (len(sources) - 1))
        entries.append(
            {
                "date": _iso(start, end, precision),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "precision": precision,
                "confidence": round(conf, 2),
                "confidence_label": _label(conf),
                "text": shorten(lm.text, lm.span),
                "date_text": list(dict.fromkeys(ms[j].date_text for j in mem)),
                "sources": sources,
                "mentions": [
                    {
                        "doc_id": ms[j].doc_id,
                        "sentence": ms[j].sentence,
                        "date_text": ms[j].date_text,
                        "date": _iso(ms[j].start, ms[j].end, ms[j].precision),
                        "confidence": ms[j].confidence,
                        "kind": ms[j].kind,
                        "text": shorten(ms[j].text, ms[j].span),
                    }
                    for j in mem
                ],
                "conflicts": [],
                "_rows": [row[ms[j].sentence] for j in mem],
            }
        )
    entries.sort(key=lambda x: (x["start"], x["end"], -len(x["sources"]), x["text"]))
    for n, e in enumerate(entries, 1):
        e["id"] = f"t{n}"
    _flag_conflicts(entries, sim)
    for e in entries:
        del e["_rows"]
    return tuple({"id": e.pop("id"), **e} for e in entries)


def _flag_conflicts(entries: list[dict[str, Any]], sim: Any) -> None:
    """Near-duplicate sentences from different sources with dates that cannot both hold."""
    for a in range(len(entries)):
        for b in range(a + 1, len(entries)):
            ea, eb = entries[a], entries[b]
            if ea["precision"] != eb["precision"] or ea["precision"] in ("year", "decade"):
                continue
            if not (ea["end"] < eb["start"] or eb["end"] < ea["start"]):
                continue
            if not set(ea["sources"]) ^ set(eb["sources"]):
                continue
            s = max(sim[i, j] for i in ea["_rows"] for j in eb["_rows"])
            if s >= CONFLICT_SIMILARITY:
                ea["conflicts"].append(
                    {"id": eb["id"], "date": eb["date"], "similarity": round(float(s), 2)}
                )
                eb["conflicts"].append(
                    {"id": ea["id"], "date": ea["date"], "similarity": round(float(s), 2)}
                )


def _iso(start: date, end: date, precision: str) -> str:
    if precision == "day":
        return start.isoformat()
    if precision == "month":
        return start.strftime("%Y-%m")
    if precision == "year":
        return str(start.year) if start.year == end.year else f"{start.year}/{end.year}"
    if precision == "decade":
        return f"{start.year}/{end.year}"
    return f"{start.isoformat()}/{end.isoformat()}"


def _label(conf: float) -> str:
    return "high" if conf >= 0.8 else "medium" if conf >= 0.5 else "low"
