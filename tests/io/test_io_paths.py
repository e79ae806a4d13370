"""Files, directories and stdin: which files are read, ids, skipped documents, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tomtat.errors import EmptyClusterError, InputError
from tomtat.io.read import SkippedInputWarning, read_cluster, read_input, read_paths

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bao-nalusa"

GOOD = "Hà Nội khởi công tuyến đường sắt đô thị số 5.\nTuyến dài gần 39 km."
UNDECODABLE = bytes(range(0x80, 0x100)) * 4  # no text encoding makes sense of this
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def test_example_directory_reads_every_article_in_name_order():
    seen: list[str] = []
    record = read_input([EXAMPLE], on_warning=seen.append)
    assert record.id == "bao-nalusa"
    assert [d.id for d in record.documents] == [
        "01-thoi-bao-quoc-gia",
        "02-bao-song-tra",
        "03-reuters-dich",
        "04-viet-bao-hai-ngoai",
        "05-tin-nhanh-mien-trung",
    ]
    assert seen == []  # README.md and annotation files are ignored silently


def test_directory_rules(tmp_path):
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.htm").write_text(f"<html><body><p>{GOOD}</p></body></html>", encoding="utf-8")
    (tmp_path / ".an.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "_nhap.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Tài liệu", encoding="utf-8")
    (tmp_path / "annotation.json").write_text("{}", encoding="utf-8")
    (tmp_path / "bai.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "con").mkdir()
    (tmp_path / "con" / "c.txt").write_text(GOOD, encoding="utf-8")
    seen: list[str] = []
    docs = read_paths([tmp_path], on_warning=seen.append)
    assert [d.id for d in docs] == ["a", "b"]
    assert sorted(seen) == [
        f"skipped {tmp_path / 'bai.pdf'}: unsupported file type '.pdf'",
        f"skipped {tmp_path / 'con'}: directories are not read recursively",
    ]


def test_same_file_name_in_two_folders_gets_unique_ids(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bai.txt").write_text(GOOD, encoding="utf-8")
    docs = read_paths([tmp_path / "x", tmp_path / "y"])
    assert [d.id for d in docs] == ["bai", "bai-2"]
    assert docs[1].meta["original_id"] == "bai"


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match=r"no such file or directory: .*khong-co.txt"):
        read_paths([EXAMPLE, tmp_path / "khong-co.txt"])


def test_no_paths_at_all():
    with pytest.raises(InputError, match="no input given"):
        read_paths([])


def test_empty_directory(tmp_path):
    with pytest.raises(EmptyClusterError, match="no document found in"):
        read_cluster([tmp_path])


def test_directory_with_only_ignored_files(tmp_path):
    (tmp_path / "README.md").write_text("Không phải bài báo.", encoding="utf-8")
    with pytest.raises(EmptyClusterError):
        read_cluster([tmp_path])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BINARY, "binary"),
        (UNDECODABLE, "decode"),
        (b"", "file is empty"),
        (b" \n\t\n", "file is empty"),
    ],
)
def test_a_bad_file_alone_is_an_error(tmp_path, data, message):
    path = tmp_path / "bai.txt"
    path.write_bytes(data)
    seen: list[str] = []
    with pytest.raises(InputError, match=message) as info:
        read_paths([path], on_warning=seen.append)
    assert str(info.value).startswith(str(path))
    assert seen == []  # one clear error, not a warning plus an error


@pytest.mark.parametrize(
    ("data", "reason"),
    [(BINARY, "binary"), (UNDECODABLE, "decode"), (b"", "file is empty")],
)
def test_a_bad_file_among_good_ones_is_skipped_with_a_warning(tmp_path, data, reason):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(data)
    (tmp_path / "c.txt").write_text(GOOD, encoding="utf-8")
    seen: list[str] = []
    docs = read_paths([tmp_path], on_warning=seen.append)
    assert [d.id for d in docs] == ["a", "c"]
    assert len(seen) == 1
    assert seen[0].startswith(f"skipped {tmp_path / 'b.txt'}: ")
    assert reason in seen[0]


def test_several_bad_files_and_no_good_one(tmp_path):
    (tmp_path / "a.txt").write_bytes(BINARY)
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.raises(EmptyClusterError, match=r"no usable document in the input: .*a.txt.*b.txt"):
        read_paths([tmp_path])


def test_without_callback_a_python_warning_is_issued(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    with pytest.warns(SkippedInputWarning, match=r"skipped .*b.txt: file is empty"):
        docs = read_paths([tmp_path])
    assert len(docs) == 1


@pytest.mark.parametrize(
    ("payload", "expect_id", "expect_title"),
    [
        ("Tin nóng\nĐà Lạt có sương muối sáng nay.\n".encode(), "stdin", "Tin nóng"),
        (
            b"<!DOCTYPE html><html><head><title>Tin | Trang</title></head><body><article>"
            + "<p>Đà Lạt có sương muối sáng nay, nhiệt độ xuống 4 độ C tại khu vực ngoại ô.</p>".encode()
            + b"</article></body></html>",
            "stdin",
            "Tin",
        ),
        (
            json.dumps(
                {
                    "id": "tu-stdin",
                    "documents": [
                        {"id": "s1", "title": "Sương muối", "text": "Đà Lạt có sương muối."}
                    ],
                }
            ).encode(),
            "s1",
            "Sương muối",
        ),
        (
            (
                json.dumps(
                    {"id": "j", "documents": [{"id": "s2", "text": "Đà Lạt có sương muối."}]}
                )
                + "\n"
            ).encode()
            * 1,
            "s2",
            "",
        ),
    ],
)
def test_stdin_format_is_detected(payload, expect_id, expect_title):
    (doc,) = read_paths(["-"], stdin=io.BytesIO(payload))
    assert doc.id == expect_id
    assert doc.title == expect_title
    assert "Đà Lạt có sương muối" in doc.text


def test_stdin_text_starting_with_a_bracket_is_text():
    (doc,) = read_paths(
        ["-"], stdin=io.BytesIO("[Video] Lũ quét ở Lào Cai\nNước lũ dâng cao.".encode())
    )
    assert doc.title == "[Video] Lũ quét ở Lào Cai"


def test_stdin_jsonl_with_two_clusters_points_to_batch():
    lines = b"".join(
        json.dumps({"id": f"c{n}", "documents": [{"text": f"Tin {n}."}]}).encode() + b"\n"
        for n in range(2)
    )
    with pytest.raises(InputError, match="tomtat batch"):
        read_input(["-"], stdin=io.BytesIO(lines))


def test_stdin_binary_is_an_error():
    with pytest.raises(InputError, match=r"<stdin>: .*binary"):
        read_paths(["-"], stdin=io.BytesIO(BINARY))


def test_stdin_empty_is_an_error():
    with pytest.raises(EmptyClusterError, match="<stdin>: no input"):
        read_paths(["-"], stdin=io.BytesIO(b""))
