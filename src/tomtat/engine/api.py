"""The summarize() entry point: features -> method scores -> select -> order -> cite."""

from __future__ import annotations

from ..errors import UsageError
from ..model import Cluster, Summary, SummarySentence
from .features import compute_features
from .registry import get_method


def summarize(cluster: Cluster, method: str = "default", max_words: int = 200) -> Summary:
    if max_words <= 0:
        raise UsageError(f"--max-words must be a positive number of syllables, got {max_words}")
    m = get_method(method)
    features = compute_features(cluster)
    scores = m.score(cluster, features)
    order = sorted(range(len(cluster.sentences)), key=lambda i: -scores[i])
    chosen: list[int] = []
    used = 0
    for i in order:
        n = cluster.sentences[i].n_syllables
        if used + n <= max_words:
            chosen.append(i)
            used += n
    chosen.sort(key=lambda i: (cluster.sentences[i].doc_index, cluster.sentences[i].index))
    sents = tuple(
        SummarySentence(
            text=cluster.sentences[i].text,
            doc_id=cluster.sentences[i].doc_id,
            position=i,
            score=float(scores[i]),
        )
        for i in chosen
    )
    return Summary(id=cluster.id, sentences=sents, method=method, max_words=max_words)
