"""kill -9 in the middle of an ingest loses at most the batch in flight, and running the same
ingest again completes it without storing anything twice (a real subprocess, SIGKILL)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from newsroom_data import synthetic_articles, write_records

BATCH = 10


def _ingest(src, db, batch=BATCH) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tomtat", "ingest", str(src), "--db", str(db),
         "--batch-size", str(batch), "--no-summaries", "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy(),
    )  # fmt: skip


def _committed(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])
    except sqlite3.Error:
        return 0


def _check_consistent(db, expected_ids: set[str] | None = None) -> int:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ext = [r[0] for r in conn.execute("SELECT ext_id FROM articles")]
        assert len(ext) == len(set(ext)), "an article was stored twice"
        if expected_ids is not None:
            assert set(ext) == expected_ids
        # every article in exactly one event, and the events' sizes agree with the articles
        orphans = conn.execute(
            "SELECT count(*) FROM articles a LEFT JOIN events e ON e.id = a.event_id "
            "WHERE e.id IS NULL OR e.size = 0"
        ).fetchone()[0]
        assert orphans == 0
        bad = conn.execute(
            "SELECT count(*) FROM events e WHERE e.size != "
            "(SELECT count(*) FROM articles a WHERE a.event_id = e.id)"
        ).fetchone()[0]
        assert bad == 0
        # the clusterer's state covers exactly the articles of open events
        active = {r[0] for r in conn.execute("SELECT article_id FROM active")}
        in_open = {
            r[0]
            for r in conn.execute(
                "SELECT a.id FROM articles a JOIN events e ON e.id = a.event_id WHERE e.is_open"
            )
        }
        assert active == in_open
        return len(ext)


def test_kill_9_mid_ingest_then_rerun(tmp_path):
    records = synthetic_articles(1500, seed=3)
    src = write_records(tmp_path / "bai.jsonl", records)
    db = tmp_path / "tin.db"
    proc = _ingest(src, db)
    deadline = time.monotonic() + 120
    while _committed(db) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest ended before it could be killed: make it longer"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    seq = _committed(db)
    stored = _check_consistent(db)
    assert stored == seq * BATCH  # every committed batch is whole; the one in flight is gone
    assert 0 < stored < len(records)

    rerun = _ingest(src, db, batch=100)
    _out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    line = err.decode().strip().splitlines()[-1]
    assert f"{len(records) - stored:,} new, {stored:,} duplicate, 0 failed" in line
    assert _check_consistent(db, {r["id"] for r in records}) == len(records)

    again = _ingest(src, db, batch=100)  # a third run stores nothing
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0
    assert f"0 new, {len(records):,} duplicate" in err.decode()
