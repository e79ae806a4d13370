"""evaluate() and ``tomtat eval`` on a small hand-written Vietnamese data set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tomtat import summarize
from tomtat.cli import main
from tomtat.errors import InputError, UsageError
from tomtat.eval.datasets import load_clusters, read_records
from tomtat.eval.evaluate import evaluate
from tomtat.eval.rouge import METRICS, score

DATA = Path(__file__).parents[1] / "fixtures" / "eval_small.jsonl"


def test_load_clusters_keeps_references_and_metadata():
    clusters = list(load_clusters(DATA))
    assert [c.id for c in clusters] == ["eval-lu-quet", "eval-hoi-sach"]
    assert len(clusters[0].references) == 1 and len(clusters[1].references) == 2
    doc = clusters[0].documents[0]
    assert doc.id == "lq-a" and doc.source == "Báo Sông Hồng" and doc.date == "2025-08-14"
    assert doc.title.startswith("Lũ quét")


def test_evaluate_rows_and_macro_average():
    clusters = list(load_clusters(DATA))
    result = evaluate(clusters, method="lead", max_words=40, tokenize="syllable")
    assert result.n_clusters == 2 and result.method == "lead" and result.tokenize == "syllable"
    for row, cluster in zip(result.rows, clusters, strict=True):
        summary = summarize(cluster, method="lead", max_words=40)
        assert row.id == cluster.id
        assert row.n_syllables == summary.n_syllables <= 40
        assert row.scores == score(summary.source_text, cluster.references)  # brackets out
    for m in METRICS:
        for k in range(3):
            mean = sum(r.scores[m][k] for r in result.rows) / 2
            assert result.average[m][k] == pytest.approx(mean)
    as_dict = result.as_dict(per_cluster=True)
    assert len(as_dict["per_cluster"]) == 2
    assert set(as_dict["average"]) == set(METRICS)


def test_evaluate_rejects_unknown_method_and_tokenizer():
    clusters = list(load_clusters(DATA))
    with pytest.raises(UsageError, match="unknown method"):
        evaluate(clusters, method="khong-co")
    with pytest.raises(UsageError, match="tokenization"):
        evaluate(clusters, method="lead", tokenize="ky-tu")


def test_cli_eval_text(capsys):
    assert main(["eval", str(DATA), "--method", "lead", "--max-words", "40"]) == 0
    out = capsys.readouterr().out
    assert "method=lead max_words=40 tokenize=syllable clusters=2" in out
    for name in ("ROUGE-1", "ROUGE-2", "ROUGE-L"):
        assert name in out
    assert "eval-lu-quet" not in out  # per-cluster rows only on request


def test_cli_eval_json_per_cluster_matches_api(capsys):
    code = main(
        ["eval", str(DATA), "--method", "oracle", "--max-words", "40", "--format", "json",
         "--per-cluster", "--tokenize", "word"]
    )  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "oracle" and data["tokenize"] == "word" and data["clusters"] == 2
    assert [r["id"] for r in data["per_cluster"]] == ["eval-lu-quet", "eval-hoi-sach"]
    expected = evaluate(load_clusters(DATA), method="oracle", max_words=40, tokenize="word")
    assert data["average"]["rouge2"]["f1"] == pytest.approx(expected.average["rouge2"].fmeasure)
    for row in data["per_cluster"]:
        assert row["n_syllables"] <= 40
        assert 0 <= row["rouge2"]["f1"] <= 1


def test_cli_eval_per_cluster_text(capsys):
    assert main(["eval", str(DATA), "--method", "lead", "--per-cluster"]) == 0
    out = capsys.readouterr().out
    assert "eval-lu-quet" in out and "eval-hoi-sach" in out


def _lines(tmp_path: Path, *lines: str) -> Path:
    p = tmp_path / "data.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_cli_eval_missing_file(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "khong-co.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tomtat: error: no such data file") and err.count("\n") == 1


def test_cli_eval_bad_json_line_names_the_line(tmp_path, capsys):
    good = DATA.read_text(encoding="utf-8").splitlines()[0]
    path = _lines(tmp_path, good, "", '{"id": "hong", "documents": [', good)
    assert main(["eval", str(path), "--method", "lead"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:3: invalid JSON" in err
    assert err.count("\n") == 1


def test_cli_eval_cluster_without_references(tmp_path, capsys):
    record = json.loads(DATA.read_text(encoding="utf-8").splitlines()[0])
    record["id"] = "chua-co-tom-tat"
    record["summaries"] = []
    path = _lines(tmp_path, json.dumps(record, ensure_ascii=False))
    assert main(["eval", str(path), "--method", "lead"]) == 1
    err = capsys.readouterr().err
    assert ":1: cluster 'chua-co-tom-tat' has no reference summary" in err


def test_cli_eval_bad_options(capsys):
    assert main(["eval", str(DATA), "--method", "khong-co"]) == 2
    assert "unknown method 'khong-co'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:  # argparse rejects it, as for every command
        main(["eval", str(DATA), "--max-words", "0"])
    assert info.value.code == 2
    assert "--max-words: must be at least 1 syllable, got 0" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "must be a JSON object"),
        ('{"id": "x", "summaries": ["Tóm tắt."]}', 'has no "documents" field'),
        ('{"id": "x", "documents": [{"title": "Không có nội dung"}], "summaries": ["Tóm tắt."]}',
         "text"),
    ],
)  # fmt: skip
def test_read_records_schema_errors(tmp_path, line, message):
    with pytest.raises(InputError, match=message):
        read_records(_lines(tmp_path, line))


def test_read_records_empty_file(tmp_path):
    with pytest.raises(InputError, match="no cluster"):
        read_records(_lines(tmp_path, ""))


def _second_corpus(tmp_path: Path) -> Path:
    """The fixture's clusters under other ids: a second corpus of the same kind."""
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record["id"] = "khac-" + record["id"]
        out.append(json.dumps(record, ensure_ascii=False))
    return _lines(tmp_path, *out)


