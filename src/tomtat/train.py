"""Train the learned scorer (``tomtat train DATA.jsonl -o DIR``), deterministically.

Training data: every sentence of every cluster, featurized by the engine's shared feature stage,
labelled by how much of the human summary it carries *per syllable*: its ROUGE-2 precision
against the reference (clipped bigram overlap / the sentence's bigrams; best reference when
there are several). Per cluster, the labels become graded relevance (3 for the top 3 sentences,
2 for the next 5, 1 for the next 7, 0 for the rest and for any sentence with no overlap) and a
LightGBM LambdaRank model learns to order the sentences of a cluster. Precision rather than
recall is the label because the budget is fixed: a sentence is worth its overlap per syllable
spent (docs/results.md compares recall, oracle-membership and precision labels).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from .engine.features import compute_features
from .engine.learned import MODEL_FEATURES, input_names, model_inputs
from .errors import InputError, MissingDependencyError, UsageError
from .model import Cluster

# LightGBM parameters: small trees; one thread and deterministic=True so the same data and seed
# give byte-identical models. 100 trees at learning rate 0.09 (same 5-fold CV on AbMuSu train as
# 300 at 0.03, half the prediction time). No row or column subsampling: chosen by
# leave-one-corpus-out CV over AbMuSu, ViMs-dev and VMDS-dev (docs/results.md, "Across
# corpora"): with 80 % subsampling the held-out scores moved by up to 0.8 points from one seed
# to the next; without it the model does not depend on the seed and scored best by the mean and
# the worst held-out corpus.
PARAMS: dict[str, Any] = {
    "objective": "lambdarank",
    "n_estimators": 100,
    "learning_rate": 0.09,
    "num_leaves": 7,
    "min_child_samples": 50,
    "subsample": 1.0,
    "subsample_freq": 0,
    "colsample_bytree": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
GRADES = ((3, 3), (5, 2), (7, 1))  # (how many sentences, grade), from the best down


@dataclass
class Table:
    """A training table: stacked model inputs, graded labels, group sizes (one per cluster)."""

    x: np.ndarray
    y: np.ndarray
    groups: list[int]
    ids: list[str] = field(default_factory=list)


def _bigrams(tokens: Sequence[str]) -> Counter[tuple[str, str]]:
    return Counter(pairwise(tokens))


def precision_labels(cluster: Cluster) -> np.ndarray:
    """ROUGE-2 precision of each sentence against the best reference (syllable tokens)."""
    from .text.tokens import syllables

    if not cluster.references:
        raise UsageError(f"cluster {cluster.id!r} has no reference summary to learn from")
    refs = [_bigrams(syllables(r)) for r in cluster.references]
    out = np.zeros(len(cluster.sentences))
    for i, s in enumerate(cluster.sentences):
        grams = _bigrams(syllables(s.text))
        total = sum(grams.values())
        if total:
            out[i] = max(sum((grams & r).values()) for r in refs) / total
    return out


def graded(values: np.ndarray) -> np.ndarray:
    """Per-cluster graded relevance from soft labels (ties broken by position)."""
    grades = np.zeros(len(values), dtype=np.int32)
    order = np.argsort(-values, kind="stable")
    start = 0
    for count, grade in GRADES:
        grades[order[start : start + count]] = grade
        start += count
    grades[values <= 0] = 0
    return grades


@dataclass(frozen=True)
class Example:
    """One featurized training cluster."""

    cluster: Cluster
    features: Any  # Features
    x: np.ndarray
    grades: np.ndarray


def featurize(clusters: Iterable[Cluster], base: tuple[str, ...] = MODEL_FEATURES) -> list[Example]:
    out = []
    for cluster in clusters:
        feats = compute_features(cluster)
        out.append(
            Example(cluster, feats, model_inputs(feats, base), graded(precision_labels(cluster)))
        )
    return out


def build_table(examples: Sequence[Example]) -> Table:
    if not examples:
        raise InputError("no training cluster")
    return Table(
        np.vstack([e.x for e in examples]),
        np.concatenate([e.grades for e in examples]),
        [len(e.grades) for e in examples],
        [e.cluster.id for e in examples],
    )


def _lightgbm() -> Any:
    """The ``lightgbm`` module, or the error naming the extra that installs it."""
    try:
        import lightgbm
    except ImportError:
        raise MissingDependencyError(
            "training needs LightGBM: pip install 'tomtat[train]'"
        ) from None
    return lightgbm


def fit(table: Table, seed: int = 0, params: dict[str, Any] | None = None) -> Any:
    """Fit a LightGBM ranker on ``table``; returns the Booster."""
    lightgbm = _lightgbm()

    p = {**PARAMS, **(params or {}), "seed": seed}
    n_estimators = p.pop("n_estimators")
    p.pop("objective")
    ds = lightgbm.Dataset(table.x, label=table.y, group=table.groups, free_raw_data=False)
    lgb_params = {
        "objective": "lambdarank",
        "learning_rate": p.pop("learning_rate"),
        "num_leaves": p.pop("num_leaves"),
        "min_data_in_leaf": p.pop("min_child_samples"),
        "bagging_fraction": p.pop("subsample"),
        "bagging_freq": p.pop("subsample_freq"),
        "feature_fraction": p.pop("colsample_bytree"),
        **p,
    }
    return lightgbm.train(lgb_params, ds, num_boost_round=n_estimators)


def _fingerprint(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def write_model(booster: Any, meta: dict[str, Any], out_dir: str | os.PathLike[str]) -> Path:
    """Write ranker.txt + ranker.json into ``out_dir`` atomically (temp files, then rename)."""
    d = Path(out_dir)
    if d.exists() and not d.is_dir():
        raise UsageError(f"-o {d}: exists and is not a directory")
    d.mkdir(parents=True, exist_ok=True)
    model_text = booster.model_to_string(num_iteration=-1)
    # LightGBM records its parameters in the dump; drop the machine-dependent lines
    files = {
        "ranker.txt": model_text,
        "ranker.json": json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
    }
    tmps: list[tuple[str, Path]] = []
    try:
        for name, content in files.items():
            fd, tmp = tempfile.mkstemp(dir=d, prefix=f".{name}.", suffix=".tmp")
            tmps.append((tmp, d / name))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(content)
            os.chmod(tmp, 0o644)  # package data: readable by all, like any installed file
        for tmp, target in tmps:
            os.replace(tmp, target)
    finally:
        for tmp, _ in tmps:
            Path(tmp).unlink(missing_ok=True)
    return d


def training_clusters(
    paths: Sequence[str | os.PathLike[str]],
    *,
    on_warning: Any = None,
) -> list[list[Cluster]]:
    """The clusters of each data file, ready to featurize.

    Every file is checked first (:func:`tomtat.eval.datasets.read_data_files`): a line that is
    not a cluster, a cluster without a reference summary and a cluster id seen twice (in one
    file or across files) are errors naming ``file:line``. A cluster left with ONE article
    (after empty articles are dropped) is skipped with a warning: the model learns how a
    sentence stands among several articles (support, cross-article similarity), which such a
    cluster cannot show. A file left with no cluster is an error.
    """
    from .eval.datasets import build_record, read_data_files

    out: list[list[Cluster]] = []
    for path, records in zip(paths, read_data_files(paths, on_warning=on_warning), strict=True):
        clusters = []
        skipped = []
        for rec in records:
            cluster = build_record(rec)
            if len(cluster.documents) < 2:
                skipped.append(rec.where)
            else:
                clusters.append(cluster)
        if skipped and on_warning is not None:
            on_warning(
                f"{path}: {len(skipped)} cluster(s) of one article not used for training "
                f"(first: {skipped[0]})"
            )
        if not clusters:
            raise InputError(f"{path}: no cluster of two or more articles to train on")
        out.append(clusters)
    return out


def train(
    data: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    seed: int = 0,
    cv_folds: int = 0,
    max_words: int = 200,
    progress: bool = False,
    on_warning: Any = None,
    loco_budgets: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Train on one or several JSONL data sets with reference summaries; write the model.

    Several files are pooled (every cluster is one ranking group, whatever its file); their
    order is part of the training data (the same files in the same order and seed give the
    same model, byte for byte). ``cv_folds`` > 1 also reports k-fold cross-validated ROUGE of
    the learned method over the pooled clusters (each fold's model is trained on the other
    folds). ``loco_budgets`` (one budget per file, at least two files) also reports
    leave-one-corpus-out CV, each file being one corpus (:func:`leave_one_corpus_out`).
    Returns the model's metadata.
    """
    _lightgbm()  # before reading anything: a missing extra is the first thing to say

    paths = [data] if isinstance(data, str | os.PathLike) else list(data)
    if loco_budgets is not None and (len(paths) < 2 or len(loco_budgets) != len(paths)):
        raise UsageError(
            "leave-one-corpus-out needs at least two data files and one budget per file "
            f"(got {len(paths)} file(s), {len(loco_budgets)} budget(s))"
        )
    per_file = training_clusters(paths, on_warning=on_warning)
    clusters = [c for cs in per_file for c in cs]
    if progress:
        import sys

        from .io.safe import printable

        for path, cs in zip(paths, per_file, strict=True):
            print(printable(f"tomtat train: {len(cs)} clusters from {path}"), file=sys.stderr)
    examples = featurize(clusters)
    table = build_table(examples)
    booster = fit(table, seed=seed)
    files = [
        {"file": Path(p).name, "sha256_16": _fingerprint(p), "clusters": len(cs)}
        for p, cs in zip(paths, per_file, strict=True)
    ]
    meta: dict[str, Any] = {
        "format": "tomtat-ranker/1",
        "features": list(MODEL_FEATURES),
        "inputs": list(input_names()),
        "label": "ROUGE-2 precision vs the best of the references, graded per cluster "
        + repr(GRADES),
        "params": {**PARAMS, "seed": seed},
        "training_data": {
            "files": files,
            "clusters": len(clusters),
            "sentences": int(table.x.shape[0]),
        },
    }
    if cv_folds > 1:
        meta["cross_validation"] = cross_validate(examples, cv_folds, seed, max_words)
    if loco_budgets is not None:
        names = [Path(p).name for p in paths]
        corpora, start = {}, 0
        for name, cs in zip(names, per_file, strict=True):
            corpora[name] = examples[start : start + len(cs)]
            start += len(cs)
        budgets = dict(zip(names, loco_budgets, strict=True))
        scores = leave_one_corpus_out(corpora, budgets, seed=seed)
        meta["leave_one_corpus_out"] = {"budgets": budgets, "f1": scores}
    write_model(booster, meta, out_dir)
    return meta


