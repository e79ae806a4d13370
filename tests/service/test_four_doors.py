"""One reading path (issue 15): the same articles give the same summary through the CLI (a
subprocess), the Python API, HTTP (a real uvicorn server on 127.0.0.1) and the web page (real
Chromium). Each door gets the articles the way a user would give them there: files for the CLI,
``Document`` objects for the API, JSON for HTTP, pasted text for the page. Nothing tells any
door that the third article is HTML or that the first lines are headlines, and no length is
asked for: the one default length applies everywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from served_app import chromium, has_chromium

from tomtat import Document, build_cluster, summarize
from tomtat.limits import DEFAULT_MAX_WORDS

# Plain text with the headline on its first line (as a .txt file), and an HTML page.
ARTICLES = {
    "vinh-ha-long": (
        "Tàu du lịch mắc cạn trên vịnh Hạ Long, 126 khách an toàn\n"
        "Khoảng 21h ngày 6/4/2025, tàu du lịch Sao Biển chở 126 hành khách mắc cạn gần hòn "
        "Đầu Người trên vịnh Hạ Long.\n"
        "Lực lượng cứu hộ đã đưa toàn bộ hành khách lên hai tàu khác sau gần ba giờ.\n"
        "Theo thuyền trưởng, sương mù dày khiến tàu đi lệch luồng khoảng 200 mét.\n"
        "Cảng vụ Quảng Ninh đã tạm đình chỉ hoạt động của tàu để điều tra nguyên nhân.\n"
    ),
    "cuu-ho": (
        "Cứu 126 người trên tàu mắc cạn ở Hạ Long\n"
        "Tối 6/4, tàu Sao Biển chở 126 du khách bị mắc cạn trên vịnh Hạ Long.\n"
        "Sau gần ba giờ, toàn bộ hành khách được đưa sang hai tàu khác an toàn.\n"
        "Một hành khách người Pháp cho biết mọi người giữ bình tĩnh và mặc áo phao.\n"
        "Cảng vụ Quảng Ninh đình chỉ hoạt động của tàu Sao Biển để làm rõ nguyên nhân.\n"
    ),
    "trang-web": (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Sương mù khiến tàu Sao Biển mắc cạn | Báo Vịnh</title>"
        '<meta property="og:title" content="Sương mù khiến tàu Sao Biển mắc cạn">'
        '</head><body><div class="breadcrumb"><a href="/">Trang chủ</a> › '
        '<a href="/xa-hoi">Xã hội</a></div><article><h1>Sương mù khiến tàu Sao Biển mắc '
        "cạn</h1><p>Sương mù dày đặc là nguyên nhân ban đầu khiến tàu Sao Biển đi lệch luồng và "
        "mắc cạn tối 6/4 trên vịnh Hạ Long.</p><p>Tàu chở 126 hành khách, trong đó có 48 người "
        "nước ngoài, và không ai bị thương.</p><p>Cơ quan chức năng yêu cầu các chủ tàu theo dõi "
        "dự báo thời tiết trước mỗi chuyến đi đêm.</p><p>Tàu sẽ được kéo về cảng Tuần Châu khi "
        "thủy triều lên vào sáng hôm sau.</p></article><footer>Bản quyền Báo Vịnh</footer>"
        "</body></html>"
    ),
}


def _texts(sentences) -> list[str]:
    return [s["text"] if isinstance(s, dict) else s.text for s in sentences]


def test_python_api_reads_html_and_headlines(tmp_path):
    cluster = build_cluster([Document(k, v) for k, v in ARTICLES.items()], "tau")
    titles = [d.title for d in cluster.documents]
    assert titles == [
        "Tàu du lịch mắc cạn trên vịnh Hạ Long, 126 khách an toàn",
        "Cứu 126 người trên tàu mắc cạn ở Hạ Long",
        "Sương mù khiến tàu Sao Biển mắc cạn",
    ]
    assert not any("<" in s.text or "breadcrumb" in s.text for s in cluster.sentences)


def _cli(tmp_path: Path) -> list[str]:
    folder = tmp_path / "bai"
    folder.mkdir()
    for i, (name, text) in enumerate(ARTICLES.items()):
        # the HTML page is saved as .txt: the CLI must see it is HTML by its content
        (folder / f"{i + 1}-{name}.txt").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tomtat", "summarize", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
        check=True,
    )
    return _texts(json.loads(done.stdout)["sentences"])


def _http(server: str) -> list[str]:
    body = {"id": "tau", "documents": [{"id": k, "text": v} for k, v in ARTICLES.items()]}
    req = urllib.request.Request(
        server + "/v1/summarize",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        data = json.loads(r.read())
    assert data["max_words"] == DEFAULT_MAX_WORDS
    return _texts(data["sentences"])


def _page(server: str) -> list[str]:
    pytest.importorskip("playwright.sync_api")
    with chromium() as browser:  # the browser set-up of the page tests
        page = browser.new_page()
        page.goto(server + "/")
        page.locator("#method option").nth(1).wait_for(state="attached")
        assert page.locator("#max-words").input_value() == str(DEFAULT_MAX_WORDS)
        cards = page.locator(".article")
        for i, text in enumerate(ARTICLES.values()):
            cards.nth(i).locator(".a-text").fill(text)  # pasted; title left empty
        page.locator("#submit").click()
        page.wait_for_selector("body[data-state=summarized]", timeout=60_000)
        items = page.locator("#summary li .s-text")
        return [items.nth(i).text_content() or "" for i in range(items.count())]


def test_four_doors_give_the_same_summary(server, tmp_path):
    api = _texts(
        summarize(build_cluster([Document(k, v) for k, v in ARTICLES.items()], "tau")).sentences
    )
    assert len(api) >= 3 and not any("<" in t or "Trang chủ" in t for t in api)
    assert _cli(tmp_path) == api
    assert _http(server) == api
    if not has_chromium():
        pytest.skip("no Chromium for the page door")
    assert _page(server) == api
