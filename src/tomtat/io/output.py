"""Where ``-o`` output goes, and how it is written: one set of rules for every command.

- ``-`` is standard output.
- A new file gets the usual permissions: ``0666`` minus the umask (``0644`` under the default
  ``022``), like any file a shell redirection creates.
- An existing regular file is replaced atomically (a temporary file in the same directory,
  then a rename), keeping its permission bits (and its owner and group when allowed).
- A symbolic link is written *through*: the file it points to is replaced, the link stays.
- A file with several hard links is rewritten in place, so every name sees the new content
  (an atomic rename would detach this name from the others); that write is not atomic.
- A character device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe), or a file
  reached through ``/proc`` (``/dev/stdout`` redirected to a file) is written to directly, as
  a shell redirection would.
- A directory, a block device or a socket is refused with one clear line before any work.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from pathlib import Path

from ..errors import UsageError

STDOUT = "-"


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """True when ``path`` means standard output (``-``)."""
    return path is not None and os.fspath(path) == STDOUT


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()  # follows symbolic links
    except (FileNotFoundError, NotADirectoryError):
        return None


def is_stream(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is ``-``, a character device or a FIFO: written to directly, never
    replaced, never synced, never resumed."""
    if is_stdout(path):
        return True
    st = _stat(Path(path))
    return st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode))


def check_output(path: str | os.PathLike[str], option: str = "-o") -> None:
    """Fail before any work when ``path`` cannot be an output (see the module doc)."""
    if is_stdout(path):
        return
    target = Path(path)
    st = _stat(target)
    if st is not None:
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            raise UsageError(f"{option} {path}: is a directory; give a file name")
        if stat.S_ISBLK(mode):
            raise UsageError(f"{option} {path}: is a block device; refusing to write to it")
        if stat.S_ISSOCK(mode):
            raise UsageError(f"{option} {path}: is a socket; give a file name")
        return
    if target.is_symlink():  # a dangling link: writing through it would create its target
        real = Path(os.path.realpath(target))
        if not real.parent.is_dir():
            raise UsageError(
                f"{option} {path}: is a link to {real}, whose directory does not exist"
            )
        return
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"{option} {path}: directory {parent} does not exist; create it first")


def _temp_beside(target: Path, mode: int) -> tuple[int, Path]:
    """A new file next to ``target``, created with ``mode`` (the kernel applies the umask)."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))  # pragma: no cover


def write_output(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` (UTF-8) to ``path`` following the rules of the module doc.

    Raises :class:`UsageError` for a path that is no output (a directory, ...), ``OSError``
    when the write itself fails (nothing is left behind but the old file, except for a
    hard-linked file or a device, which are written in place).
    """
    if not isinstance(content, str):
        raise TypeError(f"content must be str, not {type(content).__name__}")
    if is_stdout(path):
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    check_output(path)
    data = content.encode("utf-8")
    st = _stat(Path(path))  # follows symbolic links
    real = os.path.realpath(path)
    if st is not None and (
        not stat.S_ISREG(st.st_mode) or st.st_nlink > 1 or real.startswith("/proc/")
    ):  # a device, a FIFO, a hard-linked file, /dev/stdout (a /proc link): write in place
        flags = os.O_WRONLY | (os.O_TRUNC if stat.S_ISREG(st.st_mode) else 0)
        fd = os.open(path, flags)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        return
    target = Path(real)  # write through symbolic links: the link stays, its target is replaced
    fd, tmp = _temp_beside(target, 0o666 if st is None else 0o600)
    try:
        if st is not None:  # keep the replaced file's permissions (and owner, when allowed)
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):
                os.fchown(fd, st.st_uid, st.st_gid)
        _write_all(fd, data)
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        tmp.unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def sync_quietly(fd: int) -> None:
    """``fsync`` that ignores files which cannot be synced (``/dev/null``, pipes, ttys)."""
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EROFS, errno.ENOTSUP, errno.EBADF):
            raise
