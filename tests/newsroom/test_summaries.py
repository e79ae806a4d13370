"""Event summaries computed in the process, in a process pool and on Dask workers give the
same stored result; a large event is summarized from its first and newest articles."""

from __future__ import annotations

import json

import pytest
from newsroom_data import make_documents

from tomtat.model import Document
from tomtat.newsroom import Store
from tomtat.newsroom.summaries import FIRST_ARTICLES, MAX_ARTICLES, pick_articles


def _summaries(db: str) -> dict[str, str]:
    with Store.open(db) as store:
        return {
            e.title: json.dumps(store.get_event(e.id).summary, ensure_ascii=False)  # type: ignore[union-attr]
            for e in store.list_events()
        }


@pytest.mark.parametrize("where", [{"workers": 2}, {"dask": "local", "workers": 1}])
def test_pool_and_dask_store_the_same_summaries(tmp_path, where):
    pytest.importorskip("distributed")
    here, there = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    for db in (here, there):
        with Store.open(db) as store:
            store.ingest(make_documents())
    with Store.open(here) as store:
        assert store.refresh() == 3
    done: list[tuple[int, str | None]] = []
    with Store.open(there) as store:
        assert store.refresh(on_done=lambda e, err: done.append((e, err)), **where) == 3
    assert [err for _, err in done] == [None, None, None]
    assert _summaries(here) == _summaries(there)


def test_large_event_uses_first_and_newest_articles():
    docs = [Document(str(k), f"Bài {k}.") for k in range(100)]
    chosen = pick_articles(docs)
    assert len(chosen) == MAX_ARTICLES
    assert [d.id for d in chosen[:FIRST_ARTICLES]] == [str(k) for k in range(FIRST_ARTICLES)]
    assert chosen[-1].id == "99"
    assert pick_articles(docs[:5]) == docs[:5]
