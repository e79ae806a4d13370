"""The store, on SQLite and on a real PostgreSQL: dedup, events continued across opens,
one event per article, stored summaries, schema versions, clear errors."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
import sqlalchemy as sa
from newsroom_data import make_documents

from tomtat.errors import UsageError
from tomtat.model import Document
from tomtat.newsroom import Store, StoreError
from tomtat.newsroom import schema as S
from tomtat.newsroom.state import Params


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "tin.db")
    return request.getfixturevalue("pg_url")


def _events_by_fixture(store: Store) -> dict[str, set[int]]:
    """fixture event name -> store events its articles are in."""
    out: dict[str, set[int]] = {}
    events = store.article_events()
    for d in store.articles():
        out.setdefault(d.meta["event"], set()).add(events[int(d.id)])
    return out


def test_ingest_groups_articles_into_events_and_continues_them(store_url):
    docs = make_documents()
    first, second = docs[:4], docs[4:]
    with Store.open(store_url) as store:
        stats = store.ingest(first, batch_size=3)
        assert (stats.new, stats.duplicate, stats.failed) == (4, 0, 0)
    with Store.open(store_url) as store:  # a second ingest continues the same events
        stats = store.ingest(second, batch_size=3)
        assert stats.new == len(second)
        groups = _events_by_fixture(store)
        assert all(len(ids) == 1 for ids in groups.values()), groups
        assert len({next(iter(v)) for v in groups.values()}) == 3
        listed = store.list_events(limit=10)
        assert sorted(e.size for e in listed) == [2, 3, 3]
        assert sum(len(e.articles) for e in listed) == len(docs)
        assert store.count_events() == 3


def test_same_events_as_one_clusterer_run(store_url):
    """Saving and loading the clusterer's state between batches changes nothing."""
    from tomtat.events import EventClusterer

    docs = make_documents()
    c = EventClusterer()
    c.add(docs)
    expected = {frozenset(d.id for d in e.documents) for e in c.events()}
    for k in range(len(docs)):
        with Store.open(store_url) as store:
            store.add_articles(docs[k : k + 1])  # one article per transaction, reopened
    with Store.open(store_url) as store:
        ext = {int(d.id): d.meta["ext_id"] for d in store.articles()}
        got: dict[int, set[str]] = {}
        for aid, eid in store.article_events().items():
            got.setdefault(eid, set()).add(ext[aid])
    assert {frozenset(v) for v in got.values()} == expected


def test_duplicates_by_url_and_by_content(store_url):
    docs = make_documents()
    with Store.open(store_url) as store:
        store.ingest(docs)
        again = [
            # same page, another spelling of its URL, edited text
            replace(docs[0], id="x1", url=docs[0].url.replace("https://", "http://www.")
                    + "?utm_source=rss#top", text=docs[0].text + " Cập nhật lúc 9 giờ."),
            # same text, other spacing, case and tone placement, no URL
            replace(docs[1], id="x2", url="", text="  " + docs[1].text.upper().replace("ò", "ò")),
            # a new article
            Document("x3", "Hội thảo về chuyển đổi số trong giáo dục đại học diễn ra tại "
                     "Đà Nẵng với sự tham gia của 200 nhà khoa học.", title="Hội thảo chuyển đổi số"),
            # twice in one batch
            Document("x4", "Đà Nẵng mở tuyến xe buýt điện nối sân bay với bãi biển Mỹ Khê.",
                     url="https://xe.example/a"),
            Document("x5", "Đà Nẵng mở tuyến xe buýt điện nối sân bay với bãi biển Mỹ Khê.",
                     url="https://xe.example/b"),
        ]  # fmt: skip
        results = store.add_articles(again)
    assert [r.status for r in results] == ["duplicate", "duplicate", "new", "new", "duplicate"]
    assert results[4].article_id == results[3].article_id
    assert results[4].event_id == results[3].event_id
    assert results[0].article_id is not None and results[0].event_id is not None
    with Store.open(store_url) as store:
        assert store.stats()["articles"] == len(docs) + 2


