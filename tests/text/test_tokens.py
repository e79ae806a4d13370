"""Syllable tokenizer, word segmentation (pyvi) and stop words."""

from __future__ import annotations

import pytest

from tomtat.text.tokens import stopwords, syllables, words


def test_syllables_are_match_keys():
    assert syllables("Thoả thuận HOÀ BÌNH, ký ngày 13/9/2023!") == [
        "thỏa", "thuận", "hòa", "bình", "ký", "ngày", "13", "9", "2023",
    ]  # fmt: skip


def test_numbers_with_separators_are_one_token():
    assert syllables("Giá 20.000 - 50.000 đồng, tăng 1,5% và 11,000 USD") == [
        "giá", "20.000", "50.000", "đồng", "tăng", "1,5%", "và", "11,000", "usd",
    ]  # fmt: skip


def test_syllables_punctuation_and_empty():
    assert syllables("“…” — !!!") == []
    assert syllables("") == []


@pytest.mark.slow
def test_words_joins_compounds():
    out = words("Thủ tướng Chính phủ đã ký quyết định thoả thuận hợp tác.")
    assert "thủ_tướng" in out
    assert "thỏa_thuận" in out
    assert "." not in out
    assert all(w == w.lower() for w in out)
    assert words("") == []


def test_stopwords():
    sw = stopwords()
    assert {"và", "của", "những", "tuy_nhiên"} <= sw
    assert "nga" not in sw and "ông" not in sw
