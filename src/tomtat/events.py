"""Event clustering of an article stream: single articles -> event clusters, online.

Named ``events`` (not ``cluster``) so it is not confused with :class:`tomtat.model.Cluster`.

Algorithm (streaming, in micro-batches; state = the articles of the open events)
    * Each article becomes a hashed TF-IDF vector (the hashing trick, so no vocabulary fit is
      needed): syllable unigrams + bigrams of the text, the same of the title (weight
      :data:`TITLE_WEIGHT`), and unigrams + bigrams of its *name-like* tokens (capitalized
      not at a sentence start, or with a digit: "Nalusa", "Quảng Ngãi", "U19", "9.400";
      weight :data:`ENTITY_WEIGHT`); tone placement canonical, lower case, sublinear TF, each
      part unit length, then the sum normalized. A vector is fixed when its article arrives.
    * IDF = log((1 + N) / (1 + df)) + 1 over a *prior* (document frequencies of the 621
      AbMuSu train articles, shipped in ``events_data/df_prior.npz``, built by
      ``benchmarks/build_event_prior.py``) plus the articles seen so far. The prior makes a
      5-article stream weigh words like a news archive would, instead of from 5 articles.
      Features in more than :data:`MAX_DF` of the articles (function words) get weight 0:
      they only add a similarity baseline to every pair, and dropping them makes the sparse
      products 2x cheaper.
    * The open events are always the **complete-link clustering of the active articles cut
      at** ``threshold``: every two articles of an event have cosine >= threshold, and no
      two events could be joined under that rule by the agglomerative order. It is kept
      incrementally: the clusterer keeps the similarity graph of the active articles (edges
      = pairs at >= threshold, with their cosine; each new article's edges come from the one
      sparse product of the micro-batch with the active articles), and after each
      micro-batch it re-clusters only the connected components that received a new article.
      That is exact (complete link cut at t never joins two components: every pair across
      them is below t) and cheap (components are small: at most 112-128 articles on the 925
      pooled AbMuSu articles), and it needs no other similarity than the stored edges (a
      pair below t blocks a merge whatever its value). A component larger than
      ``max_recluster`` is re-clustered only around its new articles: they and the events
      they have an edge to (:meth:`EventClusterer._region`), which bounds the cost.
    * So **an open event can still change** when articles arrive: grow, absorb another open
      event (an article that ties them), or split (an article closer to some of its members
      than they are to the rest). Event ids stay stable: the old event a new group shares
      most articles with keeps its id; an absorbed event's id disappears. What a feed
      consumer sees: :meth:`EventClusterer.add` returns the labels as of the end of each
      micro-batch, :attr:`EventClusterer.labels` the current ones; an event is final once
      it closes, and :meth:`EventClusterer.pop_closed` returns only closed events.
    * An event is open while its newest dated article is at most ``window_days`` older than
      the stream's clock (the newest day-precise date seen). Articles without such a date do
      not move the clock and never expire an event, so an undated stream is one open window
      (bounded by ``max_active_docs``: the least recently updated events are closed first).
      A micro-batch ends early where a dated article would close an event, so the window is
      exact per article.

Complete link replaced online average link (assignment to the best event at 0.14 plus a merge
pass) in 2026-11: on AbMuSu train it scores B-cubed F1 0.936 vs 0.917, validation 0.943 vs
0.922, pooled train+validation 0.920 vs 0.899, at the same speed; the average link could not
undo an early wrong join, which complete link over the window re-decides at every micro-batch.

The defaults (threshold, name weight, max_df) were chosen on AbMuSu *train* articles by
``benchmarks/bench_clustering.py`` (the window on a simulated dated stream), with the shipped
example cluster (examples/bao-nalusa) required to stay one event in every arrival order;
docs/scale.md has the tables for train, validation and the pool.
"""

from __future__ import annotations

import functools
import json
import math
import os
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .model import Document
from .text.dates import day_number

DEFAULT_THRESHOLD = 0.105
DEFAULT_WINDOW_DAYS = 3.0
TITLE_WEIGHT = 0.6
LEAD_SYLLABLES = 0  # 0: the whole text
N_FEATURES = 2**20
MAX_ACTIVE_DOCS = 20_000
MAX_RECLUSTER = 1_000  # articles regrouped at once (scipy linkage: ~15 ms at 1,000)
CHUNK = 256
PRIOR_DOCS = 0
ENTITY_WEIGHT = 0.6
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

    path = resources.files(__package__).joinpath("events_data", PRIOR_FILE)
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