def test_article_without_text_fails_alone(store_url):
    docs = make_documents()[:2]
    with Store.open(store_url) as store:
        results = store.add_articles([Document("trong", "   "), *docs])
    assert [r.status for r in results] == ["failed", "new", "new"]
    assert results[0].reason == "article has no text"


def test_summaries_are_stored_and_recomputed_when_articles_change(store_url):
    docs = make_documents()
    lu = [d for d in docs if d.meta["event"] == "lu"]
    with Store.open(store_url) as store:
        store.ingest(lu[:2])
        assert store.stale_events()
        assert store.refresh() == 1
        assert store.stale_events() == []
        assert store.refresh() == 0  # nothing changed: nothing recomputed
        (ev,) = store.list_events()
        assert ev.lead and ev.summary and not ev.stale
        assert "Hương Khê" in ev.summary
        store.add_articles(lu[2:])
        (ev2,) = store.list_events()
        assert ev2.id == ev.id and ev2.stale and ev2.size == 3
        assert store.refresh() == 1
        detail = store.get_event(ev.id)
        assert detail is not None and not detail.info.stale
        assert detail.report is not None and detail.report["timeline"] is not None
        assert {d["id"] for d in detail.report["meta"]["documents"]} == {
            str(a) for a in detail.info.articles
        }
        assert json.dumps(detail.to_dict(), ensure_ascii=False)


def test_list_filters_since_query_order_paging(store_url):
    docs = make_documents()
    with Store.open(store_url) as store:
        store.ingest(docs)
        store.refresh()
        recent = store.list_events(limit=10)
        assert [e.last_date for e in recent] == sorted((e.last_date for e in recent), reverse=True)
        assert [e.title for e in store.list_events(since="2025-10-04")] == [
            "Giá lúa gạo xuất khẩu tăng mạnh, nông dân An Giang phấn khởi"
        ]
        assert store.count_events(since="2025-10-04") == 1
        hits = store.list_events(q="SÔNG NGÀN SÂU")  # case and accents as typed
        assert len(hits) == 1 and hits[0].size == 3
        assert store.list_events(q="Phong Điền 620") and not store.list_events(q="Phong Điền lũ")
        assert store.list_events(q="Tin Miền Trung")  # outlets are searched too
        assert next(e.size for e in store.list_events(order="size")) == 3
        page1 = store.list_events(limit=2)
        page2 = store.list_events(limit=2, offset=2)
        assert len(page1) == 2 and len(page2) == 1
        assert {e.id for e in page1}.isdisjoint({e.id for e in page2})
        assert store.get_event(10**6) is None
        with pytest.raises(UsageError):
            store.list_events(order="random")


def test_settings_are_fixed_at_creation(tmp_path):
    db = str(tmp_path / "s.db")
    Store.open(db, params=Params(threshold=0.2)).close()
    Store.open(db).close()  # no settings: the stored ones
    with pytest.raises(UsageError, match=r"--threshold 0\.2"):
        Store.open(db, params=Params(threshold=0.3))


# ---- schema and errors (SQLite files) ---------------------------------------------------------


def test_newer_schema_is_refused_with_one_line(tmp_path):
    db = tmp_path / "moi.db"
    Store.open(str(db)).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as err:
        Store.open(str(db))
    msg = str(err.value)
    assert "schema version 99" in msg and "upgrade tomtat" in msg and "\n" not in msg


def test_version_1_store_is_upgraded(tmp_path):
    """A store written with schema 1 (no search/lead columns) opens, upgraded in place, and its
    summaries are marked stale so they are recomputed with the new columns."""
    db = tmp_path / "cu.db"
    with Store.open(str(db)) as store:
        store.ingest(make_documents())
        store.refresh()
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE events DROP COLUMN search")
        conn.execute("ALTER TABLE events DROP COLUMN lead")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with Store.open(str(db)) as store:
        assert store.schema_version == S.SCHEMA_VERSION
        assert len(store.stale_events()) == 3
        assert store.refresh() == 3
        assert store.list_events(q="Ngàn Sâu")


