"""tomtat.text.dates: the one date grammar (metadata dates and dates in sentences)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tomtat.text.dates import (
    _STARTS,
    Reference,
    day_number,
    find_dates,
    infer_year,
    normalize_date,
    parse_date,
    publication_day,
    reference_from,
    resolve,
    resolve_in_context,
    resolve_sentence,
)

PUBLISHED = "2024-06-20"  # a Thursday


# ---- written dates (Document.date, page metadata, datelines) --------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-11-19", "2024-11-19"),
        ("2024-11-19T07:30:00+07:00", "2024-11-19"),
        ("2024-6-5 10:00", "2024-06-05"),
        ("2024-06", "2024-06"),
        ("19/11/2024", "2024-11-19"),
        ("19.11.2024", "2024-11-19"),
        ("06/2024", "2024-06"),
        ("2024-02-30", None),  # no such day
        ("2024-6-3", "2024-06-03"),
        ("05-02-2025 08:00", "2025-02-05"),
        ("11/2024", "2024-11"),
        ("31/2/2024", None),
        ("99/99/2024", None),
        ("hôm qua", None),
        ("13/13/2024", None),
        ("19/11", None),  # no year: not a metadata date
        ("thứ Hai", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value, iso):
    assert normalize_date(value) == iso


def test_day_number_and_publication_day():
    assert day_number("2024-06-18") == day_number("2024-06-18T10:00:00+07:00")
    assert day_number("2024-06-19") - day_number("2024-06-18") == 1
    assert day_number("2024-06") == day_number("2024-06-01")
    assert day_number("2024-06", month=False) is None  # a month never opens a day window
    assert day_number("18/06/2024") == day_number("2024-06-18")
    assert day_number("2024-02-31") is None and day_number(None) is None
    assert publication_day("2024-06-18T10:00") == "2024-06-18"
    assert publication_day("2024-06") is None
    assert parse_date("2024-06").precision == "month"


# ---- dates in sentences -----------------------------------------------------------------------


def _one(sentence: str, published: str | None = PUBLISHED):
    found = resolve_sentence(sentence, published)
    assert len(found) == 1, found
    expr, res = found[0]
    return expr.text, res.start, res.end, res.precision, res.kind


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Ngày 13/9/2023, bão Yagi đổ bộ vào Quảng Ninh.",
            ("13/9/2023", date(2023, 9, 13), date(2023, 9, 13), "day", "absolute"),
        ),
        (
            "Hôm 18/06, ông Trần Văn Nam cho biết sẽ từ chức.",
            ("Hôm 18/06", date(2024, 6, 18), date(2024, 6, 18), "day", "partial"),
        ),
        (
            # November is more than two months after June 2024: the year before
            "Sáng 19/11, nước sông Hương dâng cao.",
            ("Sáng 19/11", date(2023, 11, 19), date(2023, 11, 19), "day", "partial"),
        ),
        (
            "Từ 12-17/9, miền Trung có mưa rất to.",
            ("12-17/9", date(2023, 9, 12), date(2023, 9, 17), "range", "partial"),
        ),
        (
            "Dự án khởi công vào tháng 9 năm ngoái.",
            ("tháng 9 năm ngoái", date(2023, 9, 1), date(2023, 9, 30), "month", "relative"),
        ),
        (
            "Tháng Chín năm ngoái, giá lúa tăng mạnh.",
            ("Tháng Chín năm ngoái", date(2023, 9, 1), date(2023, 9, 30), "month", "relative"),
        ),
        (
            "Hôm thứ Hai, đoàn công tác đến Đà Nẵng.",
            ("Hôm thứ Hai", date(2024, 6, 17), date(2024, 6, 17), "day", "relative"),
        ),
        (
            "Năm ngoái, xuất khẩu gạo đạt kỷ lục.",
            ("Năm ngoái", date(2023, 1, 1), date(2023, 12, 31), "year", "relative"),
        ),
        (
            "Sau 24 năm, hai anh em mới gặp lại nhau.",
            ("Sau 24 năm", date(2000, 1, 1), date(2000, 12, 31), "year", "duration"),
        ),
        (
            "Nhà máy hoạt động từ tháng 7/2000.",
            ("tháng 7/2000", date(2000, 7, 1), date(2000, 7, 31), "month", "absolute"),
        ),
    ],
)
def test_resolve_sentence(sentence, expected):
    assert _one(sentence) == expected


def test_confidence_follows_the_reference():
    _, full = resolve_sentence("Ngày 13/9/2023, bão đổ bộ.", PUBLISHED)[0]
    _, partial = resolve_sentence("Hôm 18/06, ông nói.", PUBLISHED)[0]
    _, weekday = resolve_sentence("Hôm thứ Hai, ông nói.", PUBLISHED)[0]
    assert (full.confidence, partial.confidence, weekday.confidence) == (0.95, 0.85, 0.6)
    # a month-precise publication date cannot place a weekday
    assert resolve_sentence("Hôm thứ Hai, ông nói.", "2024-06") == []


def test_impossible_and_unanchored_dates_are_not_resolved():
    assert resolve_sentence("Ngày 31/2, không có sự kiện nào.", PUBLISHED) == []
    assert find_dates("Mã số 99/99 không phải là ngày.") == []
    # a partial date needs a reference; a full one does not
    assert resolve_sentence("Hôm 18/06, ông nói.", None) == []
    assert _one("Ngày 13/9/2023, bão đổ bộ.", None)[1] == date(2023, 9, 13)


def test_anchor_gives_the_year_of_the_same_date_written_in_full():
    (expr,) = find_dates("Hôm 13/9, bão đổ bộ.")
    res = resolve(expr, None, {(13, 9): 2023})
    assert (res.start, res.confidence, res.kind) == (date(2023, 9, 13), 0.75, "partial")


def test_same_day_and_same_year_follow_the_previous_mention():
    (same_day,) = find_dates("Chiều cùng ngày, mưa tạnh.")
    assert resolve(same_day, reference_from(PUBLISHED)) is None
    res = resolve_in_context(same_day, date(2024, 6, 18), 2024)
    assert (res.start, res.precision) == (date(2024, 6, 18), "day")
    (same_year,) = find_dates("Đến tháng 7 cùng năm, ông trở lại.")
    assert resolve_in_context(same_year, None, 2023).start == date(2023, 7, 1)
    assert resolve_in_context(same_year, None, None) is None


def test_reference_and_year_inference():
    assert reference_from("2024-06") == Reference(date(2024, 6, 15), "month", 1.0, "publication")
    assert reference_from("không rõ") is None
    ref = date(2024, 1, 10)
    assert infer_year(28, 12, ref) == 2023  # late December read in January: last year
    assert infer_year(5, 2, ref) == 2024
    assert infer_year(29, 2, date(2023, 3, 1)) is None  # 2023 has no 29 February


def test_written_days_expand_ranges_and_keep_years_apart():
    from tomtat.text.dates import DAY_MONTH, YEAR, day_months, written_days

    w = written_days(
        "Ông Kim thăm Nga từ ngày 12-17/9, gặp ông Putin ngày 13/9/2023, tháng 10 về nước."
    )
    assert w.days == frozenset((d, 9) for d in range(12, 18))
    assert w.years == {2023} and w.months == {10}
    assert written_days("Không có ngày nào ở đây.").days == frozenset()
    assert [m for _, m, _ in DAY_MONTH.findall("Hôm 18/06, từ 1/8/2022 đến 2013-2015")] == [
        "06",
        "8",
    ]
    assert day_months("Hôm 18/06, 12-17/9 và 1/8/2022, 31/2") == [
        (18, 6, None),
        (17, 9, None),
        (1, 8, 2022),
    ]
    assert YEAR.findall("năm 2022, ngày 13/9/2023, 2013-2015, số 12019 và 2.022") == [
        "2022",
        "2023",
        "2013",
        "2015",
    ]


def _find_dates_without_shortcut(sentence: str) -> list:
    """find_dates as it was before the shortcuts: every pattern scans the sentence."""
    from tomtat.text import dates as d

    found, taken = [], bytearray(len(sentence))
    for name, pat in d._PATTERNS:
        matches = d._same_day_matches(sentence) if name == "same_day" else pat.finditer(sentence)
        for m in matches:
            a, b = m.span()
            if taken.find(1, a, b) >= 0:
                continue
            found.append(d.DateExpression(name, m.groups(), (a, b), m.group()))
            taken[a:b] = b"\x01" * (b - a)
    return sorted(found, key=lambda r: r.span)


_DATE_PIECES = ["Ngày", "ngày", "HÔM", "hôm", "Mai", "—", "Từ", "đến", "tới", "ĐÊM", "rạng sáng", "cùng",
                "Tháng", "THÁNG", "Chín", "năm", "Năm", "ngoái", "nay", "tuần", "thứ", "Thứ Hai",
                "chủ nhật", "Chủ Nhật", "qua", "kia", "mai", "sau", "gần", "những", "các", "13",
                "9", "2023", "1990", "/", "-", "–", ".", " ", "  ", "(", ")", "sáng", "Tuần",
                "13/9", "/2023", "12-17/9", "18-6", "1990–2023", "ngày 13/9/2023",
                # the first words of the patterns tried only where they stand, in any case, and
                # letters whose lower case differs from the letter re.I takes them for
                "SAU", "Trong", "kể từ", "Kể Từ", "suốt", "chiều", "Tối", "trưa", "vào", "khuya",
                "Những", "CÁC", "lúc", "giữa", "tính đến", "rạng", "trước", "đầu", "hết", "hồi",
                "\u017fau", "trong\u0131", "g\u0131ữa", "\u0130", "\u212a", "\u212aể từ", "5",
                "g\u0131ữa 13/9", "\u017fau 5 năm", "ch\u0131ều thứ Hai", "\u017fáng 2/9",
                "\u212aể từ 13/9", "\u0130"]  # fmt: skip


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_DATE_PIECES), max_size=14).flatmap(
        lambda pieces: st.sampled_from([" ", ""]).map(lambda sep: sep.join(pieces))
    )
)
def test_the_keyword_and_quick_pattern_shortcuts_find_the_same_dates(sentence):
    # joined without spaces, the pieces make the digit shapes too: "13/9/2023", "18-9"
    assert find_dates(sentence) == _find_dates_without_shortcut(sentence)


# patterns as first written, the look-behind before the number or word it checks
_WRITTEN_FIRST = {
    "DAY_MONTH": (r"\b(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}))?\b(?![/-]\d)", 0),
    "YEAR": (r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)", 0),
    "_W_RANGE": (r"(?<![\d/.,])(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])", 0),
    "_W_DM": (r"(?<![\d/.,])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\d/])", 0),
    "day_range": (r"(?<![\d/.,])(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])", 0),
    "dmy": (r"(?<![\d/.,])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)", 0),
    "year_range": (r"(?<![\d/.,])(\d{4})\s*[-–]\s*(\d{4})(?![\d/])", 0),
    "rel_year": (r"(?<!các )(?<!những )năm\s+(ngoái|trước|nay|tới|sau)(?!\w)", re.I),
    "_FIGURE": (
        r"(?<![\w.,/:-])(?P<num>\d+(?:[.,]\d+)*)(?![\d/:-]|[.,]\d)(?:\s*(?P<pct>%))?"
        r"(?:[ \t]*(?P<unit>[^\W\d_][^\W_]*(?:/[^\W\d_]+)?)"
        r"(?:[ \t]+(?P<q>[^\W\d_]+(?:[ \t]+[^\W\d_]+)?))?)?",
        0,
    ),
}


def _current(name: str) -> re.Pattern[str]:
    from tomtat.engine import paraphrase
    from tomtat.text import dates

    if name == "_FIGURE":
        return paraphrase._FIGURE
    return getattr(dates, name) if hasattr(dates, name) else dict(dates._PATTERNS)[name]


_AROUND_NUMBERS = ["0", "1", "19", "2024", "9", "1/9", "/2024", "1/9/2024", "12-17/9", "2013 - 2015", "/", ".",
                   ",", "-", "–", " ", "\n", "a", "é", "%", ":", "người", "năm", "NĂM ngoái",
                   "các ", "những ", "ngoái", " sau"]  # fmt: skip


@pytest.mark.parametrize("name", sorted(_WRITTEN_FIRST))
@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=st.lists(st.sampled_from(_AROUND_NUMBERS), max_size=10).map("".join))
def test_patterns_checking_before_their_first_digit_find_what_they_found(name, text):
    first = re.compile(*_WRITTEN_FIRST[name])
    expected = [(m.span(), m.groups()) for m in first.finditer(text)]
    assert [(m.span(), m.groups()) for m in _current(name).finditer(text)] == expected


def _pieces_of(pattern: str) -> list[str]:
    """The words and phrases of a pattern (its literal text), in three cases, and what goes
    between them in a sentence."""
    words = set(re.findall(r"[^\W\d_]+(?: [^\W\d_]+)*", pattern))
    cased = {f(w) for w in words for f in (str.lower, str.upper, str.title)}
    between = [" ", " ", "  ", "\t", "1", "13", "9", "2023", "1990", "/", "-", "–", "(", ")", "."]
    return [*sorted(cased), *between]


@pytest.mark.parametrize("name", sorted(_STARTS))
@settings(max_examples=150, deadline=None, derandomize=True)
@given(data=st.data())
def test_matches_tried_at_their_start_words_are_the_scans(name, data):
    from tomtat.text import dates as d

    pat = dict(d._PATTERNS)[name]
    piece = st.one_of(st.from_regex(pat, fullmatch=True), st.sampled_from(_pieces_of(pat.pattern)))
    pieces = st.lists(piece, max_size=8)
    text = data.draw(pieces.flatmap(lambda p: st.sampled_from([" ", ""]).map(lambda s: s.join(p))))
    low = text.lower()
    assume(len(low) == len(text) and not any(c in text for c in d._ODD_FOLDS))  # as find_dates
    got = [(m.span(), m.groups()) for m in d._matches_from(pat, text, low, d._STARTS[name])]
    assert got == [(m.span(), m.groups()) for m in pat.finditer(text)]
