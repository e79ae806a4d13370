"""Tokenizers: a fast syllable tokenizer, and word segmentation through pyvi (lazy)."""

from __future__ import annotations

import re

from .normalize import match_key

_SYLLABLE = re.compile(r"\w+", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (and numbers), punctuation dropped. Fast; no segmentation."""
    return _SYLLABLE.findall(match_key(text))
