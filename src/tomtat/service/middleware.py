"""ASGI middleware that bounds request bodies before anything parses them.

A body is refused with 413 when its ``Content-Length`` is over the limit (without reading it)
or when the bytes actually streamed pass the limit (chunked uploads, lying headers); a client
that takes longer than ``timeout`` seconds to send its body gets 408. The body is buffered
(it is small by construction) and replayed to the application.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def send_json_error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of the request header ``name`` (lower case), or None."""
    return next((value for key, value in scope.get("headers", ()) if key == name), None)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    def _too_large(self, declared: int | None) -> str:
        size = f"is {declared:,} bytes; " if declared is not None else "is larger than that: "
        return (
            f"this server accepts request bodies of at most {self.max_bytes:,} bytes and this one "
            f"{size}send fewer or shorter documents"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await send_json_error(send, 400, "bad_request", "invalid Content-Length header")
                return
            if declared > self.max_bytes:
                await send_json_error(send, 413, "body_too_large", self._too_large(declared))
                return

        import anyio

        chunks: list[bytes] = []
        total = 0
        try:
            with anyio.fail_after(self.timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunk = message.get("body", b"")
                    total += len(chunk)
                    if total > self.max_bytes:
                        await send_json_error(send, 413, "body_too_large", self._too_large(None))
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await send_json_error(
                send,
                408,
                "request_timeout",
                f"the request body was not received within {self.timeout:g} seconds",
            )
            return

        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class HostCheckMiddleware:
    """Refuse a request whose ``Host`` header names a host this server does not serve (400).

    A page on ``evil.example`` can make its own name resolve to 127.0.0.1 (DNS rebinding) and
    then call the local API as same-origin; its requests still carry ``Host: evil.example``.
    The port is not compared (a proxy may map it). ``"*"`` in ``allowed_hosts`` accepts any.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        from .config import normalize_host

        self.app = app
        self.normalize = normalize_host
        self.any = "*" in allowed_hosts
        self.allowed = frozenset(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = (_header(scope, b"host") or b"").decode("latin-1")
        if self.normalize(host) not in self.allowed:
            shown = "".join(c if c.isprintable() else "?" for c in host[:100]) or "(none)"
            await send_json_error(
                send,
                400,
                "invalid_host",
                f"this server does not answer for host {shown!r}; use the address it is "
                "served on (its operator can allow other host names)",
            )
            return
        await self.app(scope, receive, send)
