import numpy as np
import pytest

from tomtat.engine.features import compute_features
from tomtat.engine.select import SelectOptions, select
from tomtat.errors import UsageError


@pytest.mark.parametrize("budget", [13, 20, 31, 47, 60, 100, 1000])
@pytest.mark.parametrize("lam", [1.0, 0.7, 0.3])
def test_never_exceeds_the_budget(cluster, budget, lam):
    f = compute_features(cluster)
    scores = np.random.default_rng(budget).random(len(cluster.sentences))
    chosen = select(scores, f, budget, SelectOptions(lam=lam))
    assert chosen and len(set(chosen)) == len(chosen)
    assert sum(f.lengths[i] for i in chosen) <= budget


def test_skips_a_long_best_sentence_for_shorter_ones(cluster):
    f = compute_features(cluster)
    scores = f.lengths.astype(float)  # the longest sentences score best
    budget = int(f.lengths.min()) + 2
    chosen = select(scores, f, budget)
    assert len(chosen) == 1 and f.lengths[chosen[0]] <= budget


def test_fills_the_budget_when_it_can(cluster):
    f = compute_features(cluster)
    total = int(f.lengths.sum())
    chosen = select(np.zeros(len(f.lengths)), f, 60, SelectOptions(duplicate=1.01))
    used = sum(int(f.lengths[i]) for i in chosen)
    assert used <= 60 and 60 - used < int(f.lengths.min())  # no remaining sentence would fit
    assert total > 60


def test_budget_smaller_than_every_sentence_is_a_clear_error(cluster):
    f = compute_features(cluster)
    shortest = int(f.lengths.min())
    with pytest.raises(
        UsageError, match=rf"shortest sentence .*\({shortest} syllables\).*max_words {shortest}"
    ):
        select(np.ones(len(f.lengths)), f, shortest - 1)
    assert select(np.ones(len(f.lengths)), f, shortest)  # exactly the shortest fits


@pytest.mark.parametrize("budget", [0, -5])
def test_non_positive_budget_is_a_usage_error(cluster, budget):
    f = compute_features(cluster)
    with pytest.raises(UsageError, match="positive"):
        select(np.ones(len(f.lengths)), f, budget)


def test_near_duplicates_are_never_both_chosen(cluster):
    f = compute_features(cluster)
    # the two "Sở Giao thông vận tải ... cầu tạm" sentences (cosine > 0.8) score best
    dup = np.flatnonzero(f.column("max_other_sim") > 0.8)
    assert len(dup) == 2
    scores = np.zeros(len(f.lengths))
    scores[dup] = 10.0
    chosen = select(scores, f, 1000)
    assert len(set(chosen) & set(dup)) == 1


def test_mmr_penalizes_redundancy(cluster):
    f = compute_features(cluster)
    sim = f.similarity
    # pick a sentence and its most similar partner (cosine between 0.5 and 0.8)
    off = np.where((sim > 0.5) & (sim < 0.8), sim, 0)
    a, b = np.unravel_index(off.argmax(), off.shape)
    scores = np.full(len(f.lengths), 0.9)
    scores[a], scores[b] = 1.0, 0.95
    scores[next(i for i in range(len(scores)) if i not in (a, b))] = 0.0  # fixes the scale
    budget = int(f.lengths[a] + f.lengths[b]) + 5
    plain = select(scores, f, budget, SelectOptions(lam=1.0))
    mmr = select(scores, f, budget, SelectOptions(lam=0.5))
    assert plain[:2] == [a, b]
    assert mmr[0] == a and mmr[1] != b


def test_min_length_avoids_stubs_but_never_returns_nothing(cluster):
    f = compute_features(cluster)
    chosen = select(np.ones(len(f.lengths)), f, 1000, SelectOptions(min_length=20))
    assert all(f.lengths[i] >= 20 for i in chosen)
    only_short = select(np.ones(len(f.lengths)), f, 15, SelectOptions(min_length=20))
    assert len(only_short) == 1 and f.lengths[only_short[0]] <= 15


def test_min_share_is_a_floor_relative_to_the_cluster(cluster):
    f = compute_features(cluster)
    median = float(np.median(f.lengths[f.lengths > 0]))
    opts = SelectOptions(min_length=1, min_share=0.9)
    chosen = select(np.ones(len(f.lengths)), f, 1000, opts)
    assert chosen and all(f.lengths[i] >= int(0.9 * median) for i in chosen)
    # the same share of a cluster of shorter sentences is a lower floor: they stay choosable
    shorter = [i for i in range(len(f.lengths)) if 0 < f.lengths[i] < median]
    allowed = np.zeros(len(f.lengths), dtype=bool)
    allowed[shorter] = True
    picked = select(np.ones(len(f.lengths)), f, 1000, opts, allowed=allowed)
    assert len(picked) > 1 and set(picked) <= set(shorter)


def test_deterministic_tie_break(cluster):
    f = compute_features(cluster)
    a = select(np.ones(len(f.lengths)), f, 80)
    b = select(np.ones(len(f.lengths)), f, 80)
    assert a == b and a[0] == 0


