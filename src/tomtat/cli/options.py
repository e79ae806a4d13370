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


class StoreGiven(argparse.Action):
    """``store``, and ``<dest>_given = True`` on the namespace when the option was given."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, values)
        setattr(namespace, f"{self.dest}_given", True)


# -q/--quiet and -v/--verbose, on every command (set by tomtat.cli.main before a command runs)
QUIET, NORMAL, VERBOSE = -1, 0, 1
_verbosity = NORMAL


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet`` and ``-v/--verbose``; a command that already uses ``-q`` or ``-v`` for
    something else (``events -q TEXT``) keeps it and gets the long spelling only."""
    taken = parser._option_string_actions
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        *[o for o in ("-q", "--quiet") if o not in taken],
        dest="verbosity",
        action="store_const",
        const=QUIET,
        default=NORMAL,
        help="print only errors on stderr (no warnings, notes, progress or run statistics)",
    )
    group.add_argument(
        *[o for o in ("-v", "--verbose") if o not in taken],
        dest="verbosity",
        action="store_const",
        const=VERBOSE,
        help="also print what was read, the settings and the time taken",
    )


def set_verbosity(level: int) -> None:
    global _verbosity
    _verbosity = level


def quiet() -> bool:
    return _verbosity <= QUIET


def verbose() -> bool:
    return _verbosity >= VERBOSE


def warn(message: str) -> None:
    """A reader's warning (e.g. an article skipped), one line on stderr (not with -q)."""
    if not quiet():
        say(f"tomtat: warning: {message}")


def note(message: str) -> None:
    """Something the user should know about a result, one line on stderr (not with -q)."""
    if not quiet():
        say(f"tomtat: note: {message}")


def status(message: str) -> None:
    """A command's closing statistics line on stderr (not with -q)."""
    if not quiet():
        say(message)


def info(message: str) -> None:
    """Details for -v only, on stderr."""
    if verbose():
        say(f"tomtat: {message}")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 event``, ``2 events``, ``1,204 articles``."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def whole_cluster_note(args: argparse.Namespace, cluster, summary) -> None:
    """With a ``--max-words`` given and at least the size of the cluster, say that nothing was
    cut for length (the default budget on a short cluster is no news)."""
    max_words = args.max_words
    total = sum(s.n_syllables for s in cluster.sentences)
    if not getattr(args, "max_words_given", False) or max_words < total:
        return
    left = len(cluster.sentences) - len(summary.sentences)
    rest = (
        f"every sentence but {plural(left, 'repeated or heading line')}"
        if left > 0
        else "every sentence"
    )
    note(
        f"--max-words {max_words:,} is at least the whole cluster "
        f"({plural(total, 'syllable')} in {plural(len(cluster.sentences), 'sentence')}), so "
        f"nothing was cut for length: the summary is the whole cluster, {rest} "
        f"({plural(summary.n_syllables, 'syllable')})"
    )


def summary_info(cluster, summary, method: str, max_words: int, seconds: float) -> None:
    """The -v line of summarize/report."""
    info(
        f"read {plural(len(cluster.documents), 'document')}, "
        f"{plural(len(cluster.sentences), 'sentence')} (cluster {cluster.id or '(unnamed)'!r}); "
        f"method {method}: {plural(len(summary.sentences), 'sentence')}, "
        f"{summary.n_syllables}/{max_words} syllables in {seconds:.2f} s"
    )


def emit(out: str, path: str | None) -> None:
    """Write ``out`` to ``path`` (see :mod:`tomtat.io.output`), or to stdout when ``path`` is
    empty or ``-``."""
    from ..errors import TomtatError
    from ..io.output import write_output

    try:
        write_output(path or "-", out)
    except OSError as exc:
        where = path if path and path != "-" else "standard output"
        raise TomtatError(f"cannot write {where}: {exc.strerror or exc}") from None


def cluster_from_args(args: argparse.Namespace):  # -> tomtat.model.Cluster
    """The shared start of summarize/report: check ``-o`` first, then read and build the cluster."""
    from ..io.output import check_output
    from ..io.read import read_input
    from ..pipeline import build_cluster

    if args.output and args.output != "-":
        check_output(args.output)
    check_not_urls(args.paths)
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


def check_not_urls(paths) -> None:
    """A web address among the inputs: say that nothing is fetched, and what to do instead
    (``tomtat ingest --fetch`` downloads a site's feed and its articles)."""
    from ..io.paths import url_error

    for raw in paths:
        err = url_error(raw, hint=FETCH_HINT)
        if err is not None:
            raise err


FETCH_HINT = (
    "; or put the site's news feed in a file for 'tomtat ingest --feeds FILE "
    "--fetch', which downloads feeds and their articles"
)