@dataclass(frozen=True, slots=True)
class Event:
    """One event cluster: its id and its articles in arrival order."""

    id: str
    documents: tuple[Document, ...]

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(sorted(d.date for d in self.documents if d.date))

    def to_record(self) -> dict[str, Any]:
        """The cluster schema of ``tomtat batch``: ``{"id", "documents": [...], ...}``."""
        docs = []
        for d in self.documents:
            rec: dict[str, Any] = {"id": d.id, "title": d.title, "text": d.text}
            for key in ("source", "date", "url"):
                value = getattr(d, key)
                if value:
                    rec[key] = value
            for key, value in d.meta.items():
                rec.setdefault(key, value)
            docs.append(rec)
        out: dict[str, Any] = {"id": self.id, "documents": docs, "size": len(docs)}
        dates = self.dates
        if dates:
            out["first_date"], out["last_date"] = dates[0], dates[-1]
        return out


def _cut(tree, m: int, height: float):
    """Flat cluster labels of ``m`` items from a linkage ``tree``, cut at ``height``.

    What ``scipy.cluster.hierarchy.fcluster(tree, height, "distance")`` returns for a
    monotone linkage (complete link), without its validation pass (~0.3 ms per call,
    which dominated on many small components): merges are sorted by height, so the ones
    below the cut come first.
    """
    import numpy as np

    parent = np.arange(2 * m - 1)
    for k in range(int(np.searchsorted(tree[:, 2], height, side="right"))):
        parent[int(tree[k, 0])] = parent[int(tree[k, 1])] = m + k
    labels = np.arange(m)
    while True:  # follow the parents up (depth <= number of merges)
        up = parent[labels]
        if (up == labels).all():
            return labels
        labels = up


