"""``tomtat serve [--host 127.0.0.1] [--port 8000] [limits...]``: the HTTP API and web page."""

from __future__ import annotations

import argparse
import os


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..service.config import ServiceConfig

    d = ServiceConfig()
    p = sub.add_parser(
        "serve",
        help="run the HTTP API and the web page (needs: pip install 'tomtat[serve]')",
        description="Serve POST /v1/summarize, POST /v1/report, GET /v1/methods, GET /healthz, "
        "OpenAPI docs at /docs and the web page at /. With --db, also the events of a newsroom "
        "store: GET /v1/events, GET /v1/events/{id}, POST /v1/articles, and the page's events "
        "view.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    # the service's limits: each flag sets the ServiceConfig field of the same name
    for name, kind, text in (
        ("max_body_bytes", int,
         f"largest request body in bytes; 413 beyond (default {d.max_body_bytes:,})"),
        ("max_documents", int,
         f"most articles per cluster; 422 beyond (default {d.max_documents})"),
        ("max_chars", int, f"most characters per article; 422 beyond (default {d.max_chars:,})"),
        ("max_words", int, f"largest summary budget a client may ask for (default {d.max_words})"),
        ("concurrency", int, f"summaries computed at once; others wait (default {d.concurrency})"),
        ("body_timeout", float,
         f"seconds a client may take to send its body; 408 beyond (default {d.body_timeout:g})"),
        ("request_timeout", float, "seconds of work a summary or report may take (waiting for a "
         "worker included); beyond it the work is stopped and the client gets 503 (default "
         f"{d.request_timeout:g})"),
    ):  # fmt: skip
        flag = "--" + name.replace("_", "-")
        p.add_argument(flag, type=kind, default=getattr(d, name), help=text)
    p.add_argument(
        "--isolation",
        choices=("process", "thread"),
        default=d.isolation,
        help="where summaries run: worker processes, stopped at the deadline or when the "
        "client leaves (default), or threads of the server, which cannot be stopped",
    )
    p.add_argument(
        "--allowed-hosts",
        default="",
        metavar="NAMES",
        help="comma-separated host names the Host header may carry besides 127.0.0.1, "
        "localhost, ::1 and --host (DNS-rebinding defence; '*' accepts any, behind a proxy "
        "that checks it); 400 otherwise",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        help="seconds a client may take to send its request headers; 408 and the connection is "
        "closed beyond (slow-client defence; default 10)",
    )
    p.add_argument(
        "--db",
        default=os.environ.get("TOMTAT_DB") or None,
        metavar="DB",
        help="serve the events of this store (a SQLite file, created if missing, or a "
        "postgresql:// URL; default $TOMTAT_DB); without it /v1/events and /v1/articles "
        "answer 503",
    )
    p.add_argument(
        "--log-level",
        default=None,
        choices=("critical", "error", "warning", "info", "debug"),
        help="server log level (default info; warning with -q, debug with -v)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import UsageError, require

    require("fastapi", "serve")
    require("uvicorn", "serve")
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, got {args.port}")

    from ..service import server
    from ..service.app import create_app
    from ..service.config import ServiceConfig, hosts_for_bind

    extra = tuple(h.strip() for h in args.allowed_hosts.split(",") if h.strip())
    same = ("max_body_bytes", "max_documents", "max_chars", "max_words", "concurrency",
            "body_timeout", "request_timeout", "isolation", "db")  # fmt: skip
    config = ServiceConfig(
        allowed_hosts=("*",) if "*" in extra else (*hosts_for_bind(args.host), *extra),
        **{name: getattr(args, name) for name in same},
    )
    if not args.header_timeout > 0:
        raise UsageError(f"--header-timeout must be positive seconds, got {args.header_timeout}")
    from .options import quiet, verbose

    if args.log_level is None:
        args.log_level = "warning" if quiet() else "debug" if verbose() else "info"
    if args.db:
        _check_store(args.db)
    app = create_app(config)
    sock = server.bind(args.host, args.port)  # a busy port fails here, before "serving on"
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"tomtat: serving on http://{host}:{args.port}/ (API docs at /docs)", flush=True)
    try:
        server.run(
            app, args.host, args.port, args.log_level, header_timeout=args.header_timeout, sock=sock
        )
    finally:
        sock.close()
    return 0


def _check_store(db: str) -> None:
    """Open the store once before serving: a bad --db is one line and exit, not a traceback
    on the first request."""
    from ..newsroom import Store  # says which extra to install when SQLAlchemy is missing

    with Store.open(db) as store:
        stats = store.stats()
        print(
            f"tomtat: events store {store.url}: {stats['articles']:,} articles, "
            f"{stats['events']:,} events",
            flush=True,
        )
