"""The package's layers, read from the source: no module imports one from a higher layer, and
no two parts of the package import each other (directly or round a loop).

Every import counts, the lazy ones inside functions included: a lazy import still makes the
lower layer depend on the upper one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Parts of the package (a subpackage or a top-level module) and their layer, bottom up. A part
# may import parts of its own layer or lower; the root package (the public API) sits above the
# engine and below the shells that print its version.
LAYERS: dict[str, int] = {
    "errors": 0, "model": 0, "limits": 0,
    "text": 1,
    "io": 2, "pipeline": 2,
    "engine": 3,
    "analyze": 4, "eval": 4, "events": 4, "batch": 4,
    "train": 5, "tomtat": 5, "newsroom": 5,
    "service": 6,
    "cli": 7, "__main__": 8,
}  # fmt: skip


def _part(module: str) -> str:
    """'tomtat.engine.features' -> 'engine'; 'tomtat' -> 'tomtat' (the root package)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "tomtat"


def _imports() -> list[tuple[str, str, int]]:
    """(importing module, imported tomtat module, line) for every import in src/tomtat."""
    found = []
    for path in sorted((SRC / "tomtat").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        package = module if is_package else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets = [target]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for t in targets:
                if t == "tomtat" or t.startswith("tomtat."):
                    found.append((module, t, node.lineno))
    return found


IMPORTS = _imports()


def test_the_imports_are_found() -> None:
    # the reader sees relative, absolute and lazy imports (a test that cannot fail is no test)
    pairs = {(a, b) for a, b, _ in IMPORTS}
    assert ("tomtat.engine.features", "tomtat.text.clean") in pairs
    assert ("tomtat.cli.report_cmd", "tomtat.analyze.report") in pairs  # inside run()
    assert ("tomtat.engine.paraphrase", "tomtat.text.aliases") in pairs


def test_every_part_has_a_layer() -> None:
    parts = {_part(m) for m, _, _ in IMPORTS} | {_part(t) for _, t, _ in IMPORTS}
    assert parts <= set(LAYERS), (
        f"give these a layer in tests/test_layers.py: {parts - set(LAYERS)}"
    )


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = [
        f"{m} (line {line}) imports {t}: layer {LAYERS[_part(m)]} -> {LAYERS[_part(t)]}"
        for m, t, line in IMPORTS
        if LAYERS.get(_part(t), 0) > LAYERS.get(_part(m), 99)
    ]
    assert not upward, "\n".join(upward)


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_parts() -> None:
    edges: dict[str, set[str]] = {}
    for m, t, _ in IMPORTS:
        if _part(m) != _part(t):
            edges.setdefault(_part(m), set()).add(_part(t))
    cycle = _cycle(edges)
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"engine": {"eval"}, "eval": {"engine"}}, ["engine", "eval", "engine"]),
    ],
)
def test_the_cycle_finder_finds_cycles(edges: dict[str, set[str]], expected) -> None:
    assert _cycle(edges) == expected
