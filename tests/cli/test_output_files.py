"""``-o`` in every command: ``-`` is stdout, usual permissions, links and devices (io.output)."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tomtat.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bao-nalusa"
CLUSTERS = ROOT / "tests" / "fixtures" / "batch_clusters.jsonl"
ARTICLES = [
    {
        "id": "a1",
        "date": "2025-03-02",
        "title": "Hà Nội khởi công tuyến metro số 5",
        "text": "Sáng 2/3, Hà Nội khởi công tuyến đường sắt đô thị số 5 dài gần 39 km.",
    },
    {
        "id": "a2",
        "date": "2025-03-02",
        "title": "Khởi công metro số 5 ở Hà Nội",
        "text": "Tuyến đường sắt đô thị số 5 của Hà Nội dài gần 39 km được khởi công sáng 2/3.",
    },
]


@pytest.fixture
def umask022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def articles_file(tmp_path: Path) -> Path:
    path = tmp_path / "bai.jsonl"
    path.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    return path


def _summarize(out: str | Path) -> int:
    return main(["summarize", str(EXAMPLE), "--max-words", "40", "-o", str(out)])


def test_new_file_gets_0644_under_the_default_umask(tmp_path, umask022, capsys):
    out = tmp_path / "tom-tat.txt"
    assert _summarize(out) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    report = tmp_path / "bao-cao.html"
    assert main(["report", str(EXAMPLE), "--format", "html", "-o", str(report)]) == 0
    assert stat.S_IMODE(report.stat().st_mode) == 0o644


def test_new_file_respects_a_strict_umask(tmp_path, capsys):
    old = os.umask(0o077)
    try:
        assert _summarize(tmp_path / "rieng.txt") == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "rieng.txt").stat().st_mode) == 0o600


def test_overwrite_keeps_the_existing_mode(tmp_path, umask022, capsys):
    out = tmp_path / "tom-tat.txt"
    out.write_text("bản cũ\n", encoding="utf-8")
    out.chmod(0o640)
    assert _summarize(out) == 0
    assert out.read_text(encoding="utf-8") != "bản cũ\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tom-tat.txt"]  # no temporary left


def test_symlink_is_written_through_and_stays_a_link(tmp_path, capsys):
    real = tmp_path / "that" / "tom-tat.txt"
    real.parent.mkdir()
    real.write_text("bản cũ\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert _summarize(link) == 0
    assert link.is_symlink()
    assert "bão số 7" in real.read_text(encoding="utf-8").lower()


def test_hard_links_are_not_broken(tmp_path, capsys):
    first = tmp_path / "a.txt"
    first.write_text("bản cũ\n", encoding="utf-8")
    second = tmp_path / "b.txt"
    os.link(first, second)
    assert _summarize(first) == 0
    assert first.stat().st_ino == second.stat().st_ino
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8") != "bản cũ\n"


def test_dev_null_in_every_command(tmp_path, articles_file, capsys):
    assert _summarize("/dev/null") == 0
    assert main(["report", str(EXAMPLE), "-o", "/dev/null"]) == 0
    assert main(["batch", str(CLUSTERS), "-o", "/dev/null", "--no-progress"]) == 0
    assert main(["cluster", str(articles_file), "-o", "/dev/null"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error" not in err
    assert Path("/dev/null").is_char_device()  # still the device


def test_a_fifo_is_written_to_not_replaced(tmp_path, capsys):
    fifo = tmp_path / "ong.txt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert _summarize(fifo) == 0
    reader.join(30)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got and "bão số 7" in got[0].decode("utf-8").lower()


@pytest.mark.parametrize("command", ["summarize", "report", "batch", "cluster"])
def test_dash_is_stdout_in_every_command(command, tmp_path, articles_file, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    inputs = {
        "summarize": [str(EXAMPLE), "--max-words", "40"],
        "report": [str(EXAMPLE), "--format", "json"],
        "batch": [str(CLUSTERS), "--no-progress"],
        "cluster": [str(articles_file)],
    }[command]
    assert main([command, *inputs, "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.strip()
    assert not (tmp_path / "-").exists()
    if command in ("batch", "cluster"):
        assert all(json.loads(line)["id"] for line in out.splitlines())


def test_batch_resume_needs_a_file(capsys):
    assert main(["batch", str(CLUSTERS), "-o", "-", "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tomtat: error: --resume") and "standard output" in err


def test_a_socket_is_refused_before_any_work(tmp_path, capsys):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        assert _summarize(path) == 2
        assert main(["batch", str(CLUSTERS), "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("is a socket") == 2 and "Traceback" not in err


def test_a_dangling_link_into_a_missing_folder(tmp_path, capsys):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "khong-co" / "x.txt")
    assert _summarize(link) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["summarize", "batch"])
def test_dev_stdout_to_a_pipe_and_to_a_file(command, tmp_path):
    import subprocess
    import sys

    source = {"summarize": [str(EXAMPLE), "--max-words", "40"], "batch": [str(CLUSTERS)]}
    cmd = [sys.executable, "-m", "tomtat", command, *source[command], "-o", "/dev/stdout", "-q"]
    piped = subprocess.run(cmd, capture_output=True, timeout=300)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.strip() and piped.stderr == b""
    out = tmp_path / "ra.txt"
    with out.open("wb") as fh:
        to_file = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, timeout=300)
    assert to_file.returncode == 0, to_file.stderr
    assert out.read_bytes() == piped.stdout
