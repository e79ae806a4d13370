"""HTML reader: main text without page boilerplate, metadata from the page, no network."""

from __future__ import annotations

import socket
import unicodedata
from pathlib import Path

import pytest

from tomtat.io.html import parse_html
from tomtat.io.read import read_paths

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "examples" / "bao-nalusa" / "05-tin-nhanh-mien-trung.html"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the HTML reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_example_page_metadata(no_network):
    (doc,) = read_paths([PAGE])
    assert doc.id == "05-tin-nhanh-mien-trung"
    assert doc.title == (
        "Sau bão số 7: Số người chết tăng lên 11, miền Trung khẩn trương khắc phục hậu quả"
    )
    assert doc.source == "Tin Nhanh Miền Trung"
    assert doc.date == "2024-11-19"
    assert doc.url.endswith("/sau-bao-so-7-so-nguoi-chet-tang-len-11.html")
    assert doc.meta["date_raw"] == "2024-11-19T07:30:00+07:00"
    assert doc.meta["lang"] == "vi"


def test_example_page_main_text_without_boilerplate(no_network):
    (doc,) = read_paths([PAGE])
    text = doc.text
    for kept in (
        "Tính đến sáng 19/11, bão số 7 đã làm 11 người chết",
        "Phó thủ tướng Trần Quốc Vinh cùng Bộ trưởng Phạm Đức Thắng",
        "135 trường học tại Quảng Ngãi và Bình Định",
        "vượt báo động 3 khoảng 1,5 m",
        "Bộ trưởng Thắng cho biết sẽ cử chuyên gia",
    ):
        assert kept in text
    for dropped in (
        "Trang chủ",  # menu and breadcrumb
        "Thể thao",
        "Tìm kiếm",
        "Giấy phép số",  # page footer
        "Đăng nhập để bình luận",  # comments
        "Tin liên quan",  # related links
        "dataLayer",  # script
        "Sao chép liên kết",  # share bar
    ):
        assert dropped not in text
    # the headline is metadata, not a body line
    assert not text.startswith("Sau bão số 7:")


def test_page_without_open_graph_uses_title_tag_and_time(no_network):
    html = """<!doctype html><html><head><meta charset="utf-8">
    <title>Khánh thành cầu Rạch Miễu 2 | Báo Bến Tre Điện Tử</title>
    <script src="http://example.invalid/tracker.js"></script>
    <link rel="stylesheet" href="http://example.invalid/a.css"></head>
    <body><nav><a href="/">Trang chủ</a></nav>
    <article><time datetime="2025-04-30">30/4/2025</time>
    <p>Cầu Rạch Miễu 2 nối Tiền Giang và Bến Tre chính thức thông xe sáng 30/4.</p>
    <img src="http://example.invalid/cau.jpg">
    <p>Công trình dài hơn 17 km, tổng vốn đầu tư khoảng 6.810 tỷ đồng, giúp giảm tải cho cầu Rạch Miễu cũ.</p>
    <p>Người dân hai bờ sông Tiền vui mừng vì không còn cảnh kẹt xe kéo dài vào các dịp lễ, Tết.</p>
    </article></body></html>"""
    doc = parse_html(html, "cau")
    assert doc.title == "Khánh thành cầu Rạch Miễu 2"
    assert doc.date == "2025-04-30"
    assert "Cầu Rạch Miễu 2 nối Tiền Giang và Bến Tre" in doc.text
    assert "Trang chủ" not in doc.text


def test_tiny_page_falls_back_to_block_text(no_network):
    html = (
        "<html><head><style>p{color:red}</style></head><body><nav>Menu chính</nav>"
        "<div>Hà Giang có tuyết rơi.</div><footer>Bản quyền</footer></body></html>"
    )
    doc = parse_html(html, "tuyet")
    assert "Hà Giang có tuyết rơi." in doc.text
    assert "Menu chính" not in doc.text
    assert "color" not in doc.text


def test_dateline_inside_html_body_is_read(no_network):
    html = (
        "<html><body><article><p>date 2024-06 (VTC News) -</p>"
        "<p>Đoàn đại biểu đã tới Hải Phòng chiều qua để khảo sát cảng Lạch Huyện và làm việc "
        "với lãnh đạo thành phố về kế hoạch mở rộng bến container.</p>"
        "<p>Theo kế hoạch, đoàn sẽ làm việc tại thành phố trong hai ngày.</p>"
        "</article></body></html>"
    )
    doc = parse_html(html, "d")
    assert (doc.source, doc.date) == ("VTC News", "2024-06")
    assert "date 2024-06" not in doc.text


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Encode as windows-1258: letters with hat/breve/horn precomposed, tone marks combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("windows-1258")


def test_declared_legacy_charset_is_honoured(tmp_path, no_network):
    html = (
        '<html><head><meta charset="windows-1258"><title>Tin ngắn</title></head>'
        "<body><article><p>Giá cà phê tăng mạnh trong tuần qua, đạt mức cao nhất từ đầu năm "
        "tại các tỉnh Tây Nguyên.</p><p>Nông dân phấn khởi vì được mùa được giá.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "cp.html"
    path.write_bytes(_cp1258(html))
    (doc,) = read_paths([path])
    assert "Giá cà phê tăng mạnh" in doc.text
    assert doc.title == "Tin ngắn"


def test_page_with_no_text_is_skipped_among_good_ones(tmp_path, no_network):
    (tmp_path / "a.html").write_text(
        "<html><body><nav>Trang chủ</nav></body></html>", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("Đà Nẵng đón khách du lịch dịp lễ.", encoding="utf-8")
    seen: list[str] = []
    docs = read_paths([tmp_path], on_warning=seen.append)
    assert [d.id for d in docs] == ["b"]
    assert len(seen) == 1 and "a.html" in seen[0] and seen[0].startswith("skipped ")


# ------------------------------------------------------------ bounds (issue 19)


def _paragraphs(n: int) -> str:
    return "<html><body>" + "<p>Mưa lớn ở Huế.</p>" * n + "</body></html>"


def test_a_page_with_too_many_elements_is_refused_before_parsing(no_network):
    from tomtat.errors import LimitError

    # 300,000 <p> took 245 s in the extractor; 40,000 are refused by count, unparsed
    with pytest.raises(LimitError, match=r"more than 30,000 elements.*TOMTAT_MAX_HTML_ELEMENTS"):
        parse_html(_paragraphs(40_000), "lu")
    with pytest.raises(LimitError, match=r"6,300,026 characters; the limit is 5,000,000"):
        parse_html(_paragraphs(300_000), "lu")


def test_html_bounds_follow_the_environment(no_network, monkeypatch):
    from tomtat.errors import LimitError

    monkeypatch.setenv("TOMTAT_MAX_HTML_ELEMENTS", "50")
    with pytest.raises(LimitError, match="more than 50 elements"):
        parse_html(_paragraphs(60), "lu")
    monkeypatch.setenv("TOMTAT_MAX_HTML_ELEMENTS", "0")  # 0: no limit
    assert parse_html(_paragraphs(60), "lu").text.startswith("Mưa lớn ở Huế.")


def test_cli_refuses_a_huge_page_in_one_line(no_network, tmp_path, capsys):
    from tomtat.cli import main

    page = tmp_path / "trang.html"
    page.write_text(_paragraphs(40_000), encoding="utf-8")
    assert main(["summarize", str(page)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "30,000 elements" in err and "Traceback" not in err
