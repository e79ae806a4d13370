"""Evaluation (tomtat.eval): Vietnamese-correct ROUGE, data sets with references, evaluate().

``from tomtat.eval import score, evaluate`` — the submodules load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["EvalResult", "Score", "evaluate", "load_clusters", "rouge_l", "rouge_n", "score"]

if TYPE_CHECKING:
    from .datasets import load_clusters
    from .evaluate import EvalResult, evaluate
    from .rouge import Score, rouge_l, rouge_n, score

_WHERE = {
    "EvalResult": "evaluate",
    "evaluate": "evaluate",
    "load_clusters": "datasets",
    "Score": "rouge",
    "rouge_l": "rouge",
    "rouge_n": "rouge",
    "score": "rouge",
}


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'tomtat.eval' has no attribute {name!r}")
