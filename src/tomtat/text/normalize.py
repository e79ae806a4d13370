"""Unicode and Vietnamese normalization (initial version; extended by the text-core work)."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalize(text: str) -> str:
    """Display normalization: NFC, zero-width characters removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def match_key(text: str) -> str:
    """Normalized form for matching and counting: NFC, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())
