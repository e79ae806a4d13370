"""The learned sentence scorer: a LightGBM ranker over the engine's shared features.

The model is trained by :mod:`tomtat.train` (``tomtat train DATA.jsonl -o DIR``) and
ships inside the package as two small files in ``engine/models/``:

* ``ranker.txt``: LightGBM's own text dump of the trees (loaded with
  ``lightgbm.Booster(model_str=...)``: plain text parsing, no pickle, nothing executed);
* ``ranker.json``: metadata: the feature names the model was trained on, the training data's
  fingerprint, the hyper-parameters and cross-validation figures.

Inputs are the shared features of :func:`tomtat.engine.features.compute_features` (never a
second pipeline), plus their within-cluster percentile ranks, which keep the model's inputs on
one scale whatever the size of the cluster. ``anchor_text`` features (AbMuSu only) are not used.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..model import Cluster
from .features import CITE_THRESHOLD, FEATURE_NAMES, Features
from .registry import register
from .select import percentile_ranks
from .trees import TreeEnsemble, parse_model

MODEL_ENV = "TOMTAT_MODEL"  # a directory holding ranker.txt + ranker.json overrides the shipped one

# Shared features the model reads. Left out: raw counts that grow with the number of articles
# (n_docs, support), which the held-out clusters (up to 10 articles) would push outside the
# training range; support_frac stays.
MODEL_FEATURES: tuple[str, ...] = tuple(n for n in FEATURE_NAMES if n not in {"n_docs", "support"})
# Features also given as within-cluster percentile ranks (scale-free across clusters).
RANKED_FEATURES: tuple[str, ...] = (
    "length",
    "lexrank",
    "centroid",
    "title_sim",
    "title_sim_max",
    "lead_sim",
    "support_frac",
    "max_other_sim",
    "mean_other_sim",
    "doc_centrality",
    "entities",
    "numbers",
)


def input_names(base: tuple[str, ...] = MODEL_FEATURES) -> tuple[str, ...]:
    return base + tuple(f"{n}@rank" for n in RANKED_FEATURES if n in base)


def model_inputs(features: Features, base: tuple[str, ...] = MODEL_FEATURES) -> np.ndarray:
    """The model's input matrix for one cluster: chosen features + their in-cluster ranks."""
    n = features.matrix.shape[0]
    columns, ranked = _input_columns(features.names, base)
    if not len(columns):
        return np.zeros((n, 0))
    x = features.matrix[:, columns]  # one gather instead of a column_stack of columns
    if not len(ranked):
        return x
    # rank_fractions of each ranked feature (0 = largest in the cluster), in one sort
    order = np.argsort(-features.matrix[:, ranked], axis=0, kind="stable")
    ranks = np.empty(order.shape)
    np.put_along_axis(ranks, order, np.arange(n, dtype=np.float64)[:, None], axis=0)
    return np.hstack([x, ranks / max(n - 1, 1)])


