"""engine.lexicon: process-wide word ids must give exactly what per-key tokenizing gives."""

from __future__ import annotations

import re
import threading

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.engine import lexicon
from tomtat.engine.lexicon import (
    CAPITAL_FIRST,
    DIGIT,
    LETTER_RUN,
    TOKEN,
    VIETNAMESE_RUN,
    Lexicon,
    key_words,
)
from tomtat.text.normalize import key_of_word, match_key
from tomtat.text.tokens import key_syllables

KEYS = [
    match_key(t)
    for t in (
        "Bão số 3 (Yagi) đổ bộ vào Quảng Ninh lúc 13h ngày 7/9/2024, gió giật cấp 17.",
        "",
        "Theo ông Nguyễn Văn A, thiệt hại ước tính 20.000 - 50.000 tỷ đồng; U19 Việt Nam nghỉ.",
        "covid-19 a_b 12abc abc12 1,5% “trích dẫn”",
    )
]


def _syllables_by_key(words) -> list[list[int]]:
    flat, lens = words.syllables()
    out, at = [], 0
    for n in lens:
        out.append(flat[at : at + n].tolist())
        at += n
    return out


def test_syllables_and_counts_match_per_key_tokenizing():
    words = key_words(KEYS)
    ids = words.lexicon.syllable_ids
    assert _syllables_by_key(words) == [[ids[t] for t in key_syllables(k)] for k in KEYS]
    assert words.words_per_key.tolist() == [len(k.split()) for k in KEYS]
    letters = words.per_key(words.arrays.letters)
    vi = words.per_key(words.arrays.vietnamese)
    assert letters.tolist() == [len(LETTER_RUN.findall(k)) for k in KEYS]
    assert vi.tolist() == [len(VIETNAMESE_RUN.findall(k)) for k in KEYS]


def test_a_key_holding_the_row_break_word_still_gives_one_row_per_key():
    keys = ["mưa Q lớn", "gió mạnh", "Q"]
    words = key_words(keys)
    assert words.words_per_key.tolist() == [3, 2, 1]
    rows = _syllables_by_key(words)
    ids = words.lexicon.syllable_ids
    assert rows == [[ids[t] for t in key_syllables(k)] for k in keys]


def test_concurrent_registration_gives_one_id_per_word():
    lex = Lexicon()
    vocab = [f"từ{i}" for i in range(3000)]
    results: list[np.ndarray] = []

    def work(seed: int) -> None:
        order = np.random.default_rng(seed).permutation(len(vocab))
        results.append(lex.ids([vocab[i] for i in order])[np.argsort(order)])

    threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(np.array_equal(r, results[0]) for r in results)
    assert sorted(results[0].tolist()) == list(range(len(vocab)))
    arrays = lex.arrays()
    for word, wid in zip(vocab, results[0], strict=True):
        first, count = arrays.first[wid], arrays.count[wid]
        syll = arrays.syllables[first : first + count].tolist()
        assert syll == [lex.syllable_ids[t] for t in key_syllables(word)]


def test_a_full_lexicon_is_replaced_not_grown(monkeypatch):
    monkeypatch.setattr(lexicon, "MAX_WORDS", 5)
    monkeypatch.setitem(lexicon._tables, "key", Lexicon())
    first = key_words(["một hai ba bốn năm sáu"])
    second = key_words(["bảy tám"])
    assert second.lexicon is not first.lexicon
    assert len(second.lexicon) == 2
    # objects built on the old lexicon keep working
    assert first.syllables()[1].tolist() == [6]


def test_display_words_give_the_syllables_of_their_keys():
    texts = ["Thoả thuận hoà bình ký tại Hà Nội", "“Mưa” lớn — 20.000 hộ"]
    display = lexicon.sentence_words(texts)
    keyed = key_words([match_key(t) for t in texts])
    d_ids, k_ids = display.lexicon.syllable_ids, keyed.lexicon.syllable_ids
    d_flat, d_lens = display.syllables()
    k_flat, k_lens = keyed.syllables()
    inv_d = {i: t for t, i in d_ids.items()}
    inv_k = {i: t for t, i in k_ids.items()}
    assert [inv_d[i] for i in d_flat.tolist()] == [inv_k[i] for i in k_flat.tolist()]
    assert d_lens.tolist() == k_lens.tolist()


def test_warming_registers_the_common_words_and_changes_no_output():
    from tomtat.engine.warm import common_words, warm_word_tables

    texts = ["Thủ tướng Chính phủ chủ trì cuộc họp về phòng chống thiên tai tại Hà Nội"]
    before = lexicon.sentence_words(texts)
    flat0, _ = before.syllables()
    names0 = {i: t for t, i in before.lexicon.syllable_ids.items()}
    assert warm_word_tables() == len(common_words()) == 10_000
    table = lexicon.current("display")
    assert all(w in table.word_ids for w in common_words()[:200])
    after = lexicon.sentence_words(texts)
    flat1, _ = after.syllables()
    names1 = {i: t for t, i in after.lexicon.syllable_ids.items()}
    assert [names0[i] for i in flat0.tolist()] == [names1[i] for i in flat1.tolist()]


def test_threads_summarizing_at_once_get_the_sequential_results(monkeypatch):
    # the HTTP service summarizes in threads: new words registered concurrently must not
    # change anything (fresh tables, so every thread registers words at the same time)
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from tomtat.engine import summarize
    from tomtat.io.read import read_cluster
    from tomtat.pipeline import build_cluster

    docs = read_cluster([Path(__file__).parents[2] / "examples" / "bao-nalusa"])
    cluster = build_cluster(docs, "bao-nalusa")

    def run(_: int) -> list[str]:
        return [s.text for n in (60, 120) for s in summarize(cluster, max_words=n).sentences]

    expected = run(0)
    for kind in ("display", "key"):
        monkeypatch.setitem(lexicon._tables, kind, Lexicon(lexicon._tables[kind].key_of))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(8)))
    assert all(r == expected for r in results)


_PIECES = [
    *"aăâbcdđeêghiklmnoôơpqrstuưvxy AĐƯQZ0123456789_-.,%/“”`'",
    *lexicon._EDGES,  # punctuation around letters (the fast path of _analyse)
    *"àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ",
    *"ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆỲÝ",
    *"\u0301\u0323ΣσİK\u212aß²٣",  # a combining mark, case traps, non-Latin digits
]


def test_the_edge_characters_are_never_part_of_a_word_run() -> None:
    # else "a<edge>" would be one run, and _analyse's fast path would cut it
    assert not [c for c in lexicon._EDGES if re.match(r"\w", c)]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map("".join)))
def test_each_new_word_is_analysed_as_the_regexes_count(pieces: list[str]) -> None:
    words = [w for p in pieces for w in p.split()]
    lex = Lexicon(key_of_word)
    ids = lex.ids(words)
    a = lex.arrays()
    names = {v: k for k, v in lex.syllable_ids.items()}
    for word, i in zip(words, ids, strict=True):
        key = key_of_word(word)
        first, count = a.first[i], a.count[i]
        assert [names[s] for s in a.syllables[first : first + count]] == TOKEN.findall(key)
        assert a.letters[i] == len(LETTER_RUN.findall(key))
        assert a.vietnamese[i] == len(VIETNAMESE_RUN.findall(key))
        assert a.digit[i] == bool(DIGIT.search(word))
        assert a.capital[i] == bool(CAPITAL_FIRST.match(word))