def test_missing_store_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Store.open(str(tmp_path / "khong-co.db"), create=False)


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"day khong phai la co so du lieu" * 100)
    with pytest.raises(StoreError, match="not a tomtat store"):
        Store.open(str(bad))


def test_locked_store_fails_the_batch_with_one_line(tmp_path, monkeypatch):
    import tomtat.newsroom.store as st

    db = tmp_path / "khoa.db"
    Store.open(str(db)).close()
    monkeypatch.setattr(st, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with Store.open(str(db)) as store:
            errors = []
            stats = store.ingest(
                make_documents(), batch_size=4, on_batch_error=lambda e, n: errors.append(str(e))
            )
        assert stats.failed == len(make_documents()) and stats.new == 0
        assert errors and all("is locked by another process" in e for e in errors)
    finally:
        holder.rollback()
        holder.close()
    with Store.open(str(db)) as store:  # nothing half-written; works once the lock is gone
        assert store.stats()["articles"] == 0
        assert store.ingest(make_documents()).new == len(make_documents())


def test_read_only_store(tmp_path):
    """A store file nobody may write: reading works, a batch fails with one line. As root
    (who writes any mode-444 file) the file is made immutable with chattr instead."""
    import os
    import shutil
    import subprocess

    db = tmp_path / "ro.db"
    with Store.open(str(db)) as store:
        store.ingest(make_documents()[:2])
    immutable = False
    if os.geteuid() == 0:
        if not shutil.which("chattr"):
            pytest.skip("root, and no chattr to make the file read-only")
        done = subprocess.run(["chattr", "+i", str(db)], capture_output=True)
        if done.returncode:
            pytest.skip(f"chattr +i not supported here: {done.stderr.decode().strip()}")
        immutable = True
    else:
        os.chmod(db, 0o444)
        os.chmod(tmp_path, 0o555)
    try:
        with Store.open(str(db)) as store:
            assert store.stats()["articles"] == 2
            with pytest.raises(StoreError, match="the database is read-only"):
                store.add_articles(make_documents()[2:4])
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(db)], check=True)
        else:
            os.chmod(tmp_path, 0o755)


@pytest.mark.parametrize(
    ("driver_message", "expected"),
    [
        ("attempt to write a readonly database", "the database is read-only"),
        ("database is locked", "is locked by another process"),
        ("unable to open database file", "cannot open"),
        ("file is not a database", "not a tomtat store"),
    ],
)
def test_driver_errors_become_one_line(tmp_path, driver_message, expected):
    """What SQLite says (as root, a read-only file cannot be made: the mapping is checked
    on the driver's own exception)."""
    with Store.open(str(tmp_path / "e.db")) as store:
        exc = sa.exc.OperationalError("INSERT ...", {}, sqlite3.OperationalError(driver_message))
        err = store._error(exc, "write to")
    assert expected in str(err) and "\n" not in str(err) and "INSERT" not in str(err)


def test_unreachable_postgresql_is_one_line():
    with pytest.raises(StoreError) as err:
        Store.open("postgresql://tomtat@127.0.0.1:1/khong")
    assert "cannot open postgresql://tomtat@127.0.0.1:1/khong" in str(err.value)
    assert "\n" not in str(err.value)


def test_password_is_not_shown():
    with pytest.raises(StoreError) as err:
        Store.open("postgresql://tomtat:bi-mat@127.0.0.1:1/khong")
    assert "bi-mat" not in str(err.value)


def test_unsupported_url():
    with pytest.raises(UsageError, match="unsupported database 'mysql'"):
        Store.open("mysql://x@y/z")


def test_tables_have_the_current_version(tmp_path):
    db = tmp_path / "v.db"
    Store.open(str(db)).close()
    eng = sa.create_engine(f"sqlite:///{db}")
    with eng.connect() as conn:
        version = conn.execute(sa.text("SELECT value FROM meta WHERE key='schema_version'"))
        assert int(version.scalar_one()) == S.SCHEMA_VERSION
    eng.dispose()


