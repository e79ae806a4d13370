"""HTTP load and abuse test of ``tomtat serve`` on loopback (127.0.0.1 only, bounded).

Starts ``python -m tomtat serve`` on a free port of 127.0.0.1 in a subprocess, then

1. **load**: for each concurrency level, that many async clients (httpx) POST realistic
   clusters to ``/v1/summarize`` for a fixed duration; prints throughput, p50/p95/p99 latency
   and error counts (4xx, 5xx, transport errors);
2. **abuse**: malformed JSON, wrong types, deeply nested JSON, an oversized body (declared and
   chunked), a lying Content-Length, a slow body (trickled bytes: 408 after --body-timeout),
   slow headers (slowloris: 408 and close after --header-timeout), a crowd of idle connections,
   then checks that ``/healthz`` still answers and the server process is alive.

Everything is bounded: durations, client counts and socket counts are fixed by the options.
Run::

    nice python benchmarks/load_test.py                      # 20 s per level, levels 1 2 4 8
    nice python benchmarks/load_test.py --duration 5 --levels 1 4 --abuse-only

The abuse checks also run as a test (tests/hardening/test_http_abuse.py, marked slow).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None


@contextlib.contextmanager
def serve(*flags: str, timeout: float = 60.0, log_dir: Path | None = None) -> Iterator[Server]:
    """Start ``tomtat serve`` on a free loopback port; stop it (SIGTERM, then SIGKILL) after."""
    import httpx

    port = free_port()
    log = (log_dir or Path(os.environ.get("TMPDIR", "/tmp"))) / f"tomtat-serve-{port}.log"
    cmd = [sys.executable, "-m", "tomtat", "serve", "--host", HOST, "--port", str(port)]
    cmd += ["--log-level", "warning", *flags]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    server = Server(port, proc, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if not server.alive():
                raise RuntimeError(f"tomtat serve exited: {log.read_text(errors='replace')[-800:]}")
            with contextlib.suppress(httpx.HTTPError):
                r = httpx.get(server.url + "/healthz", timeout=2)
                if r.status_code == 200 and r.json().get("ready"):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"tomtat serve not ready after {timeout:g} s")
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------- request bodies


def request_bodies(n: int = 20, seed: int = 7) -> list[dict]:
    """Realistic clusters: 3-6 synthetic Vietnamese articles of 10-20 sentences (~5-15 KB)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_limits import Generator

    g = Generator(seed)
    rng = random.Random(seed)
    return [
        {"id": f"load-{i}", "documents": g.cluster(rng.randint(3, 6), rng.randint(10, 20)),
         "max_words": rng.choice([60, 100, 200])}
        for i in range(n)
    ]  # fmt: skip


# --------------------------------------------------------------------------- load


@dataclass
class LoadResult:
    concurrency: int
    duration: float
    latencies: list[float] = field(default_factory=list)
    status: dict[int, int] = field(default_factory=dict)
    transport_errors: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, round(q / 100 * (len(xs) - 1)))]

    @property
    def server_errors(self) -> int:
        return sum(v for k, v in self.status.items() if k >= 500)

    @property
    def client_errors(self) -> int:
        return sum(v for k, v in self.status.items() if 400 <= k < 500)


async def _load(url: str, bodies: list[dict], concurrency: int, duration: float) -> LoadResult:
    import httpx

    result = LoadResult(concurrency, duration)
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def worker(k: int) -> None:
            i = k
            while time.monotonic() < stop:
                body = bodies[i % len(bodies)]
                i += concurrency
                t = time.perf_counter()
                try:
                    r = await client.post("/v1/summarize", json=body)
                except httpx.HTTPError:
                    result.transport_errors += 1
                    continue
                result.latencies.append(time.perf_counter() - t)
                result.status[r.status_code] = result.status.get(r.status_code, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(concurrency)))
        result.duration = time.perf_counter() - t0
    return result


def run_load(server: Server, levels: list[int], duration: float) -> list[LoadResult]:
    bodies = request_bodies()
    return [asyncio.run(_load(server.url, bodies, c, duration)) for c in levels]


def print_load(results: list[LoadResult]) -> None:
    print(
        "| concurrency | requests | req/s | p50 ms | p95 ms | p99 ms | 2xx | 4xx | 5xx | transport errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        ok = sum(v for k, v in r.status.items() if 200 <= k < 300)
        print(
            f"| {r.concurrency} | {r.requests} | {r.requests / r.duration:.1f} | "
            f"{r.pct(50) * 1000:.0f} | {r.pct(95) * 1000:.0f} | {r.pct(99) * 1000:.0f} | "
            f"{ok} | {r.client_errors} | {r.server_errors} | {r.transport_errors} |"
        )


# --------------------------------------------------------------------------- abuse


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float


def _raw(port: int, data: bytes, read_timeout: float = 10.0) -> bytes:
    """Send raw bytes, return everything the server answers until it closes or goes quiet."""
    with socket.create_connection((HOST, port), timeout=read_timeout) as s:
        s.sendall(data)
        chunks = []
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := s.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)


