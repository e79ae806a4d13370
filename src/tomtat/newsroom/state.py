"""The online clusterer's state, kept in the store so that every ingest continues the same events.

:class:`tomtat.events.EventClusterer` holds, in memory, the articles of the open events (their
TF-IDF vectors, fixed on arrival), the similarity edges among them, the stream's document
frequencies and clock, and the event of every article. The store keeps what cannot be
recomputed: each active article's vector and event (table ``active``), the document
frequencies (table ``df``), the clock and the number of articles seen (table ``meta``); the
edges are recomputed from the vectors when the state is loaded (one sparse product, in
blocks). :meth:`LiveState.load` rebuilds a clusterer equal to the one that wrote the state,
so a stream cut into several ingests gives the events of one uninterrupted stream.

:meth:`LiveState.step` feeds one batch of new articles and returns everything the store must
write for it (:class:`Step`): their events, the active articles that moved to another event,
the events that closed or were absorbed, the new vectors and the document-frequency delta.
The store writes it in the same transaction as the articles; if that transaction fails, the
state is thrown away and loaded again.

This module reads and sets the clusterer's private arrays (it is the clusterer's persistence,
kept out of ``tomtat.events`` so the algorithm stays free of storage concerns);
``tests/newsroom/test_state.py`` checks that a stream split across saves and loads gives the
same events as one clusterer.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ..events import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, MAX_ACTIVE_DOCS, EventClusterer
from ..model import Document

EDGE_BLOCK = 512  # rows per block when recomputing the edges on load


@dataclass(frozen=True, slots=True)
class Params:
    """The clusterer settings a store was created with (they cannot change afterwards)."""

    threshold: float = DEFAULT_THRESHOLD
    window_days: float | None = DEFAULT_WINDOW_DAYS
    max_active_docs: int = MAX_ACTIVE_DOCS

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> Params:
        obj = json.loads(raw)
        return cls(
            float(obj["threshold"]),
            None if obj["window_days"] is None else float(obj["window_days"]),
            int(obj["max_active_docs"]),
        )

    def clusterer(self) -> EventClusterer:
        return EventClusterer(
            self.threshold, self.window_days, max_active_docs=self.max_active_docs
        )


# ---- encodings --------------------------------------------------------------------------------


def encode_vector(indices: np.ndarray, data: np.ndarray) -> bytes:
    """One sparse row: int32 columns, then float32 values (little endian)."""
    return indices.astype("<i4").tobytes() + data.astype("<f4").tobytes()


def decode_vectors(blobs: list[bytes], n_features: int):
    """Sparse rows encoded by :func:`encode_vector` -> a CSR matrix, one row per blob."""
    import scipy.sparse as sp

    nnz = [len(b) // 8 for b in blobs]
    indptr = np.zeros(len(blobs) + 1, dtype=np.int64)
    np.cumsum(nnz, out=indptr[1:])
    indices = np.empty(indptr[-1], dtype=np.int32)
    data = np.empty(indptr[-1], dtype=np.float32)
    for k, (b, n) in enumerate(zip(blobs, nnz, strict=True)):
        lo, hi = indptr[k], indptr[k + 1]
        indices[lo:hi] = np.frombuffer(b, dtype="<i4", count=n)
        data[lo:hi] = np.frombuffer(b, dtype="<f4", count=n, offset=4 * n)
    return sp.csr_matrix((data, indices, indptr), shape=(len(blobs), n_features))


def encode_counts(cols: np.ndarray, counts: np.ndarray) -> bytes:
    """Sparse document-frequency counts, zlib-compressed (columns int32, counts float32)."""
    raw = np.asarray(cols, dtype="<i4").tobytes() + np.asarray(counts, dtype="<f4").tobytes()
    return zlib.compress(raw, 1)


def decode_counts(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    raw = zlib.decompress(blob)
    n = len(raw) // 8
    return (
        np.frombuffer(raw, dtype="<i4", count=n).astype(np.int64),
        np.frombuffer(raw, dtype="<f4", count=n, offset=4 * n),
    )


# ---- state ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Step:
    """What one batch changed, in the clusterer's local event numbers.

    ``labels[k]`` is the event of the batch's k-th article; ``moved`` maps an already stored
    article (by store id) to its new event; ``closed`` and ``absorbed`` (event -> the event
    that took most of its articles) list events that changed state; ``touched`` every event
    whose articles changed. ``new_active`` holds (batch position, vector blob, day) of the
    batch's articles still in an open event, ``dropped`` the store ids of articles whose event
    closed.
    """

    labels: list[int]
    moved: dict[int, int]
    closed: set[int]
    absorbed: dict[int, int]
    touched: set[int]
    new_active: list[tuple[int, bytes, float | None]]
    dropped: list[int]
    df_cols: np.ndarray
    df_counts: np.ndarray
    clock: float | None
    n_seen: int
    new_events: list[int] = field(default_factory=list)  # local events first seen here


class LiveState:
    """A clusterer loaded from the store, and the mapping between its numbers and the store's.

    ``seq`` is the store's batch counter the state matches; the store reloads the state when
    another process has committed since (the counter moved).
    """

    def __init__(self, params: Params, seq: int) -> None:
        self.params = params
        self.seq = seq
        self.clusterer = params.clusterer()
        self.arrival_article: dict[int, int] = {}  # arrival -> store article id (active)
        self.event_of_local: dict[int, int] = {}  # local event -> store event id

    # ---- load -------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        params: Params,
        seq: int,
        *,
        article_ids: list[int],
        event_ids: list[int],
        days: list[float | None],
        vectors: list[bytes],
        df_parts: list[bytes],
        n_seen: int,
        clock: float | None,
    ) -> LiveState:
        """Rebuild the state from the stored rows: the active articles (in arrival order,
        i.e. by store id), their events, days and vectors; the document-frequency rows."""
        st = cls(params, seq)
        c: Any = st.clusterer
        x = decode_vectors(vectors, c.vectorizer.n_features)
        edges = _edges(x, c.threshold, 0)
        st._install(seq, article_ids, event_ids, days, x, edges, df_parts, n_seen, clock)
        return st

    def sync(
        self,
        seq: int,
        *,
        active: dict[int, int],
        new_rows: list[tuple[int, float | None, bytes]],
        df_parts: list[bytes],
        n_seen: int,
        clock: float | None,
    ) -> None:
        """Catch up with batches another process committed since :attr:`seq`, without
        reloading everything: ``active`` is the store's (article id -> event id) of every
        active article now, ``new_rows`` the (article id, day, vector) of the active articles
        this state has not seen, ``df_parts`` the document-frequency rows added since. The
        kept articles keep their vectors and edges; only the new ones' edges are computed.
        """
        import scipy.sparse as sp

        c: Any = self.clusterer
        cur = [self.arrival_article[a] for a in c._row_arrival.tolist()]
        keep = [r for r, aid in enumerate(cur) if aid in active]
        new_rows = sorted(new_rows)
        ids = [cur[r] for r in keep] + [aid for aid, _, _ in new_rows]
        days = [None if np.isnan(d) else float(d) for d in c._row_day[keep].tolist()]
        days += [d for _, d, _ in new_rows]
        x_new = decode_vectors([v for _, _, v in new_rows], c.vectorizer.n_features)
        x = sp.vstack([c._rows[keep], x_new], format="csr") if len(keep) else x_new
        # old edges among the kept rows, renumbered; then the new rows' edges
        remap = np.full(len(cur), -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        ok = (remap[c._edge_i] >= 0) & (remap[c._edge_j] >= 0)
        old = (remap[c._edge_i[ok]], remap[c._edge_j[ok]], c._edge_w[ok])
        fresh = _edges(x, c.threshold, len(keep))
        edges = (
            np.concatenate([old[0], fresh[0]]),
            np.concatenate([old[1], fresh[1]]),
            np.concatenate([old[2], fresh[2]]),
        )
        self._install(seq, ids, [active[a] for a in ids], days, x, edges, df_parts, n_seen, clock)

    def _install(
        self,
        seq: int,
        article_ids: list[int],
        event_ids: list[int],
        days: list[float | None],
        x: Any,
        edges: tuple[np.ndarray, np.ndarray, np.ndarray],
        df_parts: list[bytes],
        n_seen: int,
        clock: float | None,
    ) -> None:
        """Set the clusterer's arrays to these active articles (arrival = position)."""
        c: Any = self.clusterer  # private arrays: see the module doc
        for blob in df_parts:
            cols, counts = decode_counts(blob)
            np.add.at(c.vectorizer._df, cols, counts)
        c.vectorizer._n_seen = n_seen
        c._clock = clock
        n = len(article_ids)
        local: dict[int, int] = {}
        row_event = np.empty(n, dtype=np.int64)
        for k, e in enumerate(event_ids):
            row_event[k] = local.setdefault(e, len(local))
        self.event_of_local = {v: k for k, v in local.items()}
        docs = [Document(str(a), "") for a in article_ids]
        c._members = [[] for _ in local]
        for k, e in enumerate(row_event.tolist()):
            c._members[e].append((k, docs[k]))
        c._open = [True] * len(local)
        c._popped = 0
        c._labels = row_event.tolist()
        c._rows = x
        c._row_event = row_event
        c._row_arrival = np.arange(n, dtype=np.int64)
        c._row_day = np.array([np.nan if d is None else d for d in days], dtype=float)
        c._row_doc = docs
        c._edge_i, c._edge_j, c._edge_w = edges
        self.arrival_article = dict(enumerate(article_ids))
        c._update_min_last()
        self.seq = seq

    # ---- one batch --------------------------------------------------------------------

    def step(self, docs: list[Document]) -> Step:
        """Cluster ``docs`` (new articles, in arrival order) and say what changed."""
        c: Any = self.clusterer
        before = c._row_arrival.tolist()
        before_label = {a: c._labels[a] for a in before}
        df_before = c.vectorizer._df.copy()
        n_locals = len(c._open)
        first = len(c._labels)
        c.add(docs)
        labels = c._labels[first:]
        moved_arrivals = {a: c._labels[a] for a in before if c._labels[a] != before_label[a]}
        still = set(c._row_arrival.tolist())
        seen = set(before_label.values()) | set(labels) | set(moved_arrivals.values())
        absorbed: dict[int, int] = {}
        for e in seen:
            if c._members[e] is None and e < n_locals:
                went = [c._labels[a] for a, old in before_label.items() if old == e]
                absorbed[e] = max(set(went), key=lambda x: (went.count(x), -x))
        closed = {e for e in seen if c._members[e] is not None and not c._open[e]}
        touched = (
            set(labels) | set(moved_arrivals.values()) | {before_label[a] for a in moved_arrivals}
        ) - set(absorbed)
        new_active = []
        for row in np.flatnonzero(c._row_arrival >= first).tolist():
            vec = c._rows[row]
            day = float(c._row_day[row])
            new_active.append(
                (
                    int(c._row_arrival[row]) - first,
                    encode_vector(vec.indices, vec.data),
                    None if np.isnan(day) else day,
                )
            )
        delta = c.vectorizer._df - df_before
        cols = np.flatnonzero(delta)
        return Step(
            labels=labels,
            moved={self.arrival_article[a]: e for a, e in moved_arrivals.items()},
            closed=closed,
            absorbed=absorbed,
            touched=touched | closed,
            new_active=new_active,
            dropped=[self.arrival_article[a] for a in before if a not in still],
            df_cols=cols,
            df_counts=delta[cols],
            clock=c._clock,
            n_seen=c.vectorizer._n_seen,
            new_events=sorted(e for e in seen if e >= n_locals and e not in absorbed),
        )

    def committed(self, seq: int, step: Step, article_ids: list[int], events: dict[int, int]):
        """The store committed ``step``: record the new ids, forget what closed."""
        c: Any = self.clusterer
        first = len(c._labels) - len(article_ids)
        for k, aid in enumerate(article_ids):
            self.arrival_article[first + k] = aid
        still = set(c._row_arrival.tolist())
        for a in [a for a in self.arrival_article if a not in still]:
            del self.arrival_article[a]
        self.event_of_local.update(events)
        for e in step.closed | set(step.absorbed):
            self.event_of_local.pop(e, None)
        c.pop_closed()
        self.seq = seq

    @property
    def size(self) -> int:
        """Articles this state has seen since it was loaded (their labels are kept)."""
        return len(self.clusterer._labels)


def _edges(x: Any, threshold: float, start: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Similarity edges (i < j, cosine >= threshold) among the rows of ``x`` that involve a
    row at or after ``start`` (``start`` = 0: the whole graph)."""
    n = x.shape[0]
    xt = x.T.tocsc()
    ei, ej, ew = [], [], []
    for lo in range(start, n, EDGE_BLOCK):
        dots = (x[lo : lo + EDGE_BLOCK] @ xt).toarray()
        i, j = np.nonzero(dots >= threshold)
        keep = j != i + lo
        i, j = i[keep], j[keep]
        # a pair of two rows >= start is seen from both sides: keep it once (j < i); a pair
        # with an older row (j < start) only from the new row's side
        keep = j < i + lo
        i, j = i[keep], j[keep]
        ei.append(j)
        ej.append(i + lo)
        ew.append(dots[i, j])
    if not ei:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    return (
        np.concatenate(ei).astype(np.int64),
        np.concatenate(ej).astype(np.int64),
        np.concatenate(ew).astype(np.float32),
    )
