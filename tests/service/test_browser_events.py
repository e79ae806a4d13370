"""The page's events view in a real browser: Debian's headless Chromium driven by Playwright.

Starts the app with a SQLite store in a temporary folder (uvicorn on 127.0.0.1, a free port,
in a thread), stores a few Vietnamese articles written for this test through
``POST /v1/articles``, then opens the events view, searches, opens an event and clicks a
citation marker. Nothing is downloaded: Playwright is pointed at /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from served_app import require_browser, serving

pytestmark = pytest.mark.browser

DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-events.png"
require_browser()
pytest.importorskip("sqlalchemy", reason="the events view needs: pip install 'tomtat[newsroom]'")

# Three made-up events: a flower festival told by three outlets, a warehouse fire told by two,
# and one article alone (whose title carries markup, to be shown as text).
ARTICLES = [
    {
        "id": "hoa-1",
        "title": "Khai mạc Lễ hội Hoa Đà Lạt lần thứ 11 bên hồ Xuân Hương",
        "source": "Báo Lâm Viên",
        "date": "2025-12-20",
        "url": "https://lamvien.example/le-hoi-hoa-da-lat.html",
        "text": "Tối 20/12/2025, Lễ hội Hoa Đà Lạt lần thứ 11 khai mạc tại quảng trường Lâm "
        "Viên bên hồ Xuân Hương. Lễ hội năm nay trưng bày hơn 300 loài hoa và kéo dài đến ngày "
        "5/1/2026. Ông Trần Văn Minh, Chủ tịch UBND tỉnh Lâm Đồng, cho biết Đà Lạt dự kiến đón "
        "khoảng 500.000 lượt khách trong dịp lễ hội.",
    },
    {
        "id": "hoa-2",
        "title": "Đà Lạt rực rỡ sắc hoa trong đêm khai mạc lễ hội",
        "source": "Tin Cao Nguyên",
        "date": "2025-12-21",
        "url": "https://caonguyen.example/da-lat-ruc-ro-sac-hoa.html",
        "text": "Hàng nghìn người dân và du khách đã dự đêm khai mạc Lễ hội Hoa Đà Lạt lần thứ "
        "11 bên hồ Xuân Hương tối 20/12. Hơn 300 loài hoa được trưng bày quanh quảng trường "
        "Lâm Viên. Theo Chủ tịch UBND tỉnh Lâm Đồng Trần Văn Minh, Đà Lạt dự kiến đón khoảng "
        "500.000 lượt khách.",
    },
    {
        "id": "hoa-3",
        "title": "Khách sạn Đà Lạt kín phòng dịp Lễ hội Hoa",
        "source": "Du Lịch Việt",
        "date": "2025-12-22",
        "url": "https://dulichviet.example/khach-san-da-lat-kin-phong.html",
        "text": "Nhiều khách sạn ở trung tâm Đà Lạt đã kín phòng trong dịp Lễ hội Hoa Đà Lạt "
        "lần thứ 11. Lễ hội với hơn 300 loài hoa bên hồ Xuân Hương kéo dài đến ngày 5/1/2026. "
        "Giá phòng tăng khoảng 30% so với ngày thường.",
    },
    {
        "id": "chay-1",
        "title": "Cháy lớn tại kho hàng khu công nghiệp Tân Phú, Long An",
        "source": "Báo Sông Vàm",
        "date": "2025-12-21",
        "url": "https://songvam.example/chay-kho-tan-phu.html",
        "text": "Rạng sáng 21/12, một kho chứa hàng dệt may trong khu công nghiệp Tân Phú, tỉnh "
        "Long An bốc cháy dữ dội. Hơn 80 cảnh sát phòng cháy chữa cháy cùng 15 xe chuyên dụng "
        "được huy động. Đến 9 giờ sáng, đám cháy ở khu công nghiệp Tân Phú được khống chế, "
        "không có thương vong.",
    },
    {
        "id": "chay-2",
        "title": "Long An: khống chế đám cháy kho dệt may ở khu công nghiệp Tân Phú",
        "source": "Tin Miền Nam",
        "date": "2025-12-21",
        "url": "https://tinmiennam.example/long-an-khong-che-dam-chay.html",
        "text": "Lực lượng phòng cháy chữa cháy tỉnh Long An đã khống chế đám cháy kho hàng dệt "
        "may tại khu công nghiệp Tân Phú sau gần bốn giờ. Hơn 80 cảnh sát và 15 xe chữa cháy "
        "tham gia dập lửa. Vụ cháy không gây thương vong, thiệt hại đang được thống kê.",
    },
    {
        "id": "xang",
        "title": 'Giá xăng giảm <img src=x onerror="alert(1)"> từ chiều nay',
        "source": "Kinh Tế Mới",
        "date": "2025-12-18",
        "url": "javascript:alert(2)",
        "text": "Liên Bộ Công Thương - Tài chính điều chỉnh giá xăng dầu từ 15 giờ chiều nay. "
        "Giá xăng RON 95 giảm 420 đồng mỗi lít. Đây là lần giảm thứ ba liên tiếp trong tháng "
        "12.",
    },
]


# a summary sentence as its article writes it: without the date anchors shown apart
SOURCE_TEXT = """li => [...li.querySelector('.s-text').childNodes]
    .filter((n) => !(n.classList && n.classList.contains('date-anchor')))
    .map((n) => n.textContent).join('')"""


def _app(db: str | None) -> object:
    from tomtat.service.app import create_app
    from tomtat.service.config import ServiceConfig

    return create_app(ServiceConfig(warm_up=False, db=db))


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory) -> Iterator[str]:
    """The server with its store, after storing ARTICLES and computing their summaries."""
    db = str(tmp_path_factory.mktemp("tin") / "tin.db")
    app = _app(db)
    with serving(app) as base:
        req = urllib.request.Request(
            base + "/v1/articles",
            data=json.dumps({"articles": ARTICLES}, ensure_ascii=False).encode(),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=120) as r:
            data = json.load(r)
        assert data["new"] == len(ARTICLES), data
        assert app.state.events.wait_idle(180)
        yield base


def _watch(page, base: str) -> tuple[list[str], list[str], list[str]]:
    errors: list[str] = []
    outside: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return errors, outside, dialogs


def _check_lists(page, tmp_path) -> None:
    """The events view's two lists: newest first, most covered first."""
    page.wait_for_selector("#events-view[data-state=home]", timeout=30_000)
    assert page.locator("main.layout").is_hidden()
    # newest first: the festival's last article is of 22/12, the fuel price one of 18/12
    recent = page.locator("#ev-recent .ev-card")
    assert recent.count() == 3
    assert "Đà Lạt" in recent.first.locator(".ev-link").inner_text()
    assert "Giá xăng" in recent.last.locator(".ev-link").inner_text()
    # the markup in a title is text, not an element
    assert '<img src=x onerror="alert(1)">' in recent.last.locator(".ev-link").inner_text()
    assert page.locator("#events-view img").count() == 0
    # most covered first: the festival (3 articles, 3 outlets)
    top = page.locator("#ev-top .ev-card").first
    assert "3 bài · 3 nguồn" in top.locator(".ev-meta").inner_text()
    assert recent.first.locator(".ev-lead").inner_text().strip() not in ("", "(chưa có tóm tắt)")
    page.screenshot(path=str(tmp_path / "events.png"), full_page=True)


