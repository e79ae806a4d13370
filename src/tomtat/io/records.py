"""JSON records: cluster objects, document objects and JSONL files -> :class:`ClusterRecord`.

The schema is documented in ``docs/schema.md``; :func:`load_cluster_record` validates one cluster
object and :func:`read_clusters_jsonl` streams a file of them. Also the result types and the
warning channel shared by all readers.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import EmptyClusterError, InputError
from ..limits import max_input_bytes
from ..model import Document
from ..text.dates import normalize_date
from ..text.encoding import decode_bytes
from .limited import LongLine, bounded_lines, kind_of, long_line_message, open_input
from .safe import clean_json, clean_str
from .text import dateline_fields

WarningCallback = Callable[[str], None]

_DOC_FIELDS = ("id", "title", "text", "source", "date", "url")
_CLUSTER_FIELDS = ("id", "documents", "summaries")


class SkippedInputWarning(UserWarning):
    """Issued (when no ``on_warning`` callback is given) for a document that was skipped."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """A cluster as read from JSON: its id, documents, reference summaries and extra fields.

    Unpacks as ``cluster_id, documents, references = record`` (``meta`` is left out of the
    unpacking so the common case stays a three-tuple).
    """

    id: str
    documents: tuple[Document, ...]
    references: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.id, self.documents, self.references))


@dataclass(frozen=True, slots=True)
class ClusterLine:
    """One line of a multi-cluster JSONL file: either a record or the error that line raised.

    ``id`` is the cluster id when it could be read (also on most errors), else ``""``.
    """

    line_no: int
    id: str
    record: ClusterRecord | None = None
    error: InputError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# --------------------------------------------------------------------------- helpers


def warn_skipped(on_warning: WarningCallback | None, message: str) -> None:
    if on_warning is not None:
        on_warning(message)
    else:
        warnings.warn(message, SkippedInputWarning, stacklevel=3)


# JSON's names of Python's types, bool before int (a bool is an int)
_JSON_TYPES = (
    (type(None), "null"),
    (bool, "boolean"),
    ((int, float), "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def type_name(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages ("got array")."""
    return next((name for t, name in _JSON_TYPES if isinstance(value, t)), type(value).__name__)


def too_deep(name: str) -> InputError:
    """Arrays/objects nested past Python's recursion limit (a hostile or broken file)."""
    return InputError(
        f"{name}: JSON nested too deeply to read; a cluster is an object holding an array of "
        "document objects (see docs/schema.md)"
    )


#: Most digits of a JSON integer: Python refuses to convert longer ones
#: (``sys.get_int_max_str_digits``), so a 5,000-digit "id" used to end in a ValueError.
MAX_INT_DIGITS = 4300


