"""Metadata that tries to become markup or terminal commands (issue 19, items 6 and 7).

Before: a document id holding blank lines put a raw ``<img src=x onerror=...>`` HTML block into
``--format markdown`` (CLI and HTTP, summary and report): the id's code span ended at the blank
line and the rest was a new block; a URL holding a newline smuggled a ``javascript:`` link; file
names, cluster ids and URLs reached the terminal with their escape sequences (``\\x1b[2J``
clears the screen) in warnings, error lines and Markdown footnotes.

The Markdown is checked by rendering it with markdown-it-py (CommonMark, raw HTML allowed, as
a careless viewer would): no element other than what tomtat writes may appear.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tomtat.engine import summarize
from tomtat.io.write import md_code, md_meta, md_url, render_summary
from tomtat.model import Document
from tomtat.pipeline import build_cluster

BAO = "Bão số 7 đổ bộ vào Quảng Ngãi rạng sáng thứ Hai. Gió giật mạnh làm tốc mái hàng nghìn ngôi nhà."
MUA = "Bão số 7 gây mưa lớn ở Quảng Ngãi. Nước sông Trà Khúc vượt báo động 3 chiều thứ Hai."
IMG = "<img src=x onerror=alert(1)>"
EVIL_ID = f"a\n\n{IMG}\n\nb"
EVIL_URL = "https://bao.vn/a\n[bấm vào đây](javascript:alert(1))"
ESC = "\x1b]0;owned\x07\x1b[2J"  # set the window title, clear the screen
EVIL_DOCS = [
    {
        "id": EVIL_ID,
        "title": f"Tin\n\n{IMG}",
        "source": f"Báo\n\n{IMG}",
        "text": BAO,
        "url": EVIL_URL,
    },
    {"id": f"c{ESC}", "text": MUA, "url": f"https://x.vn/{ESC}", "source": f"Tin{ESC}"},
]


def html_of(markdown: str) -> str:
    markdown_it = pytest.importorskip("markdown_it", reason="pip install markdown-it-py")
    return markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)


def assert_inert(markdown: str) -> None:
    html = html_of(markdown)
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= {"p", "strong", "code", "a", "ul", "li", "h1", "h2", "h3", "em", "table",
                    "thead", "tbody", "tr", "th", "td", "br", "hr"}, (tags, html)  # fmt: skip
    assert "onerror" not in html.replace("onerror=alert(1)&gt;", "")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.lower().startswith(("https://", "http://")) for h in hrefs), hrefs
    assert "\x1b" not in markdown and "\x07" not in markdown


def tomtat(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tomtat", *args],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        env=os.environ.copy(),
    )


def test_the_attack_works_on_a_careless_renderer() -> None:
    # the test renderer does pass raw HTML and javascript: links through (a test that can fail)
    html = html_of(f"`a\n\n{IMG}\n\n` [x](javascript:alert(1))")
    assert "<img src=x onerror" in html


@pytest.mark.parametrize("command", ["summarize", "report"])
def test_markdown_from_the_cli_is_inert(tmp_path: Path, command: str) -> None:
    src = tmp_path / "cum.json"
    src.write_text(json.dumps({"id": f"cum\n\n{IMG}", "documents": EVIL_DOCS}), encoding="utf-8")
    proc = tomtat(command, str(src), "--format", "markdown", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    markdown = proc.stdout.decode("utf-8")
    assert_inert(markdown)
    assert "bấm vào đây" not in markdown or "\\[bấm vào đây\\]" in markdown or "%20" in markdown


def test_report_html_keeps_ids_on_one_line(tmp_path: Path) -> None:
    src = tmp_path / "cum.json"
    src.write_text(json.dumps({"id": f"cum{ESC}", "documents": EVIL_DOCS}), encoding="utf-8")
    proc = tomtat("report", str(src), "--format", "html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = proc.stdout.decode("utf-8")
    assert "<img" not in page and "\x1b" not in page and "\x07" not in page


def test_markdown_over_http_is_inert() -> None:
    pytest.importorskip("fastapi", reason="the service needs: pip install 'tomtat[serve]'")
    from fastapi.testclient import TestClient

    from tomtat.service.app import create_app

    with TestClient(
        create_app(), base_url="http://localhost", raise_server_exceptions=False
    ) as client:
        body = {"id": f"cum\n\n{IMG}", "documents": EVIL_DOCS, "format": "markdown"}
        response = client.post("/v1/summarize", json=body)
        assert response.status_code == 200, response.text
        assert_inert(response.text)


def test_footnote_metadata_functions() -> None:
    assert md_code(EVIL_ID) == f"`a {IMG} b`"
    assert md_code("`\n`") == ""
    assert md_meta(f"Tin\n\n{IMG}") == "Tin \\<img src=x onerror=alert(1)\\>"
    assert md_url(EVIL_URL) == "<https://bao.vn/a%20[bấm%20vào%20đây](javascript:alert(1))>"
    assert md_url("javascript:alert(1)") == "javascript:alert(1)"
    assert md_url("java\nscript:alert(1)") == "java script:alert(1)"
    assert md_url("https://x.vn/\x1b[2J") == "<https://x.vn/[2J>"
    assert md_url("https://") == "https://"  # no host: text


def test_markdown_urls_are_links_only_for_web_addresses() -> None:
    docs = [
        Document(id="a", text=BAO, url="HTTPS://bao.vn/bai-1"),
        Document(id="b", text=MUA, url="data:text/html,<script>alert(1)</script>"),
    ]
    cluster = build_cluster(docs, "c")
    markdown = render_summary(summarize(cluster, "lead", max_words=60), cluster, "markdown")
    assert "<HTTPS://bao.vn/bai-1>" in markdown
    assert_inert(markdown)


def test_terminal_escapes_never_reach_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "bai"
    folder.mkdir()
    (folder / "tot.txt").write_text(BAO, encoding="utf-8")
    (folder / f"hong{ESC}.txt").write_bytes(b"\x00\x01\x02 binary \xff\xfe")  # skipped: warning
    (folder / f"la{ESC}.pdf").write_text("x", encoding="utf-8")  # unsupported: warning
    proc = tomtat("summarize", str(folder), cwd=tmp_path)
    assert proc.returncode == 0
    err = proc.stderr.decode("utf-8")
    assert err.count("tomtat: warning:") == 2 and "\\x1b]0;owned\\x07\\x1b[2J" in err
    assert "\x1b" not in err and "\x07" not in err
    # an error line (a missing path) and batch's error lines (a cluster id)
    missing = tomtat("summarize", str(tmp_path / f"khong-co{ESC}\nHai"), cwd=tmp_path)
    err = missing.stderr.decode("utf-8")
    assert missing.returncode == 1 and "\x1b" not in err and err.count("\n") == 1
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": f"x{ESC}", "documents": [{"id": "a", "text": ""}]}) + "\n",
        encoding="utf-8",
    )
    batch = tomtat("batch", str(src), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    err = batch.stderr.decode("utf-8")
    assert batch.returncode == 1 and "line 1" in err and "\x1b" not in err and "\x07" not in err


def test_json_output_escapes_what_a_terminal_obeys(tmp_path: Path) -> None:
    src = tmp_path / "cum.json"
    docs = [{"id": "a\x9b2J\u202e", "text": BAO}, {"id": "b", "text": MUA}]
    src.write_text(json.dumps({"id": "c\x7f", "documents": docs}), encoding="utf-8")
    proc = tomtat("summarize", str(src), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    assert "\x9b" not in out and "\u202e" not in out and "\x7f" not in out
    assert "\\u009b" in out
    data = json.loads(out)  # the same values, escaped
    assert data["id"] == "c\x7f" and "a\x9b2J\u202e" in {s["doc_id"] for s in data["sentences"]}
