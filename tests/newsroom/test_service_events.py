"""The newsroom store over HTTP (``tomtat serve --db``): GET /v1/events, GET /v1/events/{id},
POST /v1/articles through FastAPI's test client, on a real SQLite store in a temporary folder
and on the throwaway PostgreSQL of conftest.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsroom_data import make_documents

pytest.importorskip("fastapi", reason="the service needs: pip install 'tomtat[serve]'")

from fastapi.testclient import TestClient

from tomtat.cli import main
from tomtat.service.app import create_app
from tomtat.service.config import ServiceConfig


def as_json(docs) -> list[dict]:
    return [
        {"id": d.id, "title": d.title, "text": d.text, "source": d.source, "date": d.date,
         "url": d.url}
        for d in docs
    ]  # fmt: skip


def source_text(item: dict) -> str:
    """A JSON summary sentence without the date anchors the summarizer inserted."""
    text = item["text"]
    for ins in sorted(item.get("inserted", []), key=lambda i: -i["start"]):
        assert text[ins["start"] : ins["end"]] == ins["text"]
        text = text[: ins["start"]] + text[ins["end"] :]
    return text


def error_of(response) -> dict:
    data = response.json()
    assert set(data) == {"error"}, data
    assert isinstance(data["error"]["code"], str) and data["error"]["message"]
    assert "Traceback" not in response.text
    return data["error"]


def make_client(db: str | None, **limits) -> TestClient:
    config = ServiceConfig(
        max_body_bytes=limits.get("max_body_bytes", 200_000),
        max_documents=limits.get("max_documents", 10),
        max_chars=limits.get("max_chars", 5_000),
        warm_up=False,
        isolation="thread",  # no worker processes: the events endpoints do not use them
        db=db,
    )
    return TestClient(
        create_app(config), base_url="http://localhost", raise_server_exceptions=False
    )


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "tin.db")


@pytest.fixture
def client(db) -> Iterator[TestClient]:
    with make_client(db) as c:
        yield c


@pytest.fixture
def filled(client) -> TestClient:
    """The client after POSTing the eight fixture articles and waiting for the summaries."""
    r = client.post("/v1/articles", json={"articles": as_json(make_documents())})
    assert r.status_code == 200, r.text
    assert client.app.state.events.wait_idle(180)
    return client


def by_event(results: list[dict]) -> dict[str, int]:
    return {r["id"]: r["event_id"] for r in results}


# ---- no store ---------------------------------------------------------------------------------


def test_without_a_store_the_endpoints_say_so():
    with make_client(None) as c:
        for r in (
            c.get("/v1/events"),
            c.get("/v1/events/1"),
            c.post("/v1/articles", json={"articles": [{"text": "Một câu."}]}),
        ):
            assert r.status_code == 503
            err = error_of(r)
            assert err["code"] == "no_store"
            assert "no event store" in err["message"]
            assert "--" not in err["message"]  # an HTTP client is not told about server flags
        assert c.get("/healthz").status_code == 200  # the rest of the service is there


# ---- POST /v1/articles ------------------------------------------------------------------------


def test_post_articles_groups_them_into_events_and_answers_their_ids(client, db):
    docs = make_documents()
    r = client.post("/v1/articles", json={"articles": as_json(docs)})
    assert r.status_code == 200
    data = r.json()
    assert [x["status"] for x in data["results"]] == ["new"] * len(docs)
    assert [x["id"] for x in data["results"]] == [d.id for d in docs]
    assert (data["new"], data["duplicate"], data["failed"]) == (len(docs), 0, 0)
    events = by_event(data["results"])
    # one event per fixture story, and the three stories apart
    story = {d.id: d.meta["event"] for d in docs}
    groups: dict[str, set[int]] = {}
    for doc_id, eid in events.items():
        groups.setdefault(story[doc_id], set()).add(eid)
    assert all(len(ids) == 1 for ids in groups.values()), groups
    assert len({next(iter(ids)) for ids in groups.values()}) == 3
    assert sorted(set(events.values())) == data["events"]

    # what the store holds is what was answered
    from tomtat.newsroom import Store

    with Store.open(db, create=False) as store:
        stored = store.article_events()
        ids = {r["article_id"]: r["event_id"] for r in data["results"]}
        assert stored == ids

    # the same articles again: duplicates, with the stored article's event
    again = client.post("/v1/articles", json={"articles": as_json(docs[:3])}).json()
    assert [x["status"] for x in again["results"]] == ["duplicate"] * 3
    assert by_event(again["results"]) == {d.id: events[d.id] for d in docs[:3]}
    assert again["new"] == 0 and again["duplicate"] == 3


def test_post_articles_reads_html_and_reports_empty_articles(client):
    html = (
        "<html><head><title>Lũ Hương Khê</title>"
        '<meta property="og:site_name" content="Báo Mạng Hà Tĩnh"></head><body><article>'
        "<h1>Hương Khê: nước sông Ngàn Sâu rút dần</h1>"
        "<p>Sáng nay nước sông Ngàn Sâu đã rút dần, người dân huyện Hương Khê trở về nhà dọn "
        "dẹp bùn đất sau trận lũ lớn.</p><p>Chính quyền huyện Hương Khê cho biết hơn 3.000 hộ "
        "dân từng bị cô lập đã được tiếp tế đầy đủ lương thực và nước uống.</p>"
        "</article></body></html>"
    )
    body = {
        "articles": [
            {"id": "trang", "format": "html", "text": html, "date": "2025-10-04"},
            {"id": "rong", "title": "Không có chữ", "text": "   "},
        ]
    }
    r = client.post("/v1/articles", json=body)
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["status"] == "new" and first["event_id"] > 0
    assert second == {"status": "failed", "id": "rong", "reason": "article has no text"}
    detail = client.get(f"/v1/events/{first['event_id']}").json()
    assert detail["documents"][0]["source"] == "Báo Mạng Hà Tĩnh"  # from the page itself
    assert detail["documents"][0]["date"] == "2025-10-04"  # the client's field wins


@pytest.mark.parametrize(
    ("body", "status", "code", "words"),
    [
        ({"articles": []}, 422, "empty_cluster", "no article"),
        ({"articles": [{"text": " "}, {"text": ""}]}, 422, "empty_cluster", "no article has text"),
        ({"articles": [{"text": f"Bài số {k}."} for k in range(11)]}, 422, "limit_exceeded",
         "at most 10 per request"),
        ({"articles": [{"id": "dai", "text": "chữ " * 2000}]}, 422, "limit_exceeded",
         "'dai' has 8,000 characters"),
        ({"articles": [{"text": 12}]}, 422, "invalid_request", "articles.0.text"),
        ({"articles": "không phải danh sách"}, 422, "invalid_request", "articles"),
        ({"documents": [{"text": "Một câu."}]}, 422, "invalid_request", "articles"),
        ({"articles": [{"id": "x", "text": "Câu một."}, {"id": "x", "text": "Câu hai."}]}, 422,
         "invalid_input", "duplicate"),
    ],
)  # fmt: skip
def test_post_articles_rejects_bad_bodies(client, body, status, code, words):
    r = client.post("/v1/articles", json=body)
    assert r.status_code == status, r.text
    err = error_of(r)
    assert err["code"] == code
    assert words in err["message"]
    assert client.get("/v1/events").json()["total"] == 0  # nothing stored


def test_post_articles_body_limits(client):
    r = client.post(
        "/v1/articles", content=b'{"articles": [', headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and error_of(r)["code"] == "malformed_json"
    big = json.dumps({"articles": [{"text": "x" * 250_000}]})
    r = client.post("/v1/articles", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and error_of(r)["code"] == "body_too_large"


# ---- GET /v1/events ---------------------------------------------------------------------------


def test_listing_is_the_cli_json_with_paging(filled, db, capsys):
    data = filled.get("/v1/events").json()
    assert data["total"] == 3 and data["next_offset"] is None
    assert main(["events", "--db", db, "--format", "json", "--no-refresh"]) == 0
    assert data["events"] == json.loads(capsys.readouterr().out)
    for e in data["events"]:
        assert {"id", "title", "first_date", "last_date", "articles", "outlets", "summary"} <= set(
            e
        )
        assert e["summary"] and not e["stale"]  # the background summarizer did its work
    # newest first; pages of one
    days = [e["last_date"] for e in data["events"]]
    assert days == sorted(days, reverse=True)
    pages, offset = [], 0
    while offset is not None:
        page = filled.get("/v1/events", params={"limit": 1, "offset": offset}).json()
        assert page["total"] == 3 and len(page["events"]) == 1
        pages.append(page["events"][0]["id"])
        offset = page["next_offset"]
    assert pages == [e["id"] for e in data["events"]]
    # without the count: the same pages, next_offset from one event more than asked
    first = filled.get("/v1/events", params={"limit": 2, "count": False}).json()
    assert first["total"] is None and first["next_offset"] == 2
    last = filled.get("/v1/events", params={"limit": 2, "offset": 2, "count": False}).json()
    assert last["next_offset"] is None
    assert [e["id"] for e in first["events"] + last["events"]] == pages
    # most covered first
    sizes = [e["size"] for e in filled.get("/v1/events", params={"order": "size"}).json()["events"]]
    assert sizes == sorted(sizes, reverse=True) == [3, 3, 2]
    # since: only the rice event has articles on 2025-10-04
    late = filled.get("/v1/events", params={"since": "2025-10-04"}).json()
    assert late["total"] == 1 and "lúa" in late["events"][0]["title"].lower()
    assert late["since"] == "2025-10-04"


@pytest.mark.parametrize(
    ("q", "story"),
    [
        ("HƯƠNG KHÊ", "Hương Khê"),  # case
        ("hoà duyệt", "Hương Khê"),  # old-style tone placement of "hòa", a name in the text
        ("Miền Tây Online", "Phong Điền"),  # an outlet
        ("philippines gạo", "gạo"),  # every word, in any order
    ],
)
def test_search_finds_events_by_title_outlet_summary_and_names(filled, q, story):
    found = filled.get("/v1/events", params={"q": q}).json()
    assert found["total"] == 1, found
    event = found["events"][0]
    text = json.dumps(filled.get(f"/v1/events/{event['id']}").json(), ensure_ascii=False)
    assert story in text


def test_search_with_no_match_and_bad_parameters(filled):
    none = filled.get("/v1/events", params={"q": "động đất Nhật Bản"}).json()
    assert none == {**none, "events": [], "total": 0, "next_offset": None}
    for params, where in (
        ({"since": "hôm qua"}, "since"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"order": "random"}, "order"),
        ({"q": "x" * 201}, "q"),
    ):
        r = filled.get("/v1/events", params=params)
        assert r.status_code == 422, (params, r.text)
        assert where in error_of(r)["message"]


# ---- GET /v1/events/{id} ----------------------------------------------------------------------


def test_one_event_is_the_cli_report_with_evidence(filled, db, capsys):
    eid = filled.get("/v1/events", params={"q": "Phong Điền"}).json()["events"][0]["id"]
    data = filled.get(f"/v1/events/{eid}").json()
    assert main(["events", str(eid), "--db", db, "--format", "json", "--no-refresh"]) == 0
    assert data == json.loads(capsys.readouterr().out)
    assert data["report"]["timeline"] is not None and data["report"]["entities"]
    assert "evidence" not in data

    ev = filled.get(f"/v1/events/{eid}", params={"include_sources": True}).json()["evidence"]
    stored = data["summary_detail"]["sentences"]
    assert [s["text"] for s in ev["sentences"]] == [s["text"] for s in stored]
    docs = {d["id"]: d for d in ev["documents"]}
    assert set(docs) == {str(a) for a in data["articles"]}
    for s in ev["sentences"]:
        assert s["citations"][0]["doc_id"] == s["doc_id"]
        for c in s["citations"]:  # every citation points at a sentence of its article
            doc = docs[c["doc_id"]]
            spans = {x["position"]: x for x in doc["sentences"]}
            assert c["sentence"] in spans
        own = {x["position"]: x for x in docs[s["doc_id"]]["sentences"]}[s["position"]]
        chars = list(docs[s["doc_id"]]["text"])
        assert "".join(chars[own["start"] : own["end"]]) == source_text(s)


def test_unknown_event_is_a_json_404(filled):
    r = filled.get("/v1/events/98765")
    assert r.status_code == 404
    err = error_of(r)
    assert err["code"] == "not_found" and "98765" in err["message"]
    r = filled.get("/v1/events/mot")
    assert r.status_code == 422 and error_of(r)["code"] == "invalid_request"


def test_a_changed_event_is_summarized_again_on_demand(filled):
    eid = filled.get("/v1/events", params={"q": "Hương Khê"}).json()["events"][0]["id"]
    before = filled.get(f"/v1/events/{eid}").json()
    extra = {
        "id": "lu-4",
        "title": "Hương Khê: bộ đội giúp dân dọn bùn sau lũ sông Ngàn Sâu",
        "source": "Quân Đội Mới",
        "date": "2025-10-04",
        "url": "https://lu.tin.example/bai-4.html",
        "text": "Hàng trăm bộ đội được điều về huyện Hương Khê giúp người dân dọn bùn đất sau "
        "trận lũ trên sông Ngàn Sâu. Hơn 3.000 hộ dân Hương Khê từng bị cô lập nay đã có "
        "đường đi lại. Tỉnh Hà Tĩnh tiếp tục hỗ trợ mì tôm, nước uống cho vùng lũ.",
    }
    events_state = filled.app.state.events
    with events_state.summary_lock:  # hold the summarizer: the event stays stale meanwhile
        r = filled.post("/v1/articles", json={"articles": [extra]}).json()
        assert r["results"][0]["event_id"] == eid
        stale = filled.get(f"/v1/events/{eid}", params={"refresh": False}).json()
        assert stale["stale"] is True and len(stale["articles"]) == 4
        assert stale["summary_detail"] == before["summary_detail"]  # the stored one, as is
        listed = filled.get("/v1/events", params={"q": "Hương Khê"}).json()["events"][0]
        assert listed["stale"] is True
    fresh = filled.get(f"/v1/events/{eid}").json()
    assert fresh["stale"] is False
    assert "Quân Đội Mới" in fresh["outlets"]
    assert str(r["results"][0]["article_id"]) in {
        d["doc_id"] for d in fresh["report"]["sources"]["documents"]
    }


# ---- errors of the store itself ---------------------------------------------------------------


def test_a_store_that_cannot_be_read_is_a_503(tmp_path):
    bad = tmp_path / "hong.db"
    bad.write_bytes(b"day khong phai la co so du lieu" * 100)
    with make_client(str(bad)) as c:
        r = c.get("/v1/events")
        assert r.status_code == 503
        err = error_of(r)
        assert err["code"] == "store_unavailable"
        assert "not a tomtat store" in err["message"] and "\n" not in err["message"]


# ---- PostgreSQL -------------------------------------------------------------------------------


def test_the_endpoints_on_postgresql(pg_url):
    with make_client(pg_url) as c:
        r = c.post("/v1/articles", json={"articles": as_json(make_documents())})
        assert r.status_code == 200 and r.json()["new"] == 8
        assert c.app.state.events.wait_idle(180)
        listing = c.get("/v1/events", params={"order": "size"}).json()
        assert listing["total"] == 3 and [e["size"] for e in listing["events"]] == [3, 3, 2]
        assert all(e["summary"] for e in listing["events"])
        hit = c.get("/v1/events", params={"q": "an giang"}).json()["events"]
        assert len(hit) == 1
        one = c.get(f"/v1/events/{hit[0]['id']}", params={"include_sources": True}).json()
        assert one["evidence"]["sentences"] and one["report"]["entities"]
        assert c.get("/v1/events/4242").status_code == 404


# ---- tomtat serve --db ------------------------------------------------------------------------


def test_serve_opens_the_store_before_serving(monkeypatch, tmp_path, capsys):
    seen = {}

    def fake_run(app, host, port, log_level, **options):
        seen["db"] = app.state.config.db

    monkeypatch.setattr("tomtat.service.server.run", fake_run)
    db = str(tmp_path / "moi.db")
    assert main(["serve", "--port", "8123", "--db", db]) == 0
    assert seen["db"] == db and Path(db).exists()
    assert "0 articles, 0 events" in capsys.readouterr().out

    assert main(["serve", "--port", "8123", "--db", str(tmp_path)]) == 1  # a directory
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a directory" in err and "Traceback" not in err


# ---- the page's files -------------------------------------------------------------------------


def test_events_view_files_are_served_and_never_write_html(client):
    import re

    page = client.get("/").text
    assert '<script src="/static/events.js" defer>' in page and 'href="#/su-kien"' in page
    for asset in ("/static/events.js", "/static/events.css"):
        r = client.get(asset)
        assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
    js = client.get("/static/events.js").text
    assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", js)
    assert "eval(" not in js and "new Function" not in js
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", js + page, re.I)


def test_the_total_follows_writes_of_another_process(filled, db):
    from tomtat.model import Document
    from tomtat.newsroom import Store

    assert filled.get("/v1/events").json()["total"] == 3
    assert filled.get("/v1/events", params={"since": "2025-10-04"}).json()["total"] == 1
    other = Document(
        "khac-1",
        "Sáng 5/10, tỉnh Gia Lai khai trương sân bay Pleiku mới với nhà ga rộng 24.000 mét "
        "vuông. Nhà ga Pleiku phục vụ 4 triệu hành khách mỗi năm.",
        title="Gia Lai khai trương nhà ga sân bay Pleiku",
        source="Báo Phố Núi",
        date="2025-10-05",
    )
    with Store.open(db, create=False) as store:  # another writer, as tomtat ingest would be
        [result] = store.add_articles([other])
    assert result.status == "new"
    listing = filled.get("/v1/events").json()
    assert listing["total"] == 4 and listing["events"][0]["id"] == result.event_id
    assert filled.get("/v1/events", params={"since": "2025-10-04"}).json()["total"] == 2


def test_evidence_of_a_summary_from_another_version_is_flagged(filled, db):
    import sqlite3

    eid = filled.get("/v1/events", params={"q": "An Giang"}).json()["events"][0]["id"]
    fresh = filled.get(f"/v1/events/{eid}", params={"include_sources": True}).json()
    assert "warnings" not in fresh
    old = dict(fresh["summary_detail"])
    old["sentences"] = old["sentences"][:1]  # as an older model might have chosen
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE events SET summary = ? WHERE id = ?", (json.dumps(old, ensure_ascii=False), eid)
        )
    data = filled.get(f"/v1/events/{eid}", params={"include_sources": True}).json()
    assert data["summary_detail"]["sentences"] == old["sentences"]  # the stored one, as is
    assert len(data["evidence"]["sentences"]) == len(fresh["evidence"]["sentences"])
    assert "another version of tomtat" in data["warnings"][0]


def test_concurrent_posts_store_every_article_once(client, db):
    from concurrent.futures import ThreadPoolExecutor

    from newsroom_data import synthetic_articles

    from tomtat.newsroom import Store

    records = synthetic_articles(40, seed=3)
    bodies = [
        {"articles": [{k: r[k] for k in ("id", "title", "text", "date", "url")} for r in part]}
        for part in (records[k::4] for k in range(4))
    ]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda b: client.post("/v1/articles", json=b), bodies))
    assert [a.status_code for a in answers] == [200] * 4
    results = [r for a in answers for r in a.json()["results"]]
    assert sorted(r["id"] for r in results) == sorted(r["id"] for r in records)
    assert all(r["status"] == "new" for r in results)
    with Store.open(db, create=False) as store:
        stored = store.article_events()
        sizes = {e.id: e.size for e in store.list_events(limit=1000)}
    assert len(stored) == 40 and sum(sizes.values()) == 40  # every article in one event
    assert {r["article_id"] for r in results} == set(stored)
