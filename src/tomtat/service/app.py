"""The HTTP API and web page of tomtat: ``create_app(config) -> FastAPI``.

Endpoints: ``POST /v1/summarize``, ``POST /v1/report``, ``GET /v1/methods``, ``GET /healthz``,
the newsroom store's ``GET /v1/events``, ``GET /v1/events/{id}`` and ``POST /v1/articles``
(:mod:`.events_api`),
the page at ``/`` (static files shipped in the package) and OpenAPI at ``/docs`` and
``/openapi.json``. The engine (segmenter, model) is warmed once at start-up; summaries are
computed in worker threads behind a capacity limiter so the event loop never blocks. Every
error is JSON ``{"error": {"code", "message"}}``; nothing answers with a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import (
    EmptyClusterError,
    InputError,
    LimitError,
    MissingDependencyError,
    TomtatError,
    UsageError,
)
from ..limits import DEFAULT_MAX_WORDS
from . import jobs
from .config import ServiceConfig
from .middleware import BodyLimitMiddleware, HostCheckMiddleware
from .schemas import ReportRequest, SummarizeRequest
from .workers import ClientGone, ComputeTimeout, ServerBusy, WorkerPool

log = logging.getLogger("tomtat.service")

STATIC_DIR = Path(__file__).with_name("static")
LIMITS = ("max_body_bytes", "max_documents", "max_chars", "max_words")  # in GET /v1/methods
T = TypeVar("T")

# The page loads only its own files; user text is never interpreted as markup or script.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


_ERROR_CODES: tuple[tuple[type[TomtatError], str], ...] = (
    (EmptyClusterError, "empty_cluster"),
    (InputError, "invalid_input"),
    (LimitError, "limit_exceeded"),
    (UsageError, "invalid_option"),
    (MissingDependencyError, "missing_dependency"),
    (ComputeTimeout, "compute_timeout"),
    (ServerBusy, "server_busy"),
)


def error_code(exc: TomtatError) -> str:
    """The JSON ``code`` of an error: its class's (first match above), else ``"error"``."""
    return next((code for cls, code in _ERROR_CODES if isinstance(exc, cls)), "error")


