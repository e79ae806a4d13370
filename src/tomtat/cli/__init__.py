"""Command-line interface: ``tomtat COMMAND ...``.

Each command lives in its own module under ``tomtat.cli`` exposing ``add_parser(subparsers)``
and ``run(args) -> int``. Command modules import heavy libraries inside ``run`` only, so
``tomtat --help`` stays fast. User errors (:class:`tomtat.errors.TomtatError`) become one line
on stderr and a non-zero exit code, here and only here.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import TomtatError
from .options import say

COMMANDS = (
    "summarize",
    "report",
    "batch",
    "eval",
    "cluster",
    "ingest",
    "events",
    "train",
    "serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tomtat",
        description="Vietnamese multi-document news summarization with source citations.",
    )
    parser.add_argument("--version", action="version", version=f"tomtat {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}_cmd").add_parser(sub)
    from .options import add_verbosity

    for command in sub.choices.values():  # -q/--quiet and -v/--verbose on every command
        add_verbosity(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .options import NORMAL, set_verbosity

    set_verbosity(getattr(args, "verbosity", NORMAL))
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at interpreter exit
        return code
    except TomtatError as exc:
        say(f"tomtat: error: {exc.for_cli()}")
        return exc.exit_code
    except KeyboardInterrupt:
        say("tomtat: interrupted")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except OSError as exc:  # writing a result failed (a full disk, /dev/full): one line
        _quiet_stdout()
        say(
            f"tomtat: error: cannot write {exc.filename or 'standard output'}: {exc.strerror or exc}"
        )
        return 1


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush of a dead stream says nothing."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
