"""``tomtat report PATH... [--format markdown|json|html] [-o FILE] [--max-words N] [--method M]
[--canonical-names] [--ner rules|underthesea] [--timings]``.

Reads ONE cluster, summarizes it and prints the analysis report: the cited summary, the
timeline, entities with their name variants, and the source comparison.
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

FORMATS = ("markdown", "json", "html")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="summary + timeline, entities/name variants and source comparison",
        description=(
            "Analyse one cluster of Vietnamese news articles: the cited summary, a timeline of "
            "dated events merged across outlets, people/places/organisations with their name "
            "variants, and what each outlet reports that the others don't."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories or - for stdin")
    p.add_argument("--format", choices=FORMATS, default="markdown", help="default markdown")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically)")
    p.add_argument(
        "--max-words", type=positive_int, default=DEFAULT_MAX_WORDS, metavar="N", action=StoreGiven,
        help="summary budget in syllables (default %(default)s)",
    )  # fmt: skip
    p.add_argument("--method", default="default", metavar="M", help="summarization method")
    p.add_argument(
        "--canonical-names",
        action="store_true",
        help="write the summary with one canonical name per person/place/organisation",
    )
    p.add_argument(
        "--ner",
        choices=("rules", "underthesea"),
        default="rules",
        help="name recognizer (default rules; underthesea needs tomtat[ner])",
    )
    p.add_argument(
        "--timings",
        action="store_true",
        help="add the seconds each section took to the report (meta.timings in JSON)",
    )
    add_date_anchor_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import time

    from ..analyze.render import render_report
    from ..analyze.report import build_report

    t0 = time.perf_counter()
    cluster = cluster_from_args(args)
    report = build_report(
        cluster,
        method=args.method,
        max_words=args.max_words,
        canonical_names=args.canonical_names,
        ner=args.ner,
        timings=args.timings,
        date_anchors=args.date_anchors,
    )
    summary_info(cluster, report.summary, args.method, args.max_words, time.perf_counter() - t0)
    whole_cluster_note(args, cluster, report.summary)
    emit(render_report(report, args.format), args.output)
    return 0
