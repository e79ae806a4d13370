"""The method registry: a method is ``(cluster, features) -> scores`` registered by name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    import numpy as np

    from ..model import Cluster
    from .features import Features

ScoreFn = Callable[["Cluster", "Features"], "np.ndarray"]


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    score: ScoreFn
    description: str
    # defaults for tomtat.engine.select.SelectOptions (lam, duplicate, min_length, ...);
    # summarize(**options) overrides them per call
    select: Mapping[str, Any] = field(default_factory=dict)


_METHODS: dict[str, Method] = {}


def register(name: str, description: str, **select: Any) -> Callable[[ScoreFn], ScoreFn]:
    """Decorator: register a scoring function under ``name``.

    Keyword arguments are the method's selection defaults (fields of
    :class:`tomtat.engine.select.SelectOptions`, e.g. ``lam=0.7``). Registering a name again
    replaces the earlier method (a learned scorer may take over ``default``).
    """

    def deco(fn: ScoreFn) -> ScoreFn:
        _METHODS[name] = Method(name, fn, description, MappingProxyType(dict(select)))
        return fn

    return deco


# modules that register methods when imported
_BUILTIN_MODULES = ("methods", "oracle", "learned")


def _load_builtin() -> None:
    import importlib

    for mod in _BUILTIN_MODULES:
        importlib.import_module(f"{__package__}.{mod}")


def available_methods() -> dict[str, str]:
    """Name -> one-line description of every registered method."""
    _load_builtin()
    return {m.name: m.description for m in _METHODS.values()}


def get_method(name: str) -> Method:
    _load_builtin()
    try:
        return _METHODS[name]
    except KeyError:
        choices = ", ".join(sorted(_METHODS))
        raise UsageError(f"unknown method {name!r}; choose one of: {choices}") from None
