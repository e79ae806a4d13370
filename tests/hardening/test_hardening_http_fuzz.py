"""Random and malformed request bodies through FastAPI's test client: never a 5xx.

Every answer is a 2xx with the documented JSON (or Markdown/text), or a 4xx with the JSON error
``{"error": {"code", "message"}}`` whose message is one line.
"""

from __future__ import annotations

import json
import random

import pytest

pytest.importorskip("fastapi", reason="the service needs: pip install 'tomtat[serve]'")

from hardening_gen import quirky_documents, vi_document_text
from hsettings import profile
from hypothesis import given
from hypothesis import strategies as st

from tomtat.service.config import ServiceConfig

CONFIG = ServiceConfig(
    max_body_bytes=60_000, max_documents=6, max_chars=8_000, max_words=400, warm_up=False
)
_CLIENT = None


def client():
    """One app and test client for the module (hypothesis runs many examples per test)."""
    global _CLIENT
    if _CLIENT is None:
        from fastapi.testclient import TestClient

        from tomtat.service.app import create_app

        _CLIENT = TestClient(
            create_app(CONFIG), base_url="http://localhost", raise_server_exceptions=False
        )
    return _CLIENT


def check_response(response) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        data = response.json()
        assert set(data) == {"error"}, data
        message = data["error"]["message"]
        assert isinstance(data["error"]["code"], str) and message and "\n" not in message
    elif response.headers["content-type"].startswith("application/json"):
        data = response.json()
        assert isinstance(data, dict)
        if "sentences" in data:
            ids = {d for s in data["sentences"] for d in s["sources"]}
            assert all(isinstance(i, str) for i in ids)


# --------------------------------------------------------------------------- generators

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "text", "documents", "max_words", "method", "format"])
            | st.text(max_size=6),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=15,
)
_HTML = (
    "<html><head><title>Tin nhanh</title><script>alert(1)</script></head><body>"
    "<article><p>{}</p><img src='http://example.invalid/a.png'></article></body></html>"
)


@st.composite
def requests(draw: st.DrawFn, mutations: bool = True) -> dict:
    """A valid request of the documented schema, then 0-3 fields replaced or removed."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    docs = quirky_documents(rng, draw(st.integers(1, 4)))
    body: dict = {
        "id": "fuzz",
        "documents": [
            {"id": d.id, "title": d.title, "text": d.text, "source": d.source, "date": d.date}
            for d in docs
        ],
        "max_words": draw(st.one_of(st.integers(20, 300), st.integers(-5, 450))),
        "method": draw(st.sampled_from(["default", "default", "lead", "lexrank", "nope", ""])),
    }
    if draw(st.booleans()):
        formats = ["json", "markdown", "text", "xml"] if mutations else ["json", "markdown", "text"]
        body["format"] = draw(st.sampled_from(formats))
    if draw(st.booleans()):
        body["include_sources"] = draw(
            st.one_of(st.booleans(), st.booleans(), json_leaf) if mutations else st.booleans()
        )
    if draw(st.integers(0, 3)) == 0:
        body["documents"][0]["format"] = "html"
        body["documents"][0]["text"] = _HTML.format(docs[0].text)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3])) if mutations else 0):
        target = body
        if draw(st.booleans()) and body.get("documents") and isinstance(body["documents"], list):
            doc = body["documents"][draw(st.integers(0, len(body["documents"]) - 1))]
            target = doc if isinstance(doc, dict) else body
        keys = [*sorted(target), "extra", "text", "documents"]
        key = draw(st.sampled_from(keys))
        if draw(st.booleans()):
            target[key] = draw(json_values)
        else:
            target.pop(key, None)
    return body


def mutate(data: bytes, draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 4))
    if kind <= 1 or not data:
        return data
    at = draw(st.integers(0, len(data)))
    if kind == 2:
        return data[:at]
    if kind == 3:
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return (
        data[:at] + draw(st.sampled_from([b"{", b"[", b'"', b"\\", b"\xff", b"\x00"])) + data[at:]
    )


@st.composite
def raw_bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.binary(max_size=300))
    if kind == 1:
        return json.dumps(draw(json_values)).encode()
    if kind == 2:
        return draw(vi_document_text(max_paragraphs=2)).encode()
    return mutate(json.dumps(draw(requests()), ensure_ascii=draw(st.booleans())).encode(), draw)


# --------------------------------------------------------------------------- tests


@profile(60)
@given(requests())
def test_summarize_with_wrong_fields(body: dict) -> None:
    check_response(client().post("/v1/summarize", json=body))


@profile(30)
@given(requests(mutations=False))
def test_summarize_valid_requests(body: dict) -> None:
    response = client().post("/v1/summarize", json=body)
    check_response(response)
    ok = 0 < body["max_words"] <= CONFIG.max_words and body["method"] in (
        "default",
        "lead",
        "lexrank",
    )
    if ok and response.status_code != 200:
        # the only other documented outcome: the budget is below the shortest sentence
        assert "shortest sentence" in response.json()["error"]["message"], response.text


@profile(60)
@given(
    raw_bodies(),
    st.sampled_from(["application/json", "text/plain", "", "application/x-www-form-urlencoded"]),
)
def test_summarize_with_raw_bodies(body: bytes, content_type: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    check_response(client().post("/v1/summarize", content=body, headers=headers))


@profile(20)
@given(st.one_of(requests(), requests(), json_values))
def test_report_with_wrong_fields(body) -> None:
    check_response(client().post("/v1/report", json=body))


@pytest.mark.parametrize("depth", [50, 5_000, 50_000])
@pytest.mark.parametrize("opener", [b"[", b'{"documents": ', b'{"a":'])
def test_deeply_nested_json(depth: int, opener: bytes) -> None:
    closer = b"]" if opener == b"[" else b"}"
    body = opener * depth + b"1" + closer * depth
    response = client().post("/v1/summarize", content=body[: CONFIG.max_body_bytes + 10])
    check_response(response)
    assert response.status_code in (400, 413, 422)


def test_oversized_and_lying_bodies() -> None:
    c = client()
    big = b'{"documents": [{"text": "' + b"a " * CONFIG.max_body_bytes + b'"}]}'
    check_response(r := c.post("/v1/summarize", content=big))
    assert r.status_code == 413
    for length in ("abc", "-1", "99999999999999999999"):
        r = c.post("/v1/summarize", content=b"{}", headers={"content-length": length})
        assert r.status_code in (400, 413, 422), (length, r.status_code)


@pytest.mark.parametrize("path", ["/v1/summarize", "/v1/report", "/v1/methods", "/healthz", "/x"])
@pytest.mark.parametrize("verb", ["GET", "PUT", "DELETE", "PATCH"])
def test_wrong_verbs_and_paths(verb: str, path: str) -> None:
    check_response(client().request(verb, path))
