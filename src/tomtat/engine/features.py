"""Shared sentence features, computed once per cluster and reused by every method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Cluster


@dataclass(frozen=True)
class Features:
    """Per-sentence feature matrix (rows follow ``cluster.sentences``) and their names."""

    names: tuple[str, ...]
    matrix: np.ndarray

    def column(self, name: str) -> np.ndarray:
        return self.matrix[:, self.names.index(name)]


def compute_features(cluster: Cluster) -> Features:
    n = len(cluster.sentences)
    index = np.array([s.index for s in cluster.sentences], dtype=float)
    length = np.array([s.n_syllables for s in cluster.sentences], dtype=float)
    return Features(("index", "length"), np.column_stack([index, length]).reshape(n, 2))
