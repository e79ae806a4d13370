"""The article/event store: SQLite by default, PostgreSQL through the same code.

Python API (what ``tomtat ingest``, ``tomtat events`` and the HTTP service call)::

    from tomtat.newsroom import Store

    with Store.open("tomtat.db") as store:            # or "postgresql://user@host/db"
        results = store.add_articles(documents)       # one transaction -> [ArticleResult]
        stats = store.ingest(stream, batch_size=256)  # many batches -> IngestStats
        store.refresh()                               # summaries/reports of changed events
        page = store.list_events(since="2024-11-01", q="bão", limit=20, offset=0)
        total = store.count_events(since=..., q=...)
        detail = store.get_event(page[0].id)          # EventDetail (articles, summary, report)
        docs = store.event_documents(page[0].id)      # the event's articles as Documents

Guarantees:

* **Durable batches.** Each batch of articles is one transaction: the articles, their event
  assignment, the clusterer's state and the events' aggregates commit together or not at all.
  A process killed mid-ingest loses at most the batch in flight; ingesting the same input
  again stores nothing twice (articles are deduplicated by URL and by content,
  :mod:`tomtat.newsroom.keys`).
* **One event per article, one writer at a time.** A write transaction first takes the
  store's write lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL an advisory transaction lock),
  then checks the batch counter ``meta.seq``: if another process committed since this one
  last wrote, the clusterer state is loaded again from the store. So several processes can
  ingest into one store at once; their batches are clustered one after the other, as one
  stream.
* **Thread-safe.** One :class:`Store` may be shared by the threads of a service: its
  batches are written one at a time, reads run concurrently.
* **Summaries are stored.** An event's ``version`` is bumped whenever its articles change;
  :meth:`Store.refresh` recomputes the summary and report of events whose stored summary is
  older (locally, in a process pool, or on Dask workers) and stores them only if the event
  did not change meanwhile. Reading never recomputes.
* **Versioned schema** (:mod:`tomtat.newsroom.schema`): an older store is upgraded when
  opened; a store from a newer tomtat is refused with one line.

Errors are :class:`StoreError` (a :class:`~tomtat.errors.TomtatError`): one line naming the
store and the cause (locked, read-only, unreachable, newer schema, ...).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..errors import TomtatError, UsageError
from ..model import Document
from . import schema as S
from .keys import content_key, url_key
from .state import LiveState, Params, Step, encode_counts

DEFAULT_DB = "tomtat.db"
BATCH_SIZE = 256
LOCK_KEY = 0x746F6D74  # "tomt": the PostgreSQL advisory lock of a store's writers
DF_COMPACT_ROWS = 256  # merge the per-batch document-frequency rows beyond this many
RELOAD_AFTER = 500_000  # articles a loaded state may see before it is reloaded (memory)
BUSY_TIMEOUT_S = 30.0


class StoreError(TomtatError):
    """The store cannot be opened, read or written (the message names it and the cause)."""

    http_status = 503


# ---- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What became of one submitted article.

    ``status`` is ``"new"`` (stored), ``"duplicate"`` (the same URL or text is stored already:
    ``article_id``/``event_id`` are the stored article's) or ``"failed"`` (``reason`` says
    why). ``event_id`` is the article's event when its batch committed (an open event can
    still merge later; :meth:`Store.get_event` follows ``merged_into``).
    """

    status: str
    article_id: int | None = None
    event_id: int | None = None
    reason: str = ""
    ext_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "id": self.ext_id}
        if self.article_id is not None:
            out["article_id"] = self.article_id
            out["event_id"] = self.event_id
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(slots=True)
class IngestStats:
    """Counts of one :meth:`Store.ingest` call."""

    new: int = 0
    duplicate: int = 0
    failed: int = 0
    batches: int = 0
    failed_batches: int = 0
    events_created: int = 0
    events_changed: int = 0
    seconds: float = 0.0

    def add(self, results: Sequence[ArticleResult]) -> None:
        for r in results:
            if r.status == "new":
                self.new += 1
            elif r.status == "duplicate":
                self.duplicate += 1
            else:
                self.failed += 1


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One event as listed: its aggregates and the stored summary (None until computed)."""

    id: int
    title: str
    first_date: str | None
    last_date: str | None
    last_seen: str
    size: int
    outlets: tuple[str, ...]
    articles: tuple[int, ...]
    lead: str
    summary: str | None
    is_open: bool
    stale: bool  # the articles changed after the stored summary was computed
    updated_at: str
    merged_into: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"id","title","first_date","last_date","articles","outlets","summary",...}``."""
        return {
            "id": self.id,
            "title": self.title,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "articles": list(self.articles),
            "outlets": list(self.outlets),
            "summary": self.summary,
            "lead": self.lead,
            "size": self.size,
            "open": self.is_open,
            "stale": self.stale,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class EventDetail:
    """One event with its articles (metadata, no text), summary and report dictionaries."""

    info: EventInfo
    documents: tuple[dict[str, Any], ...]
    summary: dict[str, Any] | None
    report: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        out = self.info.to_dict()
        out["documents"] = [dict(d) for d in self.documents]
        out["summary_detail"] = self.summary
        out["report"] = self.report
        return out


@dataclass(slots=True)
class _Prepared:
    index: int
    doc: Document
    url_key: str | None
    content_key: str


@dataclass(slots=True)
class _Batch:
    results: list[ArticleResult | None] = field(default_factory=list)
    items: list[_Prepared] = field(default_factory=list)


# ---- helpers ----------------------------------------------------------------------------------


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def display_url(url: str) -> str:
    """The store's URL with any password hidden (for messages)."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _engine_url(url: str) -> tuple[str, str]:
    """``--db`` value -> (SQLAlchemy URL, dialect name)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1], "postgresql"
    if url.startswith("postgresql+psycopg://"):
        return url, "postgresql"
    if url.startswith("sqlite:///"):
        return url, "sqlite"
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise UsageError(
            f"--db {display_url(url)}: unsupported database {scheme!r}; give a file path "
            "(SQLite) or a postgresql://user@host/dbname URL"
        )
    return "sqlite:///" + str(Path(url)), "sqlite"


