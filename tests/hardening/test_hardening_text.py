"""Properties of the text core on Vietnamese-looking and arbitrary input (hypothesis, fixed seed).

normalize / match_key: idempotent, NFC. decode_bytes: only InputError, whatever the bytes;
repair/detect: never raise. split_sentences: loses no character, spans ordered and disjoint.
"""

from __future__ import annotations

import codecs
import unicodedata

from hardening_gen import vi_document_text, vi_text
from hsettings import profile
from hypothesis import assume, given
from hypothesis import strategies as st

from tomtat.errors import InputError
from tomtat.pipeline import build_cluster
from tomtat.text.encoding import decode_bytes, detect, encode_legacy, repair
from tomtat.text.normalize import match_key, normalize
from tomtat.text.sentences import split_sentences

any_text = st.one_of(vi_text, st.text(max_size=300))


# --------------------------------------------------------------------------- normalization


@profile(150)
@given(any_text)
def test_normalize_is_idempotent_and_nfc(text: str) -> None:
    once = normalize(text)
    assert unicodedata.is_normalized("NFC", once)
    assert normalize(once) == once


@profile(150)
@given(any_text)
def test_match_key_is_idempotent_and_nfc(text: str) -> None:
    key = match_key(text)
    assert unicodedata.is_normalized("NFC", key)
    assert match_key(key) == key
    assert "\n" not in key and "  " not in key


@profile(60)
@given(vi_document_text())
def test_tone_placement_and_decomposition_do_not_change_the_key(text: str) -> None:
    # (a zero-width space is deleted, gluing two words into a non-syllable: not this property)
    text = text.replace("\u200b", " ")
    nfd = unicodedata.normalize("NFD", text)
    assert match_key(nfd) == match_key(text)
    assert match_key(text.replace("hòa", "hoà").replace("thủy", "thuỷ")) == match_key(
        text.replace("hoà", "hòa").replace("thuỷ", "thủy")
    )


# --------------------------------------------------------------------------- encodings


def _decode_or_input_error(data: bytes) -> str | None:
    try:
        out = decode_bytes(data, "fuzz")
    except InputError as exc:
        message = str(exc)
        assert message.startswith("fuzz: ") and "\n" not in message
        return None
    assert isinstance(out, str)
    return out


@profile(200)
@given(st.binary(max_size=600))
def test_decode_bytes_raises_only_input_error_on_arbitrary_bytes(data: bytes) -> None:
    _decode_or_input_error(data)


_CODECS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1258", "utf-8-sig")


@profile(80)
@given(vi_document_text(), st.sampled_from((*_CODECS, "tcvn3", "vni", "viscii")))
def test_decode_bytes_on_vietnamese_in_every_encoding(text: str, encoding: str) -> None:
    if encoding in ("tcvn3", "vni", "viscii"):
        data = encode_legacy(text, encoding)
    else:
        data = text.encode(encoding, errors="replace")
    out = _decode_or_input_error(data)
    if out is not None and encoding.startswith("utf") and encoding != "utf-16-be":
        # Unicode input comes back as the same text (up to normalization)
        assert normalize(out) == normalize(text)


@profile(80)
@given(vi_document_text(), st.binary(min_size=1, max_size=40), st.integers(0, 400))
def test_decode_bytes_on_corrupted_vietnamese(text: str, junk: bytes, at: int) -> None:
    data = text.encode("utf-8")
    at = min(at, len(data))
    _decode_or_input_error(data[:at] + junk + data[at:])
    _decode_or_input_error(codecs.BOM_UTF16_LE + data)  # a lying byte-order mark


@profile(150)
@given(any_text)
def test_repair_and_detect_never_raise(text: str) -> None:
    out = repair(text)
    assert isinstance(out, str)
    assert detect(text) in (None, "utf-8-mojibake", "tcvn3", "vni", "viscii")


@profile(60)
@given(vi_document_text())
def test_repair_leaves_correct_vietnamese_alone(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert repair(nfc) == nfc


# --------------------------------------------------------------------------- splitter


def _check_spans(text: str) -> None:
    spans = split_sentences(text)
    covered = [0] * len(text)
    previous_end = -1
    previous_paragraph = -1
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end, "spans overlap or are out of order"
        assert span.paragraph >= previous_paragraph
        assert "\n" not in text[span.start : span.end], "a sentence crosses a line"
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        for i in range(span.start, span.end):
            covered[i] += 1
        previous_end, previous_paragraph = span.end, span.paragraph
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i] == 1, f"character {ch!r} at {i} is in {covered[i]} spans"


@profile(150)
@given(any_text)
def test_splitter_loses_no_character(text: str) -> None:
    _check_spans(text)


@profile(100)
@given(vi_text)
def test_splitter_loses_no_character_of_normalized_text(text: str) -> None:
    _check_spans(normalize(text))


@profile(60)
@given(vi_document_text())
def test_cluster_sentences_are_slices_of_the_cleaned_text(text: str) -> None:
    from tomtat.model import Document

    try:
        cluster = build_cluster([Document(id="a", text=text)], "c")
    except InputError:  # everything was boilerplate: a documented error, not a crash
        assume(False)
        return
    for s in cluster.sentences:
        assert cluster.texts[s.doc_index][s.start : s.end] == s.text
        assert s.key == match_key(s.text)
