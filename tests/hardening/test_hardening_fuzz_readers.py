"""Fuzzing the readers with arbitrary and malformed bytes (hypothesis, fixed seed, bounded).

Whatever the bytes, a reader either returns documents or raises one of the documented
errors (a :class:`tomtat.errors.TomtatError` subclass, see docs/security.md "Error types")
with a one-line message. Anything else (IndexError, UnicodeError, RecursionError, ...) is a
crash and fails the test.
"""

from __future__ import annotations

import io
import json
import random

from hardening_gen import quirky_documents, vi_document_text
from hsettings import profile
from hypothesis import given
from hypothesis import strategies as st

from tomtat.errors import InputError, TomtatError
from tomtat.io.read import (
    load_cluster_record,
    parse_html,
    parse_text,
    read_clusters_jsonl,
    read_input,
    read_paths,
)
from tomtat.model import Document


def check_error(exc: TomtatError) -> None:
    message = str(exc)
    assert message.strip(), "an error without a message"
    assert "\n" not in message, f"a multi-line message: {message!r}"
    assert "Traceback" not in message
    assert len(message) < 2000, "a message that dumps the input"


def check_documents(docs: list[Document]) -> None:
    assert docs, "readers never return an empty list (they raise EmptyClusterError)"
    ids = [d.id for d in docs]
    assert len(set(ids)) == len(ids), "document ids are unique"
    for d in docs:
        assert isinstance(d.text, str) and d.text.strip()
        assert isinstance(d.title, str) and isinstance(d.source, str)
        assert d.date is None or isinstance(d.date, str)


# --------------------------------------------------------------------------- generators

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    vi_document_text(max_paragraphs=2),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "text", "title", "documents", "summaries", "date", "source"])
            | st.text(max_size=8),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@st.composite
def cluster_objects(draw: st.DrawFn) -> dict:
    """Clusters of the documented schema, then some field replaced by a wrong value."""
    docs = quirky_documents(random.Random(draw(st.integers(0, 2**32 - 1))), draw(st.integers(1, 4)))
    obj: dict = {
        "id": draw(st.one_of(st.text(max_size=10), st.integers(), st.none())),
        "documents": [
            {"id": d.id, "title": d.title, "text": d.text, "date": d.date, "source": d.source}
            for d in docs
        ],
        "summaries": draw(st.one_of(st.lists(st.text(max_size=40), max_size=2), json_values)),
    }
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["cluster", "document"]))
        docs_now = obj.get("documents")
        if where == "document" and isinstance(docs_now, list) and docs_now:
            target = docs_now[draw(st.integers(0, len(docs_now) - 1))]
        else:
            target = obj
        if not isinstance(target, dict):
            continue
        key = draw(st.sampled_from([*sorted(target), "extra", "text"]))
        if draw(st.booleans()):
            target[key] = draw(json_values)
        else:
            target.pop(key, None)
    return obj


def mutate(data: bytes, draw: st.DrawFn) -> bytes:
    """Truncate, splice junk into or flip bytes of ``data``."""
    kind = draw(st.integers(0, 3))
    if kind == 0 or not data:
        return data
    at = draw(st.integers(0, len(data)))
    if kind == 1:
        return data[:at]
    if kind == 2:
        return data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    flipped = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(flipped) - 1))
        flipped[i] = draw(st.integers(0, 255))
    return bytes(flipped)


@st.composite
def json_bytes(draw: st.DrawFn) -> bytes:
    obj = draw(st.one_of(cluster_objects(), json_values, st.lists(cluster_objects(), max_size=3)))
    data = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8")
    return mutate(data, draw)


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    lines = [
        json.dumps(o, ensure_ascii=False).encode()
        for o in draw(st.lists(st.one_of(cluster_objects(), json_values), min_size=1, max_size=4))
    ]
    sep = draw(st.sampled_from([b"\n", b"\r\n", b"\n\n"]))
    return mutate(sep.join(lines), draw)


_TAGS = ["p", "div", "article", "script", "style", "h1", "title", "meta", "nav", "a", "br", "li"]
_ATTRS = [
    "",
    ' charset="utf-8"',
    ' charset="windows-1258"',
    ' charset="undefined"',
    ' charset="unicode_escape"',
    ' charset="x-unknown"',
    ' property="og:title" content="Tiêu đề <b>đậm</b>"',
    ' property="article:published_time" content="2024-13-45"',
    ' src="http://example.invalid/x.js"',
    ' href="javascript:alert(1)"',
    ' onload="alert(1)"',
]


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    parts = [
        draw(st.sampled_from(["", "<!DOCTYPE html>", "<html lang='vi'>", "<?xml version='1.0'?>"]))
    ]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(_TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(_ATTRS))}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(vi_document_text(max_paragraphs=2)))
        elif kind == 3:
            parts.append(
                draw(
                    st.sampled_from(
                        [
                            "&amp;",
                            "&#0;",
                            "&#xD800;",
                            "&#99999999;",
                            "<!--",
                            "-->",
                            "<![CDATA[",
                            "]]>",
                            "&nbsp;",
                            "<",
                            ">",
                        ]
                    )
                )
            )
        else:
            parts.append(draw(st.text(max_size=20)))
    data = "".join(parts).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1258"])), "replace")
    return mutate(data, draw)


