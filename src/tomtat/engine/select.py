"""Redundancy-aware selection under a syllable budget (shared by every method).

Greedy maximal marginal relevance (Carbonell & Goldstein 1998) with a knapsack constraint:
at each step, among the sentences that still FIT in the remaining budget, take the one with the
best ``lam * relevance - (1 - lam) * max cosine to the sentences already chosen``. A sentence
that does not fit is skipped, not a stop: the loop goes on to shorter ones, so the budget is
filled well (ROUGE F1 at a fixed budget rewards using it). The budget is never exceeded.

Near-duplicates (cosine >= ``duplicate``) of a chosen sentence are never chosen, whatever the
method: identical articles in a cluster cannot put the same sentence twice in a summary.

If no sentence fits at all, :class:`~tomtat.errors.UsageError` names the shortest sentence's
length: a truncated sentence would no longer be a faithful, citable extract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import UsageError
from .features import Features, descending_ranks

DUPLICATE_THRESHOLD = 0.80


@dataclass(frozen=True, slots=True)
class SelectOptions:
    """How a method's scores become a budgeted choice.

    ``lam``: MMR trade-off (1.0 = no redundancy penalty besides near-duplicates).
    ``duplicate``: cosine at or above which a candidate counts as a repeat of a chosen sentence.
    ``min_length``: sentences shorter than this (syllables) are not chosen (headings, stubs)
    unless nothing else fits. ``rank_relevance``: turn scores into ranks before MMR (robust to
    the scale of a method's scores). ``length_cost``: exponent r of the knapsack greedy's cost
    scaling (Lin & Bilmes 2010): a candidate's relevance is divided by (its length / the
    cluster's median sentence length) ** r before the MMR trade-off; 0 = relevance alone.
    ``min_share``: a floor relative to the candidates' median length: sentences shorter than
    ``min_share`` x that median count as stubs too (``min_length`` is then the larger of the
    two), so the floor follows the cluster (short-sentence articles keep short sentences).
    """

    lam: float = 1.0
    duplicate: float = DUPLICATE_THRESHOLD
    min_length: int = 0
    rank_relevance: bool = False
    length_cost: float = 0.0
    min_share: float = 0.0


def percentile_ranks(scores: np.ndarray) -> np.ndarray:
    """Ranks scaled to (0, 1], 1 = highest score (ties broken by position)."""
    return (len(scores) - descending_ranks(scores)) / max(len(scores), 1)


def _relevance(scores: np.ndarray, rank: bool) -> np.ndarray:
    s = np.asarray(scores, dtype=np.float64)
    if rank:
        return percentile_ranks(s)
    lo, hi = float(s.min()), float(s.max())
    if hi - lo < 1e-12:
        return np.ones(len(s))
    return (s - lo) / (hi - lo)


class _Units:
    """Sentences that are taken only with the ones they need (:func:`select`'s ``units``), as
    arrays so that each step of the greedy scores all of them at once. ``need`` is padded with
    a sentinel position ``n`` (length 0, always "chosen")."""

    def __init__(self, units: Mapping[int, Sequence[int]], n: int) -> None:
        self.heads = np.fromiter(units, dtype=np.intp, count=len(units))
        width = max((len(v) for v in units.values()), default=0)
        self.need = np.full((len(units), max(width, 1)), n, dtype=np.intp)
        for row, needed in enumerate(units.values()):
            self.need[row, : len(needed)] = needed

    def best(
        self,
        candidate: np.ndarray,
        chosen: np.ndarray,
        lengths: np.ndarray,
        gain: np.ndarray,
        remaining: int,
        min_length: int,
    ) -> tuple[list[int], float] | None:
        """The unit (its needed sentences not chosen yet, then itself) with the best gain that
        can be taken now, and that gain: the mean gain of its sentences weighted by their
        lengths. ``candidate`` and ``chosen`` carry the sentinel (True) at the end."""
        heads, need = self.heads, self.need
        open_ = ~chosen[need]  # needed and not chosen yet
        ok = candidate[heads] & (lengths[heads] >= min_length)
        ok &= (candidate[need] | ~open_).all(axis=1)  # none gone as a near-duplicate
        sizes = lengths[heads] + (lengths[need] * open_).sum(axis=1)
        ok &= sizes <= remaining
        if not ok.any():
            return None
        weighted = lengths[heads] * gain[heads] + (lengths[need] * gain[need] * open_).sum(axis=1)
        value = np.where(ok, weighted / np.maximum(sizes, 1), -np.inf)
        row = int(np.argmax(value))  # first max: the unit of the earliest sentence
        group = [int(q) for q, o in zip(need[row], open_[row], strict=True) if o]
        return [*group, int(heads[row])], float(value[row])


def _floor(opts: SelectOptions, lengths: np.ndarray) -> int:
    """The length under which a candidate is a stub: ``min_length``, or ``min_share`` x the
    median length of the candidates (``lengths``) when that is larger."""
    if opts.min_share <= 0 or not len(lengths):
        return opts.min_length
    return max(opts.min_length, int(opts.min_share * float(np.median(lengths))))


def _check_budget(max_words: int, lengths: np.ndarray) -> None:
    """UsageError unless ``max_words`` is positive and some sentence fits in it."""
    if max_words <= 0:
        raise UsageError(
            f"max_words must be a positive number of syllables, got {max_words}", "max_words"
        )
    shortest = int(lengths[lengths > 0].min()) if (lengths > 0).any() else 0
    if shortest == 0 or shortest > max_words:
        raise UsageError(
            f"max_words {max_words} is smaller than the shortest sentence of the cluster "
            f"({shortest} syllables); use max_words {shortest} or more",
            "max_words",
        )


def select(
    scores: np.ndarray,
    features: Features,
    max_words: int,
    options: SelectOptions | None = None,
    allowed: np.ndarray | None = None,
    units: Mapping[int, Sequence[int]] | None = None,
) -> list[int]:
    """Choose sentence positions (in choice order) whose syllables sum to at most ``max_words``.

    ``scores``: one relevance value per sentence (higher is better; any scale).
    ``allowed``: optional boolean mask of candidate sentences.
    ``units``: sentences that can only be taken together with others (a sentence that needs
    its antecedents: position -> the positions it needs, in order). Such a sentence competes
    as one unit with those of them not chosen yet: the unit must fit in the budget, none of
    its sentences may be a near-duplicate of a chosen one, and its gain is the mean gain of
    its sentences weighted by their lengths (a weak antecedent drags its sentence down). The
    unit's sentences are chosen together, the needed ones first.
    Raises UsageError if ``max_words`` is not positive or smaller than every sentence.
    """
    opts = options or SelectOptions()
    n = len(features.lengths)
    if len(scores) != n:
        raise ValueError(f"{len(scores)} scores for {n} sentences")
    lengths = features.lengths
    _check_budget(max_words, lengths)
    rel = _relevance(scores, opts.rank_relevance)
    if opts.length_cost:
        scale = float(np.median(lengths[lengths > 0]))
        rel = rel / np.maximum(lengths / scale, 1e-9) ** opts.length_cost
    candidate_ext = np.append(lengths > 0, True)  # + the units' sentinel, always a candidate
    candidate = candidate_ext[:n]  # a view: updated in place below
    if allowed is not None:
        candidate &= allowed
    min_length = _floor(opts, lengths[candidate])
    redundancy = np.zeros(n)  # max cosine to any chosen sentence
    chosen: list[int] = []
    is_chosen = np.append(np.zeros(n, dtype=bool), True)  # + the units' sentinel, "chosen"
    unit_set = _Units(units, n) if units else None
    needy = np.zeros(n, dtype=bool)  # sentences that compete only as units
    needy[unit_set.heads if unit_set is not None else []] = True
    lengths_ext = np.append(lengths, 0)
    gain_ext = np.zeros(n + 1)  # the gains, + the sentinel's 0
    remaining = max_words
    while True:
        fits = candidate & (lengths <= remaining) & ~needy
        if min_length > 0:
            long_enough = fits & (lengths >= min_length)
            units_left = (candidate & needy & (lengths >= min_length)).any()
            if long_enough.any() or units_left:
                fits = long_enough
            elif chosen:
                break  # only stubs left: leave the rest of the budget unused
        gain = gain_ext[:n]
        gain[:] = opts.lam * rel - (1.0 - opts.lam) * redundancy
        take: list[int] = []
        if fits.any():
            masked = np.where(fits, gain, -np.inf)
            best = int(np.argmax(masked))  # first max: deterministic tie-break by position
            take, best_gain = [best], float(masked[best])
        if unit_set is not None:
            unit = unit_set.best(
                candidate_ext, is_chosen, lengths_ext, gain_ext, remaining, min_length
            )
            if unit is not None and (not take or unit[1] > best_gain):
                take = unit[0]
        if not take:
            break
        for best in take:
            chosen.append(best)
            is_chosen[best] = True
            remaining -= int(lengths[best])
            candidate[best] = False
            row = features.sim_rows(best)
            redundancy = np.maximum(redundancy, row)
            candidate &= row < opts.duplicate
    if not chosen:  # only possible with a restrictive ``allowed`` mask
        fits = (lengths > 0) & (lengths <= max_words)
        best = int(np.argmax(np.where(fits, rel, -np.inf)))
        chosen.append(best)
    return chosen
