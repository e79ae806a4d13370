"""HTML pages: main text through trafilatura, metadata from the page (:func:`parse_html`)."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any, TypeVar

from ..errors import MissingDependencyError
from ..limits import check_html
from ..model import Document
from ..text.dates import normalize_date
from ..text.encoding import decode_bytes
from .safe import clean_name, clean_str
from .text import header_meta, split_header


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
# the page's publication date, first found in this order (then trafilatura's guess)
_DATE_TAGS = ("article:published_time", "datepublished", "pubdate", "publishdate", "date",
              "dc.date", "time:datetime")  # fmt: skip


_Parser = TypeVar("_Parser", bound=HTMLParser)


def _fed(parser: _Parser, html: str) -> _Parser:
    """``parser`` after reading ``html``: html.parser is lenient, and a page it still cannot
    read keeps what was read before the break (a broken page never stops the reading)."""
    with contextlib.suppress(Exception):
        parser.feed(html)
        parser.close()
    return parser


def block_text(html: str) -> str:
    """The text of the blocks (paragraphs, headings, list items...) of a page or fragment,
    outside ``script/style/nav/header/footer/aside/form``, one block per line."""
    return _fed(_BodyText(), html).text()


def parse_html(html: str, doc_id: str, *, name: str = "") -> Document:
    """Build a :class:`Document` from an HTML page: main text plus title/outlet/date/url.

    The main text is extracted with trafilatura (comments, tables and images left out); when it
    finds nothing, the block text outside ``script/style/nav/header/footer/aside`` is used.
    Metadata priority: ``og:title`` > trafilatura's title > ``<title>`` (minus a trailing
    ``" | Site"``); ``og:site_name`` > trafilatura's site name; ``article:published_time`` and
    similar tags > ``<time datetime>`` > trafilatura's date. No remote resource is fetched.
    """
    html, doc_id = clean_str(html), clean_str(doc_id)
    check_html(html, repr(name or doc_id))  # before any parsing: bounded time
    page = _fed(_PageMeta(), html)
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
    blocks = block_text(html)
    if not blocks.strip():
        text = ""
    elif not text.strip():
        text = blocks
    page_title = _TITLE_SUFFIX.sub("", page.title) if page.title else ""
    title = m.get("og:title") or t_title or page_title
    source = m.get("og:site_name") or m.get("application-name") or t_site
    raw_date = next((m[k] for k in _DATE_TAGS if m.get(k)), t_date)
    url = m.get("og:url") or page.canonical
    meta: dict[str, Any] = {"format": "html"}
    if name:
        meta["path"] = clean_name(name)
    if page.lang:
        meta["lang"] = page.lang
    if raw_date:
        meta["date_raw"] = raw_date
    # a dateline inside the article body still counts; a headline line is looked for only
    # when the page has no title of its own
    title = " ".join(title.split())
    fields, text_title, body = split_header(text, want_title=not title)
    if title and body.split("\n", 1)[0].strip() == title:
        body = body.split("\n", 1)[1].strip() if "\n" in body else ""
    meta |= header_meta(fields)
    return Document(
        id=doc_id,
        text=body,
        title=title or text_title,
        source=source.strip() or fields.get("source", ""),
        date=normalize_date(raw_date) or fields.get("date"),
        url=url.strip(),
        meta=meta,
    )


_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.I)
_NOT_CHARSETS = ("escape", "idna", "punycode", "undefined")


def decode_html(data: bytes, name: str) -> str:
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
