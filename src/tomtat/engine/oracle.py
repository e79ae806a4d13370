"""Extractive oracle: the sentences a greedy search on ROUGE-2 against the references picks.

It shows the ceiling of extractive summarization on a data set with human summaries, and its
labels are training data for the learned scorer.

Greedy search (as in Nallapati et al. 2017 / BertSum's oracle, here on ROUGE-2 F1 with a
budget): start from the empty summary; at each step add the sentence that fits the remaining
syllable budget and gives the highest (ROUGE-2 F1, ROUGE-1 F1) of the selection against the
best-matching reference; stop when no sentence improves it (``selected``). As a *method*, the
oracle goes on ranking past that point with the same rule (the shared selection stage fills
the budget anyway, so the rest of the order matters too), then ranks what is left by the
sentence's own ROUGE-2 recall.

Counting: syllable tokens (:func:`tomtat.text.tokens.syllables`), the evaluation's default
unit; n-grams are counted within sentences, so the few bigrams that straddle two selected
sentences in the final text are ignored by the search (not by the evaluation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import UsageError
from ..model import Cluster
from .features import Features
from .registry import register

# budget used to rank when the engine does not pass max_words to methods (syllables)
GENEROUS_BUDGET = 600

Gram = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OracleLabels:
    """Oracle labels for ``cluster.sentences`` (arrays are indexed by ``Sentence.position``).

    ``selected``: greedy-oracle membership under the budget (bool).
    ``gain``: the sentence's own ROUGE-2 recall against the best reference (its recall gain
    added to an empty summary): a soft label in [0, 1].
    ``marginal``: for selected sentences, the ROUGE-2 recall the selection gained when the
    sentence was added (0 for the others).
    ``order``: positions of the selected sentences in greedy pick order.
    ``rouge2``/``rouge1``: F1 of the oracle selection (syllable tokens, within sentences).
    """

    selected: np.ndarray
    gain: np.ndarray
    marginal: np.ndarray
    order: tuple[int, ...]
    rouge2: float
    rouge1: float


class _Greedy:
    """Incremental ROUGE-1/2 of a growing selection against several references."""

    def __init__(self, sentences: Sequence[list[str]], references: Sequence[list[str]]):
        self.sent = [(_grams(t, 1), _grams(t, 2)) for t in sentences]
        self.sent_totals = [(len(t), max(len(t) - 1, 0)) for t in sentences]
        self.refs = [(_grams(t, 1), _grams(t, 2)) for t in references]
        self.ref_totals = [(len(t), max(len(t) - 1, 0)) for t in references]
        self.sel: tuple[Counter[Gram], Counter[Gram]] = (Counter(), Counter())
        self.sel_totals = [0, 0]
        self.hits = [[0, 0] for _ in references]  # per reference: [unigram, bigram] overlap

    def _new_hits(self, i: int, order: int) -> list[int]:
        k = order - 1
        grams = self.sent[i][k]
        sel = self.sel[k]
        out = []
        for j, ref in enumerate(self.refs):
            rg = ref[k]
            h = self.hits[j][k]
            for g, c in grams.items():
                r = rg.get(g, 0)
                if r:
                    s = sel.get(g, 0)
                    if s < r:
                        h += min(s + c, r) - s
            out.append(h)
        return out

    def objective(self, i: int | None) -> tuple[float, float]:
        """(best ROUGE-2 F1, best ROUGE-1 F1) of the selection plus sentence ``i``."""
        result = []
        for order in (2, 1):
            k = order - 1
            hits = [h[k] for h in self.hits] if i is None else self._new_hits(i, order)
            n_cand = self.sel_totals[k] + (0 if i is None else self.sent_totals[i][k])
            best = 0.0
            for j, h in enumerate(hits):
                n_ref = self.ref_totals[j][k]
                if h and n_cand and n_ref:
                    p, r = h / n_cand, h / n_ref
                    best = max(best, 2 * p * r / (p + r))
            result.append(best)
        return result[0], result[1]

    def recall2(self) -> float:
        return max(
            (h[1] / t[1] if t[1] else 0.0) for h, t in zip(self.hits, self.ref_totals, strict=True)
        )

    def own_recall2(self, i: int) -> float:
        grams = self.sent[i][1]
        best = 0.0
        for ref, tot in zip(self.refs, self.ref_totals, strict=True):
            if tot[1]:
                hits = sum((grams & ref[1]).values())
                best = max(best, hits / tot[1])
        return best

    def add(self, i: int) -> None:
        for order in (1, 2):
            k = order - 1
            new = self._new_hits(i, order)
            for j, h in enumerate(new):
                self.hits[j][k] = h
            self.sel[k].update(self.sent[i][k])
            self.sel_totals[k] += self.sent_totals[i][k]


def _grams(tokens: list[str], n: int) -> Counter[Gram]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _prepare(cluster: Cluster) -> tuple[_Greedy, list[int]]:
    from ..text.tokens import key_syllables, syllables

    # Sentence.key is match_key(text): tokenizing it without re-normalizing gives the same tokens
    if not cluster.references:
        raise UsageError(
            f"the oracle needs reference summaries, and cluster {cluster.id or '(unnamed)'!r} "
            "has none; give the cluster a 'summaries' list or choose another method"
        )
    refs = [syllables(r) for r in cluster.references]
    sents = [key_syllables(s.key) for s in cluster.sentences]
    lengths = [s.n_syllables for s in cluster.sentences]  # the engine's budget unit
    return _Greedy(sents, refs), lengths


def _greedy(
    state: _Greedy, lengths: list[int], max_words: int, stop_without_gain: bool
) -> tuple[list[int], list[float]]:
    """Greedy picks under ``max_words`` and the ROUGE-2 recall each pick added.

    With ``stop_without_gain`` the search stops when no sentence that fits improves the
    objective; otherwise it goes on (taking the least harmful sentence) until nothing fits.
    Ties go to the earliest sentence (deterministic).
    """
    remaining = set(range(len(lengths)))
    picks: list[int] = []
    gains: list[float] = []
    current = state.objective(None)
    used = 0
    while remaining:
        best_i, best_obj = -1, (-1.0, -1.0)
        for i in sorted(remaining):
            if used + lengths[i] > max_words:
                continue
            obj = state.objective(i)
            if obj > best_obj:
                best_i, best_obj = i, obj
        if best_i < 0:
            break
        if best_obj <= current and stop_without_gain:
            break
        before = state.recall2()
        state.add(best_i)
        remaining.discard(best_i)
        picks.append(best_i)
        gains.append(state.recall2() - before)
        used += lengths[best_i]
        current = best_obj
    return picks, gains


def oracle_labels(cluster: Cluster, max_words: int) -> OracleLabels:
    """Greedy-oracle labels of every sentence of ``cluster`` under a ``max_words`` budget.

    Raises :class:`UsageError` if the cluster has no reference summary or the budget is not
    positive.
    """
    if max_words <= 0:
        raise UsageError(f"max_words must be a positive number of syllables, got {max_words}")
    state, lengths = _prepare(cluster)
    n = len(lengths)
    gain = np.array([state.own_recall2(i) for i in range(n)], dtype=float)
    picks, gains = _greedy(state, lengths, max_words, stop_without_gain=True)
    selected = np.zeros(n, dtype=bool)
    marginal = np.zeros(n, dtype=float)
    selected[picks] = True
    marginal[picks] = gains
    r2, r1 = state.objective(None)
    return OracleLabels(selected, gain, marginal, tuple(picks), r2, r1)


def oracle_scores(cluster: Cluster, max_words: int | None = None) -> np.ndarray:
    """Scores whose descending order is the greedy oracle's pick order.

    Ranked sentences score in (1, 2], the earliest pick highest; the others score their own
    ROUGE-2 recall (in [0, 1)), so any selection that takes sentences by descending score and
    skips what does not fit reproduces the greedy oracle.
    """
    budget = max_words if max_words and max_words > 0 else GENEROUS_BUDGET
    state, lengths = _prepare(cluster)
    n = len(lengths)
    own = np.array([state.own_recall2(i) for i in range(n)], dtype=float)
    picks, _ = _greedy(state, lengths, budget, stop_without_gain=False)
    scores = own * 0.999  # strictly below 1
    for rank, i in enumerate(picks):
        scores[i] = 2.0 - rank / max(len(picks), 1)
    return scores


@register("oracle", "extractive ceiling: greedy ROUGE-2 against the reference (needs references)")
def oracle(cluster: Cluster, features: Features) -> np.ndarray:
    return oracle_scores(cluster)
