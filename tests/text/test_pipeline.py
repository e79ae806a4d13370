"""build_cluster: normalize, clean and split with display text, keys and removals."""

from __future__ import annotations

import pytest

from tomtat.errors import EmptyClusterError
from tomtat.model import Document
from tomtat.pipeline import build_cluster

DOC_A = """ date 2025-03 (Báo Sông Hồng) -

Cầu Nhật Tân được đóng cửa tạm thời. Việc kiểm tra kéo dài sáu giờ.
Công nhân kiểm tra dây văng trong đêm. Ảnh: TTXVN |
Kết quả kiểm tra
Theo Sở Giao thông, thoả thuận phân luồng đã được ký.
Diễn đàn"""
DOC_B = "Hà Nội đóng cầu Nhật Tân để kiểm tra.\nThỏa thuận phân luồng được các bên thống nhất."


def test_build_cluster_uses_text_core():
    cluster = build_cluster([Document("a", DOC_A), Document("b", DOC_B)], "c1")
    texts = [s.text for s in cluster.sentences]
    assert texts[:2] == ["Cầu Nhật Tân được đóng cửa tạm thời.", "Việc kiểm tra kéo dài sáu giờ."]
    assert not any("Ảnh:" in t or "Diễn đàn" in t or "Sông Hồng" in t or "date" in t for t in texts)
    # a title-less text is read as a text file is (io.article): the dateline header goes to
    # the document (date, outlet, meta["dateline"]) before cleaning, as `tomtat summarize a.txt`
    assert {r.reason for r in cluster.removed} == {"photo-caption", "source-footer"}
    doc = cluster.documents[0]
    assert (doc.date, doc.source) == ("2025-03", "Báo Sông Hồng") and "dateline" in doc.meta
    # display keeps the source's tone placement, keys use the canonical one
    a_last = [s for s in cluster.sentences if s.doc_id == "a"][-1]
    assert "thoả thuận" in a_last.text and "thỏa thuận" in a_last.key
    # offsets point into the cleaned text; paragraphs count non-empty lines
    for s in cluster.sentences:
        assert cluster.texts[s.doc_index][s.start : s.end] == s.text
    assert [s.paragraph for s in cluster.sentences if s.doc_id == "a"] == [0, 0, 1, 2]
    assert [cluster.sentences[i].text for i in cluster.meta["headings"]] == ["Kết quả kiểm tra"]
    assert [s.position for s in cluster.sentences] == list(range(len(cluster.sentences)))


def test_clean_boilerplate_can_be_turned_off():
    cluster = build_cluster([Document("a", DOC_A)], clean_boilerplate=False)
    assert cluster.removed == ()
    assert any("Diễn đàn" in s.text for s in cluster.sentences)


def test_boilerplate_only_cluster_is_empty():
    with pytest.raises(EmptyClusterError, match="no usable sentence"):
        build_cluster([Document("a", "Ảnh: Reuters\nDiễn đàn")], "c2")
    with pytest.raises(EmptyClusterError, match="no document"):
        build_cluster([], "c3")


def test_headline_repeated_above_the_body_is_removed():
    from tomtat import Document
    from tomtat.pipeline import build_cluster

    title = "Sau bão số 7: Số người chết tăng lên 11"
    doc = Document(
        "w",
        f"{title}\nTính đến sáng 19/11, bão số 7 đã làm 11 người chết.\nNước sông đang rút.",
        title=title,
    )
    cluster = build_cluster([doc], "t")
    assert [s.text for s in cluster.sentences] == [
        "Tính đến sáng 19/11, bão số 7 đã làm 11 người chết.",
        "Nước sông đang rút.",
    ]
    assert [(r.reason, r.text) for r in cluster.removed] == [("title-repeat", title)]
    # a body line that merely starts like the title stays
    other = Document("x", f"{title} người, theo thống kê mới.\nNước rút.", title=title)
    assert build_cluster([other], "t").sentences[0].text.startswith(title)


def test_title_run_into_the_first_sentence_is_removed():
    from tomtat import Document
    from tomtat.pipeline import build_cluster

    title = "Đội tuyển bóng chuyền nữ giành vé dự giải châu Á"
    doc = Document(
        "w",
        f"{title} Các cô gái đã thắng cả năm trận vòng loại.\nHọ lên đường ngày 2/6.",
        title=title,
    )
    cluster = build_cluster([doc], "t")
    assert cluster.sentences[0].text == "Các cô gái đã thắng cả năm trận vòng loại."
    assert [(r.reason, r.text) for r in cluster.removed] == [("title-repeat", title)]
    # a name that goes on after the title is not a sentence start: the line stays
    named = Document("x", f"{title} Tại Hà Nội Mới.\nHọ lên đường.", title=title)
    assert build_cluster([named], "t").sentences[0].text.startswith(title)
