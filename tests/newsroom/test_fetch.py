"""tomtat ingest --feeds FILE --fetch against a real HTTP server on 127.0.0.1: feeds and pages
downloaded, robots.txt obeyed, a slow page timed out, a huge page abandoned, a malformed feed
and a missing page reported one line each, the rest stored; known pages not downloaded again."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from typing import ClassVar

import pytest

from tomtat.cli import main

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>{title} | Báo Thử Nghiệm</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Báo Thử Nghiệm">
<meta property="article:published_time" content="{date}T08:00:00+07:00">
</head><body><nav>Trang chủ | Thời sự | Kinh tế</nav><article><h1>{title}</h1>
{paragraphs}
</article><footer>Bản quyền thuộc Báo Thử Nghiệm</footer></body></html>"""

ARTICLES = {
    "/bai/1.html": (
        "Nghệ An: mưa lớn làm ngập hàng trăm ngôi nhà ở huyện Con Cuông",
        "2025-10-05",
        [
            "Mưa lớn kéo dài từ đêm qua khiến hàng trăm ngôi nhà ở huyện Con Cuông, tỉnh Nghệ An "
            "bị ngập sâu, nhiều tuyến đường bị chia cắt.",
            "Chính quyền huyện Con Cuông đã sơ tán hơn 500 người dân đến nơi an toàn và hỗ trợ "
            "lương thực, nước uống cho các hộ bị ảnh hưởng.",
            "Cơ quan khí tượng dự báo mưa lớn còn kéo dài đến hết ngày mai ở các huyện miền núi.",
        ],
    ),
    "/bai/2.html": (
        "Con Cuông sơ tán hơn 500 người dân vì mưa lũ",
        "2025-10-05",
        [
            "Huyện Con Cuông, tỉnh Nghệ An đã sơ tán hơn 500 người dân khỏi vùng ngập sâu do mưa "
            "lớn kéo dài.",
            "Hàng trăm ngôi nhà bị ngập, nhiều tuyến đường liên xã bị chia cắt, lực lượng cứu hộ "
            "dùng xuồng đưa lương thực tới người dân.",
        ],
    ),
    "/cam/3.html": ("Bài bị robots.txt cấm", "2025-10-05", ["Không được tải trang này."]),
    "/bai/4.html": (
        "Đà Lạt khai mạc lễ hội hoa với hàng nghìn du khách",
        "2025-10-06",
        [
            "Tối qua, thành phố Đà Lạt khai mạc lễ hội hoa lần thứ mười với hàng nghìn du khách "
            "trong và ngoài nước tham dự.",
            "Lễ hội kéo dài một tuần với nhiều hoạt động như diễu hành xe hoa, triển lãm hoa lan "
            "và chợ phiên nông sản Lâm Đồng.",
        ],
    ),
}


