"""Training the learned scorer (tomtat.train, ``tomtat train``): labels, determinism, CLI."""

from __future__ import annotations

import json
import sys
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from tomtat import Document, build_cluster
from tomtat.cli import main
from tomtat.engine.features import compute_features
from tomtat.engine.learned import MODEL_FEATURES, load_model
from tomtat.train import graded, precision_labels, train

FIXTURES = Path(__file__).parent / "fixtures"
DATA = FIXTURES / "eval_small.jsonl"

# LightGBM is the `train` extra: CI also runs the suite without it (.ci/run)
needs_lightgbm = pytest.mark.skipif(
    find_spec("lightgbm") is None, reason="LightGBM (pip install 'tomtat[train]') not installed"
)

DOCS = [
    Document(
        "a",
        "Vụ lúa đông xuân năm nay ở Đồng Tháp được mùa lớn. Năng suất bình quân đạt 7,2 tấn mỗi "
        "héc-ta, cao hơn năm trước 0,4 tấn. Giá lúa tươi tại ruộng dao động quanh 6.500 đồng một "
        "ký. Bà Nguyễn Thị Hoa, một nông dân ở huyện Tháp Mười, nói: “Năm nay nhà tôi lời khá.”",
        title="Đồng Tháp trúng mùa lúa đông xuân",
    ),
    Document(
        "b",
        "Nông dân Đồng Tháp đang thu hoạch rộ lúa đông xuân. Theo Sở Nông nghiệp, năng suất lúa "
        "đạt khoảng 7,2 tấn mỗi héc-ta. Thương lái đến tận ruộng thu mua với giá ổn định.",
        title="Lúa đông xuân Đồng Tháp đạt năng suất cao",
    ),
]


def test_precision_labels_and_grades():
    cluster = build_cluster(DOCS, "mua-lua", references=["Năng suất lúa đạt 7,2 tấn mỗi héc-ta."])
    labels = precision_labels(cluster)
    assert labels.shape == (len(cluster.sentences),)
    assert labels.max() > 0 and labels.min() >= 0 and labels.max() <= 1
    best = int(np.argmax(labels))
    assert "7,2 tấn" in cluster.sentences[best].text
    grades = graded(np.array([0.9, 0.0, 0.5, 0.1, 0.3]))
    assert grades.tolist() == [3, 0, 3, 2, 3]


@needs_lightgbm
def test_training_is_deterministic(tmp_path):
    a = train(DATA, tmp_path / "a", seed=3)
    b = train(DATA, tmp_path / "b", seed=3)
    assert a == b
    assert (tmp_path / "a" / "ranker.txt").read_bytes() == (
        tmp_path / "b" / "ranker.txt"
    ).read_bytes()
    meta = json.loads((tmp_path / "a" / "ranker.json").read_text(encoding="utf-8"))
    assert meta["features"] == list(MODEL_FEATURES)
    assert meta["training_data"]["clusters"] == 2


@needs_lightgbm
def test_trained_model_loads_and_serves(tmp_path, monkeypatch):
    train(DATA, tmp_path / "m")
    model = load_model(tmp_path / "m")
    feats = compute_features(build_cluster(DOCS, "x"))
    assert model.predict(feats).shape == (len(feats.lengths),)


@needs_lightgbm
def test_train_command_with_cross_validation(tmp_path, capsys):
    rc = main(["train", str(DATA), "-o", str(tmp_path / "cv"), "--cv", "2"])
    out = capsys.readouterr()
    assert rc == 0
    assert "2-fold CV on 2 clusters" in out.out
    assert (tmp_path / "cv" / "ranker.txt").is_file()


@pytest.mark.parametrize("cv", ["1", "-2"])
def test_train_command_rejects_bad_cv(tmp_path, capsys, cv):
    assert main(["train", str(DATA), "-o", str(tmp_path / "m"), "--cv", cv]) == 2
    assert "--cv" in capsys.readouterr().err


def test_train_command_needs_references(tmp_path, capsys):
    rc = main(["train", str(FIXTURES / "batch_clusters.jsonl"), "-o", str(tmp_path / "m")])
    assert rc != 0
    err = capsys.readouterr().err
    assert err.startswith("tomtat: error:") and "reference" in err
    assert not (tmp_path / "m").exists()


def test_train_without_lightgbm_names_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "lightgbm", None)  # as if the extra were not installed
    rc = main(["train", str(DATA), "-o", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert rc == 3
    assert err.strip() == "tomtat: error: training needs LightGBM: pip install 'tomtat[train]'"
    assert not (tmp_path / "m").exists()


def test_summarizing_works_without_lightgbm(monkeypatch):
    monkeypatch.setitem(sys.modules, "lightgbm", None)
    from tomtat.engine import summarize

    summary = summarize(build_cluster(DOCS, "mua-lua"), "default", 40)
    assert summary.sentences
