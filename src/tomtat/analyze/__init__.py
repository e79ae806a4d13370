"""Cross-source analysis: name variants, entities, timeline, source comparison, one report.

``build_report(cluster, summary=None, method="default", max_words=200) -> Report`` and
``report_to_dict(report) -> dict`` are the entry points (docs/analysis.md has the JSON schema).
Submodules load lazily so ``import tomtat`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "build_report": "report",
    "report_to_dict": "report",
    "render_report": "render",
    "group_aliases": "aliases",
    "canonicalize": "aliases",
    "extract_entities": "entities",
    "build_timeline": "timeline",
    "compare_sources": "sources",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
