import json

import pytest

from tomtat.engine import summarize
from tomtat.errors import UsageError
from tomtat.io.output import write_output
from tomtat.io.write import escape_markdown, render_summary, summary_to_dict
from tomtat.model import Source, Summary, SummarySentence


def test_json_schema(cluster):
    summary = summarize(cluster, "heuristic", 120)
    data = json.loads(render_summary(summary, cluster, "json"))
    assert data == summary_to_dict(summary)
    assert set(data) == {"id", "summary", "sentences", "method", "max_words"}
    assert data["id"] == "cau-ban-lim" and data["method"] == "heuristic"
    assert data["max_words"] == 120
    outlets = {d.id: d.source for d in cluster.documents}
    for item, s in zip(data["sentences"], summary.sentences, strict=True):
        extra = {"inserted"} if s.inserted else set()  # date anchors, only when there are
        assert set(item) == {"text", "doc_id", "sources", "outlets", "support", "evidence"} | extra
        assert item["sources"][0] == item["doc_id"] == s.doc_id
        # one evidence sentence per source, in the same order, offsets into the cleaned text
        assert [e["doc_id"] for e in item["evidence"]] == item["sources"]
        for e in item["evidence"]:
            d = next(i for i, doc in enumerate(cluster.documents) if doc.id == e["doc_id"])
            assert cluster.texts[d][e["start"] : e["end"]] == e["text"]
            assert 0 < e["score"] <= 1.0
        assert item["evidence"][0]["text"] == s.source_text and item["evidence"][0]["score"] == 1.0
        assert item["outlets"] == [outlets[d] for d in item["sources"]]
        assert item["support"] == len(set(item["sources"]))
    assert data["summary"] == " ".join(item["text"] for item in data["sentences"])


def test_json_keeps_vietnamese_unescaped(cluster):
    out = render_summary(summarize(cluster, "lead", 40), cluster, "json")
    assert "Bản Lìm" in out or "Mường Khoa" in out


def test_markdown_footnotes(cluster):
    summary = summarize(cluster, "heuristic", 200)
    md = render_summary(summary, cluster, "markdown")
    body, notes = md.split("\n\n", 1)
    lines = body.split("\n")
    assert len(lines) == len(summary.sentences)
    numbers = {d.id: i + 1 for i, d in enumerate(cluster.documents)}
    for line, s in zip(lines, summary.sentences, strict=True):
        for src in s.sources:
            assert f"[^{numbers[src.doc_id]}]" in line
    for n in {numbers[src.doc_id] for s in summary.sentences for src in s.sources}:
        doc = cluster.documents[n - 1]
        assert f"[^{n}]: **{doc.title}** — {doc.source} — {doc.date} — `{doc.id}`" in notes


def test_markdown_escapes_article_text(cluster):
    s = SummarySentence("Giá *giảm* <script>alert(1)</script> [link](x)", "tin-mien-nui", 0)
    summary = Summary("x", (s,), "lead", 50)
    md = render_summary(summary, cluster, "markdown")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\*giảm\\*" in md and "\\[link\\]" in md
    assert escape_markdown("- gạch đầu dòng") == "\\- gạch đầu dòng"


def test_text_format_with_and_without_markers(cluster):
    src = (Source("bao-tay-bac"), Source("thoi-su-24h"))
    s = SummarySentence("Một câu.", "bao-tay-bac", 6, src, support=2)
    summary = Summary("x", (s,), "lead", 50)
    assert render_summary(summary, cluster, "plain") == "Một câu.\n"
    text = render_summary(summary, cluster, "text")
    assert text.startswith("Một câu. [2,3]\n\nNguồn:\n[2] ")
    assert len(text.splitlines()) == 5  # sentence, blank, heading, two sources


def test_unknown_format(cluster):
    summary = summarize(cluster, "lead", 40)
    with pytest.raises(
        UsageError, match="unknown format 'pdf'; choose one of: text, plain, markdown, json"
    ):
        render_summary(summary, cluster, "pdf")


def test_write_output_is_atomic(tmp_path):
    target = tmp_path / "out.txt"
    write_output(target, "Tóm tắt\n")
    assert target.read_text(encoding="utf-8") == "Tóm tắt\n"

    with pytest.raises(TypeError):
        write_output(target, 123)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "Tóm tắt\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_output_to_a_fifo_keeps_it(tmp_path):
    """-o /dev/null (or a FIFO) is written in place, never replaced by a regular file."""
    import os
    import stat
    import threading

    fifo = tmp_path / "ong"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_output(fifo, "Bão số 7 đổ bộ.\n")
    reader.join(10)
    assert got == ["Bão số 7 đổ bộ.\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
