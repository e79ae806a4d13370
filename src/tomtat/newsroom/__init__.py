"""Newsroom mode: a stored, live stream of articles grouped into events.

``tomtat ingest`` stores articles and assigns them to events with the online clusterer
(:mod:`tomtat.events`), whose state lives in the store; ``tomtat events`` lists the events
with their stored summaries. The Python API is :class:`Store` (see :mod:`.store`)::

    from tomtat.newsroom import Store
    with Store.open("tomtat.db") as store:
        store.add_articles(documents)
        store.refresh()
        for ev in store.list_events(limit=10):
            print(ev.id, ev.title, ev.lead)

Modules: ``store`` (the database and its API), ``schema`` (tables, versions, upgrades),
``state`` (the clusterer's state in the store), ``keys`` (dedup keys), ``summaries``
(summary/report of an event, local or on Dask), ``sources`` (reading articles, feeds),
``fetch`` (downloading feeds and pages).

Needs SQLAlchemy (and psycopg for PostgreSQL): ``pip install 'tomtat[newsroom]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["ArticleResult", "EventDetail", "EventInfo", "IngestStats", "Store", "StoreError"]

if TYPE_CHECKING:
    from .store import ArticleResult, EventDetail, EventInfo, IngestStats, Store, StoreError


def __getattr__(name: str):  # lazy: importing tomtat.newsroom does not import SQLAlchemy
    if name in __all__:
        from ..errors import require

        require("sqlalchemy", "newsroom")
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module 'tomtat.newsroom' has no attribute {name!r}")
