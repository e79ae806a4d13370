"""What ``tomtat ingest`` reads: article files, folders, JSONL, RSS/Atom feeds, fetched pages.

:func:`iter_sources` turns SOURCE arguments into a stream of :class:`~tomtat.model.Document`
and :class:`Problem` items (one per thing that could not be read: the stream goes on):

* a JSONL file (``.jsonl``/``.ndjson``, or ``-`` for stdin): one article per line, or
  clusters in the data schema whose documents are pooled (as ``tomtat cluster`` reads);
* a folder: its ``.txt``/``.html``/``.json``/``.jsonl`` files (as ``tomtat cluster``);
* an RSS or Atom feed file (``.rss``/``.atom``/``.xml``, or any file that starts like one):
  one article per entry, its text from the entry's content or description; with
  ``fetch`` each entry's page is downloaded and its main text extracted instead;
* any other single file: read like ``tomtat summarize`` reads it.

:func:`iter_feed_urls` does the same for feed URLs (``--feeds FILE --fetch``). Feed parsing
is feedparser's (RSS 0.9x/1.0/2.0, Atom; never given a string it could treat as a URL or a
path: always bytes).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
_FEED_HEAD = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be read or fetched: where, and why (one line)."""

    where: str
    message: str

    def __str__(self) -> str:
        return (
            self.message if self.message.startswith(self.where) else f"{self.where}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Known:
    """A feed entry whose page is stored already (by URL): not downloaded again."""

    url: str


Item = Document | Problem | Known


def is_feed(path: Path) -> bool:
    if path.suffix.lower() in FEED_SUFFIXES:
        return True
    if path.suffix.lower() in (".html", ".htm", ".json", ".jsonl", ".txt"):
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    return bool(_FEED_HEAD.search(head))


def iter_sources(
    sources: Iterable[str],
    *,
    fetcher: Any = None,
    skip_url: Callable[[str], bool] | None = None,
) -> Iterator[Item]:
    """Documents and problems of every SOURCE, in order (see the module doc).

    ``fetcher`` (a :class:`~tomtat.newsroom.fetch.Fetcher`) downloads the pages of feed
    entries; ``skip_url(url)`` says a page is stored already (it is then not downloaded).
    """
    for source in sources:
        if source == "-":
            yield from _jsonl(source)
            continue
        path = Path(source)
        if not path.exists():
            yield Problem(source, "no such file or directory")
            continue
        if path.is_dir():
            yield from _folder(path)
        else:
            yield from _file(path, source, fetcher, skip_url)


def _file(
    path: Path, where: str, fetcher: Any = None, skip_url: Callable[[str], bool] | None = None
) -> Iterator[Item]:
    """One file: JSONL, a feed, or an article read as ``tomtat summarize`` reads it."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _jsonl(where)
    elif is_feed(path):
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield Problem(where, f"cannot read: {exc.strerror or exc}")
            return
        yield from feed_items(data, where, fetcher=fetcher, skip_url=skip_url)
    else:
        yield from _article(path)


def _jsonl(source: str) -> Iterator[Item]:
    from ..events import ArticleError, iter_articles

    try:
        for item in iter_articles(source):
            if isinstance(item, ArticleError):
                yield Problem(f"{item.source}: line {item.line}", item.message)
            else:
                yield item
    except InputError as exc:
        yield Problem(source, str(exc))
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}")


def _folder(path: Path) -> Iterator[Item]:
    from ..io.paths import _IGNORED_NAME, SUPPORTED_SUFFIXES

    files = []
    for child in sorted(path.iterdir(), key=lambda p: p.name):
        if _IGNORED_NAME.match(child.name) or child.is_dir():
            continue
        if child.suffix.lower() in SUPPORTED_SUFFIXES or child.suffix.lower() in FEED_SUFFIXES:
            files.append(child)
        else:
            yield Problem(str(child), f"unsupported file type {child.suffix!r}; skipped")
    for f in files:
        yield from _file(f, str(f))


def _article(path: Path) -> Iterator[Item]:
    from ..io.read import read_paths

    warnings: list[str] = []
    try:
        docs = read_paths([path], on_warning=warnings.append)
    except InputError as exc:
        yield Problem(str(path), str(exc))
        return
    for w in warnings:
        yield Problem(str(path), w)
    yield from docs


# ---- feeds ------------------------------------------------------------------------------------


def _iso(struct: Any) -> str | None:
    if not struct:
        return None
    try:
        return time.strftime("%Y-%m-%d", struct)
    except (TypeError, ValueError):
        return None


def feed_items(
    data: bytes,
    where: str,
    *,
    fetcher: Any = None,
    skip_url: Callable[[str], bool] | None = None,
) -> Iterator[Item]:
    """The articles of one RSS/Atom document (see the module doc)."""
    import feedparser

    from ..io.html import block_text

    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        yield Problem(where, "not an RSS or Atom feed")
        return
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), Exception):
        # broken XML: say so once; the entries read before the break still count
        reason = str(parsed["bozo_exception"]).splitlines()[0].replace("<unknown>:", "line ")
        if not isinstance(parsed["bozo_exception"], feedparser.CharacterEncodingOverride):
            yield Problem(where, f"malformed feed ({reason}); {len(entries)} entries read")
    outlet = str(parsed.get("feed", {}).get("title") or "")
    for k, entry in enumerate(entries, 1):
        link = str(entry.get("link") or "")
        title = block_text(str(entry.get("title") or ""))
        date = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        ext_id = str(entry.get("id") or link or f"{Path(where).stem}-{k}")
        if fetcher is not None and link:
            if skip_url is not None and skip_url(link):
                yield Known(link)
                continue
            try:
                yield page_document(fetcher, link, ext_id, title, outlet, date)
            except InputError as exc:
                yield Problem(link, str(exc))
            continue
        content = entry.get("content") or []
        html = content[0].get("value", "") if content else str(entry.get("summary") or "")
        text = block_text(html)
        if not text.strip():
            yield Problem(f"{where}: entry {k}", f"{link or ext_id}: entry has no text")
            continue
        yield Document(ext_id, text, title, outlet, date, link, {"feed": where})


def page_document(
    fetcher: Any, url: str, ext_id: str, title: str = "", outlet: str = "", date: str | None = None
) -> Document:
    """Download ``url`` and read it as an article; the feed's title/outlet/date fill gaps."""
    from ..io.html import decode_html, parse_html

    body, final = fetcher.get(url)
    html = decode_html(body, url)
    doc = parse_html(html, ext_id, name=url)
    if not doc.text.strip():
        raise InputError(f"{url}: no article text found on the page")
    return Document(
        id=ext_id,
        text=doc.text,
        title=doc.title or title,
        source=doc.source or outlet,
        date=date or doc.date,
        url=url,
        meta={**dict(doc.meta), "fetched_url": final},
    )


def read_feed_list(path: str) -> list[str]:
    """Feed URLs of a ``--feeds`` file: one per line; blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"--feeds {path}: cannot read: {exc.strerror or exc}") from None
    return [s for line in lines if (s := line.split("#", 1)[0].strip())]


def iter_feed_urls(
    urls: Iterable[str], fetcher: Any, *, skip_url: Callable[[str], bool] | None = None
) -> Iterator[Item]:
    """Download each feed and its entries' pages (``tomtat ingest --feeds FILE --fetch``)."""
    for url in urls:
        try:
            body, _ = fetcher.get(url)
        except InputError as exc:
            yield Problem(url, str(exc))
            continue
        yield from feed_items(body, url, fetcher=fetcher, skip_url=skip_url)
