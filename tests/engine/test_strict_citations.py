"""Strict citations with evidence, copies, events and cluster-wide conflicts (issue 14).

Every article here is written for the test: two visits of one leader a year apart, a flood
reported with different tolls, a wire story printed twice.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tomtat.analyze.render import render_report
from tomtat.analyze.report import build_report, report_to_dict
from tomtat.engine import summarize
from tomtat.engine import support as S
from tomtat.engine.cite import cite
from tomtat.engine.episodes import analyse
from tomtat.engine.features import compute_features
from tomtat.io.write import render_summary, summary_to_dict
from tomtat.model import Document
from tomtat.pipeline import build_cluster
from tomtat.text.normalize import match_key

VISIT_2023 = [
    Document(
        "tin-a",
        "Chủ tịch Lào Thongloun Sisoulith thăm chính thức Nhật Bản từ ngày 10-14/3/2023 theo "
        "lời mời của Thủ tướng Nhật Bản.\n"
        "Đây là chuyến thăm Nhật Bản đầu tiên của ông Thongloun sau gần 5 năm.\n"
        "Trong chuyến thăm, hai bên ký 6 văn kiện hợp tác về năng lượng và giao thông.\n"
        "Ông Thongloun cũng thăm một nhà máy sản xuất pin ở thành phố Osaka.",
        title="Chủ tịch Lào thăm Nhật Bản",
        source="Báo Tin A",
        date="2023-03-11",
    ),
    Document(
        "tin-b",
        "Ngày 11/3, Chủ tịch Lào Thongloun Sisoulith đã hội đàm với Thủ tướng Nhật Bản tại Tokyo "
        "trong chuyến thăm chính thức kéo dài từ 10 đến 14/3.\n"
        "Hai bên đã ký 6 văn kiện hợp tác về năng lượng và giao thông.\n"
        "Lịch sử quan hệ Lào - Nhật Bản\n"
        "Quan hệ ngoại giao giữa hai nước được thiết lập từ năm 1955.",
        title="Lào và Nhật Bản ký 6 văn kiện hợp tác",
        source="Thời báo B",
        date="2023-03-12",
    ),
]
VISIT_2024 = [
    Document(
        "tin-c",
        "Thủ tướng Nhật Bản sẽ thăm chính thức Lào trong 2 ngày 20 - 21/2/2024.\n"
        "Đây là chuyến thăm Lào đầu tiên của một Thủ tướng Nhật Bản sau 8 năm.\n"
        "Hai bên dự kiến ký 4 văn kiện hợp tác về y tế và giáo dục.",
        title="Thủ tướng Nhật Bản sắp thăm Lào",
        source="Điện tử C",
        date="2024-02-18",
    ),
    Document(
        "tin-d",
        "Sáng 20/2, Thủ tướng Nhật Bản đã tới Viêng Chăn, bắt đầu chuyến thăm chính thức Lào "
        "trong 2 ngày 20 - 21/2.\n"
        "Chuyến thăm là chuyến thăm Lào đầu tiên của một Thủ tướng Nhật Bản sau 8 năm.\n"
        "Hai bên đã ký 4 văn kiện hợp tác về y tế và giáo dục.",
        title="Thủ tướng Nhật Bản tới Viêng Chăn",
        source="Tin D",
        date="2024-02-20",
    ),
]

FLOOD = [
    Document(
        "vtv",
        "Đêm 18/9, lũ quét tràn qua xã Bản Khoang, huyện Sa Pa, tỉnh Lào Cai khiến 9 người chết.\n"
        "Chính quyền huyện Sa Pa đã sơ tán 120 hộ dân ra khỏi vùng nguy hiểm trong đêm.",
        title="Lũ quét ở Sa Pa",
        source="VTV",
        date="2024-09-19",
    ),
    Document(
        "bao-lao-cai",
        "Trận lũ quét đêm 18/9 ở xã Bản Khoang, huyện Sa Pa, tỉnh Lào Cai đã làm 11 người chết.\n"
        "Chính quyền huyện Sa Pa đã sơ tán 120 hộ dân khỏi vùng nguy hiểm ngay trong đêm 18/9.",
        title="Lũ quét Bản Khoang",
        source="Báo Lào Cai",
        date="2024-09-20",
    ),
]


def _judge(a: str, b: str, cos: float = 0.3) -> S.Verdict:
    return S.judge(a, match_key(a), b, match_key(b), cos)


# --- the rule, pair by pair ---------------------------------------------------------------


def test_headings_headlines_and_bylines_never_back():
    claim = "Quan hệ ngoại giao giữa Lào và Nhật Bản được thiết lập từ năm 1955."
    for b in ("Lịch sử quan hệ Lào - Nhật Bản", "Theo TTXVN", "Ảnh: Tin D"):
        assert _judge(claim, b, 0.9) == S.Verdict(False, 0.0, "heading")


def test_another_figure_for_the_same_thing_is_no_support():
    v = _judge(
        "Đây là chuyến thăm Nhật Bản đầu tiên của ông Thongloun sau gần 5 năm.",
        "Đây là chuyến thăm Nhật Bản đầu tiên của ông Thongloun sau 15 năm.",
        0.8,
    )
    assert not v.backs and v.why == "figures"


def test_another_day_is_another_event():
    v = _judge(
        "Hai bên ký 6 văn kiện hợp tác ngày 11/3 tại Tokyo.",
        "Hai bên ký 6 văn kiện hợp tác ngày 21/2 tại Tokyo.",
        0.8,
    )
    assert not v.backs and v.why == "dates"
    # a day inside a written range agrees
    assert S.dates_agree("từ ngày 10-14/3", "ngày 11/3") and S.dates_agree("12-17/9", "13/9/2023")


def test_other_actors_do_not_back():
    v = _judge(
        "Đây là chuyến thăm Nga đầu tiên của ông Kim sau gần 4 năm.",
        "Đây là chuyến thăm đầu tiên của ông Putin tới Triều Tiên sau 24 năm.",
        0.4,
    )
    assert not v.backs


def test_aliases_agree():
    assert S.names_agree(
        "Bắc Hàn phóng hai quả phi đạn sáng 19/9, quân đội Nam Hàn cho biết.",
        "Sáng 19/9, Triều Tiên phóng hai quả tên lửa, quân đội Hàn Quốc cho biết.",
    )
    assert S.figures_agree("sơ tán hơn 11.000 hộ", "sơ tán hơn 11,000 hộ")


def test_no_checkable_content_is_judged_without_error():
    for a in ("Ông nói thêm.", "!!!", "Vâng.", "123."):
        v = _judge(a, "Ông ấy nói thêm rằng mọi việc vẫn ổn.", 0.5)
        assert isinstance(v.backs, bool)


# --- copies ---------------------------------------------------------------------------------


def test_the_same_article_twice_is_one_source_marked_duplicate():
    doc = VISIT_2023[0]
    cluster = build_cluster([doc, replace(doc, id="tin-a-2")], "hai-lan")
    summary = summarize(cluster, "default", 60)
    assert [(d.doc_id, d.same_as) for d in summary.duplicates] == [("tin-a-2", "tin-a")]
    for s in summary.sentences:
        assert [src.doc_id for src in s.sources] == ["tin-a"] and s.support == 1
    data = summary_to_dict(summary)
    assert data["duplicates"] == [{"doc_id": "tin-a-2", "same_as": "tin-a"}]
    md = render_summary(summary, cluster, "markdown")
    assert "cùng nội dung với: `tin-a-2`" in md and "[^2]" not in md


def test_all_identical_articles():
    doc = FLOOD[0]
    cluster = build_cluster([replace(doc, id=f"ban-{i}") for i in range(4)], "giong-nhau")
    summary = summarize(cluster, "default", 60)
    assert len(summary.duplicates) == 3 and all(s.support == 1 for s in summary.sentences)
    report = report_to_dict(build_report(cluster))
    assert report["sources"]["counts"]["consensus"] == 0  # one source: nothing is consensus
    assert all(d.get("same_as") == "ban-0" for d in report["sources"]["documents"][1:])
    assert "Cả 4 bài có cùng nội dung" in render_report(build_report(cluster), "markdown")


# --- events ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def visits():
    cluster = build_cluster([VISIT_2024[0], VISIT_2023[0], VISIT_2024[1], VISIT_2023[1]], "tham")
    return cluster, compute_features(cluster)


def test_two_visits_a_year_apart_are_two_events(visits):
    cluster, features = visits
    shape = analyse(cluster, features)
    assert shape.n_events == 2
    ids = [[cluster.documents[d].id for d in e.documents] for e in shape.events]
    assert ids == [["tin-a", "tin-b"], ["tin-c", "tin-d"]]  # in time order
    assert [e.date_text for e in shape.events] == ["2023-03", "2024-02"]


def test_summary_groups_sentences_by_event_in_time_order(visits):
    cluster, _ = visits
    summary = summarize(cluster, "default", 120)
    assert [e.id for e in summary.events] == ["e1", "e2"]
    events = [s.event for s in summary.sentences]
    assert events == sorted(events) and set(events) == {"e1", "e2"}
    doc_event = {d: e.id for e in summary.events for d in e.documents}
    for s in summary.sentences:
        # an article of the other visit never backs a sentence
        assert {doc_event[src.doc_id] for src in s.sources} == {s.event}
    report = report_to_dict(build_report(cluster, summary))
    assert [e["date"] for e in report["events"]] == ["2023-03", "2024-02"]
    md = render_report(build_report(cluster, summary), "markdown")
    assert "## Các sự kiện" in md and "Sự kiện 2** (2024-02)" in md


def test_first_visit_claims_do_not_cross_events(visits):
    cluster, features = visits
    p = next(s.position for s in cluster.sentences if "sau gần 5 năm" in s.text)
    (s,) = cite(cluster, features, [p])
    assert [src.doc_id for src in s.sources] == ["tin-a"]


def test_evidence_names_the_backing_sentence(visits):
    cluster, features = visits
    p = next(s.position for s in cluster.sentences if s.text.startswith("Hai bên đã ký 4"))
    (s,) = cite(cluster, features, [p])
    assert [src.doc_id for src in s.sources] == ["tin-d", "tin-c"]
    (own, other) = s.evidence
    assert own.text == s.text and own.score == 1.0
    assert other.text == "Hai bên dự kiến ký 4 văn kiện hợp tác về y tế và giáo dục."
    d = next(i for i, doc in enumerate(cluster.documents) if doc.id == "tin-c")
    assert cluster.texts[d][other.start : other.end] == other.text
    assert 0.0 < other.score <= 1.0


# --- conflicts ------------------------------------------------------------------------------


def test_conflict_names_both_values_and_the_newer_report():
    cluster = build_cluster(FLOOD, "lu")
    features = compute_features(cluster)
    p = next(s.position for s in cluster.sentences if s.text.startswith("Đêm 18/9"))
    (s,) = cite(cluster, features, [p])
    assert [src.doc_id for src in s.sources] == ["vtv"]  # 11 is not 9: no support
    (c,) = s.conflicts
    assert (c.doc_id, c.figure, c.own_figure, c.newer) == (
        "bao-lao-cai",
        "11 người",
        "9 người",
        "bao-lao-cai",
    )
    summary = replace(summarize(cluster, "default", 200))
    md = render_summary(summary, cluster, "markdown")
    assert "tin [^2] mới hơn" in md or "câu này mới hơn" in md
    report = build_report(cluster)
    html = render_report(report, "html")
    assert "mới hơn" in html and "<blockquote>" in html
    # the source comparison lists the conflict with both sentences as evidence
    (listed,) = report_to_dict(report)["sources"]["conflicts"]
    assert (listed["figure"], listed["other_figure"], listed["newer"]) == (
        "9 người",
        "11 người",
        "bao-lao-cai",
    )
    assert [e["doc_id"] for e in listed["evidence"]] == ["vtv", "bao-lao-cai"]
    assert "Số liệu vênh nhau" in render_report(report, "markdown")


# --- bad input ------------------------------------------------------------------------------


def test_one_article_cluster_is_support_one_said_plainly():
    cluster = build_cluster(FLOOD[:1], "mot-bai")
    summary = summarize(cluster, "default", 60)
    assert summary.sentences and all(s.support == 1 for s in summary.sentences)
    assert all(len(s.evidence) == 1 for s in summary.sentences)
    assert not summary.duplicates and not summary.events
    md = render_summary(summary, cluster, "markdown")
    assert md.count("[^1]:") == 1
    report = build_report(cluster)
    json.loads(render_report(report, "json"))
    assert "Chỉ có một bài: mỗi câu chỉ có một nguồn" in render_report(report, "markdown")
    assert "Chỉ có một bài" in render_report(report, "html")


def test_articles_in_another_language():
    english = [
        Document(
            "en-1",
            "Flash floods killed nine people in Sa Pa on Monday night, officials said.\n"
            "More than 120 households were evacuated from the valley.",
            title="Floods in Sa Pa",
        ),
        Document(
            "en-2",
            "Eleven people died when flash floods hit Sa Pa late on Monday.\n"
            "Rescue teams searched the valley for the missing.",
            title="Sa Pa floods",
        ),
    ]
    cluster = build_cluster(english + FLOOD[:1], "tieng-anh")
    summary = summarize(cluster, "default", 80)
    for fmt in ("json", "markdown", "text"):
        assert render_summary(summary, cluster, fmt)
    render_report(build_report(cluster, summary), "html")


def test_two_moments_of_a_running_tally_conflict_and_the_later_is_newer():
    docs = [
        Document(
            "bao-sang",
            "Theo Ban Chỉ đạo phòng chống thiên tai, tính đến 17 giờ ngày 18/11, bão số 9 đã làm "
            "9 người chết và 4 người mất tích, trong đó tỉnh Phú Yên có 5 người chết.\n"
            "Nhiều tuyến đường ven biển bị sạt lở nặng.",
            title="Bão số 9 làm 9 người chết",
        ),
        Document(
            "bao-chieu",
            "Tính đến sáng 19/11, bão số 9 đã làm 11 người chết, 2 người mất tích tại các tỉnh "
            "miền Trung.\nLực lượng cứu hộ tiếp tục tìm kiếm người mất tích.",
            title="Số người chết vì bão số 9 tăng lên 11",
        ),
    ]
    cluster = build_cluster(docs, "kiem-dem")
    features = compute_features(cluster)
    p = next(s.position for s in cluster.sentences if s.text.startswith("Tính đến sáng"))
    (s,) = cite(cluster, features, [p])
    got = {(c.figure, c.own_figure, c.newer) for c in s.conflicts}
    # the part of a total ("trong đó ... 5 người chết") is not another total
    assert got == {("9 người", "11 người", "bao-chieu"), ("4 người", "2 người", "bao-chieu")}


def test_html_report_names_the_events_and_quotes_the_evidence(visits):
    cluster, _ = visits
    report = build_report(cluster, max_words=120)
    html = render_report(report, "html")
    assert "<h2>Các sự kiện</h2>" in html
    assert "Sự kiện 1</strong> (2023-03)" in html and "Sự kiện 2</strong> (2024-02)" in html
    data = report_to_dict(report)
    quoted = [
        e["text"]
        for s in data["summary"]["sentences"]
        for e in s["evidence"]
        if e["doc_id"] != s["doc_id"]
    ]
    assert quoted  # some sentence is backed by another article
    for text in quoted:
        assert f"<blockquote>{text}</blockquote>" in html  # plain text: nothing to escape
    # consensus and unique points follow the same rule: no heading, evidence per source
    for d in data["sources"]["documents"]:
        for p in d["unique_points"]:
            assert "Lịch sử quan hệ" not in p["text"]
            assert [e["doc_id"] for e in p["evidence"]] == p["sources"]


def test_a_sentence_recalling_the_earlier_visit_belongs_to_that_event():
    recall = replace(
        VISIT_2024[1],
        id="tin-e",
        text=VISIT_2024[1].text
        + "\nTháng 3 năm ngoái, Chủ tịch Lào Thongloun Sisoulith đã thăm chính thức Nhật Bản."
        "\nTrong chuyến thăm đó, ông Thongloun đã tới thăm một nhà máy sản xuất pin ở Osaka."
        "\nTháng 3 năm ngoái, hai bên cũng ký 6 văn kiện hợp tác về năng lượng."
        "\nNgày 5/9/1955, hai nước thiết lập quan hệ ngoại giao."
        "\nTừ đó đến nay, hai bên hợp tác chặt chẽ trong nhiều lĩnh vực.",
    )
    cluster = build_cluster([*VISIT_2023, VISIT_2024[0], recall], "nho-lai")
    shape = analyse(cluster, compute_features(cluster))
    assert shape.n_events == 2
    later = shape.event[3]  # tin-e's own event: the 2024 visit
    back = next(s.position for s in cluster.sentences if s.text.startswith("Trong chuyến thăm đó"))
    now = next(s.position for s in cluster.sentences if s.text.startswith("Sáng 20/2"))
    assert shape.sentence_event(cluster, now) == later
    assert shape.sentence_event(cluster, back) == shape.event[0] != later  # the 2023 visit
    # the nearest dated sentence (1955: no event) sets the context: its article's event
    since = next(s.position for s in cluster.sentences if s.text.startswith("Từ đó đến nay"))
    assert shape.sentence_event(cluster, since) == later


def test_an_event_label_taken_from_a_sentence_carries_its_year():
    # no headlines: the first event is named by its earliest article's first sentence,
    # "Ngày 11/3, …", read beside the 2024 event: the label gets the year as sentences do
    untitled = [replace(d, title="", date="2023-03-11") for d in VISIT_2023[::-1]]
    cluster = build_cluster([*untitled, *VISIT_2024], "tham-khong-tieu-de")
    summary = summarize(cluster, "default", 120)
    first = summary.events[0].label
    assert first.startswith("Ngày 11/3 [11/3/2023],")
    assert (
        summarize(cluster, "default", 120, date_anchors=False)
        .events[0]
        .label.startswith("Ngày 11/3, ")
    )


def test_an_undated_article_dates_its_relative_times_by_its_own_event():
    # an undated article on the 2023 visit, beside the 2024 one: its "tuần tới" is a week of
    # March 2023 (its event's days), not of February 2024 (the newest article's date)
    undated = Document(
        "tin-f",
        "Chủ tịch Lào Thongloun Sisoulith sắp lên đường thăm chính thức Nhật Bản theo lời mời "
        "của Thủ tướng Nhật Bản.\n"
        "Một quan chức Lào cho biết hai bên sẽ ký 6 văn kiện hợp tác trong tuần tới.",
        title="Chủ tịch Lào sắp thăm Nhật Bản",
        source="Tin F",
    )
    cluster = build_cluster([*VISIT_2023, undated, *VISIT_2024], "khong-ngay")
    shape = analyse(cluster, compute_features(cluster))
    assert shape.n_events == 2 and shape.event[2] == shape.event[0]  # with the 2023 visit
    timeline = report_to_dict(build_report(cluster))["timeline"]
    (week,) = [e for e in timeline if "tuần tới" in e["mentions"][0]["date_text"]]
    assert week["date"].startswith("2023-03"), week["date"]
    alone = build_cluster([undated, *VISIT_2024], "chi-mot-su-kien")  # one event: unchanged
    (week,) = [
        e
        for e in report_to_dict(build_report(alone))["timeline"]
        if "tuần tới" in e["mentions"][0]["date_text"]
    ]
    assert week["date"].startswith("2024-02"), week["date"]
