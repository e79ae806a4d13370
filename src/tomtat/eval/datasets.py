"""Evaluation data sets: JSONL clusters in the AbMuSu schema, with their reference summaries.

One JSON object per line::

    {"id": "...", "category": "...",
     "documents": [{"id", "title", "text", "anchor_text", "source", "date", "url", ...}],
     "summaries": ["reference summary", ...]}

``"summary"`` (one string) is accepted in place of ``"summaries"``. Document fields other than
id/title/text/source/date/url are kept in ``Document.meta`` (e.g. ``anchor_text``).

Bad input fails the whole run, naming the file and line: an evaluation averaged over the
lines that happened to parse would be a different, silently smaller data set. Every line is
checked before any cluster is built, so a broken line 97 fails at once, not after 96 clusters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Cluster, Document

_DOC_FIELDS = ("id", "text", "title", "source", "date", "url")


@dataclass(frozen=True, slots=True)
class Record:
    """One parsed line: where it came from and the raw cluster object."""

    path: str
    line: int
    data: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def id(self) -> str:
        return str(self.data.get("id") or f"line-{self.line}")

    @property
    def references(self) -> tuple[str, ...]:
        refs = self.data.get("summaries", self.data.get("summary", ()))
        if isinstance(refs, str):
            refs = [refs]
        return tuple(r for r in refs if isinstance(r, str) and r.strip())


def read_records(path: str | Path, *, require_references: bool = True) -> list[Record]:
    """Parse and check every line of a JSONL data set (blank lines are skipped).

    Raises :class:`InputError` naming ``path:line`` for a missing file, a line that is not a
    JSON object, a cluster without a ``documents`` list, and (when ``require_references``) a
    cluster without a reference summary.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such data file: {p}")
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text; the data set must be UTF-8 JSONL") from None
    records: list[Record] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{p}:{number}: not valid JSON ({exc.msg} at column {exc.colno}); "
                "fix or remove that line"
            ) from None
        rec = Record(str(p), number, data if isinstance(data, dict) else {})
        if not isinstance(data, dict):
            raise InputError(f"{rec.where}: expected a JSON object (one cluster per line)")
        docs = data.get("documents")
        if not isinstance(docs, list) or not docs:
            raise InputError(f"{rec.where}: cluster {rec.id!r} has no 'documents' list")
        for i, doc in enumerate(docs):
            if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                raise InputError(
                    f"{rec.where}: document {i} of cluster {rec.id!r} has no 'text' string"
                )
        if require_references and not rec.references:
            raise InputError(
                f"{rec.where}: cluster {rec.id!r} has no reference summary "
                "('summaries' missing or empty); evaluation needs at least one per cluster"
            )
        records.append(rec)
    if not records:
        raise InputError(f"{p}: no cluster in this file")
    return records


def record_documents(record: Record) -> list[Document]:
    """The :class:`Document` objects of one record (missing ids become ``<cluster>-d<k>``)."""
    docs: list[Document] = []
    for k, raw in enumerate(record.data["documents"], start=1):
        meta = {key: val for key, val in raw.items() if key not in _DOC_FIELDS}
        date = raw.get("date")
        docs.append(
            Document(
                id=str(raw.get("id") or f"{record.id}-d{k}"),
                text=raw["text"],
                title=str(raw.get("title") or ""),
                source=str(raw.get("source") or ""),
                date=str(date) if date else None,
                url=str(raw.get("url") or ""),
                meta=meta,
            )
        )
    return docs


def build_record(record: Record) -> Cluster:
    """Normalize, clean and split one record into a :class:`Cluster` with its references."""
    from ..pipeline import build_cluster

    try:
        return build_cluster(record_documents(record), record.id, record.references)
    except InputError as exc:
        raise type(exc)(f"{record.where}: {exc}") from None


def load_clusters(path: str | Path, *, require_references: bool = True) -> Iterator[Cluster]:
    """Check the whole file, then build its clusters one at a time."""
    for record in read_records(path, require_references=require_references):
        yield build_record(record)
