"""Encoding detection and repair: legacy Vietnamese encodings, mojibake, binary input."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.errors import InputError
from tomtat.text.encoding import decode_bytes, detect, encode_legacy, repair

# Our own sentences, covering every Vietnamese letter family (ă â đ ê ô ơ ư, five tones, capitals).
SENTENCES = [
    "Thủ tướng Phạm Minh Chính tới Hà Nội hôm thứ Hai để dự hội nghị về kinh tế số.",
    "Người dân Đà Nẵng, Huế và TP.HCM hưởng ứng; ông Nguyễn Văn Ẩn nói: 'Chúng tôi rất vui'.",
    "Giá xăng giảm 1.250 đồng, còn 22.500 đồng/lít từ 15h ngày 13/9/2023.",
    "Mưa lớn gây ngập lụt nghiêm trọng ở Quảng Ngãi, Bình Định và Phú Yên.",
    "Cơ quan khí tượng cảnh báo lũ quét, sạt lở đất ở vùng núi phía Bắc.",
    "Chuyến thăm của Tổng thống Nga tới Bình Nhưỡng kéo dài hai ngày, thoả thuận được ký kết.",
    "Những người yêu nước luôn nghĩ về quê hương, khuya khoắt vẫn chưa ngủ được.",
    "Ông Trương Quốc Khánh, Giám đốc Sở Y tế, nhấn mạnh: phải nâng cao chất lượng khám chữa bệnh.",
]
TEXT = "\n".join(SENTENCES)


def _cp1258(text: str) -> bytes:
    """windows-1258 bytes: base letters plus combining tone marks (Python's codec needs this)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tone))
        out += (base + tone).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
def test_legacy_bytes_round_trip(encoding):
    data = encode_legacy(TEXT, encoding)
    assert data != TEXT.encode("utf-8")
    assert decode_bytes(data, "f.txt") == TEXT


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
@pytest.mark.parametrize("sentence", SENTENCES)
def test_each_sentence_repaired_after_wrong_cp1252_decoding(encoding, sentence):
    as_seen = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b)
        for b in encode_legacy(sentence, encoding)
    )
    assert repair(as_seen) == sentence


def test_windows_1258_bytes():
    assert decode_bytes(_cp1258(TEXT)) == TEXT


def test_known_tcvn3_and_vni_strings():
    assert repair("ViÖt Nam") == "Việt Nam"
    assert repair("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert repair("Vieät Nam") == "Việt Nam"
    assert repair("Toâi yeâu Vieät Nam, ñòa chæ ôû ñaâu?") == "Tôi yêu Việt Nam, địa chỉ ở đâu?"
    # TCVN3 "ư" is byte 0xAD, a soft hyphen in cp1252: it must survive the repair.
    assert repair("M\xadêng Kh\xad¬ng") == "Mường Khương"
    assert detect("ViÖt Nam") == "tcvn3"
    assert detect("Vieät Nam") == "vni"


def test_utf8_mojibake():
    mojibake = "Tiáº¿ng Viá»‡t cÃ³ dáº¥u"
    assert repair(mojibake) == "Tiếng Việt có dấu"
    assert detect(mojibake) == "utf-8-mojibake"
    assert repair(TEXT.encode("utf-8").decode("cp1252", errors="ignore")).startswith("Thủ tướng")
    # The whole file in UTF-8 that was once read as cp1252 and saved again as UTF-8.
    double = TEXT.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode_bytes(double) == TEXT


def test_only_the_broken_line_is_converted():
    mixed = "Người dân vui mừng.\nHµ Néi ®ãn kh¸ch du lÞch.\nKhách quốc tế tăng."
    assert repair(mixed) == "Người dân vui mừng.\nHà Nội đón khách du lịch.\nKhách quốc tế tăng."


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "Hòa bình, thoả thuận, THUỶ LỢI và Đà Nẵng.",
        "The quick brown fox jumps over the lazy dog — “quoted” 3.5 €.",
        "Café à Paris: déjà vu, où est la gare? L'été est très chaud.",
        "Grüße aus München, die Straße ist schön.",
        "Señor Muñoz vive en España, año 2024.",
        "Привет, мир! Москва — столица России.",
        "北京欢迎你。东京とソウル。",
        "Ðây là chữ Đ viết sai bằng Ð (U+00D0).",
    ],
)
def test_correct_text_is_left_untouched(text):
    assert repair(text) == text


def test_decode_utf8_utf16_and_bom():
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT
    assert decode_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == TEXT
    assert decode_bytes(TEXT.encode("utf-16")) == TEXT
    assert decode_bytes(TEXT.encode("utf-16-le")) == TEXT
    assert decode_bytes(TEXT.encode("utf-16-be")) == TEXT
    assert decode_bytes(b"") == ""


def test_other_languages_legacy_bytes_via_charset_normalizer():
    russian = "Президент России прибыл в Пхеньян. Переговоры продлились четыре часа."
    assert decode_bytes(russian.encode("cp1251")) == russian
    german = "Grüße aus München, die Straße ist schön und die Bäume sind grün."
    assert decode_bytes(german.encode("cp1252")) == german


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04" + bytes(range(50)),
        b"abc\x00\x01\x02\x00\x00\xff\xfe" * 20,
        bytes(range(256)) * 8,
    ],
)
def test_binary_is_rejected_with_a_clear_message(data):
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_bytes(data, "photo.jpg")


def test_undecodable_is_rejected():
    junk = bytes(0x80 + (i * 37) % 128 for i in range(400))
    with pytest.raises(InputError, match="cannot decode"):
        decode_bytes(junk, "junk.txt")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text())
def test_repair_never_raises_and_is_stable_on_correct_output(text):
    fixed = repair(text)
    assert (
        repair(fixed) == fixed
    )  # what it returns is correct output: repairing it again is a no-op


_CORRECT_WORDS = ["Việt", "Nam", "thỏa", "thuận", "Triều", "Tiên", "Bình", "Nhưỡng", "ngày",
                  "13/9/2023", "11.000", "(TTXVN)", "–", "“Hoa", "Thịnh", "Đốn”", "phi", "đạn",
                  "Kim", "Jong-un", "ở", "Moskva", "năm", "2024.", "Ảnh:", "\n"]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_CORRECT_WORDS), max_size=40).map(" ".join))
def test_repair_leaves_correct_vietnamese_as_it_is(text):
    assert repair(text) == text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=300))
def test_decode_bytes_only_raises_input_error(data):
    try:
        assert isinstance(decode_bytes(data, "x"), str)
    except InputError as exc:
        assert "x:" in str(exc)
