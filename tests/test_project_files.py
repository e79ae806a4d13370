"""Project files a user or a packager reads: LICENSE matches pyproject, the Dockerfile runs
``tomtat serve`` from files that exist."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_license_file_matches_pyproject():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = meta["license"]["text"] if isinstance(meta["license"], dict) else meta["license"]
    assert declared == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    assert "[LICENSE](LICENSE)" in (ROOT / "README.md").read_text(encoding="utf-8")


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, rest = line.partition(" ")
            rows.append((op.upper(), rest.strip()))
    return rows


def test_dockerfile_serves_from_files_that_exist():
    rows = _instructions()
    assert rows[0][0] == "FROM" and rows[0][1].startswith("python:3.1")
    for op, rest in rows:
        if op == "COPY":
            *sources, _dest = rest.split()
            for src in sources:
                assert (ROOT / src).exists(), src
    installs = " ".join(rest for op, rest in rows if op == "RUN")
    assert 'pip install ".[serve]"' in installs
    cmd = json.loads(next(rest for op, rest in rows if op == "CMD"))
    assert cmd[:2] == ["tomtat", "serve"] and "0.0.0.0" in cmd
    assert any(op == "USER" and rest != "root" for op, rest in rows)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "src" not in ignored and "tests" in ignored
