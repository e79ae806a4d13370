"""Imported by the batch forkserver (tomtat.batch.PRELOAD): warms the word tables once, so
that every forked worker starts with them (see tomtat.engine.warm)."""

from .warm import warm_word_tables

warm_word_tables()
