"""Count the code lines of the Python files under a folder (issue 17: "lines of code go down").

    python benchmarks/count_lines.py src                 # one number: every .py file under src
    python benchmarks/count_lines.py src --by-package    # also one row per package/module

A code line is a line that holds part of a token other than a comment: blank lines, comment
lines and docstrings (of modules, classes and functions) do not count; a statement written over
three lines counts three. Not a quality measure: a before/after figure for clean-ups, measured
the same way each time.
"""

from __future__ import annotations

import argparse
import ast
import io
import tokenize
from pathlib import Path

_NOT_CODE = (
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENDMARKER,
)
_WITH_DOCSTRING = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, _WITH_DOCSTRING) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def code_lines(path: Path) -> int:
    """The number of code lines of one Python file (see the module docstring)."""
    source = path.read_text(encoding="utf-8")
    docstrings = _docstring_lines(ast.parse(source))
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in _NOT_CODE:
            lines.update(n for n in range(tok.start[0], tok.end[0] + 1) if n not in docstrings)
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("root", type=Path, help="a folder (every .py file below it counts)")
    parser.add_argument(
        "--by-package",
        action="store_true",
        help="also print the count of each subpackage and top-level module of ROOT's package",
    )
    args = parser.parse_args()
    counts = {p: code_lines(p) for p in sorted(args.root.rglob("*.py"))}
    if args.by_package:
        groups: dict[str, int] = {}
        for p, n in counts.items():
            parts = p.relative_to(args.root).parts
            key = "/".join(parts[:2]) if len(parts) > 2 else "/".join(parts)
            groups[key] = groups.get(key, 0) + n
        for key, n in sorted(groups.items()):
            print(f"{n:7,d}  {key}")
    print(sum(counts.values()))


if __name__ == "__main__":
    main()