class EventClusterer:
    """Online event clustering. Feed articles with :meth:`add`; read :attr:`labels`.

    ``labels[i]`` is the event index of the i-th article added (events are numbered in order of
    creation). While an event is open its articles may still be regrouped (see the module doc:
    events can grow, merge or split at each micro-batch); once closed it is final.
    :meth:`pop_closed` returns events whose window has passed (for feeds; their articles are
    then released); :meth:`events` returns every event not yet popped.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        window_days: float | None = DEFAULT_WINDOW_DAYS,
        *,
        title_weight: float = TITLE_WEIGHT,
        lead_syllables: int = LEAD_SYLLABLES,
        n_features: int = N_FEATURES,
        max_active_docs: int = MAX_ACTIVE_DOCS,
        max_recluster: int = MAX_RECLUSTER,
        prior_docs: int = PRIOR_DOCS,
        entity_weight: float = ENTITY_WEIGHT,
        idf_prior: bool = True,
        max_df: float = MAX_DF,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise UsageError(f"--threshold must be in (0, 1], got {threshold}")
        if window_days is not None and window_days < 0:
            raise UsageError(f"--window-days must be >= 0, got {window_days}")
        if max_recluster < 2:
            raise UsageError(f"max_recluster must be at least 2, got {max_recluster}")
        import numpy as np
        import scipy.sparse as sp

        self.threshold = threshold
        self.window_days = window_days
        self.title_weight = title_weight
        self.lead_syllables = lead_syllables
        self.n_features = n_features
        self.max_active_docs = max_active_docs
        self.max_recluster = max_recluster
        self.prior_docs = prior_docs
        self.entity_weight = entity_weight
        self.max_df = max_df
        self._tok_ids: dict[str, int] = {}
        prior = load_df_prior(n_features) if idf_prior else None
        self._prior_n = prior[0] if prior else 0
        self._df = prior[1].copy() if prior else np.zeros(n_features, dtype=np.float32)
        self._n_seen = 0
        self._clock: float | None = None  # newest day-precise date seen (day number)
        self._min_last = math.inf  # oldest "newest date" among the open events
        # every event ever made: its articles (None once popped or absorbed) and whether open
        self._members: list[list[tuple[int, Document]] | None] = []  # (arrival, article)
        self._open: list[bool] = []
        self._popped = 0  # events before this index were all popped
        self._labels: list[int] = []  # current event of every article, by arrival
        # the active articles (those of open events), one row each, in arrival order
        self._rows = sp.csr_matrix((0, n_features), dtype=np.float32)
        self._row_event = np.zeros(0, dtype=np.int64)
        self._row_arrival = np.zeros(0, dtype=np.int64)
        self._row_day = np.zeros(0)  # nan when undated
        self._row_doc: list[Document] = []
        # similarity graph of the active articles: edges (i < j) with similarity >= threshold
        self._edge_i = np.zeros(0, dtype=np.int64)
        self._edge_j = np.zeros(0, dtype=np.int64)
        self._edge_w = np.zeros(0, dtype=np.float32)  # their cosine
        self.reclustered = 0  # articles re-clustered so far (a cost counter for benchmarks)

    @property
    def labels(self) -> list[int]:
        """Event index of every article added, in arrival order (as of the last micro-batch)."""
        return list(self._labels)

    # ---- vectors --------------------------------------------------------------------------

    def _token_codes(self, texts: Sequence[str]):
        """Per text, the codes of its whitespace tokens: ``(codes, bounds)``.

        A code is ``crc32(key) << 2 | flags`` where ``key`` is the token stripped of
        punctuation, with canonical tone placement ("hoà" = "hòa"), lower case; flag 1 marks
        a *name-like* token (capitalized or with a digit), flag 2 a token that ends a sentence.
        Code 0 is a punctuation-only token (it breaks n-grams). Each distinct token is coded
        once, in a cache; the rest is numpy.
        """
        import numpy as np

        from .text.normalize import canonical_tones

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
        bodies, titles = [], []
        for d in docs:
            text = d.text
            if self.lead_syllables:
                text = " ".join(text.split(maxsplit=self.lead_syllables)[: self.lead_syllables])
            bodies.append(_fold(text))
            titles.append(_fold(d.title) if d.title else "")
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
        n = self._n_seen + self._prior_n + self.prior_docs
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

    # ---- the stream -----------------------------------------------------------------------

    def add(self, docs: Iterable[Document], chunk: int = CHUNK) -> list[int]:
        """Add articles in arrival order; returns their event indices as known at the end of
        their micro-batch (an open event can still merge or split later: :attr:`labels`).

        A micro-batch ends after ``chunk`` articles, or earlier when a dated article would
        close an open event (so no article is grouped with an event that had closed before
        it arrived: the window is exact per article, as in a one-by-one stream).
        """
        got: list[int] = []
        batch: list[Document] = []
        lo, hi = math.inf, -math.inf  # oldest and newest day of the pending batch
        for d in docs:
            day = day_number(d.date, month=False) if self.window_days is not None else None
            if (
                batch
                and day is not None
                and day > max(hi, self._clock if self._clock is not None else -math.inf)
                and day - min(lo, self._min_last) > self.window_days  # type: ignore[operator]
            ):
                got.extend(self._add_chunk(batch))
                batch, lo, hi = [], math.inf, -math.inf
            batch.append(d)
            if day is not None:
                lo, hi = min(lo, day), max(hi, day)
            if len(batch) >= chunk:
                got.extend(self._add_chunk(batch))
                batch, lo, hi = [], math.inf, -math.inf
        if batch:
            got.extend(self._add_chunk(batch))
        return got

    def _add_chunk(self, docs: list[Document]) -> list[int]:
        import numpy as np
        import scipy.sparse as sp

        days = np.array(
            [d if (d := day_number(doc.date, month=False)) is not None else np.nan for doc in docs]
        )
        if not np.isnan(days).all():
            newest = float(np.nanmax(days))
            if self._clock is None or newest > self._clock:
                self._clock = newest
                if self.window_days is not None:
                    self._expire(newest - self.window_days)
        x = self.vectorize(docs)
        b, n_prev = len(docs), self._rows.shape[0]
        t = self.threshold
        # new edges: chunk article i . active article j, and within the chunk (i < j)
        ei, ej, ew = [self._edge_i], [self._edge_j], [self._edge_w]
        if n_prev:
            dots = (x @ self._rows.T).toarray()
            i, j = np.nonzero(dots >= t)
            ei.append(j)
            ej.append(i + n_prev)
            ew.append(dots[i, j])
        dots = np.triu((x @ x.T).toarray(), 1)
        i, j = np.nonzero(dots >= t)
        ei.append(i + n_prev)
        ej.append(j + n_prev)
        ew.append(dots[i, j])
        self._edge_i, self._edge_j = np.concatenate(ei), np.concatenate(ej)
        self._edge_w = np.concatenate(ew).astype(np.float32)
        first = len(self._labels)
        self._rows = sp.vstack([self._rows, x], format="csr") if n_prev else x
        self._row_event = np.concatenate([self._row_event, np.full(b, -1, dtype=np.int64)])
        self._row_arrival = np.concatenate(
            [self._row_arrival, np.arange(first, first + b, dtype=np.int64)]
        )
        self._row_day = np.concatenate([self._row_day, days])
        self._row_doc.extend(docs)
        self._labels.extend([-1] * b)
        self._recluster(n_prev)
        self._bound_active()
        self._update_min_last()
        return self._labels[first:]

    def _recluster(self, n_prev: int) -> None:
        """Regroup the connected components (of the similarity graph at ``threshold``) that
        received an article of this micro-batch, by offline complete-link clustering.

        Exact: complete link cut at t never joins two articles of different components (every
        pair across them is below t), so clustering each touched component alone gives the
        same partition as clustering the whole active set, and the untouched components keep
        theirs. Components above ``max_recluster`` articles are regrouped only around the new
        articles (see :meth:`_region`), which bounds the cost."""
        import numpy as np
        import scipy.sparse as sp
        from scipy.sparse.csgraph import connected_components

        n = self._rows.shape[0]
        graph = sp.csr_matrix(
            (np.ones(len(self._edge_i), dtype=np.int8), (self._edge_i, self._edge_j)),
            shape=(n, n),
        )
        _, comp = connected_components(graph, directed=False)
        order = np.argsort(comp, kind="stable")  # rows of a component stay in arrival order
        bounds = np.concatenate([[0], np.cumsum(np.bincount(comp))])
        touched = np.unique(comp[n_prev:])
        # the edges of each touched component, grouped by component
        e_comp = comp[self._edge_i]
        sel = np.flatnonzero(np.isin(e_comp, touched))
        sel = sel[np.argsort(e_comp[sel], kind="stable")]
        e_bounds = np.searchsorted(e_comp[sel], touched, side="left")
        e_ends = np.searchsorted(e_comp[sel], touched, side="right")
        pos = np.full(n, -1, dtype=np.int64)
        sym = None
        for c, e0, e1 in zip(touched.tolist(), e_bounds.tolist(), e_ends.tolist(), strict=True):
            rows = order[bounds[c] : bounds[c + 1]]
            whole = len(rows) <= self.max_recluster
            if not whole:
                if sym is None:
                    sym = (graph + graph.T).tocsr()
                rows = self._region(rows[rows >= n_prev], sym)
            edges = sel[e0:e1]
            self._regroup(rows, self._groups(rows, edges, pos, whole))

    def _groups(self, rows, edges, pos, whole: bool):
        """Complete-link clusters of ``rows`` (active articles, in arrival order) at
        ``threshold``, from the graph ``edges`` among them.

        Only similarities >= t matter for complete link cut at t: a pair below t keeps its two
        clusters apart whatever its value (their distance is above the cut), and merges below
        the cut are ordered by pairs that are all >= t. So the cosines stored on the edges
        are enough: no product is recomputed (``pos`` is scratch, all -1 on entry and exit).
        """
        import numpy as np
        from scipy.cluster.hierarchy import linkage

        m = len(rows)
        if m == 1 or (m == 2 and whole):  # one article, or two joined by an edge
            return [rows]
        pos[rows] = np.arange(m)
        i, j = pos[self._edge_i[edges]], pos[self._edge_j[edges]]
        pos[rows] = -1
        ok = (i >= 0) & (j >= 0)
        i, j, w = i[ok], j[ok], self._edge_w[edges][ok]
        if len(i) == m * (m - 1) // 2:  # a clique: one event
            return [rows]
        sim = np.zeros((m, m))
        sim[i, j] = w
        sim[j, i] = w
        dist = 1.0 - sim[np.triu_indices(m, 1)]
        flat = _cut(linkage(np.clip(dist, 0.0, None), "complete"), m, 1.0 - self.threshold + 1e-9)
        return [rows[flat == k] for k in np.unique(flat)]

    def _region(self, new_rows, sym):
        """The part of an oversized component that is regrouped: the new articles and the
        events they have an edge to, strongest-tied events first, up to ``max_recluster``
        articles (the new ones always included). Other events of the component are kept."""
        import numpy as np

        nbr = sym[new_rows].indices
        events = self._row_event[nbr]
        events = events[events >= 0]
        ev, ties = np.unique(events, return_counts=True)
        keep = np.zeros(self._rows.shape[0], dtype=bool)
        keep[new_rows] = True
        budget = self.max_recluster - len(new_rows)
        size = np.bincount(
            np.searchsorted(ev, self._row_event[np.isin(self._row_event, ev)]), minlength=len(ev)
        )
        for k in np.lexsort((ev, -ties)):
            if size[k] <= budget:
                keep |= self._row_event == ev[k]
                budget -= size[k]
        return np.flatnonzero(keep)

    def _regroup(self, rows, groups) -> None:
        """Give each group an event id, so ids stay stable while events change: the old event
        a group shares most articles with keeps its id (ties: the older event, then the group
        with the older first article); the other groups open new events in order of their
        first article; old events left with no group were absorbed (their ids disappear)."""
        import numpy as np

        old = self._row_event[rows]
        pairs = []  # (-overlap, old event, first arrival, group index)
        for g, grp in enumerate(groups):
            ev, cnt = np.unique(self._row_event[grp], return_counts=True)
            first = int(self._row_arrival[grp[0]])  # rows are in arrival order
            pairs.extend(
                (-int(c), int(e), first, g) for e, c in zip(ev, cnt, strict=True) if e >= 0
            )
        pairs.sort()
        taken: dict[int, int] = {}  # group -> event
        used: set[int] = set()
        for _, e, _, g in pairs:
            if g not in taken and e not in used:
                taken[g], _ = e, used.add(e)
        fresh = sorted(
            (g for g in range(len(groups)) if g not in taken),
            key=lambda g: int(self._row_arrival[groups[g]].min()),
        )
        for g in fresh:
            taken[g] = len(self._members)
            self._members.append([])
            self._open.append(True)
        for e in set(old[old >= 0].tolist()) - used:
            self._members[e] = None  # absorbed into other events
        for g, grp in enumerate(groups):
            e = taken[g]
            if len(grp) == 1 and self._row_event[grp[0]] == e:
                continue
            self._row_event[grp] = e
            self._members[e] = [
                (int(a), self._row_doc[r]) for r, a in zip(grp, self._row_arrival[grp], strict=True)
            ]
            for a in self._row_arrival[grp]:
                self._labels[a] = e
        self.reclustered += len(rows)

    def _expire(self, cutoff: float) -> None:
        """Close the open events whose newest dated article is older than ``cutoff``."""
        import numpy as np

        if not len(self._row_event):
            return
        ev, inv = np.unique(self._row_event, return_inverse=True)
        last = np.full(len(ev), -np.inf)
        np.fmax.at(last, inv, self._row_day)  # nan (undated) never counts
        last[np.isneginf(last)] = np.nan
        closing = last < cutoff  # nan: undated events never expire
        if closing.any():
            self._close(ev[closing])

    def _bound_active(self) -> None:
        """Close the least recently updated events beyond ``max_active_docs`` articles."""
        import numpy as np

        n = len(self._row_event)
        if n <= self.max_active_docs:
            return
        ev, inv, size = np.unique(self._row_event, return_inverse=True, return_counts=True)
        touched = np.zeros(len(ev), dtype=np.int64)
        np.maximum.at(touched, inv, self._row_arrival)
        closing = []
        for k in np.argsort(touched, kind="stable"):
            if n <= self.max_active_docs:
                break
            closing.append(ev[k])
            n -= int(size[k])
        self._close(np.array(closing, dtype=np.int64))

    def _close(self, events) -> None:
        """Close ``events`` (final from now on) and drop their articles from the active set."""
        import numpy as np

        for e in events.tolist():
            self._open[e] = False
        keep = ~np.isin(self._row_event, events)
        remap = np.cumsum(keep) - 1
        ok = keep[self._edge_i] & keep[self._edge_j]
        self._edge_i, self._edge_j = remap[self._edge_i[ok]], remap[self._edge_j[ok]]
        self._edge_w = self._edge_w[ok]
        self._rows = self._rows[keep]
        self._row_event = self._row_event[keep]
        self._row_arrival = self._row_arrival[keep]
        self._row_day = self._row_day[keep]
        self._row_doc = [d for d, k in zip(self._row_doc, keep.tolist(), strict=True) if k]

    def _update_min_last(self) -> None:
        import numpy as np

        if self.window_days is None or not len(self._row_event):
            self._min_last = math.inf
            return
        ev, inv = np.unique(self._row_event, return_inverse=True)
        last = np.full(len(ev), -np.inf)
        np.fmax.at(last, inv, self._row_day)
        dated = last[np.isfinite(last)]
        self._min_last = float(dated.min()) if len(dated) else math.inf

    # ---- results --------------------------------------------------------------------------

    def _event(self, e: int) -> Event:
        return Event(f"event-{e + 1:06d}", tuple(d for _, d in self._members[e] or ()))

    def events(self, min_size: int = 1) -> list[Event]:
        """Every event not yet popped (closed and open), in order of creation."""
        return [
            self._event(e)
            for e, m in enumerate(self._members)
            if m is not None and len(m) >= max(1, min_size)
        ]

    def pop_closed(self, min_size: int = 1) -> list[Event]:
        """Events whose window has passed, not returned before; their articles are released."""
        out = []
        for e in range(self._popped, len(self._members)):
            m = self._members[e]
            if m is not None and not self._open[e]:
                if len(m) >= max(1, min_size):
                    out.append(self._event(e))
                self._members[e] = None
        while self._popped < len(self._members) and self._members[self._popped] is None:
            self._popped += 1
        return out


def cluster_events(
    docs: Iterable[Document],
    threshold: float = DEFAULT_THRESHOLD,
    window_days: float | None = DEFAULT_WINDOW_DAYS,
    **options: Any,
) -> list[Event]:
    """Cluster a stream of articles (in arrival order) into events; see the module doc."""
    clusterer = EventClusterer(threshold, window_days, **options)
    clusterer.add(docs)
    return clusterer.events()


# ---- input ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleError:
    """A line of the input that could not be read as an article (1-based ``line``)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}: line {self.line}: {self.message}"