def cross_validate(
    examples: Sequence[Example], folds: int, seed: int = 0, max_words: int = 200
) -> dict[str, Any]:
    """k-fold CV (fold = position mod k): mean ROUGE F1 x100 (syllables) of held-out folds."""
    from .engine.api import summarize
    from .engine.learned import LEARNED_SELECT, LearnedModel
    from .eval.rouge import score

    if folds < 2 or folds > len(examples):
        raise UsageError(f"--cv must be between 2 and the number of clusters, got {folds}")
    rows: list[dict[str, float]] = []
    for f in range(folds):
        booster = fit(build_table([e for i, e in enumerate(examples) if i % folds != f]), seed)
        model = LearnedModel(booster, {"features": list(MODEL_FEATURES)}, "<cv>")
        for e in (e for i, e in enumerate(examples) if i % folds == f):
            scores = model.predict(e.features)  # the fold's model scores, the shared stages
            summary = summarize(
                e.cluster,
                "learned",
                max_words,
                features=e.features,
                scores=scores,
                **LEARNED_SELECT,
            )
            s = score(summary.source_text, list(e.cluster.references), "syllable")
            rows.append({k: v.fmeasure for k, v in s.items()})
    return {
        "folds": folds,
        "clusters": len(rows),
        "f1": {k: round(100 * float(np.mean([r[k] for r in rows])), 2) for k in rows[0]},
    }


