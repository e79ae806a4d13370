"""One reading of one article, whatever door it came through (CLI, Python API, HTTP, page).

:func:`read_article` is applied by :func:`tomtat.pipeline.build_cluster` to every document, so
a text file, a JSON record, an HTTP body and the web page's form give the same
:class:`~tomtat.model.Document` for the same article:

* **HTML is detected by content** (:func:`looks_like_html`), not only by a file extension or a
  ``"format"`` field: a page or fragment pasted as text is reduced to its main text
  (:func:`tomtat.io.html.parse_html`; nothing is fetched). Fields the caller gave (title,
  outlet, date, url) win over what the page says. ``Document.meta["format"] == "text"`` (the
  HTTP field ``"format": "text"``) turns detection off; ``"html"`` forces it.
* **Plain text without a title** is read as a text file is (:func:`tomtat.io.text.parse_text`):
  a dateline header gives the date and outlet, and a first line that looks like a headline
  becomes the title. A document that has a title keeps its text as given.

Reading twice gives the same document (the function is idempotent).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import InputError
from ..model import Document
from .text import header_meta, split_header

# a page or a fragment: opens with a tag (or a doctype/comment), or holds several block tags
_OPENING = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--|<\?xml|"
    r"<(?:div|p|article|section|main|header|h[1-6]|span|a|ul|ol|table|figure|meta|title|"
    r"nav|br|img|strong|em|b|i)\b[^<>]*>)",
    re.I,
)
_BLOCK_TAG = re.compile(r"</?(?:p|div|article|section|h[1-6]|li|br|span|a)\b[^<>]*>", re.I)
_CLOSING = re.compile(r"</[a-z][a-z0-9]*\s*>", re.I)


def looks_like_html(text: str) -> bool:
    """True when ``text`` is HTML markup rather than prose: it opens with a tag and closes one,
    or holds at least three tags of text blocks and two closing tags. "a < b" or a lone "<br>"
    in an article are not HTML."""
    head = text[:4096]
    if _OPENING.match(head) and _CLOSING.search(text[:20000]):
        return True
    return len(_BLOCK_TAG.findall(head)) >= 3 and len(_CLOSING.findall(head)) >= 2


def read_article(doc: Document) -> Document:
    """The document as every door reads it (module docstring)."""
    fmt = str(doc.meta.get("format", "")).lower() if doc.meta else ""
    if fmt == "html" or (fmt != "text" and looks_like_html(doc.text)):
        from .html import parse_html

        page = parse_html(doc.text, doc.id, name=str(doc.meta.get("path", "")))
        if not page.text.strip():
            raise InputError(
                f"document {doc.id!r}: no article text found in the HTML; paste the article "
                'text instead, or send it with "format": "text"'
            )
        meta = {k: v for k, v in doc.meta.items() if k != "format"} | {
            k: v for k, v in page.meta.items() if k not in doc.meta
        }
        meta["html"] = True
        return replace(
            doc,
            text=page.text,
            title=doc.title or page.title,
            source=doc.source or page.source,
            date=doc.date or page.date,
            url=doc.url or page.url,
            meta=meta,
        )
    if doc.title.strip():
        return doc
    fields, title, body = split_header(doc.text, want_title=True)
    if not title and not fields:
        return doc
    return replace(
        doc,
        text=body,
        title=title,
        source=doc.source or fields.get("source", ""),
        date=doc.date or fields.get("date"),
        meta={**doc.meta, **header_meta(fields)},
    )
