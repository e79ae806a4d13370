"""Timeline: every dated event of a cluster, resolved to ISO dates, merged across sources.

1. **Find** the date expressions of each sentence and 2. **resolve** them with the one
   grammar and resolver of :mod:`tomtat.text.dates` (absolute, partial, relative, durations;
   confidences there), against the article's reference date: ``Document.date`` when known (a
   month date is narrowed to the latest day the article itself names in that month); otherwise
   a date the article shares with an explicit date elsewhere in the cluster ("13/9" and
   "13/9/2023"), or else, at lower confidence, the latest date of the event the article
   tells when the cluster holds several (``event_days``, from :mod:`tomtat.engine.episodes`:
   an undated 2023 article beside 2024 ones says "tuần tới" of 2023), or else the cluster's
   latest known publication date.
3. **Merge** the mentions of one event: overlapping dates and similar sentences (cosine of
   TF-IDF over the sentences with names canonicalized, so "Bắc Hàn" = "Triều Tiên") or a
   shared rare name. The most precise date wins; a day inside a month mention refines it.
4. **Flag conflicts**: two events whose sentences are near-duplicates from different sources
   but whose dates cannot both be true.

Confidences are those of :mod:`tomtat.text.dates`, scaled down (to about 0.45) for what is
resolved against an inferred reference.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from ..model import Cluster
from ..text.dates import (
    DateExpression,
    Reference,
    explicit_day,
    find_dates,
    infer_year,
    needs_context,
    reference_from,
    resolve,
    resolve_in_context,
    safe_date,
)
from .view import shorten

MERGE_SIMILARITY = 0.12  # cosine (canonicalized TF-IDF) for mentions with compatible dates
CONFLICT_SIMILARITY = 0.5  # near-duplicate sentences whose dates disagree
_PRECISION_RANK = {"day": 0, "range": 0, "week": 1, "month": 2, "year": 3, "decade": 4}


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


# --- reference dates -------------------------------------------------------------------------


def _references(
    cluster: Cluster,
    raws: list[list[tuple[int, DateExpression]]],
    explicit: dict[tuple[int, int], int],
    event_days: Sequence[date | None] = (),
) -> list[Reference | None]:
    """Reference date of each document (see the module docstring); ``explicit`` holds the
    cluster's full dates, (day, month) -> year, to anchor partial ones; ``event_days`` the
    latest date of each document's event (None, or empty, when the cluster tells one)."""
    refs: list[Reference | None] = [reference_from(d.date) for d in cluster.documents]
    known = [r for r in refs if r is not None]
    fallback = None
    if known:
        best = max(known, key=lambda r: (r.precision == "day", r.day))
        fallback = Reference(best.day, best.precision, 0.55, "cluster")
    else:
        # no publication date at all: the latest full date written in the cluster
        days = [d for per_doc in raws for _, r in per_doc if (d := explicit_day(r))]
        if days:
            fallback = Reference(max(days), "day", 0.5, "cluster")
    out: list[Reference | None] = []
    for i, ref in enumerate(refs):
        own_days = []
        for _, raw in raws[i]:
            if raw.pattern == "dmy":
                d = explicit_day(raw)
            elif raw.pattern in ("dm", "dm_dash"):
                key = (int(raw.groups[0] or 0), int(raw.groups[1] or 0))  # (day, month)
                if ref is not None:
                    y = infer_year(key[0], key[1], ref.day)
                    d = safe_date(y, key[1], key[0]) if y else None
                else:
                    d = safe_date(explicit[key], key[1], key[0]) if key in explicit else None
            else:
                d = None
            if d:
                own_days.append(d)
        if ref is not None and ref.precision == "month":
            same = [d for d in own_days if (d.year, d.month) == (ref.day.year, ref.day.month)]
            if same:
                ref = Reference(max(same), "day", 0.9, "publication-narrowed")
        elif ref is None and own_days:
            ref = Reference(max(own_days), "day", 0.6, "anchored")
        elif ref is None and i < len(event_days) and (day := event_days[i]) is not None:
            ref = Reference(day, "day", 0.5, "event")
        elif ref is None:
            ref = fallback
        out.append(ref)
    return out


# --- merging ---------------------------------------------------------------------------------


