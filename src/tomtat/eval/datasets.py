"""Evaluation data sets: JSONL clusters (AbMuSu schema) with their reference summaries.

Reading and schema checks are :func:`tomtat.io.read.read_clusters_jsonl`'s (the same reader as
``tomtat batch``; schema in ``docs/schema.md``): one cluster per line,
``{"id", "documents": [{"id", "title", "text", ...}], "summaries": [...]}``; unknown fields
such as AbMuSu's ``anchor_text`` are kept in ``Document.meta``.

Unlike ``batch``, evaluation fails the whole run on the first bad line, naming ``file:line``:
an average over the lines that happened to parse would be a different, silently smaller data
set. Every line is checked before any cluster is built, so a broken line 97 fails at once, not
after 96 clusters have been summarized. A cluster without a reference summary (``summaries``
missing, empty, or only blank strings) is an error too; blank strings beside real references
are dropped. A cluster id seen twice, in one file or across the files of one run
(:func:`read_data_files`), is an error naming both places: a cluster counted twice would
silently weigh double in a score or in training.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..io.read import ClusterRecord, WarningCallback, read_clusters_jsonl
from ..model import Cluster


@dataclass(frozen=True, slots=True)
class Record:
    """One checked line of a data set: where it came from and the cluster record it holds."""

    path: str
    line: int
    record: ClusterRecord

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(r for r in self.record.references if r.strip())


def read_records(
    path: str | os.PathLike[str],
    *,
    require_references: bool = True,
    on_warning: WarningCallback | None = None,
) -> list[Record]:
    """Read and check every line of a JSONL data set (blank lines are skipped).

    Raises :class:`InputError` naming ``path:line`` for a missing file, a line that is not a
    valid cluster, and (when ``require_references``) a cluster without a reference summary.
    ``on_warning`` receives the reader's warnings (e.g. an empty document skipped).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such data file: {p}")
    records: list[Record] = []
    seen: dict[str, str] = {}
    for item in read_clusters_jsonl(p, on_warning=on_warning):
        if item.error is not None or item.record is None:
            raise item.error or InputError(f"{p}:{item.line_no}: unreadable cluster")
        rec = Record(str(p), item.line_no, item.record)
        if require_references and not rec.references:
            raise InputError(
                f"{rec.where}: cluster {rec.id!r} has no reference summary "
                "('summaries' missing or empty); evaluation needs at least one per cluster"
            )
        _check_unique(rec, seen)
        records.append(rec)
    if not records:
        raise InputError(f"{p}: no cluster in this file")
    return records


def _check_unique(rec: Record, seen: dict[str, str]) -> None:
    if rec.id in seen:
        raise InputError(
            f"{rec.where}: duplicate cluster id {rec.id!r} (also at {seen[rec.id]}); "
            "cluster ids must be unique across the data files of one run"
        )
    seen[rec.id] = rec.where


def read_data_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    require_references: bool = True,
    on_warning: WarningCallback | None = None,
) -> list[list[Record]]:
    """:func:`read_records` of each file, in order; every file is checked before any is used.

    Raises :class:`InputError` for no file, the same file given twice, or a cluster id that
    appears in two places (naming both).
    """
    if not paths:
        raise InputError("no data file given")
    resolved = [Path(p).resolve() for p in paths]
    for i, r in enumerate(resolved):
        if r in resolved[:i]:
            raise InputError(f"{paths[i]}: data file given twice")
    out = [
        read_records(p, require_references=require_references, on_warning=on_warning) for p in paths
    ]
    seen: dict[str, str] = {}
    for records in out:
        for rec in records:
            _check_unique(rec, seen)
    return out


DATA_SUFFIXES = (".jsonl",)


def data_files(path: str | os.PathLike[str]) -> list[Path]:
    """The data files named by ``path``: the file itself, or every ``*.jsonl`` file of a
    folder (sorted by name, not recursive). Raises :class:`InputError` saying why not."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.exists():
        raise InputError(f"no such data file or folder: {p}")
    if not p.is_dir():
        raise InputError(f"{p}: not a data file (a device or a socket?)")
    files = sorted(f for f in p.iterdir() if f.suffix.lower() in DATA_SUFFIXES and f.is_file())
    if files:
        return files
    articles = sorted(f.name for f in p.iterdir() if f.suffix.lower() in (".txt", ".html", ".htm"))
    why = (
        f"it holds article files ({', '.join(articles[:3])}{', ...' if len(articles) > 3 else ''}), "
        "but evaluation needs clusters with reference summaries"
        if articles
        else "evaluation reads clusters with reference summaries"
    )
    raise InputError(
        f"{p}: no .jsonl data file in this folder; {why}: one JSON cluster per line, "
        '{"id", "documents": [...], "summaries": [...]} (docs/schema.md)'
    )


def expand_data_paths(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Data files and folders -> data files: a folder stands for its ``*.jsonl`` files."""
    return [str(f) for p in paths for f in data_files(p)]


def build_record(record: Record) -> Cluster:
    """Normalize, clean and split one record into a :class:`Cluster` with its references."""
    from ..pipeline import build_cluster

    try:
        return build_cluster(record.record.documents, record.id, record.references)
    except InputError as exc:
        raise type(exc)(f"{record.where}: {exc}") from None


def load_clusters(
    path: str | Path,
    *,
    require_references: bool = True,
    on_warning: WarningCallback | None = None,
) -> Iterator[Cluster]:
    """Check the whole file, then build its clusters one at a time."""
    for record in read_records(path, require_references=require_references, on_warning=on_warning):
        yield build_record(record)
