"""tomtat batch: resume after a kill, bad lines, failures, workers, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tomtat.batch import BatchError, run_batch, scan_output
from tomtat.cli import main
from tomtat.errors import InputError, UsageError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "batch_clusters.jsonl"
CLUSTERS = [json.loads(x) for x in FIXTURE.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path: Path, items: list) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False))
            fh.write("\n")
    return path


def read_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


# a cluster whose only article is boilerplate: it reads fine but cannot be summarized
BOILERPLATE = {"id": "chi-co-chu-thich", "documents": [{"id": "z1", "text": "Ảnh: TTXVN |"}]}


def test_writes_one_line_per_cluster_with_summary_fields(clusters_file: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    stats = run_batch(clusters_file, out, method="lead", max_words=40, progress=False)
    assert (stats.done, stats.skipped, stats.failed) == (4, 0, 0)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == [c["id"] for c in CLUSTERS]  # one worker: input order
    first = lines[0]
    assert set(first) >= {"id", "summary", "sentences", "method", "max_words"}
    assert first["method"] == "lead" and first["max_words"] == 40
    assert all(len(s["text"].split()) <= 40 for s in first["sentences"])
    assert {s["doc_id"] for s in first["sentences"]} <= {"a1", "a2"}
    assert stats.articles == 7


def test_same_json_as_summarize_command(clusters_file: Path, tmp_path: Path, capsys):
    out = tmp_path / "out.jsonl"
    run_batch(clusters_file, out, method="lead", max_words=30, progress=False)
    single = tmp_path / "one.jsonl"
    write_jsonl(single, [CLUSTERS[1]])
    assert (
        main(
            ["summarize", str(single), "--method", "lead", "--max-words", "30", "--format", "json"]
        )
        == 0
    )
    from_summarize = json.loads(capsys.readouterr().out)
    from_batch = json.loads(out.read_text(encoding="utf-8").splitlines()[1])
    for key in ("summary", "sentences", "method", "max_words"):
        assert from_batch[key] == from_summarize[key]


def test_existing_output_without_resume_is_refused(clusters_file: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(UsageError, match="--resume"):
        run_batch(clusters_file, out, progress=False)
    assert out.read_text(encoding="utf-8") == '{"id": "x"}\n'  # untouched


def test_resume_after_kill_with_torn_last_line(clusters_file: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    run_batch(clusters_file, out, method="lead", max_words=30, progress=False)
    full = out.read_bytes()
    lines = full.splitlines(keepends=True)
    # simulate a kill in the middle of writing the third line
    out.write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])
    ids, torn, _ = scan_output(out, repair=False)
    assert ids == {"mua-lu", "gia-xang"} and torn == len(lines[2]) // 2

    stats = run_batch(clusters_file, out, method="lead", max_words=30, resume=True, progress=False)
    assert (stats.done, stats.skipped, stats.failed) == (2, 2, 0)
    assert stats.repaired_bytes == len(lines[2]) // 2
    assert out.read_bytes() == full  # same bytes as an uninterrupted run
    again = run_batch(clusters_file, out, method="lead", max_words=30, resume=True, progress=False)
    assert (again.done, again.skipped) == (0, 4)


def test_garbage_before_valid_lines_is_not_guessed_at(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\nnot json\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        scan_output(out)


def test_bad_lines_duplicates_and_failures_each_give_one_error(tmp_path: Path):
    src = write_jsonl(
        tmp_path / "in.jsonl",
        [
            CLUSTERS[0],
            "{khong phai json",
            CLUSTERS[1],
            CLUSTERS[0],
            "[1, 2]",
            BOILERPLATE,
            CLUSTERS[2],
        ],
    )
    out = tmp_path / "out.jsonl"
    errors_file = tmp_path / "errors.jsonl"
    seen: list[BatchError] = []
    stats = run_batch(
        src, out, method="lead", progress=False, errors_path=errors_file, on_error=seen.append
    )
    assert (stats.done, stats.failed) == (3, 4)
    assert read_ids(out) == ["mua-lu", "gia-xang", "bong-da"]
    by_line = {e.line: e for e in seen}
    assert set(by_line) == {2, 4, 5, 6}
    assert by_line[2].kind == "input" and "JSON" in by_line[2].message
    assert by_line[4].kind == "duplicate" and by_line[4].cluster_id == "mua-lu"
    assert "line 1" in by_line[4].message
    assert by_line[6].kind == "summarize" and by_line[6].cluster_id == "chi-co-chu-thich"
    assert "line 6 (id chi-co-chu-thich)" in str(by_line[6])
    side = [json.loads(x) for x in errors_file.read_text(encoding="utf-8").splitlines()]
    assert [e["line"] for e in side] == [2, 4, 5, 6]


def test_cli_exit_codes_and_messages(clusters_file: Path, tmp_path: Path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(clusters_file), "-o", str(out), "--method", "lead"]) == 0
    err = capsys.readouterr().err
    assert "4 done, 0 skipped, 0 failed" in err
    # existing output without --resume: usage error, exit 2
    assert main(["batch", str(clusters_file), "-o", str(out)]) == 2
    assert "--resume" in capsys.readouterr().err
    # a failing cluster: the rest is written, exit 1, one error line naming line and id
    bad = write_jsonl(tmp_path / "bad.jsonl", [CLUSTERS[2], BOILERPLATE])
    out2 = tmp_path / "out2.jsonl"
    assert main(["batch", str(bad), "-o", str(out2), "--method", "lead"]) == 1
    err = capsys.readouterr().err
    assert "tomtat: error: line 2 (id chi-co-chu-thich):" in err
    assert "1 done, 0 skipped, 1 failed" in err
    assert read_ids(out2) == ["bong-da"]
    # unknown method and missing input: one-line errors before any work
    assert main(["batch", str(bad), "-o", str(tmp_path / "o3.jsonl"), "--method", "nope"]) == 2
    assert main(["batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o4")]) == 1
    assert not (tmp_path / "o3.jsonl").exists() and not (tmp_path / "o4").exists()


def test_bad_options(clusters_file: Path, tmp_path: Path):
    with pytest.raises(UsageError):
        run_batch(clusters_file, tmp_path / "o.jsonl", workers=0)
    with pytest.raises(UsageError):
        run_batch(clusters_file, tmp_path / "o.jsonl", max_words=0)
    with pytest.raises(UsageError, match="same file"):
        run_batch(clusters_file, clusters_file, resume=True)


@pytest.mark.slow
def test_two_workers_give_the_same_results_as_one(tmp_path: Path):
    many = [dict(c, id=f"{c['id']}-{i}") for i in range(3) for c in CLUSTERS]
    src = write_jsonl(tmp_path / "in.jsonl", [*many, BOILERPLATE])
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    s1 = run_batch(src, one, method="lead", workers=1, progress=False)
    s2 = run_batch(src, two, method="lead", workers=2, progress=False)
    assert (s1.done, s1.failed) == (s2.done, s2.failed) == (12, 1)

    def by_id(p: Path) -> dict[str, dict]:
        return {d["id"]: d for d in map(json.loads, p.read_text(encoding="utf-8").splitlines())}

    assert by_id(one) == by_id(two)
    assert s2.worker_peak_rss_mb > 0


@pytest.mark.slow
def test_dask_local_cluster_run(clusters_file: Path, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
    ):
        out = tmp_path / "out.jsonl"
        stats = run_batch(
            clusters_file,
            out,
            method="lead",
            max_words=30,
            dask=cluster.scheduler_address,
            progress=False,
        )
        assert (stats.done, stats.failed) == (4, 0)
        serial = tmp_path / "serial.jsonl"
        run_batch(clusters_file, serial, method="lead", max_words=30, progress=False)
        assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(
            serial.read_text(encoding="utf-8").splitlines()
        )


def test_dask_missing_dependency_message(monkeypatch, clusters_file: Path, tmp_path: Path):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "distributed" else real(name, *a),
    )
    from tomtat.errors import MissingDependencyError

    with pytest.raises(MissingDependencyError, match=r"tomtat\[dist\]"):
        run_batch(clusters_file, tmp_path / "o.jsonl", dask="local", progress=False)


def test_pool_workers_fork_from_a_preloading_forkserver():
    import multiprocessing as mp

    from tomtat.batch import PRELOAD, pool_context

    if "forkserver" not in mp.get_all_start_methods():
        pytest.skip("no forkserver on this platform")
    assert pool_context().get_start_method() == "forkserver"
    assert {"tomtat.engine.learned", "tomtat.engine._forkserver_warm"} <= set(PRELOAD)


def _init_that_dies(method: str, max_words: int) -> None:
    raise RuntimeError("cannot start")


@pytest.mark.slow
def test_workers_that_cannot_start_give_one_clear_error(monkeypatch, tmp_path: Path):
    import multiprocessing as mp

    import tomtat.batch
    from tomtat.errors import TomtatError

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("needs fork to hand the patched initializer to the workers")
    monkeypatch.setattr(tomtat.batch, "pool_context", lambda: mp.get_context("fork"))
    monkeypatch.setattr(tomtat.batch, "init_worker", _init_that_dies)
    src = write_jsonl(tmp_path / "in.jsonl", CLUSTERS)
    with pytest.raises(TomtatError, match="worker processes"):
        run_batch(src, tmp_path / "o.jsonl", method="lead", workers=2, progress=False)


def test_run_task_returns_a_named_result():
    from tomtat.batch import Task, run_task

    good = run_task(Task(3, CLUSTERS[0]["id"], CLUSTERS[0]), "lead", 60)
    assert (good.line, good.cluster_id, good.ok) == (3, CLUSTERS[0]["id"], True)
    assert json.loads(good.payload)["id"] == CLUSTERS[0]["id"] and good.n_docs >= 1
    bad = run_task(Task(4, "rong", {"id": "rong", "documents": []}), "lead", 60)
    assert (bad.line, bad.cluster_id, bad.ok, bad.n_docs) == (4, "rong", False, 0)
    assert "no document with text" in bad.payload
