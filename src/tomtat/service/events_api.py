"""The newsroom store over HTTP: ``GET /v1/events``, ``GET /v1/events/{id}``,
``POST /v1/articles`` (``tomtat serve --db DB``).

:func:`install` adds the router to the app and, with a store configured
(``ServiceConfig.db``), opens it on first use and closes it when the app stops. Without a
store the three endpoints answer ``503 {"error": {"code": "no_store", ...}}``: the server
never opens a database it was not given.

* Reading never computes: ``GET /v1/events`` lists what is stored (an event whose articles
  changed since its summary was computed is marked ``"stale": true`` and queued for the
  background summarizer). ``GET /v1/events/{id}`` brings a stale or missing summary up to
  date first (on demand, one event), unless ``refresh=false``.
* ``POST /v1/articles`` stores and clusters the articles in one transaction (the store's
  :meth:`~tomtat.newsroom.store.Store.add_articles`), answers their event ids at once, and
  queues the changed events for the background summarizer.
* Writes of this process go one at a time (the Store's own lock: the clusterer's state lives
  in it); other processes (``tomtat ingest``) may write to the same store meanwhile.
* One summary is computed at a time (background or on demand), so summaries never take more
  than one CPU core from ``/v1/summarize``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..errors import EmptyClusterError, TomtatError, UsageError
from .payload import check_limits
from .schemas import DocumentIn

if TYPE_CHECKING:
    from ..newsroom.store import EventDetail, Store

log = logging.getLogger("tomtat.service.events")

SUMMARY_WORDS = 120  # budget of the summaries this server computes (as tomtat ingest/events)
MAX_LIMIT = 100  # most events per page
MAX_QUERY_CHARS = 200
EVIDENCE_CACHE = 64  # evidence payloads kept in memory, per (event id, version)
COUNT_CACHE = 32  # totals of listings without q kept, per since


# ---- errors -----------------------------------------------------------------------------------


class EventsApiError(TomtatError):
    """An error of these endpoints with its own JSON ``code``."""

    code = "error"

    def __init__(self, message: str, status: int, code: str) -> None:
        super().__init__(message)
        self.http_status = status
        self.code = code


# ---- the store of one app ---------------------------------------------------------------------


class EventsBackend:
    """The app's store and its background summarizer (one thread)."""

    def __init__(self, url: str, summary_words: int = SUMMARY_WORDS) -> None:
        self.url = url
        self.summary_words = summary_words
        self._store: Store | None = None
        self._open_lock = threading.Lock()
        self.summary_lock = threading.Lock()  # one summary computed at a time
        self._cv = threading.Condition()
        self._pending: OrderedDict[int, None] = OrderedDict()
        self._busy = False
        self._thread: threading.Thread | None = None
        self._closed = False
        self._evidence: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self._evidence_lock = threading.Lock()
        self._counts: OrderedDict[str | None, tuple[int, int]] = OrderedDict()
        self._counts_lock = threading.Lock()

    def store(self) -> Store:
        if self._store is None:
            with self._open_lock:
                if self._store is None:
                    from ..newsroom import Store  # names the extra when SQLAlchemy is missing

                    self._store = Store.open(self.url)
        return self._store

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._pending.clear()
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._store is not None:
            self._store.close()
            self._store = None

    # ---- summaries ----------------------------------------------------------------------

    def refresh_now(self, event_id: int) -> str | None:
        """Bring one event's summary up to date; an error message, or None."""
        problems: list[str] = []

        def done(_eid: int, error: str | None) -> None:
            if error:
                problems.append(error)

        with self.summary_lock:
            self.store().refresh([event_id], max_words=self.summary_words, on_done=done)
        return problems[0] if problems else None

    def schedule(self, ids: list[int]) -> None:
        """Queue events for the background summarizer (newest request first)."""
        if not ids:
            return
        with self._cv:
            if self._closed:
                return
            for eid in ids:
                self._pending[eid] = None
                self._pending.move_to_end(eid, last=False)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="tomtat-event-summaries", daemon=True
                )
                self._thread.start()
            self._cv.notify_all()

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._pending and not self._closed:
                    self._busy = False
                    self._cv.notify_all()
                    self._cv.wait()
                if self._closed:
                    self._busy = False
                    self._cv.notify_all()
                    return
                eid, _ = self._pending.popitem(last=False)
                self._busy = True
            try:
                error = self.refresh_now(eid)
                if error:
                    log.warning("summary of event %s not updated: %s", eid, error)
            except Exception:  # the summarizer must survive one bad event
                log.exception("summary of event %s failed", eid)

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Wait until the background summarizer has nothing left to do (for tests)."""
        with self._cv:
            return self._cv.wait_for(lambda: not self._pending and not self._busy, timeout)

    # ---- counts -------------------------------------------------------------------------

    def count(self, since: str | None, q: str | None) -> int:
        """``Store.count_events``; without ``q`` cached on the store's batch counter (the
        events' sizes and dates change only with a batch), so the total of the plain listing
        costs one key lookup instead of a count of every event."""
        store = self.store()
        if q and q.strip():  # the search text also changes when a summary is stored
            return store.count_events(since=since, q=q)
        seq = store.seq()  # read first: a batch committed meanwhile only makes the entry older
        with self._counts_lock:
            hit = self._counts.get(since)
            if hit is not None and hit[0] == seq:
                return hit[1]
        total = store.count_events(since=since)
        with self._counts_lock:
            self._counts[since] = (seq, total)
            while len(self._counts) > COUNT_CACHE:
                self._counts.popitem(last=False)
        return total

    # ---- evidence -----------------------------------------------------------------------

    def evidence(self, detail: EventDetail) -> dict[str, Any] | None:
        """The event's summary with its evidence (``/v1/summarize`` with
        ``include_sources``), recomputed from the same articles as the stored summary;
        cached per (event id, version). None when the stored summary is not current."""
        info = detail.info
        if detail.summary is None or info.stale:
            return None
        # the summary is current, so its articles and text identify it
        key = (info.id, info.updated_at, info.articles, info.summary or "")
        with self._evidence_lock:
            hit = self._evidence.get(key)
            if hit is not None:
                self._evidence.move_to_end(key)
                return hit
        from ..engine import summarize
        from ..newsroom.summaries import pick_articles
        from ..pipeline import build_cluster
        from .payload import summary_payload

        docs = pick_articles(self.store().event_documents(info.id))
        cluster = build_cluster(docs, str(info.id))
        method = str(detail.summary.get("method") or "default")
        max_words = int(detail.summary.get("max_words") or self.summary_words)
        with self.summary_lock:
            summary = summarize(cluster, method=method, max_words=max_words)
        data = summary_payload(summary, cluster, include_sources=True)
        with self._evidence_lock:
            self._evidence[key] = data
            while len(self._evidence) > EVIDENCE_CACHE:
                self._evidence.popitem(last=False)
        return data


# ---- request bodies ---------------------------------------------------------------------------


class ArticlesRequest(BaseModel):
    """Articles to store; each is grouped into an event with the articles stored before."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "articles": [
                        {
                            "id": "tt-1",
                            "title": "Khánh thành cầu Rạch Miễu 2",
                            "source": "Báo Mẫu",
                            "date": "2025-10-21",
                            "url": "https://bao-mau.example/cau-rach-mieu-2.html",
                            "text": "Sáng 21/10, tỉnh Bến Tre khánh thành cầu Rạch Miễu 2 ...",
                        }
                    ]
                }
            ]
        },
    )

    articles: list[DocumentIn] = Field(
        ..., description="articles in the document schema of /v1/summarize (format text|html)"
    )


