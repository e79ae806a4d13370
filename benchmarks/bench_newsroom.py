"""Newsroom mode at scale: ingest rate into SQLite and PostgreSQL, event quality through the
store, the listing query at 100,000 stored articles, two ingest processes on one PostgreSQL,
summaries on Dask workers, and SQLAlchemy Core vs the raw drivers.

    nice python benchmarks/bench_newsroom.py [--data /work/shared/data] [--parts rate,quality,
        list,two,summaries,drivers] [--copies 3] [--list-articles 100000]

Parts (all by default; each prints one table):

* ``rate`` — articles/s of ``Store.ingest`` (dedup + clustering + one transaction per 256
  articles, no summaries) into a SQLite file and into a throwaway PostgreSQL server (fsync on),
  next to the clusterer alone in memory, on the same stream: the pooled AbMuSu train +
  validation articles in ``--copies`` perturbed copies (each keeps a random 60 % of each
  article's sentences), shuffled. Rounds interleaved (memory, SQLite, PostgreSQL) x 2.
* ``quality`` — B-cubed F1 of the events of a *shuffled-by-day* stream of the pooled AbMuSu
  articles ingested through the store (each original cluster gets an event day in 60 days,
  its articles arrive 0-2 days later; the stream is sorted by day and shuffled within a day),
  in batches of 256 with the store closed and reopened after every batch (so the clusterer's
  state is saved and loaded each time); 5 shuffles; plus the check that every article is in
  exactly one event and the same stream in one in-memory clusterer.
* ``list`` — ``Store.list_events`` / ``count_events`` at ``--list-articles`` stored articles
  (rows bulk-inserted with realistic sizes: ~3 articles per event, 20 outlets, titles and
  summaries of real AbMuSu text), SQLite and PostgreSQL, median of 30 calls.
* ``two`` — one ingest process vs two at once (two halves of the stream) against one
  PostgreSQL: wall time, and the check that no article is lost or in two events.
* ``summaries`` — ``Store.refresh`` (summary + report) of every event of the pooled AbMuSu
  stream: in the process, a local process pool of 2, and a local Dask cluster of 2 workers
  (start-up included).
* ``drivers`` — inserting 20,000 article rows: SQLAlchemy Core vs raw psycopg
  (executemany, COPY) and raw sqlite3 (executemany).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pgtemp import create_db, temp_postgres

from tomtat.events import EventClusterer, bcubed
from tomtat.model import Document


def load(data: Path) -> tuple[list[Document], list[str]]:
    docs, truth = [], []
    for split in ("train", "validation"):
        with open(data / f"abmusu-{split}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                obj = json.loads(line)
                for d in obj["documents"]:
                    docs.append(Document(d["id"], d["text"], d.get("title", "")))
                    truth.append(obj["id"])
    return docs, truth


def perturbed(docs: list[Document], copies: int, seed: int) -> list[Document]:
    rng = random.Random(seed)
    out = []
    for k in range(copies):
        for d in docs:
            sents = re.split(r"(?<=[.!?])\s+", d.text)
            keep = [s for s in sents if rng.random() < 0.6] or sents[:1]
            out.append(Document(f"{d.id}-c{k}", " ".join(keep), d.title))
    rng.shuffle(out)
    return out


def by_day(docs: list[Document], truth: list[str], seed: int):
    """The shuffled-by-day stream (see the module doc): documents with dates, and labels."""
    rng = random.Random(seed)
    event_day = {t: rng.randrange(60) for t in sorted(set(truth))}
    days = [event_day[t] + rng.randrange(3) for t in truth]
    keys = [rng.random() for _ in docs]
    order = sorted(range(len(docs)), key=lambda i: (days[i], keys[i]))
    base = dt.date(2025, 9, 1).toordinal()
    stream = [
        Document(
            docs[i].id,
            docs[i].text,
            docs[i].title,
            date=dt.date.fromordinal(base + days[i]).isoformat(),
        )
        for i in order
    ]
    return stream, [truth[i] for i in order]


def load_avg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def fresh_sqlite(tmp: Path, name: str) -> str:
    for suffix in ("", "-wal", "-shm"):
        p = tmp / f"{name}{suffix}"
        if p.exists():
            p.unlink()
    return str(tmp / name)


# ---- parts ------------------------------------------------------------------------------------


def part_rate(args, pool, server, tmp: Path) -> None:
    from tomtat.newsroom import Store

    stream = perturbed(pool[0], args.copies, 0)
    n = len(stream)
    from tomtat.newsroom.keys import content_key

    distinct = len({content_key(d.text) for d in stream})
    print(f"\n## ingest rate ({n} articles, {n - distinct} of them duplicates by content; "
          f"batches of 256, no summaries; load {load_avg()})\n")  # fmt: skip
    # warm-up: imports and caches
    with Store.open(fresh_sqlite(tmp, "warm.db")) as st:
        st.ingest(stream[:300])
    results: dict[str, list[tuple[float, float]]] = {"memory": [], "sqlite": [], "postgresql": []}
    for r in range(2):
        t0, c0 = time.perf_counter(), time.process_time()
        EventClusterer().add(stream)
        results["memory"].append((time.perf_counter() - t0, time.process_time() - c0))
        for backend in ("sqlite", "postgresql"):
            url = (
                fresh_sqlite(tmp, "rate.db")
                if backend == "sqlite"
                else create_db(server, f"rate{r}")
            )
            with Store.open(url) as st:
                t0, c0 = time.perf_counter(), time.process_time()
                stats = st.ingest(stream)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                assert stats.new + stats.duplicate == n and not stats.failed, stats
            results[backend].append((wall, cpu))
    print("| target | wall s (runs) | articles/s (best) | CPU s of this process | CPU art/s |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        best = min(runs)
        print(
            f"| {name} | {' '.join(f'{w:.2f}' for w, _ in runs)} | {n / best[0]:.0f} "
            f"| {best[1]:.2f} | {n / max(best[1], 1e-9):.0f} |"
        )
    print(f"\n(load after: {load_avg()})")


def part_quality(args, pool, tmp: Path) -> None:
    from tomtat.newsroom import Store

    docs, truth = pool
    print(f"\n## events of a shuffled-by-day stream ({len(docs)} pooled AbMuSu articles; "
          f"load {load_avg()})\n")  # fmt: skip
    print("| shuffle | store B3 P | store B3 R | store B3 F1 | in-memory B3 F1 | events "
          "| every article in one event | art/s (store, reopened per batch) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    f1s = []
    for seed in range(args.shuffles):
        stream, labels = by_day(docs, truth, seed)
        url = fresh_sqlite(tmp, "quality.db")
        t0 = time.perf_counter()
        for lo in range(0, len(stream), 256):
            with Store.open(url) as st:  # state saved and loaded at every batch
                st.add_articles(stream[lo : lo + 256])
        wall = time.perf_counter() - t0
        with Store.open(url) as st:
            events = st.article_events()
            arts = st.articles()
            sizes = {e.id: e.size for e in st.list_events(limit=10**6)}
        by_ext = {d.meta["ext_id"]: events[int(d.id)] for d in arts}
        pred = [by_ext[d.id] for d in stream]
        one = len(by_ext) == len(stream) and sum(sizes.values()) == len(stream)
        p, r, f = bcubed(labels, pred)
        c = EventClusterer()
        c.add(stream)
        f1s.append(f)
        print(
            f"| {seed} | {p:.3f} | {r:.3f} | **{f:.3f}** | {bcubed(labels, c.labels)[2]:.3f} "
            f"| {len(sizes)} | {'yes' if one else 'NO'} | {len(stream) / wall:.0f} |"
        )
    print(f"\nmean store F1 {statistics.mean(f1s):.3f}, min {min(f1s):.3f} (load {load_avg()})")


def _bulk_store(url: str, n_articles: int, pool_docs: list[Document]) -> None:
    """Fill a store with ``n_articles`` rows and their events, as ingest would leave them."""
    import sqlalchemy as sa

    from tomtat.newsroom import Store
    from tomtat.newsroom import schema as S
    from tomtat.newsroom.keys import content_key

    rng = random.Random(1)
    outlets = [f"Báo {k}" for k in range(20)]
    Store.open(url).close()
    from tomtat.newsroom.store import _engine_url

    engine = sa.create_engine(_engine_url(url)[0])
    base = dt.date(2025, 1, 1).toordinal()
    aid = 0
    eid = 0
    events, articles = [], []
    now = "2026-01-01T00:00:00Z"
    while aid < n_articles:
        eid += 1
        size = min(n_articles - aid, 1 + int(rng.expovariate(0.5)))
        day = base + (eid * 365) // (n_articles // 3)
        srcs = rng.sample(outlets, min(size, 5))
        d0 = pool_docs[eid % len(pool_docs)]
        lead = d0.text.split(". ")[0][:300]
        events.append({
            "id": eid, "is_open": False, "size": size, "n_outlets": len(srcs),
            "outlets": json.dumps(srcs, ensure_ascii=False),
            "first_date": dt.date.fromordinal(day).isoformat(),
            "last_date": dt.date.fromordinal(day + 1).isoformat(),
            "last_seen": dt.date.fromordinal(day + 1).isoformat(),
            "title": d0.title, "version": 1, "summary_version": 1,
            "summary": json.dumps({"summary": lead}, ensure_ascii=False),
            "report": None, "updated_at": now, "lead": lead,
            "search": (d0.title + " " + lead + " " + " ".join(srcs)).lower() + f" a{eid}",
        })  # fmt: skip
        for k in range(size):
            aid += 1
            d = pool_docs[(eid + k) % len(pool_docs)]
            text = d.text[:400] + f" ({aid})"
            articles.append({
                "id": aid, "ext_id": f"a{aid}", "url": f"https://bao.example/{aid}",
                "url_key": f"bao.example/{aid}", "content_key": content_key(text),
                "title": d.title, "text": text, "source": srcs[k % len(srcs)],
                "date": dt.date.fromordinal(day).isoformat(), "meta": "{}",
                "event_id": eid, "batch": 1 + aid // 256, "ingested_at": now,
            })  # fmt: skip
    with engine.begin() as conn:
        for lo in range(0, len(events), 5000):
            conn.execute(sa.insert(S.events), events[lo : lo + 5000])
        for lo in range(0, len(articles), 5000):
            conn.execute(sa.insert(S.articles), articles[lo : lo + 5000])
        if engine.dialect.name == "sqlite":  # the full-text table the store keeps
            conn.execute(
                sa.text("INSERT INTO events_fts (rowid, search) SELECT id, search FROM events")
            )
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT setval('events_id_seq', :n)"), {"n": eid})
            conn.execute(sa.text("SELECT setval('articles_id_seq', :n)"), {"n": aid})
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    engine.dispose()


def part_list(args, pool, server, tmp: Path) -> None:
    from tomtat.newsroom import Store

    n = args.list_articles
    print(
        f"\n## listing query at {n:,} stored articles (median of 30 calls, ms; load {load_avg()})\n"
    )
    print("| query | SQLite ms | PostgreSQL ms |")
    print("|---|---|---|")
    urls = {"sqlite": fresh_sqlite(tmp, "list.db"), "postgresql": create_db(server, "listing")}
    for url in urls.values():
        _bulk_store(url, n, pool[0])
    queries = {
        "newest 20 (GET /v1/events)": dict(limit=20),
        "newest 20, page 50": dict(limit=20, offset=1000),
        "most covered 20": dict(limit=20, order="size"),
        "since a date, 20": dict(limit=20, since="2025-06-01"),
        "q = one word, 20": dict(limit=20, q="bão"),
        "q = two words, 20": dict(limit=20, q="Hà Nội"),
        "q matching nothing": dict(limit=20, q="xyzzyq"),
        "q = a rare word (1 event), 20": dict(limit=20, q="a777"),
    }
    table: dict[str, dict[str, float]] = {
        q: {} for q in [*queries, "count (total for paging)", "one event (GET /v1/events/{id})"]
    }
    for backend, url in urls.items():
        with Store.open(url) as st:
            for name, kw in queries.items():
                st.list_events(**kw)
                times = []
                for _ in range(30):
                    t0 = time.perf_counter()
                    st.list_events(**kw)
                    times.append(time.perf_counter() - t0)
                table[name][backend] = statistics.median(times) * 1000
            times = []
            for _ in range(30):
                t0 = time.perf_counter()
                st.count_events()
                times.append(time.perf_counter() - t0)
            table["count (total for paging)"][backend] = statistics.median(times) * 1000
            times = []
            for k in range(30):
                t0 = time.perf_counter()
                st.get_event(1 + k * 97)
                times.append(time.perf_counter() - t0)
            table["one event (GET /v1/events/{id})"][backend] = statistics.median(times) * 1000
    for name, row in table.items():
        print(f"| {name} | {row['sqlite']:.1f} | {row['postgresql']:.1f} |")
    print(f"\n(load after: {load_avg()})")


def _ingest_proc(src: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tomtat", "ingest", str(src), "--db", url, "--no-summaries",
         "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def part_two(args, pool, server, tmp: Path) -> None:
    import sqlalchemy as sa

    from tomtat.newsroom.store import _engine_url

    stream = perturbed(pool[0], args.copies, 1)
    n = len(stream)
    from tomtat.newsroom.keys import content_key

    distinct = len({content_key(d.text) for d in stream})

    def write(path: Path, docs) -> Path:
        with path.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"id": d.id, "title": d.title, "text": d.text},
                                    ensure_ascii=False) + "\n")  # fmt: skip
        return path

    whole = write(tmp / "whole.jsonl", stream)
    halves = [write(tmp / "h0.jsonl", stream[0::2]), write(tmp / "h1.jsonl", stream[1::2])]
    print(f"\n## one vs two ingest processes on one PostgreSQL ({n} articles; load {load_avg()})\n")
    print("| processes | wall s (runs) | articles/s (best) | articles stored | stored twice "
          "| batches = commits |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    runs: dict[int, list[float]] = {1: [], 2: []}
    checks: dict[int, tuple[int, int, bool]] = {}
    for r in range(2):
        for procs in (1, 2):
            url = create_db(server, f"two{r}{procs}")
            from tomtat.newsroom import Store

            Store.open(url).close()
            t0 = time.perf_counter()
            ps = (
                [_ingest_proc(whole, url)] if procs == 1 else [_ingest_proc(h, url) for h in halves]
            )
            for p in ps:
                _, err = p.communicate()
                assert p.returncode == 0, err.decode()
            runs[procs].append(time.perf_counter() - t0)
            engine = sa.create_engine(_engine_url(url)[0])
            with engine.connect() as conn:
                stored = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()
                twice = conn.execute(sa.text(
                    "SELECT count(*) FROM (SELECT ext_id FROM articles GROUP BY ext_id "
                    "HAVING count(*) > 1) t")).scalar_one()  # fmt: skip
                seq = int(
                    conn.execute(sa.text("SELECT value FROM meta WHERE key='seq'")).scalar_one()
                )
                batches = conn.execute(
                    sa.text("SELECT count(DISTINCT batch) FROM articles")
                ).scalar_one()
            engine.dispose()
            checks[procs] = (stored, twice, seq == batches)
    for procs, walls in runs.items():
        stored, twice, ok = checks[procs]
        print(f"| {procs} | {' '.join(f'{w:.2f}' for w in walls)} | {n / min(walls):.0f} "
              f"| {stored} / {distinct} distinct of {n} | {twice} | {'yes' if ok else 'NO'} |")  # fmt: skip
    print(f"\n(load after: {load_avg()})")


def part_summaries(args, pool, tmp: Path) -> None:
    from tomtat.newsroom import Store

    docs = pool[0]
    url = fresh_sqlite(tmp, "sum.db")
    with Store.open(url) as st:
        st.ingest(docs)
        n_events = st.stats()["events"]
    print(f"\n## summaries of {n_events} events ({len(docs)} pooled AbMuSu articles; "
          f"load {load_avg()})\n")  # fmt: skip
    print("| where | wall s | events/s |")
    print("|---|---|---|")
    import sqlalchemy as sa

    from tomtat.newsroom import schema as S
    from tomtat.newsroom.store import _engine_url

    for name, kw in (("in the process", {}), ("process pool, 2 workers", {"workers": 2}),
                     ("Dask LocalCluster, 2 workers", {"workers": 2, "dask": "local"})):  # fmt: skip
        engine = sa.create_engine(_engine_url(url)[0])
        with engine.begin() as conn:
            conn.execute(sa.update(S.events).values(summary_version=None))
        engine.dispose()
        with Store.open(url) as st:
            t0 = time.perf_counter()
            done = st.refresh(**kw)
            wall = time.perf_counter() - t0
        print(f"| {name} | {wall:.2f} | {done / wall:.1f} |")
    print(f"\n(load after: {load_avg()})")


def part_drivers(args, pool, server, tmp: Path) -> None:
    import sqlite3

    import psycopg
    import sqlalchemy as sa

    from tomtat.newsroom import Store
    from tomtat.newsroom import schema as S
    from tomtat.newsroom.store import _engine_url

    docs = pool[0]
    n = 20_000
    rows = [
        {"ext_id": f"a{k}", "url": f"https://bao.example/{k}", "url_key": f"bao.example/{k}",
         "content_key": f"{k:040x}", "title": docs[k % len(docs)].title,
         "text": docs[k % len(docs)].text[:2000], "source": "Báo", "date": "2025-10-01",
         "meta": "{}", "event_id": 1 + k // 3, "batch": 1, "ingested_at": "2026-01-01T00:00:00Z"}
        for k in range(n)
    ]  # fmt: skip
    cols = list(rows[0])
    print(f"\n## inserting {n:,} article rows, 256 per transaction (load {load_avg()})\n")
    print("| database | client | wall s | rows/s |")
    print("|---|---|---|---|")

    def timed(fn) -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    for backend in ("sqlite", "postgresql"):
        for client in ("SQLAlchemy Core", "raw driver", "raw COPY"):
            if backend == "sqlite" and client == "raw COPY":
                continue
            url = fresh_sqlite(tmp, "drv.db") if backend == "sqlite" else create_db(server, "drv")
            Store.open(url).close()
            if client == "SQLAlchemy Core":
                store = Store.open(url)

                def run(store=store):
                    for lo in range(0, n, 256):
                        with store._write() as conn:
                            conn.execute(sa.insert(S.articles), rows[lo : lo + 256])

                wall = timed(run)
                store.close()
            elif backend == "sqlite":
                conn = sqlite3.connect(url, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                sql = (
                    f"INSERT INTO articles ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"
                )

                def run(conn=conn, sql=sql):
                    for lo in range(0, n, 256):
                        conn.execute("BEGIN IMMEDIATE")
                        conn.executemany(
                            sql, [tuple(r[c] for c in cols) for r in rows[lo : lo + 256]]
                        )
                        conn.execute("COMMIT")

                wall = timed(run)
                conn.close()
            else:
                pconn = psycopg.connect(_engine_url(url)[0].replace("+psycopg", ""))
                sql = f"INSERT INTO articles ({','.join(cols)}) VALUES ({','.join(['%s'] * len(cols))})"

                def run(pconn=pconn, sql=sql, client=client):
                    for lo in range(0, n, 256):
                        with pconn.transaction(), pconn.cursor() as cur:
                            chunk = [tuple(r[c] for c in cols) for r in rows[lo : lo + 256]]
                            if client == "raw COPY":
                                with cur.copy(f"COPY articles ({','.join(cols)}) FROM STDIN") as cp:
                                    for rec in chunk:
                                        cp.write_row(rec)
                            else:
                                cur.executemany(sql, chunk)

                wall = timed(run)
                pconn.close()
            name = (
                client
                if client != "raw driver"
                else ("sqlite3" if backend == "sqlite" else "psycopg executemany")
            )
            print(f"| {backend} | {name} | {wall:.2f} | {n / wall:,.0f} |")
    print(f"\n(load after: {load_avg()})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--parts", default="rate,quality,list,two,summaries,drivers")
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--shuffles", type=int, default=5)
    ap.add_argument("--list-articles", type=int, default=100_000)
    args = ap.parse_args()
    parts = args.parts.split(",")
    pool = load(args.data)
    print(f"# bench_newsroom ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load {load_avg()})")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="tomtat-bench-") as t, temp_postgres() as server:
        tmp = Path(t)
        if "rate" in parts:
            part_rate(args, pool, server, tmp)
        if "quality" in parts:
            part_quality(args, pool, tmp)
        if "list" in parts:
            part_list(args, pool, server, tmp)
        if "two" in parts:
            part_two(args, pool, server, tmp)
        if "summaries" in parts:
            part_summaries(args, pool, tmp)
        if "drivers" in parts:
            part_drivers(args, pool, server, tmp)


if __name__ == "__main__":
    main()
