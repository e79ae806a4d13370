from dataclasses import replace

import numpy as np

from tomtat.engine.cite import cite
from tomtat.engine.features import CITE_THRESHOLD, compute_features
from tomtat.engine.order import document_order, reading_order, repair_dangling
from tomtat.model import Document
from tomtat.pipeline import build_cluster


def _pos(cluster, doc_index, index):
    return next(
        s.position for s in cluster.sentences if (s.doc_index, s.index) == (doc_index, index)
    )


def test_documents_in_chronological_order_undated_with_the_earliest(documents):
    a, b, c = documents
    shuffled = [replace(c), replace(a, date=None), replace(b)]
    cluster = build_cluster(shuffled, "x")
    # dated: thoi-su-24h (07-17) and bao-tay-bac (07-16); tin-mien-nui has no date, so it
    # counts as published with the earliest (07-16) and keeps its input order before bao-tay-bac
    assert [cluster.documents[d].id for d in document_order(cluster)] == [
        "tin-mien-nui",
        "bao-tay-bac",
        "thoi-su-24h",
    ]


def test_same_day_leads_first_and_runs_stay_together(documents):
    a, b, c = documents
    # one day for all, one month-only date (cannot be placed within the month)
    same = [
        replace(a, date="2025-07-16"),
        replace(b, date="2025-07"),
        replace(c, date="2025-07-16"),
    ]
    cluster = build_cluster(same, "x")
    picks = [_pos(cluster, 2, 0), _pos(cluster, 0, 2), _pos(cluster, 0, 3), _pos(cluster, 1, 0)]
    picks.append(_pos(cluster, 1, 3))
    ordered = reading_order(cluster, picks)
    assert [(cluster.sentences[p].doc_index, cluster.sentences[p].index) for p in ordered] == [
        (1, 0),  # the leads of the three articles first, by article order
        (2, 0),
        (0, 2),  # a run of consecutive sentences of one article is kept together
        (0, 3),
        (1, 3),
    ]


def test_reading_order_by_date_then_position(cluster):
    picks = [_pos(cluster, 2, 1), _pos(cluster, 0, 4), _pos(cluster, 1, 0), _pos(cluster, 0, 0)]
    ordered = reading_order(cluster, picks)
    assert [(cluster.sentences[p].doc_index, cluster.sentences[p].index) for p in ordered] == [
        (0, 0),
        (0, 4),
        (1, 0),
        (2, 1),
    ]


def test_dangling_sentence_gets_its_antecedent(cluster):
    f = compute_features(cluster)
    dangling = _pos(cluster, 0, 3)  # "Ông này nói ..."
    out = repair_dangling(cluster, f, [dangling], 1000)
    assert out == [dangling - 1, dangling]


def test_dangling_sentence_dropped_when_antecedent_does_not_fit(cluster):
    f = compute_features(cluster)
    dangling = _pos(cluster, 0, 3)
    other = _pos(cluster, 2, 2)
    budget = int(f.lengths[dangling] + f.lengths[other])  # no room for the antecedent
    out = repair_dangling(cluster, f, [other, dangling], budget)
    assert out == [other]
    # never left alone: nothing (summarize then selects again without it)
    assert repair_dangling(cluster, f, [dangling], int(f.lengths[dangling])) == []


def test_citations_name_every_document_that_says_it(cluster):
    f = compute_features(cluster)
    p = _pos(cluster, 2, 0)  # the temporary bridge, told by bao-tay-bac and thoi-su-24h
    (s,) = cite(cluster, f, [p])
    assert s.doc_id == "thoi-su-24h" and s.position == p
    assert [src.doc_id for src in s.sources] == ["thoi-su-24h", "bao-tay-bac"]
    assert s.sources[0].similarity == 1.0 and s.sources[0].sentence == p
    assert s.sources[1].sentence == _pos(cluster, 1, 4)
    assert s.sources[1].source == "Báo Tây Bắc"
    assert s.sources[1].similarity >= CITE_THRESHOLD
    assert s.support == 2


def test_unsupported_sentence_cites_only_itself(cluster):
    f = compute_features(cluster)
    (s,) = cite(cluster, f, [_pos(cluster, 2, 2)])
    assert [src.doc_id for src in s.sources] == ["thoi-su-24h"] and s.support == 1


def test_threshold_is_a_parameter(cluster):
    f = compute_features(cluster)
    (s,) = cite(cluster, f, [_pos(cluster, 2, 2)], threshold=0.0)
    assert s.support == 3
    assert cite(cluster, f, []) == []


def test_scores_are_carried(cluster):
    f = compute_features(cluster)
    scores = np.arange(len(cluster.sentences), dtype=float)
    (s,) = cite(cluster, f, [4], scores)
    assert s.score == 4.0


def test_duplicated_article_counts_once(documents):
    dup = Document("ban-sao", documents[0].text, documents[0].title, "Báo Sao Chép")
    cluster = build_cluster([documents[0], dup], "x")
    f = compute_features(cluster)
    (s,) = cite(cluster, f, [0])
    assert [src.doc_id for src in s.sources] == ["tin-mien-nui"] and s.support == 1
    # the looser rules still list the copy
    (old,) = cite(cluster, f, [0], strict=False)
    assert [src.doc_id for src in old.sources] == ["tin-mien-nui", "ban-sao"]
    assert old.sources[1].similarity == 1.0 and old.support == 2


def test_dangling_opener_at_article_start_is_dropped():
    docs = [
        Document(
            "a",
            "Trong khi đó, Bộ Y tế cho biết số ca mắc sốt xuất huyết đã giảm 20% so với tuần "
            "trước.\nCác tỉnh phía Nam vẫn ghi nhận nhiều ca bệnh nặng ở trẻ em.",
            title="Sốt xuất huyết giảm",
        ),
        Document("b", "Sốt xuất huyết tại Hà Nội giảm mạnh trong tuần qua, theo Sở Y tế."),
    ]
    cluster = build_cluster(docs, "sxh")
    f = compute_features(cluster)
    opener = _pos(cluster, 0, 0)
    other = _pos(cluster, 1, 0)
    assert repair_dangling(cluster, f, [opener, other], 1000) == [other]
    # never left alone, even as the only choice
    assert repair_dangling(cluster, f, [opener], 1000) == []