def test_length_cost_prefers_shorter_sentences_at_equal_relevance(cluster):
    f = compute_features(cluster)
    flat = np.ones(len(f.lengths))
    plain = select(flat, f, 1000, SelectOptions(duplicate=1.01))
    costly = select(flat, f, 1000, SelectOptions(duplicate=1.01, length_cost=0.5))
    assert plain[0] == 0  # equal relevance: first sentence
    assert f.lengths[costly[0]] == f.lengths.min()
    assert sorted(plain) == sorted(costly)  # a budget that holds everything: same set


def test_a_wire_sentence_copied_by_several_outlets_is_chosen_once():
    from tomtat.engine import summarize
    from tomtat.model import Document
    from tomtat.pipeline import build_cluster

    wire = [
        "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, bão số 3 đã đổ bộ vào Quảng Ninh "
        "lúc 10 giờ sáng nay với sức gió cấp 12.",
        "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, bão số 3 đã đổ bộ vào tỉnh Quảng "
        "Ninh lúc 10 giờ sáng nay, sức gió mạnh cấp 12.",
        "Trung tâm Dự báo khí tượng thủy văn quốc gia cho biết bão số 3 đổ bộ vào Quảng Ninh "
        "lúc 10 giờ sáng nay với sức gió cấp 12.",
    ]
    rest = [
        "Hơn 3.000 hộ dân ở Hạ Long đã được sơ tán đến nơi an toàn từ tối qua. "
        "Tàu thuyền được gọi về nơi tránh trú.",
        "Nhiều cây xanh trên các tuyến phố ở Cẩm Phả bị quật đổ. "
        "Điện lực địa phương đã cắt điện một số khu vực để bảo đảm an toàn.",
        "Các trường học trong tỉnh cho học sinh nghỉ học hai ngày. "
        "Lực lượng cứu hộ túc trực tại các điểm xung yếu.",
    ]
    docs = [
        Document(f"d{i}", f"{w} {r}", title="Bão số 3 đổ bộ vào Quảng Ninh", source=f"Báo {i}")
        for i, (w, r) in enumerate(zip(wire, rest, strict=True))
    ]
    summary = summarize(build_cluster(docs, "bao-so-3"), "default", max_words=400)
    copies = [s for s in summary.sentences if "10 giờ sáng nay" in s.text]
    assert len(copies) == 1
    assert copies[0].support == 3  # the one kept is cited as said by all three outlets
    assert len(summary.sentences) >= 4  # the budget went to the other facts instead


# ---------------------------------------------------------------------------- units
# A sentence that needs its antecedent ("Con số này ...") is taken with it or not at all.

_UNIT_DOCS = [
    (
        "Mưa lớn kéo dài ba ngày khiến nhiều xã ở Hà Tĩnh bị ngập sâu.",
        "Con số này là cao nhất trong mười năm qua ở vùng hạ lưu sông Ngàn Sâu.",
        "Chính quyền đã sơ tán hơn 2.000 hộ dân khỏi vùng ngập lụt.",
    ),
]


def _unit_cluster():
    from tomtat.model import Document
    from tomtat.pipeline import build_cluster

    text = "\n".join(_UNIT_DOCS[0])
    return build_cluster([Document("a", text, title="Mưa lũ ở Hà Tĩnh")], "lu")


def test_a_unit_is_taken_whole_with_its_antecedent_first():
    cluster = _unit_cluster()
    f = compute_features(cluster)
    scores = np.array([0.1, 1.0, 0.5])  # the dangling sentence scores best, its antecedent worst
    chosen = select(scores, f, 1000, units={1: [0]})
    assert chosen.index(0) < chosen.index(1)  # taken together, the antecedent first


def test_a_unit_that_does_not_fit_is_not_taken_and_its_sentence_never_alone():
    cluster = _unit_cluster()
    f = compute_features(cluster)
    scores = np.array([0.1, 1.0, 0.5])
    budget = int(f.lengths[1] + f.lengths[2])  # room for the sentence, not for its antecedent
    chosen = select(scores, f, budget, units={1: [0]})
    assert 1 not in chosen and chosen[0] == 2


def test_a_unit_weighs_its_antecedent():
    cluster = _unit_cluster()
    f = compute_features(cluster)
    budget = int(f.lengths[0] + f.lengths[1])  # one unit, or the single sentence 2 (+ 0)
    weak = select(np.array([0.0, 1.0, 0.9]), f, budget, units={1: [0]})
    strong = select(np.array([0.8, 1.0, 0.9]), f, budget, units={1: [0]})
    assert weak[0] == 2  # a weak antecedent drags the unit below the single sentence
    assert strong[:2] == [0, 1]  # a good one makes the pair the best choice


def test_a_long_unit_is_chosen_before_stubs():
    cluster = _unit_cluster()
    f = compute_features(cluster)
    floor = int(f.lengths[1])  # only the dangling sentence is long enough
    assert f.lengths[0] < floor and f.lengths[2] < floor
    chosen = select(
        np.array([0.1, 0.5, 1.0]), f, 1000, SelectOptions(min_length=floor), units={1: [0]}
    )
    assert chosen == [0, 1]  # the stub (sentence 2) scores best but is not taken
