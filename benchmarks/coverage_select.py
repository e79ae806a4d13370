"""Selection variants measured for issue 13's VMDS margin and not kept (docs/results.md, "The
VMDS margin, fifth session"): bigram concept coverage (Gillick & Favre 2009; Lin & Bilmes
2011), a bigram redundancy in place of MMR's cosine, filling the budget's tail with a
high-ranked stub, and swapping a chosen sentence for a longer one.

A copy of ``tomtat.engine.select.select`` (as of c30d21a, before main sped it up with the same
outputs) with these extra options, patched into ``tomtat.engine.api`` by ``loco_margin.py``
for the variants with ``x.KEY`` options (:data:`EXTRA` holds them while a variant runs). With
every option at its default it chooses exactly what the engine chooses (checked: the row
``x0=x.coverage:0.0`` equals the shipped row on every cluster).

* ``coverage`` mu: gain += mu x (weight of the candidate's bigrams not covered yet) / the
  largest such weight among the candidates at the start; ``coverage_min_docs``: a bigram in
  fewer articles weighs 0; ``coverage_position`` p: a bigram weighs the sum over articles of
  (1 + index of its first sentence there)^-p instead of its number of articles;
  ``coverage_length``: per syllable; ``coverage_rel`` e: weights x (best relevance of a
  sentence holding it)^e.
* ``bigram_redundancy`` "only" / "max" / "mean": MMR's redundancy is the share of the
  candidate's bigram weight already covered (alone, or its max / mean with the cosine).
* ``fill_rank`` q: when only stubs are left, a stub of relevance >= q may still be taken.
* ``swap_slack`` d, ``swap_min`` m: after the greedy, swap a chosen sentence for one at least
  m syllables longer that fits, whose MMR gain is at most d below (repeatedly).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from tomtat.engine.features import _BIGRAM, Features
from tomtat.engine.select import SelectOptions, _floor, _relevance, _Units
from tomtat.errors import UsageError
from tomtat.text.tokens import stopwords

EXTRA: dict[str, Any] = {}


@dataclass(frozen=True)
class Extra:
    coverage: float = 0.0
    coverage_min_docs: int = 1
    coverage_length: bool = False
    coverage_position: float = 0.0
    coverage_rel: float = 0.0
    redundancy: float = 1.0
    bigram_redundancy: str = ""
    fill_rank: float = 0.0
    fill_left: int = 0
    swap_slack: float = 0.0
    swap_min: int = 5


@dataclass(frozen=True, eq=False)
class Concepts:
    """``matrix``: one row per sentence, 1.0 where the sentence holds the concept (CSR);
    ``weights``: one weight per concept (column)."""

    matrix: sp.csr_matrix
    weights: np.ndarray


def bigram_concepts(features: Features, min_docs: int = 1, position: float = 0.0) -> Concepts:
    """The bigram concepts of a cluster, weighted by the number of articles holding each
    (0 under ``min_docs`` articles)."""
    n = len(features.lengths)
    vocab = features.vocabulary
    if vocab is None or not len(vocab):
        return Concepts(sp.csr_matrix((n, 0)), np.zeros(0))
    codes = vocab.codes
    bigram = codes >= _BIGRAM
    first = codes // _BIGRAM - 1
    second = codes % _BIGRAM
    stop = np.array([vocab.ids[w] for w in stopwords() if w in vocab.ids], dtype=np.int64)
    both_stop = np.isin(first, stop) & np.isin(second, stop)
    keep = np.zeros(features.tfidf.shape[1], dtype=bool)
    keep[vocab.columns[bigram & ~both_stop]] = True
    cols = np.flatnonzero(keep)
    x = features.tfidf[:, cols].tocsr()
    x.data = np.ones_like(x.data, dtype=np.float64)
    n_docs = int(features.doc_of.max()) + 1 if n else 0
    docs = sp.csr_matrix((np.ones(n), (features.doc_of, np.arange(n))), shape=(n_docs, n))
    in_docs = (docs @ x) > 0
    count = np.asarray(in_docs.sum(axis=0), dtype=np.float64).ravel()
    if position:
        index = features.column("index")
        decay = (1.0 + index) ** -position
        best = np.zeros((n_docs, x.shape[1]))
        rows = np.repeat(np.arange(n), np.diff(x.indptr))
        np.maximum.at(best, (features.doc_of[rows], x.indices), decay[rows])
        weights = best.sum(axis=0)
    else:
        weights = count.copy()
    weights[count < min_docs] = 0.0
    return Concepts(x.astype(np.float64), weights)


def _swap_fill(
    chosen: list[int],
    rel: np.ndarray,
    features: Features,
    pool: np.ndarray,
    locked: set[int],
    remaining: int,
    opts: SelectOptions,
    x: Extra,
    min_length: int,
) -> list[int]:
    """Swap chosen sentences for longer ones that fit, at most ``x.swap_slack`` of gain lower."""
    chosen = list(chosen)
    lengths = features.lengths
    for _ in range(len(chosen)):
        if remaining < x.swap_min:
            break
        rows = features.sim_rows(chosen)
        taken = np.zeros(len(lengths), dtype=bool)
        taken[chosen] = True
        best = None
        for k, c in enumerate(chosen):
            if c in locked:
                continue
            others = np.delete(rows, k, axis=0)
            red = others.max(axis=0) if len(others) else np.zeros(len(lengths))
            g = opts.lam * rel - (1.0 - opts.lam) * red
            ok = pool & ~taken & (red < opts.duplicate)
            ok &= lengths >= max(min_length, lengths[c] + x.swap_min)
            ok &= lengths <= lengths[c] + remaining
            ok &= g >= g[c] - x.swap_slack
            if not ok.any():
                continue
            u = int(np.argmax(np.where(ok, g, -np.inf)))
            loss = g[c] - g[u]
            if best is None or loss < best[0]:
                best = (loss, k, u)
        if best is None:
            break
        _, k, u = best
        remaining -= int(lengths[u] - lengths[chosen[k]])
        chosen[k] = u
    return chosen


def select(  # noqa: PLR0915
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
    x = Extra(**EXTRA)
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
    pool0 = candidate.copy()
    min_length = _floor(opts, lengths[candidate])
    redundancy = np.zeros(n)  # max cosine to any chosen sentence
    chosen: list[int] = []
    is_chosen = np.append(np.zeros(n, dtype=bool), True)  # + the units' sentinel, "chosen"
    unit_set = _Units(units, n) if units else None
    needy = np.zeros(n, dtype=bool)  # sentences that compete only as units
    needy[unit_set.heads if unit_set is not None else []] = True
    lengths_ext = np.append(lengths, 0)
    remaining = max_words
    cover = None
    if x.coverage or x.bigram_redundancy:
        conc = bigram_concepts(features, x.coverage_min_docs, x.coverage_position)
        if x.coverage_rel:
            top = np.asarray(
                conc.matrix.multiply((rel * candidate)[:, None]).max(axis=0).todense()
            ).ravel()
            conc = type(conc)(conc.matrix, conc.weights * top**x.coverage_rel)
        uncovered = conc.weights.copy()
        per = np.maximum(lengths, 1) if x.coverage_length else np.ones(n)
        base = (conc.matrix @ uncovered) / per
        scale = float(base[candidate].max()) if candidate.any() else 0.0
        cover = (conc, uncovered, per, scale if scale > 0 else 1.0)
    while True:
        fits = candidate & (lengths <= remaining) & ~needy
        if min_length > 0:
            long_enough = fits & (lengths >= min_length)
            units_left = (candidate & needy & (lengths >= min_length)).any()
            if long_enough.any() or units_left:
                fits = long_enough
            elif chosen and x.fill_rank and remaining >= x.fill_left:
                fits = fits & (rel >= x.fill_rank)
                if not fits.any():
                    break
            elif chosen:
                break  # only stubs left: leave the rest of the budget unused
        red = redundancy
        if cover is not None and x.bigram_redundancy:
            conc, uncovered, per, scale = cover
            mass = conc.matrix @ conc.weights
            fresh = conc.matrix @ uncovered
            covered = 1.0 - fresh / np.maximum(mass, 1e-9)
            covered[mass <= 0] = 0.0
            if x.bigram_redundancy == "max":
                red = np.maximum(red, covered)
            elif x.bigram_redundancy == "mean":
                red = 0.5 * (red + covered)
            else:
                red = covered
        gain = opts.lam * rel - (1.0 - opts.lam) * x.redundancy * red
        if cover is not None and x.coverage:
            conc, uncovered, per, scale = cover
            gain = gain + x.coverage * (conc.matrix @ uncovered) / per / scale
        take: list[int] = []
        if fits.any():
            masked = np.where(fits, gain, -np.inf)
            best = int(np.argmax(masked))  # first max: deterministic tie-break by position
            take, best_gain = [best], float(masked[best])
        if unit_set is not None:
            unit = unit_set.best(
                np.append(candidate, True),
                is_chosen,
                lengths_ext,
                np.append(gain, 0.0),
                remaining,
                min_length,
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
            if cover is not None:
                m = cover[0].matrix
                cover[1][m.indices[m.indptr[best] : m.indptr[best + 1]]] = 0.0
            row = features.sim_rows(best)
            redundancy = np.maximum(redundancy, row)
            candidate &= row < opts.duplicate
    if x.swap_slack > 0 and chosen and remaining >= x.swap_min:
        locked = set()
        if unit_set is not None:
            for h, need in zip(unit_set.heads, unit_set.need, strict=True):
                if is_chosen[h]:
                    locked |= {int(h), *(int(q) for q in need if q < n)}
        chosen = _swap_fill(
            chosen, rel, features, pool0 & ~needy, locked, remaining, opts, x, min_length
        )
    if not chosen:  # only possible with a restrictive ``allowed`` mask
        fits = (lengths > 0) & (lengths <= max_words)
        best = int(np.argmax(np.where(fits, rel, -np.inf)))
        chosen.append(best)
    return chosen
