"""Strings no writer can encode, and numbers Python will not convert (issue 19, item 3).

Before: a lone surrogate (the JSON escape ``"\\ud800"``) in a text or a title ended
``summarize``, ``report`` and ``batch`` (one or two workers) in a UnicodeEncodeError traceback
at write time, after the work was done, and ``--resume`` crashed on the same line again; an
integer of more than 4,300 digits in any field gave a ValueError traceback (``tomtat cluster``
an AttributeError); a file name that is not UTF-8 broke ``-o``. Now the readers clean strings
(lone surrogate -> U+FFFD) and refuse the number for its line only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tomtat.io.safe import clean_json, clean_name, clean_str, one_line, printable

BAO = "Bão số 7 đổ bộ vào Quảng Ngãi rạng sáng thứ Hai. Gió giật mạnh làm tốc mái hàng nghìn ngôi nhà."
MUA = "Mưa lớn kéo dài gây ngập nhiều tuyến phố ở Hà Nội. Giao thông ùn tắc nhiều giờ liền."
# the JSON text holds the six characters \ud800: json.dumps writes a lone surrogate that way
SURROGATE_DOC = {"id": "a", "title": "Bão\ud800 số 7", "text": BAO.replace("Hai.", "Hai.\ud800")}
GOOD_CLUSTER = {"id": "tot", "documents": [{"id": "x", "text": MUA}, {"id": "y", "text": BAO}]}


def tomtat(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tomtat", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=300,
        env=os.environ.copy(),
    )


def no_traceback(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err


def write_jsonl(path: Path, *records: dict | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_input_really_holds_a_lone_surrogate() -> None:
    assert "\\ud800" in json.dumps(SURROGATE_DOC)
    with pytest.raises(UnicodeEncodeError):
        json.loads(json.dumps(SURROGATE_DOC))["title"].encode("utf-8")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_keeps_going_past_a_lone_surrogate(tmp_path: Path, workers: str) -> None:
    src = write_jsonl(
        tmp_path / "in.jsonl",
        {"id": "hong", "documents": [SURROGATE_DOC, {"id": "b", "text": MUA}]},
        GOOD_CLUSTER,
    )
    out = tmp_path / "out.jsonl"
    proc = tomtat("batch", str(src), "-o", str(out), "--workers", workers, cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {x["id"] for x in lines} == {"hong", "tot"}
    assert "\ufffd" in json.dumps(lines, ensure_ascii=False)
    # and a resume over the finished file reads it back without a crash
    again = tomtat("batch", str(src), "-o", str(out), "--resume", cwd=tmp_path)
    no_traceback(again)
    assert again.returncode == 0 and b"2 skipped" in again.stderr


@pytest.mark.parametrize(
    "bad_line",
    [
        '{"id": '
        + "7" * 5000
        + ', "documents": [{"id": "a", "text": "Trời mưa to. Đường ngập."}]}',
        '{"id": "so", "documents": [{"id": "a", "text": "Trời mưa to.", "luot_xem": '
        + "9" * 4301
        + "}]}",
    ],
    ids=["id", "extra-field"],
)
def test_batch_refuses_a_huge_integer_for_its_line_only(tmp_path: Path, bad_line: str) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", bad_line, GOOD_CLUSTER)
    out = tmp_path / "out.jsonl"
    proc = tomtat("batch", str(src), "-o", str(out), cwd=tmp_path)
    err = no_traceback(proc)
    assert proc.returncode == 1
    assert "line 1" in err and "digits" in err and "4,300" in err
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["tot"]


def test_cluster_command_refuses_a_huge_integer_for_its_line_only(tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "bai.jsonl",
        '{"id": "a1", "text": "Trời mưa to ở Huế.", "luot_xem": ' + "1" * 5000 + "}",
        {"id": "a2", "title": "Mưa lớn\ud800 ở Hà Nội", "text": MUA},
    )
    proc = tomtat("cluster", str(src), cwd=tmp_path)
    err = no_traceback(proc)
    assert proc.returncode == 1 and "line 1" in err and "5,000 digits" in err
    events = [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]
    assert [d["id"] for e in events for d in e["documents"]] == ["a2"]
    assert events[0]["documents"][0]["title"] == "Mưa lớn\ufffd ở Hà Nội"


@pytest.mark.parametrize("command", ["summarize", "report"])
@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_summarize_and_report_write_a_lone_surrogate_as_a_replacement(
    tmp_path: Path, command: str, fmt: str
) -> None:
    src = tmp_path / "cum.json"
    src.write_text(
        json.dumps({"id": "c", "documents": [SURROGATE_DOC, {"id": "b", "text": MUA}]}),
        encoding="ascii",
    )
    out = tmp_path / f"ket-qua.{fmt}"
    proc = tomtat(command, str(src), "--format", fmt, "-o", str(out), cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0
    written = out.read_text(encoding="utf-8")
    assert "Hai.\ufffd" in written  # the text; the title too where the format shows it
    assert (fmt == "json" and command == "summarize") or "Bão\ufffd số 7" in written
    to_stdout = tomtat(command, str(src), "--format", fmt, cwd=tmp_path)
    no_traceback(to_stdout)
    assert to_stdout.returncode == 0 and to_stdout.stdout.decode("utf-8") == written


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
def test_a_file_name_that_is_not_utf8_becomes_a_readable_id(tmp_path: Path) -> None:
    folder = tmp_path / "bai"
    folder.mkdir()
    (folder / "b-mua.txt").write_text(MUA, encoding="utf-8")
    raw = os.fsencode(str(folder)) + b"/bao-\xff.txt"
    with open(raw, "wb") as fh:
        fh.write(BAO.encode("utf-8"))
    out = tmp_path / "tom-tat.md"
    proc = tomtat("summarize", str(folder), "--format", "markdown", "-o", str(out), cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0
    assert "`bao-\ufffd`" in out.read_text(encoding="utf-8")


@pytest.fixture
def client():
    pytest.importorskip("fastapi", reason="the service needs: pip install 'tomtat[serve]'")
    from fastapi.testclient import TestClient

    from tomtat.service.app import create_app

    with TestClient(create_app(), base_url="http://localhost", raise_server_exceptions=False) as c:
        yield c


def test_http_request_with_a_lone_surrogate_is_summarized(client) -> None:
    body = json.dumps({"documents": [SURROGATE_DOC, {"id": "b", "text": MUA}]})
    for path in ("/v1/summarize", "/v1/report"):
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 200, response.text
        assert "\ufffd" in response.text
    html_doc = {
        "id": "trang",
        "format": "html",
        "text": f"<html><body><article><p>{BAO}\ud800</p><p>{MUA}</p></article></body></html>",
    }
    body = json.dumps({"documents": [html_doc, {"id": "b", "text": MUA}], "format": "markdown"})
    response = client.post(
        "/v1/summarize", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text


def test_string_helpers() -> None:
    assert clean_str("Hà Nội\ud800") == "Hà Nội\ufffd"
    assert clean_str("😀 Hà Nội") == "😀 Hà Nội"  # a real pair is kept
    assert clean_json({"a\udfff": ["x\ud800", 1, {"b": "\udc00"}]}) == {
        "a\ufffd": ["x\ufffd", 1, {"b": "\ufffd"}]
    }
    assert clean_name(os.fsdecode(b"bao-\xff")) == "bao-\ufffd"
    assert printable(os.fsdecode(b"bao-\xff\x1b[2J")) == "bao-\\xff\\x1b[2J"
    assert printable("tin\u202emới\nhai") == "tin\\u202emới\\nhai"
    assert printable("Hà Nội, 19/11") == "Hà Nội, 19/11"
    assert one_line("Bão số 7\n\n<img>\x1b[31m\u2028đỏ") == "Bão số 7 <img>[31m đỏ"
