"""Number conflicts between a summary sentence and the articles that back it."""

from __future__ import annotations

import json

import pytest

from tomtat.engine import paraphrase as P
from tomtat.engine import summarize
from tomtat.engine.cite import cite
from tomtat.engine.features import compute_features
from tomtat.io.write import render_summary, summary_to_dict
from tomtat.model import Conflict, Document, Summary, SummarySentence
from tomtat.pipeline import build_cluster

FLOOD = [
    Document(
        "vtv",
        "Đêm 18/9, lũ quét tràn qua xã Bản Khoang, huyện Sa Pa, tỉnh Lào Cai khiến 9 người chết"
        " và 4 người mất tích.\n"
        "Chính quyền huyện Sa Pa đã sơ tán 120 hộ dân ra khỏi vùng nguy hiểm trong đêm.",
        title="Lũ quét ở Sa Pa",
        source="VTV",
    ),
    Document(
        "bao-lao-cai",
        "Trận lũ quét đêm 18/9 ở xã Bản Khoang, huyện Sa Pa, tỉnh Lào Cai làm 11 người thiệt"
        " mạng.\n"
        "Hàng trăm cán bộ, chiến sĩ đã được huy động để tìm kiếm người mất tích.",
        title="Lũ quét Bản Khoang",
        source="Báo Lào Cai",
    ),
    Document(
        "tin-vat",
        "Giá xăng dầu dự kiến giảm nhẹ trong kỳ điều hành tới.\n"
        "Thời tiết Hà Nội hôm nay nắng nóng, nhiệt độ cao nhất 36 độ C.",
        source="Tin vắn",
    ),
]


@pytest.fixture(scope="module")
def flood():
    cluster = build_cluster(FLOOD, "lu-quet")
    return cluster, compute_features(cluster)


def _figures(text: str) -> list[tuple[float, str, str, bool, str]]:
    return [tuple(f) for f in P.figures(text)]


def test_figures_with_their_unit_and_qualifier():
    assert _figures("Lũ quét khiến 9 người chết và 4 người mất tích.") == [
        (9.0, "người", "chết", False, "9 người"),
        (4.0, "người", "mất", False, "4 người"),
    ]
    # "thiệt mạng" counts the same thing as "chết"; "tỉ" is "tỷ"
    assert _figures("làm 11 người thiệt mạng, thiệt hại 4,5 tỉ đồng")[0][:3] == (
        11.0,
        "người",
        "chết",
    )
    assert _figures("thiệt hại 4,5 tỉ đồng") == [(4.5, "tỷ", "đồng", False, "4,5 tỉ")]
    # a percentage is qualified by the verb before it
    assert _figures("doanh thu tăng 17,3%") == [(17.3, "%", "tăng", False, "17,3%")]


def test_figures_leave_out_dates_times_scores_years_and_labels():
    text = (
        "Ngày 18/9/2024 lúc 9:30, đội nhà thắng 2-1 ở quận 8; năm 2023 là lần thứ 7;"
        " Điều 101 Nghị định 15/2020"
    )
    assert P.figures(text) == ()


def test_hedged_figures_are_approximate():
    (f,) = P.figures("Ít nhất 9 người chết")
    assert f.approximate
    (g,) = P.figures("diện tích hơn 43.000 m2")
    assert g.approximate and g.value == 43000.0 and g.unit == "m2"


def test_different_counts_of_the_same_thing_conflict():
    (pair,) = P.number_conflicts(
        "Lũ quét ở Sa Pa khiến 9 người chết và 4 người mất tích.",
        "Lũ quét ở Sa Pa làm 11 người thiệt mạng.",
    )
    assert (pair[0].text, pair[1].text) == ("9 người", "11 người")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # different things counted in the same unit
        ("Lũ quét ở Sa Pa khiến 9 người chết.", "Lũ quét ở Sa Pa làm 5 người bị thương."),
        # an approximate figure agrees with a precise one
        ("Khu đất rộng hơn 43.000 m2 ở Quy Nhơn.", "Khu đất rộng 43.100 m2 ở Quy Nhơn."),
        # the same figure written differently
        ("Thu được 1.076 tỷ đồng từ phí.", "Thu được 1.076 tỉ đồng từ phí."),
        # two occasions (dates) or two subjects (names): no contradiction
        ("Giải đặc biệt ngày 27/8 có 2 vé trúng.", "Giải đặc biệt ngày 29/8 có 3 vé trúng."),
        ("Điện thoại Vivo T2x có 3 màu sắc.", "Điện thoại Asus ZenFone 9 có 4 màu sắc."),
        # no figure on one side
        ("Lũ quét ở Sa Pa khiến 9 người chết.", "Lũ quét ở Sa Pa gây thiệt hại nặng."),
    ],
)
def test_no_conflict(a, b):
    assert P.number_conflicts(a, b) == []


