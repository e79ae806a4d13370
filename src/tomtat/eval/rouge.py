"""ROUGE-1/2/L for Vietnamese, on token lists, with a pluggable tokenizer.

Why not ``rouge_score`` as is: its default tokenizer lower-cases and splits on ``[^a-z0-9]+``,
so "Thủ tướng Phạm Minh Chính" becomes ``th t ng ph m minh ch nh``; every Vietnamese score
computed with it is silently wrong. Here tokenization is explicit and Vietnamese-aware:

* ``syllable`` — :func:`tomtat.text.tokens.syllables`: canonical (NFC, canonical tone
  placement when the text core provides it), lower-cased syllables and numbers; punctuation
  dropped. This is the unit the VLSP 2022 AbMuSu task counts in.
* ``word`` — word segmentation (pyvi, loaded lazily): "thủ_tướng phạm_minh_chính", lower-cased,
  punctuation tokens dropped.

Definitions (the same as ROUGE-1.5.5 and ``rouge_score`` without stemming):

* ROUGE-N: clipped n-gram overlap ``sum_g min(count_cand(g), count_ref(g))``;
  precision = overlap / #candidate n-grams, recall = overlap / #reference n-grams,
  F1 = 2PR / (P + R) (0 when P + R = 0).
* ROUGE-L: the *sentence-level* variant (``rouge_score``'s ``rougeL``, not ``rougeLsum``): the
  longest common subsequence of the whole candidate and the whole reference token sequences,
  precision = LCS / len(candidate), recall = LCS / len(reference), F1 as above. The
  summary-level union-LCS (ROUGE-1.5.5's ``-l`` / ``rougeLsum``) is not computed.
* Several references: for each metric separately, the reference giving the highest F1 is kept
  (its P, R and F1 are reported), as ``rouge_score.RougeScorer.score_multi`` does. Corpus
  figures are the macro average over clusters (see :mod:`tomtat.eval.evaluate`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..errors import UsageError

Tokenizer = Callable[[str], list[str]]

METRICS = ("rouge1", "rouge2", "rougeL")
TOKENIZERS = ("syllable", "word")


class Score(NamedTuple):
    """Precision, recall and F1 as fractions in [0, 1]."""

    precision: float
    recall: float
    fmeasure: float

    @classmethod
    def from_counts(cls, hits: int, n_candidate: int, n_reference: int) -> Score:
        p = hits / n_candidate if n_candidate else 0.0
        r = hits / n_reference if n_reference else 0.0
        f = 2 * p * r / (p + r) if p + r > 0 else 0.0
        return cls(p, r, f)

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.fmeasure}


# --------------------------------------------------------------------------- tokenizers


def syllable_tokens(text: str) -> list[str]:
    """Lower-cased syllables and numbers of ``text``; punctuation dropped."""
    from ..text.tokens import syllables

    return syllables(text)


def word_tokens(text: str) -> list[str]:
    """Lower-cased words (syllables of one word joined by ``_``, ``tomtat.text.tokens.words``);
    punctuation dropped."""
    from ..text.tokens import words

    out: list[str] = []
    for w in words(text):
        w = w.lower()
        # keep a token if any of its characters is a letter or digit ("_" joins syllables)
        if any(ch.isalnum() for ch in w):
            out.append(w)
    return out


_TOKENIZERS: dict[str, Tokenizer] = {"syllable": syllable_tokens, "word": word_tokens}


def get_tokenizer(tokenize: str | Tokenizer) -> Tokenizer:
    """Turn ``"syllable"``, ``"word"`` or a callable ``str -> list[str]`` into a tokenizer."""
    if callable(tokenize):
        return tokenize
    try:
        return _TOKENIZERS[tokenize]
    except (KeyError, TypeError):
        raise UsageError(
            f"unknown tokenization {tokenize!r}; choose one of: {', '.join(TOKENIZERS)}"
        ) from None


# --------------------------------------------------------------------------- metrics


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the n-grams of ``tokens`` (empty when there are fewer than n tokens)."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int = 2) -> Score:
    """ROUGE-N of a candidate token list against one reference token list."""
    if n < 1:
        raise UsageError(f"ROUGE-N needs n >= 1, got {n}")
    cand, ref = ngrams(candidate, n), ngrams(reference, n)
    hits = sum((cand & ref).values())  # Counter & Counter = clipped (min) counts
    return Score.from_counts(hits, sum(cand.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences.

    Bit-parallel algorithm (Allison & Dix 1986; Hyyrö 2004): one bit per position of ``a`` held
    in a Python int, one add/and/or per token of ``b``, so O(len(b)) big-int operations instead
    of the O(len(a)·len(b)) Python-level loop of the textbook table. Tests check it against the
    table and against ``rouge_score``.
    """
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, tok in enumerate(a):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for tok in b:
        u = v & masks.get(tok, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> Score:
    """Sentence-level ROUGE-L (``rouge_score``'s ``rougeL``): LCS over the whole sequences."""
    return Score.from_counts(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge_all(candidate: Sequence[str], reference: Sequence[str]) -> dict[str, Score]:
    """ROUGE-1, ROUGE-2 and ROUGE-L of token lists, keyed by :data:`METRICS`."""
    return {
        "rouge1": rouge_n(candidate, reference, 1),
        "rouge2": rouge_n(candidate, reference, 2),
        "rougeL": rouge_l(candidate, reference),
    }


def best_of(per_reference: Sequence[dict[str, Score]]) -> dict[str, Score]:
    """For each metric, the score of the reference with the highest F1 (first one on ties)."""
    if not per_reference:
        raise UsageError("no reference summary to score against")
    return {m: max((s[m] for s in per_reference), key=lambda x: x.fmeasure) for m in METRICS}


def score(
    candidate: str, references: Sequence[str], tokenize: str | Tokenizer = "syllable"
) -> dict[str, Score]:
    """ROUGE-1/2/L of ``candidate`` against ``references`` (best F1 per metric).

    Returns ``{"rouge1": Score, "rouge2": Score, "rougeL": Score}``; each :class:`Score` is
    a named tuple ``(precision, recall, fmeasure)`` of fractions (multiply by 100 to report).
    Raises :class:`~tomtat.errors.UsageError` when ``references`` is empty or the tokenization
    is unknown.
    """
    if isinstance(references, str):
        references = [references]
    if not references:
        raise UsageError("no reference summary to score against")
    tok = get_tokenizer(tokenize)
    cand = tok(candidate)
    return best_of([rouge_all(cand, tok(ref)) for ref in references])
