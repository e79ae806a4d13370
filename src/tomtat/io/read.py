"""Readers: files, directories, stdin, JSON/JSONL clusters -> :class:`~tomtat.model.Document`.

The public entry of reading; the code lives in :mod:`.paths` (paths and stdin), :mod:`.records`
(JSON), :mod:`.html` and :mod:`.text` (plain text).

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

from .html import parse_html
from .paths import read_cluster, read_input, read_paths
from .records import (
    ClusterLine,
    ClusterRecord,
    SkippedInputWarning,
    WarningCallback,
    load_cluster_record,
    read_clusters_jsonl,
)
from .text import parse_text

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
