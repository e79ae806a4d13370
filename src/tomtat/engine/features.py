"""Shared sentence features, computed once per cluster and reused by every method.

One sparse TF-IDF matrix per cluster (syllable unigrams + bigrams of ``Sentence.key``, fitted on
the cluster's own sentences, rows L2-normalized) and ONE sentence-by-sentence cosine matrix
(``Features.similarity``) that centrality, redundancy (select) and citation (cite) all reuse.

Rows of ``Features.matrix`` follow ``cluster.sentences``; ``Features.names`` names the columns.
A learned model names the columns it reads, so a column is never renamed (removing one a shipped
model reads would fail its load with a clear error).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

import numpy as np
import scipy.sparse as sp

from ..model import Cluster
from ..text.clean import is_heading
from ..text.tokens import syllables
from .lexicon import KeyWords, key_words, segment_sums, sentence_words

# Cross-document support: two sentences "say the same thing" at cosine >= this value
# (TF-IDF over syllable uni+bigrams). Measured on AbMuSu, see docs/engine.md "Citation threshold".
CITE_THRESHOLD = 0.35
# Edges below this cosine are dropped from the LexRank graph (Erkan & Radev's threshold).
LEXRANK_THRESHOLD = 0.10
LEXRANK_DAMPING = 0.15  # probability of a random jump
# Up to this many sentences the similarity matrix is dense (float32, 64 MB at 4,000); above it,
# a sparse matrix that keeps only cosines >= SPARSE_MIN_SIMILARITY (computed in row blocks).
DENSE_LIMIT = 4000
SPARSE_MIN_SIMILARITY = 0.08
# ... and at most this many neighbours per sentence (the largest cosines), so that memory
# stays linear in n whatever the text (docs/limits.md)
SPARSE_TOP_K = 200
SPARSE_BLOCK_WORK = 4_000_000  # products per row block of the sparse path (~50 MB of buffer)
# A small cluster's product uses a dense copy of its TF-IDF rows up to this many cells (16 MB).
_DENSE_OPERAND_MAX = 4_000_000

# fmt: off
FEATURE_NAMES: tuple[str, ...] = (
    "index", "rel_position", "is_first", "is_first_of_paragraph", "paragraph", "rel_paragraph",
    "length", "doc_sentences", "doc_syllables", "n_docs",
    "lexrank", "lexrank_rank", "centroid", "title_sim", "title_sim_max", "lead_sim",
    "support", "support_frac", "max_other_sim", "mean_other_sim", "doc_centrality",
    "numbers", "entities", "quotes", "attribution", "first_person", "question", "exclamation",
    "heading", "dangling", "vietnamese", "doc_vietnamese",
)
# fmt: on


@dataclass(frozen=True, eq=False)
class Features:
    """Per-sentence feature matrix (rows follow ``cluster.sentences``) and cached similarities.

    ``tfidf``: CSR, one L2-normalized row per sentence. ``similarity``: cosine between sentences,
    a dense ``np.ndarray`` (float32) up to :data:`DENSE_LIMIT` sentences, otherwise a sparse CSR
    matrix holding only the larger values; use :meth:`sim_rows` to read rows either way.
    ``doc_of``: document index of each sentence; ``lengths``: syllables per sentence.
    """

    names: tuple[str, ...]
    matrix: np.ndarray
    tfidf: sp.csr_matrix
    similarity: np.ndarray | sp.csr_matrix
    doc_of: np.ndarray
    lengths: np.ndarray
    vocabulary: Vocabulary | None = field(repr=False, default=None)
    idf: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    # per sentence, does its text hold a digit (a word of it does: engine.lexicon's digit)
    has_digit: list[bool] | None = field(repr=False, default=None)

    def column(self, name: str) -> np.ndarray:
        try:
            return self.matrix[:, self.names.index(name)]
        except ValueError:
            raise KeyError(f"no feature {name!r}; features are: {', '.join(self.names)}") from None

    def sim_rows(self, rows: int | Sequence[int] | np.ndarray) -> np.ndarray:
        """Dense cosine rows for the given sentence positions (shape (k, n), or (n,) for an int)."""
        if isinstance(self.similarity, np.ndarray):
            return np.asarray(self.similarity[rows], dtype=np.float32)
        if isinstance(rows, int | np.integer):
            row: np.ndarray = self.similarity[int(rows)].toarray().ravel().astype(np.float32)
            return row
        block: np.ndarray = self.similarity[np.asarray(rows, dtype=int)].toarray()
        return block.astype(np.float32)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows (L2-normalized) of other texts in this cluster's vocabulary."""
        if self.vocabulary is None:
            return sp.csr_matrix((len(texts), self.tfidf.shape[1]), dtype=np.float32)
        return _vectorize(texts, self.vocabulary, self.idf, self.tfidf.shape[1])


