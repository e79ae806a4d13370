"""Argument types shared by the commands (one definition, one message)."""

from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    """argparse type: a whole number >= 1 (the message names the value and the fix)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number of syllables, got {value!r}"
        ) from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 syllable, got {number}")
    return number
