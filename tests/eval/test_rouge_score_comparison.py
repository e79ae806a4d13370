"""Comparison with Google's rouge-score (the reference Python port of ROUGE-1.5.5).

Given the same tokens (joined by spaces, split back by a whitespace tokenizer), tomtat's ROUGE
must equal rouge-score's rouge1/rouge2/rougeL exactly. And rouge-score's DEFAULT tokenizer must
never be used on Vietnamese: it keeps only [a-z0-9], as shown below.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.eval.rouge import score, syllable_tokens

rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")

VOCAB = ["thủ", "tướng", "phạm", "minh", "chính", "hà", "nội", "lũ", "quét", "người", "dân", "14"]


class WhitespaceTokenizer:
    def tokenize(self, text: str) -> list[str]:
        return text.split()


def _theirs(cand: list[str], refs: list[list[str]]):
    scorer = rouge_scorer.RougeScorer(
        ["rouge1", "rouge2", "rougeL"], use_stemmer=False, tokenizer=WhitespaceTokenizer()
    )
    joined = [" ".join(r) for r in refs]
    if len(refs) == 1:
        return scorer.score(joined[0], " ".join(cand))
    return scorer.score_multi(joined, " ".join(cand))


def _assert_same(ours, theirs):
    for m in ("rouge1", "rouge2", "rougeL"):
        assert ours[m].precision == pytest.approx(theirs[m].precision), m
        assert ours[m].recall == pytest.approx(theirs[m].recall), m
        assert ours[m].fmeasure == pytest.approx(theirs[m].fmeasure), m


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    cand=st.lists(st.sampled_from(VOCAB), min_size=1, max_size=40),
    refs=st.lists(
        st.lists(st.sampled_from(VOCAB), min_size=1, max_size=40), min_size=1, max_size=3
    ),
)
def test_same_as_rouge_score_on_the_same_tokens(cand, refs):
    ours = score(" ".join(cand), [" ".join(r) for r in refs], tokenize=str.split)
    _assert_same(ours, _theirs(cand, refs))


def test_same_as_rouge_score_on_vietnamese_sentences():
    cand = "Rạng sáng 14/8, lũ quét tại xã Bản Mù cuốn trôi 12 ngôi nhà; hai người mất tích."
    ref = "Lũ quét rạng sáng 14/8 cuốn trôi 12 ngôi nhà ở xã Bản Mù, tỉnh Lào Cai."
    ours = score(cand, [ref], tokenize="syllable")
    _assert_same(ours, _theirs(syllable_tokens(cand), [syllable_tokens(ref)]))


def test_rouge_score_default_tokenizer_mangles_vietnamese():
    from rouge_score import tokenize

    # every non-ASCII letter becomes a separator: names and words fall apart
    assert tokenize.tokenize("Thủ tướng Phạm Minh Chính", None) == [
        "th",
        "t",
        "ng",
        "ph",
        "m",
        "minh",
        "ch",
        "nh",
    ]
    default = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=False)
    # "Bà Hà" (Mrs Hà) and "Bé Hồ" (little Hồ) share no syllable, yet both become "b h":
    mangled = default.score("Bà Hà", "Bé Hồ")
    assert mangled["rouge1"].fmeasure == 1.0
    assert mangled["rouge2"].fmeasure == 1.0
    ours = score("Bé Hồ", ["Bà Hà"])
    assert ours["rouge1"].fmeasure == 0.0
    assert ours["rouge2"].fmeasure == 0.0
