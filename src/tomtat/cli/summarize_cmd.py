"""``tomtat summarize PATH... [--max-words N] [--format text|markdown|json] [-o FILE]``."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summarize", help="summarize one cluster of articles")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories or - for stdin")
    p.add_argument("--max-words", type=int, default=200, help="budget in syllables (default 200)")
    p.add_argument("--method", default="default", help="summarization method (default: default)")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..engine import summarize
    from ..io.read import read_cluster
    from ..io.write import render_summary, write_output
    from ..pipeline import build_cluster

    docs = read_cluster(args.paths)
    cluster = build_cluster(docs)
    summary = summarize(cluster, method=args.method, max_words=args.max_words)
    out = render_summary(summary, cluster, args.format)
    if args.output:
        write_output(args.output, out)
    else:
        sys.stdout.write(out)
    return 0
