import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.engine import features as F
from tomtat.engine.features import compute_features, lexrank_scores
from tomtat.engine.lexicon import key_words
from tomtat.model import Document
from tomtat.pipeline import build_cluster


def test_matrix_shape_and_names(cluster):
    f = compute_features(cluster)
    assert f.matrix.shape == (len(cluster.sentences), len(f.names))
    assert f.names == F.FEATURE_NAMES
    assert np.isfinite(f.matrix).all()
    with pytest.raises(KeyError, match="no feature 'nope'"):
        f.column("nope")


def test_position_features(cluster):
    f = compute_features(cluster)
    index = f.column("index")
    assert list(index) == [s.index for s in cluster.sentences]
    first = f.column("is_first")
    assert list(first) == [1.0 if s.index == 0 else 0.0 for s in cluster.sentences]
    assert f.column("rel_position").max() == pytest.approx(1.0)
    assert set(f.column("n_docs")) == {3.0}
    assert list(f.column("length")) == [s.n_syllables for s in cluster.sentences]


def test_similarity_is_a_cosine_matrix(cluster):
    f = compute_features(cluster)
    s = f.similarity
    assert isinstance(s, np.ndarray)
    assert np.allclose(s, s.T, atol=1e-6)
    assert np.allclose(np.diag(s), 1.0)
    assert s.min() >= 0.0 and s.max() <= 1.0 + 1e-6
    norms = np.sqrt(np.asarray(f.tfidf.multiply(f.tfidf).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-5)


def _pos(cluster, doc_index, index):
    return next(
        s.position for s in cluster.sentences if (s.doc_index, s.index) == (doc_index, index)
    )


def test_cross_document_support(cluster):
    f = compute_features(cluster)
    support = f.column("support")
    # "Sở Giao thông vận tải tỉnh cho biết sẽ lắp cầu tạm ..." is told by two outlets
    assert support[_pos(cluster, 2, 0)] == 1.0
    assert f.column("max_other_sim")[_pos(cluster, 2, 0)] > 0.8
    # the pupils' worry is told by one outlet only
    assert support[_pos(cluster, 2, 2)] == 0.0


def test_surface_features(cluster):
    f = compute_features(cluster)
    dangling = f.column("dangling")
    assert dangling[_pos(cluster, 0, 3)] == 1.0  # "Ông này nói ..."
    assert dangling[_pos(cluster, 2, 4)] == 1.0  # "Điều này cho thấy ..."
    assert dangling[_pos(cluster, 0, 0)] == 0.0
    assert f.column("quotes")[_pos(cluster, 2, 3)] == 1.0
    assert f.column("first_person")[_pos(cluster, 2, 3)] == 1.0
    assert f.column("attribution")[_pos(cluster, 0, 2)] == 1.0  # "cho biết"
    assert f.column("numbers")[_pos(cluster, 0, 1)] > 0  # "120 m", "2009"
    assert f.column("entities")[_pos(cluster, 0, 2)] > 0  # Lò Văn Sáng, UBND, Nậm Pồ
    assert f.column("vietnamese").min() > 0.3
    assert f.column("title_sim")[_pos(cluster, 1, 0)] > 0.3


def test_heading_and_language_features():
    docs = [
        Document(
            "a",
            "Lũ quét ở vùng cao\nMưa lớn kéo dài ba ngày khiến nước suối dâng cao.\n"
            "The bridge was swept away by the flood on Monday night.",
            title="Mưa lũ ở miền núi",  # with a title, the first line stays in the text
        )
    ]
    f = compute_features(build_cluster(docs, "x"))
    assert list(f.column("heading")) == [1.0, 0.0, 0.0]
    vi = f.column("vietnamese")
    assert vi[1] > 0.5 and vi[2] == 0.0


def test_anchor_text_is_not_a_feature(documents):
    # AbMuSu's lead paragraph (document meta "anchor_text") exists in no other source: the
    # features ignore it, so a cluster with and without it gets the same matrix
    anchored = [
        Document(d.id, d.text, d.title, d.source, d.date, meta={"anchor_text": d.title})
        for d in documents
    ]
    f = compute_features(build_cluster(anchored, "x"))
    g = compute_features(build_cluster(documents, "x"))
    assert "anchor_sim" not in f.names
    assert np.array_equal(f.matrix, g.matrix)


def test_lexrank_matches_the_stationary_distribution():
    # an independent reference: the leading left eigenvector of the same Markov matrix
    rng = np.random.default_rng(3)
    s = rng.random((12, 12)).astype(np.float32)
    s = (s + s.T) / 2
    np.fill_diagonal(s, 1.0)
    p = lexrank_scores(s, threshold=0.3, damping=0.15, tol=1e-12, max_iter=1000)
    w = np.where(s >= 0.3, s, 0.0)
    m = 0.15 / 12 + 0.85 * w / w.sum(axis=1, keepdims=True)
    vals, vecs = np.linalg.eig(m.T)
    ref = np.real(vecs[:, np.argmax(np.real(vals))])
    ref /= ref.sum()
    assert np.allclose(p, ref, atol=1e-6)


def test_lexrank_hub_is_most_central():
    s = np.eye(5, dtype=np.float32)
    s[0, 1:] = s[1:, 0] = 0.5  # sentence 0 resembles every other one
    p = lexrank_scores(s)
    assert p.argmax() == 0 and p.sum() == pytest.approx(1.0)


def test_sparse_similarity_path_agrees_with_dense(cluster, monkeypatch):
    dense = compute_features(cluster)
    monkeypatch.setattr(F, "DENSE_LIMIT", 0)
    sparse = compute_features(cluster)
    assert not isinstance(sparse.similarity, np.ndarray)
    for name in ("support", "title_sim", "centroid"):
        assert np.allclose(dense.column(name), sparse.column(name), atol=1e-5), name
    for name in ("max_other_sim", "lead_sim"):  # cosines under the sparse floor become 0
        d = dense.column(name)
        kept = np.where(d >= F.SPARSE_MIN_SIMILARITY, d, 0.0)
        assert np.allclose(kept, sparse.column(name), atol=1e-5), name
    # the sparse matrix drops only small cosines: centralities stay close, rows agree
    assert np.corrcoef(dense.column("lexrank"), sparse.column("lexrank"))[0, 1] > 0.99
    rows = [0, 3]
    d = dense.sim_rows(rows)
    sp_rows = sparse.sim_rows(rows)
    assert np.allclose(np.where(d >= F.SPARSE_MIN_SIMILARITY, d, 0), sp_rows, atol=1e-5)


def test_transform_uses_the_cluster_vocabulary(cluster):
    f = compute_features(cluster)
    v = f.transform(["cầu treo Bản Lìm", "zzz qqq"])
    assert v.shape == (2, f.tfidf.shape[1])
    assert v[1].nnz == 0  # unknown grams are ignored


def test_sentence_keys_tokenize_like_raw_text(cluster):
    # features tokenize Sentence.key without re-normalizing: same syllables as the raw text
    from tomtat.text.tokens import key_syllables, syllables

    for s in cluster.sentences:
        assert key_syllables(s.key) == syllables(s.text)
    from tomtat.text.normalize import match_key

    raw = "Thoả thuận 20.000 - 50.000 USD"  # old tone placement, a number range
    assert (
        key_syllables(match_key(raw))
        == syllables(raw)
        == syllables("Thỏa thuận 20.000 - 50.000 USD")
    )


def test_tfidf_rows_survive_an_upper_case_row_break_letter():
    # rows are tokenized in one pass separated by "Q"; a key that holds "Q" itself (keys are
    # lower case, but tfidf_matrix is public) must still give one row per key
    from tomtat.engine.features import tfidf_matrix

    keys = ["bão số 3 Q đổ bộ", "", "mưa lớn ở quảng ngãi"]
    x, _, _ = tfidf_matrix(keys)
    y, _, _ = tfidf_matrix([k.replace("Q", "q") for k in keys])
    assert x.shape[0] == 3
    assert np.allclose(x.toarray(), y.toarray())
    assert x[1].nnz == 0


def test_word_tables_give_what_the_regexes_give():
    import re

    from tomtat.engine.lexicon import LETTER_RUN, UPPER, VIETNAMESE_RUN, sentence_words
    from tomtat.text.normalize import key_of_normalized
    from tomtat.text.tokens import key_syllables

    texts = ["Hoà bình ở Hà Nội, U19 thắng 9.400", "", "“Ông” COVID-19 x² \x01A Thuỷ"]
    words = sentence_words(texts)
    a = words.arrays
    flat = [w for t in texts for w in t.split()]
    ids = words.word_ids.tolist()
    for w, i in zip(flat, ids, strict=True):
        key = key_of_normalized(w)
        syl = a.syllables[a.first[i] : a.first[i] + a.count[i]].tolist()
        assert syl == [words.lexicon.syllable_ids[t] for t in key_syllables(key)]
        assert a.letters[i] == len(LETTER_RUN.findall(key))
        assert a.vietnamese[i] == len(VIETNAMESE_RUN.findall(key))
        assert a.digit[i] == int(re.search(r"\S*\d\S*", w) is not None)
        assert a.capital[i] == int(re.match(rf"[{UPPER}]", w) is not None)
    assert words.words_per_key.tolist() == [len(t.split()) for t in texts]


def test_keys_that_do_not_match_the_text_words_fall_back_to_their_own_words():
    from tomtat.engine.features import _same_word_counts

    counts = np.array([3, 0, 1])
    assert _same_word_counts(["a b c", "", "d"], counts)
    assert not _same_word_counts(["a b", "", "d"], counts)
    assert _same_word_counts(["a\tb  c", "", "d"], counts)  # irregular spaces: split
    assert not _same_word_counts(["a b c ", "x", "d"], counts)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 6) | st.integers(0, 2**40), max_size=60))
