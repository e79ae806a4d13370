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
    """

    lam: float = 1.0
    duplicate: float = DUPLICATE_THRESHOLD
    min_length: int = 0
    rank_relevance: bool = False
    length_cost: float = 0.0


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


def _best_unit(
    units: Mapping[int, Sequence[int]],
    candidate: np.ndarray,
    chosen: set[int],
    lengths: np.ndarray,
    gain: np.ndarray,
    remaining: int,
    opts: SelectOptions,
) -> tuple[list[int], float] | None:
    """The unit (needed sentences not chosen yet, then the sentence) with the best gain that
    can be taken now, and that gain: the mean gain of its sentences weighted by their lengths
    (:func:`select`)."""
    best: tuple[list[int], float] | None = None
    for p, needed in units.items():
        if not candidate[p] or lengths[p] < opts.min_length:
            continue
        group = [q for q in needed if q not in chosen]
        if any(not candidate[q] for q in group):
            continue  # a needed sentence is gone (a near-duplicate of a chosen one)
        group.append(p)
        size = int(lengths[group].sum())
        if size > remaining:
            continue
        value = float((lengths[group] * gain[group]).sum() / size)
        if best is None or value > best[1]:
            best = (group, value)
    return best


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
    if max_words <= 0:
        raise UsageError(
            f"max_words must be a positive number of syllables, got {max_words}", "max_words"
        )
    if len(scores) != n:
        raise ValueError(f"{len(scores)} scores for {n} sentences")
    lengths = features.lengths
    shortest = int(lengths[lengths > 0].min()) if (lengths > 0).any() else 0
    if shortest == 0 or shortest > max_words:
        raise UsageError(
            f"max_words {max_words} is smaller than the shortest sentence of the cluster "
            f"({shortest} syllables); use max_words {shortest} or more",
            "max_words",
        )
    rel = _relevance(scores, opts.rank_relevance)
    if opts.length_cost:
        scale = float(np.median(lengths[lengths > 0]))
        rel = rel / np.maximum(lengths / scale, 1e-9) ** opts.length_cost
    candidate = lengths > 0
    if allowed is not None:
        candidate &= allowed
    redundancy = np.zeros(n)  # max cosine to any chosen sentence
    chosen: list[int] = []
    chosen_set: set[int] = set()
    needy = np.zeros(n, dtype=bool)  # sentences that compete only as units
    if units:
        needy[list(units)] = True
    remaining = max_words
    while True:
        fits = candidate & (lengths <= remaining) & ~needy
        if opts.min_length > 0:
            long_enough = fits & (lengths >= opts.min_length)
            if long_enough.any():
                fits = long_enough
            elif chosen:
                break  # only stubs left: leave the rest of the budget unused
        gain = opts.lam * rel - (1.0 - opts.lam) * redundancy
        take: list[int] = []
        if fits.any():
            masked = np.where(fits, gain, -np.inf)
            best = int(np.argmax(masked))  # first max: deterministic tie-break by position
            take, best_gain = [best], float(masked[best])
        if units:
            unit = _best_unit(units, candidate, chosen_set, lengths, gain, remaining, opts)
            if unit is not None and (not take or unit[1] > best_gain):
                take = unit[0]
        if not take:
            break
        for best in take:
            chosen.append(best)
            chosen_set.add(best)
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
