"""``GET /v1/events`` and ``GET /v1/events/{id}`` at 100,000 stored articles, over HTTP.

    nice python benchmarks/bench_events_api.py [--data /work/shared/data] [--articles 100000]
        [--requests 50] [--backends sqlite,postgresql]

Fills a SQLite store and a throwaway PostgreSQL store (``pgtemp.py``) with ``--articles``
article rows and their events as ``tomtat ingest`` leaves them (``bench_newsroom._bulk_store``:
~3 articles per event, 20 outlets, titles and summaries of real AbMuSu text), starts
``tomtat serve --db`` on 127.0.0.1 (a free port, its own process) and times
``--requests`` sequential requests per query from an HTTP client with keep-alive (wall time
from sending the request to the decoded JSON; the server's JSON encoding, the loopback and
the client's decoding included). Next to it, the same listing called on the store in the
process (no HTTP), so the table shows what the HTTP layer adds. Prints one table; the
target is a median under 50 ms for ``GET /v1/events``.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_newsroom import _bulk_store, fresh_sqlite, load, load_avg
from pgtemp import create_db, temp_postgres

QUERIES = [
    ("GET /healthz (the HTTP floor)", "/healthz", {}),
    ("GET /v1/events (newest 20)", "/v1/events", {}),
    ("  page 50 (offset 980)", "/v1/events", {"offset": 980}),
    ("  order=size (most covered)", "/v1/events", {"order": "size"}),
    ("  since=2025-06-01", "/v1/events", {"since": "2025-06-01"}),
    ("  q=bão", "/v1/events", {"q": "bão"}),
    ("  q=Hà Nội", "/v1/events", {"q": "Hà Nội"}),
    ("  q matching nothing", "/v1/events", {"q": "xyzzyq"}),
    ("  limit=100", "/v1/events", {"limit": 100}),
    ("  since=2025-06-01, count=false", "/v1/events", {"since": "2025-06-01", "count": "false"}),
    ("  q=bão, count=false", "/v1/events", {"q": "bão", "count": "false"}),
    ("  q matching nothing, count=false", "/v1/events", {"q": "xyzzyq", "count": "false"}),
    ("GET /v1/events/{id} (stored report)", "/v1/events/{id}", {"refresh": "false"}),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str):
    """``tomtat serve --db`` in its own process (so the client does not share its GIL)."""
    import httpx

    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tomtat", "serve", "--db", db, "--port", str(port),
         "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=2).json().get("ready"):
                return base, proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the server did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)


def _timed(fn, n: int) -> tuple[float, float]:
    for _ in range(3):
        fn(0)
    times = []
    for k in range(n):
        t0 = time.perf_counter()
        fn(k)
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def bench(url: str, n: int, n_events: int) -> dict[str, tuple[float, float, float | None]]:
    import httpx

    from tomtat.newsroom import Store

    out: dict[str, tuple[float, float, float | None]] = {}
    base, proc = _serve(url)
    try:
        with httpx.Client(base_url=base, timeout=60) as client, Store.open(url) as store:
            for name, path, params in QUERIES:

                def http(k: int, path=path, params=params) -> None:
                    p = path.replace("{id}", str(1 + (k * 97) % n_events))
                    r = client.get(p, params=params)
                    assert r.status_code == 200, r.text
                    r.json()

                med, p95 = _timed(http, n)
                direct = None
                if path == "/v1/events":
                    kw = {
                        "since": params.get("since"),
                        "q": params.get("q"),
                        "order": params.get("order", "recent"),
                        "limit": params.get("limit", 20),
                        "offset": params.get("offset", 0),
                    }

                    counted = params.get("count") != "false"

                    def call(k: int, kw=kw, counted=counted) -> None:
                        store.list_events(**kw)
                        if counted:
                            store.count_events(since=kw["since"], q=kw["q"])

                    direct = _timed(call, n)[0]
                out[name] = (med, p95, direct)
    finally:
        proc.terminate()
        proc.wait(30)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--backends", default="sqlite,postgresql")
    args = ap.parse_args()
    backends = args.backends.split(",")
    pool = load(args.data)
    print(f"# bench_events_api ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{args.articles:,} articles, {args.requests} requests per row, load {load_avg()})")  # fmt: skip
    results: dict[str, dict[str, tuple[float, float, float | None]]] = {}
    with tempfile.TemporaryDirectory(prefix="tomtat-bench-") as t, temp_postgres() as server:
        tmp = Path(t)
        for backend in backends:
            url = (
                fresh_sqlite(tmp, "api.db")
                if backend == "sqlite"
                else create_db(server, "events_api")
            )
            t0 = time.perf_counter()
            _bulk_store(url, args.articles, pool[0])
            from tomtat.newsroom import Store

            with Store.open(url) as st:
                stats = st.stats()
            print(f"\n{backend}: {stats['articles']:,} articles, {stats['events']:,} events "
                  f"(filled in {time.perf_counter() - t0:.0f} s)")  # fmt: skip
            results[backend] = bench(url, args.requests, stats["events"])
    print()
    head = " | ".join(f"{b} median ms | {b} p95 ms | {b} store call ms" for b in backends)
    print(f"| request | {head} |")
    print("|---" * (1 + 3 * len(backends)) + "|")
    for name, _, _ in QUERIES:
        cells = []
        for b in backends:
            med, p95, direct = results[b][name]
            cells += [f"{med:.1f}", f"{p95:.1f}", "" if direct is None else f"{direct:.1f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\n(load after: {load_avg()}; 'store call' = Store.list_events (+ Store.count_events, "
          "uncached, unless count=false) in the process, no HTTP; the server caches the total of "
          "a listing without q on the store's batch counter)")  # fmt: skip


if __name__ == "__main__":
    main()