_KNOWN = ("id", "text", "title", "source", "date", "url")


def _document(obj: dict[str, Any], fallback_id: str, extra: dict[str, Any] | None = None):
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError('article has no "text" string')
    date = obj.get("date")
    meta = {k: v for k, v in obj.items() if k not in _KNOWN}
    if extra:
        meta.update(extra)
    return Document(
        id=str(obj.get("id") or fallback_id),
        text=text,
        title=str(obj.get("title") or ""),
        source=str(obj.get("source") or ""),
        date=date if isinstance(date, str) and date else None,
        url=str(obj.get("url") or ""),
        meta=meta,
    )


def iter_articles(
    path: str | os.PathLike[str],
) -> Iterator[Document | ArticleError]:
    """Articles of ``path`` in file order.

    A JSONL file holds either one article per line (``{"id","title","text","date",...}``) or
    clusters in the data schema, whose documents are pooled (the cluster id is kept in
    ``meta["cluster_id"]``). A directory is read with :func:`tomtat.io.read.read_paths`.
    A bad line yields an :class:`ArticleError` and the stream goes on.
    """
    p = Path(path)
    if str(path) != "-" and not p.exists():
        raise InputError(f"no such file or directory: {p}")
    if p.is_dir():
        from .io.read import read_paths

        yield from read_paths([p])
        return
    import sys

    fh = sys.stdin if str(path) == "-" else open(p, encoding="utf-8", errors="replace")  # noqa: SIM115
    name = "stdin" if str(path) == "-" else str(p)
    try:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except ValueError as exc:
                yield ArticleError(name, lineno, f"not JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                yield ArticleError(name, lineno, "expected a JSON object")
                continue
            try:
                if isinstance(obj.get("documents"), list):
                    cid = obj.get("id")
                    for j, d in enumerate(obj["documents"], 1):
                        if not isinstance(d, dict):
                            raise ValueError(f"document {j} is not an object")
                        yield _document(d, f"l{lineno}-d{j}", {"cluster_id": cid})
                else:
                    yield _document(obj, f"l{lineno}")
            except ValueError as exc:
                yield ArticleError(name, lineno, str(exc))
    finally:
        if fh is not sys.stdin:
            fh.close()


# ---- evaluation -------------------------------------------------------------------------------


def bcubed(truth: Sequence[Any], predicted: Sequence[Any]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga & Baldwin 1998).

    For each item: precision = share of its predicted cluster that shares its true class;
    recall = share of its true class that is in its predicted cluster; both averaged over
    items, F1 = their harmonic mean. Empty input -> (1.0, 1.0, 1.0).
    """
    from collections import Counter

    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} true labels but {len(predicted)} predicted labels")
    n = len(truth)
    if n == 0:
        return 1.0, 1.0, 1.0
    pair = Counter(zip(truth, predicted, strict=True))
    t_size = Counter(truth)
    p_size = Counter(predicted)
    # every item of the (t, p) cell has the same per-item precision and recall
    prec = sum(c * c / p_size[p] for (t, p), c in pair.items()) / n
    rec = sum(c * c / t_size[t] for (t, p), c in pair.items()) / n
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1
