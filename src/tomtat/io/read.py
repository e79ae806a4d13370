"""Readers (initial version; extended by the io work): .txt files and directories."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import EmptyClusterError, InputError
from ..model import Document


def read_paths(paths: Sequence[str | Path]) -> list[Document]:
    """Read every document named by ``paths`` (files or directories)."""
    docs: list[Document] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"no such file or directory: {path}")
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{f}: not UTF-8 text") from None
            docs.append(Document(id=f.stem, text=text))
    return docs


def read_cluster(paths: Sequence[str | Path]) -> list[Document]:
    docs = read_paths(paths)
    if not docs:
        raise EmptyClusterError("no document found in " + ", ".join(map(str, paths)))
    return docs
