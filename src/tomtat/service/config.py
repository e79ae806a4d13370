"""Service settings: every limit the HTTP API enforces, in one frozen object.

Light on purpose (no FastAPI import): the CLI builds it from flags before the web stack loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import UsageError

#: Host names a local server answers to by default.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """Limits and tuning of ``tomtat serve``.

    - ``max_body_bytes``: largest accepted request body, checked on ``Content-Length`` and on
      the bytes actually streamed, before any JSON parsing (413 beyond it).
    - ``max_documents``: most articles in one cluster (422 beyond it).
    - ``max_chars``: most characters in one article's text, raw HTML included (422 beyond it).
    - ``max_words``: largest summary budget a client may ask for, in syllables (422 beyond it).
    - ``concurrency``: summaries computed at the same time; further requests wait their turn.
    - ``body_timeout``: seconds a client may take to send its body (408 beyond it), so slow
      clients cannot hold a connection's buffer open forever.
    - ``warm_up``: run one small summary at start-up so the first request does not pay for
      loading the segmenter and model.
    - ``request_timeout``: seconds of work (waiting for a worker included) a summary or report
      may take; beyond it the work is stopped and the client gets 503 ``compute_timeout``
      (or ``server_busy`` when no worker got free in time).
    - ``isolation``: ``"process"`` computes in worker processes that are killed at the deadline
      or when the client disconnects (``tomtat serve``); ``"thread"`` in threads of the server
      (answers 503 at the deadline but cannot stop the work; for embedding and tests).
    - ``allowed_hosts``: host names the ``Host`` header may carry (port ignored; 400
      ``invalid_host`` otherwise), so a web page on another name cannot reach the local API
      through DNS rebinding. ``("*",)`` accepts any (behind a proxy that checks it).
    - ``db``: the newsroom store served by ``/v1/events`` and ``/v1/articles`` (a SQLite path
      or a ``postgresql://`` URL); None: those endpoints answer 503 ``no_store``.
    """

    max_body_bytes: int = 4_000_000
    max_documents: int = 50
    max_chars: int = 200_000
    max_words: int = 2_000
    concurrency: int = max(1, min(4, os.cpu_count() or 1))
    body_timeout: float = 30.0
    warm_up: bool = True
    request_timeout: float = 30.0
    isolation: str = "process"
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    db: str | None = None

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_documents", "max_chars", "max_words", "concurrency"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise UsageError(f"{name} must be a positive integer, got {value!r}", name)
        for name in ("body_timeout", "request_timeout"):
            value = getattr(self, name)
            if not value > 0:
                raise UsageError(f"{name} must be positive seconds, got {value!r}", name)
        if self.isolation not in ("process", "thread"):
            raise UsageError(
                f"isolation must be 'process' or 'thread', got {self.isolation!r}", "isolation"
            )
        if not self.allowed_hosts or not all(
            isinstance(h, str) and h.strip() for h in self.allowed_hosts
        ):
            raise UsageError(
                "allowed_hosts needs at least one host name (or '*' for any)", "allowed_hosts"
            )
        object.__setattr__(
            self, "allowed_hosts", tuple(normalize_host(h) for h in self.allowed_hosts)
        )


def normalize_host(host: str) -> str:
    """A host name as compared: lower case, no port, no brackets around an IPv6 address."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:  # name:port (an IPv6 address has several colons)
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def hosts_for_bind(bind: str) -> tuple[str, ...]:
    """The names a server bound to ``bind`` accepts by default: the loopback names, plus
    ``bind`` itself when it is a concrete address (not ``0.0.0.0`` / ``::``)."""
    extra = () if bind in ("", "0.0.0.0", "::") else (normalize_host(bind),)
    return tuple(dict.fromkeys((*LOCAL_HOSTS, *extra)))
