"""Endless and special files: bounded reads, FIFOs and devices refused (issue 19, item 4).

Before: files and standard input were read whole before the character limit was checked; a
``.txt`` that is a link to ``/dev/zero`` reached 6.4 GB, ``summarize - < /dev/urandom`` 4.3 GB,
and a FIFO named ``*.txt`` in a folder blocked for ever. The memory figures are measured by
``benchmarks/bench_limits.py --case endless`` (docs/limits.md), not here: these tests check the
answers, with the bound lowered through ``TOMTAT_MAX_INPUT_BYTES`` where that keeps them quick.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tomtat.errors import LimitError
from tomtat.io.limited import LongLine, bounded_lines, read_limited
from tomtat.io.read import read_clusters_jsonl, read_input
from tomtat.limits import max_input_bytes

BAO = "Bão số 7 đổ bộ vào Quảng Ngãi rạng sáng thứ Hai. Gió giật mạnh làm tốc mái hàng nghìn ngôi nhà."
MUA = "Bão số 7 gây mưa lớn ở Quảng Ngãi. Nước sông Trà Khúc vượt báo động 3 chiều thứ Hai."
unix_only = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir() or not hasattr(os, "mkfifo"),
    reason="needs /dev, /proc and FIFOs",
)


def tomtat(
    *args: str, cwd: Path, env: dict | None = None, stdin=None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tomtat", *args],
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_the_default_bound_follows_the_character_limit(monkeypatch) -> None:
    monkeypatch.delenv("TOMTAT_MAX_INPUT_BYTES", raising=False)
    monkeypatch.delenv("TOMTAT_MAX_CLUSTER_CHARS", raising=False)
    assert max_input_bytes() == 32_000_000
    monkeypatch.setenv("TOMTAT_MAX_CLUSTER_CHARS", "1000")
    assert max_input_bytes() == 8000
    monkeypatch.setenv("TOMTAT_MAX_INPUT_BYTES", "500")
    assert max_input_bytes() == 500
    monkeypatch.setenv("TOMTAT_MAX_INPUT_BYTES", "0")
    assert max_input_bytes() == 0


def test_read_limited_stops_one_byte_past_the_bound() -> None:
    class Endless(io.RawIOBase):
        served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            buffer[:] = b"a" * len(buffer)
            Endless.served += len(buffer)
            return len(buffer)

    with pytest.raises(LimitError, match="larger than 5,000 bytes"):
        read_limited(io.BufferedReader(Endless()), 5000, "<stdin>")
    assert Endless.served < 5000 + 2 * 8192  # what the buffered reader asked for, no more
    assert read_limited(io.BytesIO(b"x" * 5000), 5000, "f") == b"x" * 5000


def test_bounded_lines_drop_a_long_line_and_go_on() -> None:
    data = b"ngan\n" + b"d" * 10_000 + b"\n\nsau\n" + b"cuoi"
    got = list(bounded_lines(io.BytesIO(data), 100))
    assert got == [b"ngan\n", LongLine(), b"\n", b"sau\n", b"cuoi"]
    assert list(bounded_lines(io.BytesIO(b"x" * 100 + b"\n"), 100)) == [b"x" * 100 + b"\n"]


@unix_only
def test_a_link_to_dev_zero_in_a_folder_and_a_fifo_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "bai"
    folder.mkdir()
    (folder / "tot.txt").write_text(BAO, encoding="utf-8")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "ong.txt")  # nobody writes to it: opening it would block for ever
    proc = tomtat("summarize", str(folder), cwd=tmp_path)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err
    assert "skipped" in err and "ong.txt: a FIFO (named pipe)" in err
    assert "zero.txt: a character device" in err and "Traceback" not in err
    assert proc.stdout.decode("utf-8").startswith("Bão số 7")


@unix_only
def test_a_named_device_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    proc = tomtat("summarize", str(tmp_path / "zero.txt"), cwd=tmp_path)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and err.count("\n") == 1
    assert "zero.txt: a character device; tomtat reads regular files" in err
    batch = tomtat("batch", "/dev/zero", "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert batch.returncode == 1 and b"Traceback" not in batch.stderr
    assert not (tmp_path / "out.jsonl").exists()


@unix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_standard_input_is_refused_at_the_bound(tmp_path: Path, device: str) -> None:
    with open(device, "rb") as endless:
        proc = tomtat(
            "summarize", "-", cwd=tmp_path, stdin=endless, env={"TOMTAT_MAX_INPUT_BYTES": "2000000"}
        )
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err
    assert err == (
        "tomtat: error: <stdin> is larger than 2,000,000 bytes, the input limit (split it "
        "into smaller clusters, or raise TOMTAT_MAX_INPUT_BYTES)\n"
    )


@unix_only
def test_a_named_pipe_on_the_command_line_is_read(tmp_path: Path) -> None:
    # what a shell's <(command) gives: a pipe named on the command line
    read_fd, write_fd = os.pipe()
    os.write(write_fd, BAO.encode("utf-8"))
    os.close(write_fd)
    try:
        record = read_input([f"/proc/self/fd/{read_fd}", str(_file(tmp_path, MUA))])
    finally:
        os.close(read_fd)
    assert [d.text for d in record.documents] == [BAO, MUA]


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mua.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_files_together_share_the_bound(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TOMTAT_MAX_INPUT_BYTES", "300")
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(BAO, encoding="utf-8")  # 126 bytes each
    with pytest.raises(LimitError, match=r"the input \(all files up to .*2\.txt\) is larger"):
        read_input([tmp_path])
    with pytest.raises(LimitError, match=r"1\.txt is larger than 100 bytes"):
        monkeypatch.setenv("TOMTAT_MAX_INPUT_BYTES", "100")
        read_input([tmp_path / "1.txt"])


def test_an_overlong_jsonl_line_fails_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TOMTAT_MAX_INPUT_BYTES", "1000")
    long_line = json.dumps({"id": "dai", "documents": [{"text": BAO * 20}]}, ensure_ascii=False)
    short = json.dumps({"id": "ngan", "documents": [{"text": MUA}]}, ensure_ascii=False)
    src = tmp_path / "in.jsonl"
    src.write_text(f"{long_line}\n{short}\n", encoding="utf-8")
    items = list(read_clusters_jsonl(src))
    assert [(i.line_no, i.ok) for i in items] == [(1, False), (2, True)]
    assert "line longer than 1,000 bytes" in str(items[0].error)
    proc = tomtat(
        "batch", str(src), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path,
        env={"TOMTAT_MAX_INPUT_BYTES": "1000"},
    )  # fmt: skip
    assert proc.returncode == 1 and b"line 1: line longer than 1,000 bytes" in proc.stderr
    ids = [json.loads(x)["id"] for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert ids == ["ngan"]
    events = tomtat("cluster", str(src), cwd=tmp_path, env={"TOMTAT_MAX_INPUT_BYTES": "1000"})
    assert events.returncode == 1 and b"line 1: line longer than" in events.stderr
    assert len(events.stdout.splitlines()) == 1
