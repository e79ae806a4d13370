"""The summarize() entry point: features -> method scores -> select -> order -> cite."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import UsageError
from ..model import Cluster, Duplicate, EventGroup, Summary
from .cite import cite
from .episodes import analyse
from .features import Features, compute_features
from .order import reading_order, repair_dangling
from .registry import get_method
from .select import SelectOptions, select

_SELECT_FIELDS = frozenset(SelectOptions.__dataclass_fields__)


def summarize(
    cluster: Cluster,
    method: str = "default",
    max_words: int = 200,
    *,
    features: Features | None = None,
    coherence: bool = True,
    scores: np.ndarray | None = None,
    **options: Any,
) -> Summary:
    """Summarize ``cluster`` in at most ``max_words`` syllables with ``method``. Deterministic.

    ``options`` override the method's selection defaults (fields of
    :class:`~tomtat.engine.select.SelectOptions`: ``lam``, ``duplicate``, ``min_length``,
    ``rank_relevance``). ``features`` may be passed when already computed for this cluster.
    ``coherence=False`` skips the dangling-opener repair. ``scores`` (one per sentence) replaces
    the method's own scoring, e.g. to run a model under training through the shared stages.
    """
    if isinstance(max_words, bool) or not isinstance(max_words, int | np.integer):
        raise UsageError(
            f"max_words must be a whole number of syllables, got {max_words!r}", "max_words"
        )
    if max_words <= 0:
        raise UsageError(
            f"max_words must be a positive number of syllables, got {max_words}", "max_words"
        )
    unknown = set(options) - _SELECT_FIELDS
    if unknown:
        raise UsageError(
            f"unknown option(s) {', '.join(sorted(unknown))}; "
            f"choose among: {', '.join(sorted(_SELECT_FIELDS))}"
        )
    m = get_method(method)
    feats = features if features is not None else compute_features(cluster)
    scores = np.asarray(m.score(cluster, feats) if scores is None else scores, dtype=np.float64)
    if scores.shape != (len(cluster.sentences),):
        raise ValueError(
            f"method {method!r} returned {scores.shape} scores for {len(cluster.sentences)} sentences"
        )
    opts = SelectOptions(**{**dict(m.select), **options})
    chosen = select(scores, feats, int(max_words), opts)
    if coherence:
        chosen = repair_dangling(cluster, feats, chosen, int(max_words))
    ordered = reading_order(cluster, chosen)
    shape = analyse(cluster, feats)
    if shape.n_events > 1:  # group the sentences by event, events in time order
        ordered = sorted(ordered, key=lambda p: shape.sentence_event(cluster, p))
    sents = cite(cluster, feats, ordered, scores, shape=shape)
    docs = cluster.documents
    return Summary(
        id=cluster.id,
        sentences=tuple(sents),
        method=method,
        max_words=int(max_words),
        duplicates=tuple(Duplicate(docs[d].id, docs[g].id) for d, g in shape.duplicates()),
        events=tuple(
            EventGroup(
                f"e{e.index + 1}", e.label, e.date_text, tuple(docs[d].id for d in e.documents)
            )
            for e in shape.events
        )
        if shape.n_events > 1
        else (),
    )