def _cause(exc: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's background link."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    line = text[0] if text else type(orig).__name__
    return re.sub(r"\s*\(Background on this error.*$", "", line)


def _fold(text: str) -> str:
    """Lower case, NFC, canonical tone placement: the form ``q`` and ``search`` compare."""
    import unicodedata

    from ..text.normalize import canonical_tones

    return " ".join(canonical_tones(unicodedata.normalize("NFC", text)).lower().split())


_WORDS = re.compile(r"[^\W_]+")  # the words of a query (FTS syntax never reaches the index)
# an event whose stored summary is older than its articles (or missing)
_STALE = sa.or_(
    S.events.c.summary_version.is_(None), S.events.c.summary_version != S.events.c.version
)


def _index_search(conn: sa.Connection, rows: list[tuple[int, str | None]]) -> None:
    """Keep SQLite's full-text table in step with ``events.search`` (None: drop the event).
    PostgreSQL's index is on an expression of the column and keeps itself."""
    if not rows or conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("DELETE FROM events_fts WHERE rowid = ?", [(eid,) for eid, _ in rows])
    keep = [(eid, text) for eid, text in rows if text is not None]
    if keep:
        conn.exec_driver_sql("INSERT INTO events_fts (rowid, search) VALUES (?, ?)", keep)


# ---- the store --------------------------------------------------------------------------------


class Store:
    """An open store; see the module doc. Create with :meth:`Store.open`."""

    def __init__(self, engine: sa.Engine, url: str, dialect: str) -> None:
        self._engine = engine
        self.url = url
        self.dialect = dialect
        self._state: LiveState | None = None
        self._lock = threading.Lock()
        self.params = Params()
        self.schema_version = 0

    # ---- opening ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        url: str | os.PathLike[str] = DEFAULT_DB,
        *,
        create: bool = True,
        params: Params | None = None,
    ) -> Store:
        """Open (and with ``create``, create) the store at ``url``: a file path or
        ``sqlite:///path`` for SQLite, ``postgresql://user:pass@host:port/db`` for PostgreSQL.

        ``params`` (the clusterer settings) apply when the store is created; for an existing
        store they must be None or equal to the stored ones.
        """
        raw = str(url)
        engine_url, dialect = _engine_url(raw)
        shown = display_url(raw)
        if dialect == "sqlite":
            path = Path(engine_url.removeprefix("sqlite:///"))
            if path.is_dir():
                raise StoreError(f"--db {shown}: is a directory; give a database file name")
            if not path.exists():
                if not create:
                    raise StoreError(
                        f"no store at {shown}: run 'tomtat ingest ... --db {shown}' first"
                    )
                if not path.parent.is_dir():
                    raise StoreError(
                        f"cannot create {shown}: directory {path.parent} does not exist"
                    )
            engine = sa.create_engine(
                engine_url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
            )
            _sqlite_setup(engine)
        else:
            try:
                import psycopg  # noqa: F401
            except ImportError:
                from ..errors import MissingDependencyError

                raise MissingDependencyError(
                    "PostgreSQL stores need psycopg: pip install 'tomtat[newsroom]'"
                ) from None
            engine = sa.create_engine(
                engine_url, connect_args={"connect_timeout": 10}, pool_pre_ping=True
            )
        store = cls(engine, shown, dialect)
        try:
            store._init_schema(create, params)
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """A write transaction holding the store's write lock (see the module doc)."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(tomtat_write=True)
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
                    yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise self._error(exc, "write to") from None

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        try:
            with self._engine.connect() as conn, conn.begin():
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise self._error(exc, "read") from None

    def _error(self, exc: BaseException, doing: str) -> StoreError:
        cause = _cause(exc)
        low = cause.lower()
        if "database is locked" in low:
            return StoreError(
                f"{self.url} is locked by another process (waited {BUSY_TIMEOUT_S:g} s); "
                "try again when it finishes"
            )
        if "readonly" in low or "read-only" in low:
            return StoreError(f"cannot {doing} {self.url}: the database is read-only")
        if "unable to open database" in low:
            return StoreError(f"cannot open {self.url}: {cause}")
        if "file is not a database" in low or "malformed" in low:
            return StoreError(f"{self.url} is not a tomtat store (not a database, or damaged)")
        return StoreError(f"cannot {doing} {self.url}: {cause}")

    def _init_schema(self, create: bool, params: Params | None) -> None:
        try:
            with self._engine.connect() as conn:
                exists = sa.inspect(conn).has_table("meta")
        except sa.exc.SQLAlchemyError as exc:
            raise self._error(exc, "open") from None
        if not exists and not create:
            raise StoreError(f"{self.url} holds no tomtat store: run 'tomtat ingest' first")
        version = self._read_version() if exists else None
        if version is not None and version > S.SCHEMA_VERSION:
            raise _newer(self.url, version)
        if version != S.SCHEMA_VERSION:
            with self._write() as conn:  # create or upgrade, once, under the write lock
                exists = sa.inspect(conn).has_table("meta")
                if not exists:
                    S.metadata.create_all(conn)
                    S.create_search_index(conn)
                    p = params or Params()
                    conn.execute(
                        sa.insert(S.meta),
                        [
                            {"key": "schema_version", "value": str(S.SCHEMA_VERSION)},
                            {"key": "params", "value": p.to_json()},
                            {"key": "seq", "value": "0"},
                            {"key": "n_seen", "value": "0"},
                            {"key": "clock", "value": ""},
                            {"key": "created_at", "value": _now()},
                        ],
                    )
                else:
                    version = int(_meta_get(conn, "schema_version"))
                    if version > S.SCHEMA_VERSION:
                        raise _newer(self.url, version)
                    while version < S.SCHEMA_VERSION:
                        S.UPGRADES[version](conn)
                        version += 1
                    _meta_set(conn, "schema_version", str(version))
        with self._read() as conn:
            self.schema_version = int(_meta_get(conn, "schema_version"))
            stored = Params.from_json(_meta_get(conn, "params"))
        if params is not None and params != stored:
            raise UsageError(
                f"{self.url} was created with --threshold {stored.threshold:g} "
                f"--window-days {stored.window_days} --max-active {stored.max_active_docs}; "
                "these settings cannot change (use a new --db)"
            )
        self.params = stored

    def _read_version(self) -> int:
        with self._read() as conn:
            raw = _meta_get(conn, "schema_version")
        try:
            return int(raw)
        except ValueError:
            raise StoreError(f"{self.url}: bad schema version {raw!r}") from None

    # ---- ingest -------------------------------------------------------------------------

    def ingest(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = BATCH_SIZE,
        on_result: Callable[[Document, ArticleResult], None] | None = None,
        on_batch_error: Callable[[StoreError, int], None] | None = None,
    ) -> IngestStats:
        """Store and cluster a stream of articles, ``batch_size`` per transaction.

        ``on_result(document, result)`` is called for every article once its batch is
        decided. A batch that cannot be written (locked, read-only, connection lost) marks
        its articles failed, calls ``on_batch_error(error, n_articles)`` (or raises when it
        is None) and the stream goes on with the next batch.
        """
        import time

        if batch_size < 1:
            raise UsageError(f"batch_size must be at least 1, got {batch_size}")
        stats = IngestStats()
        t0 = time.perf_counter()
        batch: list[Document] = []

        def flush() -> None:
            stats.batches += 1
            try:
                results = self.add_articles(batch, _stats=stats)
            except StoreError as exc:
                if on_batch_error is None:
                    raise
                stats.failed_batches += 1
                on_batch_error(exc, len(batch))
                results = [ArticleResult("failed", reason=str(exc), ext_id=d.id) for d in batch]
            stats.add(results)
            if on_result is not None:
                for d, r in zip(batch, results, strict=True):
                    on_result(d, r)
            batch.clear()

        for doc in documents:
            batch.append(doc)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        stats.seconds = time.perf_counter() - t0
        return stats

    def add_articles(
        self, documents: Sequence[Document], *, _stats: IngestStats | None = None
    ) -> list[ArticleResult]:
        """Store and cluster ``documents`` in ONE transaction; a result per document, in order.

        Articles without text fail (``reason`` says so) and the others go on; a database
        error raises :class:`StoreError` and nothing of the batch is stored.
        """
        batch = _Batch(results=[None] * len(documents))
        for k, doc in enumerate(documents):
            if not isinstance(doc.text, str) or not doc.text.strip():
                batch.results[k] = ArticleResult(
                    "failed", reason="article has no text", ext_id=doc.id
                )
                continue
            batch.items.append(_Prepared(k, doc, url_key(doc.url), content_key(doc.text)))
        if batch.items:
            self._commit(batch, _stats)
        return [r for r in batch.results if r is not None]

    def _commit(self, batch: _Batch, stats: IngestStats | None) -> None:
        with self._lock:  # one batch at a time per Store (threads of a service share it)
            try:
                with self._write() as conn:
                    commit = self._apply(conn, batch, stats)
            except BaseException:
                self._state = None  # the in-memory clusterer may be ahead of the store
                raise
            if commit is not None:
                state, seq, step, article_ids, new_events = commit
                state.committed(seq, step, article_ids, new_events)
                self._state = state if state.size < RELOAD_AFTER else None

    def _apply(self, conn: sa.Connection, batch: _Batch, stats: IngestStats | None):
        """One batch, inside the write transaction: dedup, cluster, write. Returns what
        :meth:`LiveState.committed` needs once the transaction has committed (None: nothing
        new to store)."""
        seq = int(_meta_get(conn, "seq"))
        _meta_set(conn, "seq", str(seq))  # a read-only store fails here, before any work
        fresh, twins = self._dedup(conn, batch)
        if not fresh:
            return None
        state = self._current_state(conn, seq)
        step = state.step([p.doc for p in fresh])
        now = _now()
        new_seq = seq + 1
        event_of = dict(state.event_of_local)
        new_events = self._new_events(conn, step, fresh, now)
        event_of.update(new_events)
        ids = self._insert_articles(conn, fresh, step, event_of, new_seq, now)
        for p, aid, e in zip(fresh, ids, step.labels, strict=True):
            batch.results[p.index] = ArticleResult("new", aid, event_of[e], ext_id=p.doc.id)
        for p, twin in twins:
            first = batch.results[twin.index]
            assert first is not None
            batch.results[p.index] = ArticleResult(
                "duplicate", first.article_id, first.event_id, ext_id=p.doc.id
            )
        self._write_active(conn, step, ids, event_of)
        touched = self._write_events(conn, step, event_of, now)
        if stats is not None:
            stats.events_created += len(new_events)
            stats.events_changed += len(touched) - len(new_events)
        # ---- clusterer state, batch counter
        if len(step.df_cols):
            conn.execute(
                sa.insert(S.df),
                {"batch": new_seq, "data": encode_counts(step.df_cols, step.df_counts)},
            )
            if new_seq % DF_COMPACT_ROWS == 0:
                _compact_df(conn, new_seq)
        _meta_set(conn, "seq", str(new_seq))
        _meta_set(conn, "n_seen", str(step.n_seen))
        _meta_set(conn, "clock", "" if step.clock is None else repr(step.clock))
        return state, new_seq, step, ids, new_events

    def _dedup(
        self, conn: sa.Connection, batch: _Batch
    ) -> tuple[list[_Prepared], list[tuple[_Prepared, _Prepared]]]:
        """Mark the batch's duplicates of stored articles; return the new articles and the
        pairs (article, earlier article of this batch it repeats). Under the write lock, so
        no other writer can add the same article meanwhile."""
        A = S.articles
        by_url = _lookup(conn, A.c.url_key, {p.url_key for p in batch.items if p.url_key})
        by_content = _lookup(conn, A.c.content_key, {p.content_key for p in batch.items})
        fresh: list[_Prepared] = []
        twins: list[tuple[_Prepared, _Prepared]] = []
        seen_url: dict[str, _Prepared] = {}
        seen_key: dict[str, _Prepared] = {}
        for p in batch.items:
            hit = (by_url.get(p.url_key) if p.url_key else None) or by_content.get(p.content_key)
            if hit is not None:
                batch.results[p.index] = ArticleResult("duplicate", hit[0], hit[1], ext_id=p.doc.id)
                continue
            twin = (seen_url.get(p.url_key) if p.url_key else None) or seen_key.get(p.content_key)
            if twin is not None:  # the same article twice in this batch: the first one counts
                twins.append((p, twin))
                continue
            if p.url_key:
                seen_url[p.url_key] = p
            seen_key[p.content_key] = p
            fresh.append(p)
        return fresh, twins

    def _current_state(self, conn: sa.Connection, seq: int) -> LiveState:
        """The clusterer state at batch ``seq``: this process's, caught up, or loaded."""
        state = self._state
        if state is not None and state.seq != seq:
            # another process committed since: catch up with its batches, unless the
            # document-frequency rows were merged meanwhile (then the deltas are gone)
            compacted = int(_meta_get(conn, "df_compacted", "0"))
            if state.seq < seq and compacted <= state.seq:
                self._sync_state(conn, state, seq)
            else:
                state = None
        return state if state is not None else self._load_state(conn, seq)

    @staticmethod
    def _new_events(
        conn: sa.Connection, step: Step, fresh: list[_Prepared], now: str
    ) -> dict[int, int]:
        """Rows for the events this batch opened: local event -> store id (titled after
        their first article with a title until their summary names one)."""
        E = S.events
        first_title: dict[int, str] = {}
        for p, e in zip(fresh, step.labels, strict=True):
            if p.doc.title and e not in first_title:
                first_title[e] = p.doc.title
        out: dict[int, int] = {}
        for e in step.new_events:
            out[e] = conn.execute(
                sa.insert(E)
                .values(title=first_title.get(e, ""), updated_at=now, last_seen="")
                .returning(E.c.id)
            ).scalar_one()
        return out

    @staticmethod
    def _insert_articles(
        conn: sa.Connection,
        fresh: list[_Prepared],
        step: Step,
        event_of: dict[int, int],
        batch_no: int,
        now: str,
    ) -> list[int]:
        A = S.articles
        rows = [
            {
                "ext_id": p.doc.id,
                "url": p.doc.url or "",
                "url_key": p.url_key,
                "content_key": p.content_key,
                "title": p.doc.title or "",
                "text": p.doc.text,
                "source": p.doc.source or "",
                "date": p.doc.date,
                "meta": json.dumps(dict(p.doc.meta), ensure_ascii=False, default=str),
                "event_id": event_of[e],
                "batch": batch_no,
                "ingested_at": now,
            }
            for p, e in zip(fresh, step.labels, strict=True)
        ]
        inserted = conn.execute(sa.insert(A).returning(A.c.id, sort_by_parameter_order=True), rows)
        return [int(row[0]) for row in inserted]

    @staticmethod
    def _write_active(
        conn: sa.Connection, step: Step, ids: list[int], event_of: dict[int, int]
    ) -> None:
        """Moved articles' events; the active set: closed events' articles out, new in."""
        A, act = S.articles, S.active
        if step.moved:
            moved = [{"aid": a, "eid": event_of[e]} for a, e in step.moved.items()]
            for table, article in ((A, A.c.id), (act, act.c.article_id)):
                conn.execute(
                    sa.update(table)
                    .where(article == sa.bindparam("aid"))
                    .values(event_id=sa.bindparam("eid")),
                    moved,
                )
        for chunk in _chunks(step.dropped, 1000):
            conn.execute(sa.delete(act).where(act.c.article_id.in_(chunk)))
        if step.new_active:
            conn.execute(
                sa.insert(act),
                [
                    {
                        "article_id": ids[k],
                        "event_id": event_of[step.labels[k]],
                        "day": day,
                        "vec": vec,
                    }
                    for k, vec, day in step.new_active
                ],
            )

    def _write_events(
        self, conn: sa.Connection, step: Step, event_of: dict[int, int], now: str
    ) -> list[int]:
        """Absorbed events point to their absorber; the changed ones are re-aggregated.
        Returns the store ids of the changed events."""
        E = S.events
        for e, into in step.absorbed.items():
            conn.execute(
                sa.update(E)
                .where(E.c.id == event_of[e])
                .values(
                    merged_into=event_of[into], size=0, is_open=False,
                    version=E.c.version + 1, updated_at=now,
                )
            )  # fmt: skip
        _index_search(conn, [(event_of[e], None) for e in step.absorbed])
        touched = sorted({event_of[e] for e in step.touched})
        self._aggregate(conn, touched, {event_of[e] for e in step.closed}, now)
        return touched

    def _aggregate(self, conn: sa.Connection, ids: list[int], closed: set[int], now: str) -> None:
        """Recompute size, dates, outlets, search text of events ``ids``; bump their version."""
        if not ids:
            return
        A, E = S.articles, S.events
        agg: dict[int, dict[str, Any]] = {
            i: {"size": 0, "first": None, "last": None, "seen": "", "outlets": [], "titles": []}
            for i in ids
        }
        for chunk in _chunks(ids, 500):
            q = (
                sa.select(A.c.event_id, A.c.date, A.c.ingested_at, A.c.source, A.c.title)
                .where(A.c.event_id.in_(chunk))
                .order_by(A.c.id)
            )
            for eid, date, ingested, source, title in conn.execute(q):
                a = agg[eid]
                a["size"] += 1
                if date:
                    a["first"] = date if a["first"] is None else min(a["first"], date)
                    a["last"] = date if a["last"] is None else max(a["last"], date)
                a["seen"] = max(a["seen"], ingested[:10])
                if source and source not in a["outlets"]:
                    a["outlets"].append(source)
                if title and len(a["titles"]) < 50:
                    a["titles"].append(title)
        rows = [
            {
                "eid": eid,
                "size": a["size"],
                "first_date": a["first"],
                "last_date": a["last"],
                "last_seen": a["last"] or a["seen"],
                "n_outlets": len(a["outlets"]),
                "outlets": json.dumps(a["outlets"], ensure_ascii=False),
                "search": _fold(" \n ".join(a["titles"] + a["outlets"])),
                "is_open": eid not in closed,
                "updated_at": now,
            }
            for eid, a in agg.items()
        ]
        _index_search(conn, [(r["eid"], r["search"]) for r in rows])
        # every column of a row but its id, bound to the row's value
        columns: dict[str, Any] = {k: sa.bindparam(k) for k in rows[0] if k != "eid"}
        conn.execute(
            sa.update(E)
            .where(E.c.id == sa.bindparam("eid"))
            .values(**columns, version=E.c.version + 1),
            rows,
        )

    def _sync_state(self, conn: sa.Connection, state: LiveState, seq: int) -> None:
        act = S.active
        active = {
            int(a): int(e) for a, e in conn.execute(sa.select(act.c.article_id, act.c.event_id))
        }
        known = set(state.arrival_article.values())
        unknown = sorted(a for a in active if a not in known)
        new_rows = []
        for chunk in _chunks(unknown, 500):
            for aid, day, vec in conn.execute(
                sa.select(act.c.article_id, act.c.day, act.c.vec).where(act.c.article_id.in_(chunk))
            ):
                new_rows.append((int(aid), day, bytes(vec)))
        parts = [
            bytes(b)
            for (b,) in conn.execute(sa.select(S.df.c.data).where(S.df.c.batch > state.seq))
        ]
        clock = _meta_get(conn, "clock")
        state.sync(
            seq,
            active=active,
            new_rows=new_rows,
            df_parts=parts,
            n_seen=int(_meta_get(conn, "n_seen")),
            clock=float(clock) if clock else None,
        )

    def _load_state(self, conn: sa.Connection, seq: int) -> LiveState:
        act = S.active
        ids, events, days, vecs = [], [], [], []
        for aid, eid, day, vec in conn.execute(
            sa.select(act.c.article_id, act.c.event_id, act.c.day, act.c.vec).order_by(
                act.c.article_id
            )
        ):
            ids.append(aid)
            events.append(eid)
            days.append(day)
            vecs.append(bytes(vec))
        parts = [bytes(b) for (b,) in conn.execute(sa.select(S.df.c.data))]
        clock = _meta_get(conn, "clock")
        return LiveState.load(
            self.params,
            seq,
            article_ids=ids,
            event_ids=events,
            days=days,
            vectors=vecs,
            df_parts=parts,
            n_seen=int(_meta_get(conn, "n_seen")),
            clock=float(clock) if clock else None,
        )

    # ---- summaries ----------------------------------------------------------------------

    def stale_events(
        self, ids: Sequence[int] | None = None, limit: int | None = None
    ) -> list[tuple[int, int]]:
        """``(event id, version)`` of events whose stored summary is older than their
        articles (or missing), newest first."""
        E = S.events
        q = (
            sa.select(E.c.id, E.c.version)
            .where(E.c.size > 0)
            .where(_STALE)
            .order_by(E.c.last_seen.desc(), E.c.id.desc())
        )
        if ids is not None:
            q = q.where(E.c.id.in_(list(ids)))
        if limit is not None:
            q = q.limit(limit)
        with self._read() as conn:
            return [(int(i), int(v)) for i, v in conn.execute(q)]

    def refresh(
        self,
        ids: Sequence[int] | None = None,
        *,
        limit: int | None = None,
        method: str = "default",
        max_words: int = 120,
        workers: int = 1,
        dask: str | None = None,
        on_done: Callable[[int, str | None], None] | None = None,
    ) -> int:
        """Recompute and store the summary and report of stale events (all, ``ids``, or the
        ``limit`` newest). ``workers`` > 1 uses a local process pool, ``dask`` a Dask
        scheduler address (or "local"). An event that fails (e.g. too large) keeps its old
        summary; ``on_done(event_id, error or None)`` is called per event. Returns the number
        of events stored."""
        from .summaries import compute_many

        todo = self.stale_events(ids, limit)
        if not todo:
            return 0
        jobs = [(eid, ver, self.event_documents(eid)) for eid, ver in todo]
        stored = 0
        for eid, ver, result in compute_many(
            jobs, method=method, max_words=max_words, workers=workers, dask=dask
        ):
            if not isinstance(result, str) and self.store_summary(eid, ver, result):
                stored += 1
            if on_done is not None:  # the error message, or None
                on_done(eid, result if isinstance(result, str) else None)
        return stored

    def store_summary(self, event_id: int, version: int, result: dict[str, Any]) -> bool:
        """Store a computed summary (:func:`tomtat.newsroom.summaries.compute_event`) for
        ``event_id`` if the event is still at ``version``; False if it changed meanwhile."""
        E = S.events
        with self._write() as conn:
            row = conn.execute(
                sa.select(E.c.search).where(E.c.id == event_id).where(E.c.version == version)
            ).first()
            if row is None:
                return False
            search = _fold(result["search"]) + " \n " + (row[0] or "")
            _index_search(conn, [(event_id, search)])
            conn.execute(
                sa.update(E)
                .where(E.c.id == event_id)
                .values(
                    summary=json.dumps(result["summary"], ensure_ascii=False),
                    report=json.dumps(result["report"], ensure_ascii=False),
                    lead=result["lead"],
                    title=result["title"] or E.c.title,
                    search=search,
                    summary_version=version,
                )
            )
        return True

    # ---- reading ------------------------------------------------------------------------

    def _event_query(self, since: str | None, q: str | None):
        E = S.events
        query = sa.select(E).where(E.c.size > 0)
        if since:
            query = query.where(E.c.last_seen >= since)
        words = _WORDS.findall(_fold(q or ""))
        if words:
            if self.dialect == "sqlite":
                match = " ".join('"' + w + '"' for w in words)
                hits: sa.Select[Any] = (
                    sa.select(sa.column("rowid"))
                    .select_from(sa.table("events_fts"))
                    .where(sa.text("events_fts MATCH :m").bindparams(m=match))
                )
                query = query.where(E.c.id.in_(hits))
            else:
                tsq = sa.func.plainto_tsquery(sa.literal_column("'simple'"), " ".join(words))
                # the matching ids first, from the GIN index (OFFSET 0 keeps the planner from
                # walking the newest-first index and testing every row: 140-190 ms at 33,000
                # events for a rare word, vs a few ms)
                matching = (
                    sa.select(E.c.id)
                    .where(sa.literal_column("events.search_tsv").op("@@")(tsq))
                    .offset(0)
                )
                query = query.where(E.c.id.in_(matching))
        return query

    def list_events(
        self,
        since: str | None = None,
        q: str | None = None,
        limit: int = 20,
        offset: int = 0,
        order: str = "recent",
    ) -> list[EventInfo]:
        """Events, newest first (``order="recent"``: by ``last_seen``) or most covered first
        (``order="size"``); ``since`` (ISO date) keeps events seen on or after it; ``q`` keeps
        events whose titles, outlets, summary or entity names contain every word of it
        (case, accents' placement and Unicode form ignored)."""
        if limit < 0 or offset < 0:
            raise UsageError(f"limit and offset must be >= 0, got {limit} and {offset}")
        if order not in ("recent", "size"):
            raise UsageError(f"order must be 'recent' or 'size', got {order!r}")
        E = S.events
        query = self._event_query(since, q)
        if order == "size":
            query = query.order_by(E.c.size.desc(), E.c.last_seen.desc(), E.c.id.desc())
        else:
            query = query.order_by(E.c.last_seen.desc(), E.c.id.desc())
        query = query.limit(limit).offset(offset)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
            members = self._members(conn, [r["id"] for r in rows])
        return [_info(r, members.get(r["id"], ())) for r in rows]

    def count_events(self, since: str | None = None, q: str | None = None) -> int:
        query = self._event_query(since, q).with_only_columns(sa.func.count())
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    @staticmethod
    def _members(conn: sa.Connection, ids: list[int]) -> dict[int, tuple[int, ...]]:
        if not ids:
            return {}
        A = S.articles
        out: dict[int, list[int]] = {}
        for aid, eid in conn.execute(
            sa.select(A.c.id, A.c.event_id).where(A.c.event_id.in_(ids)).order_by(A.c.id)
        ):
            out.setdefault(eid, []).append(aid)
        return {k: tuple(v) for k, v in out.items()}

    def get_event(self, event_id: int, *, follow: bool = True) -> EventDetail | None:
        """One event with its articles, summary and report; None if there is no such event.
        An event absorbed by another is followed to it (``follow``)."""
        E, A = S.events, S.articles
        with self._read() as conn:
            for _ in range(100):
                row = conn.execute(sa.select(E).where(E.c.id == event_id)).mappings().first()
                if row is None:
                    return None
                if row["merged_into"] is None or not follow:
                    break
                event_id = row["merged_into"]
            if row is None:  # (for the type checker: the loop returns on a missing row)
                return None
            docs = (
                conn.execute(
                    sa.select(A.c.id, A.c.ext_id, A.c.title, A.c.source, A.c.date, A.c.url)
                    .where(A.c.event_id == event_id)
                    .order_by(A.c.id)
                )
                .mappings()
                .all()
            )
        info = _info(row, tuple(d["id"] for d in docs))
        return EventDetail(
            info=info,
            documents=tuple(dict(d) for d in docs),
            summary=json.loads(row["summary"]) if row["summary"] else None,
            report=json.loads(row["report"]) if row["report"] else None,
        )

    def event_documents(self, event_id: int) -> list[Document]:
        """The event's articles as :class:`Document` (id = the store's article id)."""
        A = S.articles
        q = sa.select(A).where(A.c.event_id == event_id).order_by(A.c.id)
        with self._read() as conn:
            return [_document(r) for r in conn.execute(q).mappings()]

    def article_events(self) -> dict[int, int]:
        """Every stored article's event (article id -> event id)."""
        A = S.articles
        with self._read() as conn:
            return {int(a): int(e) for a, e in conn.execute(sa.select(A.c.id, A.c.event_id))}

    def articles(self, ids: Sequence[int] | None = None) -> list[Document]:
        """Stored articles (all, or ``ids``) as Documents, in store order."""
        A = S.articles
        q = sa.select(A).order_by(A.c.id)
        if ids is not None:
            q = q.where(A.c.id.in_(list(ids)))
        with self._read() as conn:
            return [_document(r) for r in conn.execute(q).mappings()]

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The URLs among ``urls`` whose page is stored already (compared by URL key)."""
        keyed = {k: u for u in urls if (k := url_key(u))}
        if not keyed:
            return set()
        with self._read() as conn:
            hits = _lookup(conn, S.articles.c.url_key, set(keyed))
        return {keyed[k] for k in hits}

    def seq(self) -> int:
        """The batch counter: it grows with every batch any process commits, and nothing else
        changes the events' sizes and dates (so a count without ``q`` is a function of it)."""
        with self._read() as conn:
            return int(_meta_get(conn, "seq"))

    def stats(self) -> dict[str, Any]:
        """Counts: articles, events (non-empty), open events, stale summaries, batches."""
        A, E = S.articles, S.events
        with self._read() as conn:
            n_art = conn.execute(sa.select(sa.func.count()).select_from(A)).scalar_one()
            n_ev = conn.execute(sa.select(sa.func.count()).where(E.c.size > 0)).scalar_one()
            n_open = conn.execute(
                sa.select(sa.func.count()).where(E.c.size > 0).where(E.c.is_open)
            ).scalar_one()
            n_stale = conn.execute(
                sa.select(sa.func.count()).where(E.c.size > 0).where(_STALE)
            ).scalar_one()
            seq = _meta_get(conn, "seq")
        return {
            "articles": int(n_art),
            "events": int(n_ev),
            "open_events": int(n_open),
            "stale_summaries": int(n_stale),
            "batches": int(seq),
            "schema_version": self.schema_version,
        }


