"""The summarize() entry point: features -> method scores -> eligible -> select -> repair ->
order -> cite -> date anchors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import UsageError
from ..limits import DEFAULT_MAX_WORDS
from ..model import Cluster, Duplicate, EventGroup, Summary
from .anchors import (
    SentenceDate,
    anchor_summary,
    anchoring_needed,
    cluster_dates,
    event_days,
    insert_anchors,
    unanchored,
)
from .cite import cite
from .eligible import eligible_mask
from .episodes import analyse
from .features import Features, compute_features
from .order import antecedents, event_order, needs_antecedent, reading_order, repair_dangling
from .registry import get_method
from .select import SelectOptions, percentile_ranks, select

_SELECT_FIELDS = frozenset(SelectOptions.__dataclass_fields__)


def summarize(
    cluster: Cluster,
    method: str = "default",
    max_words: int = DEFAULT_MAX_WORDS,
    *,
    features: Features | None = None,
    coherence: bool = True,
    date_anchors: bool = True,
    scores: np.ndarray | None = None,
    **options: Any,
) -> Summary:
    """Summarize ``cluster`` in at most ``max_words`` syllables with ``method``. Deterministic.

    ``options`` override the method's selection defaults (fields of
    :class:`~tomtat.engine.select.SelectOptions`: ``lam``, ``duplicate``, ``min_length``,
    ``rank_relevance``). ``features`` may be passed when already computed for this cluster.
    ``coherence=False`` skips the dangling-opener repair. ``date_anchors=False`` leaves dates as
    written (no "[18/6/2024]" brackets, see :mod:`tomtat.engine.anchors`). ``scores`` (one per
    sentence) replaces the method's own scoring, e.g. to run a model under training through the
    shared stages.

    Shared stages, whatever the method: headings, headlines, bylines, captions, list numbers
    and questions are never chosen (:mod:`tomtat.engine.eligible`); a sentence that needs an
    antecedent comes with it or not at all (:func:`~tomtat.engine.order.repair_dangling`); when
    anchors are on and the summary needs them, a sentence whose day/month date cannot be given
    its year is replaced. A sentence taken out is excluded and the selection is run again.
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
    dates = cluster_dates(cluster, has_digit=feats.has_digit)
    chosen = _choose(cluster, feats, scores, int(max_words), opts, coherence, date_anchors, dates)
    dates = dates.focused(cluster, chosen)  # now with the summary's relative dates
    ordered = event_order(cluster, reading_order(cluster, chosen), event_days(cluster, dates))
    shape = analyse(cluster, feats)
    if shape.n_events > 1:  # group the sentences by event, events in time order
        ordered = sorted(ordered, key=lambda p: shape.sentence_event(cluster, p))
    sents = tuple(cite(cluster, feats, ordered, scores, shape=shape))
    if date_anchors:
        sents = anchor_summary(cluster, sents, dates)
    docs = cluster.documents
    return Summary(
        id=cluster.id,
        sentences=sents,
        method=method,
        max_words=int(max_words),
        duplicates=tuple(Duplicate(docs[d].id, docs[g].id) for d, g in shape.duplicates()),
        events=tuple(
            EventGroup(
                f"e{e.index + 1}",
                _anchored_label(cluster, e.label, dates) if date_anchors else e.label,
                e.date_text,
                tuple(docs[d].id for d in e.documents),
            )
            for e in shape.events
        )
        if shape.n_events > 1
        else (),
    )


def _anchored_label(
    cluster: Cluster, label: str, dates: Mapping[int, Sequence[SentenceDate]]
) -> str:
    """An event's label with its dates' years, as the summary sentences get them: a label taken
    from a sentence ("… từ ngày 12-17/9 …") is read beside other events' dates. ``dates`` are
    the summary's: every sentence with a digit is in them already (what resolves a sentence
    does not depend on the others' relative dates); only a label without one is read again."""
    for s in cluster.sentences:
        if s.text == label:
            if s.position not in dates and not any(c.isdecimal() for c in s.text):
                dates = cluster_dates(cluster, focus=[s.position])
            return insert_anchors(label, dates.get(s.position, ()))[0]
    return label  # a headline: not a sentence of the text


