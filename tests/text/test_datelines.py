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


# --- one-word places and bare outlet tags -----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "source", "place", "rest"),
    [
        # a one-word place in capitals that the alias lexicon knows as a place
        (
            "BERLIN - Cảnh sát Đức bắt giữ hai người tình nghi trong đêm qua.",
            "",
            "BERLIN",
            "Cảnh sát Đức bắt giữ hai người tình nghi trong đêm qua.",
        ),
        ("MOSKVA – Điện Kremlin chưa bình luận về tin này.", "", "MOSKVA", None),
        ("HUẾ - Mưa lớn làm ngập nhiều tuyến phố cổ.", "", "HUẾ", None),
        # an outlet's own abbreviation, without brackets, at the very start
        ("NDĐT- Sáng 12/4, Bộ Y tế tổ chức họp báo về dịch sốt xuất huyết.", "NDĐT", "", None),
        ("TTO - Chiều 5/3, nhiều tuyến đường ở quận 7 bị ngập sâu.", "TTO", "", None),
        (
            "QĐND Online - Ngày 18-5, hội nghị tập huấn khai mạc tại Hà Nội.",
            "QĐND Online",
            "",
            None,
        ),
        ("VOV – Giá lúa tại Đồng bằng sông Cửu Long tăng nhẹ.", "VOV", "", None),
    ],
)
def test_one_word_places_and_outlet_tags(line, source, place, rest):
    found = parse_dateline(line)
    assert found is not None
    assert (found.source, found.place) == (source, place)
    cleaned, removed = clean(normalize(line))
    assert cleaned == (rest or line[found.end :])
    assert [r.reason for r in removed] == ["dateline"]
    doc = parse_text(line + "\nCâu sau.", "d")
    assert doc.source == source


@pytest.mark.parametrize(
    "line",
    [
        # an organisation, a name, a product: real sentence starts with a dash
        "WHO – Tổ chức Y tế Thế giới cho biết số ca mắc đang giảm.",
        "NATO - Liên minh quân sự lớn nhất thế giới họp khẩn.",
        "Hop On - Hop Off là loại xe buýt hai tầng chở khách tham quan.",
        "Taylor Swift- nữ ca sĩ người Mỹ vừa phát hành album mới.",
        "Brandon Cipes – giám đốc công nghệ của hãng, nói dự án đã xong.",
        # a known place or outlet that is the subject of the sentence, described after a dash
        "BERLIN - thủ đô nước Đức - đón 12 triệu lượt khách trong năm.",
        "VTV - Đài Truyền hình Việt Nam - sẽ phát sóng trực tiếp trận đấu.",
        "TTO là tên viết tắt của báo Tuổi Trẻ Online.",
        # a place in mixed case alone is not enough ("Berlin" could open a sentence)
        "Berlin - Paris là tuyến tàu cao tốc được nhiều người chọn.",
    ],
)
def test_one_word_subjects_are_not_datelines(line):
    assert parse_dateline(line) is None
    assert clean(normalize(line))[0] == normalize(line)


def test_dateline_after_a_caption_glued_to_the_first_line_goes():
    # the page ran a photo caption (with its credit) into the first line: both go
    text = (
        "Tác giả bên cuốn sách mới (Ảnh: Minh Hà) NDĐT- Sáng 3/11, cuốn sách ảnh về trẻ em "
        "vùng cao được giới thiệu tại Hà Nội.\nSách dày 200 trang."
    )
    cleaned, removed = clean(normalize(text))
    assert cleaned == normalize(
        "Sáng 3/11, cuốn sách ảnh về trẻ em vùng cao được giới thiệu tại Hà Nội.\n"
        "Sách dày 200 trang."
    )
    assert [r.reason for r in removed] == ["photo-caption", "dateline"]
