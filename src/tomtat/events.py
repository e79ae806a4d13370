"""Event clustering of an article stream: single articles -> event clusters, online.

Named ``events`` (not ``cluster``) so it is not confused with :class:`tomtat.model.Cluster`.

Algorithm (single pass, streaming; state = the active events only)
    * Each article becomes a hashed TF-IDF vector (the hashing trick, so no vocabulary fit is
      needed): syllable unigrams + bigrams of the text, the same of the title (weight
      :data:`TITLE_WEIGHT`), and unigrams + bigrams of its *name-like* tokens (capitalized
      not at a sentence start, or with a digit: "Nalusa", "Quảng Ngãi", "U19", "9.400";
      weight :data:`ENTITY_WEIGHT`); tone placement canonical, lower case, sublinear TF, each
      part unit length, then the sum normalized.
    * IDF = log((1 + N) / (1 + df)) + 1 over a *prior* (document frequencies of the 621
      AbMuSu train articles, shipped in ``events_data/df_prior.npz``, built by
      ``benchmarks/build_event_prior.py``) plus the articles seen so far. The prior makes a
      5-article stream weigh words like a news archive would, instead of from 5 articles.
      Features in more than :data:`MAX_DF` of the articles (function words) get weight 0:
      they only add a similarity baseline to every pair, and dropping them makes the sparse
      products 2x cheaper.
    * An arriving article is compared with every *active* event by average link (mean cosine
      to its articles). It joins the most similar event if that similarity is at least
      ``threshold``, otherwise it starts a new event.
    * Merge pass (bounded, once per micro-batch): each event that grew is merged with another
      active event when their average link (mean cosine over all cross pairs) reaches the
      threshold. This repairs order effects: an article that opened its own event because the
      article tying it to an existing event had not arrived yet. The older event id survives.
    * An event is active while its newest article is at most ``window_days`` older than the
      stream's clock (the newest day-precise date seen). Articles without such a date do not
      move the clock and never expire an event, so an undated stream is one open window
      (bounded by ``max_active_docs``: the least recently updated events are closed first).

Articles are vectorized in micro-batches (``chunk``) for speed but assigned strictly one after
another; only the online IDF and the merge pass run per micro-batch. The similarity to an event
is computed without materializing centroids: with unit vectors, ``sum_{d in c} v.d`` is one
``bincount`` of the article's dot products with the active articles, divided by the event size.
:meth:`EventClusterer.add` returns the labels as known at the end of each micro-batch; a later
merge can still join two of them: :attr:`EventClusterer.labels` is always current.

The defaults (threshold, name weight, max_df) were chosen on AbMuSu *train* articles by
``benchmarks/bench_clustering.py`` (the window on a simulated dated stream), with the shipped
example cluster (examples/bao-nalusa) required to stay one event in every arrival order;
docs/scale.md has the tables for train, validation and the pool.
"""

from __future__ import annotations

import datetime as _dt
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

DEFAULT_THRESHOLD = 0.14
DEFAULT_WINDOW_DAYS = 3.0
TITLE_WEIGHT = 0.6
SIZE_EXPONENT = 1.0
LEAD_SYLLABLES = 0  # 0: the whole text
N_FEATURES = 2**20
MAX_ACTIVE_DOCS = 20_000
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


def parse_day(date: str | None, month: bool = True) -> float | None:
    """``"YYYY-MM-DD[...]"`` or ``"YYYY-MM"`` -> day number (float); anything else -> None.

    ``month=False`` refuses month-only dates (the clusterer's window needs a day: a
    "2024-11" dateline must not read as 1 November and close a 19 November event).
    """
    if not date or not isinstance(date, str):
        return None
    s = date.strip()
    try:
        if len(s) >= 10 and s[4] == "-" and s[7] == "-":
            return float(_dt.date.fromisoformat(s[:10]).toordinal())
        if month and len(s) == 7 and s[4] == "-":
            return float(_dt.date(int(s[:4]), int(s[5:7]), 1).toordinal())
    except ValueError:
        return None
    return None