def leave_one_corpus_out(
    corpora: Mapping[str, Sequence[Example]],
    budgets: Mapping[str, int],
    *,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    base: tuple[str, ...] = MODEL_FEATURES,
    on_cluster: Callable[[str, str, Example, dict[str, Any]], None] | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """Leave-one-corpus-out CV: for each corpus, a model fitted on all the OTHER corpora
    summarizes its clusters at its budget, as ``learned`` and as ``default`` (the blend).

    Returns ``{corpus: {"learned": {metric: F1 x100}, "default": {...}}}`` (syllable ROUGE,
    macro average over the corpus's clusters). ``base``: the shared features the models read
    (to measure what dropping one does). ``on_cluster(corpus, method, example, scores)``
    receives each held-out cluster's ROUGE (``tomtat.eval.rouge.score``'s dict), e.g. for
    paired comparisons.
    """
    from .engine.api import summarize
    from .engine.learned import DEFAULT_SELECT, LEARNED_SELECT, LearnedModel, blend
    from .engine.methods import heuristic
    from .eval.evaluate import macro_average
    from .eval.rouge import score

    if len(corpora) < 2:
        raise UsageError("leave-one-corpus-out needs at least two corpora")
    out: dict[str, dict[str, dict[str, float]]] = {}
    for held, examples in corpora.items():
        rest = [e for name, ex in corpora.items() if name != held for e in ex]
        width = len(input_names(base))  # examples may hold the inputs of another feature set
        rest = [e if e.x.shape[1] == width else replace(e, x=model_inputs(e.features, base))
                for e in rest]  # fmt: skip
        model = LearnedModel(fit(build_table(rest), seed, params), {"features": list(base)}, "<cv>")
        rows: dict[str, list[dict[str, Any]]] = {"learned": [], "default": []}
        for e in examples:
            learned = model.predict(e.features)
            prior = heuristic(e.cluster, e.features)
            for name, scores, opts in (
                ("learned", learned, LEARNED_SELECT),
                ("default", blend(learned, prior), DEFAULT_SELECT),
            ):
                s = summarize(
                    e.cluster, name, budgets[held], features=e.features, scores=scores, **opts
                )
                got = score(s.source_text, list(e.cluster.references), "syllable")
                rows[name].append(got)
                if on_cluster is not None:
                    on_cluster(held, name, e, got)
        out[held] = {
            name: {m: round(100 * v.fmeasure, 2) for m, v in macro_average(r).items()}
            for name, r in rows.items()
        }
    return out
