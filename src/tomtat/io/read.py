"""Readers: files, directories, stdin, JSON/JSONL clusters -> :class:`~tomtat.model.Document`.

Supported inputs (the schema is documented in ``docs/schema.md``):

* ``.txt`` (also ``.text``, ``.md`` and files without extension): plain text. A dateline
  header such as ``date 2024-06 (VTC News) -`` or ``HÀ NỘI (Reuters) -`` gives the date and
  the outlet; a first line that looks like a headline gives the title (see :func:`parse_text`).
* ``.html`` / ``.htm`` / ``.xhtml``: the main text is extracted with trafilatura; title, outlet
  and date come from the page (``og:title``, ``og:site_name``, ``article:published_time``,
  ``<title>``). Nothing is ever fetched: remote resources of the page are ignored.
* ``.json``: one cluster object ``{"id", "documents": [...], "summaries": [...]}``, one document
  object ``{"title", "text", ...}``, or a list of documents.
* ``.jsonl`` / ``.ndjson``: one cluster per line (see :func:`read_clusters_jsonl`) or one
  document per line.
* a directory: its files with a supported extension, sorted by name, not recursive; hidden
  files (``.x``, ``_x``), ``README*``, ``LICENSE*`` and ``annotation*.json`` are ignored,
  other files are skipped with a warning.
* ``-``: standard input, with the format detected from its content (JSON, JSONL, HTML, text).

Every byte string is decoded by :func:`tomtat.text.encoding.decode_bytes`, which rejects binary
and undecodable data with an :class:`~tomtat.errors.InputError`.

Bad input: a missing path, a malformed or wrongly typed JSON cluster, or input with no usable
document raise :class:`~tomtat.errors.InputError` (or its subclass
:class:`~tomtat.errors.EmptyClusterError`). A single unreadable or empty document among good ones
is skipped and reported through ``on_warning`` (a callable taking one message
``"skipped NAME: reason"``); without a callback a :class:`SkippedInputWarning` is issued with
:func:`warnings.warn`.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from ..errors import EmptyClusterError, InputError, MissingDependencyError
from ..model import Document
from ..text.datelines import parse_dateline
from ..text.dates import normalize_date
from ..text.encoding import decode_bytes

__all__ = [
    "ClusterLine",
    "ClusterRecord",
    "SkippedInputWarning",
    "WarningCallback",
    "load_cluster_record",
    "parse_html",
    "parse_text",
    "read_cluster",
    "read_clusters_jsonl",
    "read_input",
    "read_paths",
]

WarningCallback = Callable[[str], None]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# files in a directory that are documentation or annotations, not articles
_IGNORED_NAME = re.compile(
    r"^(?:[._].*|readme(?:\..*)?|license(?:\..*)?|annotations?(?:[._-].*)?\.json)$", re.I
)

# the fields of a document object that map onto Document attributes; the rest go to meta
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


def _warn(on_warning: WarningCallback | None, message: str) -> None:
    if on_warning is not None:
        on_warning(message)
    else:
        warnings.warn(message, SkippedInputWarning, stacklevel=3)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


# --------------------------------------------------------------------------- plain text

_SENTENCE_END = re.compile(r"[.!?…:;,\"”’)»]\s*$")
_CAPTION_HINT = re.compile(r"(?:\bẢnh\s*:|\(Ảnh\b|\|\s*$|^Ảnh\b|\bPhoto\s*:)", re.I)
_MAX_TITLE_WORDS = 30
_MAX_TITLE_CHARS = 220


def _parse_dateline(line: str) -> tuple[dict[str, str], str] | None:
    """``(fields, rest)`` of a dateline at the start of ``line`` (see
    :mod:`tomtat.text.datelines`): ``fields`` holds ``dateline`` and, when written, ``date``
    (ISO), ``source`` and ``place``; ``rest`` is what follows it on the line."""
    found = parse_dateline(line)
    if found is None:
        return None
    fields = {"dateline": found.text, "date": found.date or "", "source": found.source}
    fields["place"] = found.place
    return {k: v for k, v in fields.items() if v}, line[found.end :]


def _looks_like_title(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return (
        2 <= len(words) <= _MAX_TITLE_WORDS
        and len(stripped) <= _MAX_TITLE_CHARS
        and not _SENTENCE_END.search(stripped)
        and not _CAPTION_HINT.search(stripped)
        and any(ch.isalpha() for ch in stripped)
    )


def _split_header(text: str, want_title: bool) -> tuple[dict[str, str], str, str]:
    """Split a dateline header and a headline off the top of ``text``.

    Returns ``(dateline_fields, title, body)``; see :func:`parse_text` for the rules.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: dict[str, str] = {}

    def take_dateline() -> None:
        nonlocal fields
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and (parsed := _parse_dateline(lines[first])) is not None:
            fields, lines[first] = parsed

    take_dateline()
    title = ""
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    if want_title and len(nonempty) >= 2 and _looks_like_title(lines[nonempty[0]]):
        title = " ".join(lines[nonempty[0]].split())
        lines[nonempty[0]] = ""
        if not fields:  # "Headline\nHÀ NỘI (Reuters) - ...": the dateline opens the body
            take_dateline()
    return fields, title, "\n".join(lines).strip()


