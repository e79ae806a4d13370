"""ROUGE on Vietnamese: hand-computed examples, the tokenizers, and the bit-parallel LCS."""

from __future__ import annotations

import random
import unicodedata

import pytest

from tomtat.errors import UsageError
from tomtat.eval.rouge import (
    Score,
    get_tokenizer,
    lcs_length,
    rouge_l,
    rouge_n,
    score,
    syllable_tokens,
    word_tokens,
)

CAND = "Thủ tướng Phạm Minh Chính tới Hà Nội."
REF = "Thủ tướng tới Hà Nội hôm qua."


def approx(s: Score, p: float, r: float, f: float) -> None:
    assert s.precision == pytest.approx(p)
    assert s.recall == pytest.approx(r)
    assert s.fmeasure == pytest.approx(f)


def test_syllable_tokens_lowercase_and_drop_punctuation():
    assert syllable_tokens(CAND) == ["thủ", "tướng", "phạm", "minh", "chính", "tới", "hà", "nội"]
    # NFD input (combining marks) gives the same NFC tokens
    assert syllable_tokens(unicodedata.normalize("NFD", CAND)) == syllable_tokens(CAND)
    assert syllable_tokens("“Hà Nội”, ngày 2/9!") == ["hà", "nội", "ngày", "2", "9"]


def test_hand_computed_rouge_1_2_l():
    # cand: thủ tướng phạm minh chính tới hà nội   (8 syllables, 7 bigrams)
    # ref:  thủ tướng tới hà nội hôm qua           (7 syllables, 6 bigrams)
    s = score(CAND, [REF])
    # ROUGE-1: common = thủ, tướng, tới, hà, nội = 5
    #   P = 5/8, R = 5/7, F1 = 2PR/(P+R) = 2*5/(8+7) = 10/15
    approx(s["rouge1"], 5 / 8, 5 / 7, 10 / 15)
    # ROUGE-2: cand bigrams thủ·tướng tướng·phạm phạm·minh minh·chính chính·tới tới·hà hà·nội
    #          ref bigrams  thủ·tướng tướng·tới tới·hà hà·nội nội·hôm hôm·qua
    #   common = thủ·tướng, tới·hà, hà·nội = 3 -> P = 3/7, R = 3/6, F1 = 2*3/(7+6) = 6/13
    approx(s["rouge2"], 3 / 7, 3 / 6, 6 / 13)
    # ROUGE-L: LCS = thủ tướng tới hà nội = 5 -> same as ROUGE-1 here
    approx(s["rougeL"], 5 / 8, 5 / 7, 10 / 15)


def test_hand_computed_clipping():
    cand = syllable_tokens("Bão, bão, bão số 3")  # bão bão bão số 3 (5)
    ref = syllable_tokens("Bão số 3 và bão số 4")  # bão số 3 và bão số 4 (7)
    # ROUGE-1 clipped: bão min(3,2)=2, số min(1,2)=1, 3 min(1,1)=1 -> 4
    #   P = 4/5, R = 4/7, F1 = 2*4/(5+7) = 8/12
    approx(rouge_n(cand, ref, 1), 4 / 5, 4 / 7, 8 / 12)
    # ROUGE-2: cand bão·bão x2, bão·số, số·3 (4); ref bão·số x2, số·3, 3·và, và·bão, số·4 (6)
    #   clipped: bão·số min(1,2)=1, số·3 = 1 -> 2; P = 2/4, R = 2/6, F1 = 2*2/(4+6) = 0.4
    approx(rouge_n(cand, ref, 2), 2 / 4, 2 / 6, 0.4)
    # ROUGE-L: LCS = 3 ("bão số 3" or "bão bão số"; a 4th would need a 3rd "bão" or a "3"
    #   after the second "số") -> P = 3/5, R = 3/7, F1 = 2*3/(5+7) = 0.5
    approx(rouge_l(cand, ref), 3 / 5, 3 / 7, 0.5)


