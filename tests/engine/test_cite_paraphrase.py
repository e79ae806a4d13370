"""Paraphrase-aware citations (engine/paraphrase.py, engine/cite.py) on sentences we wrote."""

from __future__ import annotations

import itertools

import pytest

from tomtat.engine import paraphrase as P
from tomtat.engine.cite import cite
from tomtat.engine.features import CITE_THRESHOLD, compute_features
from tomtat.model import Document
from tomtat.pipeline import build_cluster
from tomtat.text.normalize import match_key

# Three outlets: a domestic broadcaster, an overseas service with its own vocabulary
# ("Bắc Hàn", "phi đạn", "Nam Hàn") and an unrelated news digest.
DOCS = [
    Document(
        "vtv",
        "Đêm 18/9, lũ quét tràn qua xã Bản Khoang, huyện Sa Pa, tỉnh Lào Cai khiến 9 người chết"
        " và 4 người mất tích.\n"
        "Chính quyền huyện Sa Pa đã sơ tán 120 hộ dân ra khỏi vùng nguy hiểm trong đêm.\n"
        "Sáng 19/9, Triều Tiên phóng hai quả tên lửa tầm ngắn ra vùng biển phía đông.",
        title="Lũ quét ở Sa Pa",
        source="VTV",
    ),
    Document(
        "rfa",
        "Bắc Hàn bắn hai phi đạn tầm ngắn ra biển sáng 19/9, quân đội Nam Hàn cho biết.\n"
        "Trận lũ quét đêm 18/9 ở xã Bản Khoang, huyện Sa Pa, tỉnh Lào Cai làm 11 người chết.\n"
        "Giá vàng miếng trong nước sáng nay tăng nhẹ.",
        title="Bắc Hàn thử phi đạn",
        source="RFA",
    ),
    Document(
        "tt",
        "Ngân hàng Nhà nước giữ nguyên lãi suất điều hành trong tháng này.\n"
        "Thời tiết Hà Nội hôm nay nắng nóng, nhiệt độ cao nhất 36 độ C.\n"
        "Giá xăng dầu dự kiến giảm nhẹ trong kỳ điều hành tới.",
        title="Tin vắn",
        source="Tuổi Trẻ",
    ),
]


@pytest.fixture(scope="module")
def cluster():
    return build_cluster(DOCS, "ba-toa-soan")


@pytest.fixture(scope="module")
def features(cluster):
    return compute_features(cluster)


def _pos(cluster, start: str) -> int:
    return next(s.position for s in cluster.sentences if s.text.startswith(start))


def _info(text: str) -> P.SentenceInfo:
    return P.sentence_info(text, match_key(text))


def test_aliases_are_canonicalised():
    toks = P.canonical_syllables(match_key("Bắc Hàn bắn phi đạn").split(), "Bắc Hàn bắn phi đạn")
    assert toks == ["triều", "tiên", "bắn", "tên", "lửa"]
    text = "Thủ tướng Nhật thăm Moskva"
    assert P.canonical_syllables(match_key(text).split(), text) == [
        "thủ", "tướng", "nhật", "bản", "thăm", "moscow",
    ]  # fmt: skip


def test_one_syllable_names_need_a_capital_and_ambiguous_ones_are_left_alone():
    # "cập nhật" is not Japan; "nhân viên" is not Vienna ("Viên" is marked ambiguous)
    text = "Nhân viên cập nhật danh sách"
    assert P.canonical_syllables(match_key(text).split(), text) == match_key(text).split()


def test_content_words_leave_out_stop_words_and_numbers():
    info = _info("Theo Bộ Y tế, 120 ca mắc mới đã được ghi nhận trong ngày 3/9.")
    assert {"bộ", "y", "tế", "ca", "mắc", "ghi", "nhận", "ngày"} <= info.content
    assert not {"theo", "đã", "được", "trong", "120", "3", "9"} & info.content


def test_alias_paraphrase_is_cited_where_the_cosine_alone_is_not(cluster, features):
    p = _pos(cluster, "Sáng 19/9, Triều Tiên")
    other = _pos(cluster, "Bắc Hàn bắn")
    assert features.sim_rows(p)[other] < CITE_THRESHOLD  # different words for one fact
    (new,) = cite(cluster, features, [p])
    (old,) = cite(cluster, features, [p], threshold=CITE_THRESHOLD)
    assert old.support == 1
    assert [s.doc_id for s in new.sources] == ["vtv", "rfa"] and new.support == 2
    assert new.sources[1].sentence == other
    assert new.sources[1].similarity == round(float(features.sim_rows(p)[other]), 4)
    # the same holds the other way round
    (back,) = cite(cluster, features, [other])
    assert [s.doc_id for s in back.sources] == ["rfa", "vtv"]


