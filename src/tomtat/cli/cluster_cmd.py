"""``tomtat cluster IN.jsonl|DIR -o clusters.jsonl [--threshold T] [--window-days D]``."""

from __future__ import annotations

import argparse

from .options import say

EPILOG = """\
Input: a JSONL file of articles ({"id","title","text","date",...} one per line), or of clusters
in the data schema (their documents are pooled), or a directory of article files. The input
order is the stream order (sort an archive by date first, or pass --sort). Output: one event
cluster per line in the data schema, ready for `tomtat batch`, events in order of creation.
Events are final here (the whole input is read first); in a live feed, an open event can still
grow, merge or split until its window closes (see tomtat.events).
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from ..events import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, MAX_ACTIVE_DOCS

    p = sub.add_parser(
        "cluster",
        help="group a stream of single articles into event clusters",
        description="Group a stream of articles into event clusters, online.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="IN.jsonl|DIR", help="articles (JSONL, - = stdin) or a folder")
    p.add_argument("-o", "--output", metavar="FILE", help="clusters JSONL (default and -: stdout)")
    p.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help="every two articles of an event have similarity at least T (complete link; "
        f"default {DEFAULT_THRESHOLD})",
    )
    p.add_argument(
        "--window-days",
        type=float,
        default=DEFAULT_WINDOW_DAYS,
        help="an event stays open this many days after its newest article "
        f"(default {DEFAULT_WINDOW_DAYS:g}; 0 = same day)",
    )
    p.add_argument(
        "--min-size", type=int, default=1, help="write only events with at least N articles"
    )
    p.add_argument(
        "--sort", action="store_true", help="sort the articles by date first (undated last)"
    )
    p.add_argument(
        "--max-active",
        type=int,
        default=MAX_ACTIVE_DOCS,
        metavar="N",
        help="keep at most N articles in open events; beyond it the least recently updated "
        f"events close (default {MAX_ACTIVE_DOCS}; memory ~5 KB and time per article grow "
        "with N)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json

    from ..errors import UsageError
    from ..events import ArticleError, EventClusterer, iter_articles
    from ..io.output import check_output
    from ..io.safe import json_safe
    from .options import emit, info, plural, status

    if args.min_size < 1:
        raise UsageError(f"--min-size must be at least 1, got {args.min_size}")
    if args.max_active < 1:
        raise UsageError(f"--max-active must be at least 1, got {args.max_active}")
    if args.output:
        check_output(args.output)
    info(
        f"threshold {args.threshold}, window {args.window_days:g} days, "
        f"at most {plural(args.max_active, 'open article')}"
    )
    clusterer = EventClusterer(args.threshold, args.window_days, max_active_docs=args.max_active)
    bad = 0
    n_docs = 0

    def articles():
        nonlocal bad, n_docs
        for item in iter_articles(args.input):
            if isinstance(item, ArticleError):
                bad += 1
                say(f"tomtat: error: {item}")
                continue
            n_docs += 1
            yield item

    stream = articles()
    if args.sort:
        stream = iter(sorted(stream, key=lambda d: (d.date is None, d.date or "")))
    clusterer.add(stream)
    events = clusterer.events(min_size=args.min_size)
    out = "".join(json_safe(json.dumps(e.to_record(), ensure_ascii=False)) + "\n" for e in events)
    emit(out, args.output)
    status(
        f"tomtat cluster: {plural(n_docs, 'article')} -> {plural(len(clusterer.events()), 'event')} "
        f"({len(events):,} written), {plural(bad, 'bad line')}"
    )
    return 1 if bad else 0
