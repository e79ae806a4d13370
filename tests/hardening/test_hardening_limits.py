"""Documented cluster limits (docs/limits.md): clear LimitError beyond them, overridable."""

from __future__ import annotations

import random

import pytest
from hardening_gen import random_text

from tomtat.errors import LimitError, UsageError
from tomtat.model import Document
from tomtat.pipeline import build_cluster


def test_too_many_characters(monkeypatch) -> None:
    monkeypatch.setenv("TOMTAT_MAX_CLUSTER_CHARS", "1000")
    docs = [Document(id=f"d{i}", text=random_text(random.Random(i), 10)) for i in range(3)]
    with pytest.raises(LimitError) as info:
        build_cluster(docs, "lon")
    message = str(info.value)
    assert "\n" not in message and "lon" in message and "1,000" in message
    assert "TOMTAT_MAX_CLUSTER_CHARS" in message


def test_too_many_sentences_and_override(monkeypatch) -> None:
    docs = [Document(id="a", text=random_text(random.Random(1), 60))]
    monkeypatch.setenv("TOMTAT_MAX_CLUSTER_SENTENCES", "50")
    with pytest.raises(LimitError, match="the limit is 50"):
        build_cluster(docs, "dai")
    monkeypatch.setenv("TOMTAT_MAX_CLUSTER_SENTENCES", "0")  # 0 disables the limit
    assert len(build_cluster(docs, "dai").sentences) > 50
    monkeypatch.setenv("TOMTAT_MAX_CLUSTER_SENTENCES", "nhiều")
    with pytest.raises(UsageError, match="not a whole number"):
        build_cluster(docs, "dai")


def test_cli_reports_the_limit_in_one_line(tmp_path, monkeypatch, capsys) -> None:
    from tomtat.cli import main

    path = tmp_path / "bai.txt"
    path.write_text(random_text(random.Random(3), 40), encoding="utf-8")
    monkeypatch.setenv("TOMTAT_MAX_CLUSTER_SENTENCES", "10")
    code = main(["summarize", str(path)])
    err = capsys.readouterr().err.strip()
    assert code != 0 and len(err.splitlines()) == 1 and "limit is 10" in err


def test_report_sentence_limit(monkeypatch) -> None:
    from tomtat.analyze.report import build_report

    cluster = build_cluster([Document(id="a", text=random_text(random.Random(2), 30))], "bc")
    monkeypatch.setenv("TOMTAT_MAX_REPORT_SENTENCES", "20")
    with pytest.raises(LimitError, match="analysis report takes at most 20"):
        build_report(cluster)