@pytest.mark.parametrize("compact_every", [1000, 2])
def test_two_writers_alternating_equal_one_stream(store_url, monkeypatch, compact_every):
    """Two open stores on one database, taking turns: each catches up with the other's
    batches (or reloads, when the document frequencies were merged meanwhile) and the events
    are those of one clusterer fed the interleaved stream."""
    from newsroom_data import synthetic_articles

    import tomtat.newsroom.store as st
    from tomtat.events import EventClusterer

    monkeypatch.setattr(st, "DF_COMPACT_ROWS", compact_every)
    calls = {"sync": 0, "load": 0}
    for name, attr in (("sync", "_sync_state"), ("load", "_load_state")):
        real = getattr(Store, attr)

        def counted(self, *args, _real=real, _name=name):
            calls[_name] += 1
            return _real(self, *args)

        monkeypatch.setattr(Store, attr, counted)
    docs = make_documents() + [
        Document(r["id"], r["text"], r["title"], date=r["date"], url=r["url"])
        for r in synthetic_articles(40, seed=2)
    ]
    docs.sort(key=lambda d: d.date or "")
    c = EventClusterer()
    for k in range(0, len(docs), 3):
        c.add(docs[k : k + 3])
    expected = {frozenset(d.id for d in e.documents) for e in c.events()}
    a, b = Store.open(store_url), Store.open(store_url)
    try:
        for turn, k in enumerate(range(0, len(docs), 3)):
            (a if turn % 2 == 0 else b).add_articles(docs[k : k + 3])
        assert a._state is not None and b._state is not None
        if compact_every > 100:
            assert calls == {"sync": len(range(0, len(docs), 3)) - 2, "load": 2}
        else:  # merged document frequencies: the writer behind reloads
            assert calls["load"] > 2
        ext = {int(d.id): d.meta["ext_id"] for d in a.articles()}
        got: dict[int, set[str]] = {}
        for aid, eid in a.article_events().items():
            got.setdefault(eid, set()).add(ext[aid])
    finally:
        a.close()
        b.close()
    assert {frozenset(v) for v in got.values()} == expected


def test_threads_sharing_one_store(store_url):
    """A service's threads posting articles through one Store: each article stored once, in
    exactly one event, the events those of one stream."""
    from concurrent.futures import ThreadPoolExecutor

    from newsroom_data import synthetic_articles

    docs = [
        Document(r["id"], r["text"], r["title"], date=r["date"], url=r["url"])
        for r in synthetic_articles(60, seed=4)
    ]
    with Store.open(store_url) as store, ThreadPoolExecutor(4) as pool:
        results = [
            r
            for rs in pool.map(store.add_articles, [docs[k : k + 5] for k in range(0, 60, 5)])
            for r in rs
        ]
        assert [r.status for r in results] == ["new"] * 60
        events = store.article_events()
        assert len(events) == 60
        assert sum(e.size for e in store.list_events(limit=1000)) == 60
        assert {r.article_id for r in results} == set(events)


def test_query_matches_whole_words_through_the_index(store_url):
    with Store.open(store_url) as store:
        store.ingest(make_documents())
        assert [e.size for e in store.list_events(q="ngàn")] == [3]
        assert store.list_events(q="gàn") == []  # a piece of a word is not a word
        assert store.list_events(q="ngan") == []  # tones are letters in Vietnamese
        # query syntax of the index is never passed through: only the words count
        assert [e.size for e in store.list_events(q='"Ngàn" * -sâu (:')] == [3]
        assert store.list_events(q="AND OR NOT NEAR") == []  # words, not operators
        assert store.count_events(q="Cần Thơ") == 1
        store.refresh()  # the summary's words become searchable too
        assert store.list_events(q="mì tôm")


def test_version_2_store_gets_the_search_index(tmp_path):
    db = tmp_path / "v2.db"
    with Store.open(str(db)) as store:
        store.ingest(make_documents())
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE events_fts")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store.open(str(db)) as store:
        assert store.schema_version == 3
        assert [e.size for e in store.list_events(q="Phong Điền")] == [3]
