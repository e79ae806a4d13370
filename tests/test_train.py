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
from tomtat.errors import UsageError
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


@needs_lightgbm  # without the extra, the missing LightGBM is said first (test below)
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


def _renamed(tmp_path: Path, prefix: str, *, edit=None) -> Path:
    """The fixture's clusters under other ids (a second corpus); ``edit`` changes each record."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record["id"] = prefix + record["id"]
        if edit is not None:
            edit(record)
        out.append(json.dumps(record, ensure_ascii=False))
    path = tmp_path / f"{prefix}data.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


@needs_lightgbm
def test_training_on_several_files_pools_them(tmp_path):
    other = _renamed(tmp_path, "khac-")
    meta = train([DATA, other], tmp_path / "m")
    info = meta["training_data"]
    assert info["clusters"] == 4
    assert [f["file"] for f in info["files"]] == [DATA.name, other.name]
    assert [f["clusters"] for f in info["files"]] == [2, 2]
    again = train([DATA, other], tmp_path / "m2")
    assert meta == again
    assert (tmp_path / "m" / "ranker.txt").read_bytes() == (
        tmp_path / "m2" / "ranker.txt"
    ).read_bytes()


@needs_lightgbm
def test_train_command_several_files_and_one_article_clusters(tmp_path, capsys):
    def keep_one_article(record):
        record["documents"] = record["documents"][:1]

    single = _renamed(tmp_path, "mot-bai-", edit=keep_one_article)
    rc = main(["train", str(DATA), str(single), "-o", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert rc == 1 and "no cluster of two or more articles to train on" in err
    assert not (tmp_path / "m").exists()
    other = _renamed(tmp_path, "khac-")
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(single.read_text("utf-8") + other.read_text("utf-8"), encoding="utf-8")
    assert main(["train", str(DATA), str(mixed), "-o", str(tmp_path / "m")]) == 0
    err = capsys.readouterr().err
    assert f"{mixed}: 2 cluster(s) of one article not used for training (first: {mixed}:1)" in err
    meta = json.loads((tmp_path / "m" / "ranker.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["clusters"] == 4


@needs_lightgbm
def test_train_command_rejects_duplicate_ids_and_empty_summaries(tmp_path, capsys):
    copy = _renamed(tmp_path, "")
    assert main(["train", str(DATA), str(copy), "-o", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert f"{copy}:1: duplicate cluster id 'eval-lu-quet' (also at {DATA}:1)" in err

    def blank_summaries(record):
        record["summaries"] = ["  "]

    blank = _renamed(tmp_path, "trong-", edit=blank_summaries)
    assert main(["train", str(DATA), str(blank), "-o", str(tmp_path / "m")]) == 1
    err = capsys.readouterr().err
    assert f"{blank}:1: cluster 'trong-eval-lu-quet' has no reference summary" in err
    assert not (tmp_path / "m").exists()


def test_precision_labels_use_every_reference():
    refs = [
        "Năng suất lúa đạt 7,2 tấn mỗi héc-ta.",
        "Giá lúa tươi tại ruộng dao động quanh 6.500 đồng một ký.",
    ]
    both = precision_labels(build_cluster(DOCS, "hai", references=refs))
    first = precision_labels(build_cluster(DOCS, "mot", references=refs[:1]))
    second = precision_labels(build_cluster(DOCS, "hai-b", references=refs[1:]))
    assert np.array_equal(both, np.maximum(first, second))
    assert (first > 0).any() and (second > 0).any() and not np.array_equal(first, second)


@needs_lightgbm
def test_leave_one_corpus_out_scores_each_corpus_with_a_model_it_did_not_train(tmp_path):
    from tomtat.eval.datasets import load_clusters
    from tomtat.train import featurize, leave_one_corpus_out

    other = _renamed(tmp_path, "khac-")
    corpora = {"a": featurize(load_clusters(DATA)), "b": featurize(load_clusters(other))}
    res = leave_one_corpus_out(corpora, {"a": 40, "b": 30})
    assert set(res) == {"a", "b"}
    for by_method in res.values():
        assert set(by_method) == {"learned", "default"}
        for scores in by_method.values():
            assert set(scores) == {"rouge1", "rouge2", "rougeL"}
            assert all(0 < v <= 100 for v in scores.values())
    assert res["a"] != res["b"]  # other budgets: other summaries
    fewer = tuple(f for f in MODEL_FEATURES if f not in {"index", "rel_position"})
    assert set(leave_one_corpus_out(corpora, {"a": 40, "b": 30}, base=fewer)) == {"a", "b"}
    with pytest.raises(UsageError, match="at least two corpora"):
        leave_one_corpus_out({"a": corpora["a"]}, {"a": 40})


@needs_lightgbm
def test_train_command_leave_one_corpus_out(tmp_path, capsys):
    other = _renamed(tmp_path, "khac-")
    out_dir = tmp_path / "m"
    args = ["train", str(DATA), str(other), "-o", str(out_dir), "--loco", "--max-words", "40,30"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("leave-one-corpus-out, ROUGE-2 F1")
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert set(rows) == {DATA.name, other.name, "mean"}
    assert rows[DATA.name][0] == "40" and rows[other.name][0] == "30"
    meta = json.loads((out_dir / "ranker.json").read_text(encoding="utf-8"))
    loco = meta["leave_one_corpus_out"]
    assert loco["budgets"] == {DATA.name: 40, other.name: 30}
    assert float(rows[DATA.name][2]) == pytest.approx(loco["f1"][DATA.name]["default"]["rouge2"])
    # the model itself is the one trained without --loco
    assert main(["train", str(DATA), str(other), "-o", str(tmp_path / "plain")]) == 0
    capsys.readouterr()
    assert (out_dir / "ranker.txt").read_bytes() == (tmp_path / "plain" / "ranker.txt").read_bytes()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--loco"], "--loco needs at least two data files"),
        (["--max-words", "40,30"], "only go with --loco"),
    ],
)
def test_train_command_loco_misuse(tmp_path, capsys, extra, message):
    assert main(["train", str(DATA), "-o", str(tmp_path / "m"), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_train_command_loco_budget_count(tmp_path, capsys):
    other = _renamed(tmp_path, "khac-")
    args = ["train", str(DATA), str(other), "-o", str(tmp_path / "m"), "--loco"]
    assert main([*args, "--max-words", "40,30,20"]) == 2
    assert "3 budgets for 2 data files" in capsys.readouterr().err
