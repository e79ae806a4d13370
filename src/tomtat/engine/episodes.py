"""The shape of a cluster before anything is cited: which articles are copies of one another,
and which distinct events (far-apart dates) the articles describe.

**Duplicates.** Two articles are copies when most sentences of the shorter one reappear in
the other nearly word for word (TF-IDF cosine >= :data:`COPY_COSINE`): the same file given
twice, or one wire story (TTXVN, Reuters) that several outlets print with a new headline and a
trimmed ending. Copies form groups (transitively); the first article of a group in cluster
order stands for it. A group counts as one source for support and consensus.

**Events.** Each article gets a *news date*: its publication date when known, otherwise the
month its own day-level dates point to ("Hôm 18/06", "12-17/9": a quick day/month scan,
years from :mod:`tomtat.text.dates`; the most frequent month, a tie to the later month, its
latest day).
Articles whose news dates lie at least :data:`EVENT_GAP_DAYS` apart describe different
events (single linkage over the dated articles). An undated article joins the event whose
articles' leads (first sentences) it resembles most. With one event (the usual case: one
story told by several outlets) nothing changes anywhere. With several, the report names
each with its date, the summary groups its sentences by event in time order, and one event's
article never backs another event's sentence unless both sentences give compatible dates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from ..model import Cluster
from ..text.dates import DAY_MONTH, YEAR
from .features import Features

COPY_COSINE = 0.9  # two sentences are the same text (small edits, other quotes, typos)
COPY_SHARE = 0.8  # share of the shorter article's sentences found in the other
EVENT_GAP_DAYS = 60  # news dates this far apart: two events
LEAD_SENTENCES = 4  # what an undated article's lead is compared on
BACKGROUND_DAYS = 730  # dated days older than this before the cluster's latest: background


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One event of a cluster: its articles (indices, cluster order) and its dates."""

    index: int  # 0-based, in time order
    documents: tuple[int, ...]
    start: date | None
    end: date | None
    label: str  # a headline or lead sentence naming it

    @property
    def date_text(self) -> str:
        """ISO month ("2023-09"), or a range of months when the event spans several."""
        if self.start is None or self.end is None:
            return ""
        a, b = self.start.strftime("%Y-%m"), self.end.strftime("%Y-%m")
        return a if a == b else f"{a}/{b}"


@dataclass(frozen=True, slots=True)
class Shape:
    """Copies and events of a cluster (see the module docstring)."""

    group: tuple[int, ...]  # per document: the index of the document standing for its copies
    event: tuple[int, ...]  # per document: its event's index
    events: tuple[EventInfo, ...]
    news: tuple[date | None, ...] = ()  # per document: its news date, when events were read

    @property
    def n_events(self) -> int:
        return len(self.events)

    def duplicates(self) -> list[tuple[int, int]]:
        """(document, the document it copies) for every copy."""
        return [(d, g) for d, g in enumerate(self.group) if g != d]

    def sentence_event(self, cluster: Cluster, position: int) -> int:
        """The event a sentence tells of: its article's, unless the nearest dated sentence
        among it and the two before it in its article (the narrative's date context: "Khi ông
        Kim đến thăm miền đông nước Nga vào tháng 9 năm ngoái, ..." then "Trong chuyến thăm
        kéo dài nhiều ngày, ông Kim đã lên buồng lái ...") writes dates that fall in another
        event's months. Dates are resolved against the article's news date (else the latest event's
        last day)."""
        sents = cluster.sentences
        doc = sents[position].doc_index
        own = self.event[doc]
        if self.n_events < 2:
            return own
        ends = [e.end for e in self.events if e.end is not None]
        if not ends:
            return own
        ref = (self.news[doc] if doc < len(self.news) else None) or max(ends)
        for q in (position, position - 1, position - 2):
            if q < 0 or sents[q].doc_index != doc:
                break
            dated, k = _event_of_dates(sents[q].text, self.events, ref)
            if dated:  # the nearest dated sentence sets the context, whatever it matches
                return own if k is None else k
        return own


def _event_of_dates(text: str, events: tuple[EventInfo, ...], ref: date) -> tuple[bool, int | None]:
    """(does ``text`` write a day- or month-precise date, the event whose months (with a
    month's margin) hold them, or None when they fall in no single event)."""
    from ..text.dates import Reference, find_dates, resolve

    if DAY_MONTH.search(text) is None and "tháng" not in text.lower():
        return False, None
    reference = Reference(ref, "day", 0.5, "cluster")
    hits: set[int] = set()
    dated = False
    for expr in find_dates(text):
        found = resolve(expr, reference)
        if found is None or found.precision not in ("day", "range", "month", "week"):
            continue
        dated = True
        for e in events:
            if e.start is None or e.end is None:
                continue
            lo = date(e.start.year, e.start.month, 1) - timedelta(days=31)
            hi = e.end + timedelta(days=31)
            if lo <= found.start <= hi:
                hits.add(e.index)
    return dated, (hits.pop() if len(hits) == 1 else None)


