"""Article streams for event clustering: JSONL articles or clusters, or a directory."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..io.limited import LongLine, bounded_lines, long_line_message, open_input
from ..io.records import load_json
from ..io.safe import clean_json
from ..limits import max_input_bytes
from ..model import Document


@dataclass(frozen=True, slots=True)
class ArticleError:
    """A line of the input that could not be read as an article (1-based ``line``)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}: line {self.line}: {self.message}"


_KNOWN = ("id", "text", "title", "source", "date", "url")


def _document(obj: dict[str, Any], fallback_id: str, extra: dict[str, Any] | None = None):
    obj = clean_json(obj)  # a lone surrogate ("\ud800") becomes U+FFFD: it cannot be written
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError('article has no "text" string')
    date = obj.get("date")
    meta = {k: v for k, v in obj.items() if k not in _KNOWN}
    if extra:
        meta.update(extra)
    return Document(
        id=str(obj.get("id") or fallback_id),
        text=text,
        title=str(obj.get("title") or ""),
        source=str(obj.get("source") or ""),
        date=date if isinstance(date, str) and date else None,
        url=str(obj.get("url") or ""),
        meta=meta,
    )


def iter_articles(
    path: str | os.PathLike[str],
) -> Iterator[Document | ArticleError]:
    """Articles of ``path`` in file order.

    A JSONL file holds either one article per line (``{"id","title","text","date",...}``) or
    clusters in the data schema, whose documents are pooled (the cluster id is kept in
    ``meta["cluster_id"]``). A directory is read with :func:`tomtat.io.read.read_paths`.
    A bad line yields an :class:`ArticleError` and the stream goes on.
    """
    p = Path(path)
    if str(path) != "-" and not p.exists():
        raise InputError(f"no such file or directory: {p}")
    if p.is_dir():
        from ..io.read import read_paths

        yield from read_paths([p])
        return
    import sys

    fh = sys.stdin.buffer if str(path) == "-" else open_input(p, allow_pipe=True)
    name = "stdin" if str(path) == "-" else str(p)
    limit = max_input_bytes()
    try:
        for lineno, line in enumerate(bounded_lines(fh, limit), 1):
            if isinstance(line, LongLine):  # read on and dropped: memory stays flat
                yield ArticleError(name, lineno, long_line_message(limit))
                continue
            raw = line.decode("utf-8", errors="replace")
            if not raw.strip():
                continue
            try:
                obj = load_json(raw, f"{name}:{lineno}")
            except json.JSONDecodeError as exc:
                yield ArticleError(name, lineno, f"not JSON ({exc.msg})")
                continue
            except RecursionError:
                yield ArticleError(name, lineno, "JSON nested too deeply")
                continue
            except InputError as exc:  # a number too long to read
                yield ArticleError(name, lineno, str(exc).removeprefix(f"{name}:{lineno}: "))
                continue
            if not isinstance(obj, dict):
                yield ArticleError(name, lineno, "expected a JSON object")
                continue
            try:
                if isinstance(obj.get("documents"), list):
                    cid = obj.get("id")
                    for j, d in enumerate(obj["documents"], 1):
                        if not isinstance(d, dict):
                            raise ValueError(f"document {j} is not an object")
                        yield _document(d, f"l{lineno}-d{j}", {"cluster_id": cid})
                else:
                    yield _document(obj, f"l{lineno}")
            except ValueError as exc:
                yield ArticleError(name, lineno, str(exc))
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