# --- TF-IDF -------------------------------------------------------------------------------


def _vectorize(
    texts: Sequence[str], vocab: Vocabulary, idf: np.ndarray, n_columns: int
) -> sp.csr_matrix:
    """TF-IDF rows (L2-normalized) of raw texts (titles) in a cluster's vocabulary."""
    columns, indptr = vocab.rows([syllables(t) for t in texts])
    return _matrix(columns, indptr, n_columns, idf)


# A gram is an int64 code over syllable ids (process-wide, engine.lexicon; fewer than 2**31): a
# unigram is its syllable's id, a bigram ``(a + 1) * _BIGRAM + b``. Codes replace the "a b"
# strings of the first version (the dictionary of string grams was a quarter of the feature
# stage); columns keep the same order (first appearance, each row's unigrams then its bigrams),
# so every matrix is unchanged.
_BIGRAM = np.int64(1 << 31)


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The TF-IDF columns of one cluster: syllable ids and the sorted gram codes."""

    ids: dict[str, int]  # syllable -> id (process-wide: engine.lexicon)
    codes: np.ndarray  # sorted gram codes (int64)
    columns: np.ndarray  # column of each sorted code

    def __len__(self) -> int:
        return len(self.codes)

    def unigram_mask(self) -> np.ndarray:
        """True for the columns that hold single syllables."""
        mask = np.zeros(len(self.codes), dtype=bool)
        mask[self.columns[self.codes < _BIGRAM]] = True
        return mask

    def rows(self, token_lists: Sequence[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, indptr) of each token list's unigrams and bigrams in this vocabulary;
        unknown grams are dropped."""
        get = self.ids.get
        lens = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        flat = np.fromiter(
            (get(t, -1) for t in chain.from_iterable(token_lists)), np.int64, int(lens.sum())
        )
        codes, indptr = _gram_codes(flat, lens, known_only=True)
        pos = np.minimum(np.searchsorted(self.codes, codes), max(len(self.codes) - 1, 0))
        found = self.codes[pos] == codes if len(self.codes) else np.zeros(len(codes), bool)
        kept = np.concatenate([[0], np.cumsum(found)])
        return self.columns[pos[found]], kept[indptr]