@lru_cache(maxsize=16)
def _input_columns(names: tuple[str, ...], base: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(the columns of ``base`` in a feature matrix of ``names``, those of its ranked ones)."""
    index = {name: i for i, name in enumerate(names)}
    missing = [n for n in base if n not in index]
    if missing:
        raise KeyError(f"no feature {missing[0]!r}; features are: {', '.join(names)}")
    ranked = [index[name] for name in RANKED_FEATURES if name in base]
    return np.array([index[n] for n in base], dtype=np.intp), np.array(ranked, dtype=np.intp)


@dataclass(frozen=True)
class LearnedModel:
    """A ranker: a LightGBM booster (training, cross-validation), or the trees read from the
    model file (``trees``; predicts the same scores without importing LightGBM)."""

    booster: Any  # lightgbm.Booster, or None when ``trees`` is set
    meta: dict[str, Any]
    path: str
    trees: TreeEnsemble | None = None

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(self.meta["features"])

    @property
    def n_inputs(self) -> int:
        return self.trees.n_features if self.trees is not None else self.booster.num_feature()

    def predict(self, features: Features) -> np.ndarray:
        x = model_inputs(features, self.features)
        if x.shape[0] == 0:
            return np.zeros(0)
        if self.trees is not None:
            return self.trees.predict(x)
        return np.asarray(self.booster.predict(x, num_threads=1), dtype=np.float64)


def default_model_dir() -> Path:
    env = os.environ.get(MODEL_ENV)
    if env:
        return Path(env)
    return _shipped_model_dir()


@lru_cache(maxsize=1)
def _shipped_model_dir() -> Path:
    # importlib.resources costs ~0.15 ms a call, paid on every summary before this cache
    return Path(str(resources.files("tomtat.engine") / "models"))


def load_model(directory: str | os.PathLike[str] | None = None) -> LearnedModel:
    """Load (once per directory) the ranker from ``directory`` or the shipped model."""
    return _load(str(Path(directory) if directory is not None else default_model_dir()))


@lru_cache(maxsize=4)
def _load(directory: str) -> LearnedModel:
    d = Path(directory)
    model_file, meta_file = d / "ranker.txt", d / "ranker.json"
    if not model_file.is_file() or not meta_file.is_file():
        raise InputError(
            f"no trained model in {d} (expected ranker.txt and ranker.json); "
            "train one with: tomtat train DATA.jsonl -o DIR"
        )
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        text = model_file.read_text(encoding="utf-8")
    except (ValueError, OSError) as exc:
        raise InputError(f"{d}: not a tomtat model ({exc})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{d}: not a tomtat model (ranker.json is not an object)")
    unknown = [n for n in meta.get("features", []) if n not in FEATURE_NAMES]
    if not meta.get("features") or unknown:
        raise InputError(
            f"{d}: model expects features this version does not compute: {', '.join(unknown)}"
        )
    try:
        # the trees themselves: no LightGBM import (~1.5 s, most of it scikit-learn)
        model = LearnedModel(None, meta, str(d), parse_model(text))
    except (ValueError, KeyError, IndexError) as exc:
        model = LearnedModel(_booster(text, d, exc), meta, str(d))  # what only LightGBM reads
    if model.n_inputs != len(input_names(tuple(meta["features"]))):
        raise InputError(f"{d}: model and metadata disagree on the number of features")
    return model


def _booster(text: str, d: Path, why: Exception) -> Any:
    """A model the NumPy tree reader could not read (``why``), read by LightGBM if installed."""
    try:
        import lightgbm
    except ImportError:
        raise InputError(
            f"{d}: not a tomtat model the built-in reader can score ({why}); a model that only "
            "LightGBM reads needs: pip install 'tomtat[train]'"
        ) from None
    try:
        return lightgbm.Booster(model_str=text)
    except (ValueError, lightgbm.basic.LightGBMError) as exc:
        raise InputError(f"{d}: not a tomtat model ({exc})") from None


# Selection defaults tuned on abmusu-validation (docs/results.md, "Learned scorer").
LEARNED_SELECT: dict[str, Any] = {"lam": 0.7, "min_length": 8, "rank_relevance": True}
# ``default`` blends the ranker with the untrained heuristic of methods.py by rank, the
# heuristic weighted PRIOR_WEIGHT: better than either alone, and 3 (against 2 when only AbMuSu
# was used) is the best by the mean and the worst corpus of leave-one-corpus-out CV over
# AbMuSu, ViMs-dev and VMDS-dev (docs/results.md, "Across corpora").
PRIOR_WEIGHT = 3.0
# ``min_share`` 0.65: a sentence shorter than 0.65 x the cluster's median sentence length
# (about 18 syllables in news) is not chosen while a longer one fits. Leave-one-corpus-out with
# the readability stages, against 8 syllables alone: AbMuSu -0.08, ViMs +0.82, VMDS +1.06;
# 0.45-0.7 all gain, 0.65 has the best mean and keeps every in-sample figure (docs/results.md,
# "With the readability stages (issue 15)").
DEFAULT_SELECT: dict[str, Any] = {
    "lam": 0.6,
    "min_length": 8,
    "min_share": 0.65,
    "rank_relevance": True,
    # a candidate that would be cited as saying the same thing as a chosen sentence is a repeat
    "duplicate": CITE_THRESHOLD,
}


@register(
    "learned",
    "LightGBM ranker over the shared features, trained on AbMuSu, ViMs-dev and VMDS-dev",
    **LEARNED_SELECT,
)
def learned(cluster: Cluster, features: Features) -> np.ndarray:
    return load_model().predict(features)


@register(
    "default",
    "the learned ranker blended with the untrained heuristic (best measured; recommended)",
    **DEFAULT_SELECT,
)
def default(cluster: Cluster, features: Features) -> np.ndarray:
    from .methods import heuristic

    return blend(load_model().predict(features), heuristic(cluster, features))


def blend(learned_scores: np.ndarray, prior_scores: np.ndarray) -> np.ndarray:
    """``default``'s score: percentile rank of the ranker + PRIOR_WEIGHT x that of the prior."""
    return percentile_ranks(learned_scores) + PRIOR_WEIGHT * percentile_ranks(prior_scores)
