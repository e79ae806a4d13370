"""A result that cannot be written to standard output (a full disk: /dev/full) is one line on
stderr and exit 1 in every command that prints one, never a traceback (issue 19, item 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", str(ROOT / "examples" / "bao-nalusa")],
        ["report", str(ROOT / "examples" / "bao-nalusa"), "--format", "json"],
        ["batch", str(FIXTURES / "batch_clusters.jsonl"), "-o", "-", "--method", "lead"],
        ["eval", str(FIXTURES / "eval_small.jsonl"), "--method", "lead"],
    ],
    ids=["summarize", "report", "batch", "eval"],
)
def test_a_full_standard_output_is_one_line(args):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "tomtat", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == "tomtat: error: cannot write standard output: No space left on device"
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