def _gram_codes(
    ids: np.ndarray, lens: np.ndarray, known_only: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Gram codes of rows given as flat syllable ids (row ``i`` holds ``lens[i]`` of them):
    each row's unigrams in order, then its bigrams in order; and the rows' offsets. With
    ``known_only``, ids < 0 (unknown syllables) and grams containing them are left out."""
    n_tok = len(ids)
    tok_start = np.cumsum(lens) - lens
    row = np.repeat(np.arange(len(lens)), lens)
    pos = np.arange(n_tok) - tok_start[row]
    n_grams = lens + np.maximum(lens - 1, 0)
    gram_start = np.cumsum(n_grams) - n_grams
    codes = np.empty(int(n_grams.sum()), dtype=np.int64)
    uni_at = gram_start[row] + pos
    codes[uni_at] = ids
    first = np.flatnonzero(pos < lens[row] - 1)  # tokens followed by one in the same row
    bi_at = gram_start[row[first]] + lens[row[first]] + pos[first]
    codes[bi_at] = (ids[first] + 1) * _BIGRAM + ids[first + 1]
    indptr = np.zeros(len(lens) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(n_grams)
    if known_only:
        ok = np.ones(len(codes), dtype=bool)
        ok[uni_at] = ids >= 0
        ok[bi_at] = (ids[first] >= 0) & (ids[first + 1] >= 0)
        kept = np.concatenate([[0], np.cumsum(ok)])
        return codes[ok], kept[indptr]
    return codes, indptr


def _matrix(
    columns: np.ndarray, indptr: np.ndarray, n_columns: int, idf: np.ndarray
) -> sp.csr_matrix:
    counts = sp.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), columns.astype(np.int32), indptr),
        shape=(len(indptr) - 1, n_columns),
    )
    counts.sum_duplicates()  # repeated grams -> term counts
    counts.data *= idf[counts.indices].astype(np.float32)
    return _l2(counts)


def _keep_columns(m: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    """The columns of ``m`` in ``keep`` (a boolean mask), renumbered in order (cheaper than
    scipy's column slicing; each row keeps its entries in their order, so row products and
    norms are the same sums, and the dense operand of :func:`cosine_matrix` is smaller)."""
    inside = keep[m.indices]
    indptr = np.concatenate([[0], np.cumsum(inside)])[m.indptr]
    renumber = np.cumsum(keep) - 1
    return sp.csr_matrix(
        (m.data[inside], renumber[m.indices[inside]].astype(m.indices.dtype), indptr),
        shape=(m.shape[0], int(keep.sum())),
    )


def _l2(m: sp.csr_matrix) -> sp.csr_matrix:
    """Scale the rows of a CSR matrix to unit length, in place (empty rows stay zero)."""
    m = m.tocsr()
    cs = np.concatenate([[0.0], np.cumsum(m.data.astype(np.float64) ** 2)])
    sq = cs[m.indptr[1:]] - cs[m.indptr[:-1]]
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    m.data = (m.data / np.repeat(norms, np.diff(m.indptr))).astype(np.float32)
    return m


def _dense_transpose(m: sp.csr_matrix) -> np.ndarray:
    """``m.toarray(order="F").T``: the (columns x rows) C-contiguous dense array, written
    straight from the CSR arrays (scipy's F-order ``toarray`` converts to CSC first, a third
    of a cosine step). ``m`` must hold no duplicate entries (it then gives the same values);
    otherwise scipy's conversion is used."""
    if not m.has_canonical_format:
        dense: np.ndarray = m.toarray(order="F")
        return dense.T
    out = np.zeros((m.shape[1], m.shape[0]), dtype=m.dtype)
    out[m.indices, np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))] = m.data
    return out


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Positions where a run of equal values starts (0 first; np.r_ costs ten times more)."""
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


def _code_order(codes: np.ndarray) -> np.ndarray:
    """``np.argsort(codes, kind="stable")`` for gram codes.

    A code orders as the pair (its high part ``code >> 31``: 0 for a unigram, the first
    syllable's id + 1 for a bigram; its low part: the last syllable's id), so when both parts
    fit in 16 bits (syllable ids below 65,535: every process that has not met that many
    distinct syllables) two stable passes on ``uint16`` keys, low part then high part, give
    the same permutation; numpy sorts 16-bit keys by radix, about 4x faster than comparing
    int64. Otherwise (or for a negative code, whose unsigned high part is huge) the comparison
    sort."""
    unsigned = codes.view(np.uint64)
    high = unsigned >> np.uint64(31)
    low = unsigned & np.uint64(_BIGRAM - 1)
    if len(codes) and (high.max() >= _RADIX_LIMIT or low.max() >= _RADIX_LIMIT):
        return np.argsort(codes, kind="stable")
    by_low = np.argsort(low.astype(np.uint16), kind="stable")
    return by_low[np.argsort(high[by_low].astype(np.uint16), kind="stable")]


_RADIX_LIMIT = np.uint64(1 << 16)


def _first_seen_columns(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the distinct codes sorted, the column of each: its rank by first appearance, the column
    of every code). One stable sort: the first position of each run of equal codes is then
    its first appearance (``np.unique`` with ``return_index`` sorts, and the first positions
    had to be sorted again: a third of the TF-IDF step)."""
    if not len(codes):
        return codes, codes.astype(np.int64), codes.astype(np.int64)
    order = _code_order(codes)
    ranked = codes[order]
    starts = _run_starts(ranked)
    first = order[starts]  # a stable sort keeps equal codes in their order of appearance
    seen = np.zeros(len(codes), dtype=bool)
    seen[first] = True
    columns = np.cumsum(seen)[first] - 1
    column_of = np.empty(len(codes), dtype=np.int64)
    column_of[order] = np.repeat(columns, np.diff(starts, append=len(codes)))
    return ranked[starts], columns, column_of


