"""``tomtat summarize``: output formats, budget, -o, warnings and the exit-code contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tomtat.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bao-nalusa"
FIXTURES = ROOT / "tests" / "fixtures"
STEMS = {p.stem for p in EXAMPLE.iterdir() if p.suffix in (".txt", ".html")}

GOOD = "Hà Nội khởi công tuyến đường sắt đô thị số 5.\nTuyến dài gần 39 km, đi qua bốn quận."


def run_json(capsys, *args: str) -> dict:
    assert main(["summarize", *args, "--format", "json"]) == 0
    out = capsys.readouterr().out
    return json.loads(out)


def test_example_cluster_json(capsys):
    result = run_json(capsys, str(EXAMPLE), "--max-words", "80")
    assert result["id"] == "bao-nalusa"
    assert result["max_words"] == 80
    assert result["method"] == "default"
    assert result["sentences"]
    assert {s["doc_id"] for s in result["sentences"]} <= STEMS
    assert sum(len(s["text"].split()) for s in result["sentences"]) <= 80


@pytest.mark.parametrize("budget", [15, 40, 120])
def test_budget_counts_whitespace_syllables(capsys, budget):
    result = run_json(capsys, str(EXAMPLE), "--max-words", str(budget))
    assert sum(len(_source(s).split()) for s in result["sentences"]) <= budget


def test_several_paths_files_and_directories(capsys, tmp_path):
    extra = tmp_path / "them"
    extra.mkdir()
    (extra / "06-them.txt").write_text(GOOD, encoding="utf-8")
    result = run_json(
        capsys,
        str(EXAMPLE / "01-thoi-bao-quoc-gia.txt"),
        str(EXAMPLE / "03-reuters-dich.txt"),
        str(extra),
        "--max-words",
        "200",
    )
    assert {s["doc_id"] for s in result["sentences"]} <= {
        "01-thoi-bao-quoc-gia",
        "03-reuters-dich",
        "06-them",
    }


def test_json_cluster_input_keeps_its_id(capsys):
    result = run_json(capsys, str(FIXTURES / "io_cluster.json"), "--max-words", "50")
    assert result["id"] == "io-cum-ga"
    assert {s["doc_id"] for s in result["sentences"]} <= {"io-d1", "io-d2"}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_formats_print_something(capsys, fmt):
    assert main(["summarize", str(EXAMPLE), "--max-words", "60", "--format", fmt]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip()
    assert captured.err == ""


def test_output_file_matches_stdout(capsys, tmp_path):
    out = tmp_path / "tom-tat.json"
    assert main(["summarize", str(EXAMPLE), "--format", "json", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    printed = run_json(capsys, str(EXAMPLE))
    assert json.loads(out.read_text(encoding="utf-8")) == printed


def test_output_dash_is_stdout(capsys):
    assert main(["summarize", str(EXAMPLE), "--max-words", "30", "-o", "-"]) == 0
    assert capsys.readouterr().out.strip()


def test_skipped_document_warning_names_it(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["summarize", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert err == f"tomtat: warning: skipped {tmp_path / 'b.txt'}: file is empty\n"


BAD_INPUTS = {
    "missing": (lambda d: [str(d / "khong-co.txt")], 1, "no such file or directory"),
    "empty-dir": (lambda d: [str(_mkdir(d / "rong"))], 1, "no document found"),
    "binary": (
        lambda d: [str(_write(d / "anh.txt", b"\x89PNG\r\n\x1a\n" + bytes(40)))],
        1,
        "binary",
    ),
    "undecodable": (
        lambda d: [str(_write(d / "x.txt", bytes(range(0x80, 0x100)) * 4))],
        1,
        "decode",
    ),
    "malformed-json": (
        lambda d: [str(_write(d / "x.json", b'{"documents": [\n  {"text": "C\xc3\xa2u."}\n'))],
        1,
        "invalid JSON at line 3, column 1",
    ),
    "wrong-types": (
        lambda d: [str(_write(d / "x.json", b'{"documents": [{"text": ["a"]}]}'))],
        1,
        "documents[0].text must be a string, got array",
    ),
    "empty-cluster": (
        lambda d: [str(_write(d / "x.json", b'{"id": "c", "documents": [{"text": " "}]}'))],
        1,
        "has no document with text",
    ),
    "multi-cluster": (
        lambda d: [
            str(
                _write(
                    d / "x.jsonl",
                    b'{"id": "a", "documents": [{"text": "A."}]}\n{"id": "b", "documents": [{"text": "B."}]}\n',
                )
            )
        ],
        1,
        "tomtat batch",
    ),
    "unknown-method": (lambda d: [str(EXAMPLE), "--method", "khong-co"], 2, "unknown method"),
    "output-dir-missing": (
        lambda d: [str(EXAMPLE), "-o", str(d / "khong" / "co" / "out.txt")],
        2,
        "does not exist",
    ),
}


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_one_line_error_no_traceback_no_file(capsys, tmp_path, case):
    make_args, code, message = BAD_INPUTS[case]
    work = tmp_path / "work"
    work.mkdir()
    args = make_args(work)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    if "-o" not in args:
        args += ["-o", str(out_dir / "tom-tat.txt")]
    assert main(["summarize", *args]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("tomtat: error: ")
    assert message in lines[0]
    assert "Traceback" not in captured.err
    assert os.listdir(out_dir) == []  # no partial output, no temporary file left behind


@pytest.mark.parametrize("value", ["0", "-5", "abc", "1.5"])
def test_max_words_must_be_a_positive_integer(capsys, value):
    with pytest.raises(SystemExit) as info:
        main(["summarize", str(EXAMPLE), "--max-words", value])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --max-words" in err
    assert "Traceback" not in err


def test_output_that_is_a_directory(capsys, tmp_path):
    assert main(["summarize", str(EXAMPLE), "-o", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_failed_run_keeps_an_existing_output_file(capsys, tmp_path):
    out = tmp_path / "cu.txt"
    out.write_text("bản tóm tắt cũ\n", encoding="utf-8")
    assert main(["summarize", str(tmp_path / "khong-co"), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "bản tóm tắt cũ\n"
    assert sorted(os.listdir(tmp_path)) == ["cu.txt"]


def _python_m(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "tomtat", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )


def test_python_m_exit_codes():
    ok = _python_m("summarize", "examples/bao-nalusa/", "--max-words", "60")
    assert ok.returncode == 0, ok.stderr.decode()
    assert ok.stdout.decode("utf-8").strip()
    assert ok.stderr == b""

    missing = _python_m("summarize", "examples/khong-co/")
    assert missing.returncode == 1
    assert missing.stdout == b""
    assert missing.stderr.decode("utf-8") == (
        "tomtat: error: no such file or directory: examples/khong-co\n"
    )

    usage = _python_m("summarize", "examples/bao-nalusa/", "--max-words", "0")
    assert usage.returncode == 2
    assert b"Traceback" not in usage.stderr


def test_python_m_reads_stdin():
    text = (EXAMPLE / "03-reuters-dich.txt").read_bytes()
    done = _python_m("summarize", "-", "--max-words", "40", "--format", "json", stdin=text)
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout.decode("utf-8"))
    assert {s["doc_id"] for s in result["sentences"]} == {"stdin"}


def test_engine_errors_name_the_flag(capsys):
    # a budget smaller than every sentence passes argparse; the engine's message names
    # its parameter and the CLI shows the flag
    assert main(["summarize", str(EXAMPLE), "--max-words", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tomtat: error: --max-words 2 is smaller than the shortest sentence")
    assert "use --max-words" in err and "max_words" not in err
    assert main(["eval", str(FIXTURES / "eval_small.jsonl"), "--method", "khong-co"]) == 2
    assert "unknown method 'khong-co'; choose one of:" in capsys.readouterr().err


def test_the_same_file_twice_is_one_source_marked_duplicate(capsys, tmp_path):
    article = tmp_path / "tin.txt"
    article.write_text(
        "Hà Nội khởi công tuyến đường sắt đô thị số 5 vào sáng 10/10.\n"
        "Tuyến dài gần 39 km, đi qua bốn quận và hai huyện ngoại thành.\n"
        "Tổng vốn đầu tư dự kiến hơn 65.000 tỷ đồng.",
        encoding="utf-8",
    )
    result = run_json(capsys, str(article), str(article))
    assert result["duplicates"] == [{"doc_id": "tin-2", "same_as": "tin"}]
    for s in result["sentences"]:
        assert s["sources"] == ["tin"] and s["support"] == 1
    assert main(["summarize", str(article), str(article), "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert "cùng nội dung với: `tin-2`" in md and "[^2]" not in md


def _source(item: dict) -> str:
    """A JSON summary sentence's text without its date-anchor insertions (the budget unit)."""
    text = item["text"]
    for ins in sorted(item.get("inserted", []), key=lambda i: -i["start"]):
        text = text[: ins["start"]] + text[ins["end"] :]
    return text


def test_no_date_anchors_flag(capsys, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(
        "date 2024-06-19 (Báo Mẫu) -\n\nHôm 18/06, Tổng thống Nga đến Bình Nhưỡng trong chuyến "
        "thăm hai ngày.\nHai bên ký hiệp ước đối tác chiến lược toàn diện.\n",
        encoding="utf-8",
    )
    b = tmp_path / "b.txt"
    b.write_text(
        "date 2023-09-18 (Tin Mẫu) -\n\nÔng Kim Jong Un thăm Nga từ ngày 12-17/9 theo lời mời "
        "của Tổng thống Nga.\nChuyến thăm có nhiều hoạt động quân sự.\n",
        encoding="utf-8",
    )
    anchored = run_json(capsys, str(a), str(b))
    plain = run_json(capsys, str(a), str(b), "--no-date-anchors")
    texts = [s["text"] for s in anchored["sentences"]]
    assert any("Hôm 18/06 [18/6/2024]," in t for t in texts), texts
    assert any("12-17/9 [12-17/9/2023]" in t for t in texts), texts
    assert not any("inserted" in s for s in plain["sentences"])
    assert [_source(s) for s in anchored["sentences"]] == [s["text"] for s in plain["sentences"]]
