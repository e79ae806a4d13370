"""The web page in a real browser: Debian's headless Chromium driven by Playwright.

Starts ``tomtat serve``'s app with uvicorn on 127.0.0.1 (a free port, in a thread), pastes
three articles, submits, checks the cited summary and that a citation marker highlights its
source sentence, and saves docs/screenshot.png. Nothing is downloaded: Playwright is pointed
at /usr/bin/chromium (CI installs Debian's ``chromium`` package).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from served_app import require_browser

pytestmark = pytest.mark.browser

# The page's screenshot goes to docs/screenshot.png when TOMTAT_SCREENSHOT=1 (to refresh the
# README's picture); otherwise to the test's temporary directory, so a test run leaves the
# work tree unchanged.
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
require_browser()


# a summary sentence as its article writes it: the page shows date anchors apart
_SOURCE_TEXT = """li => [...li.querySelector('.s-text').childNodes]
    .filter((n) => !(n.classList && n.classList.contains('date-anchor')))
    .map((n) => n.textContent).join('')"""


def _paste_three_articles(page, articles: list[dict]) -> None:
    cards = page.locator(".article")
    assert cards.count() == 3  # the page opens with three empty articles
    for i, art in enumerate(articles):
        card = cards.nth(i)
        card.locator(".a-title").fill(art["title"])
        card.locator(".a-source").fill(art["source"])
        card.locator(".a-date").fill(art["date"])
        card.locator(".a-text").fill(art["text"])
        card.locator(".a-text").evaluate("t => { t.scrollTop = 0; }")  # screenshot: show the top


def test_paste_summarize_and_follow_a_citation(server, browser, cluster, tmp_path):
    articles = cluster()["documents"]
    page = browser.new_page(viewport={"width": 1360, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))

    page.goto(server + "/")
    assert page.title().startswith("tomtat")
    page.locator("#method option").nth(1).wait_for(state="attached")
    _paste_three_articles(page, articles)
    page.locator("#max-words").fill("80")
    page.locator("#submit").click()
    page.wait_for_selector("body[data-state=summarized]", timeout=30_000)

    items = page.locator("#summary li")
    assert items.count() >= 2
    all_text = "\n".join(a["text"] for a in articles)
    for i in range(items.count()):
        sentence = items.nth(i).evaluate(_SOURCE_TEXT)
        assert sentence in all_text  # extractive, and shown verbatim (Vietnamese intact)
        assert items.nth(i).locator("button.cite").count() >= 1
    assert page.locator("#sources .source").count() == 3
    assert "Tàu du lịch Sao Biển" in page.locator("#sources .source").first.inner_text()

    # a sentence backed by several articles: its second marker points into another article
    multi = page.locator("#summary li:has(button.cite:nth-of-type(2))").first
    marker = multi.locator("button.cite").nth(1)
    wanted = marker.get_attribute("data-sentences").split(",")
    marker.click()
    highlighted = page.locator(".sent.hl, .sent.hl-main")
    assert highlighted.count() >= 1
    positions = [
        highlighted.nth(i).get_attribute("data-position") for i in range(highlighted.count())
    ]
    assert sorted(positions) == sorted(wanted)
    doc_number = marker.inner_text()
    source_card = page.locator("#sources .source").nth(int(doc_number) - 1)
    assert source_card.locator(".sent.hl, .sent.hl-main").count() >= 1
    assert multi.evaluate("li => li.classList.contains('active')")
    # the click shows the evidence: that article's sentence, quoted with its title and outlet
    evidence = multi.locator("figure.evidence")
    assert evidence.count() == 1
    quoted = evidence.locator("blockquote").inner_text()
    assert quoted == source_card.locator(".sent.hl, .sent.hl-main").first.inner_text()
    cited = articles[int(doc_number) - 1]
    assert cited["title"] in evidence.locator("figcaption").inner_text()
    assert cited["source"] in evidence.locator("figcaption").inner_text()
    assert marker.get_attribute("aria-expanded") == "true"

    shot = DOCS_SCREENSHOT if os.environ.get("TOMTAT_SCREENSHOT") == "1" else tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # clicking again unpins: no highlight and no evidence left
    marker.click()
    page.mouse.move(0, 0)
    assert page.locator(".sent.hl, .sent.hl-main").count() == 0
    assert page.locator("figure.evidence").count() == 0
    assert errors == [] and outside == []
    page.close()


def test_markup_in_an_article_is_shown_as_text(server, browser):
    page = browser.new_page(viewport={"width": 900, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/")
    evil = (
        'Tin nóng <img src=x onerror="alert(1)"> về <script>alert("xss")</script> '
        "cơn bão số 3 đổ bộ Quảng Ninh."
    )
    page.locator(".article .a-text").first.fill(evil)
    page.locator("#submit").click()
    page.wait_for_selector("body[data-state=summarized]", timeout=30_000)
    assert page.locator("#result img, #result script").count() == 0
    assert "<script>" in page.locator("#summary").inner_text()
    assert "<img" in page.locator(".source-text").first.inner_text()
    assert dialogs == []
    page.close()


def test_error_is_shown_to_the_user(server, browser):
    page = browser.new_page()
    page.goto(server + "/")
    page.locator("#submit").click()  # nothing pasted
    assert "ít nhất một bài" in page.locator("#status").inner_text()
    page.locator(".article .a-text").first.fill("Một câu ngắn.")
    page.locator("#method option").nth(1).wait_for(state="attached")
    page.evaluate(  # a method the server does not know: its error message reaches the user
        "const s = document.getElementById('method'); s.add(new Option('gpt', 'gpt')); s.value = 'gpt'"
    )
    page.locator("#submit").click()
    page.locator("#status.error").wait_for()
    assert "unknown method 'gpt'" in page.locator("#status").inner_text()
    page.close()


def test_phone_width_has_no_horizontal_scroll(server, browser, cluster, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(server + "/")
    _paste_three_articles(page, cluster()["documents"])
    page.locator("#submit").click()
    page.wait_for_selector("body[data-state=summarized]", timeout=30_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    print("phone screenshot:", tmp_path / "phone.png")
    page.close()


def test_api_docs_render_offline(server, browser):
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.goto(server + "/docs")
    page.locator(".opblock-summary-path", has_text="/v1/summarize").first.wait_for(timeout=15_000)
    assert outside == []
    page.close()


@pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("tomtat.analyze.report") is None,
    reason="tomtat.analyze.report has not landed",
)
def test_report_tabs_show_timeline_entities_and_sources(server, browser, cluster, tmp_path):
    page = browser.new_page(viewport={"width": 1360, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.locator("#method option").nth(1).wait_for(state="attached")
    _paste_three_articles(page, cluster()["documents"])
    page.locator("#submit").click()
    page.wait_for_selector("body[data-state=summarized]", timeout=30_000)

    page.locator("#tab-btn-timeline").click()
    items = page.locator("#tab-timeline .tl-item")
    items.first.wait_for(timeout=30_000)
    assert "2025-04-06" in page.locator("#tab-timeline").inner_text()  # "ngày 6/4/2025", "tối 6/4"
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
    # a source badge of an entry jumps back to the articles with its sentence highlighted
    page.locator("#tab-timeline button.doc-badge").first.click()
    assert page.locator("#tab-summary").is_visible()
    assert page.locator(".sent.hl, .sent.hl-main").count() >= 1

    page.locator("#tab-btn-entities").click()
    entities = page.locator("#tab-entities").inner_text()
    assert "Quảng Ninh" in entities and "Địa danh" in entities  # LOC, shown in Vietnamese
    page.screenshot(path=str(tmp_path / "entities.png"), full_page=True)

    page.locator("#tab-btn-sources").click()
    assert page.locator("#tab-sources .source").count() == 3
    assert "Đóng góp cho bản tóm tắt" in page.locator("#tab-sources").inner_text()
    page.screenshot(path=str(tmp_path / "sources.png"), full_page=True)
    print("report screenshots in", tmp_path)
    assert errors == []
    page.close()
