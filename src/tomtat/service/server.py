"""Running the app under uvicorn with a deadline for request headers (slowloris defence).

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive`` seconds, but it sets
no deadline on a connection that has sent only part of its request line and headers: a client
trickling one header byte a second holds the connection open for ever, and enough of them
exhaust the server's file descriptors. The body is bounded separately by the app's
``BodyLimitMiddleware`` (``--body-timeout``).

:func:`header_timeout_protocol` returns uvicorn's h11 protocol with one addition: from the
moment a connection opens (and again after each response) the client has ``header_timeout``
seconds to complete the next request's headers, else it gets ``408`` and the connection is
closed.
"""

from __future__ import annotations

import json
import socket
from typing import Any

_BODY = json.dumps(
    {
        "error": {
            "code": "request_timeout",
            "message": "the request headers were not received in time",
        }
    }
).encode()
_RESPONSE_408 = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
    b"connection: close\r\ncontent-length: " + str(len(_BODY)).encode() + b"\r\n\r\n" + _BODY
)


def header_timeout_protocol(header_timeout: float) -> type:
    """uvicorn's ``H11Protocol`` with a deadline on request headers (see module docstring)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutH11Protocol(H11Protocol):
        _header_timer: Any = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            super().connection_lost(exc)

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _arm_header_timer(self) -> None:
            self._cancel_header_timer()
            self._header_timer = self.loop.call_later(
                header_timeout, self._on_header_timeout, self.cycle
            )

        def _on_header_timeout(self, cycle: Any) -> None:
            self._header_timer = None
            # a new request cycle started since the timer was armed: its headers arrived
            if self.cycle is not cycle or self.transport.is_closing():
                return
            self.logger.info("closing a connection whose request headers did not arrive in time")
            self.transport.write(_RESPONSE_408)
            self.transport.close()

    return HeaderTimeoutH11Protocol


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``, or a :class:`UsageError` saying why not (port
    taken, not allowed, unknown address). Bound before anything is printed, so a busy port
    never shows "serving on ..." first."""
    import errno

    from ..errors import UsageError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: cannot resolve this address ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    try:
        sock = socket.create_server(address, family=family, backlog=2048)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use (another server?); "
                f"stop it or choose another port with --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise UsageError(
                f"not allowed to listen on port {port} (ports below 1024 need privileges); "
                "choose another port with --port"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise UsageError(
                f"--host {host}: this address does not belong to this machine"
            ) from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def run(
    app: Any,
    host: str,
    port: int,
    log_level: str,
    header_timeout: float = 10.0,
    sock: socket.socket | None = None,
) -> None:
    """Serve ``app`` with uvicorn (h11) and the header deadline, on ``sock`` when given (see
    :func:`bind`), else on a socket uvicorn binds itself."""
    import uvicorn

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http=header_timeout_protocol(header_timeout),
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock] if sock is not None else None)