# ---- helpers ----------------------------------------------------------------------------------


def _check_since(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise UsageError(f"since {value!r}: expected a date YYYY-MM-DD") from None


def _check_articles(
    articles: Sequence[Mapping[str, Any]], max_documents: int, max_chars: int
) -> None:
    if not articles:
        raise EmptyClusterError('the request has no article: send {"articles": [...]}')
    fix = "per request (send them in several requests)"
    check_limits(articles, max_documents, max_chars, noun="article", whole="the request", fix=fix)


def _documents(articles: list[dict[str, Any]]) -> tuple[list[Any], set[int]]:
    """The articles with text as Documents, read like /v1/summarize reads them (HTML to text,
    dates normalized), and the positions of the articles without text."""
    from ..io.read import load_cluster_record
    from .payload import _with_html_as_text

    empty = {i for i, a in enumerate(articles) if not str(a.get("text") or "").strip()}
    keep = [{**a, "id": article_id(a, i)} for i, a in enumerate(articles) if i not in empty]
    if not keep:
        raise EmptyClusterError('no article has text: every "text" is empty')
    rec = load_cluster_record(_with_html_as_text({"documents": keep}), name="articles")
    return list(rec.documents), empty


def article_id(article: Mapping[str, Any], index: int) -> str:
    """The client's id of an article, or ``a1``, ``a2``, ... by its place in the request."""
    return str(article.get("id") or f"a{index + 1}")


def _texts(summary: Mapping[str, Any] | None) -> list[str]:
    return [str(x.get("text")) for x in (summary or {}).get("sentences", [])]


# ---- installing -------------------------------------------------------------------------------


def install(app: FastAPI, db: str | None, *, max_documents: int, max_chars: int) -> None:
    """Add the endpoints to ``app``; with ``db``, the store is opened on first use and
    closed (and its summarizer stopped) when the app's lifespan ends."""
    backend = EventsBackend(db) if db else None
    app.state.events = backend
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[Any]:
        async with inner(a) as state:
            try:
                yield state
            finally:
                if backend is not None:
                    await anyio.to_thread.run_sync(backend.close)

    app.router.lifespan_context = lifespan

    @app.exception_handler(EventsApiError)
    async def events_error(request: Request, exc: EventsApiError) -> JSONResponse:
        return JSONResponse(
            {"error": {"code": exc.code, "message": exc.message}}, status_code=exc.http_status
        )

    if backend is not None:
        from ..newsroom import StoreError  # names the extra when SQLAlchemy is missing

        @app.exception_handler(StoreError)
        async def store_error(request: Request, exc: TomtatError) -> JSONResponse:
            log.error("%s %s: %s", request.method, request.url.path, exc)
            return JSONResponse(
                {"error": {"code": "store_unavailable", "message": exc.message}},
                status_code=503,
                headers={"Retry-After": "5"},
            )

    app.include_router(_router(backend, max_documents, max_chars))


def _router(backend: EventsBackend | None, max_documents: int, max_chars: int) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["events"])

    # The endpoints answer with a JSONResponse of plain JSON types: FastAPI's model validation
    # and ``jsonable_encoder`` pass (a third of a listing's time) is skipped.

    def need() -> EventsBackend:
        if backend is None:
            raise EventsApiError(
                "this server has no event store: its events endpoints are off", 503, "no_store"
            )
        return backend

    @router.get(
        "/events",
        summary="List the stored events (newest or most covered first, search, paging)",
        responses={503: {"description": "no store (the server was started without --db)"}},
    )
    async def list_events(
        since: str | None = Query(None, description="events seen on or after this date"),
        q: str | None = Query(
            None,
            max_length=MAX_QUERY_CHARS,
            description="events whose title, outlets, summary or entity names (any spelling "
            "the articles use) contain every word (whole words)",
        ),
        order: Literal["recent", "size"] = Query(
            "recent", description="recent: newest first; size: most articles first"
        ),
        limit: int = Query(20, ge=1, le=MAX_LIMIT, description="events per page"),
        offset: int = Query(0, ge=0, le=1_000_000, description="events to skip (paging)"),
        count: bool = Query(
            True,
            description="count the matching events (`total`); false skips the count, which "
            "costs more than the page itself when `since` or `q` is given on a large store",
        ),
    ) -> JSONResponse:
        backend = need()
        day = _check_since(since)

        def work() -> tuple[list[Any], int | None]:
            store = backend.store()
            # one more than asked: whether a next page exists, without counting
            events = store.list_events(since=day, q=q, limit=limit + 1, offset=offset, order=order)
            total = backend.count(day, q) if count else None
            return events, total

        events, total = await anyio.to_thread.run_sync(work)
        more = len(events) > limit
        events = events[:limit]
        backend.schedule([e.id for e in events if e.stale])
        return JSONResponse(
            {
                "events": [e.to_dict() for e in events],
                "total": total,
                "limit": limit,
                "offset": offset,
                "next_offset": offset + limit if more else None,
                "order": order,
                "since": day,
                "q": q or None,
            }
        )

    @router.get(
        "/events/{event_id}",
        summary="One event's report: summary with citations, timeline, entities, sources",
        responses={
            404: {"description": "no such event"},
            503: {"description": "no store (the server was started without --db)"},
        },
    )
    async def get_event(
        event_id: int,
        include_sources: bool = Query(
            False,
            description="add `evidence`: the summary with per-sentence citations and the "
            "articles' cleaned text with sentence offsets (as /v1/summarize)",
        ),
        refresh: bool = Query(
            True, description="bring a stale summary up to date first (false: as stored)"
        ),
    ) -> JSONResponse:
        backend = need()

        def work() -> dict[str, Any]:
            store = backend.store()
            detail = store.get_event(event_id)
            if detail is None:
                raise EventsApiError(f"no event {event_id} in this store", 404, "not_found")
            warnings: list[str] = []
            if refresh and (detail.info.stale or detail.report is None):
                error = backend.refresh_now(detail.info.id)
                if error:
                    warnings.append(f"the summary could not be updated: {error}")
                detail = store.get_event(detail.info.id) or detail
            data = detail.to_dict()  # tomtat events ID --format json
            if event_id != detail.info.id:
                data["merged_from"] = event_id
            if include_sources:
                evidence = data["evidence"] = backend.evidence(detail)
                if evidence is not None and _texts(evidence) != _texts(detail.summary):
                    warnings.append(
                        "the stored summary was computed by another version of tomtat; the "
                        "evidence shows the summary this version computes from the same articles"
                    )
            if warnings:
                data["warnings"] = warnings
            return data

        return JSONResponse(await anyio.to_thread.run_sync(work))

    @router.post(
        "/articles",
        summary="Store articles and group them into events; answers their event ids",
        responses={
            413: {"description": "request body too large"},
            422: {"description": "wrong types, no article, too many or too long articles"},
            503: {"description": "no store, or the store cannot be written (locked, ...)"},
        },
    )
    async def post_articles(req: ArticlesRequest) -> JSONResponse:
        backend = need()
        articles = [a.model_dump() for a in req.articles]
        _check_articles(articles, max_documents, max_chars)

        def work() -> dict[str, Any]:
            docs, empty = _documents(articles)
            # one batch at a time per Store: its threads share the clusterer's state
            results = backend.store().add_articles(docs)
            out: list[dict[str, Any]] = []
            it = iter(results)
            for i, a in enumerate(articles):
                if i in empty:
                    reason = "article has no text"
                    out.append({"status": "failed", "id": article_id(a, i), "reason": reason})
                else:
                    out.append(next(it).to_dict())
            return {"results": out}

        data = await anyio.to_thread.run_sync(work)
        results = data["results"]
        counts = {s: sum(r["status"] == s for r in results) for s in ("new", "duplicate", "failed")}
        events = sorted({r["event_id"] for r in results if r.get("event_id") is not None})
        backend.schedule(events)
        return JSONResponse({**data, **counts, "events": events})

    return router


__all__ = ["EventsBackend", "install"]