def test_cli_eval_several_files_one_row_each_and_mean(tmp_path, capsys):
    other = _second_corpus(tmp_path)
    assert main(["eval", str(DATA), str(other), "--method", "lead", "--max-words", "40,25"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in out[2:]}
    assert set(rows) == {"eval_small", "data", "mean"}
    first = evaluate(load_clusters(DATA), method="lead", max_words=40)
    second = evaluate(load_clusters(other), method="lead", max_words=25)
    assert rows["eval_small"][1:3] == ["2", "40"] and rows["data"][1:3] == ["2", "25"]
    r2 = [100 * r.average["rouge2"].fmeasure for r in (first, second)]
    assert float(rows["eval_small"][-2]) == pytest.approx(r2[0], abs=0.006)
    assert float(rows["data"][-2]) == pytest.approx(r2[1], abs=0.006)
    assert float(rows["mean"][-2]) == pytest.approx(sum(r2) / 2, abs=0.006)
    assert r2[0] != r2[1]  # the budgets really differ per file


def test_cli_eval_several_files_json(tmp_path, capsys):
    other = _second_corpus(tmp_path)
    assert main(["eval", str(DATA), str(other), "--method", "lead", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["data"] for c in data["corpora"]] == [str(DATA), str(other)]
    assert all(c["max_words"] == 200 for c in data["corpora"])
    mean = sum(c["average"]["rouge2"]["f1"] for c in data["corpora"]) / 2
    assert data["mean"]["rouge2"]["f1"] == pytest.approx(mean)


def test_cli_eval_budget_count_must_match_files(tmp_path, capsys):
    other = _second_corpus(tmp_path)
    assert main(["eval", str(DATA), str(other), "--max-words", "200,220,180"]) == 2
    assert "3 budgets for 2 data files" in capsys.readouterr().err


def test_cli_eval_duplicate_cluster_ids_across_files(tmp_path, capsys):
    copy = _lines(tmp_path, *DATA.read_text(encoding="utf-8").splitlines())
    assert main(["eval", str(DATA), str(copy), "--method", "lead"]) == 1
    err = capsys.readouterr().err
    assert f"{copy}:1: duplicate cluster id 'eval-lu-quet' (also at {DATA}:1)" in err
    assert err.count("\n") == 1
    assert main(["eval", str(DATA), str(DATA), "--method", "lead"]) == 1
    assert "data file given twice" in capsys.readouterr().err


def test_read_records_duplicate_cluster_id_in_one_file(tmp_path):
    line = DATA.read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(
        InputError, match=r":2: duplicate cluster id 'eval-lu-quet' \(also at .*:1\)"
    ):
        read_records(_lines(tmp_path, line, line))


def test_read_records_blank_summaries_are_no_reference(tmp_path):
    record = json.loads(DATA.read_text(encoding="utf-8").splitlines()[0])
    record["summaries"] = ["", "   "]
    with pytest.raises(InputError, match="has no reference summary"):
        read_records(_lines(tmp_path, json.dumps(record, ensure_ascii=False)))
    record["summaries"] = ["", "Lũ quét ở Lào Cai làm sập ba ngôi nhà."]
    (rec,) = read_records(_lines(tmp_path, json.dumps(record, ensure_ascii=False)))
    assert rec.references == ("Lũ quét ở Lào Cai làm sập ba ngôi nhà.",)


def test_cli_eval_scores_a_one_article_cluster_like_any_other(tmp_path, capsys):
    record = json.loads(DATA.read_text(encoding="utf-8").splitlines()[0])
    record["documents"] = record["documents"][:1]
    path = _lines(tmp_path, json.dumps(record, ensure_ascii=False))
    assert main(["eval", str(path), "--method", "lead", "--max-words", "40", "--per-cluster"]) == 0
    out = capsys.readouterr().out
    assert "clusters=1" in out and "eval-lu-quet" in out
    (cluster,) = load_clusters(path)
    expected = evaluate([cluster], method="lead", max_words=40)
    assert f"{100 * expected.average['rouge2'].fmeasure:6.2f}" in out