def _search(page, text: str) -> None:
    page.locator("#ev-q").fill(text)
    page.locator("#ev-search button").click()


def _check_search(page) -> None:
    from playwright.sync_api import expect

    # a name written in another case
    _search(page, "KHU CÔNG NGHIỆP TÂN PHÚ")
    page.wait_for_selector("#events-view[data-state=search]", timeout=30_000)
    found = page.locator("#ev-found .ev-card")
    assert found.count() == 1
    assert "Tân Phú" in found.first.inner_text()
    assert "1 sự kiện" in page.locator("#ev-status").inner_text()
    _search(page, "núi lửa Iceland")
    expect(page.locator("#ev-status")).to_contain_text("Không có sự kiện nào khớp")
    assert page.locator("#ev-found .ev-card").count() == 0
    page.go_back()  # the previous search comes back
    page.wait_for_selector("#ev-found .ev-card", timeout=30_000)
    _search(page, "đà lạt")
    expect(page.locator("#ev-found .ev-card")).to_have_count(1)
    expect(page.locator("#ev-found .ev-link")).to_contain_text("Hoa")


def _check_summary(detail) -> None:
    assert "Lễ hội Hoa" in detail.locator("h2").inner_text()
    items = detail.locator(".summary li")
    assert items.count() >= 2
    all_text = "\n".join(a["text"] for a in ARTICLES[:3])
    for i in range(items.count()):
        sentence = items.nth(i).evaluate(SOURCE_TEXT)
        assert sentence in all_text  # extractive, Vietnamese intact
        assert items.nth(i).locator("button.cite").count() >= 1
    assert detail.locator(".source").count() == 3


def _check_citation(page, detail, tmp_path) -> None:
    """A sentence backed by several articles: its second marker highlights in another one."""
    multi = detail.locator(".summary li:has(button.cite:nth-of-type(2))").first
    marker = multi.locator("button.cite").nth(1)
    wanted = marker.get_attribute("data-sentences").split(",")
    marker.click()
    lit = detail.locator(".sent.hl, .sent.hl-main")
    assert lit.count() >= 1
    positions = [lit.nth(i).get_attribute("data-position") for i in range(lit.count())]
    assert sorted(positions) == sorted(wanted)
    card = detail.locator(".source").nth(int(marker.inner_text()) - 1)
    assert card.locator(".sent.hl, .sent.hl-main").count() >= 1
    assert multi.evaluate("li => li.classList.contains('active')")
    # docs/screenshot-events.png when TOMTAT_SCREENSHOT=1 (to refresh the docs' picture)
    shot = DOCS_SHOT if os.environ.get("TOMTAT_SCREENSHOT") == "1" else tmp_path / "event.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    marker.click()  # again: unpinned
    page.mouse.move(0, 0)
    assert detail.locator(".sent.hl, .sent.hl-main").count() == 0


