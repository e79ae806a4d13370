"""Reading with a bound: files, pipes and standard input never read past
:func:`tomtat.limits.max_input_bytes`, and only regular files are opened from a folder.

Before, every reader read its input whole and checked the character limit afterwards: a
``.txt`` link to ``/dev/zero`` grew to 6.4 GB and ``summarize - < /dev/urandom`` to 4.3 GB, and
a FIFO named ``*.txt`` in a folder blocked the run for ever on ``open``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..limits import input_too_large

_CHUNK = 1 << 20


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (for messages)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_input(path: Path, *, allow_pipe: bool) -> IO[bytes]:
    """Open ``path`` for reading without ever blocking on ``open``: a regular file, or a pipe
    when ``allow_pipe`` (a path named on the command line: ``<(command)``); a device, a
    socket, or (when not allowed) a FIFO raises :class:`InputError`.

    The file is opened with ``O_NONBLOCK`` and checked with ``fstat`` on the open descriptor,
    so a link swapped between a check and the open cannot slip a device in."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISREG(mode) or (allow_pipe and stat.S_ISFIFO(mode))):
            raise InputError(
                f"{path}: {kind_of(mode)}; tomtat reads regular files, directories of them, "
                "a pipe named on the command line, and - (standard input)"
            )
        os.set_blocking(fd, True)  # a pipe: wait for its writer's data as usual
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(fh: IO[bytes], limit: int, name: str) -> bytes:
    """All of ``fh``, refusing (with :class:`~tomtat.errors.LimitError`) past ``limit`` bytes
    (0: no bound) after reading at most ``limit + 1`` of them."""
    if not limit:
        return fh.read()
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = fh.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise input_too_large(name, limit)
    return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line longer than the bound: not kept."""


def bounded_lines(fh: IO[bytes], limit: int) -> Iterator[bytes | LongLine]:
    """The lines of a binary stream, each at most ``limit`` bytes (0: no bound). A longer one
    is given as :class:`LongLine` as soon as the bound is passed (the caller can report it at
    once), then read on in chunks and dropped; the next line is read as usual. Memory stays
    within ``limit`` + 1 MB whatever the input (an endless line is read on, never kept)."""
    if not limit:
        yield from fh
        return
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):  # at most `limit` bytes + newline
            yield line
            continue
        yield LongLine()
        while not line.endswith(b"\n"):
            line = fh.readline(_CHUNK)
            if not line:
                break


def long_line_message(limit: int) -> str:
    """What is wrong with one JSONL line over the bound (the run goes on with the next line)."""
    return (
        f"line longer than {limit:,} bytes, the input limit per cluster (split the cluster, "
        "or raise TOMTAT_MAX_INPUT_BYTES)"
    )
