"""The HTTP API through FastAPI's test client: every endpoint and every error path."""

from __future__ import annotations

import importlib.util
import json
import re
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the service needs: pip install 'tomtat[serve]'")

import tomtat.service
from tomtat.errors import LimitError, TomtatError
from tomtat.service.config import ServiceConfig

STATIC = Path(tomtat.service.__file__).with_name("static")


def error_of(response) -> dict:
    data = response.json()
    assert set(data) == {"error"}, data
    assert isinstance(data["error"]["code"], str) and data["error"]["message"]
    assert "Traceback" not in response.text
    return data["error"]


# ---------------------------------------------------------------- meta endpoints


def test_healthz_is_ready_after_start_up(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["ready"] is True


def test_methods_come_from_the_registry(client):
    from tomtat.engine import available_methods

    r = client.get("/v1/methods")
    assert r.status_code == 200
    data = r.json()
    names = {m["name"]: m["description"] for m in data["methods"]}
    assert names == available_methods()
    assert data["default"] in names
    assert data["limits"] == {
        "max_body_bytes": 200_000,
        "max_documents": 5,
        "max_chars": 5_000,
        "max_words": 500,
    }
    assert data["report"] is True


def test_openapi_documents_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/summarize", "/v1/report", "/v1/methods", "/healthz"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200
    if importlib.util.find_spec("swagger_ui_bundle") is not None:  # the serve extra has it
        assert "/docs-assets/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
        assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


# ---------------------------------------------------------------- summarize


def test_summarize_matches_the_cli_json(client, cluster):
    from tomtat.engine import summarize
    from tomtat.io.write import summary_to_dict
    from tomtat.service.payload import cluster_from_record

    body = cluster(max_words=60)
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 200, r.text
    data = r.json()
    expected = summary_to_dict(
        summarize(
            cluster_from_record(body, max_documents=10, max_chars=10_000),
            method="default",
            max_words=60,
        )
    )
    assert data == expected
    assert data["id"] == "sao-bien" and data["method"] == "default" and data["max_words"] == 60
    assert sum(len(s["text"].split()) for s in data["sentences"]) <= 60
    ids = {d["id"] for d in body["documents"]}
    texts = {d["id"]: d["text"] for d in body["documents"]}
    for s in data["sentences"]:
        assert s["text"] in texts[s["doc_id"]]  # extractive: a sentence of its own article
        assert set(s["sources"]) <= ids and s["doc_id"] in s["sources"]


def test_summarize_with_sources_gives_offsets_to_highlight(client, cluster):
    r = client.post("/v1/summarize", json=cluster(max_words=80, include_sources=True))
    assert r.status_code == 200, r.text
    data = r.json()
    docs = {d["id"]: d for d in data["documents"]}
    assert [d["number"] for d in data["documents"]] == [1, 2, 3]
    by_position = {}
    for d in data["documents"]:
        for s in d["sentences"]:
            by_position[s["position"]] = d["text"][s["start"] : s["end"]]
    assert len(by_position) >= 15  # 5 sentences per article
    for s in data["sentences"]:
        assert by_position[s["position"]] == _source_text(s)
        cited = [c for c in s["citations"] if c["sentence"] == s["position"]]
        assert cited and cited[0]["doc_id"] == s["doc_id"]
        for c in s["citations"]:
            assert c["doc_id"] in docs and c["sentence"] in by_position
            assert 0.0 <= c["similarity"] <= 1.0
        assert {c["doc_id"] for c in s["citations"]} >= set(s["sources"])
        # the evidence of each source is the cited sentence, found at its offsets
        assert [e["doc_id"] for e in s["evidence"]] == s["sources"]
        for e in s["evidence"]:
            assert by_position[e["sentence"]] == e["text"]
            assert docs[e["doc_id"]]["text"][e["start"] : e["end"]] == e["text"]
    # the rescue of all 126 passengers is told by all three outlets: some sentence says so
    assert any(len({c["doc_id"] for c in s["citations"]}) >= 2 for s in data["sentences"])


def test_summarize_vietnamese_survives_the_round_trip(client):
    body = {"documents": [{"text": "Thủ tướng thăm Đồng bằng sông Cửu Long hôm thứ Hai."}]}
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["sentences"][0]["text"] == "Thủ tướng thăm Đồng bằng sông Cửu Long hôm thứ Hai."
    assert r.json()["sentences"][0]["doc_id"] == "d1"  # missing ids are numbered


def test_an_empty_article_among_good_ones_is_skipped_with_a_warning(client, cluster):
    body = cluster(max_words=40, include_sources=True)
    body["documents"].append({"id": "trong", "title": "Bài trống", "text": "  \n  "})
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 200, r.text
    data = r.json()
    assert [d["id"] for d in data["documents"]] == ["thoi-su", "bien-dong", "mien-bac"]
    assert len(data["warnings"]) == 1 and "'trong'" in data["warnings"][0]


@pytest.mark.parametrize(("fmt", "media"), [("markdown", "text/markdown"), ("text", "text/plain")])
def test_summarize_renders_markdown_and_text(client, cluster, fmt, media):
    from tomtat.engine import summarize
    from tomtat.io.write import render_summary
    from tomtat.service.payload import cluster_from_record

    body = cluster(max_words=50, format=fmt, method="lead")
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    c = cluster_from_record(body, max_documents=10, max_chars=10_000)
    assert r.text == render_summary(summarize(c, method="lead", max_words=50), c, fmt)


def test_every_registered_method_answers(client, cluster):
    answered = 0
    for m in client.get("/v1/methods").json()["methods"]:
        if m["name"] == "oracle":  # needs a human reference summary
            body = cluster(method="oracle", max_words=40, summaries=["126 hành khách được cứu."])
        else:
            body = cluster(method=m["name"], max_words=40)
        r = client.post("/v1/summarize", json=body)
        if r.status_code == 200:
            assert r.json()["method"] == m["name"] and r.json()["sentences"]
            answered += 1
        else:  # e.g. a learned method whose model is not trained: a user error, not a crash
            assert r.status_code == 422, (m["name"], r.text)
            assert error_of(r)["code"] == "invalid_input"
    assert answered >= 5  # lead, lexrank, lexrank-mmr, centroid, default at least


def test_html_documents_are_reduced_to_their_text(client, cluster):
    body = cluster(max_words=200, include_sources=True)
    body["documents"][2] = {
        "id": "trang-html",
        "format": "html",
        "text": (
            "<html><head><title>Sương mù khiến tàu đi lệch luồng</title>"
            "<script>alert('x')</script></head><body><nav>Trang chủ | Du lịch</nav><article>"
            "<h1>Sương mù khiến tàu đi lệch luồng</h1>"
            "<p>Sương mù dày đặc là nguyên nhân ban đầu khiến tàu Sao Biển mắc cạn tối 6/4.</p>"
            "<p>Tất cả 126 hành khách đã được cứu an toàn, không ai bị thương.</p>"
            "<p>Tàu sẽ được kéo về cảng Tuần Châu khi thuỷ triều lên.</p>"
            "</article><footer>Bản quyền thuộc về báo</footer></body></html>"
        ),
    }
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 200, r.text
    doc = r.json()["documents"][2]
    assert doc["title"] == "Sương mù khiến tàu đi lệch luồng"
    assert "<" not in doc["text"] and "alert" not in doc["text"] and "Trang chủ" not in doc["text"]
    assert "126 hành khách đã được cứu an toàn" in doc["text"]


def test_article_text_with_markup_is_returned_as_text(client):
    evil = 'Tin nóng <script>alert("xss")</script> và <img src=x onerror=alert(1)> hôm nay.'
    r = client.post("/v1/summarize", json={"documents": [{"text": evil}], "include_sources": True})
    assert r.status_code == 200
    # JSON carries the characters as they were; the page shows them with textContent only
    assert "<script>" in r.json()["documents"][0]["text"]


# ---------------------------------------------------------------- report


def test_report_has_every_section(client, cluster):
    r = client.post("/v1/report", json=cluster(max_words=60, include_sources=True))
    assert r.status_code == 200, r.text
    data = r.json()
    assert {"summary", "timeline", "entities", "sources"} <= set(data)
    assert len(data["documents"]) == 3 and len(data["citations"]) >= 1


def test_report_validates_its_body(client):
    r = client.post("/v1/report", json={"documents": "không phải danh sách"})
    assert r.status_code == 422
    assert error_of(r)["code"] == "invalid_request"


# ---------------------------------------------------------------- bad requests


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"documents": [', 400, "malformed_json"),
        (b"{'documents': []}", 400, "malformed_json"),
        (b"[" * 50_000 + b"]" * 50_000, 400, "malformed_json"),  # nesting bomb
        (b"\xff\xfe\x00garbage", 400, "malformed_json"),
        (b"[1, 2, 3]", 422, "invalid_request"),
        ('"chuỗi"', 422, "invalid_request"),
        (b"{}", 422, "invalid_request"),
        (b'{"documents": {"text": "x"}}', 422, "invalid_request"),
        ('{"documents": [{"title": "thiếu text"}]}', 422, "invalid_request"),
        (b'{"documents": [{"text": 42}]}', 422, "invalid_request"),
        (b'{"documents": [{"text": "x", "date": 2025}]}', 422, "invalid_request"),
        (b'{"documents": [{"text": "x", "format": "pdf"}]}', 422, "invalid_request"),
        ('{"documents": [{"text": "x"}], "max_words": "nhiều"}', 422, "invalid_request"),
        (b'{"documents": [{"text": "x"}], "format": "docx"}', 422, "invalid_request"),
        (b'{"documents": []}', 422, "empty_cluster"),
        (b'{"documents": [{"text": "   \\n "}]}', 422, "empty_cluster"),
        (b'{"documents": [{"text": "x"}], "max_words": 0}', 422, "invalid_option"),
        (b'{"documents": [{"text": "x"}], "max_words": 501}', 422, "invalid_option"),
        (b'{"documents": [{"text": "x"}], "method": "gpt"}', 422, "invalid_option"),
        (
            b'{"documents": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}',
            422,
            "invalid_input",
        ),
        (b'{"documents": [{"format": "html", "text": "<html></html>"}]}', 422, "invalid_input"),
    ],
)
def test_bad_bodies_get_json_errors(client, body, status, code):
    content = body.encode() if isinstance(body, str) else body
    r = client.post("/v1/summarize", content=content, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert error_of(r)["code"] == code


def test_unknown_method_message_lists_the_choices(client):
    r = client.post("/v1/summarize", json={"documents": [{"text": "Một câu."}], "method": "gpt"})
    message = error_of(r)["message"]
    assert "'gpt'" in message and "lexrank" in message and "default" in message


def test_errors_name_json_fields_never_command_line_flags(client):
    # the budget is smaller than every sentence: the engine's error, as the client sees it
    body = {"documents": [{"text": "Tàu Sao Biển chở 126 hành khách mắc cạn trên vịnh Hạ Long."}]}
    r = client.post("/v1/summarize", json={**body, "max_words": 3})
    assert r.status_code == 422
    message = error_of(r)["message"]
    assert "max_words 3 is smaller than the shortest sentence" in message and "--" not in message
    for bad in ({**body, "max_words": 0}, {**body, "method": "gpt"}):
        assert "--" not in error_of(client.post("/v1/summarize", json=bad))["message"]
    many = {"documents": [{"text": f"Bài số {i} nói về tàu Sao Biển."} for i in range(6)]}
    assert "--" not in error_of(client.post("/v1/summarize", json=many))["message"]
    long = {"documents": [{"text": "Tàu mắc cạn. " * 500}]}
    assert "--" not in error_of(client.post("/v1/report", json=long))["message"]
    r = client.post("/v1/summarize", content=b"{" * 300_000)
    assert "--" not in error_of(r)["message"]


def test_too_many_documents_is_422(client):
    body = {"documents": [{"text": f"Bài số {i} nói về tàu Sao Biển."} for i in range(6)]}
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 422
    err = error_of(r)
    assert (
        err["code"] == "limit_exceeded"
        and "6 documents" in err["message"]
        and "5" in err["message"]
    )


def test_too_long_document_is_422(client):
    body = {"documents": [{"id": "dai", "text": "Tàu mắc cạn. " * 500}]}  # 6,500 characters
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 422
    err = error_of(r)
    assert (
        err["code"] == "limit_exceeded" and "'dai'" in err["message"] and "5,000" in err["message"]
    )


def test_body_over_the_limit_is_413_before_parsing(client):
    r = client.post(
        "/v1/summarize", content=b"{" * 300_000, headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert error_of(r)["code"] == "body_too_large"


def test_streamed_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(50):
            yield b" " * 10_000

    r = client.post("/v1/summarize", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert error_of(r)["code"] == "body_too_large"


def test_wrong_route_and_verb_are_json(client):
    assert error_of(client.get("/v1/nothing"))["code"] == "not_found"
    r = client.get("/v1/summarize")
    assert r.status_code == 405 and error_of(r)["code"] == "method_not_allowed"


def test_tomtat_errors_keep_their_http_status(client, cluster, monkeypatch):
    import tomtat.engine

    def over(*args, **kwargs):
        raise LimitError("cluster has 30,000 sentences; the limit is 20,000")

    monkeypatch.setattr(tomtat.engine, "summarize", over)
    r = client.post("/v1/summarize", json=cluster())
    assert r.status_code == 413
    assert error_of(r) == {
        "code": "limit_exceeded",
        "message": "cluster has 30,000 sentences; the limit is 20,000",
    }


def test_unexpected_failure_is_a_bare_json_500(client, cluster, monkeypatch, caplog):
    import tomtat.engine

    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(tomtat.engine, "summarize", boom)
    r = client.post("/v1/summarize", json=cluster())
    assert r.status_code == 500
    assert error_of(r)["code"] == "internal_error"
    assert "secret" not in r.text and "RuntimeError" not in r.text
    assert "secret internal detail" in caplog.text  # logged server-side


# ---------------------------------------------------------------- concurrency


def test_summaries_run_off_the_event_loop_and_are_bounded(cluster, monkeypatch):
    """While summaries are blocked in worker threads, the server still answers /healthz,
    and no more than ``concurrency`` summaries run at once."""
    from fastapi.testclient import TestClient

    import tomtat.engine
    from tomtat.service.app import create_app

    real = tomtat.engine.summarize
    release = threading.Event()
    lock = threading.Lock()
    running = {"now": 0, "max": 0, "entered": 0}

    def slow(*args, **kwargs):
        with lock:
            running["now"] += 1
            running["entered"] += 1
            running["max"] = max(running["max"], running["now"])
        try:
            assert release.wait(10)
            return real(*args, **kwargs)
        finally:
            with lock:
                running["now"] -= 1

    monkeypatch.setattr(tomtat.engine, "summarize", slow)
    app = create_app(ServiceConfig(concurrency=2, warm_up=False, isolation="thread"))
    with TestClient(app, base_url="http://localhost") as c:
        results: list[int] = []
        threads = [
            threading.Thread(
                target=lambda: results.append(c.post("/v1/summarize", json=cluster()).status_code)
            )
            for _ in range(4)
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 10
        while running["entered"] < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        health = c.get("/healthz")  # answered while two summaries hold both workers
        assert health.status_code == 200
        assert running["now"] == 2
        release.set()
        for t in threads:
            t.join(10)
    assert results == [200, 200, 200, 200]
    assert running["max"] == 2


# ---------------------------------------------------------------- body limit middleware


def test_slow_body_gets_408():
    import anyio

    from tomtat.service.middleware import BodyLimitMiddleware

    async def app(scope, receive, send):  # pragma: no cover - never reached
        raise AssertionError("the app must not run")

    sent: list[dict] = []

    async def receive():
        await anyio.sleep(1)
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message):
        sent.append(message)

    mw = BodyLimitMiddleware(app, max_bytes=100, timeout=0.05)
    anyio.run(mw, {"type": "http", "method": "POST", "headers": []}, receive, send)
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["error"]["code"] == "request_timeout"


def test_middleware_counts_streamed_bytes_without_content_length():
    import anyio

    from tomtat.service.middleware import BodyLimitMiddleware

    seen: list[bytes] = []

    async def app(scope, receive, send):
        seen.append((await receive())["body"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def run(chunks: list[bytes]) -> list[dict]:
        sent: list[dict] = []
        queue = list(chunks)

        async def receive():
            body = queue.pop(0)
            return {"type": "http.request", "body": body, "more_body": bool(queue)}

        async def send(message):
            sent.append(message)

        mw = BodyLimitMiddleware(app, max_bytes=10, timeout=5)
        anyio.run(mw, {"type": "http", "method": "POST", "headers": []}, receive, send)
        return sent

    assert run([b"12345", b"67890"])[0]["status"] == 204
    assert seen == [b"1234567890"]  # replayed whole to the app
    assert run([b"12345", b"67890", b"1"])[0]["status"] == 413
    assert len(seen) == 1


# ---------------------------------------------------------------- the page


def test_page_is_served_with_a_strict_policy(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in r.text and 'charset="utf-8"' in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    for asset in ("/static/app.js", "/static/style.css"):
        a = client.get(asset)
        assert a.status_code == 200 and a.headers["x-content-type-options"] == "nosniff"


def test_page_needs_nothing_from_the_network_and_never_writes_html():
    files = {p.name: p.read_text(encoding="utf-8") for p in STATIC.iterdir()}
    assert {"index.html", "app.js", "style.css"} <= set(files)
    for name, text in files.items():
        text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, never fetched
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I), name
        assert "@import" not in text and "@font-face" not in text, name
    js = files["app.js"]
    assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", js)
    assert "eval(" not in js and "new Function" not in js


# ---------------------------------------------------------------- config and CLI


def test_config_rejects_nonsense_limits():
    with pytest.raises(TomtatError, match=r"^max_documents must be a positive integer"):
        ServiceConfig(max_documents=0)
    with pytest.raises(TomtatError, match=r"^body_timeout") as info:
        ServiceConfig(body_timeout=0)
    assert info.value.for_cli().startswith("--body-timeout must be positive")


def test_serve_command_names_its_flags(capsys):
    from tomtat.cli import main

    assert main(["serve", "--max-documents", "0"]) == 2
    err = capsys.readouterr().err
    assert "--max-documents must be a positive integer" in err and "max_documents" not in err


def test_serve_command_names_the_missing_extra(monkeypatch):
    from tomtat.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    assert main(["serve", "--port", "8123"]) == 3


def test_serve_command_rejects_a_bad_port(capsys):
    from tomtat.cli import main

    assert main(["serve", "--port", "70000"]) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def test_serve_command_passes_limits_to_uvicorn(monkeypatch):
    import socket

    import uvicorn

    from tomtat.cli import main
    from tomtat.service import server

    calls = {}

    def fake_run(self, sockets=None):  # server.run serves on the socket serve bound first
        calls.update(app=self.config.app, host=self.config.host, port=self.config.port)
        calls.update(sockets=sockets, http=self.config.http)

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    monkeypatch.setattr(server, "bind", lambda host, port: socket.socket())  # 8123 may be taken
    assert main(["serve", "--port", "8123", "--max-documents", "7", "--max-chars", "999"]) == 0
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8123
    assert len(calls["sockets"]) == 1 and calls["http"] is not None  # the header deadline
    config = calls["app"].state.config
    assert config.max_documents == 7 and config.max_chars == 999


def _source_text(item: dict) -> str:
    """A JSON summary sentence without its date anchors: the article's exact text."""
    text = item["text"]
    for ins in sorted(item.get("inserted", []), key=lambda i: -i["start"]):
        assert text[ins["start"] : ins["end"]] == ins["text"]
        text = text[: ins["start"]] + text[ins["end"] :]
    return text
