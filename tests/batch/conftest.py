"""Fixtures for batch tests: small Vietnamese clusters written for the tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "batch_clusters.jsonl"


@pytest.fixture
def clusters() -> list[dict]:
    return [json.loads(x) for x in FIXTURE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def clusters_file(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURE, tmp_path / "in.jsonl"))