def test_first_seen_columns_agree_with_numpy_unique(values):
    codes = np.array(values, dtype=np.int64)
    uniq, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    columns = np.argsort(np.argsort(first, kind="stable"), kind="stable")  # rank by first sight
    got = F._first_seen_columns(codes)
    assert [a.tolist() for a in got] == [uniq.tolist(), columns.tolist(), columns[inverse].tolist()]


def test_first_seen_columns_sort_codes_beyond_sixteen_bits_by_value():
    # the radix passes see 16-bit parts: a syllable id of 65,536 or more, a bigram of such an
    # id, or a negative code must take the comparison sort (truncated, 70,000 sorts as 4,464)
    big = (70_001 + 1) * (1 << 31) + 3
    for values in ([70_000, 5_000, 4_464, 70_000], [big, 5, (2 + 1) * (1 << 31) + 9, big, 5]):
        codes = np.array(values, dtype=np.int64)
        uniq, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
        columns = np.argsort(np.argsort(first, kind="stable"), kind="stable")
        got = F._first_seen_columns(codes)
        assert [a.tolist() for a in got] == [
            uniq.tolist(),
            columns.tolist(),
            columns[inverse].tolist(),
        ]
    assert F._code_order(np.array([3, -1, 2], dtype=np.int64)).tolist() == [1, 2, 0]