def _header_meta(fields: Mapping[str, str]) -> dict[str, Any]:
    return {k: fields[k] for k in ("dateline", "place") if k in fields}


def parse_text(text: str, doc_id: str, *, name: str = "") -> Document:
    """Build a :class:`Document` from plain text, reading a dateline header and a title.

    Rules, applied to the text's first non-empty lines:

    1. **Dateline.** If the first non-empty line starts with ``date YYYY-MM[-DD] (Outlet) -``,
       a wire dateline in capitals ``PLACE[, ngày D/M/YYYY] (Outlet) -`` (``HÀ NỘI (Reuters) -``),
       ``(Outlet) -``, ``SITE.VN -`` or a place alone (``QUI NHƠN, Việt Nam –``, ``HÀ NỘI –``),
       the date and outlet (when written) are read from it and the header is removed from the text (it is kept in
       ``meta["dateline"]``); body text on the same line stays.
    2. **Title.** The next non-empty line becomes the title, and is removed from the text, when
       (a) it has 2-30 words and at most 220 characters, (b) it does not end like a sentence or
       a clause (``. ! ? … : ; ,`` or a closing quote/bracket), (c) it is not a photo caption
       (``Ảnh:``, ``(Ảnh ...``, trailing ``|``), and (d) another non-empty line follows it
       (a lone line is the body, never a title). A dateline right after the title (and no
       dateline before it) is read as in rule 1.

    Everything else is kept as written: boilerplate is removed later by the cleaner, which
    reports what it removes.
    """
    fields, title, body = _split_header(text, want_title=True)
    meta: dict[str, Any] = {"path": name} if name else {}
    meta |= _header_meta(fields)
    return Document(
        id=doc_id,
        text=body,
        title=title,
        source=fields.get("source", ""),
        date=fields.get("date"),
        meta=meta,
    )


# --------------------------------------------------------------------------- HTML


