"""Warm the per-process word tables before worker processes are forked.

A batch's worker pool forks its workers from a forkserver (tomtat.batch.pool_context). Each
worker would otherwise analyse every common word itself (its match key, syllables, letter
counts: engine.lexicon and the text caches), the same work once per worker. Importing
:mod:`tomtat.engine._forkserver_warm` in the forkserver registers the shipped list of common
words (``data/common_words.txt``: the 10,000 most frequent displayed words of the AbMuSu train
articles, 97.5 % of their word occurrences; rebuilt by benchmarks/build_common_words.py) once;
the workers inherit the tables. Caches only: no output depends on it.
"""

from __future__ import annotations

from importlib import resources

from .lexicon import sentence_words


def common_words() -> list[str]:
    text = (resources.files("tomtat.engine") / "data" / "common_words.txt").read_text("utf-8")
    return text.split()


def warm_word_tables() -> int:
    """Register the common words in this process's word tables; returns how many."""
    words = common_words()
    sentence_words([" ".join(words)])
    return len(words)
