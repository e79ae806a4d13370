"""Citations in every output: plain text markers and source list, ``--format plain`` for
pipes, an HTML report in Vietnamese that quotes what it cites and keeps article links."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tomtat.analyze.render import render_html, render_markdown
from tomtat.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bao-nalusa"
URL = "https://tinnhanh.example/thoi-su/ha-noi-khoi-cong-metro-so-5.html"
CLUSTER = {
    "id": "metro-so-5",
    "documents": [
        {
            "id": "tin-nhanh",
            "title": "Hà Nội khởi công tuyến metro số 5",
            "source": "Tin Nhanh",
            "date": "2025-03-02",
            "url": URL,
            "text": "Sáng 2/3, Hà Nội khởi công tuyến đường sắt đô thị số 5 dài gần 39 km. "
            "Tuyến đi qua bốn quận và dự kiến hoàn thành năm 2030. "
            "Tổng vốn đầu tư của dự án khoảng 65.000 tỷ đồng.",
        },
        {
            "id": "bai-khong-ten",
            "text": "Hà Nội đã khởi công tuyến đường sắt đô thị số 5 dài gần 39 km vào sáng 2/3. "
            "Dự án có tổng vốn đầu tư khoảng 65.000 tỷ đồng. "
            "Người dân ven tuyến mong công trình sớm hoàn thành.",
        },
    ],
}


@pytest.fixture
def cluster_file(tmp_path: Path) -> Path:
    path = tmp_path / "metro.json"
    path.write_text(json.dumps(CLUSTER, ensure_ascii=False), encoding="utf-8")
    return path


def _visible(page: str) -> str:
    body = page[page.index("<body>") :]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_text_output_has_markers_and_a_short_source_list(capsys):
    assert main(["summarize", str(EXAMPLE), "--max-words", "80"]) == 0
    out = capsys.readouterr().out
    body, _, listing = out.partition("\n\nNguồn:\n")
    assert body and listing
    cited: set[str] = set()
    for line in body.splitlines():
        marker = re.search(r" \[(\d+(?:,\d+)*)\]$", line)
        assert marker, line
        cited.update(marker.group(1).split(","))
    rows = listing.splitlines()
    assert [r.split("]")[0].lstrip("[") for r in rows] == sorted(cited, key=int)
    assert any(r.startswith("[2] Báo Sông Trà, 2024-11 — Quảng Ngãi oằn mình") for r in rows)


def test_plain_format_is_the_bare_sentences(capsys):
    assert main(["summarize", str(EXAMPLE), "--max-words", "80", "--format", "plain"]) == 0
    plain = capsys.readouterr().out
    assert "Nguồn:" not in plain and not re.search(r" \[\d+(?:,\d+)*\]$", plain, flags=re.M)
    assert main(["summarize", str(EXAMPLE), "--max-words", "80"]) == 0
    text = capsys.readouterr().out
    stripped = [re.sub(r" \[[\d,]+\]$", "", line) for line in text.split("\n\n")[0].splitlines()]
    assert "\n".join(stripped) + "\n" == plain


def test_text_source_list_keeps_the_url_and_names_an_untitled_article_by_id(cluster_file, capsys):
    assert main(["summarize", str(cluster_file), "--max-words", "60"]) == 0
    listing = capsys.readouterr().out.split("Nguồn:\n")[1].splitlines()
    assert f"[1] Tin Nhanh, 2025-03-02 — Hà Nội khởi công tuyến metro số 5 — {URL}" in listing
    assert "[2] bai-khong-ten" in listing


def test_html_report_is_vietnamese_quotes_and_links(cluster_file, tmp_path, capsys):
    out = tmp_path / "bao-cao.html"
    assert main(["report", str(cluster_file), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    text = _visible(page)
    for english in ("high", "medium", "low", "TERM", "PER", "LOC", "ORG", "MISC"):
        assert not re.search(rf"\b{english}\b", text), english
    assert not re.search(r"\b0\.\d\d\b", text)  # no bare confidence numbers
    assert re.search(r"chắc chắn|khá chắc|ước đoán", text)
    assert f'<a href="{URL}"' in page
    report = json.loads(
        (main(["report", str(cluster_file), "--format", "json", "-o", str(tmp_path / "r.json")]))
        or (tmp_path / "r.json").read_text(encoding="utf-8")
    )
    quoted = 0
    for s in report["summary"]["sentences"]:  # another source's sentence is quoted under it
        for ev in s.get("evidence", []):
            if ev["doc_id"] != s["doc_id"]:
                assert f"<blockquote>{html.escape(ev['text'])}</blockquote>" in page
                quoted += 1
    assert quoted >= 1
    item = re.search(r'<li id="doc-2">.*?</li>', page).group(0)
    assert item.count("bai-khong-ten") == 1  # the untitled article's id, once


def _report_data() -> dict:
    return {
        "id": "x",
        "summary": {"sentences": []},
        "timeline": [],
        "entities": [
            {"name": "phi đạn", "type": "TERM", "count": 2, "variants": [], "sources": ["a"]},
            {"name": "Điều gì đó", "type": "MISC", "count": 1, "variants": [], "sources": ["a"]},
        ],
        "aliases": [],
        "sources": {},
        "meta": {"documents": [{"id": "a", "title": "", "source": "", "date": None, "url": ""}]},
    }


def test_entity_types_are_translated():
    page = render_html(_report_data())
    assert "Thuật ngữ" in page and "Khác" in page
    assert ">TERM<" not in page and ">MISC<" not in page
    assert "| phi đạn | Thuật ngữ |" in render_markdown(_report_data())


def test_markdown_footnote_gives_an_id_once():
    md = render_markdown(_report_data())
    assert md.rstrip().splitlines()[-1] == "[^1]: `a`"


def test_a_date_conflict_names_the_other_date_not_its_id():
    data = _report_data()
    row = {
        "date_text": ["hôm thứ Hai"],
        "confidence": 0.4,
        "confidence_label": "low",
        "text": "Tàu mắc cạn hôm thứ Hai.",
        "sources": ["a"],
    }
    data["timeline"] = [
        {**row, "id": "t1", "date": "2025-04-06", "conflicts": [{"id": "t2"}]},
        {**row, "id": "t2", "date": "2025-04-07", "conflicts": [{"id": "t1"}]},
    ]
    md = render_markdown(data)
    assert "⚠ mâu thuẫn với mốc 2025-04-07" in md and "ước đoán" in md
    assert "mốc t2" not in md
    page = render_html(data)
    assert '⚠ mâu thuẫn với mốc <a href="#t2">2025-04-07</a>' in page