def tfidf_matrix(
    keys: Sequence[str], words: KeyWords | None = None
) -> tuple[sp.csr_matrix, Vocabulary, np.ndarray]:
    """Fit TF-IDF on ``keys`` (match-key texts, one per row): returns (L2 rows, vocabulary, idf).

    ``words``: the looked-up words of ``keys`` (``engine.lexicon.key_words(keys)``, or
    ``sentence_words`` of the texts whose keys these are) if the caller has them already.
    Hand-built with scipy.sparse: about 3x faster than scikit-learn's TfidfVectorizer with a
    custom analyzer on AbMuSu clusters and avoids importing scikit-learn (docs/engine.md).
    idf = ln((1 + n) / (1 + df)) + 1, as scikit-learn's smooth idf.
    """
    words = words if words is not None else key_words(list(keys))
    flat, lens = words.syllables()
    codes, indptr = _gram_codes(flat, lens)
    uniq, columns, column_of = _first_seen_columns(codes)
    n = len(keys)
    counts = sp.csr_matrix(
        (np.ones(len(codes), dtype=np.float32), column_of.astype(np.int32), indptr),
        shape=(n, len(uniq)),
    )
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(uniq)).astype(np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    counts.data *= idf[counts.indices].astype(np.float32)
    return _l2(counts), Vocabulary(words.lexicon.syllable_ids, uniq, columns), idf


def cosine_matrix(x: sp.csr_matrix) -> np.ndarray | sp.csr_matrix:
    """All-pairs cosine of L2-normalized rows: dense up to DENSE_LIMIT rows, else pruned sparse."""
    n = x.shape[0]
    if n <= DENSE_LIMIT:
        if n * x.shape[1] <= _DENSE_OPERAND_MAX:
            # sparse x dense: the same float32 sums in the same order as sparse x sparse
            # (checked equal on AbMuSu), without building a sparse product; the dense operand
            # is made C-contiguous (scipy would copy a transposed one, at twice the cost)
            s = np.asarray(x @ _dense_transpose(x), dtype=np.float32)
        else:
            s = (x @ x.T).toarray().astype(np.float32)
        np.clip(s, 0.0, 1.0, out=s)
        np.fill_diagonal(s, 1.0)
        return s
    xt = x.T.tocsc()
    # Row blocks sized by their work (sum of the document frequencies of each row's terms):
    # scipy allocates that many entries before pruning, and frequent syllables make it grow
    # with n, so fixed 512-row blocks took over 1 GB at 14,000 sentences. Same result.
    df = np.bincount(x.indices, minlength=x.shape[1]).astype(np.int64)
    cs = np.concatenate([[0], np.cumsum(df[x.indices])])
    cum = np.cumsum(cs[x.indptr[1:]] - cs[x.indptr[:-1]])
    bounds = [0]
    while bounds[-1] < n:
        start = bounds[-1]
        done = cum[start - 1] if start else 0
        stop = int(np.searchsorted(cum, done + SPARSE_BLOCK_WORK, "right"))
        bounds.append(min(n, start + 512, max(stop, start + 1)))
    blocks = []
    for start, stop in pairwise(bounds):
        b = (x[start:stop] @ xt).tocsr()
        b.data[b.data < SPARSE_MIN_SIMILARITY] = 0.0
        b.eliminate_zeros()
        blocks.append(_top_k_rows(b, SPARSE_TOP_K))
    s = sp.vstack(blocks).tocsr().astype(np.float32)
    s.data = np.minimum(s.data, 1.0)
    s.setdiag(1.0)
    return s


def _top_k_rows(b: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep each row's ``k`` largest entries (ties: lower column first); others dropped.

    Bounds the sparse similarity at ``n * k`` entries: with frequent syllables (unigram
    vectors especially) most pairs pass SPARSE_MIN_SIMILARITY and the matrix grew as n^2.
    """
    counts = np.diff(b.indptr)
    if counts.max(initial=0) <= k:
        return b
    keep = np.ones(b.nnz, dtype=bool)
    for row in np.flatnonzero(counts > k):
        lo, hi = b.indptr[row], b.indptr[row + 1]
        order = np.lexsort((b.indices[lo:hi], -b.data[lo:hi]))
        keep[lo + order[k:]] = False
    b.data[~keep] = 0.0
    b.eliminate_zeros()
    return b


# --- centrality ---------------------------------------------------------------------------


def lexrank_scores(
    similarity: np.ndarray | sp.csr_matrix,
    threshold: float = LEXRANK_THRESHOLD,
    damping: float = LEXRANK_DAMPING,
    tol: float = 1e-6,
    max_iter: int = 200,
) -> np.ndarray:
    """Continuous LexRank (Erkan & Radev 2004) with an edge threshold, by power iteration.

    Edges are cosine weights (self-loops included, as in the paper); weights below
    ``threshold`` are dropped. Returns the stationary distribution (sums to 1).
    """
    n = similarity.shape[0]
    if n == 1:
        return np.ones(1)
    if isinstance(similarity, np.ndarray):
        w = np.where(similarity >= threshold, similarity, 0.0).astype(np.float64)
        rows = w.sum(axis=1)
        rows[rows == 0] = 1.0
        m = w / rows[:, None]
    else:
        w = similarity.copy().astype(np.float64)
        w.data[w.data < threshold] = 0.0
        w.eliminate_zeros()
        rows = np.asarray(w.sum(axis=1)).ravel()
        rows[rows == 0] = 1.0
        m = sp.diags(1.0 / rows) @ w
    mt = m.T
    p = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        nxt = damping / n + (1.0 - damping) * (mt @ p)
        nxt /= nxt.sum()
        if np.abs(nxt - p).sum() < tol:
            p = nxt
            break
        p = nxt
    return np.asarray(p).ravel()


# --- surface patterns ---------------------------------------------------------------------

_QUOTE = re.compile('["“”«»]')
_ATTRIBUTION = re.compile(
    r"\b(cho biết|nói|chia sẻ|khẳng định|nhấn mạnh|tuyên bố|phát biểu|thông tin|"
    r"theo (ông|bà|anh|chị|người)|trả lời|tiết lộ|bày tỏ|cho rằng|nhận định)\b"
)
_FIRST_PERSON = re.compile(r"\b(tôi|chúng tôi|chúng ta|mình|chúng em|em)\b")


def _unanchored(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``\\b(a|b|c)\\b`` without its word boundaries: a superset that ``re`` scans fast (a
    leading alternation of literals gets a first-character filter, a leading ``\\b`` none)."""
    assert rx.pattern.startswith(r"\b(") and rx.pattern.endswith(r")\b")
    return re.compile("(?:" + rx.pattern[3:-3] + ")")


_ATTRIBUTION_ANY = _unanchored(_ATTRIBUTION)
_FIRST_PERSON_ANY = _unanchored(_FIRST_PERSON)


# Per pattern above, one syllable of each of its phrases (the rarest in AbMuSu): a key that
# the pattern matches holds that syllable as a token of its own (every phrase is letters and
# single spaces between word boundaries, so each of its syllables is a whole run of letters:
# a token of ``text.tokens.key_syllables``). A key without any is skipped (tested per phrase).
_ATTRIBUTION_CUES = (
    "biết", "nói", "sẻ", "khẳng", "nhấn", "tuyên", "biểu", "tin", "theo", "lời", "lộ", "tỏ",
    "rằng", "nhận",
)  # fmt: skip
_FIRST_PERSON_CUES = ("tôi", "chúng", "mình", "em")


def _has_phrase(
    rx: re.Pattern[str],
    any_rx: re.Pattern[str],
    keys: list[str],
    maybe: np.ndarray | None = None,
) -> np.ndarray:
    """Per key: does ``rx`` match? (``any_rx``, its fast superset, rules most keys out; a
    search per key stops at its first hit, which beats one scan over all keys joined.)
    ``maybe``: False for keys known not to match (:func:`_holding`), which are not searched."""
    if maybe is None:
        maybe = np.ones(len(keys), dtype=bool)
    found = np.zeros(len(keys), dtype=bool)
    for i in np.flatnonzero(maybe).tolist():
        k = keys[i]
        found[i] = any_rx.search(k) is not None and rx.search(k) is not None
    return found


def _holding(words: KeyWords, cues: tuple[str, ...]) -> np.ndarray:
    """Per key of ``words``: does it hold one of the syllables ``cues`` as a token?"""
    ids = words.lexicon.syllable_ids
    cue_ids = [ids[c] for c in cues if c in ids]
    flat, lens = words.syllables()
    if not cue_ids:
        return np.zeros(len(lens), dtype=bool)
    return segment_sums(np.isin(flat, cue_ids), lens) > 0


# a sentence that opens on a pronoun/connector needing an antecedent in the previous sentence
_DANGLING = re.compile(
    r"(?m)^[\"“]?\s*(ông này|bà này|anh này|chị này|người này|điều này|việc này|vụ việc này|"
    r"đây là|đó là|tuy nhiên|trong khi đó|ngoài ra|bên cạnh đó|do đó|vì vậy|vì thế|"
    r"thế nhưng|nhưng|song|mặt khác|cũng theo|theo đó|sau đó|trước đó|cùng với đó|"
    r"ông|bà|anh|chị|họ|nó|đồng thời|hơn nữa|thêm vào đó|cụ thể|nói thêm)\b"
)
_STRONG_DANGLING = re.compile(
    r"(?m)^[\"“]?\s*(ông này|bà này|anh này|chị này|người này|điều này|việc này|vụ việc này|"
    r"tuy nhiên|trong khi đó|ngoài ra|bên cạnh đó|do đó|vì vậy|vì thế|thế nhưng|"
    r"mặt khác|theo đó|cùng với đó|đồng thời|hơn nữa|thêm vào đó|họ|nó)\b"
)


def is_dangling(key: str) -> bool:
    """True if a sentence (its match key) opens on a connector/pronoun needing an antecedent."""
    return _STRONG_DANGLING.match(key) is not None


def _same_word_counts(keys: list[str], counts: np.ndarray) -> bool:
    """Does each key hold ``counts[i]`` white-space-separated words?"""
    return np.array_equal(np.fromiter(map(len, map(str.split, keys)), np.int64, len(keys)), counts)


def _surface(cluster: Cluster, display: KeyWords, keyed: KeyWords) -> dict[str, np.ndarray]:
    """Cheap per-sentence surface features by name (plus ``letters``, the letter count):
    per-word table counts for the word-level patterns (digits and capitals of the displayed
    words from ``display``; letters and Vietnamese letters of the key words from ``keyed``),
    prefiltered regex searches for the phrase-level ones."""
    sents = cluster.sentences
    texts = [s.text for s in sents]
    keys = [s.key.replace("\n", " ") for s in sents]
    counts = display.words_per_key
    words = counts.astype(np.float64)
    nw = np.maximum(words, 1.0)
    letters = keyed.per_key(keyed.arrays.letters).astype(np.float64)
    vi = keyed.per_key(keyed.arrays.vietnamese).astype(np.float64)
    digits = display.per_key(display.arrays.digit).astype(np.float64)
    capital = display.arrays.capital[display.word_ids]
    caps = display.per_key(display.arrays.capital).astype(np.float64)
    # a capital opens a name only after a space: not the sentence's first word
    firsts = np.cumsum(counts) - counts
    has_words = counts > 0
    caps[has_words] -= capital[firsts[has_words]]
    tails = [t.rstrip()[-1:] for t in texts]
    strong = np.array([_STRONG_DANGLING.match(k) is not None for k in keys], dtype=bool)
    weak = np.array([_DANGLING.match(k) is not None for k in keys], dtype=bool)
    return {
        "numbers": digits / nw,
        "entities": caps / nw,
        "quotes": np.array([_QUOTE.search(t) is not None for t in texts], dtype=bool),
        "attribution": _has_phrase(
            _ATTRIBUTION, _ATTRIBUTION_ANY, keys, _holding(keyed, _ATTRIBUTION_CUES)
        ),
        "first_person": _has_phrase(
            _FIRST_PERSON, _FIRST_PERSON_ANY, keys, _holding(keyed, _FIRST_PERSON_CUES)
        ),
        "question": np.array([t == "?" for t in tails], dtype=bool),
        "exclamation": np.array([t == "!" for t in tails], dtype=bool),
        "heading": np.array([is_heading(t) for t in texts], dtype=bool),
        "dangling": np.where(strong, 1.0, np.where(weak, 0.5, 0.0)),
        "vietnamese": vi / np.maximum(letters, 1.0),
        "letters": letters,
    }


# --- the feature stage --------------------------------------------------------------------


def descending_ranks(values: np.ndarray) -> np.ndarray:
    """Rank of each value from the largest (0) to the smallest (n - 1); ties keep row order.

    The one ranking of the engine, in two scales: :func:`rank_fractions` (features and the
    learned model's ``@rank`` inputs) and ``select.percentile_ranks`` (MMR relevance)."""
    order = np.argsort(-np.asarray(values, dtype=np.float64), kind="stable")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(len(order))
    return ranks


def rank_fractions(values: np.ndarray) -> np.ndarray:
    """:func:`descending_ranks` scaled to [0, 1]: 0 = the largest value of the cluster."""
    return descending_ranks(values) / max(len(values) - 1, 1)


def _row_max_per_doc(sim_rows: np.ndarray, doc_of: np.ndarray, n_docs: int) -> np.ndarray:
    """(k, n) similarities -> (k, n_docs): the max similarity to any sentence of each doc."""
    bounds = _run_starts(doc_of)
    if len(bounds) == n_docs and np.all(np.diff(doc_of) >= 0):
        return np.maximum.reduceat(sim_rows, bounds, axis=1)
    out = np.zeros((sim_rows.shape[0], n_docs), dtype=sim_rows.dtype)
    for d in range(n_docs):
        cols = doc_of == d
        if cols.any():
            out[:, d] = sim_rows[:, cols].max(axis=1)
    return out


#: Most cells of a dense block the feature stage holds at once (about 32 MB of float64): the
#: sentence x document and vocabulary x document tables are built a block at a time, so memory
#: stays linear in the number of documents (10,000 one-sentence documents took 1.25 GB).
DENSE_BLOCK_CELLS = 4_000_000


def _block_rows(n: int, width: int, most: int = 1024) -> int:
    """Rows per block of a dense (rows x ``width``) table: ``most``, fewer for wide tables."""
    return max(1, min(most, DENSE_BLOCK_CELLS // max(width, 1)))


def _title_similarity(
    x: sp.csr_matrix, side: sp.csr_matrix, doc_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's cosine to its own document's title, and its largest to any title.

    Sparse sentences times dense title columns (the sums of the one-block product, bit for
    bit: a sentence's sum runs over its own terms whatever the columns), a block of titles
    at a time so the (vocabulary x documents) and (sentences x documents) tables stay small.
    """
    n, n_docs = x.shape[0], side.shape[0]
    title_sim = np.zeros(n)
    title_sim_max = np.full(n, -np.inf) if n_docs else np.zeros(n)
    step = max(1, DENSE_BLOCK_CELLS // max(x.shape[1] + n, 1))
    for d0 in range(0, n_docs, step):
        d1 = min(n_docs, d0 + step)
        part = side if (d0, d1) == (0, n_docs) else side[d0:d1]  # scipy slices slowly
        block = np.asarray(x @ _dense_transpose(part))  # (n, d1 - d0)
        np.maximum(title_sim_max, block.max(axis=1), out=title_sim_max)
        mine = np.flatnonzero((doc_of >= d0) & (doc_of < d1))
        title_sim[mine] = block[mine, doc_of[mine] - d0]
    return title_sim, title_sim_max


def compute_features(cluster: Cluster) -> Features:
    """Compute every shared feature of ``cluster`` (vectorized; one similarity matrix)."""
    sents = cluster.sentences
    n = len(sents)
    n_docs = len(cluster.documents)
    doc_of = np.fromiter((s.doc_index for s in sents), dtype=np.int64, count=n)
    index = np.fromiter((s.index for s in sents), dtype=np.float64, count=n)
    para = np.fromiter((s.paragraph for s in sents), dtype=np.float64, count=n)
    display = sentence_words([s.text for s in sents])
    length = display.words_per_key.astype(np.float64)  # = Sentence.n_syllables

    doc_sent = np.bincount(doc_of, minlength=n_docs).astype(np.float64)
    doc_syll = np.bincount(doc_of, weights=length, minlength=n_docs)
    n_sent_doc = doc_sent[doc_of]
    rel_pos = index / np.maximum(n_sent_doc - 1, 1)
    # paragraph numbers count source lines (blank ones too): rank them within each document
    first_of_para = np.concatenate(([True], (para[1:] != para[:-1]) | (doc_of[1:] != doc_of[:-1])))
    para_rank = np.cumsum(first_of_para) - 1
    doc_start = _run_starts(doc_of)
    para_rank = (
        para_rank - para_rank[doc_start][np.searchsorted(doc_start, np.arange(n), "right") - 1]
    )
    n_para_doc = np.zeros(n_docs)
    np.maximum.at(n_para_doc, doc_of, para_rank + 1)
    rel_para = para_rank / np.maximum(n_para_doc[doc_of] - 1, 1)

    # the display table gives each word's key analysis too; Sentence.key is by construction
    # the words' keys joined by single spaces, checked by word count (else: its own words)
    keys = [s.key for s in sents]
    words = display if _same_word_counts(keys, display.words_per_key) else key_words(keys)
    x, vocab, idf = tfidf_matrix(keys, words)
    sim = cosine_matrix(x)
    # LexRank runs on syllable unigrams only (Erkan & Radev's word vectors): on AbMuSu
    # validation this gives ROUGE-2 30.9 for lexrank-mmr against 28.2 with uni+bigrams
    lexrank = lexrank_scores(cosine_matrix(_l2(_keep_columns(x, vocab.unigram_mask()))))
    lex_norm = lexrank * n  # 1.0 = average centrality

    # centroid: mean TF-IDF vector of the cluster
    # (= x.mean(axis=0), same float32 sums in the same order, without scipy's 0.25 ms overhead)
    centroid = np.zeros(x.shape[1], dtype=np.float32)
    np.add.at(centroid, x.indices, x.data * np.float32(1.0 / max(n, 1)))
    cnorm = np.linalg.norm(centroid) or 1.0
    centroid_sim = np.asarray(x @ (centroid / cnorm)).ravel()

    # similarity to titles (vectors in the cluster's vocabulary). AbMuSu's `anchor_text` (a lead
    # paragraph that only that data set has) is not read: no method used it, and it was the
    # costliest text of this step.
    titles = [d.title for d in cluster.documents]
    side = _vectorize(titles, vocab, idf, x.shape[1])
    title_sim, title_sim_max = _title_similarity(x, side, doc_of)

    # similarity to the document's first sentence (a document left without sentences by the
    # cleaner has no run in doc_start: index runs by sentence, not by document number)
    first_rows = doc_start[np.searchsorted(doc_start, np.arange(n), "right") - 1]
    if isinstance(sim, np.ndarray):
        lead_sim = sim[np.arange(n), first_rows]
    else:
        lead_sim = np.asarray(sim[np.arange(n), first_rows]).ravel()

    # cross-document support (blocks of rows keep memory bounded on big clusters)
    max_other = np.zeros(n)
    mean_other = np.zeros(n)
    support = np.zeros(n)
    step = _block_rows(n, max(n, n_docs))
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step))
        per_doc = _row_max_per_doc(
            sim[rows] if isinstance(sim, np.ndarray) else sim[rows].toarray(), doc_of, n_docs
        )
        per_doc[np.arange(len(rows)), doc_of[rows]] = 0.0
        max_other[rows] = per_doc.max(axis=1) if n_docs > 1 else 0.0
        mean_other[rows] = per_doc.sum(axis=1) / max(n_docs - 1, 1)
        support[rows] = (per_doc >= CITE_THRESHOLD).sum(axis=1)
    support_frac = support / max(n_docs - 1, 1)

    # centrality within the own document: mean cosine to the doc's other sentences
    if isinstance(sim, np.ndarray):
        same = doc_of[:, None] == doc_of[None, :]
        doc_centrality = (np.where(same, sim, 0.0).sum(axis=1) - 1.0) / np.maximum(
            n_sent_doc - 1, 1
        )
    else:
        doc_centrality = np.zeros(n)
        coo = sim.tocoo()
        keep = (doc_of[coo.row] == doc_of[coo.col]) & (coo.row != coo.col)
        np.add.at(doc_centrality, coo.row[keep], coo.data[keep])
        doc_centrality /= np.maximum(n_sent_doc - 1, 1)

    surface = _surface(cluster, display, words)
    letters = surface.pop("letters")
    doc_vi = np.bincount(
        doc_of, weights=surface["vietnamese"] * letters, minlength=n_docs
    ) / np.maximum(np.bincount(doc_of, weights=letters, minlength=n_docs), 1)

    cols = {
        "index": index,
        "rel_position": rel_pos,
        "is_first": (index == 0).astype(float),
        "is_first_of_paragraph": first_of_para.astype(float),
        "paragraph": para_rank.astype(float),
        "rel_paragraph": rel_para,
        "length": length,
        "doc_sentences": n_sent_doc,
        "doc_syllables": doc_syll[doc_of],
        "n_docs": np.full(n, float(n_docs)),
        "lexrank": lex_norm,
        "lexrank_rank": rank_fractions(lexrank),
        "centroid": centroid_sim,
        "title_sim": title_sim,
        "title_sim_max": title_sim_max,
        "lead_sim": lead_sim,
        "support": support,
        "support_frac": support_frac,
        "max_other_sim": max_other,
        "mean_other_sim": mean_other,
        "doc_centrality": doc_centrality,
        **surface,
        "doc_vietnamese": doc_vi[doc_of],
    }
    matrix = np.column_stack([np.asarray(cols[name], dtype=np.float64) for name in FEATURE_NAMES])
    return Features(
        names=FEATURE_NAMES,
        matrix=matrix,
        tfidf=x,
        similarity=sim,
        doc_of=doc_of,
        lengths=length.astype(np.int64),
        vocabulary=vocab,
        idf=idf,
        has_digit=(surface["numbers"] > 0).tolist(),  # a word with a digit: "numbers" > 0
    )
