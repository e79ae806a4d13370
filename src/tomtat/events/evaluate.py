"""B-cubed scores of a clustering against true classes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def bcubed(truth: Sequence[Any], predicted: Sequence[Any]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    For each item: precision = share of its predicted cluster that shares its true class;
    recall = share of its true class that is in its predicted cluster; both averaged over
    items, F1 = their harmonic mean. Empty input -> (1.0, 1.0, 1.0).
    """
    from collections import Counter

    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} true labels but {len(predicted)} predicted labels")
    n = len(truth)
    if n == 0:
        return 1.0, 1.0, 1.0
    pair = Counter(zip(truth, predicted, strict=True))
    t_size = Counter(truth)
    p_size = Counter(predicted)
    # every item of the (t, p) cell has the same per-item precision and recall
    prec = sum(c * c / p_size[p] for (t, p), c in pair.items()) / n
    rec = sum(c * c / t_size[t] for (t, p), c in pair.items()) / n
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1
