"""Process-wide integer ids for words, and what the features need of them.

The feature stage reads every word of every sentence for several things: the syllable tokens
of its match key (TF-IDF), whether the key holds a letter and a Vietnamese letter, whether the
displayed word holds a digit or starts with a capital (surface features). News text reuses a
small vocabulary, so each distinct word is analysed once per process and stored in arrays; a
cluster then costs one dict lookup per word (done in C through ``map``) and array gathers,
instead of regex passes and a fresh per-cluster dictionary of syllables.

* A *word* is a white-space-delimited piece of a text. Two tables: :func:`sentence_words`
  takes display words (``Sentence.text``) and analyses each one's match key
  (:func:`tomtat.text.normalize.key_of_word`, the ``key_of_normalized`` of the word: tone
  placement, lower case and the quote map act within a word, and a key is its words' keys
  joined by single spaces, so the words of ``Sentence.key`` are exactly these keys);
  :func:`key_words` takes words that are keys already. A word's syllables are
  :func:`tomtat.text.tokens.key_syllables` of its key (no token spans white space, so the
  tokens of a key are those of its words, in order).
* A new word is analysed once, word by word (:func:`_analyse`): a key made of letters only,
  or of letters between punctuation ("nói:", "(ảnh"; 85 % of the new words of AbMuSu
  validation together), is one syllable and one letter run without any regex; the others go
  through the regexes whose counts the arrays hold (property-tested equal).
* Syllable ids are process-wide too, so TF-IDF grams are integer codes (engine.features).
* Thread safety: a new word is registered under a lock, its arrays written before its id is
  published; arrays only grow, by copy, so a reader that looked its words up first and then
  takes :meth:`Lexicon.arrays` sees every entry it needs.
* Memory is bounded: past :data:`MAX_WORDS` words a fresh lexicon replaces the current one
  (:func:`current`); objects built on the old one keep it alive as long as they need it.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat

import numpy as np

from ..text.normalize import key_of_word
from ..text.tokens import _TOKEN as TOKEN  # key_syllables is TOKEN.findall

MAX_WORDS = 100_000  # ~26 MB per table when full (measured with tracemalloc)

# A word's letters: runs of word characters whose first non-digit is a letter ("ba", "u19",
# "12a"); and runs holding a Vietnamese-specific letter ("hà", "đê"). Counted per word.
LETTER_RUN = re.compile(r"\b\d*[^\W\d_]\w*")
VIETNAMESE_RUN = re.compile(
    r"\b\w*[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]\w*"
)
# Of the displayed word: a digit anywhere (a figure: "9.400", "U19"); a capital first (a name).
UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
DIGIT = re.compile(r"\d")
CAPITAL_FIRST = re.compile(rf"(?m)^[{UPPER}]")


_STATS = ("first", "count", "letters", "vietnamese", "digit", "capital")


@dataclass(frozen=True)
class WordArrays:
    """A consistent view of the lexicon's per-word arrays (index = word id)."""

    first: np.ndarray  # index of the word's first syllable in ``syllables``
    count: np.ndarray  # number of syllables of the word
    letters: np.ndarray  # letter runs in the word's key
    vietnamese: np.ndarray  # runs with a Vietnamese-specific letter in the key
    digit: np.ndarray  # 1 if the word holds a digit
    capital: np.ndarray  # 1 if the word starts with a capital letter
    syllables: np.ndarray  # syllable ids, word after word


class Lexicon:
    """Append-only table: word -> id -> syllable ids and letter counts.

    ``key_of``: the word's match key (``None``: the words are keys already)."""

    def __init__(self, key_of: Callable[[str], str] | None = None) -> None:
        self.key_of = key_of
        self._lock = threading.Lock()
        self.word_ids: dict[str, int] = {}
        self.syllable_ids: dict[str, int] = {}
        self._n_words = 0
        self._n_syll = 0
        # one row per word, one column per WordArrays field (first, count, letters,
        # vietnamese, digit, capital)
        self._stats = np.zeros((1024, len(_STATS)), dtype=np.int64)
        self._syll = np.zeros(4096, dtype=np.int64)

    def __len__(self) -> int:
        return self._n_words

    def ids(self, words: list[str]) -> np.ndarray:
        """Ids of ``words`` (registering the new ones: only they are looked up again)."""
        ids = np.fromiter(map(self.word_ids.get, words, repeat(-1)), np.int64, len(words))
        new = np.flatnonzero(ids < 0).tolist()
        if new:
            self._register({words[i] for i in new})
            ids[new] = [self.word_ids[words[i]] for i in new]
        return ids

    def arrays(self) -> WordArrays:
        n, m = self._n_words, self._n_syll
        stats = self._stats[:n]
        columns = {name: stats[:, j] for j, name in enumerate(_STATS)}
        return WordArrays(**columns, syllables=self._syll[:m])

    def _register(self, words: set[str]) -> None:
        """Add ``words`` in bulk: their arrays are written before their ids are published."""
        with self._lock:
            new = [w for w in words if w not in self.word_ids]
            if not new:
                return
            keys = new if self.key_of is None else list(map(self.key_of, new))
            rows = list(map(_analyse, new, keys))
            flat = list(chain.from_iterable(r[0] for r in rows))
            syl = self.syllable_ids
            for t in dict.fromkeys(flat):
                if t not in syl:
                    syl[t] = len(syl)
            w0, s0 = self._n_words, self._n_syll
            w1, s1 = w0 + len(new), s0 + len(flat)
            self._grow(w1, s1)
            self._syll[s0:s1] = np.fromiter(map(syl.__getitem__, flat), np.int64, len(flat))
            stats = np.array([r[1:] for r in rows], dtype=np.int64).reshape(len(rows), 5)
            counts = stats[:, 0]
            self._stats[w0:w1] = np.column_stack([s0 + np.cumsum(counts) - counts, stats])
            self._n_syll, self._n_words = s1, w1
            self.word_ids.update(zip(new, range(w0, w1), strict=True))  # published last

    def _grow(self, words: int, syllables: int) -> None:
        if words > len(self._stats):
            self._stats = _resized(self._stats, max(words, 2 * len(self._stats)))
        if syllables > len(self._syll):
            self._syll = _resized(self._syll, max(syllables, 2 * len(self._syll)))


