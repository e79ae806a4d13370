"""Small command-line edges: URLs, eval on a folder, a budget larger than the cluster,
-q/-v on every command, singular counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tomtat.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bao-nalusa"
EVAL_DATA = ROOT / "tests" / "fixtures" / "eval_small.jsonl"
CLUSTERS = ROOT / "tests" / "fixtures" / "batch_clusters.jsonl"
GOOD = "Hà Nội khởi công tuyến đường sắt đô thị số 5.\nTuyến dài gần 39 km, đi qua bốn quận."


def _subcommands() -> dict:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if getattr(a, "choices", None) and "eval" in a.choices]
    return sub.choices


@pytest.mark.parametrize("command", ["summarize", "report"])
def test_a_url_is_not_fetched_and_says_so(command, capsys):
    url = "https://baomoi.example/bai-viet-123.html"
    assert main([command, url]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"tomtat: error: {url}: is a web address")
    assert "does not fetch URLs" in err and "curl" in err
    ingest = _subcommands().get("ingest")
    has_fetch = ingest is not None and any("--fetch" in a.option_strings for a in ingest._actions)
    assert ("tomtat ingest --feeds FILE --fetch" in err) == has_fetch


def _without_timings(value):
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def test_eval_reads_every_data_file_of_a_folder(tmp_path, capsys):
    lines = EVAL_DATA.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "phan-1.jsonl", tmp_path / "phan-2.jsonl"
    first.write_text(lines[0] + "\n", encoding="utf-8")
    second.write_text(lines[1] + "\n", encoding="utf-8")
    (tmp_path / "ghi-chu.md").write_text("không phải dữ liệu\n", encoding="utf-8")
    assert main(["eval", str(tmp_path), "--format", "json", "--per-cluster"]) == 0
    from_folder = json.loads(capsys.readouterr().out)
    assert main(["eval", str(first), str(second), "--format", "json", "--per-cluster"]) == 0
    from_files = json.loads(capsys.readouterr().out)
    assert _without_timings(from_folder) == _without_timings(from_files)
    assert [c["data"] for c in from_folder["corpora"]] == [str(first), str(second)]


def test_eval_on_a_folder_of_articles_says_why_not(capsys):
    assert main(["eval", str(EXAMPLE)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"tomtat: error: {EXAMPLE}: no .jsonl data file in this folder")
    assert "reference summaries" in err and "Traceback" not in err


def test_eval_same_cluster_in_two_files_is_refused(tmp_path, capsys):
    line = EVAL_DATA.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(line + "\n", encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 1
    assert "duplicate cluster id" in capsys.readouterr().err


def test_a_budget_larger_than_the_cluster_says_the_summary_is_the_whole_cluster(capsys):
    assert main(["summarize", str(EXAMPLE), "--max-words", "1000000"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("tomtat: note: --max-words 1,000,000 is at least the whole cluster")
    assert "the summary is the whole cluster" in err
    assert main(["summarize", str(EXAMPLE), "--max-words", "100"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["report", str(EXAMPLE), "--max-words", "1000000", "-q", "-o", "/dev/null"]) == 0
    assert capsys.readouterr().err == ""


def test_quiet_and_verbose_on_every_command():
    for name, command in _subcommands().items():
        options = {o for a in command._actions for o in a.option_strings}
        assert {"--quiet", "--verbose"} <= options, name
        if name != "events":  # events -q TEXT is its query
            assert {"-q", "-v"} <= options, name


def test_quiet_hides_warnings_and_statistics_verbose_adds_details(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["summarize", str(tmp_path), "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["summarize", str(tmp_path), "-v"]) == 0
    err = capsys.readouterr().err
    assert "tomtat: warning: skipped" in err
    assert "tomtat: read 1 document, 2 sentences" in err
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(CLUSTERS), "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["batch", str(CLUSTERS), "-o", str(tmp_path / "o2.jsonl"), "-v"]) == 0
    err = capsys.readouterr().err
    assert "tomtat: batch: method default" in err and "tomtat batch: 4 done" in err


def test_quiet_still_prints_errors(capsys):
    assert main(["summarize", "khong-co.txt", "-q"]) == 1
    assert capsys.readouterr().err.startswith("tomtat: error: no such file")


def test_one_article_one_event_in_the_singular(tmp_path, capsys):
    path = tmp_path / "bai.jsonl"
    path.write_text(
        json.dumps({"id": "a1", "date": "2025-03-02", "text": GOOD}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    assert main(["cluster", str(path)]) == 0
    err = capsys.readouterr().err
    assert err == "tomtat cluster: 1 article -> 1 event (1 written), 0 bad lines\n"
