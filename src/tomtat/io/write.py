"""Writers (initial version; extended by the engine/io work)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..model import Cluster, Summary


def summary_to_dict(summary: Summary) -> dict:
    return {
        "id": summary.id,
        "summary": summary.text,
        "sentences": [
            {
                "text": s.text,
                "doc_id": s.doc_id,
                "sources": [src.doc_id for src in s.sources] or [s.doc_id],
                "support": s.support,
            }
            for s in summary.sentences
        ],
        "method": summary.method,
        "max_words": summary.max_words,
    }


def render_summary(summary: Summary, cluster: Cluster, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(summary_to_dict(summary), ensure_ascii=False, indent=2) + "\n"
    return "\n".join(s.text for s in summary.sentences) + "\n"


def write_output(path: str | os.PathLike[str], content: str) -> None:
    """Write atomically: a temporary file in the same directory, then rename."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
