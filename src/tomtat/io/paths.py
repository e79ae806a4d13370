"""Paths and standard input: files, directories and ``-`` read as one cluster
(:func:`read_input`), with the format taken from the suffix or detected from the content."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO

from ..errors import EmptyClusterError, InputError, LimitError
from ..limits import input_too_large, max_input_bytes
from ..model import Document
from ..text.encoding import decode_bytes
from .article import looks_like_html
from .html import decode_html, parse_html
from .limited import kind_of, open_input, read_limited
from .records import (
    ClusterRecord,
    WarningCallback,
    json_error,
    load_json,
    records_from_json,
    records_from_jsonl,
    too_deep,
    warn_skipped,
)
from .safe import clean_name
from .text import parse_text

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# files in a directory that are documentation or annotations, not articles
_IGNORED_NAME = re.compile(
    r"^(?:[._].*|readme(?:\..*)?|license(?:\..*)?|annotations?(?:[._-].*)?\.json)$", re.I
)


def _detect_format(data: bytes) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    # "[Video] Bão đổ bộ..." is text: an array must open with an object, a string or "]"
    if re.match(rb"\{|\[\s*[{\]\"]", head):
        return "json"
    if looks_like_html(data[:20000].decode("utf-8", "ignore").lstrip("\ufeff")):
        return "html"  # the rule every door uses (io.article)
    return "text"


def _parse_bytes(
    data: bytes, fmt: str, name: str, stem: str, on_warning: WarningCallback | None
) -> list[ClusterRecord]:
    if fmt == "jsonl":
        return records_from_jsonl(data, name, stem, on_warning)
    if fmt == "html":
        return [
            ClusterRecord(id="", documents=(parse_html(decode_html(data, name), stem, name=name),))
        ]
    text = decode_bytes(data, name)
    if fmt == "json":
        try:
            obj = load_json(text, name)
        except json.JSONDecodeError as exc:
            if name == "<stdin>" and exc.msg == "Extra data":
                return records_from_jsonl(data, name, stem, on_warning)
            raise json_error(exc, name) from None
        except RecursionError:
            raise too_deep(name) from None
        return records_from_json(obj, name, stem, on_warning)
    return [ClusterRecord(id="", documents=(parse_text(text, stem, name=name),))]


def _format_of(path: Path) -> str:
    """The format a file's suffix names (text for any other suffix)."""
    suffix = path.suffix.lower()
    formats = (("html", HTML_SUFFIXES), ("json", JSON_SUFFIXES), ("jsonl", JSONL_SUFFIXES))
    return next((fmt for fmt, suffixes in formats if suffix in suffixes), "text")


PathArg = str | os.PathLike[str]


def as_path_list(paths: PathArg | Sequence[PathArg]) -> list[PathArg]:
    """One path (str or PathLike) or a sequence of them -> a list of paths; a plain string is
    one path, never a sequence of one-character names."""
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def url_error(raw: PathArg, hint: str = "") -> InputError | None:
    """The error for an input that is a web address (and not a local file of that name)."""
    text = os.fspath(raw)
    if not _URL.match(text) or Path(text).exists():
        return None
    return InputError(
        f"{text}: is a web address; tomtat reads local files only and does not fetch URLs: "
        f"save the page first (for example: curl -L -o bai.html '{text}') and pass the "
        f"file{hint}"
    )


def _expand(paths: Sequence[PathArg], on_warning: WarningCallback | None) -> list[Path | str]:
    """Paths -> the files to read, directories expanded; missing paths raise InputError."""
    out: list[Path | str] = []
    for raw in paths:
        if str(raw) == "-":
            out.append("-")
            continue
        path = Path(raw)
        if not path.exists():
            raise url_error(raw) or InputError(f"no such file or directory: {path}")
        if not path.is_dir():
            out.append(path)
            continue
        for child in sorted(path.iterdir(), key=lambda p: p.name):
            if _IGNORED_NAME.match(child.name):
                continue
            try:
                mode = child.stat().st_mode  # follows links; never opens (a FIFO would block)
            except OSError as exc:
                warn_skipped(on_warning, f"skipped {child}: cannot read: {exc.strerror or exc}")
                continue
            if stat.S_ISDIR(mode):
                warn_skipped(on_warning, f"skipped {child}: directories are not read recursively")
            elif child.suffix.lower() not in SUPPORTED_SUFFIXES:
                warn_skipped(on_warning, f"skipped {child}: unsupported file type {child.suffix!r}")
            elif not stat.S_ISREG(mode):
                warn_skipped(
                    on_warning,
                    f"skipped {child}: {kind_of(mode)}; only regular files are read from a folder",
                )
            else:
                out.append(child)
    return out


def _read_file(path: Path, limit: int) -> bytes:
    """The bytes of one named file (or pipe), at most ``limit`` of them (see io/limited.py)."""
    with open_input(path, allow_pipe=True) as fh:
        size = os.fstat(fh.fileno()).st_size
        if limit and size > limit:  # a regular file says its size: refuse without reading
            raise input_too_large(str(path), limit)
        return read_limited(fh, limit, str(path))


def _unique_id(doc_id: str, used: set[str]) -> str:
    if doc_id not in used:
        return doc_id
    n = 2
    while f"{doc_id}-{n}" in used:
        n += 1
    return f"{doc_id}-{n}"


