"""``tomtat summarize PATH... [--max-words N] [--format text|plain|markdown|json] [-o FILE]
[--method M] [--no-date-anchors]``.

Reads ONE cluster (files, directories, ``-`` for stdin, or one JSON/JSONL cluster), summarizes
it and prints or writes the cited summary. Skipped documents are reported as
``tomtat: warning: skipped NAME: reason`` on stderr. With ``-o`` nothing is created unless the
whole run succeeds (the file is written atomically at the very end).
"""

from __future__ import annotations

import argparse

from ..limits import DEFAULT_MAX_WORDS
from .options import (
    StoreGiven,
    add_date_anchor_option,
    cluster_from_args,
    emit,
    positive_int,
    summary_info,
    whole_cluster_note,
)

FORMATS = ("text", "plain", "markdown", "json")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summarize",
        help="summarize one cluster of articles",
        description=(
            "Summarize one cluster of Vietnamese news articles about the same event into a short "
            "summary whose sentences cite the articles that back them. Inputs: .txt, .html, "
            ".json/.jsonl files, directories of them, or - for standard input."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories or - for stdin")
    p.add_argument(
        "--max-words",
        action=StoreGiven,
        type=positive_int,
        default=DEFAULT_MAX_WORDS,
        metavar="N",
        help="length budget in syllables (whitespace-separated words; default %(default)s)",
    )
    p.add_argument(
        "--method",
        default="default",
        metavar="M",
        help="scoring method (default: default); an unknown name prints the available ones",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default): sentences with [1,2] source markers and the list of sources; "
        "plain: the bare sentences, for pipes; markdown: footnotes; json: everything",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here (atomically, only when the run succeeds) instead of stdout; - is stdout",
    )
    add_date_anchor_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import time

    from ..engine import summarize
    from ..io.write import render_summary

    t0 = time.perf_counter()
    cluster = cluster_from_args(args)
    summary = summarize(
        cluster, method=args.method, max_words=args.max_words, date_anchors=args.date_anchors
    )
    summary_info(cluster, summary, args.method, args.max_words, time.perf_counter() - t0)
    whole_cluster_note(args, cluster, summary)
    emit(render_summary(summary, cluster, args.format), args.output)
    return 0
