"""Event clustering by complete link regrouping of the active window: the streaming partition
equals offline complete link on the same vectors, an open event can split when a closer article
arrives, oversized components are regrouped around the new articles only, the window stays
exact inside a micro-batch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from test_events import stream  # same folder (pytest puts it on sys.path)

from tomtat.errors import UsageError
from tomtat.events import EventClusterer, bcubed
from tomtat.events.clusterer import _cut
from tomtat.io.read import read_paths
from tomtat.model import Document

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bao-nalusa"

# A: the Hội An flood, with one line on a landslide; B: the landslide only; C: the flood only
FLOOD_A = Document(
    "a",
    "Mưa lớn suốt ba ngày khiến phố cổ Hội An ngập sâu, nước sông Hoài dâng cao hơn một mét. "
    "Du khách phải đi thuyền trên các tuyến phố cổ, tiểu thương kê cao hàng hóa. "
    "Tỉnh Quảng Nam đã sơ tán 300 hộ dân khỏi vùng ngập. Trên miền núi, đèo Lò Xo cũng sạt lở.",
    "Phố cổ Hội An ngập sâu sau ba ngày mưa lớn",
)
SLIDE_B = Document(
    "b",
    "Hàng nghìn khối đất đá từ đèo Lò Xo đổ xuống vùi lấp quốc lộ 40B qua huyện Nam Trà My. "
    "Lực lượng chức năng điều máy xúc thông đường nhưng sạt lở vẫn tiếp diễn, "
    "xe khách lên vùng núi phải quay đầu.",
    "Sạt lở đèo Lò Xo, quốc lộ 40B tê liệt",
)
FLOOD_C = Document(
    "c",
    "Nước sông Hoài dâng cao hơn một mét khiến phố cổ Hội An ngập sâu sau ba ngày mưa lớn. "
    "Du khách phải đi thuyền trên các tuyến phố cổ, nhiều hộ dân kê cao đồ đạc. "
    "Tỉnh Quảng Nam đã sơ tán 300 hộ dân khỏi vùng ngập.",
    "Phố cổ Hội An chìm trong nước lũ",
)


def _articles() -> list[Document]:
    docs, _ = stream()
    typhoon = list(read_paths([EXAMPLE]))
    return docs[:5] + typhoon[:3] + [FLOOD_A, SLIDE_B] + docs[5:] + typhoon[3:] + [FLOOD_C]


def _offline(clusterer: EventClusterer) -> list[int]:
    """scipy's complete link, cut at the threshold, on the vectors the clusterer used."""
    x = clusterer._rows
    dist = 1.0 - (x @ x.T).toarray().astype(np.float64)
    n = dist.shape[0]
    tree = linkage(np.clip(dist[np.triu_indices(n, 1)], 0.0, None), "complete")
    return list(fcluster(tree, 1.0 - clusterer.threshold + 1e-9, criterion="distance"))


@pytest.mark.parametrize("threshold", [0.05, 0.105, 0.2])
@pytest.mark.parametrize("chunk", [1, 3, 256])
def test_stream_equals_offline_complete_link(threshold: float, chunk: int):
    docs = _articles()
    clusterer = EventClusterer(threshold, window_days=None)
    clusterer.add(docs, chunk=chunk)
    assert clusterer._rows.shape[0] == len(docs)  # nothing closed: every vector is kept
    assert bcubed(_offline(clusterer), clusterer.labels)[2] == 1.0
    # every event is a clique: all its pairs are at least the threshold apart
    x = clusterer._rows
    for e in set(clusterer.labels):
        rows = [i for i, lab in enumerate(clusterer.labels) if lab == e]
        sim = (x[rows] @ x[rows].T).toarray()
        assert sim.min() >= threshold - 1e-6


def test_an_open_event_splits_when_a_closer_article_arrives():
    clusterer = EventClusterer(window_days=None)
    assert clusterer.add([FLOOD_A, SLIDE_B]) == [0, 0]  # A mentions the landslide
    # C is the flood again: A is closer to C than to B, and B shares nothing with C
    assert clusterer.add([FLOOD_C]) == [0]
    assert clusterer.labels == [0, 1, 0]
    events = clusterer.events()
    assert [(e.id, [d.id for d in e.documents]) for e in events] == [
        ("event-000001", ["a", "c"]),  # the group with the event's first article keeps its id
        ("event-000002", ["b"]),
    ]


def test_absorbed_event_ids_disappear():
    docs = list(read_paths([EXAMPLE]))
    clusterer = EventClusterer(window_days=None)
    clusterer.add([docs[1], docs[2]], chunk=1)  # 02 and 03: first apart or together
    clusterer.add([docs[0], docs[3], docs[4]], chunk=1)
    assert len(set(clusterer.labels)) == 1
    assert len(clusterer.events()) == 1 and clusterer.events()[0].id == "event-000001"


def test_oversized_components_are_regrouped_around_new_articles():
    docs = _articles()
    exact = EventClusterer(window_days=None)
    exact.add(docs, chunk=1)
    bounded = EventClusterer(window_days=None, max_recluster=3)
    bounded.add(docs, chunk=1)
    x = bounded._rows
    for e in set(bounded.labels):  # still complete-link groups
        rows = [i for i, lab in enumerate(bounded.labels) if lab == e]
        assert (x[rows] @ x[rows].T).toarray().min() >= bounded.threshold - 1e-6
    assert bounded.reclustered < exact.reclustered  # less work per micro-batch
    assert bcubed(exact.labels, bounded.labels)[2] > 0.8  # and nearly the same events
    with pytest.raises(UsageError):
        EventClusterer(max_recluster=1)


def test_window_is_exact_inside_a_micro_batch():
    """An article never joins an event that closed before it arrived, even when both are in
    one call (one micro-batch by size): the batch is cut where the clock closes an event."""
    a = Document(FLOOD_A.id, FLOOD_A.text, FLOOD_A.title, date="2024-10-01")
    c_late = Document(FLOOD_C.id, FLOOD_C.text, FLOOD_C.title, date="2024-10-09")
    c_soon = Document(FLOOD_C.id, FLOOD_C.text, FLOOD_C.title, date="2024-10-03")
    b = Document(SLIDE_B.id, SLIDE_B.text, SLIDE_B.title, date="2024-10-04")
    assert EventClusterer(window_days=3).add([a, c_late]) == [0, 1]
    assert EventClusterer(window_days=3).add([a, c_soon, b]) == [0, 0, 1]
    clusterer = EventClusterer(window_days=3)
    assert clusterer.add([a, c_soon, b, c_late]) == [0, 0, 1, 2]  # the late copy: a new event
    assert [[d.id for d in e.documents] for e in clusterer.pop_closed()] == [["a", "c"], ["b"]]
    assert [[d.date for d in e.documents] for e in clusterer.events()] == [["2024-10-09"]]


def test_cut_matches_scipy_fcluster():
    rng = np.random.default_rng(7)
    for _ in range(50):
        m = int(rng.integers(2, 30))
        dist = rng.random(m * (m - 1) // 2)
        tree = linkage(dist, "complete")
        height = float(rng.uniform(0.0, 1.0))
        want = fcluster(tree, height, criterion="distance")
        assert bcubed(list(want), list(_cut(tree, m, height)))[2] == 1.0