class EventClusterer:
    """Online event clustering. Feed articles with :meth:`add`; read :attr:`labels`.

    ``labels[i]`` is the event index of the i-th article added (events are numbered in order of
    creation). :meth:`pop_closed` returns events whose window has passed (for feeds; their
    articles are then released); :meth:`events` returns every event not yet popped.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        window_days: float | None = DEFAULT_WINDOW_DAYS,
        *,
        title_weight: float = TITLE_WEIGHT,
        size_exponent: float = SIZE_EXPONENT,
        lead_syllables: int = LEAD_SYLLABLES,
        n_features: int = N_FEATURES,
        max_active_docs: int = MAX_ACTIVE_DOCS,
        prior_docs: int = PRIOR_DOCS,
        entity_weight: float = ENTITY_WEIGHT,
        idf_prior: bool = True,
        merge: bool = True,
        max_df: float = MAX_DF,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise UsageError(f"--threshold must be in (0, 1], got {threshold}")
        if window_days is not None and window_days < 0:
            raise UsageError(f"--window-days must be >= 0, got {window_days}")
        import numpy as np
        import scipy.sparse as sp

        self.threshold = threshold
        self.window_days = window_days
        self.title_weight = title_weight
        self.size_exponent = size_exponent
        self.lead_syllables = lead_syllables
        self.n_features = n_features
        self.max_active_docs = max_active_docs
        self.prior_docs = prior_docs
        self.entity_weight = entity_weight
        self.max_df = max_df
        self._tok_ids: dict[str, int] = {}
        prior = load_df_prior(n_features) if idf_prior else None
        self._prior_n = prior[0] if prior else 0
        self._df = prior[1].copy() if prior else np.zeros(n_features, dtype=np.float32)
        self._n_seen = 0
        self._clock: float | None = None
        # every event ever made: its articles (None once popped) and whether it is still open
        self._members: list[list[tuple[int, Document]] | None] = []  # (arrival, article)
        self._alias: dict[int, int] = {}  # merged event -> the event it was merged into
        self._open: list[bool] = []
        self._popped = 0  # events before this index were all popped
        # the active events, by slot (compacted after each chunk)
        self._rows = sp.csr_matrix((0, n_features), dtype=np.float32)  # active articles
        self._row_slot = np.zeros(0, dtype=np.int64)
        self._slot_event = np.zeros(0, dtype=np.int64)
        self._slot_norm2 = np.zeros(0)  # ||sum of member vectors||^2
        self._slot_size = np.zeros(0)
        self._slot_last = np.zeros(0)  # newest date (day number), nan when none
        self._slot_touched = np.zeros(0, dtype=np.int64)  # arrival number of the last join
        self._slot_active = np.zeros(0, dtype=bool)
        self._labels: list[int] = []
        self.merge = merge

    @property
    def labels(self) -> list[int]:
        """Event index of every article added, in arrival order (after merges)."""
        return self._resolve(self._labels)

    def _resolve(self, events: list[int]) -> list[int]:
        alias = self._alias
        if not alias:
            return list(events)
        out = []
        for e in events:
            root = e
            while root in alias:
                root = alias[root]
            while e in alias and alias[e] != root:  # path compression
                alias[e], e = root, alias[e]
            out.append(root)
        return out

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
        self._df += np.bincount(present.indices, minlength=self.n_features).astype(np.float32)
        self._n_seen += len(docs)
        n = self._n_seen + self._prior_n + self.prior_docs
        idf = np.log((1.0 + n) / (1.0 + self._df)).astype(np.float32) + 1.0
        if self.max_df < 1.0 and n >= MAX_DF_MIN_DOCS:
            # stop features: in many articles, they only add a baseline to every similarity
            # (not on a tiny stream without the prior, where every word is in 10% of it)
            idf[self._df > self.max_df * n] = 0.0
        total = None
        for m, w in parts:
            m.data = (1.0 + np.log(m.data)) * idf[m.indices]
            m.eliminate_zeros()
            m = normalize(m) * w
            total = m if total is None else total + m
        return normalize(total).tocsr()

    # ---- the stream -----------------------------------------------------------------------

    def add(self, docs: Iterable[Document], chunk: int = CHUNK) -> list[int]:
        """Add articles in arrival order; returns their event indices."""
        got: list[int] = []
        batch: list[Document] = []
        for d in docs:
            batch.append(d)
            if len(batch) >= chunk:
                got.extend(self._add_chunk(batch))
                batch = []
        if batch:
            got.extend(self._add_chunk(batch))
        return got

    def _add_chunk(self, docs: list[Document]) -> list[int]:
        import numpy as np
        import scipy.sparse as sp

        x = self.vectorize(docs)
        b, n_prev = len(docs), self._rows.shape[0]
        # dots[i, j]: article i of the chunk . active article j (then the chunk's own articles)
        dots = np.zeros((b, n_prev + b), dtype=np.float64)
        if n_prev:
            dots[:, :n_prev] = (x @ self._rows.T).toarray()
        dots[:, n_prev:] = (x @ x.T).toarray()
        row_slot = np.concatenate([self._row_slot, np.zeros(b, dtype=np.int64)])
        k = len(self._slot_event)
        grow = k + b  # at most one new event per article
        norm2 = np.resize(self._slot_norm2, grow)
        size = np.resize(self._slot_size, grow)
        last = np.resize(self._slot_last, grow)
        touched = np.resize(self._slot_touched, grow)
        active = np.resize(self._slot_active, grow)
        slot_event = np.resize(self._slot_event, grow)
        gamma = self.size_exponent
        chunk_slots: set[int] = set()
        self._chunk_slot_event = slot_event
        for i, d in enumerate(docs):
            day = parse_day(d.date, month=False)
            if day is not None and (self._clock is None or day > self._clock):
                self._clock = day
                if self.window_days is not None:  # nan (undated events) never expires
                    active[:k] &= ~(day - last[:k] > self.window_days)
            n = n_prev + i
            best = -1
            if k and n:
                s = np.bincount(row_slot[:n], weights=dots[i, :n], minlength=k)
                denom = size[:k] if gamma == 1.0 else np.sqrt(norm2[:k])
                if 0.0 < gamma < 1.0:
                    denom = denom ** (1.0 - gamma) * size[:k] ** gamma
                sim = np.where(active[:k], s / np.maximum(denom, 1e-12), -1.0)
                cand = int(np.argmax(sim))
                if sim[cand] >= self.threshold:
                    best = cand
            arrival = len(self._labels)
            self_dot = dots[i, n]
            if best >= 0:
                norm2[best] += 2.0 * s[best] + self_dot
                size[best] += 1
                if day is not None:
                    last[best] = day if math.isnan(last[best]) else max(last[best], day)
                event = int(slot_event[best])
                self._members[event].append((arrival, d))  # type: ignore[union-attr]
            else:
                best, k = k, k + 1
                norm2[best], size[best] = self_dot, 1
                last[best] = day if day is not None else math.nan
                active[best] = True
                event = len(self._members)
                slot_event[best] = event
                self._members.append([(arrival, d)])
                self._open.append(True)
            touched[best] = arrival
            row_slot[n] = best
            chunk_slots.add(best)
            self._labels.append(event)
        rows = sp.vstack([self._rows, x], format="csr") if n_prev else x
        if self.merge and k > 1:
            self._merge_pass(rows, row_slot, k, chunk_slots, norm2, size, last, touched, active)
        self._compact(rows, row_slot, k, norm2, size, last, touched, active, slot_event)
        return self._resolve(self._labels[len(self._labels) - b :])

    def _merge_pass(self, rows, row_slot, k, slots, norm2, size, last, touched, active) -> None:
        """Second, bounded merge pass: an event that grew in this micro-batch is merged with
        another active event when their average link (mean cosine over all cross pairs)
        reaches the threshold. It repairs order effects of the single pass (an article that
        opened its own event before the articles that tie it to an existing one arrived).
        Cost: one sparse product of the touched events' sums with the active articles."""
        import numpy as np
        import scipy.sparse as sp

        slot_event = self._chunk_slot_event
        cand = np.array(sorted(j for j in slots if active[j]), dtype=np.int64)
        if not len(cand):
            return
        n_rows = rows.shape[0]
        ind = sp.csr_matrix(
            (np.ones(n_rows, dtype=np.float32), (row_slot[:n_rows], np.arange(n_rows))),
            shape=(k, n_rows),
        )
        sums = ind[cand] @ rows  # each touched event's sum of member vectors
        cross = np.asarray(((sums @ rows.T) @ ind.T).todense(), dtype=np.float64)
        link = cross / np.maximum(np.outer(size[cand], size[:k]), 1e-12)
        link[np.arange(len(cand)), cand] = -1.0
        link[:, ~active[:k]] = -1.0
        pos = {int(j): i for i, j in enumerate(cand)}
        while True:
            i, e = np.unravel_index(int(np.argmax(link)), link.shape)
            if link[i, e] < self.threshold:
                break
            a, b = int(cand[i]), int(e)
            link[i, :] = -1.0
            link[:, [a, b]] = -1.0
            if b in pos:
                link[pos[b], :] = -1.0
            if slot_event[b] < slot_event[a]:  # the older event survives (stable ids)
                a, b = b, a
            norm2[a] += norm2[b] + 2.0 * cross[i, e]
            size[a] += size[b]
            last[a] = np.fmax(last[a], last[b])
            touched[a] = max(touched[a], touched[b])
            row_slot[:n_rows][row_slot[:n_rows] == b] = a
            active[b] = False
            keep, gone = int(slot_event[a]), int(slot_event[b])
            merged = self._members[keep] + self._members[gone]  # type: ignore[operator]
            self._members[keep] = sorted(merged, key=lambda t: t[0])
            self._members[gone] = None
            self._alias[gone] = keep

    def _compact(self, rows, row_slot, k, norm2, size, last, touched, active, slot_event) -> None:
        """Keep the active events only; close the stalest beyond ``max_active_docs``."""
        import numpy as np

        active = active[:k].copy()
        n_rows = int(size[:k][active].sum())
        if n_rows > self.max_active_docs:
            for slot in sorted(np.flatnonzero(active), key=lambda j: touched[j]):
                if n_rows <= self.max_active_docs:
                    break
                active[slot] = False
                n_rows -= int(size[slot])
        for slot in np.flatnonzero(~active):
            self._open[int(slot_event[slot])] = False
        remap = np.cumsum(active) - 1
        keep_rows = active[row_slot]
        self._rows = rows if keep_rows.all() else rows[keep_rows]
        self._row_slot = remap[row_slot[keep_rows]]
        self._slot_event = slot_event[:k][active]
        self._slot_norm2 = norm2[:k][active]
        self._slot_size = size[:k][active]
        self._slot_last = last[:k][active]
        self._slot_touched = touched[:k][active]
        self._slot_active = np.ones(int(active.sum()), dtype=bool)

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
