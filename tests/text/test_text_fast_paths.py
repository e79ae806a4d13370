"""The text core's fast paths give exactly what the plain computation gives.

Each speed-up of docs/text.md ("Speed") replaces a computation by a cheaper one that must be
equal on *any* input: word caches for keys, views and tokens, a whole-text space collapse,
a guarded normalization pass, a credit search that tries only the positions where a match
can start. Each test here compares the fast path with the plain computation on generated
text full of the characters that matter (case traps, odd spaces, controls, quotes, credits).
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat import pipeline
from tomtat.model import Document, Removal
from tomtat.text import clean as clean_mod
from tomtat.text import normalize as norm
from tomtat.text.sentences import _first_word, split_sentences
from tomtat.text.syllable import _TONE_SET, split_tone
from tomtat.text.tokens import _TOKEN, key_syllables

_PIECES = [
    *"aăâbcdđeêghiklmnoôơpqrstuưvxy AĐƯ0123456789",
    *"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ",
    *"\u0300\u0301\u0303\u0309\u0323",  # combining tone marks
    *"ÐðƉɖ\u00ad\u200b\ufeff\x00\x07\x1f\x7f\x85",  # eth, invisible, controls
    *"\r\n\x0b\x0c\u2028\u2029 \t\u00a0\u2003\u202f\u3000",  # line breaks and spaces
    *"„‟〝＂‚‛＇‐‑―−－“”«»‘’‹›`´–—….,!?;:%/()[]|\"'-",
    *"ΣσςİıK\u212a",  # final sigma, dotted I, the Kelvin sign (lower case is ASCII "k")
    "hoà", "thuỷ", "khoẻ", "gìa", "  ", "\n\n\n", " \n ", "ảnh", "Ảnh", "nguồn ảnh",
    "minh họa", "minh hoạ", "đồ họa", "photo", "video", "clip", "infographic", "(ảnh: ",
    "[ảnh minh họa]", "ảnh tư liệu", " | ", "TTXVN", "Reuters", "người", "của",
]  # fmt: skip
garbage = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
SETTINGS = settings(max_examples=400, derandomize=True, deadline=None)


@SETTINGS
@given(garbage)
def test_word_cached_key_equals_the_whole_text_key(text: str) -> None:
    assert norm.key_of_normalized(text) == norm._key_whole(text)
    shown = norm.normalize(text)
    assert norm.key_of_normalized(shown) == norm._key_whole(shown)


@SETTINGS
@given(garbage)
def test_key_of_one_word_equals_the_text_key(text: str) -> None:
    for word in [*text.split(), *norm.normalize(text).split()]:
        assert norm.key_of_word(word) == norm._key_whole(word)


def test_key_map_depends_on_the_whole_text():
    # "`" is folded only when the lower-cased text is not ASCII (the Kelvin sign lowers to "k")
    assert norm.key_of_normalized("a`b") == "a`b"
    assert norm.key_of_normalized("a`b ạ") == "a'b ạ"
    assert norm.key_of_normalized("\u212a`") == norm._key_whole("\u212a`") == "k`"
    assert norm.key_of_word("\u212a`") == norm.key_of_word("K`") == "k`"


@SETTINGS
@given(garbage)
def test_tone_view_is_canonical_tones_lower(text: str) -> None:
    assert norm.tone_view(text) == norm.canonical_tones(text).lower()


@SETTINGS
@given(garbage)
def test_key_syllables_equal_one_findall(text: str) -> None:
    assert key_syllables(text) == _TOKEN.findall(text)
    key = norm.match_key(text)
    assert key_syllables(key) == _TOKEN.findall(key)


def _normalize_once_plain(text: str) -> str:
    """The normalization pass without any guard (the reference for the guarded one)."""
    text = norm._LINE_BREAKS.sub("\n", text)
    text = norm.repair(text)
    text = unicodedata.normalize("NFC", text)
    text = norm._INVISIBLE.sub("", text)
    text = norm._CONTROL.sub("", text)
    text = text.translate(norm._DISPLAY_MAP)
    text = norm._ETH.sub(lambda m: norm._ETH_MAP[m[0]], text)
    lines = [norm._SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = norm._BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
    return unicodedata.normalize("NFC", text)


def _normalize_plain(text: str) -> str:
    out = _normalize_once_plain(text)
    for _ in range(4):
        again = _normalize_once_plain(out)
        if again == out:
            break
        out = again
    return out


@SETTINGS
@given(garbage)
def test_guarded_normalization_equals_the_plain_passes(text: str) -> None:
    assert norm._normalize_once(text) == _normalize_once_plain(text)
    assert norm.normalize(text) == _normalize_plain(text)


_SPACE = st.sampled_from(["", " ", "  ", "\t", "\u00a0", " \u3000 "])
credit_lines = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(["", "Cầu mới. ", "Ông nói", "x.", "“Tốt”", "(a)", "số 7"]),
    _SPACE,
    st.sampled_from(["", "(", "[", "((", "|"]),
    _SPACE,
    st.sampled_from(["ảnh", "nguồn ảnh", "ảnh minh họa", "minh họa", "photo", "đồ họa", "video"]),
    _SPACE,
    st.sampled_from(["", ":", "/", ": ", "::"]),
    _SPACE,
    st.sampled_from(["", "TTXVN", "Reuters.", "A. B", "x" * 70]),
    _SPACE,
    st.sampled_from(["", ")", "]", ").", "|", " |", "."]),
    _SPACE,
)


@SETTINGS
@given(st.one_of(garbage, credit_lines))
def test_credit_search_from_candidate_positions_equals_a_full_search(text: str) -> None:
    view = norm.tone_view(text.replace("\n", " "))
    fast, full = clean_mod._credit_tail(view), clean_mod._CREDIT_TAIL.search(view)
    assert (fast and fast.span()) == (full and full.span())


def test_every_credit_keyword_starts_with_a_start_word_and_holds_a_credit_word():
    keywords = re.findall(r"\(\?:([^()]*?)\)", clean_mod._CREDIT_TAIL.pattern)
    assert keywords  # the pattern still lists its keywords in (?:...|...) groups
    for group in keywords:
        for word in group.split("|"):
            assert word.startswith(clean_mod._CREDIT_STARTS), word
            assert any(w in word for w in clean_mod._CREDIT_WORDS), word


@SETTINGS
@given(garbage, st.integers(0, 80))
def test_first_word_is_the_first_split_word(text: str, start: int) -> None:
    words = text[start:].split(maxsplit=1)
    assert _first_word(text, start) == (words[0] if words else "")


def test_token_cache_is_bounded():
    cache = norm.TokenCache(str.upper, limit=3)
    assert [cache[w] for w in "abcde"] == list("ABCDE")
    assert len(cache) <= 3


def _split_tone_plain(word: str) -> tuple[str, str, int] | str:
    """split_tone without the per-character cache (the error message in place of a raise)."""
    bases: list[str] = []
    tone, where = "", -1
    for i, ch in enumerate(word):
        decomposed = unicodedata.normalize("NFD", ch)
        marks = [c for c in decomposed if c in _TONE_SET]
        if marks:
            if tone or len(marks) > 1:
                return "more than one tone mark"
            tone, where = marks[0], i
            decomposed = "".join(c for c in decomposed if c not in _TONE_SET)
        base = unicodedata.normalize("NFC", decomposed)
        if len(base) != 1:
            return "stray combining mark"
        bases.append(base)
    return "".join(bases), tone, where


@SETTINGS
@given(st.lists(st.sampled_from([*_PIECES, "ḍ", "ṭ", "ǘ", "\u1e09"]), max_size=8).map("".join))
def test_split_tone_with_cached_characters_equals_the_plain_loop(word: str) -> None:
    try:
        got: tuple[str, str, int] | str = split_tone(word)
    except ValueError as exc:
        got = str(exc)
    assert got == _split_tone_plain(word)


@SETTINGS
@given(st.one_of(garbage, credit_lines))
def test_sentence_keys_from_line_views_equal_each_sentence_key(text: str) -> None:
    for doc in (norm.normalize(text), text):  # normalized (line views) and raw (one by one)
        clean_mod.clean(doc)  # caches the line views, as in build_cluster
        spans = [(s.start, s.end) for s in split_sentences(doc)]
        expected = [norm.key_of_normalized(doc[a:b]) for a, b in spans]
        assert norm.sentence_keys(doc, spans) == expected


def test_sentence_keys_fall_back_on_lines_with_a_capital_sigma_or_a_longer_lower_case():
    doc = "ΟΔΟΣ. Αθήνα là thủ đô.\nİstanbul. Thoả thuận hoà bình."
    spans = [(s.start, s.end) for s in split_sentences(doc)]
    keys = norm.sentence_keys(doc, spans)
    assert keys == [norm.key_of_normalized(doc[a:b]) for a, b in spans]
    assert keys[0] == "οδος." and keys[-1] == "thỏa thuận hòa bình."


def _drop_repeated_title_plain(text: str, doc: Document) -> tuple[str, list[Removal]]:
    """pipeline._drop_repeated_title keying the whole first line and finding all its words."""
    if not doc.title.strip():
        return text, []
    first, _, rest = text.lstrip().partition("\n")
    title = pipeline._title_key(norm.normalize(doc.title))
    if first.strip() and pipeline._title_key(first) == title:
        return rest.lstrip("\n"), [Removal(doc.id, first.strip(), "title-repeat")]
    n = len(title.split())
    words = list(re.finditer(r"\S+", first))
    if title and len(words) > n + 2 and pipeline._title_key(first[: words[n - 1].end()]) == title:
        after = [w.group() for w in words[n : n + 6]]
        if after[0][0].isupper() and any(w[0].islower() for w in after[1:]):
            cut = words[n].start()
            body = first[cut:] + (f"\n{rest}" if rest else "")
            return body, [Removal(doc.id, first[:cut].strip(), "title-repeat")]
    return text, []


_TITLE_TAILS = ["", " .", ".", " …", " ...", "!", " ?!", " x", " Mọi thứ đã diễn ra", " Ông nói"]


@SETTINGS
@given(
    garbage, garbage, st.sampled_from(_TITLE_TAILS), st.sampled_from(_TITLE_TAILS), st.booleans()
)
def test_title_check_by_word_count_equals_keying_the_first_line(
    title: str, other: str, tail: str, tail2: str, repeated: bool
) -> None:
    # the first line repeats the title (or another text) with end punctuation or words after it
    first = (title if repeated else other) + tail + tail2
    for text in (f"{first}\nThân bài.", first, norm.normalize(f"{first}\nThân bài.")):
        doc = Document("d", text, title=title)
        assert pipeline._drop_repeated_title(text, doc) == _drop_repeated_title_plain(text, doc)


def _glued_headline_plain(line: str) -> int | None:
    """clean._glued_headline reading every token of the first 400 characters as a match."""
    tokens = list(re.finditer(r"\S+", line[:400]))
    for i in range(2, min(len(tokens) - 1, clean_mod._GLUED_HEADLINE_MAX_WORDS + 1)):
        word, before, after = tokens[i].group(), tokens[i - 1].group(), tokens[i + 1].group()
        if before[-1] in ".!?…:;":
            return None
        if (
            word in clean_mod._GLUE_OPENERS
            and before[-1].isalnum()
            and (after[0].islower() or after[0].isdigit())
        ):
            return tokens[i].start()
    return None


_HEADLINE_WORDS = st.sampled_from(
    ["Giá", "vàng", "lập", "đỉnh", "mới", "Sau", "Theo", "Trong", "Khi", "phiên", "giảm,",
     "nhẹ.", "hôm", "qua", "7", "x" * 30, "  ", "\t", "\u00a0", "“Tại", "Tại", "2:"]
)  # fmt: skip


@SETTINGS
@given(st.lists(_HEADLINE_WORDS, max_size=70).map(" ".join), st.sampled_from(["", " ", "\u3000 "]))
def test_glued_headline_on_token_strings_equals_the_match_loop(line: str, lead: str) -> None:
    assert clean_mod._glued_headline(lead + line) == _glued_headline_plain(lead + line)


_LABEL_PIECES = st.sampled_from(
    ["ảnh", "ảnh minh họa", "nguồn ảnh", "nguồn", "photo", ":", " : ", ".", "(", ")", "-", "–",
     "—", "|", " ", "  ", "\t", "\u3000", "a", "ảnh hưởng", "tốt", "x-y", "(ảnh", "reuters", "\n",
     " nguồn ảnh: ", " ảnh minh họa. ", " photo:", " - ảnh: ", "(nguồn ", "| ảnh:"]
)  # fmt: skip


@SETTINGS
@given(st.lists(_LABEL_PIECES, max_size=40).map("".join), st.integers(0, 60))
def test_inline_label_from_candidate_positions_equals_a_full_search(view: str, at: int) -> None:
    fast, full = clean_mod._inline_label(view, at), clean_mod._INLINE_LABEL.search(view, at)
    assert (fast and (fast.span(), fast.groups())) == (full and (full.span(), full.groups()))