def _check_tabs(detail) -> None:
    # timeline: "20/12/2025" and "5/1/2026" resolved; a badge jumps back to the evidence
    detail.locator("button[data-tab=timeline]").click()
    timeline = detail.locator("[data-panel=timeline]")
    assert "20/12/2025" in timeline.inner_text() and "05/01/2026" in timeline.inner_text()
    timeline.locator("button.doc-badge").first.click()
    assert detail.locator("[data-panel=summary]").is_visible()
    assert detail.locator(".sent.hl, .sent.hl-main").count() >= 1
    # entities in Vietnamese
    detail.locator("button[data-tab=entities]").click()
    entities = detail.locator("[data-panel=entities]").inner_text()
    assert "Đà Lạt" in entities and "Địa danh" in entities
    # sources: every outlet with its article, linked
    detail.locator("button[data-tab=sources]").click()
    sources = detail.locator("[data-panel=sources]")
    for outlet in ("Báo Lâm Viên", "Tin Cao Nguyên", "Du Lịch Việt"):
        assert outlet in sources.inner_text()
    assert sources.locator("a[href='https://lamvien.example/le-hoi-hoa-da-lat.html']").count() == 1


def test_events_view_search_event_page_and_a_citation(newsroom, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1360, "height": 1000})
    errors, outside, dialogs = _watch(page, newsroom)
    page.goto(newsroom + "/")
    page.locator("#nav-events").click()
    _check_lists(page, tmp_path)
    _check_search(page)
    page.locator("#ev-found .ev-link").first.click()
    page.wait_for_selector("#events-view[data-state=event]", timeout=60_000)
    detail = page.locator("#ev-detail")
    _check_summary(detail)
    _check_citation(page, detail, tmp_path)
    _check_tabs(detail)
    detail.locator(".ev-back").click()  # the back link returns to the list
    page.wait_for_selector("#events-view[data-state=home]", timeout=30_000)
    assert errors == [] and outside == [] and dialogs == []
    page.close()


def test_a_javascript_url_is_never_a_link(newsroom, browser):
    page = browser.new_page()
    errors, outside, dialogs = _watch(page, newsroom)
    page.goto(newsroom + "/#/su-kien?q=RON+95")
    page.wait_for_selector("#events-view[data-state=search]", timeout=30_000)
    page.locator("#ev-found .ev-link").first.click()
    page.wait_for_selector("#events-view[data-state=event]", timeout=60_000)
    page.locator("#ev-detail button[data-tab=sources]").click()
    panel = page.locator("#ev-detail [data-panel=sources]")
    assert "Giá xăng giảm <img" in panel.inner_text()
    assert panel.locator("a").count() == 0  # javascript:alert(2) is shown as no link at all
    assert page.locator("#ev-detail img").count() == 0
    assert errors == [] and outside == [] and dialogs == []
    page.close()


def test_events_view_at_phone_width(newsroom, browser, tmp_path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    errors, outside, _ = _watch(page, newsroom)
    page.goto(newsroom + "/#/su-kien")
    page.wait_for_selector("#events-view[data-state=home]", timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "events-phone.png"), full_page=True)
    page.locator("#ev-recent .ev-link").first.click()
    page.wait_for_selector("#events-view[data-state=event]", timeout=60_000)
    for tab in ("summary", "timeline", "entities", "sources"):
        page.locator(f"#ev-detail button[data-tab={tab}]").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, tab
    page.screenshot(path=str(tmp_path / "event-phone.png"), full_page=True)
    print("phone screenshots in", tmp_path)
    assert errors == [] and outside == []
    page.close()


def test_without_a_store_the_view_says_how_to_start_one(browser):
    from playwright.sync_api import expect

    with serving(_app(None)) as base:
        page = browser.new_page()
        page.goto(base + "/#/su-kien")
        page.wait_for_selector("#events-view[data-state=error]", timeout=30_000)
        assert "tomtat serve --db" in page.locator("#ev-status").inner_text()
        page.goto(base + "/#/su-kien/7")
        # the view is in its error state already: wait for the detail's own message (a hash
        # change loads it asynchronously; under load the first check came too early)
        expect(page.locator("#ev-detail")).to_contain_text("kho sự kiện", timeout=30_000)
        # the summarize view is still there
        page.locator("#nav-summarize").click()
        expect(page.locator("main.layout")).to_be_visible()
        expect(page.locator("#events-view")).to_be_hidden()
        page.close()