def read_input(
    paths: PathArg | Sequence[PathArg],
    *,
    on_warning: WarningCallback | None = None,
    stdin: IO[bytes] | None = None,
) -> ClusterRecord:
    """Read everything named by ``paths`` as ONE cluster (what ``tomtat summarize`` needs).

    The cluster id is the JSON cluster's id when the input is one JSON cluster, else the
    directory's name when the input is one directory, else ``""``. References and extra
    fields come from a JSON cluster. Input holding several clusters (a multi-cluster JSONL or
    a JSON array of clusters) raises :class:`InputError` pointing to ``tomtat batch``.

    A file that cannot be read (binary, undecodable, malformed) or has no text is skipped with
    a warning when other documents remain; when nothing usable remains, its error is raised
    (or an :class:`EmptyClusterError` naming all skipped files). An empty directory gives an
    :class:`EmptyClusterError`. Document ids are the file stems (made unique with ``-2``...)
    or the ids in the JSON.
    """
    paths = as_path_list(paths)
    if not paths:
        raise InputError("no input given; name files, directories, or - for standard input")
    files = _expand(paths, on_warning)
    records: list[ClusterRecord] = []
    failures: list[tuple[str, InputError]] = []
    budget = max_input_bytes()  # bytes of all files and stdin together (docs/limits.md)
    bytes_read = 0
    for f in files:
        left = max(budget - bytes_read, 1) if budget else 0
        try:
            if f == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                name, stem = "<stdin>", "stdin"
                data = read_limited(stream, left, name)
                fmt = _detect_format(data)
            else:
                assert isinstance(f, Path)
                name, stem = str(f), clean_name(f.stem)  # the stem is an id: text, not bytes
                try:
                    data = _read_file(f, left)
                except OSError as exc:
                    error = InputError(f"{name}: cannot read: {exc.strerror or exc}")
                    failures.append((name, error))
                    continue
                except InputError as exc:  # a device or a socket
                    failures.append((name, exc))
                    continue
                fmt = _format_of(f)
                if fmt == "text" and _detect_format(data) == "html":
                    fmt = "html"  # HTML saved as .txt: detected by content, as on every door
        except LimitError:
            if not bytes_read:
                raise
            raise input_too_large(f"the input (all files up to {name})", budget) from None
        bytes_read += len(data)
        try:
            if not data.strip():
                what = "no input" if f == "-" else "file is empty"
                raise EmptyClusterError(f"{name}: {what}")
            got = _parse_bytes(data, fmt, name, stem, on_warning)
            if not any(r.documents for r in got) or all(
                not d.text.strip() for r in got for d in r.documents
            ):
                raise EmptyClusterError(f"{name}: no text")
        except InputError as exc:
            failures.append((name, exc))
            continue
        records.extend(got)

    json_clusters = [r for r in records if r.id]
    if len(json_clusters) > 1:
        ids = ", ".join(repr(r.id) for r in json_clusters[:3])
        more = ", ..." if len(json_clusters) > 3 else ""
        raise InputError(
            f"the input holds {len(json_clusters)} clusters ({ids}{more}); summarize takes one "
            "cluster: use 'tomtat batch IN.jsonl -o OUT.jsonl' for several"
        )

    docs: list[Document] = []
    used: set[str] = set()
    for record in records:
        for doc in record.documents:
            if not doc.text.strip():
                continue
            new_id = _unique_id(doc.id, used)
            used.add(new_id)
            if new_id != doc.id:
                doc = replace(doc, id=new_id, meta=dict(doc.meta) | {"original_id": doc.id})
            docs.append(doc)

    if not docs and failures:
        if len(failures) == 1:
            raise failures[0][1]
        listing = "; ".join(str(error) for _, error in failures[:3])
        more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
        raise EmptyClusterError(f"no usable document in the input: {listing}{more}")
    for name, error in failures:
        warn_skipped(on_warning, f"skipped {name}: {str(error).removeprefix(name + ': ')}")

    if not docs:
        where = ", ".join(map(str, paths))
        raise EmptyClusterError(
            f"no document found in {where}; expected .txt, .html, .json or .jsonl files"
        )

    if json_clusters:
        base = json_clusters[0]
        cluster_id, references, meta = base.id, base.references, dict(base.meta)
    else:
        one_dir = len(paths) == 1 and str(paths[0]) != "-" and Path(paths[0]).is_dir()
        cluster_id = clean_name(Path(paths[0]).resolve().name) if one_dir else ""
        references, meta = (), {}
    return ClusterRecord(
        id=cluster_id, documents=tuple(docs), references=tuple(references), meta=meta
    )


def read_paths(
    paths: PathArg | Sequence[PathArg],
    *,
    on_warning: WarningCallback | None = None,
    stdin: IO[bytes] | None = None,
) -> list[Document]:
    """Read every document named by ``paths`` (files, directories, ``-``) into one list.

    Same rules as :func:`read_input` (which also returns the cluster id and references).
    """
    return list(read_input(paths, on_warning=on_warning, stdin=stdin).documents)


def read_cluster(
    paths: PathArg | Sequence[PathArg],
    *,
    on_warning: WarningCallback | None = None,
    stdin: IO[bytes] | None = None,
) -> list[Document]:
    """Like :func:`read_paths` (the name the README uses): raises :class:`EmptyClusterError`
    if no document is found."""
    return read_paths(paths, on_warning=on_warning, stdin=stdin)