def test_aliases_make_the_same_thing():
    (pair,) = P.number_conflicts(
        "Theo Hàn Quốc, Triều Tiên đã phóng 2 quả tên lửa sáng 19/9.",
        "Bắc Hàn bắn 3 quả phi đạn sáng 19/9, quân đội Nam Hàn cho biết.",
    )
    assert (pair[0].text, pair[1].text) == ("2 quả", "3 quả")


def test_cite_reports_the_conflict(flood):
    cluster, features = flood
    p = next(s.position for s in cluster.sentences if s.text.startswith("Đêm 18/9"))
    (s,) = cite(cluster, features, [p])
    # another figure for the same fact is a conflict, never a support (issue 14)
    assert [src.doc_id for src in s.sources] == ["vtv"]
    (c,) = s.conflicts
    other = next(x for x in cluster.sentences if x.text.startswith("Trận lũ quét"))
    assert c == Conflict(
        doc_id="bao-lao-cai",
        sentence=other.position,
        text=other.text,
        figure="11 người",
        own_figure="9 người",
        source="Báo Lào Cai",
    )
    # the plain cosine rule cites it, and the conflict is reported the same way
    (old,) = cite(cluster, features, [p], threshold=0.35)
    assert [src.doc_id for src in old.sources] == ["vtv", "bao-lao-cai"]
    assert old.conflicts == s.conflicts


def test_no_conflicts_without_backing_or_figures(flood):
    cluster, features = flood
    for s in cite(cluster, features, [x.position for x in cluster.sentences]):
        if s.doc_id == "tin-vat" or "sơ tán" in s.text:
            assert s.conflicts == ()


def test_json_has_conflicts_only_when_there_are_some(flood):
    cluster, _ = flood
    summary = summarize(cluster, "default", 200)
    data = json.loads(render_summary(summary, cluster, "json"))
    with_conflicts = [item for item in data["sentences"] if "conflicts" in item]
    assert len(with_conflicts) >= 1
    for item in data["sentences"]:
        base = {"text", "doc_id", "sources", "outlets", "support", "evidence"}
        assert set(item) in (base, base | {"conflicts"})
    figures = {"vtv": "9 người", "bao-lao-cai": "11 người"}
    outlets = {"vtv": "VTV", "bao-lao-cai": "Báo Lào Cai"}
    for item in with_conflicts:
        (c,) = item["conflicts"]
        assert c["doc_id"] != item["doc_id"]  # cited or not: the whole cluster is read
        assert c["outlet"] == outlets[c["doc_id"]]
        assert c["figure"] == figures[c["doc_id"]]
        assert c["summary_figure"] == figures[item["doc_id"]]
        assert c["text"] in {x.text for x in cluster.sentences if x.doc_id == c["doc_id"]}


def _summary_with_conflict(cluster) -> Summary:
    s = next(x for x in cluster.sentences if x.text.startswith("Đêm 18/9"))
    other = next(x for x in cluster.sentences if x.text.startswith("Trận lũ quét"))
    src = cite(cluster, compute_features(cluster), [s.position], threshold=0.35)[0].sources
    conflict = Conflict("bao-lao-cai", other.position, other.text, "11 người", "9 người", "")
    sent = SummarySentence(s.text, s.doc_id, s.position, src, 2, 0.0, (conflict,))
    return Summary("lu-quet", (sent,), "default", 200)


def test_markdown_and_text_show_a_note(flood):
    cluster, _ = flood
    summary = _summary_with_conflict(cluster)
    md = render_summary(summary, cluster, "markdown")
    first = md.splitlines()[0]
    assert first.endswith("[^1][^2] ⚠ [^2] ghi “11 người” (câu này: “9 người”)")
    assert "[^2]: **Lũ quét Bản Khoang**" in md
    text = render_summary(summary, cluster, "text")
    assert text.splitlines()[0].endswith("[1,2] ⚠ [2] ghi “11 người” (câu này: “9 người”)")
    # plain text stays one sentence per line, nothing added
    assert render_summary(summary, cluster, "plain") == summary.sentences[0].text + "\n"
    assert summary_to_dict(summary)["sentences"][0]["conflicts"][0]["figure"] == "11 người"


def test_markdown_escapes_the_figures(flood):
    cluster, _ = flood
    summary = _summary_with_conflict(cluster)
    s = summary.sentences[0]
    odd = Conflict("bao-lao-cai", 0, "x", "11 *người*", "9 _người_", "")
    summary = Summary("x", (SummarySentence(s.text, s.doc_id, s.position, s.sources, 2, 0.0, (odd,)),), "default", 200)  # fmt: skip
    md = render_summary(summary, cluster, "markdown")
    assert "“11 \\*người\\*” (câu này: “9 \\_người\\_”)" in md
