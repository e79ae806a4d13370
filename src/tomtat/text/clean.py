"""Boilerplate cleaning (initial version; extended by the text-core work)."""

from __future__ import annotations

from ..model import Removal


def clean(text: str, doc_id: str = "") -> tuple[str, list[Removal]]:
    """Return the text with boilerplate lines removed, and what was removed and why."""
    kept: list[str] = []
    removed: list[Removal] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in {"Diễn đàn"}:
            removed.append(Removal(doc_id, stripped, "source-footer"))
            continue
        kept.append(line)
    return "\n".join(kept).strip(), removed
