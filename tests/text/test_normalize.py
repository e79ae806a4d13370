"""Display normalization and match keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.text.normalize import canonical_tones, match_key, normalize
from tomtat.text.syllable import is_valid_syllable


def test_nfc_from_decomposed():
    nfd = unicodedata.normalize("NFD", "Thủ tướng Phạm Minh Chính")
    assert normalize(nfd) == "Thủ tướng Phạm Minh Chính"
    assert match_key(nfd) == "thủ tướng phạm minh chính"


def test_display_keeps_source_tone_placement():
    assert normalize("Thoả thuận hoà bình") == "Thoả thuận hoà bình"
    assert normalize("Thỏa thuận hòa bình") == "Thỏa thuận hòa bình"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("thoả thuận", "thỏa thuận"),
        ("hoà bình", "hòa bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("Tuỳ ý", "Tùy ý"),
        ("hoá học", "hóa học"),
        ("quý khách", "quý khách"),
        ("xoà", "xòa"),
    ],
)
def test_one_canonical_tone_placement(old, new):
    assert match_key(old) == match_key(new) == new.lower()


def test_tone_placement_rules_for_other_rhymes():
    # Marked vowels and closed syllables take the tone on the main vowel whatever was typed.
    assert canonical_tones("hòan toàn") == "hoàn toàn"
    assert canonical_tones("ngừơi") == "người"
    assert canonical_tones("thúê") == "thuế"
    assert canonical_tones("gìa") == "già"
    assert canonical_tones("khuỷu") == "khuỷu"
    assert canonical_tones("ngoài") == "ngoài"
    # Case and length are preserved; non-Vietnamese words are left alone.
    assert canonical_tones("HOÀ BÌNH Café") == "HÒA BÌNH Café"


def test_d_with_stroke_variants():
    assert normalize("Ðà Nẵng và ðường phố") == "Đà Nẵng và đường phố"
    assert match_key("ĐÀ NẴNG") == match_key("Ðà Nẵng") == "đà nẵng"


def test_invisible_and_control_characters_removed():
    assert normalize("Hà\u200b Nội\u00ad\ufeff có\u200d mưa\x07") == "Hà Nội có mưa"


def test_hidden_text_marks_are_removed():
    # issue 19: the Arabic letter mark, interlinear annotation marks and tag characters
    # (which spell hidden ASCII: "\U000e0069\U000e0067" reads "ig" to a program) survived
    tags = "".join(chr(0xE0000 + ord(c)) for c in "ignore") + "\U000e0001\U000e007f"
    text = "Giá\u061c xăng \ufff9tăng\ufffa chú thích\ufffb mạnh" + tags + "."
    assert normalize(text) == "Giá xăng tăng chú thích mạnh."
    assert match_key(text) == "giá xăng tăng chú thích mạnh."


def test_quotes_dashes_and_spaces():
    assert (
        normalize("„Xin chào‟ ông\u00a0Nam\u2009nói\u2010cười \u2212 5")
        == "“Xin chào“ ông Nam nói-cười - 5"
    )
    key = match_key("Ông nói: “Tốt” – ‘được’ … — xong")
    assert key == "ông nói: \"tốt\" - 'được' ... - xong"


def test_line_breaks_and_blank_lines():
    text = "  Đoạn một.  \r\n\r\n\r\n\tĐoạn   hai.\u2028Đoạn ba.\r"
    assert normalize(text) == "Đoạn một.\n\nĐoạn hai.\nĐoạn ba."
    assert match_key(text) == "đoạn một. đoạn hai. đoạn ba."


def test_normalize_repairs_legacy_encodings():
    assert normalize("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert normalize("Viá»‡t Nam") == "Việt Nam"


def test_syllable_validity():
    for word in ["nghiêng", "người", "khuỷu", "quốc", "giữa", "thoả", "hòa", "Việt"]:
        assert is_valid_syllable(word), word
    for word in ["Café", "für", "xyz", "thoảà", "hoàc", "strong"]:
        assert not is_valid_syllable(word), word


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text())
def test_idempotent_and_nfc(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    key = match_key(text)
    assert match_key(key) == key
    assert unicodedata.is_normalized("NFC", key)