def analyse(cluster: Cluster, features: Features) -> Shape:
    """Copies and events of ``cluster`` (cheap: one pass over the similarity matrix and the
    date mentions; a one-article cluster costs nothing)."""
    n_docs = len(cluster.documents)
    if n_docs <= 1:
        return Shape(tuple(range(n_docs)), (0,) * n_docs, _one_event(cluster, n_docs))
    group = _copies(cluster, features)
    event, events, news = _events(cluster, features, group)
    return Shape(group, event, events, news)


def _one_event(cluster: Cluster, n_docs: int) -> tuple[EventInfo, ...]:
    if n_docs == 0:
        return ()
    return (EventInfo(0, tuple(range(n_docs)), None, None, ""),)


def _copies(cluster: Cluster, features: Features) -> tuple[int, ...]:
    n_docs = len(cluster.documents)
    doc_of = features.doc_of
    rows = [np.flatnonzero(doc_of == d) for d in range(n_docs)]
    parent = list(range(n_docs))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sizes = [len(r) for r in rows]
    for d in range(n_docs - 1):
        if not sizes[d]:
            continue
        sim = features.sim_rows(rows[d])  # (len d, n)
        for e in range(d + 1, n_docs):
            if not sizes[e] or min(sizes[d], sizes[e]) < 0.5 * max(sizes[d], sizes[e]):
                continue  # a long article is no copy of a brief: it adds facts
            block = sim[:, rows[e]]
            share_d = float((block.max(axis=1) >= COPY_COSINE).mean())
            share_e = float((block.max(axis=0) >= COPY_COSINE).mean())
            if min(share_d, share_e) >= COPY_SHARE or (
                max(share_d, share_e) >= COPY_SHARE and min(share_d, share_e) >= 0.6
            ):
                a, b = find(d), find(e)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return tuple(find(d) for d in range(n_docs))


def _news_dates(cluster: Cluster) -> list[date | None]:
    """Per document: the day its news happened (see the module docstring), or None.

    Days written without a year ("Hôm 18/06", "12-17/9") are the article's own news; days
    with a year count only when it has none of those. Days more than
    :data:`BACKGROUND_DAYS` before the latest date or year the cluster writes are background:
    a birth date ("sinh ngày 2/4/1982"), an anniversary's battle ("ngày 2/4/1972").
    A year-less day takes the year of the same day written in full elsewhere in the cluster,
    else the year that puts it near the cluster's latest publication or full date
    (:func:`tomtat.text.dates.infer_year`, as the timeline resolves it).
    """
    from ..text.dates import day_months, infer_year, reference_from, safe_date

    written: list[list[tuple[int, int, int | None]]] = [[] for _ in cluster.documents]
    for s in cluster.sentences:
        if DAY_MONTH.search(s.text):
            written[s.doc_index].extend(day_months(s.text))
    anchors: dict[tuple[int, int], int] = {}
    full: list[date] = []
    for per_doc in written:
        for day, month, year in per_doc:
            if year is not None and (x := safe_date(year, month, day)) is not None:
                anchors.setdefault((day, month), year)
                full.append(x)
    refs = [reference_from(doc.date) for doc in cluster.documents]
    known = [r.day for r in refs if r is not None]
    around = max(known) if known else max(full, default=None)
    # the latest year the cluster writes ("năm 2022", "13/9/2023"): days more than
    # BACKGROUND_DAYS before it are background, whether written with their year or dated
    # by the same day written in full elsewhere ("ngày 2/4" of an anniversary of 1972)
    years = [int(y) for t in cluster.texts for y in YEAR.findall(t)]
    latest = max(full, default=None)
    if years and (latest is None or latest.year < max(years)):
        latest = date(max(years), 12, 31)
    out: list[date | None] = []
    for d in range(len(cluster.documents)):
        ref = refs[d]
        if ref is not None:
            out.append(ref.day)
            continue
        partial: list[date] = []
        absolute: list[date] = []
        for day, month, year in written[d]:
            resolved = year
            if resolved is None:
                resolved = anchors.get((day, month))
                if resolved is None and around is not None:
                    resolved = infer_year(day, month, around)
            x = safe_date(resolved, month, day) if resolved is not None else None
            if x is None or (latest is not None and (latest - x).days > BACKGROUND_DAYS):
                continue  # unresolved, or background
            (partial if year is None else absolute).append(x)
        days = partial or absolute
        if not days:
            out.append(None)
            continue
        months = Counter((x.year, x.month) for x in days)
        top = max(months.values())
        # the month it writes most days in; a tie goes to the later month (a report looks
        # back: "thu phí từ ngày 1/4 đến 18/8" is news of 18/8)
        out.append(max(x for x in days if months[(x.year, x.month)] == top))
    return out


