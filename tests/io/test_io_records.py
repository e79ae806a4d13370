"""JSON / JSONL readers: the cluster schema, AbMuSu extras, per-line errors, wrong types."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tomtat.errors import EmptyClusterError, InputError
from tomtat.io.read import (
    ClusterRecord,
    load_cluster_record,
    read_clusters_jsonl,
    read_input,
    read_paths,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ABMUSU = Path("/work/shared/data/abmusu-validation.jsonl")


def _doc(text: str, **extra) -> dict:
    return {"text": text, **extra}


def test_cluster_file_keeps_extras_and_skips_empty_document():
    seen: list[str] = []
    record = read_input([FIXTURES / "io_cluster.json"], on_warning=seen.append)
    assert record.id == "io-cum-ga"
    assert record.meta == {"category": "Sức khỏe"}
    assert [d.id for d in record.documents] == ["io-d1", "io-d2"]
    d1, d2 = record.documents
    assert d1.meta["anchor_text"].startswith("Hơn 4.500 con gà bị tiêu hủy")
    assert (d1.source, d1.date, d1.url) == (
        "Báo Thủ Đô",
        "2025-02-04",
        "https://baothudo.example/cum-ga",
    )
    assert d1.title == "Hà Nội ghi nhận ổ cúm gia cầm ở huyện Sóc Sơn"
    assert d2.date == "2025-02-05" and d2.meta["date_raw"] == "05/02/2025"
    assert record.references[0].startswith("Ngày 3/2/2025, Hà Nội phát hiện ổ cúm A/H5N1")
    assert len(seen) == 1 and "io-d3" in seen[0] and "empty text" in seen[0]


def test_load_cluster_record_unpacks_to_three_and_defaults_ids():
    obj = {
        "id": 7,
        "documents": [_doc("Câu một về lũ ở Huế."), _doc("Câu hai về lũ ở Huế.")],
        "summaries": "Lũ ở Huế.",
    }
    cluster_id, docs, refs = load_cluster_record(obj)
    assert cluster_id == "7"
    assert [d.id for d in docs] == ["7-d1", "7-d2"]
    assert refs == ("Lũ ở Huế.",)


def test_dateline_at_top_of_json_text_fills_missing_metadata():
    record = load_cluster_record(
        {"documents": [_doc(" date 2024-06 (VTC News) -\n\nTổng thống tới thăm Hà Nội.")]}
    )
    (doc,) = record.documents
    assert (doc.source, doc.date) == ("VTC News", "2024-06")


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([], "must be a JSON object, got array"),
        ({"id": "c"}, 'has no "documents" field'),
        ({"documents": {"text": "x"}}, "documents must be an array of documents, got object"),
        ({"documents": ["Một câu."]}, "documents[0] must be an object"),
        ({"documents": [{"title": "Không có thân bài"}]}, 'documents[0] has no "text" field'),
        ({"documents": [{"text": 42}]}, "documents[0].text must be a string, got number"),
        ({"documents": [{"text": "Một câu.", "id": True}]}, "documents[0].id must be a string"),
        (
            {"documents": [{"text": "Một câu.", "date": 20240601}]},
            "documents[0].date must be a string",
        ),
        ({"id": ["x"], "documents": [_doc("Một câu.")]}, "id must be a string, got array"),
        (
            {"documents": [_doc("Một câu.")], "summaries": [1, 2]},
            "summaries must be an array of strings",
        ),
        (
            {"documents": [_doc("Câu A.", id="a"), _doc("Câu B.", id="a")]},
            "duplicate document id 'a'",
        ),
    ],
)
def test_wrong_types_name_the_field(obj, message):
    with pytest.raises(InputError) as info:
        load_cluster_record(obj, name="in.json")
    assert message in str(info.value)
    assert str(info.value).startswith("in.json")
    assert "\n" not in str(info.value)


def test_cluster_with_only_empty_documents_is_an_empty_cluster():
    seen: list[str] = []
    with pytest.raises(EmptyClusterError, match="has no document with text"):
        load_cluster_record(
            {"id": "rong", "documents": [_doc(""), _doc("  \n ")]}, on_warning=seen.append
        )
    assert seen == []  # one error, not two warnings and an error


def test_malformed_json_reports_line_and_column(tmp_path):
    path = tmp_path / "hong.json"
    path.write_text('{\n  "documents": [\n    {"text": "Câu một."},\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_paths([path])
    assert str(info.value).startswith(f"{path}: invalid JSON at line 4, column 3")


def test_json_list_of_documents_and_single_document(tmp_path):
    (tmp_path / "list.json").write_text(
        json.dumps(
            [
                {"title": "Bài một", "text": "Giá vàng tăng mạnh."},
                {"id": "x2", "text": "Giá vàng lập đỉnh mới."},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    (tmp_path / "single.json").write_text(
        json.dumps({"title": "Bài lẻ", "text": "Giá vàng giảm nhẹ cuối tuần."}, ensure_ascii=False),
        encoding="utf-8",
    )
    docs = read_paths([tmp_path / "list.json", tmp_path / "single.json"])
    assert [d.id for d in docs] == ["list-d1", "x2", "single"]
    assert docs[0].title == "Bài một"


def test_json_array_of_several_clusters_points_to_batch(tmp_path):
    path = tmp_path / "nhieu.json"
    path.write_text(
        json.dumps(
            [
                {"id": "c1", "documents": [_doc("Câu một.")]},
                {"id": "c2", "documents": [_doc("Câu hai.")]},
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"holds 2 clusters .*tomtat batch"):
        read_input([path])


def test_read_clusters_jsonl_yields_errors_without_stopping():
    items = list(read_clusters_jsonl(FIXTURES / "io_clusters.jsonl"))
    assert [(i.line_no, i.id, i.ok) for i in items] == [
        (1, "io-mua-da", True),
        (2, "", False),
        (4, "io-sai-kieu", False),
        (5, "io-cao-toc", True),
    ]
    first = items[0].record
    assert isinstance(first, ClusterRecord)
    cluster_id, docs, refs = first
    assert cluster_id == "io-mua-da" and [d.id for d in docs] == ["a", "b"]
    assert refs[0].startswith("Mưa đá ở Bát Xát")
    assert "io_clusters.jsonl:2: invalid JSON at column" in str(items[1].error)
    assert "text must be a string, got number" in str(items[2].error)
    assert items[3].record is not None and items[3].record.references == (
        "Cao tốc Cần Thơ - Cà Mau thông xe ngày 20/4.",
    )


def test_read_clusters_jsonl_checks_path_at_call_time(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_clusters_jsonl(tmp_path / "khong-co.jsonl")
    with pytest.raises(InputError, match="is a directory"):
        read_clusters_jsonl(tmp_path)


def test_read_clusters_jsonl_from_a_binary_stream_with_bad_bytes():
    good = json.dumps({"id": "ok", "documents": [_doc("Hải Phòng mở tuyến xe buýt mới.")]})
    stream = io.BytesIO(good.encode() + b"\n" + b"\x00\x01\x02 binary\n")
    items = list(read_clusters_jsonl(stream))
    assert [i.ok for i in items] == [True, False]
    assert "binary" in str(items[1].error)


def test_single_cluster_jsonl_is_accepted_by_read_input(tmp_path):
    path = tmp_path / "mot.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "mot",
                "documents": [_doc("Đồng Nai khởi công sân bay Long Thành giai đoạn hai.")],
            },
            ensure_ascii=False,
        )
        + "\n\n",
        encoding="utf-8",
    )
    record = read_input([path])
    assert record.id == "mot" and len(record.documents) == 1


def test_multi_cluster_jsonl_points_to_batch(tmp_path):
    path = tmp_path / "nhieu.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(3):
            fh.write(json.dumps({"id": f"c{n}", "documents": [_doc(f"Tin số {n}.")]}) + "\n")
    with pytest.raises(
        InputError, match=r"holds 3 clusters .*'tomtat batch IN.jsonl -o OUT.jsonl'"
    ):
        read_input([path])


def test_jsonl_of_documents_is_one_cluster(tmp_path):
    path = tmp_path / "bai.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(d, ensure_ascii=False)
            for d in (
                {"id": "p1", "title": "Tin 1", "text": "Phú Quốc đón chuyến bay quốc tế đầu tiên."},
                {"id": "p2", "text": "Sân bay Phú Quốc mở lại đường bay tới Seoul."},
            )
        ),
        encoding="utf-8",
    )
    record = read_input([path])
    assert record.id == "" and [d.id for d in record.documents] == ["p1", "p2"]


@pytest.mark.skipif(not ABMUSU.exists(), reason="AbMuSu data not on this machine")
def test_every_abmusu_validation_cluster_loads():
    count = 0
    for item in read_clusters_jsonl(ABMUSU):
        assert item.ok, item.error
        assert item.record is not None
        assert item.record.meta.get("category")
        assert all("anchor_text" in d.meta for d in item.record.documents)
        assert item.record.references
        count += 1
    assert count == 100
