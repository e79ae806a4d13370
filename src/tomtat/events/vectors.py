"""Article vectors for event clustering: hashed syllable n-grams, TF-IDF with a shipped prior.

See :mod:`tomtat.events` for the design; :class:`EventVectorizer` holds the online IDF.
"""

from __future__ import annotations

import functools
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

from ..model import Document

TITLE_WEIGHT = 0.6
ENTITY_WEIGHT = 0.6
N_FEATURES = 2**20
MAX_DF = 0.1
MAX_DF_MIN_DOCS = 50  # max_df applies once the IDF counts at least this many articles


_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»“”‘’„‚…–—―•·°§¶†‡※"


def _fold(text: str) -> str:
    """Cheap per-text folding (NFC); case and tone placement are handled per token."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


_SENTENCE_END = ".!?:…"
_P_UNI, _P_BI, _P_ENT, _P_ENT2 = 7_919, 1_000_003, 104_729, 999_983
HASH_VERSION = 2  # bump when the token key or the column formulas change (the prior follows)


def _token_code(tok: str, canonical_tones: Callable[[str], str]) -> int:
    """``crc32(key) << 2 | flags`` of one whitespace token; 0 for punctuation only.

    ``key``: stripped of punctuation, canonical tone placement, lower case. Flags: 1 = name-like
    (first letter upper case, or a digit in it: "Nalusa", "U19", "9.400"), 2 = ends a sentence.
    """
    core = tok.strip(_PUNCT)
    if not core or not any(c.isalnum() for c in core):
        return 0
    key = core.lower() if core.isascii() else canonical_tones(core).lower()
    flags = 0
    if core[0].isupper() or any(c.isdigit() for c in core):
        flags |= 1
    if tok.rstrip("\"'”’»)]")[-1:] in _SENTENCE_END:
        flags |= 2
    return ((zlib.crc32(key.encode("utf-8")) | 1) << 2) | flags


PRIOR_FILE = "df_prior.npz"


@functools.lru_cache(maxsize=4)
def load_df_prior(n_features: int = 2**20) -> tuple[int, Any] | None:
    """The shipped document-frequency prior: ``(n_docs, df)`` with ``df`` a float32 array of
    ``n_features``, or None when the file is missing or was built for another hashing.

    Built from the AbMuSu *train* articles by ``benchmarks/build_event_prior.py`` (features
    seen in at least two articles; a plain ``.npz`` of integer arrays, loaded without pickle).
    """
    import numpy as np

    path = resources.files(__package__).joinpath("data", PRIOR_FILE)
    try:
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
            meta = z["meta"]
            if int(meta[1]) != n_features or int(meta[2]) != HASH_VERSION:
                return None
            df = np.zeros(n_features, dtype=np.float32)
            df[z["cols"]] = z["df"]
            return int(meta[0]), df
    except (FileNotFoundError, KeyError, ValueError, OSError):
        return None


class EventVectorizer:
    """Unit-length TF-IDF vectors of articles; the IDF counts the shipped prior (unless
    ``idf_prior=False``) plus every article vectorized so far."""

    def __init__(
        self,
        *,
        title_weight: float = TITLE_WEIGHT,
        entity_weight: float = ENTITY_WEIGHT,
        max_df: float = MAX_DF,
        idf_prior: bool = True,
    ) -> None:
        import numpy as np

        self.n_features = N_FEATURES
        self.title_weight = title_weight
        self.entity_weight = entity_weight
        self.max_df = max_df
        self._tok_ids: dict[str, int] = {}
        prior = load_df_prior(N_FEATURES) if idf_prior else None
        self.prior_n = prior[0] if prior else 0
        self._df = prior[1].copy() if prior else np.zeros(N_FEATURES, dtype=np.float32)
        self._n_seen = 0

    def _token_codes(self, texts: Sequence[str]):
        """Per text, the codes of its whitespace tokens: ``(codes, bounds)``.

        A code is ``crc32(key) << 2 | flags`` where ``key`` is the token stripped of
        punctuation, with canonical tone placement ("hoà" = "hòa"), lower case; flag 1 marks
        a *name-like* token (capitalized or with a digit), flag 2 a token that ends a sentence.
        Code 0 is a punctuation-only token (it breaks n-grams). Each distinct token is coded
        once, in a cache; the rest is numpy.
        """
        import numpy as np

        from ..text.normalize import canonical_tones

        cache = self._tok_ids
        token_lists = [t.split() for t in texts]
        new = set().union(*token_lists).difference(cache) if token_lists else set()
        for tok in new:
            cache[tok] = _token_code(tok, canonical_tones)
        lookup = cache.__getitem__
        codes: list[int] = []
        starts = [0]
        for toks in token_lists:
            codes.extend(map(lookup, toks))
            starts.append(len(codes))
        if len(cache) > 2_000_000:  # an endless stream of new tokens: bound the cache
            cache.clear()
        return np.asarray(codes, dtype=np.uint64), np.asarray(starts, dtype=np.int64)

    def _ngram_counts(self, texts: Sequence[str], entities: bool = False):
        """Count matrices of hashed syllable unigrams + bigrams of ``texts`` and, with
        ``entities``, of their name-like unigrams + bigrams (a separate hash space).

        The hashing trick, vectorized: a unigram's column is ``(h * P1) mod n_features``, a
        bigram's ``(h1 * P2 + h2) mod n_features``, computed in numpy, so no n-gram string is
        ever built. (scikit-learn's HashingVectorizer builds and murmur-hashes one Python
        string per n-gram: the same idea, several times slower here.) Bigrams never cross a
        text boundary or a punctuation-only token. A name-like token counts as a name only when
        it does not open a sentence (Vietnamese capitalizes sentence openers, not words).
        """
        import numpy as np

        n_docs, nf = len(texts), np.uint64(self.n_features)
        codes, bounds = self._token_codes(texts)
        doc = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(bounds))
        h = codes >> np.uint64(2)
        word = h != 0
        same = np.zeros(len(codes), dtype=bool)  # token i-1 and token i are in one text
        if len(codes) > 1:
            same[1:] = doc[1:] == doc[:-1]
        bi = same[1:] & word[:-1] & word[1:]  # bigram (i, i+1)
        rows = [doc[word], doc[:-1][bi]]
        cols = [
            (h[word] * np.uint64(_P_UNI)) % nf,
            (h[:-1][bi] * np.uint64(_P_BI) + h[1:][bi]) % nf,
        ]
        ent_m = None
        if entities:
            ends = (codes & np.uint64(2)) != 0
            opener = np.ones(len(codes), dtype=bool)
            opener[1:] = ~same[1:] | ends[:-1]
            name = word & ((codes & np.uint64(1)) != 0) & ~opener
            nbi = name[:-1] & name[1:]
            e_rows = np.concatenate([doc[name], doc[:-1][nbi]])
            e_cols = np.concatenate(
                [
                    (h[name] * np.uint64(_P_ENT) + np.uint64(1)) % nf,
                    (h[:-1][nbi] * np.uint64(_P_ENT2) + h[1:][nbi]) % nf,
                ]
            )
            ent_m = self._csr(e_rows, e_cols, n_docs)
        return self._csr(np.concatenate(rows), np.concatenate(cols), n_docs), ent_m

    def _csr(self, rows, cols, n_rows: int):
        import numpy as np
        import scipy.sparse as sp

        m = sp.csr_matrix(
            (np.ones(len(cols), dtype=np.float32), (rows, cols.astype(np.int64))),
            shape=(n_rows, self.n_features),
            dtype=np.float32,
        )
        m.sum_duplicates()
        return m

    def features(self, docs: Sequence[Document]):
        """Raw n-gram counts of ``docs``: ``(parts, present)``; ``parts`` is a list of
        ``(count matrix, weight)`` (body, title, names) and ``present`` marks each feature an
        article has (for document frequencies)."""
        bodies = [_fold(d.text) for d in docs]
        titles = [_fold(d.title) if d.title else "" for d in docs]
        use_ent = self.entity_weight > 0
        body, ent_b = self._ngram_counts(bodies, use_ent)
        title, ent_t = self._ngram_counts(titles, use_ent)
        parts = [(body, 1.0), (title, self.title_weight)]
        present = body + title
        if use_ent:
            ent = ent_b + ent_t
            parts.append((ent, self.entity_weight))
            present = present + ent
        present = present.tocsr()
        present.data[:] = 1.0
        return parts, present

    def vectorize(self, docs: Sequence[Document]):
        """Unit-length TF-IDF vectors of ``docs`` (updates the online IDF first).

        ``normalize(body + title_weight * title + entity_weight * names)``, each part a
        sublinear-TF x IDF vector of unit length; the IDF counts the shipped prior's document
        frequencies plus those seen so far in the stream.
        """
        import numpy as np
        from sklearn.preprocessing import normalize

        parts, present = self.features(docs)
        # on the columns in use only: the whole 2^20-column IDF cost ~10 ms per call, which
        # made a feed that adds one article at a time ~2x slower (same values either way)
        cols, counts = np.unique(present.indices, return_counts=True)
        self._df[cols] += counts.astype(np.float32)
        self._n_seen += len(docs)
        n = self._n_seen + self.prior_n
        stop = self.max_df < 1.0 and n >= MAX_DF_MIN_DOCS

        def idf(columns):
            df = self._df[columns]
            out = np.log((1.0 + n) / (1.0 + df)).astype(np.float32) + 1.0
            if stop:
                # stop features: in many articles, they only add a baseline to every
                # similarity (not on a tiny stream without the prior, where every word is
                # in 10% of it)
                out[df > self.max_df * n] = 0.0
            return out

        total = None
        for m, w in parts:
            m.data = (1.0 + np.log(m.data)) * idf(m.indices)
            m.eliminate_zeros()
            m = normalize(m) * w
            total = m if total is None else total + m
        return normalize(total).tocsr()
