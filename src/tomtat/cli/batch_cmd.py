"""``tomtat batch IN.jsonl -o OUT.jsonl [--method M] [--max-words N] [--workers N] [--resume]
[--dask ADDRESS|local] [--errors FILE]``."""

from __future__ import annotations

import argparse

from ..limits import DEFAULT_MAX_WORDS
from .options import info, positive_int, quiet, say, status, warn

EPILOG = """\
Output: one JSON line per cluster (the fields of `tomtat summarize --format json`), appended and
flushed per cluster, written as clusters complete (input order with one worker, any order with
several: join on "id"). An existing non-empty OUT is refused unless --resume is given; --resume
skips ids already in OUT and repairs a last line torn by a kill, and is refused when OUT's lines
were made with another --method or --max-words. One run at a time per OUT: a second run on the
same OUT stops with an error naming the process that is writing it. Each failed line (not JSON,
not a cluster, duplicate id, summarization error) prints one error line with its line number and
id; the run goes on and exits 1 at the end if anything failed.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="summarize every cluster of a JSONL file (resumable, parallel)",
        description="Summarize every cluster of a JSONL file in the data schema.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "input", metavar="IN.jsonl", help="clusters, one JSON object per line (- = stdin)"
    )
    p.add_argument(
        "-o", "--output", metavar="OUT.jsonl", required=True, help="results (appended; - = stdout)"
    )
    p.add_argument("--method", default="default", help="summarization method (default: default)")
    p.add_argument(
        "--max-words",
        type=positive_int,
        default=DEFAULT_MAX_WORDS,
        help="budget in syllables (default %(default)s)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="local worker processes (default 1; with --dask local: Dask workers)",
    )
    p.add_argument(
        "--resume", action="store_true", help="continue an interrupted run: skip ids already in OUT"
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' "
        "(needs pip install 'tomtat[dist]')",
    )
    p.add_argument("--errors", metavar="FILE", help="also write one JSON line per error here")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="always show the progress bar",
    )
    bar.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="never show the progress bar (default: only on a terminal)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..batch import run_batch

    info(
        f"batch: method {args.method}, {args.max_words} syllables, "
        f"{'Dask ' + args.dask if args.dask else str(args.workers) + ' worker(s)'}"
        f"{', resuming' if args.resume else ''}"
    )
    progress = False if args.progress is None and quiet() else args.progress
    stats = run_batch(
        args.input,
        args.output,
        method=args.method,
        max_words=args.max_words,
        workers=args.workers,
        resume=args.resume,
        dask=args.dask,
        errors_path=args.errors,
        progress=progress,
        on_error=lambda err: say(f"tomtat: error: {err}"),
        on_warning=warn,
    )
    if stats.repaired_bytes:
        status(
            f"tomtat batch: removed a torn last line ({stats.repaired_bytes} bytes) from "
            f"{args.output} before resuming"
        )
    status(f"tomtat batch: {stats.line()}")
    info(f"batch: peak worker memory {stats.worker_peak_rss_mb:.0f} MB")
    return 0 if stats.ok else 1
