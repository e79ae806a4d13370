"""A parallel batch whose parent is killed with SIGKILL leaves no process behind.

The run is a real ``python -m tomtat batch --workers 2`` in its own session; once it has
written a result line, the parent gets SIGKILL (no clean-up of any kind runs) and every other
process of the session (forkserver, resource tracker, workers) must exit by itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "batch_clusters.jsonl"
GRACE = 60.0  # seconds the orphans get to notice; they need about one on an idle machine


def _session(sid: int) -> list[int]:
    """Live processes of session ``sid`` other than its leader (zombies excluded)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == sid:
            continue
        try:
            if os.getsid(int(entry)) != sid:
                continue
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")
def test_sigkill_on_the_parent_leaves_no_worker_or_forkserver(tmp_path: Path):
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    with inp.open("w", encoding="utf-8") as fh:
        for i in range(4000):  # far more than can finish before the kill
            rec = json.loads(lines[i % len(lines)])
            rec["id"] = f"cum-{i}"
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    cmd = [sys.executable, "-m", "tomtat", "batch", str(inp), "-o", str(out)]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2", "--no-progress"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not (out.exists() and out.stat().st_size > 0):
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline, "no result within 120 s"
            time.sleep(0.1)
        helpers = _session(proc.pid)
        assert len(helpers) >= 3  # forkserver + two workers (+ resource tracker)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + GRACE
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _session(proc.pid) == []
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _session(proc.pid):
            os.kill(pid, signal.SIGKILL)