def test_order_matters_for_rouge_l_not_rouge_1():
    cand = syllable_tokens("nội hà tướng thủ")
    ref = syllable_tokens("thủ tướng hà nội")
    approx(rouge_n(cand, ref, 1), 1, 1, 1)
    approx(rouge_n(cand, ref, 2), 0, 0, 0)
    approx(rouge_l(cand, ref), 1 / 4, 1 / 4, 1 / 4)  # any single token


def test_rouge_3_and_empty_inputs():
    tokens = syllable_tokens("lũ quét ở Lào Cai")
    approx(rouge_n(tokens, tokens, 3), 1, 1, 1)
    approx(rouge_n([], tokens, 1), 0, 0, 0)
    approx(rouge_n(tokens, [], 2), 0, 0, 0)
    approx(rouge_l([], []), 0, 0, 0)
    approx(rouge_n(["một"], ["một"], 2), 0, 0, 0)  # no bigram at all
    with pytest.raises(UsageError, match="n >= 1"):
        rouge_n(tokens, tokens, 0)


def test_multi_reference_best_f1_per_metric():
    cand = "Giá xăng tăng mạnh từ chiều nay."
    refs = [
        "Giá dầu giảm nhẹ.",  # giá dầu giảm nhẹ (4)
        "Từ chiều nay giá xăng tăng.",  # từ chiều nay giá xăng tăng (6)
    ]
    # cand: giá xăng tăng mạnh từ chiều nay (7 syllables, 6 bigrams)
    s = score(cand, refs)
    # ref 1: R1 common = giá -> F1 = 2*1/(7+4) = 2/11; ref 2: common = 6 -> F1 = 12/13: ref 2
    approx(s["rouge1"], 6 / 7, 6 / 6, 12 / 13)
    # ref 2 bigrams: từ·chiều chiều·nay nay·giá giá·xăng xăng·tăng (5)
    #   common with cand: giá·xăng xăng·tăng từ·chiều chiều·nay = 4 -> P 4/6, R 4/5, F1 8/11
    approx(s["rouge2"], 4 / 6, 4 / 5, 8 / 11)
    # ROUGE-L vs ref 2: LCS = giá xăng tăng (3) or từ chiều nay (3) -> P 3/7, R 3/6, F1 6/13
    approx(s["rougeL"], 3 / 7, 3 / 6, 6 / 13)
    # the order of references does not matter
    assert score(cand, refs[::-1]) == s
    # a single reference may be given as a string
    assert score(cand, refs[1]) == score(cand, [refs[1]])


def test_score_errors():
    with pytest.raises(UsageError, match="no reference"):
        score("Hà Nội", [])
    with pytest.raises(UsageError, match="syllable, word"):
        score("Hà Nội", ["Hà Nội"], tokenize="ascii")


def test_custom_tokenizer_callable():
    s = score("a b c", ["a b d"], tokenize=str.split)
    approx(s["rouge1"], 2 / 3, 2 / 3, 2 / 3)
    assert get_tokenizer(str.split) is str.split


def test_word_tokens_join_syllables_of_a_word():
    toks = word_tokens("Thủ tướng Phạm Minh Chính tới Hà Nội.")
    assert "thủ_tướng" in toks
    assert all(any(ch.isalnum() for ch in t) for t in toks)  # no punctuation token
    assert all(t == t.lower() for t in toks)
    # word-level ROUGE-1: one shared word "thủ_tướng" counts once, not twice as syllables do
    s = score("Thủ tướng phát biểu.", ["Thủ tướng đã phát biểu."], tokenize="word")
    assert 0 < s["rouge1"].fmeasure <= 1


def _lcs_table(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t[-1][-1]


def test_bit_parallel_lcs_matches_the_table():
    rng = random.Random(7)
    vocab = ["hà", "nội", "lũ", "quét", "bão"]
    for _ in range(500):
        a = [rng.choice(vocab) for _ in range(rng.randint(0, 70))]
        b = [rng.choice(vocab) for _ in range(rng.randint(0, 70))]
        assert lcs_length(a, b) == _lcs_table(a, b)
