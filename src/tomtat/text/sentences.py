"""Sentence splitting (initial version; extended by the text-core work)."""

from __future__ import annotations

import re
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    paragraph: int


# end punctuation, optional closing quotes/brackets, whitespace, then an upper-case start
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-ZĐÀ-Ỹ0-9])")


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence spans (character offsets) with their paragraph number."""
    spans: list[Span] = []
    pos = 0
    for paragraph, line in enumerate(text.split("\n")):
        base = pos
        pos += len(line) + 1
        cut = 0
        for m in _BOUNDARY.finditer(line):
            _add(spans, line, base, cut, m.end(), paragraph)
            cut = m.end()
        _add(spans, line, base, cut, len(line), paragraph)
    return spans


def _add(spans: list[Span], line: str, base: int, start: int, end: int, paragraph: int) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(base + start, base + end, paragraph))
