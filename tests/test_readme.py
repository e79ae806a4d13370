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
