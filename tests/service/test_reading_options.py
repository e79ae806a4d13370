"""HTTP: HTML detected by content, "format" as an override, and the date-anchor option."""

from __future__ import annotations

PAGE = (
    '<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/xa-hoi">Xã hội</a></div>'
    "<article><h1>Tàu Sao Biển mắc cạn</h1><p>Tàu du lịch Sao Biển chở 126 hành khách mắc cạn "
    "tối 6/4 trên vịnh Hạ Long.</p><p>Toàn bộ hành khách được đưa sang tàu khác an toàn sau "
    "gần ba giờ.</p><p>Cảng vụ Quảng Ninh đã đình chỉ hoạt động của tàu.</p></article>"
)


def test_html_without_format_is_read_as_html(client, cluster):
    body = cluster()
    body["documents"][2] = {"id": "web", "text": PAGE}  # no "format": detected by content
    r = client.post("/v1/summarize", json=body | {"include_sources": True})
    assert r.status_code == 200, r.text
    data = r.json()
    web = next(d for d in data["documents"] if d["id"] == "web")
    assert "<" not in web["text"] and "breadcrumb" not in web["text"]
    assert web["title"] == "Tàu Sao Biển mắc cạn"
    assert not any("<" in s["text"] for s in data["sentences"])


def test_format_text_takes_the_text_as_it_is(client, cluster):
    body = cluster()
    body["documents"][2] = {"id": "web", "text": PAGE, "format": "text", "title": "Trang"}
    r = client.post("/v1/summarize", json=body | {"include_sources": True})
    assert r.status_code == 200, r.text
    web = next(d for d in r.json()["documents"] if d["id"] == "web")
    assert "<article>" in web["text"]


def test_date_anchors_option(client, cluster):
    with_anchors = client.post("/v1/summarize", json=cluster(max_words=200)).json()
    without = client.post("/v1/summarize", json=cluster(max_words=200, date_anchors=False)).json()
    anchored = [s for s in with_anchors["sentences"] if s.get("inserted")]
    assert anchored, with_anchors  # the articles are dated 7 and 8 April: "tối 6/4" gets 2025
    assert any("[6/4/2025]" in s["text"] for s in anchored)
    assert not any(s.get("inserted") for s in without["sentences"])
    for s in anchored:
        text = s["text"]
        for ins in sorted(s["inserted"], key=lambda i: -i["start"]):
            text = text[: ins["start"]] + text[ins["end"] :]
        assert text in {x["text"] for x in without["sentences"]} or "[" not in text


def test_methods_report_the_default_length(client):
    from tomtat.limits import DEFAULT_MAX_WORDS

    assert client.get("/v1/methods").json()["default_max_words"] == DEFAULT_MAX_WORDS