def _validation_message(errors: list[dict[str, Any]]) -> tuple[int, str, str]:
    """One line for the first problem; malformed JSON is a 400, a wrong value a 422."""
    if not errors:
        return 422, "invalid_request", "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        ctx = first.get("ctx") or {}
        where = f" at position {first['loc'][-1]}" if len(first.get("loc", ())) > 1 else ""
        reason = ctx.get("error", "invalid JSON")
        return 400, "malformed_json", f"the body is not valid JSON{where}: {reason}"
    loc = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return 422, "invalid_request", f"{loc}: {first.get('msg', 'invalid value')}{more}"


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """Build the application. Nothing heavy happens here; the lifespan warms the engine."""
    cfg = config or ServiceConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.limiter = anyio.CapacityLimiter(cfg.concurrency)
        app.state.methods = await anyio.to_thread.run_sync(jobs.methods)
        if cfg.isolation == "process":
            pool = app.state.pool = WorkerPool(
                cfg.concurrency, jobs.warm_up if cfg.warm_up else None
            )
            await pool.start()
        elif cfg.warm_up:
            try:
                await anyio.to_thread.run_sync(jobs.warm_up)
            except Exception:  # a broken warm-up must be visible, not fatal
                log.exception("warm-up failed; the first request will load the engine")
        app.state.ready = True
        try:
            yield
        finally:
            if getattr(app.state, "pool", None) is not None:
                await app.state.pool.close()

    app = FastAPI(
        title="tomtat",
        version=__version__,
        summary="Vietnamese multi-document news summarization with source citations",
        description=(
            "Send a cluster of Vietnamese news articles about one event; get a short summary "
            "whose every sentence cites the articles that back it, and an analysis report "
            "(timeline, entities, source comparison). Limits: body "
            f"{cfg.max_body_bytes:,} bytes, {cfg.max_documents} documents, "
            f"{cfg.max_chars:,} characters per document, {cfg.max_words} syllables of summary."
        ),
        lifespan=lifespan,
        docs_url=None,  # served below from the package, not from a CDN
        redoc_url=None,
    )
    app.state.config = cfg
    app.state.ready = False
    app.add_middleware(BodyLimitMiddleware, max_bytes=cfg.max_body_bytes, timeout=cfg.body_timeout)
    # added last, so it runs first: a request for another host name is refused unread
    app.add_middleware(HostCheckMiddleware, allowed_hosts=cfg.allowed_hosts)
    _install_error_handlers(app)

    async def run_cpu(request: Request, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` off the event loop within the request's deadline: in a worker process
        that is killed at the deadline or when the client goes (``isolation="process"``), or
        in a thread (``"thread"``: the answer is a 503 at the deadline, but the thread runs
        on; for embedding and tests)."""
        deadline = time.monotonic() + cfg.request_timeout
        message = (
            f"the work took longer than this server's limit of {cfg.request_timeout:g} seconds "
            "and was stopped; send fewer or shorter documents"
        )
        pool = getattr(app.state, "pool", None)
        if pool is not None:
            return await pool.run(
                fn,
                args,
                deadline=deadline,
                client_gone=request.is_disconnected,
                timeout_message=message,
            )
        limiter = getattr(app.state, "limiter", None)
        if limiter is None:  # app used without its lifespan (e.g. a bare test client)
            limiter = app.state.limiter = anyio.CapacityLimiter(cfg.concurrency)
        with anyio.move_on_after(cfg.request_timeout):
            return await anyio.to_thread.run_sync(
                lambda: fn(*args), limiter=limiter, abandon_on_cancel=True
            )
        raise ComputeTimeout(message)

    def check_options(max_words: int) -> None:
        if not 0 < max_words <= cfg.max_words:
            raise UsageError(
                f"max_words must be between 1 and {cfg.max_words} syllables, got {max_words}"
            )

    @app.post(
        "/v1/summarize",
        tags=["summary"],
        summary="Summarize a cluster, with citations",
        responses={
            200: {
                "description": "The summary (JSON as `tomtat summarize --format json`), or "
                "Markdown/text when `format` asks for it",
                "content": {"text/markdown": {}, "text/plain": {}},
            },
            **_ERROR_RESPONSES,
        },
    )
    async def summarize_endpoint(req: SummarizeRequest, request: Request) -> Response:
        check_options(req.max_words)
        result = await run_cpu(
            request, jobs.summarize_job, req.model_dump(), cfg.max_documents, cfg.max_chars
        )
        if isinstance(result, str):
            media = "text/markdown" if req.format == "markdown" else "text/plain"
            return PlainTextResponse(result, media_type=media)
        return JSONResponse(result)

    @app.post(
        "/v1/report",
        tags=["summary"],
        summary="Summary plus timeline, entities and source comparison",
        responses=_ERROR_RESPONSES,
    )
    async def report_endpoint(req: ReportRequest, request: Request) -> JSONResponse:
        check_options(req.max_words)
        result = await run_cpu(
            request, jobs.report_job, req.model_dump(), cfg.max_documents, cfg.max_chars
        )
        return JSONResponse(result)

    @app.get("/v1/methods", tags=["meta"], summary="Summarization methods")
    async def methods_endpoint() -> dict[str, Any]:
        cached: dict[str, str] | None = getattr(app.state, "methods", None)
        methods = cached if cached else await anyio.to_thread.run_sync(jobs.methods)
        return {
            "default": "default",
            "default_max_words": DEFAULT_MAX_WORDS,
            "methods": [{"name": k, "description": v} for k, v in methods.items()],
            "limits": {k: getattr(cfg, k) for k in LIMITS},
            "report": True,  # POST /v1/report is served (the page shows its tabs)
        }

    @app.get("/healthz", tags=["meta"], summary="Liveness and readiness")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "ready": bool(app.state.ready), "version": __version__}

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=PAGE_HEADERS)

    from .events_api import install as install_events

    install_events(app, cfg.db, max_documents=cfg.max_documents, max_chars=cfg.max_chars)
    app.mount("/static", _HeaderStaticFiles(directory=STATIC_DIR), name="static")
    _install_docs(app)
    return app


def _install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the swagger-ui-bundle package, so the docs work offline.

    Without that package, /docs falls back to FastAPI's page, which loads Swagger UI from a CDN.
    """
    from fastapi.openapi.docs import get_swagger_ui_html

    title = f"{app.title} — API"
    urls: dict[str, Any] = {}
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - depends on the installed extras
        pass
    else:
        app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
        urls = {
            "swagger_js_url": "/docs-assets/swagger-ui-bundle.js",
            "swagger_css_url": "/docs-assets/swagger-ui.css",
            "swagger_favicon_url": "/docs-assets/favicon-32x32.png",
        }

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "", title=title, **urls)


class _HeaderStaticFiles(StaticFiles):
    """Static files with the page's security headers."""

    async def get_response(self, path: str, scope: Any) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(PAGE_HEADERS)
        return response


_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": _ERROR_SCHEMA}}}
    for status, text in (
        (400, "malformed JSON"),
        (413, "request body too large"),
        (422, "wrong types, empty cluster, unknown method, or too many/too long documents"),
    )
}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TomtatError)
    async def tomtat_error(request: Request, exc: TomtatError) -> JSONResponse:
        status = exc.http_status
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": "5"} if isinstance(exc, ServerBusy) else None
        return JSONResponse(
            error_body(error_code(exc), exc.message), status_code=status, headers=headers
        )

    @app.exception_handler(ClientGone)
    async def client_gone(request: Request, exc: ClientGone) -> Response:
        log.info("%s %s: the client left; its work was stopped", request.method, request.url.path)
        return Response(status_code=499)  # nobody reads it: the connection is gone

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        status, code, message = _validation_message(errors)
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in errors[:20]
        ]
        return JSONResponse(error_body(code, message, details=details), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}
        code = codes.get(exc.status_code, f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 400 and message == "There was an error parsing the body":
            code, message = "malformed_json", "the body could not be parsed as JSON"
        return JSONResponse(
            error_body(code, message), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            error_body("internal_error", "internal server error; the server log has the details"),
            status_code=500,
        )
