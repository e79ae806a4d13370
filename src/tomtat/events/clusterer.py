"""Online complete-link event clustering over a time window (see :mod:`tomtat.events`)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..model import Document
from ..text.dates import day_number
from .vectors import ENTITY_WEIGHT, MAX_DF, TITLE_WEIGHT, EventVectorizer

DEFAULT_THRESHOLD = 0.105
DEFAULT_WINDOW_DAYS = 3.0
MAX_ACTIVE_DOCS = 20_000
MAX_RECLUSTER = 1_000  # articles regrouped at once (scipy linkage: ~15 ms at 1,000)
CHUNK = 256


@dataclass(frozen=True, slots=True)
class Event:
    """One event cluster: its id and its articles in arrival order."""

    id: str
    documents: tuple[Document, ...]

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(sorted(d.date for d in self.documents if d.date))

    def to_record(self) -> dict[str, Any]:
        """The cluster schema of ``tomtat batch``: ``{"id", "documents": [...], ...}``."""
        docs = []
        for d in self.documents:
            rec: dict[str, Any] = {"id": d.id, "title": d.title, "text": d.text}
            for key in ("source", "date", "url"):
                value = getattr(d, key)
                if value:
                    rec[key] = value
            for key, value in d.meta.items():
                rec.setdefault(key, value)
            docs.append(rec)
        out: dict[str, Any] = {"id": self.id, "documents": docs, "size": len(docs)}
        dates = self.dates
        if dates:
            out["first_date"], out["last_date"] = dates[0], dates[-1]
        return out


def _cut(tree, m: int, height: float):
    """Flat cluster labels of ``m`` items from a linkage ``tree``, cut at ``height``.

    What ``scipy.cluster.hierarchy.fcluster(tree, height, "distance")`` returns for a
    monotone linkage (complete link), without its validation pass (~0.3 ms per call,
    which dominated on many small components): merges are sorted by height, so the ones
    below the cut come first.
    """
    import numpy as np

    parent = np.arange(2 * m - 1)
    for k in range(int(np.searchsorted(tree[:, 2], height, side="right"))):
        parent[int(tree[k, 0])] = parent[int(tree[k, 1])] = m + k
    labels = np.arange(m)
    while True:  # follow the parents up (depth <= number of merges)
        up = parent[labels]
        if (up == labels).all():
            return labels
        labels = up


class EventClusterer:
    """Online event clustering. Feed articles with :meth:`add`; read :attr:`labels`.

    ``labels[i]`` is the event index of the i-th article added (events are numbered in order of
    creation). While an event is open its articles may still be regrouped (see the module doc:
    events can grow, merge or split at each micro-batch); once closed it is final.
    :meth:`pop_closed` returns events whose window has passed (for feeds; their articles are
    then released); :meth:`events` returns every event not yet popped.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        window_days: float | None = DEFAULT_WINDOW_DAYS,
        *,
        max_active_docs: int = MAX_ACTIVE_DOCS,
        max_recluster: int = MAX_RECLUSTER,
        title_weight: float = TITLE_WEIGHT,
        entity_weight: float = ENTITY_WEIGHT,
        max_df: float = MAX_DF,
        idf_prior: bool = True,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise UsageError(f"threshold must be in (0, 1], got {threshold}", "threshold")
        if window_days is not None and window_days < 0:
            raise UsageError(f"window_days must be >= 0, got {window_days}", "window_days")
        if max_recluster < 2:
            raise UsageError(f"max_recluster must be at least 2, got {max_recluster}")
        import numpy as np
        import scipy.sparse as sp

        self.threshold = threshold
        self.window_days = window_days
        self.max_active_docs = max_active_docs
        self.max_recluster = max_recluster
        self.vectorizer = EventVectorizer(
            title_weight=title_weight,
            entity_weight=entity_weight,
            max_df=max_df,
            idf_prior=idf_prior,
        )
        self._clock: float | None = None  # newest day-precise date seen (day number)
        self._min_last = math.inf  # oldest "newest date" among the open events
        # every event ever made: its articles (None once popped or absorbed) and whether open
        self._members: list[list[tuple[int, Document]] | None] = []  # (arrival, article)
        self._open: list[bool] = []
        self._popped = 0  # events before this index were all popped
        self._labels: list[int] = []  # current event of every article, by arrival
        # the active articles (those of open events), one row each, in arrival order
        self._rows = sp.csr_matrix((0, self.vectorizer.n_features), dtype=np.float32)
        self._row_event = np.zeros(0, dtype=np.int64)
        self._row_arrival = np.zeros(0, dtype=np.int64)
        self._row_day = np.zeros(0)  # nan when undated
        self._row_doc: list[Document] = []
        # similarity graph of the active articles: edges (i < j) with similarity >= threshold
        self._edge_i = np.zeros(0, dtype=np.int64)
        self._edge_j = np.zeros(0, dtype=np.int64)
        self._edge_w = np.zeros(0, dtype=np.float32)  # their cosine
        self.reclustered = 0  # articles re-clustered so far (a cost counter for benchmarks)

    @property
    def labels(self) -> list[int]:
        """Event index of every article added, in arrival order (as of the last micro-batch)."""
        return list(self._labels)

    # ---- the stream -----------------------------------------------------------------------

    def add(self, docs: Iterable[Document], chunk: int = CHUNK) -> list[int]:
        """Add articles in arrival order; returns their event indices as known at the end of
        their micro-batch (an open event can still merge or split later: :attr:`labels`).

        A micro-batch ends after ``chunk`` articles, or earlier when a dated article would
        close an open event (so no article is grouped with an event that had closed before
        it arrived: the window is exact per article, as in a one-by-one stream).
        """
        got: list[int] = []
        batch: list[Document] = []
        lo, hi = math.inf, -math.inf  # oldest and newest day of the pending batch
        for d in docs:
            day = day_number(d.date, month=False) if self.window_days is not None else None
            if (
                batch
                and day is not None
                and day > max(hi, self._clock if self._clock is not None else -math.inf)
                and day - min(lo, self._min_last) > self.window_days  # type: ignore[operator]
            ):
                got.extend(self._add_chunk(batch))
                batch, lo, hi = [], math.inf, -math.inf
            batch.append(d)
            if day is not None:
                lo, hi = min(lo, day), max(hi, day)
            if len(batch) >= chunk:
                got.extend(self._add_chunk(batch))
                batch, lo, hi = [], math.inf, -math.inf
        if batch:
            got.extend(self._add_chunk(batch))
        return got

    def _add_chunk(self, docs: list[Document]) -> list[int]:
        import numpy as np
        import scipy.sparse as sp

        days = np.array(
            [d if (d := day_number(doc.date, month=False)) is not None else np.nan for doc in docs]
        )
        if not np.isnan(days).all():
            newest = float(np.nanmax(days))
            if self._clock is None or newest > self._clock:
                self._clock = newest
                if self.window_days is not None:
                    self._expire(newest - self.window_days)
        x = self.vectorizer.vectorize(docs)
        b, n_prev = len(docs), self._rows.shape[0]
        t = self.threshold
        # new edges: chunk article i . active article j, and within the chunk (i < j)
        ei, ej, ew = [self._edge_i], [self._edge_j], [self._edge_w]
        if n_prev:
            dots = (x @ self._rows.T).toarray()
            i, j = np.nonzero(dots >= t)
            ei.append(j)
            ej.append(i + n_prev)
            ew.append(dots[i, j])
        dots = np.triu((x @ x.T).toarray(), 1)
        i, j = np.nonzero(dots >= t)
        ei.append(i + n_prev)
        ej.append(j + n_prev)
        ew.append(dots[i, j])
        self._edge_i, self._edge_j = np.concatenate(ei), np.concatenate(ej)
        self._edge_w = np.concatenate(ew).astype(np.float32)
        first = len(self._labels)
        self._rows = sp.vstack([self._rows, x], format="csr") if n_prev else x
        self._row_event = np.concatenate([self._row_event, np.full(b, -1, dtype=np.int64)])
        self._row_arrival = np.concatenate(
            [self._row_arrival, np.arange(first, first + b, dtype=np.int64)]
        )
        self._row_day = np.concatenate([self._row_day, days])
        self._row_doc.extend(docs)
        self._labels.extend([-1] * b)
        self._recluster(n_prev)
        self._bound_active()
        self._update_min_last()
        return self._labels[first:]

    def _recluster(self, n_prev: int) -> None:
        """Regroup the connected components (of the similarity graph at ``threshold``) that
        received an article of this micro-batch, by offline complete-link clustering.

        Exact: complete link cut at t never joins two articles of different components (every
        pair across them is below t), so clustering each touched component alone gives the
        same partition as clustering the whole active set, and the untouched components keep
        theirs. Components above ``max_recluster`` articles are regrouped only around the new
        articles (see :meth:`_region`), which bounds the cost."""
        import numpy as np
        import scipy.sparse as sp
        from scipy.sparse.csgraph import connected_components

        n = self._rows.shape[0]
        graph = sp.csr_matrix(
            (np.ones(len(self._edge_i), dtype=np.int8), (self._edge_i, self._edge_j)),
            shape=(n, n),
        )
        _, comp = connected_components(graph, directed=False)
        order = np.argsort(comp, kind="stable")  # rows of a component stay in arrival order
        bounds = np.concatenate([[0], np.cumsum(np.bincount(comp))])
        touched = np.unique(comp[n_prev:])
        # the edges of each touched component, grouped by component
        e_comp = comp[self._edge_i]
        sel = np.flatnonzero(np.isin(e_comp, touched))
        sel = sel[np.argsort(e_comp[sel], kind="stable")]
        e_bounds = np.searchsorted(e_comp[sel], touched, side="left")
        e_ends = np.searchsorted(e_comp[sel], touched, side="right")
        pos = np.full(n, -1, dtype=np.int64)
        sym = None
        for c, e0, e1 in zip(touched.tolist(), e_bounds.tolist(), e_ends.tolist(), strict=True):
            rows = order[bounds[c] : bounds[c + 1]]
            whole = len(rows) <= self.max_recluster
            if not whole:
                if sym is None:
                    sym = (graph + graph.T).tocsr()
                rows = self._region(rows[rows >= n_prev], sym)
            edges = sel[e0:e1]
            self._regroup(rows, self._groups(rows, edges, pos, whole))

    def _groups(self, rows, edges, pos, whole: bool):
        """Complete-link clusters of ``rows`` (active articles, in arrival order) at
        ``threshold``, from the graph ``edges`` among them.

        Only similarities >= t matter for complete link cut at t: a pair below t keeps its two
        clusters apart whatever its value (their distance is above the cut), and merges below
        the cut are ordered by pairs that are all >= t. So the cosines stored on the edges
        are enough: no product is recomputed (``pos`` is scratch, all -1 on entry and exit).
        """
        import numpy as np
        from scipy.cluster.hierarchy import linkage

        m = len(rows)
        if m == 1 or (m == 2 and whole):  # one article, or two joined by an edge
            return [rows]
        pos[rows] = np.arange(m)
        i, j = pos[self._edge_i[edges]], pos[self._edge_j[edges]]
        pos[rows] = -1
        ok = (i >= 0) & (j >= 0)
        i, j, w = i[ok], j[ok], self._edge_w[edges][ok]
        if len(i) == m * (m - 1) // 2:  # a clique: one event
            return [rows]
        sim = np.zeros((m, m))
        sim[i, j] = w
        sim[j, i] = w
        dist = 1.0 - sim[np.triu_indices(m, 1)]
        flat = _cut(linkage(np.clip(dist, 0.0, None), "complete"), m, 1.0 - self.threshold + 1e-9)
        return [rows[flat == k] for k in np.unique(flat)]

    def _region(self, new_rows, sym):
        """The part of an oversized component that is regrouped: the new articles and the
        events they have an edge to, strongest-tied events first, up to ``max_recluster``
        articles (the new ones always included). Other events of the component are kept."""
        import numpy as np

        nbr = sym[new_rows].indices
        events = self._row_event[nbr]
        events = events[events >= 0]
        ev, ties = np.unique(events, return_counts=True)
        keep = np.zeros(self._rows.shape[0], dtype=bool)
        keep[new_rows] = True
        budget = self.max_recluster - len(new_rows)
        size = np.bincount(
            np.searchsorted(ev, self._row_event[np.isin(self._row_event, ev)]), minlength=len(ev)
        )
        for k in np.lexsort((ev, -ties)):
            if size[k] <= budget:
                keep |= self._row_event == ev[k]
                budget -= size[k]
        return np.flatnonzero(keep)

    def _regroup(self, rows, groups) -> None:
        """Give each group an event id, so ids stay stable while events change: the old event
        a group shares most articles with keeps its id (ties: the older event, then the group
        with the older first article); the other groups open new events in order of their
        first article; old events left with no group were absorbed (their ids disappear)."""
        import numpy as np

        old = self._row_event[rows]
        pairs: list[tuple[int, int, int, int]] = []  # (-overlap, old event, first arrival, group)
        for g, grp in enumerate(groups):
            ev, cnt = np.unique(self._row_event[grp], return_counts=True)
            first = int(self._row_arrival[grp[0]])  # rows are in arrival order
            pairs.extend(
                (-int(c), int(e), first, g) for e, c in zip(ev, cnt, strict=True) if e >= 0
            )
        pairs.sort()
        taken: dict[int, int] = {}  # group -> event
        used: set[int] = set()
        for _, e, _, g in pairs:
            if g not in taken and e not in used:
                taken[g] = e
                used.add(e)
        fresh = sorted(
            (g for g in range(len(groups)) if g not in taken),
            key=lambda g: int(self._row_arrival[groups[g]].min()),
        )
        for g in fresh:
            taken[g] = len(self._members)
            self._members.append([])
            self._open.append(True)
        for e in set(old[old >= 0].tolist()) - used:
            self._members[e] = None  # absorbed into other events
        for g, grp in enumerate(groups):
            e = taken[g]
            if len(grp) == 1 and self._row_event[grp[0]] == e:
                continue
            self._row_event[grp] = e
            self._members[e] = [
                (int(a), self._row_doc[r]) for r, a in zip(grp, self._row_arrival[grp], strict=True)
            ]
            for a in self._row_arrival[grp]:
                self._labels[a] = e
        self.reclustered += len(rows)

    def _expire(self, cutoff: float) -> None:
        """Close the open events whose newest dated article is older than ``cutoff``."""
        import numpy as np

        if not len(self._row_event):
            return
        ev, inv = np.unique(self._row_event, return_inverse=True)
        last = np.full(len(ev), -np.inf)
        np.fmax.at(last, inv, self._row_day)  # nan (undated) never counts
        last[np.isneginf(last)] = np.nan
        closing = last < cutoff  # nan: undated events never expire
        if closing.any():
            self._close(ev[closing])

    def _bound_active(self) -> None:
        """Close the least recently updated events beyond ``max_active_docs`` articles."""
        import numpy as np

        n = len(self._row_event)
        if n <= self.max_active_docs:
            return
        ev, inv, size = np.unique(self._row_event, return_inverse=True, return_counts=True)
        touched = np.zeros(len(ev), dtype=np.int64)
        np.maximum.at(touched, inv, self._row_arrival)
        closing = []
        for k in np.argsort(touched, kind="stable"):
            if n <= self.max_active_docs:
                break
            closing.append(ev[k])
            n -= int(size[k])
        self._close(np.array(closing, dtype=np.int64))

    def _close(self, events) -> None:
        """Close ``events`` (final from now on) and drop their articles from the active set."""
        import numpy as np

        for e in events.tolist():
            self._open[e] = False
        keep = ~np.isin(self._row_event, events)
        remap = np.cumsum(keep) - 1
        ok = keep[self._edge_i] & keep[self._edge_j]
        self._edge_i, self._edge_j = remap[self._edge_i[ok]], remap[self._edge_j[ok]]
        self._edge_w = self._edge_w[ok]
        self._rows = self._rows[keep]
        self._row_event = self._row_event[keep]
        self._row_arrival = self._row_arrival[keep]
        self._row_day = self._row_day[keep]
        self._row_doc = [d for d, k in zip(self._row_doc, keep.tolist(), strict=True) if k]

    def _update_min_last(self) -> None:
        import numpy as np

        if self.window_days is None or not len(self._row_event):
            self._min_last = math.inf
            return
        ev, inv = np.unique(self._row_event, return_inverse=True)
        last = np.full(len(ev), -np.inf)
        np.fmax.at(last, inv, self._row_day)
        dated = last[np.isfinite(last)]
        self._min_last = float(dated.min()) if len(dated) else math.inf

    # ---- results --------------------------------------------------------------------------

    def _event(self, e: int) -> Event:
        return Event(f"event-{e + 1:06d}", tuple(d for _, d in self._members[e] or ()))

    def events(self, min_size: int = 1) -> list[Event]:
        """Every event not yet popped (closed and open), in order of creation."""
        return [
            self._event(e)
            for e, m in enumerate(self._members)
            if m is not None and len(m) >= max(1, min_size)
        ]

    def pop_closed(self, min_size: int = 1) -> list[Event]:
        """Events whose window has passed, not returned before; their articles are released."""
        out = []
        for e in range(self._popped, len(self._members)):
            m = self._members[e]
            if m is not None and not self._open[e]:
                if len(m) >= max(1, min_size):
                    out.append(self._event(e))
                self._members[e] = None
        while self._popped < len(self._members) and self._members[self._popped] is None:
            self._popped += 1
        return out


def cluster_events(
    docs: Iterable[Document],
    threshold: float = DEFAULT_THRESHOLD,
    window_days: float | None = DEFAULT_WINDOW_DAYS,
    **options: Any,
) -> list[Event]:
    """Cluster a stream of articles (in arrival order) into events; see the module doc."""
    clusterer = EventClusterer(threshold, window_days, **options)
    clusterer.add(docs)
    return clusterer.events()