class _PageMeta(HTMLParser):
    """Collect <title>, <meta> and <link rel=canonical> from a page (stdlib parser, no I/O)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.canonical = ""
        self.lang = ""
        self._in_title = False
        self._title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"]
        elif tag == "title" and not self.title:
            self._in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"].strip()
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "")
        elif tag == "time" and a.get("datetime") and "time:datetime" not in self.meta:
            self.meta["time:datetime"] = a["datetime"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = " ".join("".join(self._title_parts).split())

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)


class _BodyText(HTMLParser):
    """Fallback text extraction: block-level text outside script/style/nav/header/footer."""

    _SKIP = frozenset(
        {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "head"}
    )
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "section",
            "article",
            "blockquote",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


_TITLE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,60}$")


def _page_meta(html: str) -> _PageMeta:
    parser = _PageMeta()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; never let a broken page stop the metadata pass
        pass
    return parser


def parse_html(html: str, doc_id: str, *, name: str = "") -> Document:
    """Build a :class:`Document` from an HTML page: main text plus title/outlet/date/url.

    The main text is extracted with trafilatura (comments, tables and images left out); when it
    finds nothing, the block text outside ``script/style/nav/header/footer/aside`` is used.
    Metadata priority: ``og:title`` > trafilatura's title > ``<title>`` (minus a trailing
    ``" | Site"``); ``og:site_name`` > trafilatura's site name; ``article:published_time`` and
    similar tags > ``<time datetime>`` > trafilatura's date. No remote resource is fetched.
    """
    page = _page_meta(html)
    m = page.meta
    text = ""
    t_title = t_site = t_date = ""
    try:
        import trafilatura
    except ImportError as exc:  # a broken install must not silently degrade every page
        raise MissingDependencyError(
            f"reading HTML needs trafilatura, which failed to import ({exc}); "
            "reinstall tomtat: pip install -e ."
        ) from None
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a page trafilatura cannot parse still gets the fallback below
        result = None
    if result is not None:
        get = result.get if isinstance(result, dict) else lambda k: getattr(result, k, None)
        text = get("text") or ""
        t_title = get("title") or ""
        t_site = get("sitename") or ""
        t_date = get("date") or ""
    # The block text outside script/style/nav/header/footer/aside/form: the fallback when
    # trafilatura finds nothing, and a guard against its baseline returning only menu text
    # for a page that has no article at all.
    fallback = _BodyText()
    try:
        fallback.feed(html)
        fallback.close()
    except Exception:  # html.parser is lenient; a broken page just yields less text
        pass
    block_text = fallback.text()
    if not block_text.strip():
        text = ""
    elif not text.strip():
        text = block_text
    page_title = _TITLE_SUFFIX.sub("", page.title) if page.title else ""
    title = m.get("og:title") or t_title or page_title
    source = m.get("og:site_name") or m.get("application-name") or t_site
    raw_date = (
        m.get("article:published_time")
        or m.get("datepublished")
        or m.get("pubdate")
        or m.get("publishdate")
        or m.get("date")
        or m.get("dc.date")
        or m.get("time:datetime")
        or t_date
    )
    url = m.get("og:url") or page.canonical
    meta: dict[str, Any] = {"format": "html"}
    if name:
        meta["path"] = name
    if page.lang:
        meta["lang"] = page.lang
    if raw_date:
        meta["date_raw"] = raw_date
    # a dateline inside the article body still counts; a headline line is looked for only
    # when the page has no title of its own
    title = " ".join(title.split())
    fields, text_title, body = _split_header(text, want_title=not title)
    if title and body.split("\n", 1)[0].strip() == title:
        body = body.split("\n", 1)[1].strip() if "\n" in body else ""
    meta |= _header_meta(fields)
    return Document(
        id=doc_id,
        text=body,
        title=title or text_title,
        source=source.strip() or fields.get("source", ""),
        date=normalize_date(raw_date) or fields.get("date"),
        url=url.strip(),
        meta=meta,
    )


# --------------------------------------------------------------------------- JSON


def _too_deep(name: str) -> InputError:
    """Arrays/objects nested past Python's recursion limit (a hostile or broken file)."""
    return InputError(
        f"{name}: JSON nested too deeply to read; a cluster is an object holding an array of "
        "document objects (see docs/schema.md)"
    )


