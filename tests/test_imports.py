"""``import tomtat`` and ``tomtat --help`` stay light (as click's tests/test_imports.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "pyvi",
    "sklearn",
    "fastapi",
    "uvicorn",
    "underthesea",
    "trafilatura",
    "lightgbm",
    "dask",
    "distributed",
    "torch",
    "sqlalchemy",
    "psycopg",
    "feedparser",
)

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _heavy_after(body: str) -> list[str]:
    code = PROBE.format(body=body, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "body",
    [
        "import tomtat",
        "import tomtat; from tomtat import Document, Cluster, Summary, TomtatError",
        "import tomtat.io",
        "from tomtat.cli import build_parser\nbuild_parser().format_help()",
        (
            "from tomtat.cli import main\n"
            "for argv in (['--help'], ['summarize', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass"
        ),
    ],
    ids=["import", "public-names", "io", "build_parser", "help"],
)
def test_light_imports(body):
    assert _heavy_after(body) == []
