"""The sentence splitter on hostile lines (issue 19): the work it does grows linearly.

Each input below took the splitter tens of seconds at 40-80 KB before (a walk over the whole
token at every period, a copy of the sentence so far at every abbreviation, a scan of every
protected range at every cut). The tests count the characters the splitter reads through the
string's own methods at two sizes, so they fail on a quadratic algorithm without timing it.
"""

from __future__ import annotations

import pytest

from tomtat.text import sentences
from tomtat.text.sentences import split_sentences


class _CountingStr(str):
    """A line that counts the characters its slices, finds and indexing hand out or scan."""

    reads = 0

    def __getitem__(self, key):  # type: ignore[override]
        out = str.__getitem__(self, key)
        _CountingStr.reads += max(1, len(out))
        return out

    def _span(self, start, end):
        start = 0 if start is None else start
        end = len(self) if end is None else end
        return max(0, end - start)

    def find(self, sub, start=None, end=None):  # type: ignore[override]
        at = str.find(self, sub, start, end)
        stop = len(self) if end is None else end
        _CountingStr.reads += self._span(start, at + 1 if at >= 0 else stop)
        return at

    def rfind(self, sub, start=None, end=None):  # type: ignore[override]
        at = str.rfind(self, sub, start, end)
        begin = 0 if start is None else start
        _CountingStr.reads += self._span(at if at >= 0 else begin, end)
        return at

    def split(self, *args, **kwargs):  # type: ignore[override]
        _CountingStr.reads += len(self)
        return str.split(self, *args, **kwargs)


def _reads(line: str) -> int:
    _CountingStr.reads = 0
    sentences._boundaries(_CountingStr(line))
    return _CountingStr.reads


HOSTILE = {
    "one token of glued periods": lambda n: "a." * n,
    "glued capitalised words": lambda n: "aa.Bb" * n,
    "abbreviations in a row": lambda n: "TP. " * n,
    "list numbers in a row": lambda n: "1. " * n,
    "initials in a row": lambda n: "J. " * n,
    "many quotes": lambda n: "“Anh đi. Em về.” " * n,
    "openers then mismatched closers": lambda n: "(" * n + "”" * n + " Xong. Rồi.",
    "long sentence opener run": lambda n: "(" * n + " 1. 2. 3. Một. Hai.",
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_work_grows_linearly(make):
    small, large = _reads(make(2_000)), _reads(make(8_000))
    # Four times the input: about four times the work (sixteen if quadratic).
    assert large <= 5 * max(small, 1), (small, large)


def test_long_hostile_lines_split_correctly():
    # 1 MB each: linear work finishes in about a second in all; the old splitter needed hours.
    text = "a." * 500_000
    assert [tuple(s) for s in split_sentences(text)] == [(0, len(text), 0)]
    text = "TP. " * 250_000
    assert len(split_sentences(text)) == 1
    text = "aa.Bb" * 200_000
    # Only the first period starts a new sentence: every later one follows a dotted token.
    assert [(s.start, s.end) for s in split_sentences(text)] == [(0, 3), (3, len(text))]
    # A deep stack of openers that closers of another family never match (each closer used
    # to walk the whole stack), and 50,000 quotes each looked up at every cut.
    text = "(" * 200_000 + "”" * 200_000 + " Xong. Rồi."
    assert len(split_sentences(text)) == 2
    text = "“Anh đi. Em về.” Ông nói. " * 50_000
    assert len(split_sentences(text)) == 100_000


def test_hostile_rules_still_apply():
    # The rewritten steps keep their rules: a list number after a label, a glued sentence.
    text = "Điều 1. Phạm vi áp dụng. Giá tăng mạnh.Ông Nam nói thế."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Điều 1. Phạm vi áp dụng.",
        "Giá tăng mạnh.",
        "Ông Nam nói thế.",
    ]
    text = "“Anh đi. Em về.” bà Lan nói. (Chú thích. Ở đây.) Hết."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "“Anh đi. Em về.” bà Lan nói.",
        "(Chú thích. Ở đây.)",
        "Hết.",
    ]