def _json_error(exc: json.JSONDecodeError, name: str) -> InputError:
    return InputError(f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")


def _str_field(obj: Mapping[str, Any], key: str, where: str, *, allow_number: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if allow_number and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"{where}.{key} must be a string, got {_type_name(value)}")


def _load_document(obj: Any, where: str, default_id: str) -> Document:
    if not isinstance(obj, dict):
        raise InputError(f'{where} must be an object with a "text" field, got {_type_name(obj)}')
    if "text" not in obj:
        raise InputError(f'{where} has no "text" field')
    doc_id = _str_field(obj, "id", where, allow_number=True) or default_id
    text = _str_field(obj, "text", where)
    title = _str_field(obj, "title", where)
    source = _str_field(obj, "source", where)
    raw_date = _str_field(obj, "date", where)
    url = _str_field(obj, "url", where)
    meta = {k: v for k, v in obj.items() if k not in _DOC_FIELDS}
    date = normalize_date(raw_date)
    if raw_date and date != raw_date:
        meta["date_raw"] = raw_date
    if not date and not source:
        # a dateline header at the top of the text still gives the date and the outlet
        parsed = _parse_dateline(next((ln for ln in text.split("\n") if ln.strip()), ""))
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
        _warn(on_warning, f"skipped {warn_name}: document {doc_id!r}: empty text")
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
        raise InputError(f"{where} must be an array of documents, got {_type_name(items)}")
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
        raise InputError(f"{name}: a cluster must be a JSON object, got {_type_name(obj)}")
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
    meta = {k: v for k, v in obj.items() if k not in _CLUSTER_FIELDS}
    return ClusterRecord(
        id=cluster_id,
        documents=tuple(docs),
        references=tuple(r for r in refs_raw if r.strip()),
        meta=meta,
    )


def _is_cluster(obj: Any) -> bool:
    return isinstance(obj, dict) and "documents" in obj


def _records_from_json(
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
        f"got {_type_name(obj)}"
    )


def _iter_jsonl(
    lines: Iterator[bytes], name: str, on_warning: WarningCallback | None
) -> Iterator[ClusterLine]:
    for line_no, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{line_no}"
        cluster_id = ""
        try:
            text = decode_bytes(raw, where)
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{where}: invalid JSON at column {exc.colno}: {exc.msg}"
                ) from None
            except RecursionError:
                raise _too_deep(where) from None
            if isinstance(obj, dict) and isinstance(obj.get("id"), (str, int)):
                cluster_id = str(obj["id"])
            record = load_cluster_record(
                obj, name=where, default_id=f"line{line_no}", on_warning=on_warning
            )
        except InputError as exc:
            yield ClusterLine(line_no, cluster_id, error=exc)
        else:
            yield ClusterLine(line_no, record.id, record=record)


def read_clusters_jsonl(
    source: str | Path | IO[bytes],
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
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            return _iter_jsonl(iter(sys.stdin.buffer), "<stdin>", on_warning)
        path = Path(source)
        if not path.exists():
            raise InputError(f"no such file: {path}")
        if path.is_dir():
            raise InputError(
                f"{path} is a directory; expected a .jsonl file with one cluster per line"
            )

        def lines() -> Iterator[bytes]:
            with path.open("rb") as fh:
                yield from fh

        return _iter_jsonl(lines(), str(path), on_warning)
    name = getattr(source, "name", "<stream>")
    return _iter_jsonl(iter(source), str(name), on_warning)


def _records_from_jsonl(
    data: bytes, name: str, stem: str, on_warning: WarningCallback | None
) -> list[ClusterRecord]:
    """A whole JSONL file read as input to one summary: document lines or cluster lines."""
    objs: list[tuple[int, Any]] = []
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{name}:{line_no}"
        try:
            objs.append((line_no, json.loads(decode_bytes(raw, where))))
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON at column {exc.colno}: {exc.msg}") from None
        except RecursionError:
            raise _too_deep(where) from None
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


# --------------------------------------------------------------------------- files & stdin


def _detect_format(data: bytes) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    # "[Video] Bão đổ bộ..." is text: an array must open with an object, a string or "]"
    if re.match(rb"\{|\[\s*[{\]\"]", head):
        return "json"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<meta")) or (
        head.startswith(b"<") and re.search(rb"<(p|div|article|h1|title)[\s>]", head)
    ):
        return "html"
    return "text"


_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.I)
_NOT_CHARSETS = ("escape", "idna", "punycode", "undefined")


def _decode_html(data: bytes, name: str) -> str:
    m = _CHARSET.search(data[:4096])
    if m:
        charset = m.group(1).decode("ascii").lower()
        # only character sets: Python's escape/IDNA codecs would rewrite the page's text
        if charset not in ("utf-8", "utf8") and not any(k in charset for k in _NOT_CHARSETS):
            try:  # windows-1258 writes tones as combining marks: compose them
                return unicodedata.normalize("NFC", data.decode(charset))
            except (LookupError, UnicodeError):  # "undefined" raises a bare UnicodeError
                pass  # a wrong declaration: let decode_bytes try
    return decode_bytes(data, name)


