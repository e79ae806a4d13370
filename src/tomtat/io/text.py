"""Plain text articles: a dateline header and a headline read off the top (:func:`parse_text`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..model import Document
from ..text.datelines import parse_dateline
from .safe import clean_name, clean_str

_SENTENCE_END = re.compile(r"[.!?…:;,\"”’)»]\s*$")
_CAPTION_HINT = re.compile(r"(?:\bẢnh\s*:|\(Ảnh\b|\|\s*$|^Ảnh\b|\bPhoto\s*:)", re.I)
_MAX_TITLE_WORDS = 30
_MAX_TITLE_CHARS = 220


def dateline_fields(line: str) -> tuple[dict[str, str], str] | None:
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


def split_header(text: str, want_title: bool) -> tuple[dict[str, str], str, str]:
    """Split a dateline header and a headline off the top of ``text``.

    Returns ``(dateline_fields, title, body)``; see :func:`parse_text` for the rules.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fields: dict[str, str] = {}

    def take_dateline() -> None:
        nonlocal fields
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and (parsed := dateline_fields(lines[first])) is not None:
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


def header_meta(fields: Mapping[str, str]) -> dict[str, Any]:
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
    text, doc_id = clean_str(text), clean_str(doc_id)
    fields, title, body = split_header(text, want_title=True)
    meta: dict[str, Any] = {"path": clean_name(name)} if name else {}
    meta |= header_meta(fields)
    return Document(
        id=doc_id,
        text=body,
        title=title,
        source=fields.get("source", ""),
        date=fields.get("date"),
        meta=meta,
    )