def _status(raw: bytes) -> int:
    try:
        return int(raw.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def _post(path: str, body: bytes, extra: str = "", close: bool = True) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {len(body)}\r\n" if "Content-Length" not in extra else ""
    head += extra + ("Connection: close\r\n" if close else "") + "\r\n"
    return head.encode() + body


def _trickle(port: int, first: bytes, drip: bytes, every: float, limit: float) -> tuple[int, float]:
    """Send ``first``, then one byte of ``drip`` every ``every`` s until the server answers or
    closes (returns its status, 0 for a bare close) or ``limit`` s pass (status -1)."""
    t0 = time.monotonic()
    with socket.create_connection((HOST, port), timeout=limit) as s:
        s.sendall(first)
        s.settimeout(every)
        for i in range(len(drip)):
            try:
                got = s.recv(65536)
                return _status(got), time.monotonic() - t0
            except TimeoutError:
                pass
            except ConnectionResetError:
                return 0, time.monotonic() - t0
            if time.monotonic() - t0 > limit:
                return -1, time.monotonic() - t0
            try:
                s.sendall(drip[i : i + 1])
            except (BrokenPipeError, ConnectionResetError):
                return 0, time.monotonic() - t0
    return -1, time.monotonic() - t0


def abuse_checks(
    server: Server, body_timeout: float, header_timeout: float, max_body: int, idle: int = 200
) -> list[Check]:
    """Run every abuse case against ``server``; each Check says whether it was handled."""
    import httpx

    port = server.port
    valid = json.dumps(request_bodies(1)[0]).encode()
    checks: list[Check] = []

    def check(name: str, fn: Callable[[], tuple[bool, str]]) -> None:
        t = time.monotonic()
        try:
            ok, detail = fn()
        except Exception as exc:  # the check itself failed: report it, go on
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        checks.append(Check(name, ok and server.alive(), detail, time.monotonic() - t))

    def expect(
        path: str, body: bytes, statuses: tuple[int, ...], extra: str = ""
    ) -> tuple[bool, str]:
        raw = _raw(port, _post(path, body, extra))
        code = _status(raw)
        return code in statuses, f"HTTP {code}"

    check("valid request", lambda: expect("/v1/summarize", valid, (200,)))
    check(
        "malformed JSON", lambda: expect("/v1/summarize", b'{"documents": [{"text": "a",}', (400,))
    )
    check("not JSON at all", lambda: expect("/v1/summarize", b"\xff\xfe\x00binary", (400, 422)))
    check(
        "wrong types",
        lambda: expect("/v1/summarize", b'{"documents": "abc", "max_words": "x"}', (422,)),
    )
    check(
        "huge max_words",
        lambda: expect("/v1/summarize", valid[:-1] + b', "max_words": 1e308}', (422,)),
    )
    check("empty cluster", lambda: expect("/v1/summarize", b'{"documents": []}', (422,)))
    deep = b'{"documents": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    check(
        "nested JSON, 100,000 levels",
        lambda: expect("/v1/summarize", deep[:max_body], (400, 413, 422)),
    )
    big = b'{"documents": [{"text": "' + b"m\xc6\xb0a " * (max_body // 4 + 10) + b'"}]}'
    check("oversized body (Content-Length)", lambda: expect("/v1/summarize", big, (413,)))

    def chunked() -> tuple[bool, str]:
        def gen() -> Iterator[bytes]:
            for i in range(0, len(big), 65536):
                yield big[i : i + 65536]

        r = httpx.post(server.url + "/v1/summarize", content=gen(), timeout=30)
        return r.status_code == 413, f"HTTP {r.status_code}"

    check("oversized body (chunked)", chunked)
    check("Content-Length larger than the body", lambda: _lying_length(port, body_timeout))
    check(
        "slow body (1 byte/s)",
        lambda: _slow(
            _trickle(
                port,
                _post("/v1/summarize", b"", f"Content-Length: {len(valid)}\r\n"),
                valid,
                1.0,
                body_timeout + 15,
            ),
            body_timeout,
            (408,),
        ),
    )
    check(
        "slow headers (slowloris, 1 byte/s)",
        lambda: _slow(
            _trickle(
                port,
                f"POST /v1/summarize HTTP/1.1\r\nHost: {HOST}\r\n".encode(),
                b"X-Slow: " + b"a" * 10_000,
                1.0,
                header_timeout + 15,
            ),
            header_timeout,
            (408, 0),
        ),
    )

    def idle_crowd() -> tuple[bool, str]:
        socks = []
        try:
            for _ in range(idle):
                socks.append(socket.create_connection((HOST, port), timeout=5))
            t = time.perf_counter()
            r = httpx.get(server.url + "/healthz", timeout=10)
            answered = time.perf_counter() - t
            time.sleep(header_timeout + 2)
            closed = 0
            for s in socks:
                s.settimeout(0.5)
                with contextlib.suppress(TimeoutError, ConnectionResetError):
                    data = s.recv(1024)
                    closed += data == b"" or data.startswith(b"HTTP/1.1 408")
            ok = r.status_code == 200 and closed == len(socks)
            return (
                ok,
                f"healthz {r.status_code} in {answered * 1000:.0f} ms with {idle} idle sockets; {closed}/{idle} closed by the server after {header_timeout:g} s",
            )
        finally:
            for s in socks:
                s.close()

    check(f"{idle} idle connections", idle_crowd)

    def still_up() -> tuple[bool, str]:
        r = httpx.get(server.url + "/healthz", timeout=10)
        r2 = httpx.post(
            server.url + "/v1/summarize",
            content=valid,
            headers={"content-type": "application/json"},
            timeout=60,
        )
        return (
            r.status_code == 200 and r2.status_code == 200,
            f"healthz {r.status_code}, summarize {r2.status_code}",
        )

    check("server still up afterwards", still_up)
    return checks


def _slow(result: tuple[int, float], timeout: float, statuses: tuple[int, ...]) -> tuple[bool, str]:
    code, took = result
    ok = code in statuses and timeout - 1 <= took <= timeout + 5
    return (
        ok,
        f"HTTP {code} after {took:.1f} s (limit {timeout:g} s)"
        if code
        else f"closed after {took:.1f} s (limit {timeout:g} s)",
    )


def _lying_length(port: int, body_timeout: float) -> tuple[bool, str]:
    """Content-Length 100, body of 2 bytes, then silence: the body deadline answers 408."""
    t0 = time.monotonic()
    raw = _raw(port, _post("/v1/summarize", b"{}", "Content-Length: 100\r\n"), body_timeout + 10)
    took = time.monotonic() - t0
    code = _status(raw)
    return code == 408 and took <= body_timeout + 5, f"HTTP {code} after {took:.1f} s"


def print_checks(checks: list[Check]) -> None:
    print("| abuse case | handled | outcome | seconds |")
    print("|---|---|---|---|")
    for c in checks:
        print(f"| {c.name} | {'yes' if c.ok else 'NO'} | {c.detail} | {c.seconds:.1f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per level (default 20)")
    ap.add_argument(
        "--levels", type=int, nargs="+", default=[1, 2, 4, 8], help="concurrency levels"
    )
    ap.add_argument(
        "--body-timeout", type=float, default=5.0, help="server --body-timeout (default 5)"
    )
    ap.add_argument(
        "--header-timeout", type=float, default=5.0, help="server --header-timeout (default 5)"
    )
    ap.add_argument("--max-body-bytes", type=int, default=1_000_000)
    ap.add_argument("--concurrency", type=int, default=2, help="server --concurrency (default 2)")
    ap.add_argument("--abuse-only", action="store_true")
    ap.add_argument("--load-only", action="store_true")
    args = ap.parse_args()
    flags = [
        "--body-timeout", str(args.body_timeout), "--header-timeout", str(args.header_timeout),
        "--max-body-bytes", str(args.max_body_bytes), "--concurrency", str(args.concurrency),
    ]  # fmt: skip
    failed = 0
    with serve(*flags) as server:
        print(
            f"tomtat serve on {server.url} (pid {server.process.pid}), flags: {' '.join(flags)}\n"
        )
        if not args.abuse_only:
            results = run_load(server, args.levels, args.duration)
            print_load(results)
            failed += sum(r.server_errors + r.transport_errors for r in results)
            print()
        if not args.load_only:
            checks = abuse_checks(
                server, args.body_timeout, args.header_timeout, args.max_body_bytes
            )
            print_checks(checks)
            failed += sum(not c.ok for c in checks)
        print(f"\nserver alive at the end: {server.alive()}")
        failed += not server.alive()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