def test_without_the_aliases_that_pair_would_not_be_cited(cluster, features, monkeypatch):
    p = _pos(cluster, "Sáng 19/9, Triều Tiên")
    P.sentence_info.cache_clear()
    P._names.cache_clear()
    P._name_syllables.cache_clear()
    monkeypatch.setattr(P, "canonical_syllables", lambda tokens, text="": list(tokens))
    try:
        (s,) = cite(cluster, features, [p])
    finally:
        P.sentence_info.cache_clear()
        P._names.cache_clear()
        P._name_syllables.cache_clear()
    assert s.support == 1


def test_canonicalisation_raises_the_overlap():
    a = "Triều Tiên phóng hai quả tên lửa đạn đạo ra vùng biển phía đông."
    b = "Bắc Hàn bắn hai phi đạn đạn đạo về phía biển."
    with_aliases = P.pair_features(_info(a), _info(b), 0.25)[1]
    plain = set(match_key(a).split()) & set(match_key(b).split())
    assert "tên" in _info(b).content and "triều" in _info(b).content
    assert with_aliases > 0.5 and len(plain) < 5


def test_reordered_clauses_keep_their_overlap():
    a = "Sau ba ngày tìm kiếm, lực lượng cứu hộ đã tìm thấy thi thể nạn nhân cuối cùng."
    b = "Thi thể nạn nhân cuối cùng đã được lực lượng cứu hộ tìm thấy sau ba ngày tìm kiếm."
    _, overlap, disagree = P.pair_features(_info(a), _info(b), 0.3)
    assert overlap == pytest.approx(1.0) and disagree == 0.0
    assert P.supports(_info(a), _info(b), 0.3)


def test_unrelated_sentences_are_not_cited(cluster, features):
    for start in ("Chính quyền huyện Sa Pa", "Ngân hàng Nhà nước", "Giá vàng miếng"):
        (s,) = cite(cluster, features, [_pos(cluster, start)])
        assert s.support == 1 and len(s.sources) == 1


def test_numbers_that_disagree_lower_the_probability():
    a = _info("Sáng 22/8, Công ty SJC niêm yết giá vàng miếng ở mức 66,2 triệu đồng/lượng.")
    same = _info("Sáng 22/8, giá vàng miếng được Công ty SJC niêm yết ở mức 66,2 triệu đồng.")
    other = _info("Sáng 26/8, giá vàng miếng được Công ty SJC niêm yết ở mức 66,8 triệu đồng.")
    assert P.pair_features(a, same, 0.4)[2] == 0.0
    assert P.pair_features(a, other, 0.4)[2] == 1.0
    assert P.support_probability(a, other, 0.4) < P.support_probability(a, same, 0.4)


def test_specifics_keep_dates_whole():
    assert P.specifics("Ngày 27/8, giá tăng 1,5% lên 43.100 đồng") == {"27/8", "1.5%", "43100"}
    assert P.specifics("COVID-19 và SARS-CoV-2") == frozenset()
    assert P.specifics("không có số") == frozenset()


def test_cosine_bounds_decide_without_the_model():
    a, b = _info("Một câu về thời tiết."), _info("Chuyện hoàn toàn khác về giá cả.")
    assert P.supports(a, b, P.ALWAYS_COSINE)
    assert not P.supports(_info("Giống hệt nhau."), _info("Giống hệt nhau."), 0.1)


def test_supports_is_the_model_at_its_threshold():
    texts = [
        "Đêm 18/9, lũ quét tràn qua xã Bản Khoang khiến 9 người chết.",
        "Trận lũ quét đêm 18/9 ở xã Bản Khoang làm 11 người chết.",
        "Lũ quét ở Bản Khoang, Sa Pa.",
        "Giá vàng miếng trong nước sáng nay tăng nhẹ.",
        "Sáng 19/9, Triều Tiên phóng hai quả tên lửa.",
        "Bắc Hàn bắn hai phi đạn hôm 20/9.",
    ]
    for (a, b), cos in itertools.product(
        itertools.permutations(texts, 2), (0.16, 0.22, 0.3, 0.4, 0.5)
    ):
        ia, ib = _info(a), _info(b)
        expected = P.support_probability(ia, ib, cos) >= P.SUPPORT_PROBABILITY
        assert P.supports(ia, ib, cos) == expected, (a, b, cos)


def test_the_cosine_rule_is_still_available(cluster, features):
    p = _pos(cluster, "Sáng 19/9, Triều Tiên")
    (everything,) = cite(cluster, features, [p], threshold=0.0)
    assert everything.support == 3
