"""Plain-text reader: dateline headers, the title rule, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomtat.io.read import read_paths
from tomtat.io.text import parse_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "bao-nalusa"


def test_dateline_header_gives_date_and_outlet_and_title():
    (doc,) = read_paths([FIXTURES / "io_dateline.txt"])
    assert doc.id == "io_dateline"
    assert doc.source == "Báo Đồng Bằng"
    assert doc.date == "2025-03"
    assert doc.title == "Cần Thơ mở lại chợ nổi Cái Răng sau đợt nạo vét"
    assert doc.meta["dateline"] == "date 2025-03 (Báo Đồng Bằng) -"
    # header and title are consumed; the body, caption and footer are left to the cleaner
    assert doc.text.startswith("Sau gần hai tháng nạo vét luồng lạch")
    assert "date 2025-03" not in doc.text
    assert "Ảnh: Báo Đồng Bằng |" in doc.text
    assert doc.text.endswith("Nguồn: Báo Đồng Bằng")


def test_dateline_with_full_date_and_body_on_the_same_line():
    doc = parse_text(
        "date 2024-06-18 (VTC News) - Sáng nay, đoàn công tác đến Hải Phòng.\nĐoàn làm việc hai ngày.",
        "d",
    )
    assert (doc.date, doc.source) == ("2024-06-18", "VTC News")
    assert doc.text.startswith("Sáng nay, đoàn công tác đến Hải Phòng.")
    assert doc.title == ""  # the first line ends with a period: body, not a title


def test_impossible_dateline_date_is_dropped_but_outlet_kept():
    doc = parse_text("date 2024-13 (Báo Mới) -\nMột câu.\nHai câu.", "d")
    assert doc.date is None
    assert doc.source == "Báo Mới"


def test_wire_dateline_in_capitals():
    doc = parse_text(
        "HÀ NỘI (Reuters) - Ít nhất 9 người thiệt mạng sau bão, cơ quan chức năng cho biết.\n"
        "Theo Reuters",
        "r",
    )
    assert doc.source == "Reuters"
    assert doc.meta["place"] == "HÀ NỘI"
    assert doc.text.startswith("Ít nhất 9 người thiệt mạng")


@pytest.mark.parametrize(
    ("text", "source", "date", "body"),
    [
        ("TP.HCM, ngày 12/3/2024 (VOV) - Giá vàng tăng.", "VOV", "2024-03-12", "Giá vàng tăng."),
        ("(Dân trí) - Giá vàng tăng.", "Dân trí", None, "Giá vàng tăng."),
        ("VOV.VN - Giá vàng tăng.", "VOV.VN", None, "Giá vàng tăng."),
        ("HUẾ, ngày 31/2/2024 (TTXVN) - Mưa lớn.", "TTXVN", None, "Mưa lớn."),
        ("QUI NHƠN, Việt Nam – Hôm 18/11, bão vào.", "", None, "Hôm 18/11, bão vào."),
        ("HÀ NỘI – Sáng nay trời rét.", "", None, "Sáng nay trời rét."),
        ("WHO – Tổ chức Y tế Thế giới – cảnh báo.", "", None, "WHO – Tổ chức Y tế"),
        ("ASEAN - Hàn Quốc ký hiệp định mới.", "", None, "ASEAN - Hàn Quốc ký"),
    ],
)
def test_other_dateline_forms(text, source, date, body):
    doc = parse_text(text + "\nCâu sau.", "d")
    assert (doc.source, doc.date) == (source, date)
    assert doc.text.startswith(body)


@pytest.mark.parametrize(
    "first_line",
    [
        "Ông Nguyễn Văn Nam (Hà Nội) - người đầu tiên đến nơi - kể lại.",  # mixed case: no dateline
        "Tp Hồ Chí Minh (Việt Nam) - thành phố lớn nhất nước.",
    ],
)
def test_sentences_with_parentheses_are_not_wire_datelines(first_line):
    doc = parse_text(first_line + "\nCâu thứ hai.", "x")
    assert doc.source == ""
    assert doc.text.startswith(first_line)


def test_headline_becomes_title_only_when_body_follows():
    doc = parse_text("Hà Nội rét đậm dưới 10 độ C\nNhiệt độ ở Hà Nội sáng nay xuống 9 độ C.", "t")
    assert doc.title == "Hà Nội rét đậm dưới 10 độ C"
    assert doc.text == "Nhiệt độ ở Hà Nội sáng nay xuống 9 độ C."
    lone = parse_text("Hà Nội rét đậm dưới 10 độ C", "t")
    assert lone.title == ""
    assert lone.text == "Hà Nội rét đậm dưới 10 độ C"


@pytest.mark.parametrize(
    "first_line",
    [
        "Nhiệt độ ở Hà Nội sáng nay xuống 9 độ C.",  # sentence end
        "Theo các chuyên gia khí tượng:",  # clause end
        "“Trời rét quá, các cháu nghỉ học”",  # a quotation
        "Người dân sưởi ấm bên đống lửa. Ảnh: TTXVN |",  # photo caption
        "Người dân đi chợ sáng sớm (Ảnh minh họa)",  # photo caption, no final period
        " ".join(["chữ"] * 31),  # too long for a headline
        "12/01",  # no letters
    ],
)
def test_lines_that_are_not_titles(first_line):
    doc = parse_text(first_line + "\nCâu thân bài thứ nhất.\nCâu thân bài thứ hai.", "t")
    assert doc.title == ""
    assert doc.text.startswith(first_line.strip())


def test_example_articles_titles_and_metadata():
    docs = {d.id: d for d in read_paths([EXAMPLE])}
    assert docs["01-thoi-bao-quoc-gia"].title.startswith("Bão số 7 đổ bộ Quảng Ngãi - Bình Định")
    assert docs["02-bao-song-tra"].source == "Báo Sông Trà"
    assert docs["02-bao-song-tra"].date == "2024-11"
    assert docs["02-bao-song-tra"].title.startswith("Quảng Ngãi oằn mình trong bão số 7")
    assert docs["03-reuters-dich"].source == "Reuters"
    assert docs["03-reuters-dich"].title == ""  # the wire story starts with its lead sentence
    assert docs["04-viet-bao-hai-ngoai"].title == (
        "Bão Nalusa tàn phá miền Trung Việt Nam, ít nhất 11 người chết"
    )
    assert docs["04-viet-bao-hai-ngoai"].meta["place"] == "QUI NHƠN, Việt Nam"
    assert docs["04-viet-bao-hai-ngoai"].text.startswith("Hôm 18/11, bão Nalusa đổ bộ")


def test_crlf_and_bom_are_handled(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("\ufeffGiá xăng giảm nhẹ\r\nGiá xăng giảm 200 đồng mỗi lít.\r\n".encode())
    (doc,) = read_paths([path])
    assert doc.title == "Giá xăng giảm nhẹ"
    assert doc.text == "Giá xăng giảm 200 đồng mỗi lít."