def _rss(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Tin {k}</title><link>{base}{link}</link><guid>{base}{link}</guid>"
        f"<pubDate>Sun, 05 Oct 2025 08:00:00 +0700</pubDate><description>Tóm tắt {k}</description></item>"
        for k, link in enumerate(links, 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Báo Thử Nghiệm</title><link>{base}/</link><description>Tin mới</description>"
        f"{items}</channel></rss>"
    )


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []
    user_agents: ClassVar[list[str]] = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8", code: int = 200):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self.wfile.write(body)

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        type(self).user_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/robots.txt":
            self._send(b"User-agent: *\nDisallow: /cam/\n", "text/plain")
        elif self.path == "/rss.xml":
            links = ["/bai/1.html", "/bai/2.html", "/cam/3.html", "/cham.html", "/to.html",
                     "/khong-co.html", "/chuyen", "/to-dan.html"]  # fmt: skip
            self._send(_rss(base, links).encode(), "application/rss+xml")
        elif self.path == "/atom.xml":
            body = (
                '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                "<title>Tin Tây Nguyên</title><id>urn:tay-nguyen</id><updated>2025-10-06T00:00:00Z</updated>"
                f'<entry><title>Lễ hội hoa Đà Lạt</title><link href="{base}/bai/4.html"/>'
                "<id>urn:4</id><updated>2025-10-06T00:00:00Z</updated></entry></feed>"
            )
            self._send(body.encode(), "application/atom+xml")
        elif self.path == "/hong.xml":
            self._send(b"<html><body><p>Trang nay khong phai la feed</p></body></html>")
        elif self.path == "/cham.html":
            time.sleep(3)
            self._send(b"<html><body><p>qua cham</p></body></html>")
        elif self.path == "/to.html":
            self._send(b"<html><body>" + b"<p>rat dai</p>" * 50_000 + b"</body></html>")
        elif self.path == "/to-dan.html":  # no Content-Length: the limit applies while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"<p>" + b"rat dai " * 1000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/chuyen":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path in ARTICLES:
            title, date, paras = ARTICLES[self.path]
            html = PAGE.format(
                title=title, date=date, paragraphs="".join(f"<p>{p}</p>" for p in paras)
            )
            self._send(html.encode("utf-8"))
        else:
            self._send(b"not found", "text/plain", 404)


@pytest.fixture
def server():
    _Handler.requests = []
    _Handler.user_agents = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_feeds_and_pages(server, tmp_path, capsys):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(
        f"# nguồn tin\n{server}/rss.xml\n{server}/hong.xml\n\n{server}/atom.xml  # Tây Nguyên\n"
        f"{server}/khong-co.xml\nftp://127.0.0.1/feed.xml\n",
        encoding="utf-8",
    )
    db = tmp_path / "tin.db"
    args = ["ingest", "--feeds", str(feeds), "--fetch", "--db", str(db), "--timeout", "1",
            "--max-bytes", "100000", "--no-progress", "--no-summaries"]  # fmt: skip
    code = main(args)
    err = capsys.readouterr().err
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.startswith("tomtat: error:")]
    assert any("/cam/3.html: disallowed by robots.txt" in ln for ln in lines)
    assert any("/cham.html: timed out after 1 s" in ln for ln in lines)
    assert any("/to.html" in ln and "limit of 100,000 (--max-bytes)" in ln for ln in lines)
    assert any("/khong-co.html: HTTP 404" in ln for ln in lines)
    assert any("/to-dan.html: more than 100,000 bytes" in ln for ln in lines)
    assert any("/chuyen: HTTP 302" in ln and "not allowed" in ln for ln in lines)
    assert any("/hong.xml: not an RSS or Atom feed" in ln for ln in lines)
    assert any("/khong-co.xml: HTTP 404" in ln for ln in lines)
    assert any(
        "ftp://127.0.0.1/feed.xml" in ln and "only http:// and https://" in ln for ln in lines
    )
    assert len(lines) == 9
    assert "Traceback" not in err
    assert "3 new, 0 duplicate, 9 failed" in err.splitlines()[-1]
    assert "/cam/3.html" not in _Handler.requests  # robots.txt was read first
    assert all(ua.startswith("tomtat/") for ua in _Handler.user_agents)

    from tomtat.newsroom import Store

    with Store.open(str(db)) as store:
        docs = {d.url.rsplit("/", 1)[-1]: d for d in store.articles()}
        assert set(docs) == {"1.html", "2.html", "4.html"}
        assert docs["1.html"].source == "Báo Thử Nghiệm"
        assert docs["1.html"].date == "2025-10-05"
        assert "Con Cuông" in docs["1.html"].text and "Bản quyền" not in docs["1.html"].text
        assert docs["4.html"].title == "Đà Lạt khai mạc lễ hội hoa với hàng nghìn du khách"
        events = store.article_events()
        ids = {k: int(d.id) for k, d in docs.items()}
        assert events[ids["1.html"]] == events[ids["2.html"]] != events[ids["4.html"]]

    # a second run downloads the feeds again but not the pages it has
    _Handler.requests = []
    main(args)
    err = capsys.readouterr().err
    assert "0 new, 3 duplicate" in err.splitlines()[-1]
    assert not {"/bai/1.html", "/bai/2.html", "/bai/4.html"} & set(_Handler.requests)


def test_feeds_need_fetch(tmp_path, capsys):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/rss.xml\n", encoding="utf-8")
    assert main(["ingest", "--feeds", str(feeds), "--db", str(tmp_path / "x.db")]) == 2
    assert "--feeds needs --fetch" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()
