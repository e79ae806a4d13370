"""tomtat — Vietnamese multi-document news summarization with source citations.

The public API is small and importing it is light: heavy libraries (word segmenter, learned
model, scikit-learn, FastAPI) load lazily, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import TomtatError
from .model import Cluster, Document, Removal, Report, Sentence, Source, Summary, SummarySentence

__version__ = "0.1.0"

__all__ = [
    "Cluster",
    "Document",
    "Removal",
    "Report",
    "Sentence",
    "Source",
    "Summary",
    "SummarySentence",
    "TomtatError",
    "__version__",
    "build_cluster",
    "load",
    "summarize",
]

if TYPE_CHECKING:
    from .engine import summarize
    from .pipeline import build_cluster, load


def __getattr__(name: str):  # lazy re-exports keep `import tomtat` light
    if name == "build_cluster":
        from .pipeline import build_cluster

        return build_cluster
    if name == "load":
        from .pipeline import load

        return load
    if name == "summarize":
        from .engine import summarize

        return summarize
    raise AttributeError(f"module 'tomtat' has no attribute {name!r}")