def _may_hold_several(cluster: Cluster, features: Features | None = None) -> bool:
    """A cheap look before the date analysis: do the articles' publication dates, or the
    months of the days they write ("18/06", "12-17/9"), lie two or more months apart? Most
    clusters (one story on one day) stop here (one regex pass over the sentences that hold a
    number, as the features counted them)."""
    months: set[tuple[int, int]] = set()  # (year or 0, month)
    texts: list[list[str]] = [[] for _ in cluster.documents]
    with_numbers = (
        np.flatnonzero(features.column("numbers") > 0)
        if features is not None and "numbers" in features.names
        else range(len(cluster.sentences))
    )
    for i in with_numbers:
        s = cluster.sentences[int(i)]
        texts[s.doc_index].append(s.text)
    for d, doc in enumerate(cluster.documents):
        if doc.date and len(doc.date) >= 7 and doc.date[:4].isdigit() and doc.date[5:7].isdigit():
            months.add((int(doc.date[:4]), int(doc.date[5:7])))
            continue
        text = "\n".join(texts[d])
        written = Counter(
            (int(y or 0), int(m)) for _, m, y in DAY_MONTH.findall(text) if 1 <= int(m) <= 12
        )
        if written:  # the month it writes most days in (a tie: the later one, as below)
            top = max(written.values())
            months.add(max(ym for ym, k in written.items() if k == top))
    years = {y for y, _ in months if y}
    if len(years) > 1:
        return True
    ms = sorted({m for _, m in months})
    if len(ms) < 2:
        return False
    # months on a circle: apart when no 2-month window (with wrap-around) holds them all
    return not any(all((m - start) % 12 <= 1 for m in ms) for start in ms)


def _events(
    cluster: Cluster, features: Features, group: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[EventInfo, ...], tuple[date | None, ...]]:
    n_docs = len(cluster.documents)
    if not _may_hold_several(cluster, features):
        return (0,) * n_docs, _one_event(cluster, n_docs), ()
    news = _news_dates(cluster)
    dated = sorted((day, d) for d, day in enumerate(news) if day is not None)
    clusters: list[list[int]] = []
    last: date | None = None
    for day, d in dated:
        if last is None or (day - last).days >= EVENT_GAP_DAYS:
            clusters.append([])
        clusters[-1].append(d)
        last = day
    if len(clusters) <= 1:
        return (0,) * n_docs, _one_event(cluster, n_docs), ()
    event = [-1] * n_docs
    for k, members in enumerate(clusters):
        for d in members:
            event[d] = k
    undated = [d for d in range(n_docs) if event[d] < 0]
    if undated:
        lead = _lead_vectors(cluster, features)
        sims = lead @ lead.T
        for d in undated:
            if event[group[d]] >= 0:  # a copy goes with its original
                event[d] = event[group[d]]
                continue
            best = max(
                range(len(clusters)),
                key=lambda k: (max(sims[d, e] for e in clusters[k]), -k),
            )
            event[d] = best
            clusters[best].append(d)
    infos = []
    for k, members in enumerate(clusters):
        days: list[date] = [x for x in (news[d] for d in members) if x is not None]
        docs = tuple(sorted(members))
        infos.append(EventInfo(k, docs, min(days), max(days), _label(cluster, docs, news)))
    return tuple(event), tuple(infos), tuple(news)


def _lead_vectors(cluster: Cluster, features: Features) -> np.ndarray:
    """L2-normalised TF-IDF sum of each document's first sentences (dense, docs x terms)."""
    x = features.tfidf
    doc_of = features.doc_of
    out = np.zeros((len(cluster.documents), x.shape[1]))
    for d in range(len(cluster.documents)):
        rows = np.flatnonzero(doc_of == d)[:LEAD_SENTENCES]
        if len(rows):
            v = np.asarray(x[rows].sum(axis=0)).ravel()
            norm = np.linalg.norm(v)
            out[d] = v / norm if norm else v
    return out


def _label(cluster: Cluster, docs: tuple[int, ...], news: list[date | None]) -> str:
    """A headline naming the event: the title of its earliest dated article, else its first
    sentence that reads as a sentence (ends in punctuation)."""
    order = sorted(docs, key=lambda d: (news[d] is None, news[d] or date.max, d))
    for d in order:
        if cluster.documents[d].title:
            return cluster.documents[d].title
    for d in order:
        for s in cluster.sentences_of(d):
            if s.text.rstrip()[-1:] in ".!?…" and s.n_syllables >= 6:
                return s.text
    return ""
