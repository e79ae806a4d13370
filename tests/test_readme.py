"""The README's examples run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", README, flags=re.M | re.S)


def test_python_snippet_runs_from_the_checkout():
    (snippet,) = _blocks("python")
    assert "tomtat.load(" in snippet and 'read_cluster("' in snippet
    proc = subprocess.run(
        [sys.executable, "-c", snippet], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any("bão" in line.lower() for line in lines)  # the example cluster's summary
    assert "Cầu treo" in proc.stdout or "cầu treo" in proc.stdout  # the hand-made cluster
    assert lines[-1].startswith("['01-thoi-bao-quoc-gia', '02-bao-song-tra'")


def _synopsis() -> dict[str, str]:
    found = re.search(r"^```\n(tomtat summarize PATH.*?)^```", README, flags=re.M | re.S)
    assert found is not None, "the README's command-line synopsis block"
    lines: dict[str, str] = {}
    name = ""
    for line in found.group(1).splitlines():
        if line.startswith("tomtat "):
            name = line.split()[1]
            lines[name] = line
        elif line.startswith(" ") and name:  # a long synopsis continues on indented lines
            lines[name] += " " + line.strip()
    return lines


def test_synopsis_lists_every_option_of_every_command():
    from tomtat.cli import build_parser

    parser = build_parser()
    (sub,) = [
        a for a in parser._actions if getattr(a, "choices", None) and "summarize" in a.choices
    ]
    synopsis = _synopsis()
    assert sorted(synopsis) == sorted(sub.choices)
    common = {"-h", "--help", "-q", "--quiet", "-v", "--verbose"}
    for name, command in sub.choices.items():
        for action in command._actions:
            wanted = action.option_strings  # -o or --output: either spelling
            if not wanted or set(action.option_strings) & common:
                continue
            assert any(
                re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", synopsis[name]) for o in wanted
            ), f"README synopsis of {name} lacks {wanted[0]}"
    assert "`-q`/`--quiet`" in README and "`-v`/`--verbose`" in README


def test_every_exit_code_is_documented():
    from tomtat import errors

    codes = {0, 2, 130}  # success, argparse usage errors, Ctrl-C (tomtat.cli.main)
    codes |= {
        cls.exit_code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.TomtatError)
    }
    table = re.search(r"^\| exit code \| meaning \|\n((?:\|.*\n)+)", README, flags=re.M)
    assert table is not None
    documented = {int(row.split("|")[1]) for row in table.group(1).splitlines()[1:]}
    assert documented == codes
