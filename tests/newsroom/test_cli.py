"""tomtat ingest and tomtat events from the command line: every kind of SOURCE, bad input one
line each with the rest going on, the listing in three formats, one event's report."""

from __future__ import annotations

import json
import sqlite3

import pytest
from newsroom_data import make_documents, write_jsonl

from tomtat.cli import main

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo Đồng Bằng</title><link>https://dongbang.example/</link>
<description>Tin tức</description>
<item><title>An Giang: giá lúa tươi lên 8.200 đồng mỗi ký</title>
<link>https://dongbang.example/lua.html</link><pubDate>Sat, 04 Oct 2025 07:00:00 +0700</pubDate>
<description><![CDATA[<p>Giá gạo 5% tấm của Việt Nam lên 640 USD mỗi tấn nhờ đơn hàng Philippines.
Thương lái ở An Giang mua lúa tươi 8.200 đồng mỗi ký, nông dân lãi khoảng 30 triệu đồng mỗi
hecta.</p>]]></description></item>
<item><title>Tin không có nội dung</title><link>https://dongbang.example/rong.html</link></item>
</channel></rss>
"""


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "tin.db")


def _last(err: str) -> str:
    return err.strip().splitlines()[-1]


def test_ingest_sources_and_bad_input(tmp_path, db, capsys):
    docs = make_documents()
    jsonl = write_jsonl(tmp_path / "bai.jsonl", docs[:5])
    with jsonl.open("a", encoding="utf-8") as fh:
        fh.write("{khong phai json\n")
        fh.write(json.dumps({"id": "rong", "title": "Không có chữ", "text": "   "}) + "\n")
        fh.write(json.dumps({"id": "thieu", "title": "Thiếu trường text"}) + "\n")
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    d = docs[5]
    (folder / "bai-6.txt").write_text(f"{d.title}\n\n{d.text}\n", encoding="utf-8")
    (folder / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    feed = tmp_path / "dong-bang.rss"
    feed.write_text(RSS, encoding="utf-8")
    broken = tmp_path / "hong.xml"
    broken.write_text(RSS[: RSS.index("<item><title>Tin không")], encoding="utf-8")

    code = main(["ingest", str(jsonl), str(folder), str(feed), str(broken),
                 str(tmp_path / "khong-co.jsonl"), "--db", db, "--no-progress"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    errors = [ln for ln in err.splitlines() if ln.startswith("tomtat: error:")]
    assert any("bai.jsonl: line 6: not JSON" in ln for ln in errors)
    assert any("rong: article has no text" in ln for ln in errors)
    assert any('line 8: article has no "text" string' in ln for ln in errors)
    assert any("anh.png" in ln and "unsupported file type" in ln for ln in errors)
    assert any("dong-bang.rss: entry 2" in ln and "entry has no text" in ln for ln in errors)
    assert any("hong.xml: malformed feed" in ln for ln in errors)
    assert any("khong-co.jsonl: no such file or directory" in ln for ln in errors)
    assert "Traceback" not in err
    # 5 + 1 (folder) + 1 (feed) + 1 (the broken feed's first entry: the same article as the
    # feed's, a duplicate by URL)
    assert "7 new, 1 duplicate, 7 failed" in _last(err)
    assert "summaries updated" in _last(err)

    # the same sources again: nothing new
    main(["ingest", str(jsonl), str(folder), str(feed), "--db", db, "--no-progress"])
    assert "0 new, 7 duplicate" in _last(capsys.readouterr().err)


def test_events_listing_and_report(tmp_path, db, capsys):
    src = write_jsonl(tmp_path / "bai.jsonl", make_documents())
    assert main(["ingest", str(src), "--db", db, "--no-progress"]) == 0
    capsys.readouterr()

    assert main(["events", "--db", db, "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert [len(e["articles"]) for e in events] == [2, 3, 3]  # newest first
    first = events[0]
    assert set(first) >= {"id", "title", "first_date", "last_date", "articles", "outlets",
                          "summary"}  # fmt: skip
    assert first["first_date"] == "2025-10-04" and first["summary"]
    assert first["outlets"] == ["Kinh Tế Nông Nghiệp", "Thời Báo Gạo"]

    assert main(["events", "--db", db]) == 0
    text = capsys.readouterr().out
    assert f"[{first['id']}] {first['title']}" in text and "2 bài, 2 nguồn" in text
    assert main(["events", "--db", db, "--format", "markdown", "--limit", "1"]) == 0
    md = capsys.readouterr().out
    assert md.startswith(f"### {first['id']}. ") and md.count("### ") == 1
    assert main(["events", "--db", db, "--since", "2025-10-03", "-q", "Phong Điền"]) == 0
    assert "Phong Điền" in capsys.readouterr().out

    assert main(["events", str(first["id"]), "--db", db]) == 0
    report = capsys.readouterr().out
    assert "## Tóm tắt" in report and "## Dòng thời gian" in report
    assert main(["events", str(first["id"]), "--db", db, "--format", "json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert detail["report"]["summary"]["sentences"]
    assert [d["id"] for d in detail["documents"]] == first["articles"]
    out = tmp_path / "su-kien.html"
    assert main(["events", str(first["id"]), "--db", db, "--format", "html", "-o", str(out)]) == 0
    assert "<html" in out.read_text(encoding="utf-8")


def test_events_errors(tmp_path, db, capsys):
    assert main(["events", "--db", str(tmp_path / "khong-co.db")]) == 1
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "khong-co.db").exists()
    src = write_jsonl(tmp_path / "bai.jsonl", make_documents()[:2])
    main(["ingest", str(src), "--db", db, "--no-progress", "--no-summaries"])
    capsys.readouterr()
    assert main(["events", "999", "--db", db]) == 1
    assert "no event 999" in capsys.readouterr().err
    assert main(["events", "--db", db, "--since", "hôm qua"]) == 2
    assert "--since 'hôm qua': expected a date" in capsys.readouterr().err
    assert main(["events", "--db", db, "--format", "html"]) == 2
    assert "choose one of text, json, markdown" in capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    for argv in (["events", "--db", db], ["ingest", str(src), "--db", db]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "schema version 7" in err


def test_stale_summary_is_recomputed_on_demand(tmp_path, db, capsys):
    docs = make_documents()
    lu = [d for d in docs if d.meta["event"] == "lu"]
    main(["ingest", str(write_jsonl(tmp_path / "a.jsonl", lu[:2])), "--db", db, "--no-progress"])
    main(["ingest", str(write_jsonl(tmp_path / "b.jsonl", lu[2:])), "--db", db, "--no-progress",
          "--no-summaries"])  # fmt: skip
    capsys.readouterr()
    main(["events", "--db", db, "--format", "json", "--no-refresh"])
    (ev,) = json.loads(capsys.readouterr().out)
    assert ev["stale"] and len(ev["articles"]) == 3
    main(["events", "--db", db, "--format", "json"])
    (ev,) = json.loads(capsys.readouterr().out)
    assert not ev["stale"]


def test_help_shows_the_fetch_defaults(capsys):
    """--help states the limits without importing the fetcher; they must agree with it."""
    from tomtat.newsroom.fetch import DEADLINE_S, MAX_BYTES, TIMEOUT_S

    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"(default {TIMEOUT_S:g})" in text and f"(default {DEADLINE_S:g})" in text
    assert f"(default {MAX_BYTES:,})" in text


def test_one_article_is_counted_in_the_singular(tmp_path, db, capsys):
    src = tmp_path / "mot-bai.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "mot",
                "title": "Hà Nội mở thêm tuyến buýt điện",
                "text": "Sáng 5/12, Hà Nội khai trương tuyến buýt điện số 12 nối Cầu Giấy với "
                "Long Biên. Mỗi ngày tuyến chạy 120 chuyến, giá vé 7.000 đồng.",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(src), "--db", db, "--no-progress"]) == 0
    last = _last(capsys.readouterr().err)
    assert "1 new event," in last and "1 summary updated" in last
    assert "1 article in 1 event in" in last
    assert main(["ingest", str(src), "--db", db, "--no-progress", "--quiet"]) == 0
    assert capsys.readouterr().err == ""  # -q: no closing statistics
