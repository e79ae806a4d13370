"""One exception family for every error a user can cause.

The CLI turns a :class:`TomtatError` into a one-line message on stderr and a non-zero exit;
the HTTP service turns it into a 4xx JSON error. Messages are written for users: they name
the value, the limit and, where there is one, the fix.

A message about a bad argument names the library's parameter (``max_words must be ...``) and
gives it as ``param``; the CLI shows it as its flag (:meth:`TomtatError.for_cli`:
``--max-words must be ...``) and the HTTP service as its JSON field (the same name), so a web
client is never told about a command-line flag.
"""

from __future__ import annotations

import re


class TomtatError(Exception):
    """Base class of all user-facing errors. ``exit_code`` is used by the CLI."""

    exit_code: int = 1
    http_status: int = 422

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param

    def __str__(self) -> str:
        return self.message

    def for_cli(self) -> str:
        """The message with the parameter written as its command-line flag."""
        if not self.param:
            return self.message
        flag = "--" + self.param.replace("_", "-")
        return re.sub(rf"(?<![\w-]){re.escape(self.param)}(?![\w-])", flag, self.message)


class InputError(TomtatError):
    """The input cannot be read: missing path, binary or undecodable file, bad JSON."""

    http_status = 422


class EmptyClusterError(InputError):
    """A cluster has no document or no usable sentence."""


class LimitError(TomtatError):
    """The input is larger than a documented limit."""

    http_status = 413


class UsageError(TomtatError):
    """A bad option value (unknown method, negative budget, ...)."""

    exit_code = 2
    http_status = 422


class MissingDependencyError(TomtatError):
    """An optional dependency is not installed; the message gives the pip line."""

    exit_code = 3
    http_status = 500


def require(module: str, extra: str) -> None:
    """Raise :class:`MissingDependencyError` if ``module`` cannot be imported."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MissingDependencyError(
            f"this feature needs the optional package {module!r}: pip install 'tomtat[{extra}]'"
        )
