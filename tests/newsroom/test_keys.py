"""Dedup keys: the same page under other URL spellings, the same text under other formatting."""

from __future__ import annotations

import pytest

from tomtat.newsroom.keys import content_key, url_key


def test_url_key_spellings_of_one_page():
    base = url_key("https://vnexpress.example/thoi-su/bao-so-7.html")
    for other in (
        "http://vnexpress.example/thoi-su/bao-so-7.html",
        "https://WWW.VnExpress.example/thoi-su/bao-so-7.html#binh-luan",
        "https://vnexpress.example:443/thoi-su/bao-so-7.html?utm_source=rss&utm_medium=feed",
        "https://vnexpress.example/thoi-su/bao-so-7.html/",
        "https://vnexpress.example/thoi-su/bao-so-7.html?fbclid=abc",
    ):
        assert url_key(other) == base, other
    assert url_key("https://vnexpress.example/thoi-su/bao-so-8.html") != base
    assert url_key("https://vnexpress.example/tin?id=2&trang=1") == url_key(
        "https://vnexpress.example/tin?trang=1&id=2"
    )
    assert url_key("https://vnexpress.example/tin?id=2") != url_key(
        "https://vnexpress.example/tin?id=3"
    )


@pytest.mark.parametrize("bad", ["", "   ", "file:///etc/passwd", "ftp://x.example/a", "bao-so-7.html",
                                 "http://[::1"])  # fmt: skip
def test_url_key_of_non_web_addresses(bad):
    assert url_key(bad) is None


def test_content_key_ignores_formatting_not_words():
    text = "Thủ tướng chủ trì cuộc họp về hòa bình và thủy lợi.\nNgười dân được sơ tán."
    same = [
        "  THỦ TƯỚNG chủ trì cuộc họp về hoà bình và thuỷ lợi \n\n Người dân được sơ tán!",
        "Thủ tướng chủ trì cuộc họp về hòa bình và thủy lợi. Người dân được sơ tán.",
        "Thủ tướng chủ trì cuộc họp về hòa bình và thủy lợi.\nNgười dân được sơ tán.",
    ]
    import unicodedata

    same.append(unicodedata.normalize("NFD", text))  # decomposed Unicode
    for s in same:
        assert content_key(s) == content_key(text), s
    for other in (
        "Thủ tướng chủ trì cuộc họp về hóa bình và thủy lợi. Người dân được sơ tán.",  # tone
        "Thu tuong chu tri cuoc hop ve hoa binh va thuy loi. Nguoi dan duoc so tan.",  # none
        "Thủ tướng chủ trì cuộc họp về hòa bình và thủy lợi. Người dân chưa sơ tán.",  # word
    ):
        assert content_key(other) != content_key(text), other
