"""One run per output, and no resume with other settings (issue 19, item 9).

Before: two ``tomtat batch`` runs on the same ``-o`` both exited 0 and wrote every id twice;
``--resume`` with another ``--method`` or ``--max-words`` silently appended lines made with the
new settings to lines made with the old ones.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tomtat.batch import OutputLockedError, run_batch
from tomtat.errors import UsageError


def tomtat(*args: str, cwd: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tomtat", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
        **kw,
    )


def ids_in(path: Path) -> list[str]:
    return [json.loads(x)["id"] for x in path.read_text(encoding="utf-8").splitlines()]


def test_a_second_run_on_the_same_output_stops_and_names_the_first(
    clusters: list[dict], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    # the first run reads its clusters from a pipe this test feeds: it is mid-run for as long
    # as the test wants, without any timing
    first = tomtat(
        "batch", "-", "-o", str(out), "--no-progress", cwd=tmp_path, stdin=subprocess.PIPE
    )
    assert first.stdin is not None
    first.stdin.write((json.dumps(clusters[0], ensure_ascii=False) + "\n").encode("utf-8"))
    first.stdin.flush()
    deadline = time.monotonic() + 120  # a wait for the first result, not a speed check
    while not out.exists() or not out.read_bytes().endswith(b"\n"):
        assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()
        time.sleep(0.05)

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in clusters), "utf-8")
    for extra in ([], ["--resume"]):
        second = tomtat("batch", str(src), "-o", str(out), *extra, cwd=tmp_path)
        _, err = second.communicate(timeout=120)
        assert second.returncode == 1
        holder = f"process {first.pid}" if Path("/proc/locks").exists() else "another process"
        assert err.decode("utf-8") == (
            f"tomtat: error: {out} is being written by {holder} (another tomtat batch run); "
            "wait for it to finish, or choose another -o\n"
        )

    for c in clusters[1:]:
        first.stdin.write((json.dumps(c, ensure_ascii=False) + "\n").encode("utf-8"))
    first.stdin.close()
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert sorted(ids_in(out)) == sorted(c["id"] for c in clusters)  # each id once

    # the lock ended with the run: a resume now goes through and skips everything
    again = tomtat("batch", str(src), "-o", str(out), "--resume", cwd=tmp_path)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0 and f"0 done, {len(clusters)} skipped".encode() in err


def test_a_locked_output_is_left_as_it_was(clusters_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x", "method": "lead", "max_words": 30}\n', encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    errors.write_text("giu nguyen\n", encoding="utf-8")
    with open(out, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running batch holds it
        with pytest.raises(OutputLockedError, match=f"process {os.getpid()}|another process"):
            run_batch(
                clusters_file, out, method="lead", max_words=30, resume=True,
                errors_path=errors, progress=False,
            )  # fmt: skip
    assert out.read_text(encoding="utf-8") == '{"id": "x", "method": "lead", "max_words": 30}\n'
    assert errors.read_text(encoding="utf-8") == "giu nguyen\n"  # not truncated either


@pytest.mark.parametrize(
    ("method", "max_words", "recorded"),
    [("default", 30, "--method lead --max-words 30"), ("lead", 80, "--method lead --max-words 30")],
)
def test_resume_with_other_settings_is_refused(
    clusters_file: Path, tmp_path: Path, method: str, max_words: int, recorded: str
) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(clusters_file, out, method="lead", max_words=30, progress=False)
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(lines[0] + lines[1][:10])  # interrupted, with a torn line
    before = out.read_bytes()
    proc = tomtat(
        "batch", str(clusters_file), "-o", str(out), "--resume",
        "--method", method, "--max-words", str(max_words), cwd=tmp_path,
    )  # fmt: skip
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert err.decode("utf-8") == (
        f"tomtat: error: {out} was written with {recorded} (line 1); this run asks for "
        f"--method {method} --max-words {max_words}: resume with the same settings, or choose "
        "another -o\n"
    )
    assert out.read_bytes() == before  # nothing repaired, nothing appended
    stats = run_batch(clusters_file, out, method="lead", max_words=30, resume=True, progress=False)
    assert stats.ok and stats.skipped == 1 and stats.repaired_bytes == 10


def test_a_run_refused_before_any_work_leaves_no_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    src = tmp_path / "in.jsonl"
    src.write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match="unknown method"):
        run_batch(src, out, method="khong-co", progress=False)
    assert not out.exists()
