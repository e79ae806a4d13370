"""The learned scorer: shipped model, safe loading, deterministic training, the train command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tomtat import Document, build_cluster, summarize
from tomtat.engine import available_methods
from tomtat.engine.features import FEATURE_NAMES, compute_features
from tomtat.engine.learned import MODEL_FEATURES, input_names, load_model, model_inputs
from tomtat.errors import InputError

FIXTURES = Path(__file__).parent.parent / "fixtures"
DATA = FIXTURES / "eval_small.jsonl"

DOCS = [
    Document(
        "a",
        "Sáng 3/4, Ủy ban nhân dân tỉnh Quảng Trị khánh thành cây cầu treo mới nối hai bờ sông "
        "Thạch Hãn. Cây cầu dài 120 m, rộng 2,5 m, có tổng vốn đầu tư 11,5 tỷ đồng. Hơn 2.000 học "
        "sinh hai xã sẽ không còn phải đi đò qua sông mỗi ngày. Ông Lê Văn Hùng, một phụ huynh, "
        "nói: “Từ nay các cháu đi học an toàn hơn nhiều.”",
        title="Quảng Trị khánh thành cầu treo cho học sinh vùng lũ",
    ),
    Document(
        "b",
        "Cầu treo bắc qua sông Thạch Hãn đã chính thức được đưa vào sử dụng hôm thứ Năm. Công "
        "trình có chiều dài 120 m với kinh phí khoảng 11,5 tỷ đồng từ ngân sách tỉnh và nguồn xã "
        "hội hoá. Trước đây, mỗi mùa mưa lũ, việc đi lại của người dân hai bờ gặp rất nhiều khó "
        "khăn. Chính quyền địa phương cho biết sẽ bố trí lực lượng kiểm tra cầu định kỳ.",
        title="Cầu treo 11,5 tỷ đồng qua sông Thạch Hãn đi vào sử dụng",
    ),
]


def test_learned_and_default_are_registered():
    methods = available_methods()
    assert "learned" in methods
    assert "default" in methods


def test_shipped_model_reads_only_known_features():
    model = load_model()
    assert set(model.features) <= set(FEATURE_NAMES)
    assert "n_docs" not in model.features and "support" not in model.features
    assert model.n_inputs == len(input_names(model.features))


def test_trees_read_from_the_file_score_exactly_as_lightgbm():
    lightgbm = pytest.importorskip("lightgbm", reason="the `train` extra is not installed")

    from tomtat.engine.learned import default_model_dir

    model = load_model()
    assert model.trees is not None  # summarizing does not import LightGBM
    booster = lightgbm.Booster(model_file=str(default_model_dir() / "ranker.txt"))
    feats = compute_features(build_cluster(DOCS, "cau-treo"))
    x = model_inputs(feats, model.features)
    assert np.array_equal(model.predict(feats), booster.predict(x, num_threads=1))
    # rows far outside the training range, and a NaN (LightGBM reads it as 0.0 here)
    rng = np.random.default_rng(5)
    wild = rng.normal(0, 1000, size=(40, x.shape[1]))
    wild[3, 0] = np.nan
    assert np.array_equal(model.trees.predict(wild), booster.predict(wild, num_threads=1))


def test_summarizing_does_not_import_lightgbm():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tomtat.pipeline import build_cluster\n"
        "from tomtat.model import Document\n"
        "from tomtat.engine import summarize\n"
        "c = build_cluster([Document('a', 'Mưa lớn ở Huế. Nước sông Hương dâng cao. Hàng trăm hộ "
        "dân phải sơ tán.')], 'x')\n"
        "summarize(c, 'default', 20)\n"
        "print('lightgbm' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_model_inputs_add_in_cluster_ranks():
    feats = compute_features(build_cluster(DOCS, "cau-treo"))
    x = model_inputs(feats)
    assert x.shape == (len(feats.lengths), len(input_names(MODEL_FEATURES)))
    ranks = x[:, len(MODEL_FEATURES) :]
    assert ranks.min() >= 0.0 and ranks.max() <= 1.0


def test_default_summary_is_cited_budgeted_and_deterministic():
    cluster = build_cluster(DOCS, "cau-treo")
    one = summarize(cluster, method="default", max_words=60)
    two = summarize(cluster, method="default", max_words=60)
    assert one == two
    assert 0 < one.n_syllables <= 60
    texts = {d.id: t for d, t in zip(cluster.documents, cluster.texts, strict=True)}
    for s in one.sentences:
        assert s.text in texts[s.doc_id]
        assert {src.doc_id for src in s.sources} <= set(texts)


def test_learned_scores_prefer_the_lead_over_a_quote():
    cluster = build_cluster(DOCS, "cau-treo")
    scores = load_model().predict(compute_features(cluster))
    assert scores.shape == (len(cluster.sentences),)
    first = next(s.position for s in cluster.sentences if s.doc_id == "a" and s.index == 0)
    quote = next(s.position for s in cluster.sentences if "“" in s.text)
    assert scores[first] > scores[quote]


def test_missing_or_corrupt_model_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no trained model"):
        load_model(tmp_path / "none")
    bad = tmp_path / "bad"
    shutil.copytree(Path(load_model().path), bad)
    (bad / "ranker.txt").write_text("this is not a model", encoding="utf-8")
    with pytest.raises(InputError, match="not a tomtat model"):
        load_model(bad)
    wrong = tmp_path / "wrong"
    shutil.copytree(Path(load_model().path), wrong)
    meta = json.loads((wrong / "ranker.json").read_text(encoding="utf-8"))
    meta["features"] = ["index", "no_such_feature"]
    (wrong / "ranker.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(InputError, match="no_such_feature"):
        load_model(wrong)


def test_tree_reader_refuses_what_it_does_not_read_exactly():
    from tomtat.engine.trees import parse_model

    head = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=1\n\n"
    stump = "Tree=0\nnum_leaves=1\nnum_cat=0\nleaf_value=0.5\nis_linear=0\nshrinkage=1\n\n"
    scores = parse_model(head + stump + "end of trees\n").predict(np.zeros((2, 2)))
    assert scores.tolist() == [0.5, 0.5]
    categorical = (
        "Tree=0\nnum_leaves=2\nnum_cat=1\nsplit_feature=0\nthreshold=0\ndecision_type=1\n"
        "left_child=-1\nright_child=-2\nleaf_value=0.1 0.2\nis_linear=0\nshrinkage=1\n\n"
    )
    with pytest.raises(ValueError):
        parse_model(head + categorical + "end of trees\n")
    with pytest.raises((ValueError, KeyError)):  # the loader then tries LightGBM itself
        parse_model("not a model")


@pytest.mark.parametrize("leaves", [2, 8, 9, 31, 64])
def test_tree_reader_scores_trees_of_any_size_exactly_as_lightgbm(leaves):
    # 8 leaves or fewer take the one-byte leaf masks, more the 64-bit ones; skewed data gives
    # unbalanced trees (a leaf high up beside a deep subtree)
    lightgbm = pytest.importorskip("lightgbm", reason="the `train` extra is not installed")
    from tomtat.engine.trees import parse_model

    rng = np.random.default_rng(leaves)
    x = rng.exponential(1.0, size=(600, 5)) ** 3
    y = np.sin(x[:, 0]) + (x[:, 1] > 2) * x[:, 2] + rng.normal(0, 0.1, 600)
    params = {"objective": "regression", "num_leaves": leaves, "min_data_in_leaf": 3,
              "verbose": -1, "num_threads": 1, "deterministic": True}  # fmt: skip
    booster = lightgbm.train(params, lightgbm.Dataset(x, label=y), num_boost_round=15)
    trees = parse_model(booster.model_to_string())
    assert trees.leaves <= leaves and (trees.drop.dtype == np.uint8) == (trees.leaves <= 8)
    wild = np.vstack([x, rng.normal(0, 50, size=(50, 5))])
    wild[7, 2] = np.nan
    assert np.array_equal(trees.predict(wild), booster.predict(wild, num_threads=1))