# ---- module helpers ---------------------------------------------------------------------------


def _newer(url: str, version: int) -> StoreError:
    return StoreError(
        f"{url} has schema version {version}, newer than this tomtat reads "
        f"({S.SCHEMA_VERSION}): upgrade tomtat (pip install -U tomtat)"
    )


def _sqlite_setup(engine: sa.Engine) -> None:
    """SQLite: WAL (readers never wait for the writer), full sync, explicit transactions
    (``BEGIN IMMEDIATE`` for writers, so the lock is taken before anything is read)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's begin event emits BEGIN
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
        except Exception:  # a read-only file cannot switch to WAL: reading still works
            pass
        finally:
            cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get("tomtat_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _meta_get(conn: sa.Connection, key: str, default: str | None = None) -> str:
    value = conn.execute(sa.select(S.meta.c.value).where(S.meta.c.key == key)).scalar()
    if value is None:
        if default is not None:
            return default
        raise StoreError(f"the store has no {key!r} entry: not a tomtat store, or damaged")
    return str(value)


def _meta_set(conn: sa.Connection, key: str, value: str) -> None:
    done = conn.execute(sa.update(S.meta).where(S.meta.c.key == key).values(value=value))
    if not done.rowcount:
        conn.execute(sa.insert(S.meta).values(key=key, value=value))


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for lo in range(0, len(items), n):
        yield items[lo : lo + n]


def _lookup(conn: sa.Connection, column: sa.Column, values: set[str]) -> dict[str, tuple[int, int]]:
    """key -> (article id, event id) of the stored articles whose ``column`` is in values."""
    out: dict[str, tuple[int, int]] = {}
    A = S.articles
    vals = sorted(values)
    for chunk in _chunks(vals, 500):
        for key, aid, eid in conn.execute(
            sa.select(column, A.c.id, A.c.event_id).where(column.in_(chunk))
        ):
            out[key] = (int(aid), int(eid))
    return out


def _compact_df(conn: sa.Connection, seq: int) -> None:
    """Merge the document-frequency rows into one (bounds the rows read on load)."""
    import numpy as np

    from .state import decode_counts

    acc_cols, acc_counts = [], []
    for (blob,) in conn.execute(sa.select(S.df.c.data)):
        cols, counts = decode_counts(bytes(blob))
        acc_cols.append(cols)
        acc_counts.append(counts)
    if not acc_cols:
        return
    cols = np.concatenate(acc_cols)
    counts = np.concatenate(acc_counts).astype(np.float64)
    uniq, inv = np.unique(cols, return_inverse=True)
    summed = np.zeros(len(uniq))
    np.add.at(summed, inv, counts)
    conn.execute(sa.delete(S.df))
    conn.execute(sa.insert(S.df), {"batch": seq, "data": encode_counts(uniq, summed)})
    _meta_set(conn, "df_compacted", str(seq))  # a process behind this must reload its state


def _info(row: Any, articles: tuple[int, ...]) -> EventInfo:
    summary = None
    if row["summary"]:
        summary = json.loads(row["summary"]).get("summary")
    return EventInfo(
        id=int(row["id"]),
        title=row["title"] or "",
        first_date=row["first_date"],
        last_date=row["last_date"],
        last_seen=row["last_seen"] or "",
        size=int(row["size"]),
        outlets=tuple(json.loads(row["outlets"] or "[]")),
        articles=articles,
        lead=row["lead"] or "",
        summary=summary,
        is_open=bool(row["is_open"]),
        stale=row["summary_version"] is None or row["summary_version"] != row["version"],
        updated_at=row["updated_at"] or "",
        merged_into=row["merged_into"],
    )


def _document(row: Any) -> Document:
    meta = json.loads(row["meta"] or "{}")
    meta["ext_id"] = row["ext_id"]
    return Document(
        id=str(row["id"]),
        text=row["text"],
        title=row["title"] or "",
        source=row["source"] or "",
        date=row["date"],
        url=row["url"] or "",
        meta=meta,
    )
