"""The extractive oracle: greedy ROUGE-2 against the references, within the budget."""

from __future__ import annotations

import numpy as np
import pytest

from tomtat import Document, build_cluster, summarize
from tomtat.engine import available_methods
from tomtat.engine.oracle import oracle_labels, oracle_scores
from tomtat.errors import UsageError
from tomtat.eval.rouge import score

DOCS = [
    Document(
        "a",
        "Sáng nay trời Hà Nội nắng đẹp, nhiều người dân đi dạo quanh hồ Gươm.\n"
        "Ủy ban thành phố công bố sẽ mở thêm ba tuyến xe buýt điện từ tháng sau.\n"
        "Giá vé mỗi lượt là 7.000 đồng, bằng giá xe buýt thường.",
    ),
    Document(
        "b",
        "Các quán cà phê ven hồ đông khách hơn mọi ngày.\n"
        "Ba tuyến xe buýt điện mới sẽ nối trung tâm với các khu đô thị phía tây.\n"
        "Thành phố kỳ vọng giảm ùn tắc vào giờ cao điểm.",
    ),
]
REFERENCE = (
    "Hà Nội sẽ mở thêm ba tuyến xe buýt điện từ tháng sau, nối trung tâm với các khu đô thị "
    "phía tây; giá vé 7.000 đồng mỗi lượt."
)


@pytest.fixture(scope="module")
def cluster():
    return build_cluster(DOCS, "xe-buyt", [REFERENCE])


def test_oracle_is_registered():
    assert "oracle" in available_methods()


@pytest.mark.parametrize("budget", [15, 20, 30, 40, 60, 200])
def test_oracle_never_exceeds_the_budget(cluster, budget):
    summary = summarize(cluster, method="oracle", max_words=budget)
    assert summary.n_syllables <= budget
    labels = oracle_labels(cluster, budget)
    picked = sum(cluster.sentences[i].n_syllables for i in labels.order)
    assert picked <= budget


def test_oracle_beats_lead(cluster):
    lead = summarize(cluster, method="lead", max_words=40)
    oracle = summarize(cluster, method="oracle", max_words=40)
    r2_lead = score(lead.text, cluster.references)["rouge2"].fmeasure
    r2_oracle = score(oracle.text, cluster.references)["rouge2"].fmeasure
    assert r2_oracle > r2_lead
    # lead opens with the weather; the oracle takes the bus sentences
    assert "nắng đẹp" in lead.text
    assert "nắng đẹp" not in oracle.text
    assert "xe buýt điện" in oracle.text


def test_oracle_labels(cluster):
    labels = oracle_labels(cluster, 40)
    n = len(cluster.sentences)
    assert labels.selected.shape == labels.gain.shape == labels.marginal.shape == (n,)
    assert labels.selected.dtype == bool
    assert set(np.flatnonzero(labels.selected)) == set(labels.order)
    assert ((labels.gain >= 0) & (labels.gain <= 1)).all()
    # the café sentence shares no bigram with the reference; the weather one only "hà nội"
    cafe = next(s.position for s in cluster.sentences if "cà phê" in s.text)
    weather = next(s.position for s in cluster.sentences if "nắng đẹp" in s.text)
    assert labels.gain[cafe] == 0 and not labels.selected[cafe]
    assert 0 < labels.gain[weather] < 0.05 and not labels.selected[weather]
    # every pick added ROUGE-2 recall, and the gains add up to the selection's recall
    picked_gains = labels.marginal[list(labels.order)]
    assert (picked_gains > 0).all()
    assert (labels.marginal[~labels.selected] == 0).all()
    assert 0 < labels.rouge2 <= 1 and 0 < labels.rouge1 <= 1


def test_oracle_scores_follow_pick_order(cluster):
    labels = oracle_labels(cluster, 40)
    scores = oracle_scores(cluster, 40)
    ranked = [int(i) for i in np.argsort(-scores, kind="stable")]
    assert ranked[: len(labels.order)] == list(labels.order)
    assert oracle_scores(cluster, 40).tolist() == scores.tolist()  # deterministic


def test_oracle_without_references_is_a_usage_error():
    plain = build_cluster(DOCS, "khong-tom-tat")
    with pytest.raises(UsageError, match=r"needs reference summaries.*khong-tom-tat"):
        summarize(plain, method="oracle", max_words=40)
    with pytest.raises(UsageError, match="reference"):
        oracle_labels(plain, 40)


def test_oracle_labels_reject_bad_budget(cluster):
    with pytest.raises(UsageError, match="positive"):
        oracle_labels(cluster, 0)
