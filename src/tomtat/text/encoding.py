"""Bytes -> text, and repair of legacy Vietnamese encodings (initial version)."""

from __future__ import annotations

from ..errors import InputError


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode file bytes to text; raise InputError for binary or undecodable data."""
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: cannot decode as UTF-8 text") from None


def repair(text: str) -> str:
    """Repair mojibake / legacy encodings in already-decoded text (identity for now)."""
    return text
