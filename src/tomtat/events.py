"""Event clustering of an article stream: single articles -> event clusters, online.

Named ``events`` (not ``cluster``) so it is not confused with :class:`tomtat.model.Cluster`.

Algorithm (single pass, streaming; state = the active events only)
    * Each article becomes a hashed TF-IDF vector (scikit-learn ``HashingVectorizer``, so no
      global vocabulary fit is needed): syllable unigrams + bigrams of the title and of the first
      :data:`LEAD_SYLLABLES` syllables of the text, sublinear TF, an IDF learned online from the
      document frequencies seen so far, the title added with weight :data:`TITLE_WEIGHT`, L2 norm.
    * An arriving article is compared with the centroid of every *active* event (cosine to the
      normalized sum of its members). It joins the most similar one if that similarity is at
      least ``threshold``, otherwise it starts a new event.
    * An event is active while its newest article is at most ``window_days`` older than the
      stream's clock (the newest date seen). Articles without a date do not move the clock and
      never expire an event, so an undated stream is one open window (bounded by
      ``max_active_docs``: the least recently updated events are closed first).

Articles are vectorized in micro-batches (``chunk``) for speed, but assigned strictly one after
another, so the result is the same as one-at-a-time processing and independent of ``chunk``.
The centroid similarity is computed without materializing centroids: with unit vectors,
``cos(v, sum_c) = (sum_{d in c} v.d) / ||sum_c||`` and ``||sum_c||^2`` is updated in O(1) when
an article joins (``+ 2 v.sum_c + 1``), so each arrival costs one sparse product against the
active articles and a ``bincount``.

The defaults (threshold, window, title weight, lead length) were measured on pooled AbMuSu
articles by ``benchmarks/bench_clustering.py``; docs/scale.md has the table.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .model import Document

DEFAULT_THRESHOLD = 0.30
DEFAULT_WINDOW_DAYS = 3.0
TITLE_WEIGHT = 0.6
ENTITY_WEIGHT = 0.5
SIZE_EXPONENT = 0.0
LEAD_SYLLABLES = 300
N_FEATURES = 2**20
MAX_ACTIVE_DOCS = 20_000
CHUNK = 256


_SYLL = re.compile(r"\w+")
# a run of capitalized syllables (a name), or a number with its separators ("20.000", "1,5")
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
_NAME = re.compile(rf"\b[{_UPPER}][\w-]*(?: [{_UPPER}][\w-]*)*|\b\d+(?:[.,]\d+)*")


def _syllable_ngrams(text: str) -> list[str]:
    toks = _SYLL.findall(text)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


def _names(text: str) -> list[str]:
    return ["#" + m.lower() for m in _NAME.findall(text)]


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


def parse_day(date: str | None) -> float | None:
    """``"YYYY-MM-DD[...]"`` or ``"YYYY-MM"`` -> day number (float); anything else -> None."""
    if not date or not isinstance(date, str):
        return None
    s = date.strip()
    try:
        if len(s) >= 10 and s[4] == "-" and s[7] == "-":
            return float(_dt.date.fromisoformat(s[:10]).toordinal())
        if len(s) == 7 and s[4] == "-":
            return float(_dt.date(int(s[:4]), int(s[5:7]), 1).toordinal())
    except ValueError:
        return None
    return None


@dataclass(slots=True)
class _State:
    rows: list[Any] = field(default_factory=list)  # CSR blocks of active article vectors
    row_event: list[Any] = field(default_factory=list)  # event index of each row, per block
    norm2: list[float] = field(default_factory=list)  # ||sum of member vectors||^2 per event
    last_day: list[float] = field(default_factory=list)  # newest date per event (nan: none)
    touched: list[int] = field(default_factory=list)  # arrival counter of the last join
    active: list[bool] = field(default_factory=list)
    members: list[list[int]] = field(default_factory=list)  # arrival indices per event


class EventClusterer:
    """Online event clustering. Feed articles with :meth:`add`; read :attr:`labels`.

    ``labels[i]`` is the event index of the i-th article added (events are numbered in order of
    creation). :meth:`pop_closed` yields events whose window has passed (for feeds);
    :meth:`events` returns all of them.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        window_days: float | None = DEFAULT_WINDOW_DAYS,
        *,
        title_weight: float = TITLE_WEIGHT,
        entity_weight: float = ENTITY_WEIGHT,
        size_exponent: float = SIZE_EXPONENT,
        lead_syllables: int = LEAD_SYLLABLES,
        n_features: int = N_FEATURES,
        max_active_docs: int = MAX_ACTIVE_DOCS,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise UsageError(f"--threshold must be in (0, 1], got {threshold}")
        if window_days is not None and window_days < 0:
            raise UsageError(f"--window-days must be >= 0, got {window_days}")
        import numpy as np
        from sklearn.feature_extraction.text import HashingVectorizer

        self.threshold = threshold
        self.window_days = window_days
        self.title_weight = title_weight
        self.lead_syllables = lead_syllables
        self.max_active_docs = max_active_docs
        self.entity_weight = entity_weight
        self.size_exponent = size_exponent
        self._vec = HashingVectorizer(
            n_features=n_features,
            analyzer=_syllable_ngrams,  # syllable unigrams + bigrams of the match key
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        self._ent = HashingVectorizer(
            n_features=n_features,
            analyzer=_names,  # capitalized syllable runs and numbers, from the display text
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        self._df = np.zeros(n_features, dtype=np.float32)
        self._n_seen = 0
        self._clock: float | None = None
        self._st = _State()
        self.labels: list[int] = []
        self.documents: list[Document] = []
        self._emitted: set[int] = set()

    # ---- vectors --------------------------------------------------------------------------

    def _texts(self, docs: Sequence[Document]) -> tuple[list[str], list[str], list[str]]:
        from .text.normalize import match_key

        bodies, titles, raw = [], [], []
        for d in docs:
            lead = " ".join(d.text.split(maxsplit=self.lead_syllables)[: self.lead_syllables])
            bodies.append(match_key(lead))
            titles.append(match_key(d.title) if d.title else "")
            raw.append(f"{d.title}\n{lead}" if d.title else lead)
        return bodies, titles, raw

    def vectorize(self, docs: Sequence[Document]):
        """Unit-length hashed TF-IDF vectors of ``docs`` (updates the online IDF first)."""
        import numpy as np
        from sklearn.preprocessing import normalize

        bodies, titles, raw = self._texts(docs)
        parts = [self._vec.transform(bodies), self._vec.transform(titles)]
        weights = [1.0, self.title_weight]
        if self.entity_weight > 0:
            parts.append(self._ent.transform(raw))
            weights.append(self.entity_weight)
        # document frequency: a feature counts once per article (whichever part holds it)
        present = parts[0] + parts[1] + (parts[2] if len(parts) > 2 else 0)
        present = present.tocsr()
        present.sum_duplicates()
        np.add.at(self._df, present.indices, 1.0)
        self._n_seen += len(docs)
        idf = np.log((1.0 + self._n_seen) / (1.0 + self._df)).astype(np.float32) + 1.0
        total = None
        for m, w in zip(parts, weights, strict=True):
            m = m.tocsr()
            m.data = (1.0 + np.log(m.data)) * idf[m.indices]
            m = normalize(m) * w
            total = m if total is None else total + m
        return normalize(total).tocsr()

    # ---- the stream -----------------------------------------------------------------------

    def add(self, docs: Iterable[Document], chunk: int = CHUNK) -> list[int]:
        """Add articles in arrival order; returns their event indices."""
        got: list[int] = []
        batch: list[Document] = []
        for d in docs:
            batch.append(d)
            if len(batch) >= chunk:
                got.extend(self._add_chunk(batch))
                batch = []
        if batch:
            got.extend(self._add_chunk(batch))
        return got

    def _add_chunk(self, docs: list[Document]) -> list[int]:
        import numpy as np
        import scipy.sparse as sp

        st = self._st
        x = self.vectorize(docs)
        if st.rows:
            prev = sp.vstack(st.rows, format="csr") if len(st.rows) > 1 else st.rows[0]
            st.rows = [prev]
            prev_event = np.concatenate(st.row_event) if len(st.row_event) > 1 else st.row_event[0]
            st.row_event = [prev_event]
            p = (x @ prev.T).toarray()
        else:
            prev_event = np.zeros(0, dtype=np.int64)
            p = np.zeros((len(docs), 0), dtype=np.float32)
        q = (x @ x.T).toarray()
        chunk_event = np.zeros(len(docs), dtype=np.int64)
        labels: list[int] = []
        for i, d in enumerate(docs):
            day = parse_day(d.date)
            if day is not None and (self._clock is None or day > self._clock):
                self._clock = day
                self._expire()
            dots = np.concatenate([p[i], q[i, :i]])
            events = np.concatenate([prev_event, chunk_event[:i]])
            n_ev = len(st.norm2)
            best = -1
            if n_ev and len(dots):
                s = np.bincount(events, weights=dots, minlength=n_ev)
                norm = np.sqrt(np.asarray(st.norm2))
                if self.size_exponent:
                    size = np.asarray([len(m) for m in st.members], dtype=float)
                    norm = norm ** (1.0 - self.size_exponent) * size**self.size_exponent
                sim = np.where(np.asarray(st.active), s / np.maximum(norm, 1e-12), -1.0)
                cand = int(np.argmax(sim))
                if sim[cand] >= self.threshold:
                    best = cand
            arrival = len(self.labels)
            if best >= 0:
                st.norm2[best] += 2.0 * float(s[best]) + float(q[i, i])
                st.members[best].append(arrival)
                if day is not None:
                    last = st.last_day[best]
                    st.last_day[best] = day if math.isnan(last) else max(last, day)
            else:
                best = n_ev
                st.norm2.append(float(q[i, i]))
                st.last_day.append(day if day is not None else math.nan)
                st.touched.append(arrival)
                st.active.append(True)
                st.members.append([arrival])
            st.touched[best] = arrival
            chunk_event[i] = best
            labels.append(best)
            self.labels.append(best)
            self.documents.append(d)
        st.rows.append(x)
        st.row_event.append(chunk_event)
        self._compact()
        return labels

    def _expire(self) -> None:
        if self.window_days is None or self._clock is None:
            return
        st = self._st
        for e, last in enumerate(st.last_day):
            if st.active[e] and not math.isnan(last) and self._clock - last > self.window_days:
                st.active[e] = False

    def _compact(self) -> None:
        """Drop rows of closed events; close the stalest events beyond ``max_active_docs``."""
        import numpy as np
        import scipy.sparse as sp

        st = self._st
        rows = sp.vstack(st.rows, format="csr") if len(st.rows) > 1 else st.rows[0]
        ev = np.concatenate(st.row_event) if len(st.row_event) > 1 else st.row_event[0]
        active = np.asarray(st.active)
        if len(ev) > self.max_active_docs:
            sizes = np.bincount(ev, minlength=len(active))
            keep_n = len(ev)
            for e in sorted(np.flatnonzero(active), key=lambda e: st.touched[e]):
                if keep_n <= self.max_active_docs:
                    break
                st.active[e] = False
                keep_n -= int(sizes[e])
            active = np.asarray(st.active)
        mask = active[ev]
        if not mask.all():
            rows, ev = rows[mask], ev[mask]
        st.rows, st.row_event = [rows], [ev]

    # ---- results --------------------------------------------------------------------------

    def _event(self, e: int) -> Event:
        return Event(f"event-{e + 1:06d}", tuple(self.documents[i] for i in self._st.members[e]))

    def events(self, min_size: int = 1) -> list[Event]:
        """Every event so far (closed and open), in order of creation."""
        return [
            self._event(e) for e, m in enumerate(self._st.members) if len(m) >= max(1, min_size)
        ]

    def pop_closed(self, min_size: int = 1) -> list[Event]:
        """Events whose window has passed and that were not returned before (for feeds)."""
        out = []
        for e, m in enumerate(self._st.members):
            if not self._st.active[e] and e not in self._emitted:
                self._emitted.add(e)
                if len(m) >= max(1, min_size):
                    out.append(self._event(e))
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


# ---- input ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleError:
    """A line of the input that could not be read as an article (1-based ``line``)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}: line {self.line}: {self.message}"


_KNOWN = ("id", "text", "title", "source", "date", "url")


def _document(obj: dict[str, Any], fallback_id: str, extra: dict[str, Any] | None = None):
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError('article has no "text" string')
    date = obj.get("date")
    meta = {k: v for k, v in obj.items() if k not in _KNOWN}
    if extra:
        meta.update(extra)
    return Document(
        id=str(obj.get("id") or fallback_id),
        text=text,
        title=str(obj.get("title") or ""),
        source=str(obj.get("source") or ""),
        date=date if isinstance(date, str) and date else None,
        url=str(obj.get("url") or ""),
        meta=meta,
    )


def iter_articles(
    path: str | os.PathLike[str],
) -> Iterator[Document | ArticleError]:
    """Articles of ``path`` in file order.

    A JSONL file holds either one article per line (``{"id","title","text","date",...}``) or
    clusters in the data schema, whose documents are pooled (the cluster id is kept in
    ``meta["cluster_id"]``). A directory is read with :func:`tomtat.io.read.read_paths`.
    A bad line yields an :class:`ArticleError` and the stream goes on.
    """
    p = Path(path)
    if str(path) != "-" and not p.exists():
        raise InputError(f"no such file or directory: {p}")
    if p.is_dir():
        from .io.read import read_paths

        yield from read_paths([p])
        return
    import sys

    fh = sys.stdin if str(path) == "-" else open(p, encoding="utf-8", errors="replace")  # noqa: SIM115
    name = "stdin" if str(path) == "-" else str(p)
    try:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except ValueError as exc:
                yield ArticleError(name, lineno, f"not JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                yield ArticleError(name, lineno, "expected a JSON object")
                continue
            try:
                if isinstance(obj.get("documents"), list):
                    cid = obj.get("id")
                    for j, d in enumerate(obj["documents"], 1):
                        if not isinstance(d, dict):
                            raise ValueError(f"document {j} is not an object")
                        yield _document(d, f"l{lineno}-d{j}", {"cluster_id": cid})
                else:
                    yield _document(obj, f"l{lineno}")
            except ValueError as exc:
                yield ArticleError(name, lineno, str(exc))
    finally:
        if fh is not sys.stdin:
            fh.close()


# ---- evaluation -------------------------------------------------------------------------------


def bcubed(truth: Sequence[Any], predicted: Sequence[Any]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    For each item: precision = share of its predicted cluster that shares its true class;
    recall = share of its true class that is in its predicted cluster; both averaged over
    items, F1 = their harmonic mean. Empty input -> (1.0, 1.0, 1.0).
    """
    from collections import Counter

    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} true labels but {len(predicted)} predicted labels")
    n = len(truth)
    if n == 0:
        return 1.0, 1.0, 1.0
    pair = Counter(zip(truth, predicted, strict=True))
    t_size = Counter(truth)
    p_size = Counter(predicted)
    # every item of the (t, p) cell has the same per-item precision and recall
    prec = sum(c * c / p_size[p] for (t, p), c in pair.items()) / n
    rec = sum(c * c / t_size[t] for (t, p), c in pair.items()) / n
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1
