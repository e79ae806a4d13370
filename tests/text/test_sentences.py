"""Sentence splitting: the hand-labelled set and each rule."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.text.sentences import split_sentences

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "text_sentences_gold.txt"


def _load_bench():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_splitter.py"
    spec = importlib.util.spec_from_file_location("bench_splitter", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_gold_set_precision_and_recall():
    bench = _load_bench()
    gold = bench.load_gold(GOLD)
    assert sum(len(c) + 1 for _, c in gold) >= 150
    p, r, _, _, _, _ = bench.score(gold, bench.tomtat_starts)
    assert p >= 0.97 and r >= 0.97, (p, r)


@pytest.mark.parametrize(
    "text",
    [
        "Giá tăng lên 20.000 đồng, tức 1,5% so với tuần trước.",
        "Người dân TP.HCM và Th.S Lê Văn Hải tham dự.",
        "PGS.TS. Nguyễn Văn Hùng và ThS. Lê Mai cùng phát biểu.",
        "Quan chức U.S. Army xác nhận tin này.",
        "Ông J. Smith đến Q. 1, P. 5 và TT. Huế trong tuần.",
        "Họ bán cam, quýt, v.v. và nhiều loại hàng khác.",
        "Kinh tế quốc tế … và an ninh khu vực đều được bàn thảo.",
        "Ông ấy chờ đợi... rồi bỏ đi.",
        "Hội nghị diễn ra ngày 13.9.2023 tại Tp. Vinh.",
        "Chi tiết tại https://chinhphu.vn/tin.html hoặc hotro@congdan.gov.vn trong giờ hành chính.",
        "1. Điều khoản chung áp dụng cho mọi bên.",
        "Điều 5. Quyền và nghĩa vụ của các bên.",
        "Mr. Brown và Dr. Lan gặp nhau.",
        "Ông nói: “Chúng tôi sẵn sàng. Chúng tôi không sợ.”",
        "Nhà máy đặt tại Q.1 và có công suất 1.000 tấn.",
    ],
)
def test_kept_intact(text):
    assert _split(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Câu một. Câu hai.", ["Câu một.", "Câu hai."]),
        ("Ai đúng? Không ai biết! Thật vậy…", ["Ai đúng?", "Không ai biết!", "Thật vậy…"]),
        ("Ông nói: “Tốt lắm.” Sau đó ông đi.", ["Ông nói: “Tốt lắm.”", "Sau đó ông đi."]),
        ("Ông nói: “Tôi nghĩ vậy”. “Chưa chắc”.", ["Ông nói: “Tôi nghĩ vậy”.", "“Chưa chắc”."]),
        (
            "Hàng hóa gồm gạo, mì, v.v. Trong khi đó giá tăng.",
            ["Hàng hóa gồm gạo, mì, v.v.", "Trong khi đó giá tăng."],
        ),
        (
            "Đã tìm thấy 3 nạn nhân... Việc tìm kiếm tiếp tục.",
            ["Đã tìm thấy 3 nạn nhân...", "Việc tìm kiếm tiếp tục."],
        ),
        ("Giá tăng mạnh.Nông dân vui.", ["Giá tăng mạnh.", "Nông dân vui."]),
        ("Nhiệt độ lên 40 độ C. Đây là kỷ lục.", ["Nhiệt độ lên 40 độ C.", "Đây là kỷ lục."]),
        ("Năm 2023 tăng 5%. 12 tỉnh bị ảnh hưởng.", ["Năm 2023 tăng 5%.", "12 tỉnh bị ảnh hưởng."]),
    ],
)
def test_split(text, expected):
    assert _split(text) == expected


def test_paragraph_numbers_count_non_empty_lines():
    text = "Đoạn một. Câu hai.\n\nĐoạn hai.\nĐoạn ba."
    spans = split_sentences(text)
    assert [s.paragraph for s in spans] == [0, 0, 1, 2]
    assert [text[s.start : s.end] for s in spans] == [
        "Đoạn một.",
        "Câu hai.",
        "Đoạn hai.",
        "Đoạn ba.",
    ]


def test_long_unbalanced_quote_does_not_swallow_the_paragraph():
    text = "Ông nói “" + "Câu dài. " * 100 + "Hết."
    assert len(split_sentences(text)) > 50


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list('aăbĐđ ơư.?!…”“"()\n1,5TPHCM')), max_size=200))
def test_no_character_lost(text):
    spans = split_sentences(text)
    covered = "".join(text[s.start : s.end] for s in spans)
    assert covered.replace(" ", "") == "".join(text.split())
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start


# --- a one-letter syllable before a period ends a sentence; an initial does not ---------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name or place ending in a one-letter syllable with a tone mark: never an initial
        (
            "Bộ ảnh là tâm huyết của nhiếp ảnh gia Trần Á. Buổi triển lãm kéo dài một tuần.",
            ["Bộ ảnh là tâm huyết của nhiếp ảnh gia Trần Á.", "Buổi triển lãm kéo dài một tuần."],
        ),
        (
            "Lễ ra mắt sách có mặt tác giả Lê Văn Á. Buổi giao lưu diễn ra sôi nổi.",
            ["Lễ ra mắt sách có mặt tác giả Lê Văn Á.", "Buổi giao lưu diễn ra sôi nổi."],
        ),
        (
            "Đội tuyển giành vé dự vòng chung kết châu Á. Các cầu thủ được thưởng nóng.",
            ["Đội tuyển giành vé dự vòng chung kết châu Á.", "Các cầu thủ được thưởng nóng."],
        ),
        (
            "Nhà hàng phục vụ món ăn theo phong cách Ý. Đầu bếp chính là người Huế.",
            ["Nhà hàng phục vụ món ăn theo phong cách Ý.", "Đầu bếp chính là người Huế."],
        ),
        # a letter standing for a person or a category after a lower-case word, then a
        # sentence: "anh M.", "cúm B.", "quý I."
        (
            "Cơ quan công an đã triệu tập anh M. Sau đó, anh M. được cho về nhà.",
            ["Cơ quan công an đã triệu tập anh M.", "Sau đó, anh M. được cho về nhà."],
        ),
        (
            "Nhiều trẻ nhập viện vì cúm B. Bác sĩ khuyên phụ huynh cho trẻ tiêm phòng.",
            ["Nhiều trẻ nhập viện vì cúm B.", "Bác sĩ khuyên phụ huynh cho trẻ tiêm phòng."],
        ),
        (
            "Doanh thu tăng gấp đôi so với quý I. Nếu giữ được đà này, công ty sẽ có lãi.",
            ["Doanh thu tăng gấp đôi so với quý I.", "Nếu giữ được đà này, công ty sẽ có lãi."],
        ),
        # a name of several syllables is a normal word
        (
            "Ông Kim Jong Un đến nhà ga lúc 9 giờ. Sau đó đoàn tàu rời đi.",
            ["Ông Kim Jong Un đến nhà ga lúc 9 giờ.", "Sau đó đoàn tàu rời đi."],
        ),
    ],
)
def test_one_letter_syllable_ends_a_sentence(text, expected):
    assert _split(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # initials of foreign names: after a capitalised given name, or before a foreign name
        "Cựu tổng thống George W. Bush thăm Hà Nội vào mùa thu.",
        "Nam diễn viên Samuel L. Jackson đóng vai chính trong phim.",
        "Bức ảnh của nhiếp ảnh gia W. Eugene Smith được trưng bày ở đây.",
        # a letter abbreviating a club or a place name of two capitalised words
        "Trận đấu giữa Sông Lam và B. Bình Dương kết thúc với tỷ số hòa.",
        # known abbreviations and dotted initials stay as they were
        "TS. Nguyễn Văn Nam và ThS. Lê Thị Hoa trình bày báo cáo tại Tp. HCM.",
        "Người khai báo là N.V.A. và chị T.T.B. cùng quê Nghệ An.",
        "Ông J. Smith đến Q. 1 để làm việc với đối tác.",
    ],
)
def test_initials_still_hold_the_sentence(text):
    assert _split(text) == [text]


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b, _ in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a subheading glued to the paragraph after it
            "Chính phủ cần làm rõ hơn về nợ công Xung quanh vấn đề nợ công, Bộ Tài chính cho "
            "biết mức nợ vẫn trong giới hạn.",
            ["Chính phủ cần làm rõ hơn về nợ công",
             "Xung quanh vấn đề nợ công, Bộ Tài chính cho biết mức nợ vẫn trong giới hạn."],
        ),
        (  # a one-line heading and a dated lead
            "Trả lời báo chí Chiều 12/4, người phát ngôn Bộ Ngoại giao nêu rõ lập trường.",
            ["Trả lời báo chí", "Chiều 12/4, người phát ngôn Bộ Ngoại giao nêu rõ lập trường."],
        ),
        (  # a photo caption glued before a connective
            "Lực lượng cứu hộ tìm kiếm người mất tích trên sông Ngoài ra, hàng trăm hộ dân đã "
            "được sơ tán.",
            ["Lực lượng cứu hộ tìm kiếm người mất tích trên sông",
             "Ngoài ra, hàng trăm hộ dân đã được sơ tán."],
        ),
    ],
)  # fmt: skip
def test_glued_heading_ends_before_a_sentence_opener(text, expected):
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ông cho biết sau đó, mọi việc đã ổn định trở lại.",  # lower case: running text
        "Viện Sáng tạo và Chuyển đổi số được thành lập năm 2020.",  # a name, no comma or date
        "Lễ hội diễn ra vào thứ Hai Ngày 5/3, các bên ký kết hợp đồng.",  # a capital before
        "Ông nói: “chúng tôi sẽ về quê Sau đó, chúng tôi đi làm” rồi rời đi.",  # in a quote
        "Mưa lớn kéo dài ở huyện Đắk Song, tỉnh Đắk Nông.",  # "Song," of a place name
        "Giá vàng tăng trong phiên COVID-19 Sau khi thị trường mở cửa.",  # not an opener
    ],
)
def test_no_cut_before_an_opener_in_running_text(text):
    assert _texts(text) == [text]
