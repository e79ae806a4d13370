"""Event clustering: a small Vietnamese stream, B-cubed against hand-computed values,
threshold and window behaviour, empty input, the cluster command."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tomtat.cli import main
from tomtat.errors import UsageError
from tomtat.events import EventClusterer, bcubed, cluster_events, iter_articles
from tomtat.model import Document

# three events x three articles (each outlet words it differently) + two unrelated articles
EVENTS = {
    "chay": [
        (
            "Cháy lớn tại chợ Đông Ba, hàng trăm ki-ốt bị thiêu rụi",
            "Đám cháy bùng phát lúc 2 giờ sáng tại chợ Đông Ba, thành phố Huế, thiêu rụi hàng trăm "
            "ki-ốt bán vải. Lực lượng cảnh sát phòng cháy chữa cháy huy động 20 xe chữa cháy. "
            "Không có thương vong về người, thiệt hại tài sản ước tính hàng chục tỷ đồng.",
        ),
        (
            "Huế: cháy chợ Đông Ba trong đêm",
            "Rạng sáng nay, chợ Đông Ba ở Huế xảy ra cháy lớn, hàng trăm ki-ốt bị thiêu rụi. "
            "Cảnh sát phòng cháy chữa cháy đã điều 20 xe chữa cháy tới hiện trường. "
            "Tiểu thương chợ Đông Ba thiệt hại nặng, chưa ghi nhận thương vong.",
        ),
        (
            "Điều tra nguyên nhân vụ cháy chợ Đông Ba",
            "Công an tỉnh đang điều tra nguyên nhân vụ cháy chợ Đông Ba ở thành phố Huế. "
            "Vụ cháy thiêu rụi hàng trăm ki-ốt, lực lượng chữa cháy mất 4 giờ mới dập tắt. "
            "Tiểu thương chợ Đông Ba mong sớm được bố trí chỗ buôn bán tạm.",
        ),
    ],
    "vang": [
        (
            "Giá vàng miếng SJC lập đỉnh mới 92 triệu đồng",
            "Sáng nay giá vàng miếng SJC tăng thêm 1 triệu đồng, lên 92 triệu đồng mỗi lượng. "
            "Ngân hàng Nhà nước cho biết sẽ tăng cung vàng miếng để bình ổn thị trường. "
            "Chênh lệch giá vàng trong nước và thế giới lên tới 15 triệu đồng mỗi lượng.",
        ),
        (
            "Vàng miếng SJC vượt 92 triệu đồng mỗi lượng",
            "Giá vàng miếng SJC hôm nay lên 92 triệu đồng mỗi lượng, cao nhất từ trước tới nay. "
            "Ngân hàng Nhà nước sẽ đấu thầu vàng miếng để tăng cung. "
            "Giá vàng trong nước cao hơn thế giới khoảng 15 triệu đồng mỗi lượng.",
        ),
        (
            "Ngân hàng Nhà nước đấu thầu vàng miếng khi giá vàng SJC lập đỉnh",
            "Trước đà tăng của giá vàng miếng SJC lên 92 triệu đồng mỗi lượng, "
            "Ngân hàng Nhà nước thông báo đấu thầu vàng miếng vào thứ Hai tới. "
            "Chênh lệch với giá vàng thế giới vẫn ở mức 15 triệu đồng mỗi lượng.",
        ),
    ],
    "bong-da": [
        (
            "Tuyển Việt Nam thắng Indonesia 3-0 tại Mỹ Đình",
            "Tối qua, đội tuyển Việt Nam thắng Indonesia 3-0 trên sân Mỹ Đình ở vòng loại World Cup. "
            "Tiến Linh ghi hai bàn, Quang Hải ghi bàn còn lại. "
            "Với chiến thắng này, tuyển Việt Nam vươn lên nhì bảng.",
        ),
        (
            "Tiến Linh lập cú đúp, Việt Nam đè bẹp Indonesia",
            "Tiến Linh ghi hai bàn giúp tuyển Việt Nam thắng Indonesia 3-0 ở vòng loại World Cup "
            "trên sân Mỹ Đình. Quang Hải cũng ghi một bàn. Tuyển Việt Nam lên nhì bảng.",
        ),
        (
            "Vòng loại World Cup: Việt Nam thắng đậm Indonesia",
            "Trên sân Mỹ Đình, tuyển Việt Nam thắng Indonesia 3-0 ở vòng loại World Cup. "
            "Tiến Linh ghi hai bàn, Quang Hải ghi một bàn. HLV trưởng khen các cầu thủ trẻ. "
            "Tuyển Việt Nam hiện đứng nhì bảng.",
        ),
    ],
}
NOISE = [
    (
        "Hà Nội thí điểm xe buýt điện trên tuyến vành đai",
        "Từ tháng sau, Hà Nội đưa 30 xe buýt điện vào khai thác trên tuyến vành đai 3. "
        "Giá vé giữ nguyên như xe buýt thông thường.",
    ),
    (
        "Mùa lúa chín trên ruộng bậc thang Mù Cang Chải",
        "Những thửa ruộng bậc thang ở Mù Cang Chải đang vào mùa lúa chín vàng. "
        "Du khách đổ về chụp ảnh, homestay kín phòng cuối tuần.",
    ),
]


def stream() -> tuple[list[Document], list[str]]:
    """Articles interleaved as a feed would deliver them, with their true event."""
    docs, truth = [], []
    for i in range(3):
        for event, arts in EVENTS.items():
            title, text = arts[i]
            docs.append(Document(id=f"{event}-{i}", title=title, text=text))
            truth.append(event)
        if i < len(NOISE):
            title, text = NOISE[i]
            docs.append(Document(id=f"noise-{i}", title=title, text=text))
            truth.append(f"noise-{i}")
    return docs, truth


def test_three_events_and_noise_are_recovered():
    docs, truth = stream()
    clusterer = EventClusterer(window_days=None)
    labels = clusterer.add(docs)
    assert bcubed(truth, labels) == (1.0, 1.0, 1.0)
    events = clusterer.events()
    assert sorted(len(e.documents) for e in events) == [1, 1, 3, 3, 3]
    assert [e.id for e in events] == [f"event-{i:06d}" for i in range(1, 6)]


def test_result_does_not_depend_on_micro_batch_size():
    docs, _ = stream()
    runs = []
    for chunk in (256, 1, 4):
        clusterer = EventClusterer(window_days=None)
        clusterer.add(docs, chunk=chunk)
        runs.append(clusterer.labels)  # after every merge
    a, b, c = runs
    # the IDF is updated per micro-batch, so only the partition is compared
    assert bcubed(a, b)[2] == 1.0 and bcubed(a, c)[2] == 1.0


def test_threshold_extremes():
    docs, _ = stream()
    assert len(set(EventClusterer(threshold=1.0, window_days=None).add(docs))) == len(docs)
    counts = [
        len(set(EventClusterer(threshold=t, window_days=None).add(docs)))
        for t in (0.001, 0.12, 0.5, 1.0)
    ]
    assert counts == sorted(counts) and counts[-1] == len(docs)
    with pytest.raises(UsageError):
        EventClusterer(threshold=0.0)
    with pytest.raises(UsageError):
        EventClusterer(window_days=-1)


def test_time_window_closes_events():
    title, text = EVENTS["vang"][0]
    title2, text2 = EVENTS["vang"][1]
    title3, text3 = EVENTS["vang"][2]
    docs = [
        Document("v1", text, title, date="2024-05-01"),
        Document("v2", text2, title2, date="2024-05-02"),  # 1 day later: same event
        Document("v3", text3, title3, date="2024-05-20"),  # 18 days later: a new event
    ]
    clusterer = EventClusterer(window_days=3)
    assert clusterer.add(docs) == [0, 0, 1]
    closed = clusterer.pop_closed()
    assert [[d.id for d in e.documents] for e in closed] == [["v1", "v2"]]
    assert clusterer.pop_closed() == []
    assert [[d.id for d in e.documents] for e in clusterer.events()] == [["v3"]]
    # without a window the three join
    assert EventClusterer(window_days=None).add(docs) == [0, 0, 0]
    # undated articles never close an event
    undated = [Document(d.id, d.text, d.title) for d in docs]
    assert EventClusterer(window_days=3).add(undated) == [0, 0, 0]


def test_max_active_docs_bounds_memory():
    docs, _ = stream()
    clusterer = EventClusterer(window_days=None, max_active_docs=4)
    clusterer.add(docs, chunk=1)
    assert clusterer._rows.shape[0] <= 4 + 1  # compacted after each micro-batch


def test_empty_input():
    assert cluster_events([]) == []
    assert EventClusterer().add([]) == []
    assert EventClusterer().events() == []
    # an article with no text at all is its own event, not a crash
    assert len(cluster_events([Document("x", "", "")])) == 1


# ---- B-cubed, hand-computed ---------------------------------------------------------------


def test_bcubed_hand_computed():
    # truth: A = {1,2,3}, B = {4,5}; predicted: X = {1,2}, Y = {3,4,5}
    truth = ["A", "A", "A", "B", "B"]
    pred = ["X", "X", "Y", "Y", "Y"]
    p, r, f = bcubed(truth, pred)
    # precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    assert p == pytest.approx(11 / 15)
    assert r == pytest.approx(11 / 15)
    assert f == pytest.approx(11 / 15)


def test_bcubed_asymmetric_case():
    # everything in one predicted cluster: recall 1, precision = sum of squared class shares
    truth = ["A", "A", "B", "C"]
    p, r, f = bcubed(truth, [0, 0, 0, 0])
    assert p == pytest.approx((2 * 2 / 4 + 1 / 4 + 1 / 4) / 4)  # 0.375
    assert r == 1.0
    assert f == pytest.approx(2 * 0.375 / 1.375)
    # all singletons: precision 1, recall = mean of 1/|class|
    p, r, _ = bcubed(truth, [0, 1, 2, 3])
    assert p == 1.0 and r == pytest.approx((0.5 + 0.5 + 1 + 1) / 4)


def test_bcubed_edge_cases():
    assert bcubed([], []) == (1.0, 1.0, 1.0)
    assert bcubed(["a", "b"], [5, 7]) == (1.0, 1.0, 1.0)  # label names do not matter
    with pytest.raises(ValueError):
        bcubed(["a"], [1, 2])


# ---- reading and the command ----------------------------------------------------------------


def _write(path: Path, objs: list) -> Path:
    path.write_text(
        "".join(
            (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs
        ),
        encoding="utf-8",
    )
    return path


def test_iter_articles_accepts_articles_and_pooled_clusters(tmp_path: Path):
    src = _write(
        tmp_path / "in.jsonl",
        [
            {
                "id": "a",
                "title": "Tiêu đề",
                "text": "Nội dung bài.",
                "date": "2024-05-01",
                "source": "Báo A",
                "tag": "x",
            },
            "{hỏng",
            {"id": "c1", "documents": [{"id": "d1", "text": "Bài một."}, {"text": "Bài hai."}]},
            {"id": "b"},
        ],
    )
    items = list(iter_articles(src))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if not isinstance(i, Document)]
    assert [d.id for d in docs] == ["a", "d1", "l3-d2"]
    assert docs[0].date == "2024-05-01" and docs[0].source == "Báo A"
    assert docs[0].meta["tag"] == "x" and docs[1].meta["cluster_id"] == "c1"
    assert [e.line for e in errors] == [2, 4]


def test_cluster_command_output_feeds_batch(tmp_path: Path, capsys):
    docs, _ = stream()
    src = _write(
        tmp_path / "articles.jsonl",
        [{"id": d.id, "title": d.title, "text": d.text, "date": "2024-05-01"} for d in docs],
    )
    out = tmp_path / "clusters.jsonl"
    assert main(["cluster", str(src), "-o", str(out)]) == 0
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    groups = sorted(sorted(d["id"].rsplit("-", 1)[0] for d in r["documents"]) for r in records)
    assert groups == [["bong-da"] * 3, ["chay"] * 3, ["noise"], ["noise"], ["vang"] * 3]
    assert records[0]["first_date"] == "2024-05-01" and records[0]["size"] >= 1
    err = capsys.readouterr().err
    assert "11 articles -> 5 events" in err
    # --min-size drops the singletons; the output is valid input for tomtat batch
    out2 = tmp_path / "big.jsonl"
    assert main(["cluster", str(src), "-o", str(out2), "--min-size", "2"]) == 0
    assert len(out2.read_text(encoding="utf-8").splitlines()) == 3
    summaries = tmp_path / "summaries.jsonl"
    assert main(["batch", str(out2), "-o", str(summaries), "--method", "lead"]) == 0
    assert len(summaries.read_text(encoding="utf-8").splitlines()) == 3


def test_cluster_command_bad_lines_and_empty_input(tmp_path: Path, capsys):
    src = _write(tmp_path / "in.jsonl", ["không phải json"])
    out = tmp_path / "out.jsonl"
    assert main(["cluster", str(src), "-o", str(out)]) == 1
    assert "line 1" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == ""
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["cluster", str(empty), "-o", str(out)]) == 0
    assert main(["cluster", str(tmp_path / "missing.jsonl")]) == 1
    assert main(["cluster", str(empty), "--max-active", "0"]) == 2


# ---- the shipped example and the IDF prior ----------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bao-nalusa"


def test_example_cluster_is_one_event():
    """Five outlets' articles on one typhoon (a translation, overseas press, an HTML page with
    different vocabulary and no shared title words) are one event with the default settings."""
    from tomtat.io.read import read_paths

    docs = list(read_paths([EXAMPLE]))
    assert len(docs) == 5
    events = cluster_events(docs)
    assert [len(e.documents) for e in events] == [5]
    # in every one of the 120 arrival orders, and article by article (a live feed)
    for order in itertools.permutations(docs):
        assert len(cluster_events(order)) == 1, [d.id for d in order]
    clusterer = EventClusterer()
    clusterer.add(docs[::-1], chunk=1)
    assert set(clusterer.labels) == {0}


def test_example_stays_apart_from_other_events():
    from tomtat.io.read import read_paths

    docs, truth = stream()
    typhoon = list(read_paths([EXAMPLE]))
    mixed = docs[:4] + typhoon[:2] + docs[4:8] + typhoon[2:] + docs[8:]
    labels = EventClusterer(window_days=None).add(mixed)
    want = truth[:4] + ["bao"] * 2 + truth[4:8] + ["bao"] * 3 + truth[8:]
    assert bcubed(want, labels) == (1.0, 1.0, 1.0)


def test_idf_prior_is_shipped_and_used():
    from tomtat.events import load_df_prior

    prior = load_df_prior()
    assert prior is not None
    n_docs, df = prior
    assert n_docs == 621  # the AbMuSu train articles
    assert df.max() <= n_docs and (df > 0).sum() > 10_000
    assert EventClusterer().vectorizer.prior_n == n_docs
    assert EventClusterer(idf_prior=False).vectorizer.prior_n == 0
    assert load_df_prior(2**18) is None  # built for another hashing: ignored, not misused


def test_token_codes_mark_names_and_sentence_ends():
    from tomtat.events.vectors import _token_code
    from tomtat.text.normalize import canonical_tones

    def code(tok: str) -> int:
        return _token_code(tok, canonical_tones)

    assert code("…") == 0 and code("--") == 0
    assert code("Nalusa,") & 1 and code("U19") & 1 and code("9.400") & 1
    assert not code("bão") & 1 and code("bão.") & 2 and not code("bão") & 2
    # one key for tone placement, case and surrounding punctuation
    assert code("hoà") >> 2 == code("Hòa,") >> 2 == code("(HÒA)") >> 2


def test_order_effect_is_repaired():
    """Article 03 (a translated wire story, no title) arrives second, right after 02, which it
    barely resembles; article by article, the example still ends as one event, under the id
    of its first article, with its articles in arrival order."""
    from tomtat.io.read import read_paths

    docs = list(read_paths([EXAMPLE]))
    order = [docs[i] for i in (1, 2, 0, 3, 4)]
    clusterer = EventClusterer()
    clusterer.add(order, chunk=1)  # article by article
    assert clusterer.labels == [0, 0, 0, 0, 0]
    events = clusterer.events()
    assert [e.id for e in events] == ["event-000001"]
    assert [d.id for d in events[0].documents] == [d.id for d in order]  # arrival order