any_bytes = st.one_of(
    st.binary(max_size=400), json_bytes(), jsonl_bytes(), html_bytes(),
    vi_document_text().map(lambda t: t.encode("utf-8")),
)  # fmt: skip


# --------------------------------------------------------------------------- file readers


@profile(60)
@given(any_bytes, st.sampled_from([".txt", ".html", ".json", ".jsonl", "", ".md", ".htm"]))
def test_read_paths_on_arbitrary_files(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"bai-bao{suffix}"
    path.write_bytes(data)
    warnings: list[str] = []
    try:
        docs = read_paths([path], on_warning=warnings.append)
    except TomtatError as exc:
        assert isinstance(exc, InputError), f"{type(exc).__name__}: {exc}"
        check_error(exc)
    else:
        check_documents(docs)
    assert all("\n" not in w for w in warnings)


@profile(30)
@given(st.lists(any_bytes, min_size=1, max_size=4))
def test_read_input_on_a_directory_of_arbitrary_files(tmp_path_factory, blobs: list[bytes]) -> None:
    folder = tmp_path_factory.mktemp("dir")
    suffixes = [".txt", ".json", ".html", ".jsonl"]
    for i, blob in enumerate(blobs):
        (folder / f"{i:02d}{suffixes[i % 4]}").write_bytes(blob)
    try:
        record = read_input([folder], on_warning=lambda m: None)
    except TomtatError as exc:
        check_error(exc)
    else:
        check_documents(list(record.documents))


@profile(60)
@given(any_bytes)
def test_stdin_with_format_detection(data: bytes) -> None:
    try:
        docs = read_paths(["-"], stdin=io.BytesIO(data), on_warning=lambda m: None)
    except TomtatError as exc:
        check_error(exc)
    else:
        check_documents(docs)


# --------------------------------------------------------------------------- JSON / JSONL


@profile(80)
@given(st.one_of(cluster_objects(), json_values))
def test_load_cluster_record_on_arbitrary_json(obj) -> None:
    try:
        record = load_cluster_record(obj, name="fuzz", on_warning=lambda m: None)
    except TomtatError as exc:
        assert isinstance(exc, InputError)
        check_error(exc)
    else:
        check_documents(list(record.documents))
        assert all(isinstance(r, str) and r.strip() for r in record.references)


@profile(60)
@given(st.one_of(jsonl_bytes(), st.binary(max_size=300)))
def test_read_clusters_jsonl_never_aborts(data: bytes) -> None:
    """A bad line is yielded as an error; the iteration itself never raises."""
    lines = list(read_clusters_jsonl(io.BytesIO(data), on_warning=lambda m: None))
    numbers = [item.line_no for item in lines]
    assert numbers == sorted(set(numbers))
    for item in lines:
        if item.error is not None:
            assert isinstance(item.error, InputError) and item.record is None
            check_error(item.error)
        else:
            check_documents(list(item.record.documents))


def test_deeply_nested_json_is_an_input_error(tmp_path) -> None:
    for depth in (1_000, 100_000):
        path = tmp_path / f"nested{depth}.json"
        path.write_bytes(b"[" * depth + b"]" * depth)
        try:
            read_paths([path])
        except TomtatError as exc:
            check_error(exc)
        lines = list(read_clusters_jsonl(io.BytesIO(b'{"documents": ' + b"[" * depth + b"\n")))
        assert lines and all(isinstance(item.error, InputError) for item in lines)


# --------------------------------------------------------------------------- HTML and text


@profile(60)
@given(html_bytes())
def test_parse_html_never_crashes(data: bytes) -> None:
    doc = parse_html(data.decode("utf-8", "replace"), "p", name="fuzz.html")
    assert isinstance(doc.text, str) and isinstance(doc.title, str)
    assert "<script" not in doc.text.lower() or "<script" in data.decode("utf-8", "replace").lower()


@profile(60)
@given(st.one_of(vi_document_text(), st.text(max_size=300)))
def test_parse_text_never_crashes(text: str) -> None:
    doc = parse_text(text, "t")
    assert isinstance(doc.text, str)
    assert doc.date is None or len(doc.date) in (7, 10)


def test_html_declaring_a_non_charset_codec(tmp_path) -> None:
    """Regression: ``<meta charset="undefined">`` raised a bare UnicodeError (a crash), and
    ``unicode_escape`` rewrote backslashes in the page's text."""
    body = "<p>Mưa lớn kéo dài khiến nước sông dâng cao, đường C:\\x41 ngập sâu.</p>"
    for charset in ("undefined", "unicode_escape", "raw-unicode-escape", "idna"):
        path = tmp_path / f"{charset}.html"
        path.write_bytes(f'<html><head><meta charset="{charset}"></head><body>{body}'.encode())
        (doc,) = read_paths([path])
        assert "C:\\x41" in doc.text