def extract_mentions(cluster: Cluster, event_days: Sequence[date | None] = ()) -> list[DateMention]:
    """Every resolvable date mention of the cluster, in reading order. ``event_days``: per
    document, the latest date of the event it tells, when the cluster holds several
    (:func:`event_days_of`); an undated article's relative dates resolve against it."""
    per_doc: list[list[tuple[int, DateExpression]]] = [[] for _ in cluster.documents]
    for s in cluster.sentences:
        for raw in find_dates(s.text):
            per_doc[s.doc_index].append((s.position, raw))
    anchors: dict[tuple[int, int], int] = {}  # the cluster's full dates: (day, month) -> year
    for lst in per_doc:
        for _, raw in lst:
            if d := explicit_day(raw):
                anchors.setdefault((d.day, d.month), d.year)
    refs = _references(cluster, per_doc, anchors, event_days)
    out: list[DateMention] = []
    for doc_index, lst in enumerate(per_doc):
        ref = refs[doc_index]
        # anchors only help documents without a publication date
        local_anchors = anchors if ref is None or not ref.how.startswith("publication") else {}
        last_year: int | None = None
        last_day: date | None = None
        for position, raw in lst:
            if needs_context(raw):
                res = resolve_in_context(raw, last_day, last_year)
            else:
                res = resolve(raw, ref, local_anchors)
            if res is not None and res.precision in ("day", "range", "month"):
                last_year = res.start.year
                if res.precision in ("day", "range") and res.kind in ("absolute", "partial"):
                    last_day = res.end

            if res is None:
                continue
            s = cluster.sentences[position]
            out.append(
                DateMention(
                    s.doc_id, doc_index, position, s.text, raw.text.strip(" ()"), raw.span,
                    res.start, res.end, res.precision, round(res.confidence, 2), res.kind,
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
    # the confident mentions a weak one may take its year from, by (precision, month, day),
    # in mention order (ties go to the last, as a scan of all would)
    sure: dict[tuple[str, int, int], list[DateMention]] = {}
    for o in ms:
        if o.confidence >= 0.7:
            sure.setdefault((o.precision, o.start.month, o.start.day), []).append(o)
    for i, m in enumerate(ms):
        if (
            m.kind != "partial"
            or m.confidence >= 0.5
            or m.precision not in ("day", "month", "range")
        ):
            continue
        best, best_sim = None, REANCHOR_SIMILARITY
        for o in sure.get((m.precision, m.start.month, m.start.day), ()):
            if o.doc_index == m.doc_index or o.start.year == m.start.year:
                continue
            s_ = sim[row[m.sentence], row[o.sentence]]
            if s_ >= best_sim:
                best, best_sim = o, s_
        if best is None:
            continue
        shift = best.start.year - m.start.year
        start = safe_date(m.start.year + shift, m.start.month, m.start.day)
        end = safe_date(m.end.year + shift, m.end.month, m.end.day)
        if start and end:
            confidence = round(min(0.7, best.confidence - 0.15), 2)
            out[i] = replace(m, start=start, end=end, confidence=confidence)
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
        y = infer_year(m.start.day if m.precision != "month" else 1, m.start.month, ref)
        if y is None or y == m.start.year:
            continue
        start = safe_date(y, m.start.month, m.start.day)
        end = safe_date(y + (m.end.year - m.start.year), m.end.month, m.end.day)
        if start and end:
            confidence = round(min(m.confidence, 0.45), 2)
            out[i] = replace(m, start=start, end=end, confidence=confidence)
    return out


def _overlap(a: DateMention, b_start: date, b_end: date) -> bool:
    return a.start <= b_end and b_start <= a.end


@dataclass
class _Event:
    members: list[int]  # indexes into the mention list
    start: date
    end: date
    precision: str
    # the similarity rows of the members' sentences, each once (a growing buffer)
    rows: Any = None
    n_rows: int = 0
    row_set: set[int] = field(default_factory=set)
    # sentence -> the (start, end) of its non-duration members
    dated: dict[int, set[tuple[date, date]]] = field(default_factory=dict)

    def add(self, m: DateMention, mention_row: int) -> None:
        if m.kind != "duration":
            self.dated.setdefault(m.sentence, set()).add((m.start, m.end))
        if self.rows is None:
            self.rows = np.empty(4, dtype=np.intp)
        if mention_row not in self.row_set:
            self.row_set.add(mention_row)
            if self.n_rows == len(self.rows):
                self.rows = np.concatenate([self.rows, np.empty_like(self.rows)])
            self.rows[self.n_rows] = mention_row
            self.n_rows += 1

    def other_date_in(self, m: DateMention) -> bool:
        """A non-duration member in m's sentence with another date than m."""
        dates = self.dated.get(m.sentence)
        if not dates:
            return False
        return len(dates) > 1 or (m.start, m.end) not in dates


class _EventIndex:
    """Events by date, to find those whose dates overlap a mention's without a scan of all:
    events sorted by start day; any overlapping one starts at most ``longest`` days before
    the mention. Candidates come back in creation order (ties go to the latest event)."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []  # (start ordinal, event number), sorted
        self.longest = 0

    def add(self, number: int, event: _Event) -> None:
        bisect.insort(self.keys, (event.start.toordinal(), number))
        self.longest = max(self.longest, (event.end - event.start).days)

    def overlapping(self, m: DateMention, events: Sequence[_Event]) -> list[int]:
        lo = bisect.bisect_left(self.keys, (m.start.toordinal() - self.longest, -1))
        hi = bisect.bisect_right(self.keys, (m.end.toordinal(), len(events)))
        return sorted(n for _, n in self.keys[lo:hi] if _overlap(m, events[n].start, events[n].end))


def event_days_of(shape: Any, n_documents: int) -> list[date | None]:
    """Per document, the latest date of its event in ``shape`` (an
    :class:`tomtat.engine.episodes.Shape`); all None when the cluster tells one event."""
    days: list[date | None] = [None] * n_documents
    if shape.n_events > 1:
        for event in shape.events:
            for d in event.documents:
                days[d] = event.end
    return days


def build_timeline(
    cluster: Cluster,
    groups: Sequence[Any] = (),
    mentions: Sequence[DateMention] | None = None,
    event_days: Sequence[date | None] = (),
) -> tuple[dict[str, Any], ...]:
    """Timeline entries (JSON-ready dicts) sorted by date. Empty when nothing is dated.
    ``event_days``: see :func:`extract_mentions`."""
    ms = list(extract_mentions(cluster, event_days) if mentions is None else mentions)
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
    index = _EventIndex()
    for i in order:
        m = ms[i]
        r = row[m.sentence]
        best, best_sim = None, MERGE_SIMILARITY
        for n in index.overlapping(m, events):
            e = events[n]
            # one sentence, two dates: two events ("từ 12/6 ... đến 14/6" aside); the same
            # date twice ("hôm qua (18/11)") is one
            if m.kind != "duration" and e.other_date_in(m):
                continue
            if _PRECISION_RANK[m.precision] == _PRECISION_RANK[e.precision] and (
                m.precision in ("year", "decade") and (m.start, m.end) != (e.start, e.end)
            ):
                continue
            s = sim[r, e.rows[: e.n_rows]].max()
            if s >= best_sim:
                best, best_sim = e, s
        if best is None:
            best = _Event([i], m.start, m.end, m.precision)
            index.add(len(events), best)
            events.append(best)
        else:
            best.members.append(i)
        best.add(m, r)
    entries: list[dict[str, Any]] = []
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
    for n, entry in enumerate(entries, 1):
        entry["id"] = f"t{n}"
    _flag_conflicts(entries, sim)
    for entry in entries:
        del entry["_rows"]
    return tuple({"id": entry.pop("id"), **entry} for entry in entries)


def _flag_conflicts(entries: list[dict[str, Any]], sim: Any) -> None:
    """Near-duplicate sentences from different sources with dates that cannot both hold.

    Only entries of one precision are compared, and none when they all have the same
    sources (one article alone: no pair to look at, however many dates it has)."""
    buckets: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        if e["precision"] not in ("year", "decade"):
            buckets.setdefault(e["precision"], []).append(e)
    for bucket in buckets.values():
        if len({frozenset(e["sources"]) for e in bucket}) > 1:
            _flag_pairs(bucket, sim)


def _flag_pairs(entries: list[dict[str, Any]], sim: Any) -> None:
    for a in range(len(entries)):
        for b in range(a + 1, len(entries)):
            ea, eb = entries[a], entries[b]
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