def _phrases(rx) -> list[str]:
    """The literal phrases of a ``\\b(a|b|c (d|e))\\b`` pattern: a, b, c d, c e."""
    body, out, depth, start = rx.pattern[3:-3], [], 0, 0
    for i, ch in enumerate(body + "|"):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            alt, start = body[start:i], i + 1
            head, _, rest = alt.partition("(")
            out += [head + inner for inner in rest.rstrip(")").split("|")] if rest else [alt]
    return out


_CUED = [
    (F._ATTRIBUTION, F._ATTRIBUTION_ANY, F._ATTRIBUTION_CUES),
    (F._FIRST_PERSON, F._FIRST_PERSON_ANY, F._FIRST_PERSON_CUES),
]


@pytest.mark.parametrize(("rx", "any_rx", "cues"), _CUED)
def test_every_phrase_holds_one_of_its_cue_syllables(rx, any_rx, cues):
    phrases = _phrases(rx)
    assert len(phrases) > 4
    keys = [f"ông ấy {p}: “sẽ xong”." for p in phrases] + [p for p in phrases]
    maybe = F._holding(key_words(keys), cues)
    assert maybe.all()
    assert F._has_phrase(rx, any_rx, keys, maybe).all()


_PIECES = ["nói", "cho", "biết", "theo", "ông", "tôi", "chúng", "ta", "em", "mình", "tin",
           "thông", "nhận", "định", "rằng", "lời", "trả", "bà", "mưa", "lớn", "ở", "hà", "nội",
           "12", "_", "-", ",", ":", "(", ")", "“", "\n", "nói_", "2em", "tôi2"]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=12), min_size=1, max_size=6))
def test_cue_prefilter_finds_what_the_pattern_finds(rows):
    # glued and spaced pieces: word boundaries against "_", digits and punctuation
    keys = ["".join(r[: len(r) // 2]) + " " + " ".join(r[len(r) // 2 :]) for r in rows]
    words = key_words(keys)
    for rx, any_rx, cues in _CUED:
        got = F._has_phrase(rx, any_rx, keys, F._holding(words, cues))
        assert got.tolist() == [rx.search(k) is not None for k in keys]


def test_has_digit_is_the_digit_search_and_gives_the_same_dates(cluster):
    # cluster_dates reads only sentences with a digit; the features' flags replace its search
    from tomtat.engine.anchors import cluster_dates

    docs = [
        Document(
            "a",
            "Ngày 7/9/2024, bão số 3 đổ bộ vào Quảng Ninh. Gió giật cấp mười hai.\n"
            "Khoảng ٣ giờ sáng hôm qua, nước dâng 1,5 m. Diện tích hai km² bị ngập.",
            title="Bão số 3",
            date="2024-09-08",
        )
    ]
    for c in (cluster, build_cluster(docs, "x")):
        f = compute_features(c)
        assert f.has_digit == [re.search(r"\d", s.text) is not None for s in c.sentences]
        assert cluster_dates(c, has_digit=f.has_digit) == cluster_dates(c)
    assert f.has_digit == [True, False, True, False]  # "²" is no digit, "٣" is
