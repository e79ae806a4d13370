"""Feature-stage memory grows linearly with the number of documents (issue 19).

10,000 one-sentence documents took 1.25 GB and 25,000 took 7.4 GB: the titles were turned into
one dense vocabulary x documents table and multiplied into a dense sentences x documents one.
They are now built a block of titles at a time (``DENSE_BLOCK_CELLS``); the results are the
same sums, bit for bit.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import scipy.sparse as sp

from tomtat.engine import features
from tomtat.engine.features import DENSE_BLOCK_CELLS, _block_rows, _title_similarity


def _random_rows(n: int, vocab: int, per_row: int, seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    cols = rng.integers(0, vocab, size=(n, per_row))
    data = rng.random((n, per_row), dtype=np.float32)
    m = sp.csr_matrix((data.ravel(), (np.repeat(np.arange(n), per_row), cols.ravel())), (n, vocab))
    m.sum_duplicates()
    return m


def test_title_similarity_is_the_one_block_product_bit_for_bit(monkeypatch):
    x = _random_rows(300, 500, 12, 1)
    side = _random_rows(120, 500, 6, 2)
    doc_of = np.sort(np.random.default_rng(3).integers(0, 120, 300))
    full = np.asarray(x @ side.T.toarray())
    monkeypatch.setattr(features, "DENSE_BLOCK_CELLS", 9_000)  # blocks of 11 titles
    own, best = _title_similarity(x, side, doc_of)
    assert np.array_equal(own, full[np.arange(300), doc_of])
    assert np.array_equal(best, full.max(axis=1))


def test_many_documents_do_not_make_a_dense_vocabulary_by_documents_table():
    # 8,000 one-sentence documents over 40,000 terms: the one-block product allocated
    # 40,000 x 8,000 x 4 bytes (1.3 GB) plus 8,000 x 8,000 x 4 (256 MB)
    x = _random_rows(8_000, 40_000, 15, 4)
    side = _random_rows(8_000, 40_000, 6, 5)
    doc_of = np.arange(8_000)
    tracemalloc.start()
    try:
        own, best = _title_similarity(x, side, doc_of)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert own.shape == best.shape == (8_000,)
    assert np.all(best >= own)
    assert peak < 12 * DENSE_BLOCK_CELLS + 10_000_000, peak  # a few blocks of float32/64


def test_support_blocks_shrink_with_the_width():
    assert _block_rows(1_000, 1_000) == 1024  # normal clusters: unchanged
    for width in (4_000, 25_000, 10**7):
        assert 1 <= _block_rows(width, width) * width <= max(DENSE_BLOCK_CELLS, width)