_VIETNAMESE_LETTERS = frozenset(VIETNAMESE_RUN.pattern.split("[")[1].split("]")[0])
_UPPER_LETTERS = frozenset(string.ascii_uppercase + UPPER.removeprefix("A-Z"))


# Characters that are never part of a \w run (ASCII punctuation and the quotes, brackets and
# dashes of news text, tested): a key of letters between such characters ("nói:", "(ảnh",
# '"tôi') is one syllable and one letter run, like a key of letters alone.
_EDGES = "\"'()[]{}<>.,:;!?-/%*&+=~|…“”‘’«»–—"


def _analyse(word: str, key: str) -> tuple[list[str] | tuple[str], int, int, int, int, int]:
    """(syllables of ``key``, their number, its letter runs, its runs with a Vietnamese
    letter, does ``word`` hold a digit, does it open on a capital). A key of letters only
    (most words), or of letters with punctuation around them (most others), is one syllable
    and one letter run, without a regex."""
    core = key if key.isalpha() else key.strip(_EDGES)
    if core.isalpha():  # no digit, no "_", no mark outside a letter: one \w run of letters
        tokens: list[str] | tuple[str] = (core,)
        letters, vietnamese = 1, int(not _VIETNAMESE_LETTERS.isdisjoint(core))
    else:
        tokens = TOKEN.findall(key)
        letters, vietnamese = len(LETTER_RUN.findall(key)), len(VIETNAMESE_RUN.findall(key))
    digit = 0 if word.isalpha() else int(DIGIT.search(word) is not None)
    capital = int(word[:1] in _UPPER_LETTERS)  # a word holds no line break: CAPITAL_FIRST
    return tokens, len(tokens), letters, vietnamese, digit, capital


def _resized(a: np.ndarray, size: int) -> np.ndarray:
    """``a`` with ``size`` rows, the new ones zero."""
    out = np.zeros((size, *a.shape[1:]), dtype=a.dtype)
    out[: len(a)] = a
    return out


_tables = {"key": Lexicon(), "display": Lexicon(key_of_word)}
_swap_lock = threading.Lock()


def current(kind: str = "key") -> Lexicon:
    """The process's lexicon of ``kind`` ("key": words that are match keys; "display": words
    of display text); a fresh one replaces it once it holds :data:`MAX_WORDS` words."""
    table = _tables[kind]
    if len(table) >= MAX_WORDS:
        with _swap_lock:
            table = _tables[kind]
            if len(table) >= MAX_WORDS:
                table = _tables[kind] = Lexicon(table.key_of)
    return table


@dataclass(frozen=True)
class KeyWords:
    """The words of a list of keys, looked up: per-key word counts and per-word arrays."""

    lexicon: Lexicon
    word_ids: np.ndarray  # all words of all keys, in order
    words_per_key: np.ndarray
    arrays: WordArrays

    def syllables(self) -> tuple[np.ndarray, np.ndarray]:
        """(syllable ids of all keys in order, syllables per key); computed once (TF-IDF and
        the surface features both read them)."""
        return self._syllables

    @cached_property
    def _syllables(self) -> tuple[np.ndarray, np.ndarray]:
        a = self.arrays
        count = a.count[self.word_ids]
        starts = a.first[self.word_ids]
        offsets = np.cumsum(count) - count
        idx = np.repeat(starts - offsets, count) + np.arange(int(count.sum()))
        return a.syllables[idx], segment_sums(count, self.words_per_key)

    def per_key(self, per_word: np.ndarray) -> np.ndarray:
        """Sum of ``per_word[word id]`` over each key's words."""
        return segment_sums(per_word[self.word_ids], self.words_per_key)


def segment_sums(values: np.ndarray, words_per_key: np.ndarray) -> np.ndarray:
    """Sums of consecutive runs of ``values``, the i-th run ``words_per_key[i]`` long."""
    cum = np.concatenate([[0], np.cumsum(values)])
    ends = np.cumsum(words_per_key)
    return cum[ends] - cum[ends - words_per_key]


def key_words(keys: list[str]) -> KeyWords:
    """Look every word of ``keys`` (match-key texts) up in the process's key lexicon."""
    return _look_up(current("key"), keys)


def sentence_words(texts: list[str]) -> KeyWords:
    """Look every word of ``texts`` (display text) up in the process's display lexicon: the
    same syllables and letter counts as :func:`key_words` of their match keys, plus the
    digit and capital of each displayed word."""
    return _look_up(current("display"), texts)


def _look_up(lexicon: Lexicon, texts: list[str]) -> KeyWords:
    split = [t.split() for t in texts]
    per_text = np.fromiter(map(len, split), np.int64, len(split))
    ids = lexicon.ids(list(chain.from_iterable(split)))
    return KeyWords(lexicon, ids, per_text, lexicon.arrays())
