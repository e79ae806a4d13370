"""Evaluate a summarization method on clusters with reference summaries.

Per cluster: summarize with ``method`` under ``max_words`` syllables, then ROUGE-1/2/L of the
summary text against the cluster's references (best F1 per metric over the references; see
:mod:`tomtat.eval.rouge`). Corpus figures: the macro average over clusters of each of
precision, recall and F1 separately (so the average F1 is not the F1 of the average P and R).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import UsageError
from ..model import Cluster
from .rouge import METRICS, Score, Tokenizer, get_tokenizer, score


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """ROUGE of one cluster's summary."""

    id: str
    scores: dict[str, Score]
    n_syllables: int  # length of the summary (whitespace-separated syllables)
    n_sentences: int
    seconds: float  # time to summarize (not to score)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "n_syllables": self.n_syllables,
            "n_sentences": self.n_sentences,
            "seconds": round(self.seconds, 6),
            **{m: self.scores[m].as_dict() for m in METRICS},
        }


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Per-cluster rows and their macro average."""

    method: str
    max_words: int
    tokenize: str
    rows: tuple[ClusterResult, ...]
    average: dict[str, Score] = field(default_factory=dict)

    @property
    def n_clusters(self) -> int:
        return len(self.rows)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.rows)

    def as_dict(self, per_cluster: bool = False) -> dict:
        out: dict = {
            "method": self.method,
            "max_words": self.max_words,
            "tokenize": self.tokenize,
            "clusters": self.n_clusters,
            "average": {m: self.average[m].as_dict() for m in METRICS},
        }
        if per_cluster:
            out["per_cluster"] = [r.as_dict() for r in self.rows]
        return out


def macro_average(rows: Iterable[dict[str, Score]]) -> dict[str, Score]:
    """Mean of precision, recall and F1 of each metric over rows."""
    rows = list(rows)
    if not rows:
        raise UsageError("nothing to average: no cluster was evaluated")
    return {m: Score(*(sum(r[m][k] for r in rows) / len(rows) for k in range(3))) for m in METRICS}


def mean_over_corpora(results: Iterable[EvalResult]) -> dict[str, Score]:
    """Mean of the corpus averages (each corpus weighs the same, whatever its size)."""
    return macro_average(r.average for r in results)


def evaluate(
    clusters: Iterable[Cluster],
    method: str = "default",
    max_words: int = 200,
    tokenize: str | Tokenizer = "syllable",
) -> EvalResult:
    """Summarize every cluster with ``method`` and score it against its references.

    Raises :class:`UsageError` for an unknown method or tokenization, a non-positive budget,
    or a cluster without references (naming it).
    """
    from ..engine import get_method, summarize

    get_method(method)  # fail before the first cluster on an unknown method
    tok = get_tokenizer(tokenize)
    if max_words <= 0:
        raise UsageError(
            f"max_words must be a positive number of syllables, got {max_words}", "max_words"
        )
    rows: list[ClusterResult] = []
    for cluster in clusters:
        if not cluster.references:
            raise UsageError(
                f"cluster {cluster.id or '(unnamed)'!r} has no reference summary to score against"
            )
        t0 = time.perf_counter()
        summary = summarize(cluster, method=method, max_words=max_words)
        elapsed = time.perf_counter() - t0
        rows.append(
            ClusterResult(
                id=cluster.id,
                scores=score(summary.source_text, cluster.references, tok),  # no brackets
                n_syllables=summary.n_syllables,
                n_sentences=len(summary.sentences),
                seconds=elapsed,
            )
        )
    name = tokenize if isinstance(tokenize, str) else getattr(tokenize, "__name__", "custom")
    return EvalResult(
        method=method,
        max_words=max_words,
        tokenize=name,
        rows=tuple(rows),
        average=macro_average(r.scores for r in rows),
    )