def _parse_bytes(
    data: bytes, fmt: str, name: str, stem: str, on_warning: WarningCallback | None
) -> list[ClusterRecord]:
    if fmt == "jsonl":
        return _records_from_jsonl(data, name, stem, on_warning)
    if fmt == "html":
        return [
            ClusterRecord(id="", documents=(parse_html(_decode_html(data, name), stem, name=name),))
        ]
    text = decode_bytes(data, name)
    if fmt == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            if name == "<stdin>" and exc.msg == "Extra data":
                return _records_from_jsonl(data, name, stem, on_warning)
            raise _json_error(exc, name) from None
        except RecursionError:
            raise _too_deep(name) from None
        return _records_from_json(obj, name, stem, on_warning)
    return [ClusterRecord(id="", documents=(parse_text(text, stem, name=name),))]


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def _expand(paths: Sequence[str | Path], on_warning: WarningCallback | None) -> list[Path | str]:
    """Paths -> the files to read, directories expanded; missing paths raise InputError."""
    out: list[Path | str] = []
    for raw in paths:
        if str(raw) == "-":
            out.append("-")
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"no such file or directory: {path}")
        if not path.is_dir():
            out.append(path)
            continue
        for child in sorted(path.iterdir(), key=lambda p: p.name):
            if _IGNORED_NAME.match(child.name):
                continue
            if child.is_dir():
                _warn(on_warning, f"skipped {child}: directories are not read recursively")
            elif child.suffix.lower() not in SUPPORTED_SUFFIXES:
                _warn(on_warning, f"skipped {child}: unsupported file type {child.suffix!r}")
            else:
                out.append(child)
    return out


def _unique_id(doc_id: str, used: set[str]) -> str:
    if doc_id not in used:
        return doc_id
    n = 2
    while f"{doc_id}-{n}" in used:
        n += 1
    return f"{doc_id}-{n}"


def read_input(
    paths: Sequence[str | Path],
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
    if not paths:
        raise InputError("no input given; name files, directories, or - for standard input")
    files = _expand(paths, on_warning)
    records: list[ClusterRecord] = []
    failures: list[tuple[str, InputError]] = []
    for f in files:
        if f == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data, name, stem = stream.read(), "<stdin>", "stdin"
            fmt = _detect_format(data)
        else:
            assert isinstance(f, Path)
            name, stem = str(f), f.stem
            try:
                data = f.read_bytes()
            except OSError as exc:
                failures.append((name, InputError(f"{name}: cannot read: {exc.strerror or exc}")))
                continue
            fmt = _format_of(f)
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
            docs.append(doc if new_id == doc.id else _with_id(doc, new_id))

    if not docs and failures:
        if len(failures) == 1:
            raise failures[0][1]
        listing = "; ".join(f"{exc}" for _, exc in failures[:3])
        more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
        raise EmptyClusterError(f"no usable document in the input: {listing}{more}")
    for name, exc in failures:
        reason = str(exc)
        if reason.startswith(name + ": "):
            reason = reason[len(name) + 2 :]
        _warn(on_warning, f"skipped {name}: {reason}")

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
        cluster_id = Path(paths[0]).resolve().name if one_dir else ""
        references, meta = (), {}
    return ClusterRecord(
        id=cluster_id, documents=tuple(docs), references=tuple(references), meta=meta
    )


def _with_id(doc: Document, new_id: str) -> Document:
    return Document(
        id=new_id,
        text=doc.text,
        title=doc.title,
        source=doc.source,
        date=doc.date,
        url=doc.url,
        meta=dict(doc.meta) | {"original_id": doc.id},
    )


def read_paths(
    paths: Sequence[str | Path],
    *,
    on_warning: WarningCallback | None = None,
    stdin: IO[bytes] | None = None,
) -> list[Document]:
    """Read every document named by ``paths`` (files, directories, ``-``) into one list.

    Same rules as :func:`read_input` (which also returns the cluster id and references).
    """
    return list(read_input(paths, on_warning=on_warning, stdin=stdin).documents)


def read_cluster(
    paths: Sequence[str | Path],
    *,
    on_warning: WarningCallback | None = None,
    stdin: IO[bytes] | None = None,
) -> list[Document]:
    """Like :func:`read_paths`; raises :class:`EmptyClusterError` if no document is found."""
    docs = read_paths(paths, on_warning=on_warning, stdin=stdin)
    if not docs:  # read_input already raises; kept as the documented contract
        raise EmptyClusterError("no document found in " + ", ".join(map(str, paths)))
    return docs