UNITS = True
_MAX_ROUNDS = 6  # selection rounds; each pins or excludes what the previous one took out


def _choose(
    cluster: Cluster,
    feats: Features,
    scores: np.ndarray,
    max_words: int,
    opts: SelectOptions,
    coherence: bool,
    date_anchors: bool,
    dates: dict,
) -> list[int]:
    """Select among the eligible sentences; repair dangling ones; select again until a round
    takes nothing out.

    A sentence that needs an antecedent which did not fit is not lost: the next round pins it
    together with its antecedents (when both fit in the budget) and selects the rest around
    them; a sentence that cannot be read on its own at all (no antecedent, or no year where
    one is needed) is excluded."""
    eligible = eligible_mask(cluster, feats.lengths)
    allowed = eligible.copy()
    units: dict[int, list[int]] = {}
    if coherence and UNITS:
        for s in cluster.sentences:
            if eligible[s.position] and needs_antecedent(s.text):
                needed = antecedents(cluster, s.position, eligible)
                if needed is None:
                    allowed[s.position] = False  # it can never be read: nothing to point to
                else:
                    units[s.position] = needed
    pinned: list[int] = []
    first: list[int] = []
    out: list[int] = []
    for _ in range(_MAX_ROUNDS):
        chosen = _select_around(pinned, scores, feats, max_words, opts, allowed, units)
        first = first or chosen
        out = repair_dangling(cluster, feats, chosen, max_words, eligible) if coherence else chosen
        late: set[int] = set()
        if date_anchors and out and anchoring_needed(cluster, out, dates):
            late = set(unanchored(cluster, out, dates))
            if late:
                out = [p for p in out if p not in late]
                if coherence:  # an antecedent may have gone
                    out = repair_dangling(cluster, feats, out, max_words, eligible)
        dropped = [p for p in chosen if p not in out]
        if not dropped:
            return out
        for p in dropped:
            chain = None if p in late or p in pinned else antecedents(cluster, p, eligible)
            group = [*chain, p] if chain and _worth_pinning(chain, scores) else []
            used = int(feats.lengths[[*pinned, *group]].sum()) if group else 0
            if group and used <= max_words and not late & set(group):
                pinned += [q for q in group if q not in pinned]
            else:
                allowed[p] = False
                if p in pinned:
                    pinned = [q for q in pinned if q != p]
        if not allowed.any():
            break
    return out or first


# An antecedent is pinned with its sentence only when the method ranks it in the better half
# of the cluster: a weak antecedent costs more budget than the pair is worth (docs/engine.md,
# "Summaries that read on their own": 0, 0.5 and 0.8 were compared on the dev corpora).
PIN_MIN_RANK = 0.5


def _worth_pinning(chain: list[int], scores: np.ndarray) -> bool:
    ranks = percentile_ranks(scores)
    return all(ranks[q] >= PIN_MIN_RANK for q in chain)


def _select_around(
    pinned: list[int],
    scores: np.ndarray,
    feats: Features,
    max_words: int,
    opts: SelectOptions,
    allowed: np.ndarray,
    units: dict[int, list[int]] | None = None,
) -> list[int]:
    """``pinned`` (kept, in order) and a selection of the other allowed sentences in the budget
    they leave, none a near-duplicate of a pinned one. ``units``: a sentence that needs others
    (:func:`~tomtat.engine.select.select`), those pinned counting as taken."""
    if not pinned:
        return select(scores, feats, max_words, opts, allowed=allowed, units=units)
    units = {p: [q for q in need if q not in pinned] for p, need in (units or {}).items()}
    lengths = feats.lengths
    rest_budget = max_words - int(lengths[pinned].sum())
    allow = allowed.copy()
    allow[pinned] = False
    for q in pinned:
        allow &= feats.sim_rows(q) < opts.duplicate
    if not (allow & (lengths > 0) & (lengths <= rest_budget)).any():
        return list(pinned)
    rest = select(scores, feats, rest_budget, opts, allowed=allow, units=units)
    return [*pinned, *(p for p in rest if allow[p])]
