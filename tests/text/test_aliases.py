"""tomtat.text.aliases (the shared alias lexicon) and the name helpers of the text core the
analysis uses: tokenize with offsets, name_words, fold, word_key."""

from __future__ import annotations

import pytest

from tomtat.text.aliases import default_lexicon, form_key, parse
from tomtat.text.normalize import fold, match_key, word_key
from tomtat.text.tokens import name_words, tokenize


def test_shipped_lexicon_knows_exonyms_and_vocabulary() -> None:
    lex = default_lexicon()
    north_korea = lex.lookup(form_key("Bắc Hàn"))
    assert north_korea is not None and north_korea.canonical == "Triều Tiên"
    assert lex.lookup(form_key("phi đạn")).canonical == "tên lửa"
    assert lex.lookup(form_key("Tòa Bạch Ốc")) is lex.lookup(form_key("Nhà Trắng"))
    assert lex.lookup(form_key("G-7")) is lex.lookup(form_key("G7"))


def test_lexicon_file_errors_name_the_line() -> None:
    entry = parse("# chú thích\nLOC\tHà Nội\tHN|Thủ đô\n")
    assert [e.variants for e in entry.entries] == [("Hà Nội", "HN", "Thủ đô")]
    with pytest.raises(ValueError, match="line 2"):
        parse("LOC\tHà Nội\tHN\nXYZ\tsai loại\tx\n")


@pytest.mark.parametrize(
    ("written", "key"),
    [
        # analyze/_text.py had its own tone table that moved the tone of "uý" onto the "u" even
        # after "q" ("Quý" -> "qúy", "Quỹ" -> "qũy"), so "Quỹ Khoa học Quốc gia Mỹ" never
        # matched the organisation head "quỹ"; the analysis now uses the one key function
        ("Quý", "quý"),
        ("Quỹ", "quỹ"),
        ("Thuỵ Sĩ", "thụy sĩ"),
        ("Hoà Bình", "hòa bình"),
    ],
)
def test_names_use_the_one_key_function(written: str, key: str) -> None:
    assert word_key(written.split()[0]) == match_key(written.split()[0])
    assert " ".join(name_words(written)) == key == match_key(written)


def test_name_words_split_at_hyphens_and_dots() -> None:
    assert name_words("Kim Jong-un") == ("kim", "jong", "un")
    assert name_words("Kim Jong–un") == name_words("Kim Jong-un")  # en dash
    assert name_words("TP.HCM") == ("tp", "hcm")
    assert form_key("Kim Jong-un") == ("kim", "jong", "un")


def test_fold_drops_tones_spaces_and_punctuation() -> None:
    assert fold("Kim Jong-un") == fold("Kim Jong Un") == "kimjongun"
    assert fold("Đà Nẵng") == "danang"
    assert fold("Ðà Nẵng") == "danang"  # an Icelandic eth written for "Đ"
    assert fold("...") == ""


def test_tokenize_keeps_offsets_into_the_text_as_written() -> None:
    text = "Ông O’Brien đến Hà Nội ngày 13/9, mang 1.000 cuốn sách."
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens][:3] == ["Ông", "O’Brien", "đến"]
    assert [t.text for t in tokens][6:12] == ["13", "/", "9", ",", "mang", "1"]
    assert [t.text for t in tokens if t.is_word][-2:] == ["cuốn", "sách"]
