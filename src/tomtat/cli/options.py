"""What the commands share: argument types, warnings, the -o check and the output write."""

from __future__ import annotations

import argparse
import sys


def positive_int(value: str) -> int:
    """argparse type: a whole number >= 1 (the message names the value and the fix)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number of syllables, got {value!r}"
        ) from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 syllable, got {number}")
    return number


def say(line: str) -> None:
    """Print one line on stderr, made safe for a terminal first: every message the command
    line prints goes through here, because file names, cluster ids and URLs in them come from
    the input and may hold escape sequences (``\x1b[2J``) or line breaks
    (:func:`tomtat.io.safe.printable` shows them as ``\x1b``, ``\n``)."""
    from ..io.safe import printable

    print(printable(line), file=sys.stderr, flush=True)


def warn(message: str) -> None:
    """A reader's warning (e.g. an article skipped), one line on stderr."""
    say(f"tomtat: warning: {message}")


def check_output(path: str) -> None:
    """Fail before any work when ``-o`` cannot be written (rules: :mod:`tomtat.io.output`)."""
    from ..io.output import check_output as check

    check(path)


def emit(out: str, path: str | None) -> None:
    """Write ``out`` to ``path`` (see :mod:`tomtat.io.output`), or to stdout when ``path`` is
    empty or ``-``."""
    from ..errors import TomtatError
    from ..io.output import write_output

    try:
        write_output(path or "-", out)
    except OSError as exc:
        raise TomtatError(f"cannot write {path}: {exc.strerror or exc}") from None


def cluster_from_args(args: argparse.Namespace):  # -> tomtat.model.Cluster
    """The shared start of summarize/report: check ``-o`` first, then read and build the cluster."""
    from ..io.read import read_input
    from ..pipeline import build_cluster

    if args.output and args.output != "-":
        check_output(args.output)
    record = read_input(args.paths, on_warning=warn)
    return build_cluster(record.documents, record.id, record.references)


def add_date_anchor_option(p: argparse.ArgumentParser) -> None:
    """``--no-date-anchors``: leave a summary's dates as written (no "[18/6/2024]" brackets)."""
    p.add_argument(
        "--no-date-anchors",
        dest="date_anchors",
        action="store_false",
        help="leave dates as written; by default, when the summary spans several days, a "
        "day/month date or relative time without a year gets its resolved date in brackets "
        "('Hôm 18/06 [18/6/2024]'), only when resolved with high confidence",
    )
