"""tomtat.text.datelines: one dateline grammar for the reader and the cleaner."""

from __future__ import annotations

import pytest

from tomtat.io.read import parse_text
from tomtat.text.clean import clean
from tomtat.text.datelines import parse_dateline
from tomtat.text.normalize import normalize


@pytest.mark.parametrize(
    ("text", "source", "date", "rest"),
    [
        (
            " date 2024-06 (VTC News) -\n\nTổng thống tới thăm.",
            "VTC News",
            "2024-06",
            "Tổng thống tới thăm.",
        ),
        (
            "HÀ NỘI (Reuters) - Chính phủ công bố gói hỗ trợ.",
            "Reuters",
            None,
            "Chính phủ công bố gói hỗ trợ.",
        ),
        ("(Dân trí) - Sáng nay, mưa lớn kéo dài.", "Dân trí", None, "Sáng nay, mưa lớn kéo dài."),
        (
            "Hà Nội, ngày 12/3/2024 (TTXVN) - Hội nghị khai mạc.",
            "TTXVN",
            "2024-03-12",
            "Hội nghị khai mạc.",
        ),
        ("TP.HCM (VOV) - Giá xăng giảm.", "VOV", None, "Giá xăng giảm."),
        ("2025-03-01 (Báo Mới) - Hôm nay trời đẹp.", "Báo Mới", "2025-03-01", "Hôm nay trời đẹp."),
    ],
)
def test_datelines(text, source, date, rest):
    found = parse_dateline(text)
    assert (found.source, found.date) == (source, date)
    cleaned, removed = clean(normalize(text))
    assert cleaned == rest
    assert [r.reason for r in removed] == ["dateline"]


def test_dateline_only_on_the_first_paragraph_and_not_a_plain_sentence():
    assert parse_dateline("Sáng nay (giờ địa phương) - theo nguồn tin - mưa lớn.") is None
    text = "Câu mở đầu.\n(Dân trí) - Một dòng giữa bài."
    assert clean(text)[0] == text


@pytest.mark.parametrize(
    "line",
    [
        "Ông Nguyễn Văn Nam (Hà Nội) - người đầu tiên đến nơi - kể lại.",
        "Tp Hồ Chí Minh (Việt Nam) - thành phố lớn nhất nước.",
        "Hà Nội, thành phố ngàn năm (Việt Nam) - nơi hội tụ.",
        "WHO – Tổ chức Y tế Thế giới – cảnh báo.",
        "Sáng nay (giờ địa phương) - theo nguồn tin - mưa lớn.",
        "THU HƯƠNG - NHƯ HÙNG - LÊ NGÂN",  # a byline in capitals
        "THỔ NHĨ KỲ - 'ÔNG LỚN' MỚI TRONG LÀNG XE ĐIỆN",  # a headline in capitals
        "HÀ NỘI –",
    ],
)
def test_sentences_are_not_datelines_for_reader_or_cleaner(line):
    assert parse_dateline(line) is None
    assert clean(line)[0] == line
    doc = parse_text(line + "\nCâu sau.", "d")
    assert "dateline" not in doc.meta and (doc.source, doc.date) == ("", None)


@pytest.mark.parametrize(
    ("line", "source", "date", "place"),
    [
        ("HUẾ, ngày 31/2/2024 (TTXVN) - Mưa lớn.", "TTXVN", None, "HUẾ"),  # no 31 February
        ("Đà Nẵng, ngày 5/8/2024 (VNA) - Mưa lớn.", "VNA", "2024-08-05", "Đà Nẵng"),
        ("QUI NHƠN, Việt Nam – Hôm 18/11, bão vào.", "", None, "QUI NHƠN, Việt Nam"),
        ("date 2024-06-18 Tổng thống tới thăm.", "", "2024-06-18", ""),
        ("VOV.VN - Giá vàng tăng.", "VOV.VN", None, ""),
    ],
)
def test_reader_and_cleaner_read_the_same_dateline(line, source, date, place):
    found = parse_dateline(line)
    assert (found.source, found.date, found.place) == (source, date, place)
    doc = parse_text(line + "\nCâu sau.", "d")
    assert (doc.source, doc.date) == (source, date)
    assert doc.text == line[found.end :] + "\nCâu sau."
    cleaned, removed = clean(line)
    assert cleaned == line[found.end :]
    assert [(r.reason, r.text) for r in removed] == [("dateline", found.text)]
