"""Shared fixtures (engine, writers): a hand-written Vietnamese cluster (tests/fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tomtat.model import Cluster, Document
from tomtat.pipeline import build_cluster

FIXTURE = Path(__file__).parent / "fixtures" / "engine_cluster.json"


def load_documents() -> list[Document]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [Document(**d) for d in data["documents"]]


@pytest.fixture
def documents() -> list[Document]:
    return load_documents()


@pytest.fixture
def cluster(documents: list[Document]) -> Cluster:
    return build_cluster(documents, "cau-ban-lim")
