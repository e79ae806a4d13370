"""Two ingest processes writing to one store at once (PostgreSQL and SQLite): no article lost,
none stored twice, none in two events; their batches are clustered one after the other."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from newsroom_data import synthetic_articles, write_records


def _ingest(src, db) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tomtat", "ingest", str(src), "--db", str(db),
         "--batch-size", "25", "--no-summaries", "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy(),
    )  # fmt: skip


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_two_processes_at_once(backend, tmp_path, request):
    from tomtat.newsroom.store import _engine_url

    db = request.getfixturevalue("pg_url") if backend == "postgresql" else str(tmp_path / "t.db")
    records = synthetic_articles(1200, seed=5)
    # overlapping halves: 400 articles are sent by both processes
    a = write_records(tmp_path / "a.jsonl", records[:800])
    b = write_records(tmp_path / "b.jsonl", records[400:])
    from tomtat.newsroom import Store

    Store.open(db).close()  # created once, so both processes find it (creation is also locked)
    procs = [_ingest(a, db), _ingest(b, db)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()
    new = dup = 0
    for _, err in outs:
        line = err.decode().strip().splitlines()[-1]
        counts = line.split(":", 1)[1].split(";")[0]  # " N new, M duplicate, 0 failed"
        parts = [int(x.strip().split()[0].replace(",", "")) for x in counts.split(",")]
        new, dup = new + parts[0], dup + parts[1]
        assert parts[2] == 0
    assert (new, dup) == (1200, 400)

    engine = sa.create_engine(_engine_url(db)[0])
    with engine.connect() as conn:
        ext = [r[0] for r in conn.execute(sa.text("SELECT ext_id FROM articles"))]
        assert sorted(ext) == sorted(r["id"] for r in records)  # none lost, none twice
        bad = conn.execute(
            sa.text(
                "SELECT count(*) FROM events e WHERE e.size != "
                "(SELECT count(*) FROM articles a WHERE a.event_id = e.id)"
            )
        ).scalar_one()
        assert bad == 0
        orphans = conn.execute(
            sa.text(
                "SELECT count(*) FROM articles a LEFT JOIN events e ON e.id = a.event_id "
                "WHERE e.id IS NULL OR e.size = 0"
            )
        ).scalar_one()
        assert orphans == 0
        seq = int(conn.execute(sa.text("SELECT value FROM meta WHERE key = 'seq'")).scalar_one())
        batches = conn.execute(sa.text("SELECT count(DISTINCT batch) FROM articles")).scalar_one()
        assert batches == seq  # every committed batch has its own number: one writer at a time
    engine.dispose()
