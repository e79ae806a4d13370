"""Prediction of a LightGBM model from its text dump, in NumPy (no LightGBM import).

LightGBM stays the trainer (``tomtat train``) and the reference. Scoring the shipped ranker
only needs its trees, and importing the ``lightgbm`` package costs ~1.5 s, most of it
scikit-learn, which LightGBM imports whenever it is installed: that was most of a
``tomtat summarize`` run and of every batch worker's start-up. This module reads
``ranker.txt`` and predicts with the same arithmetic:

* each tree is padded to a complete binary tree of its depth (a leaf above the bottom level
  becomes a node whose threshold is +inf, so every row walks left down to the copy of the leaf);
  a row goes left when ``value <= threshold`` (LightGBM's numerical decision; with missing type
  "None" a NaN value counts as 0.0);
* the raw score is the sum of the trees' leaf values in tree order, accumulated left to right
  in float64, as LightGBM does.

Only what the shipped models use is supported (numerical splits, missing type "None", one tree
per iteration, no linear trees, at most :data:`MAX_DEPTH` levels); anything else raises
ValueError, and the caller falls back to LightGBM. A test checks equality with LightGBM's own
predictions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_DEPTH = 12  # 4,096 positions per padded tree; the shipped ranker's trees have at most 6


@dataclass(frozen=True)
class TreeEnsemble:
    """Trees padded to complete binary trees of ``depth`` levels, stacked."""

    feature: np.ndarray  # (trees, 2**depth - 1) split feature per internal node
    threshold: np.ndarray  # (trees, 2**depth - 1) float64; +inf on padding nodes
    leaf_value: np.ndarray  # (trees, 2**depth) value reached at each bottom position
    depth: int
    n_features: int

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Raw scores of the rows of ``x`` (shape (n, n_features))."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"expected (n, {self.n_features}) inputs, got {x.shape}")
        n, trees = x.shape[0], self.feature.shape[0]
        if n == 0:
            return np.zeros(0)
        x = np.where(np.isnan(x), 0.0, x).ravel()
        inner = 2**self.depth - 1
        # flat indices: gathers from 1-D arrays with np.take are the cheapest in NumPy
        base = np.arange(trees, dtype=np.int64)[None, :] * inner
        row = np.arange(n, dtype=np.int64)[:, None] * self.n_features
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        node = np.zeros((n, trees), dtype=np.int64)
        for _ in range(self.depth):
            at = base + node
            right = np.take(x, row + np.take(feature, at)) > np.take(threshold, at)
            node = 2 * node + 1 + right
        first_leaf = np.arange(trees, dtype=np.int64)[None, :] * (inner + 1) - inner
        leaves = np.take(self.leaf_value.ravel(), first_leaf + node)
        return np.cumsum(leaves, axis=1)[:, -1]


def parse_model(text: str) -> TreeEnsemble:
    """Read a LightGBM text model (``Booster.model_to_string``) into a :class:`TreeEnsemble`."""
    header, _, body = text.partition("\nTree=")
    head = _fields(header)
    if head.get("num_tree_per_iteration", "1") != "1" or head.get("num_class", "1") != "1":
        raise ValueError("only single-output models are supported")
    n_features = int(head["max_feature_idx"]) + 1
    trees = []
    for block in body.split("\nTree="):
        block = block.split("end of trees", 1)[0]
        if block.strip():
            trees.append(_tree(_fields(block)))
    if not trees:
        raise ValueError("no tree in the model")
    depth = max(d for _, d in trees)
    if depth > MAX_DEPTH:  # padding would grow as 2**depth: leave such models to LightGBM
        raise ValueError(f"trees deeper than {MAX_DEPTH} levels are not supported")
    size = 2**depth
    feature = np.zeros((len(trees), size - 1), dtype=np.int64)
    threshold = np.full((len(trees), size - 1), np.inf)
    leaf_value = np.zeros((len(trees), size))
    for t, (root, _) in enumerate(trees):
        _pad(root, depth, feature[t], threshold[t], leaf_value[t])
    return TreeEnsemble(feature, threshold, leaf_value, depth, n_features)


def _fields(block: str) -> dict[str, str]:
    out = {}
    for line in block.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


# a node: ("split", feature, threshold, left, right) or ("leaf", value)
def _tree(f: dict[str, str]) -> tuple[tuple, int]:
    """(root node, depth) of one tree section."""
    if f.get("is_linear", "0") != "0" or f.get("num_cat", "0") != "0":
        raise ValueError("linear or categorical trees are not supported")
    leaves = [float(v) for v in f["leaf_value"].split()]
    if int(f["num_leaves"]) == 1:
        return ("leaf", leaves[0]), 0
    feats = [int(v) for v in f["split_feature"].split()]
    thresholds = [float(v) for v in f["threshold"].split()]
    decisions = [int(v) for v in f["decision_type"].split()]
    lefts = [int(v) for v in f["left_child"].split()]
    rights = [int(v) for v in f["right_child"].split()]
    if any(d & 1 or (d >> 2) & 3 for d in decisions):  # categorical, or missing type not None
        raise ValueError("only numerical splits with missing type None are supported")

    def node(i: int) -> tuple:
        if i < 0:
            return ("leaf", leaves[~i])
        return ("split", feats[i], thresholds[i], node(lefts[i]), node(rights[i]))

    root = node(0)
    return root, _depth(root)


def _depth(n: tuple) -> int:
    return 0 if n[0] == "leaf" else 1 + max(_depth(n[3]), _depth(n[4]))


def _pad(
    root: tuple, depth: int, feature: np.ndarray, threshold: np.ndarray, leaf_value: np.ndarray
) -> None:
    """Write one tree into complete-tree arrays (node ``pos`` has children 2pos+1, 2pos+2)."""

    def walk(n: tuple, pos: int, level: int) -> None:
        if level == depth:  # bottom: n is a leaf
            leaf_value[pos - (2**depth - 1)] = n[1]
            return
        if n[0] == "leaf":  # a leaf above the bottom: threshold +inf sends every row left
            threshold[pos] = np.inf
            walk(n, 2 * pos + 1, level + 1)
            walk(n, 2 * pos + 2, level + 1)  # never reached; filled so the arrays are whole
            return
        _, f, thr, left, right = n
        feature[pos] = f
        threshold[pos] = thr
        walk(left, 2 * pos + 1, level + 1)
        walk(right, 2 * pos + 2, level + 1)

    walk(root, 0, 0)