class _HugeNumber(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _parse_int(digits: str) -> int:
    if len(digits) > MAX_INT_DIGITS:
        raise _HugeNumber(len(digits.lstrip("-")))
    return int(digits)


def load_json(text: str, where: str) -> Any:
    """``json.loads`` for input: an integer longer than :data:`MAX_INT_DIGITS` digits is an
    :class:`InputError` naming ``where``; ``JSONDecodeError`` and ``RecursionError`` are left to
    the caller (each reader words them for its input). Strings are cleaned later, by the
    record loaders (:func:`load_cluster_record`)."""
    try:
        return json.loads(text, parse_int=_parse_int)
    except _HugeNumber as exc:
        raise InputError(
            f"{where}: a number with {exc.digits:,} digits; numbers longer than "
            f"{MAX_INT_DIGITS:,} digits are not read (write it as a string)"
        ) from None


def json_error(exc: json.JSONDecodeError, name: str) -> InputError:
    return InputError(f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")


def _load_line(raw: bytes, where: str) -> Any:
    """One JSONL line, decoded and parsed; every problem an :class:`InputError` naming
    ``where`` (``file:line``)."""
    try:
        return load_json(decode_bytes(raw, where), where)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: invalid JSON at column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise too_deep(where) from None


def _str_field(obj: Mapping[str, Any], key: str, where: str, *, allow_number: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_str(value)
    if allow_number and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"{where}.{key} must be a string, got {type_name(value)}")


def _load_document(obj: Any, where: str, default_id: str) -> Document:
    if not isinstance(obj, dict):
        raise InputError(f'{where} must be an object with a "text" field, got {type_name(obj)}')
    if "text" not in obj:
        raise InputError(f'{where} has no "text" field')
    doc_id = _str_field(obj, "id", where, allow_number=True) or default_id
    text = _str_field(obj, "text", where)
    title = _str_field(obj, "title", where)
    source = _str_field(obj, "source", where)
    raw_date = _str_field(obj, "date", where)
    url = _str_field(obj, "url", where)
    meta = clean_json({k: v for k, v in obj.items() if k not in _DOC_FIELDS})
    date = normalize_date(raw_date)
    if raw_date and date != raw_date:
        meta["date_raw"] = raw_date
    if not date and not source:
        # a dateline header at the top of the text still gives the date and the outlet
        parsed = dateline_fields(next((ln for ln in text.split("\n") if ln.strip()), ""))
        if parsed is not None:
            fields, _ = parsed
            date = date or fields.get("date")
            source = source or fields.get("source", "")
    return Document(id=doc_id, text=text, title=title, source=source, date=date, url=url, meta=meta)


def _collect_documents(
    entries: Iterator[tuple[Any, str, str, str]],
    empty_message: str,
    on_warning: WarningCallback | None,
) -> list[Document]:
    """Load ``(obj, where, default_id, warn_name)`` entries; skip empty texts with a warning.

    Ids must be unique. When every document is empty, nothing is warned and
    :class:`EmptyClusterError` (``empty_message``) is raised instead: one error, not a warning
    per document followed by an error.
    """
    docs: list[Document] = []
    empty: list[tuple[str, str]] = []
    seen: set[str] = set()
    for obj, where, default_id, warn_name in entries:
        doc = _load_document(obj, where, default_id)
        if doc.id in seen:
            raise InputError(f"{where}: duplicate document id {doc.id!r}; ids must be unique")
        seen.add(doc.id)
        if doc.text.strip():
            docs.append(doc)
        else:
            empty.append((warn_name, doc.id))
    if not docs and empty:
        raise EmptyClusterError(f"{empty_message} ({len(empty)} empty)")
    for warn_name, doc_id in empty:
        warn_skipped(on_warning, f"skipped {warn_name}: document {doc_id!r}: empty text")
    return docs


def _load_documents(
    items: Any,
    where: str,
    id_prefix: str,
    on_warning: WarningCallback | None,
    name: str,
    empty_message: str,
) -> list[Document]:
    if not isinstance(items, list):
        raise InputError(f"{where} must be an array of documents, got {type_name(items)}")
    entries = (
        (item, f"{where}[{i}]", f"{id_prefix}d{i + 1}", name) for i, item in enumerate(items)
    )
    return _collect_documents(entries, empty_message, on_warning)


def load_cluster_record(
    obj: Any,
    *,
    name: str = "input",
    default_id: str = "",
    on_warning: WarningCallback | None = None,
) -> ClusterRecord:
    """Validate one cluster object of the documented schema and build its :class:`ClusterRecord`.

    ``obj`` is the parsed JSON: ``{"id", "documents": [{"id", "title", "text", "source",
    "date", "url", ...}], "summaries": [...], ...}``. Only ``documents`` and each document's
    ``text`` are required; unknown fields are kept (``Document.meta`` and
    ``ClusterRecord.meta``, e.g. AbMuSu's ``anchor_text`` and ``category``). Document ids
    default to ``"<cluster id>-d<n>"``. ``summaries`` may be a list of strings or one string.

    Empty documents are skipped and reported through ``on_warning``. Raises
    :class:`InputError` naming the field for wrong types or duplicate document ids, and
    :class:`EmptyClusterError` when no document with text is left. ``name`` prefixes messages.
    """
    if not isinstance(obj, dict):
        raise InputError(f"{name}: a cluster must be a JSON object, got {type_name(obj)}")
    cluster_id = _str_field(obj, "id", name, allow_number=True) or default_id
    where = f"{name}: cluster {cluster_id!r}" if cluster_id else f"{name}:"
    if "documents" not in obj:
        raise InputError(f'{where} has no "documents" field')
    docs = _load_documents(
        obj["documents"],
        f"{name}: documents",
        f"{cluster_id}-" if cluster_id else "",
        on_warning,
        name,
        f"{where} has no document with text",
    )
    if not docs:
        raise EmptyClusterError(f"{where} has no document with text")
    refs_raw = obj.get("summaries", [])
    if refs_raw is None:
        refs_raw = []
    if isinstance(refs_raw, str):
        refs_raw = [refs_raw]
    if not isinstance(refs_raw, list) or not all(isinstance(r, str) for r in refs_raw):
        raise InputError(f"{name}: summaries must be an array of strings")
    meta = clean_json({k: v for k, v in obj.items() if k not in _CLUSTER_FIELDS})
    return ClusterRecord(
        id=cluster_id,
        documents=tuple(docs),
        references=tuple(clean_str(r) for r in refs_raw if r.strip()),
        meta=meta,
    )


def _is_cluster(obj: Any) -> bool:
    return isinstance(obj, dict) and "documents" in obj


def records_from_json(
    obj: Any, name: str, stem: str, on_warning: WarningCallback | None
) -> list[ClusterRecord]:
    """A parsed .json value -> cluster records (a lone document or a document list is one)."""
    if _is_cluster(obj):
        return [load_cluster_record(obj, name=name, default_id=stem, on_warning=on_warning)]
    if isinstance(obj, dict):
        doc = _load_document(obj, name, stem)
        if not doc.text.strip():
            raise EmptyClusterError(f"{name}: document has empty text")
        return [ClusterRecord(id="", documents=(doc,))]
    if isinstance(obj, list):
        if obj and all(_is_cluster(item) for item in obj):
            return [
                load_cluster_record(
                    item, name=f"{name}[{i}]", default_id=f"{stem}-{i + 1}", on_warning=on_warning
                )
                for i, item in enumerate(obj)
            ]
        docs = _load_documents(
            obj, name, f"{stem}-", on_warning, name, f"{name}: no document with text"
        )
        return [ClusterRecord(id="", documents=tuple(docs))]
    raise InputError(
        f"{name}: expected a cluster object, a document object or an array of documents, "
        f"got {type_name(obj)}"
    )


def _iter_jsonl(
    fh: IO[bytes], name: str, on_warning: WarningCallback | None
) -> Iterator[ClusterLine]:
    limit = max_input_bytes()
    for line_no, raw in enumerate(bounded_lines(fh, limit), start=1):
        where = f"{name}:{line_no}"
        if isinstance(raw, LongLine):  # refused without being kept: memory stays flat
            error = InputError(f"{where}: {long_line_message(limit)}")
            yield ClusterLine(line_no, "", error=error)
            continue
        if not raw.strip():
            continue
        cluster_id = ""
        try:
            obj = _load_line(raw, where)
            if isinstance(obj, dict) and isinstance(obj.get("id"), (str, int)):
                cluster_id = clean_str(str(obj["id"]))
            record = load_cluster_record(
                obj, name=where, default_id=f"line{line_no}", on_warning=on_warning
            )
        except InputError as exc:
            yield ClusterLine(line_no, cluster_id, error=exc)
        else:
            yield ClusterLine(line_no, record.id, record=record)


def read_clusters_jsonl(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    on_warning: WarningCallback | None = None,
) -> Iterator[ClusterLine]:
    """Stream the clusters of a JSONL file, one :class:`ClusterLine` per non-blank line.

    ``source`` is a path, ``"-"`` for standard input, or a binary file object. The file is
    checked when this function is called (a missing path raises :class:`InputError` at once);
    the lines are then read lazily, so memory stays flat on large files. A bad line never
    aborts the iteration: it is yielded as ``ClusterLine(line_no, id, error=InputError(...))``
    (``id`` is filled when the line is JSON with an ``"id"``), and the caller decides what to do::

        for item in read_clusters_jsonl("in.jsonl"):
            if item.error:
                print(f"line {item.line_no}: {item.error}", file=sys.stderr)
                continue
            cluster_id, documents, references = item.record
    """
    if isinstance(source, (str, os.PathLike)):
        if str(source) == "-":
            return _iter_jsonl(sys.stdin.buffer, "<stdin>", on_warning)
        path = Path(source)
        if not path.exists():
            raise InputError(f"no such file: {path}")
        if path.is_dir():
            raise InputError(
                f"{path} is a directory; expected a .jsonl file with one cluster per line"
            )
        mode = path.stat().st_mode  # a device is refused here, at once (not opened)
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise InputError(f"{path}: {kind_of(mode)}; expected a .jsonl file")

        def lines() -> Iterator[ClusterLine]:
            with open_input(path, allow_pipe=True) as fh:
                yield from _iter_jsonl(fh, str(path), on_warning)

        return lines()
    name = getattr(source, "name", "<stream>")
    return _iter_jsonl(source, str(name), on_warning)


def records_from_jsonl(
    data: bytes, name: str, stem: str, on_warning: WarningCallback | None
) -> list[ClusterRecord]:
    """A whole JSONL file read as input to one summary: document lines or cluster lines."""
    objs: list[tuple[int, Any]] = []
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        objs.append((line_no, _load_line(raw, f"{name}:{line_no}")))
    if not objs:
        return []
    if any(_is_cluster(o) for _, o in objs):
        return [
            load_cluster_record(
                o, name=f"{name}:{n}", default_id=f"{stem}-{n}", on_warning=on_warning
            )
            for n, o in objs
        ]
    entries = ((o, f"{name}:{n}", f"{stem}-d{n}", f"{name}:{n}") for n, o in objs)
    docs = _collect_documents(entries, f"{name}: no document with text", on_warning)
    return [ClusterRecord(id="", documents=tuple(docs))]
