"""``tomtat ingest SOURCE... [--db DB] [--feeds FILE --fetch]``: store articles, group them
into events, update the events' summaries."""

from __future__ import annotations

import argparse

EPILOG = """\
SOURCE: a JSONL file of articles ({"id","title","text","date","source","url"} per line, or
clusters whose documents are pooled), a folder of .txt/.html/.json articles, an RSS/Atom feed
file, or - for JSONL on stdin. --feeds FILE lists feed URLs, one per line; with --fetch they
and their articles' pages are downloaded (http/https only, robots.txt obeyed, timeouts and a
size limit). Nothing is downloaded without --fetch.

Articles already in the store (same URL, or same text) are counted as duplicates and not
stored again, so re-running an interrupted ingest is safe. Each batch is one transaction:
a kill loses at most the batch in flight. Events continue across ingests. Anything that
cannot be read is one line on stderr; the rest goes on, and the exit code is 1 at the end.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..events import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, MAX_ACTIVE_DOCS
    from .options import positive_int

    p = sub.add_parser(
        "ingest",
        help="store articles in a database and group them into events (newsroom mode)",
        description="Store articles, assign them to events incrementally, update summaries.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="JSONL, folder, feed file, -")
    add_db_option(p)
    p.add_argument("--feeds", metavar="FILE", help="a file of feed URLs (needs --fetch)")
    p.add_argument(
        "--fetch", action="store_true", help="download the feeds and their articles' pages"
    )
    p.add_argument(
        "--batch-size", type=positive_int, default=256, metavar="N",
        help="articles per transaction (default 256)",
    )  # fmt: skip
    p.add_argument(
        "--no-summaries", action="store_true",
        help="do not update the changed events' summaries now (tomtat events does it on demand)",
    )  # fmt: skip
    p.add_argument(
        "--workers", type=positive_int, default=1, metavar="N",
        help="processes computing summaries (default 1)",
    )  # fmt: skip
    p.add_argument("--dask", metavar="local|ADDRESS", help="compute summaries on a Dask cluster")
    p.add_argument("--max-words", type=positive_int, default=120, metavar="N",
                   help="summary budget in syllables (default 120)")  # fmt: skip
    g = p.add_argument_group("clustering (fixed when the store is created)")
    g.add_argument("--threshold", type=float, default=None,
                   help=f"complete-link similarity threshold (default {DEFAULT_THRESHOLD})")  # fmt: skip
    g.add_argument("--window-days", type=float, default=None,
                   help=f"days an event stays open (default {DEFAULT_WINDOW_DAYS:g})")  # fmt: skip
    g.add_argument("--max-active", type=positive_int, default=None, metavar="N",
                   help=f"most articles in open events (default {MAX_ACTIVE_DOCS})")  # fmt: skip
    f = p.add_argument_group("fetching (with --fetch)")
    # (defaults from tomtat.newsroom.fetch, not imported here: --help stays light)
    f.add_argument("--timeout", type=float, default=None, metavar="S",
                   help="connect/read timeout in seconds (default 10)")  # fmt: skip
    f.add_argument("--deadline", type=float, default=None, metavar="S",
                   help="most seconds for one download (default 30)")  # fmt: skip
    f.add_argument("--max-bytes", type=positive_int, default=None, metavar="B",
                   help="largest page or feed in bytes (default 5,000,000)")  # fmt: skip
    f.add_argument("--user-agent", metavar="UA", help="User-Agent header")
    f.add_argument("--ignore-robots", action="store_true", help="do not read robots.txt")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def add_db_option(p: argparse.ArgumentParser) -> None:
    import os

    p.add_argument(
        "--db",
        default=os.environ.get("TOMTAT_DB", "tomtat.db"),
        metavar="DB",
        help="SQLite file or postgresql://user@host/db URL (default $TOMTAT_DB or tomtat.db)",
    )


def run(args: argparse.Namespace) -> int:
    import sys

    from ..errors import UsageError, require
    from .options import plural, status

    if not args.sources and not args.feeds:
        raise UsageError("nothing to ingest: name SOURCE files/folders or --feeds FILE")
    if args.feeds and not args.fetch:
        raise UsageError("--feeds needs --fetch (nothing is downloaded without it)")
    if args.dask and args.no_summaries:
        raise UsageError("--dask computes summaries; it cannot go with --no-summaries")
    from ..newsroom import Store  # says which extra to install when SQLAlchemy is missing

    require("feedparser", "newsroom")
    from ..newsroom.sources import read_feed_list

    feed_urls = read_feed_list(args.feeds) if args.feeds else []
    store = Store.open(args.db, params=_params(args))
    try:
        bar = None
        if not args.no_progress:
            from tqdm import tqdm

            bar = tqdm(desc="ingest", unit=" art", file=sys.stderr, disable=None, leave=False)
        counts = {"problems": 0, "known": 0}
        try:
            stats = store.ingest(
                _documents(args, store, feed_urls, counts, bar),
                batch_size=args.batch_size,
                on_result=lambda doc, result: _on_result(bar, doc, result),
                on_batch_error=lambda exc, n: _say(bar, f"{n} articles not stored: {exc}"),
            )
        finally:
            if bar is not None:
                bar.close()
        refreshed = _refresh(store, args) if not args.no_summaries and stats.new else 0
        info = store.stats()
    finally:
        store.close()
    failed = stats.failed + counts["problems"]
    status(
        f"tomtat ingest: {stats.new:,} new, {stats.duplicate + counts['known']:,} duplicate, "
        f"{failed:,} failed; {plural(stats.events_created, 'new event')}, "
        f"{stats.events_changed:,} changed; {plural(refreshed, 'summary', 'summaries')} updated; "
        f"{plural(info['articles'], 'article')} in {plural(info['events'], 'event')} in "
        f"{store.url} ({stats.seconds:.1f} s)"
    )
    return 1 if failed else 0


def _params(args: argparse.Namespace):  # -> Params | None
    """The clustering settings given on the command line (None: the store's own)."""
    from dataclasses import replace

    from ..errors import UsageError
    from ..newsroom.state import Params

    given = {
        "threshold": args.threshold,
        "window_days": args.window_days,
        "max_active_docs": args.max_active,
    }
    if all(v is None for v in given.values()):
        return None
    params = replace(Params(), **{k: v for k, v in given.items() if v is not None})
    if not 0.0 < params.threshold <= 1.0:
        raise UsageError(f"--threshold must be in (0, 1], got {params.threshold}")
    return params


def _fetcher(args: argparse.Namespace):  # -> Fetcher | None
    from ..newsroom.fetch import DEADLINE_S, MAX_BYTES, TIMEOUT_S, USER_AGENT, Fetcher

    if not args.fetch:
        return None
    return Fetcher(
        user_agent=args.user_agent or USER_AGENT,
        timeout=args.timeout if args.timeout is not None else TIMEOUT_S,
        deadline=args.deadline if args.deadline is not None else DEADLINE_S,
        max_bytes=args.max_bytes if args.max_bytes is not None else MAX_BYTES,
        robots=not args.ignore_robots,
    )


def _say(bar, message: str, level: str = "error") -> None:
    """One line on stderr, above the progress bar."""
    from .options import say

    if bar is not None:
        bar.clear()
    say(f"tomtat: {level}: {message}")


def _on_result(bar, doc, result) -> None:
    if bar is not None:
        bar.update(1)
    if result.status == "failed" and result.reason == "article has no text":
        _say(bar, f"{doc.id}: article has no text")


def _documents(args, store, feed_urls: list[str], counts: dict[str, int], bar):
    """The articles of every SOURCE and feed; problems printed and counted as they come."""
    import itertools

    from ..newsroom.sources import Known, Problem, iter_feed_urls, iter_sources

    fetcher = _fetcher(args)

    def skip_url(url: str) -> bool:
        return bool(store.known_urls([url]))

    items = iter_sources(args.sources, fetcher=fetcher, skip_url=skip_url)
    if feed_urls:
        items = itertools.chain(items, iter_feed_urls(feed_urls, fetcher, skip_url=skip_url))
    for item in items:
        if isinstance(item, Problem):
            counts["problems"] += 1
            _say(bar, str(item))
        elif isinstance(item, Known):
            counts["known"] += 1
        else:
            yield item


def _refresh(store, args: argparse.Namespace) -> int:
    """Recompute the changed events' summaries; a failure is a warning (the articles are
    stored; ``tomtat events`` computes what is missing)."""
    from ..newsroom.store import StoreError

    def on_done(eid: int, error: str | None) -> None:
        if error:
            _say(None, f"event {eid}: no summary: {error}", "warning")

    try:
        return int(
            store.refresh(
                max_words=args.max_words, workers=args.workers, dask=args.dask, on_done=on_done
            )
        )
    except StoreError as exc:
        _say(None, f"summaries not updated: {exc}")
        return 0
