"""An event's summary and report, computed from its articles: here, in a process pool or on
Dask workers.

:func:`compute_event` is a pure function of the articles (picklable arguments and result), so
the same code runs in the caller, in ``concurrent.futures`` worker processes or as Dask tasks;
the store writes the result (``Store.store_summary``) only if the event has not changed while
it was computed.

A large event is summarized from at most :data:`MAX_ARTICLES` of its articles: the first
:data:`FIRST_ARTICLES` (how the story began) and the newest others (where it is now); its
listing still counts and links every article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..errors import TomtatError
from ..model import Document

MAX_ARTICLES = 40
FIRST_ARTICLES = 10

Job = tuple[int, int, Sequence[Document]]  # (event id, event version, articles)


def pick_articles(docs: Sequence[Document]) -> list[Document]:
    """At most :data:`MAX_ARTICLES`: the first ones and the newest (store order = arrival)."""
    if len(docs) <= MAX_ARTICLES:
        return list(docs)
    return list(docs[:FIRST_ARTICLES]) + list(docs[-(MAX_ARTICLES - FIRST_ARTICLES) :])


def compute_event(
    docs: Sequence[Document], method: str = "default", max_words: int = 120
) -> dict[str, Any]:
    """``{"summary", "report", "lead", "title", "search"}`` of one event's articles.

    ``summary`` is :func:`tomtat.io.write.summary_to_dict`, ``report`` is
    :func:`tomtat.analyze.report_to_dict`; ``lead`` the summary's first sentence; ``title``
    the title of the article the first summary sentence comes from (else the first title);
    ``search`` the text ``q`` searches besides titles and outlets (summary, entity names and
    their variants).
    """
    from ..analyze.report import build_report, report_to_dict
    from ..io.write import summary_to_dict
    from ..pipeline import build_cluster

    chosen = pick_articles(docs)
    cluster = build_cluster(chosen, "")
    report = build_report(cluster, method=method, max_words=max_words)
    data = report_to_dict(report)
    data["meta"].pop("timings", None)  # reproducible output
    summary = summary_to_dict(report.summary)
    sents = report.summary.sentences
    lead = sents[0].text if sents else ""
    by_id = {d.id: d for d in chosen}
    title = ""
    if sents and by_id.get(sents[0].doc_id) is not None:
        title = by_id[sents[0].doc_id].title
    if not title:
        title = next((d.title for d in chosen if d.title), "")
    names: list[str] = []
    for ent in data.get("entities", []):
        names.append(str(ent.get("name", "")))
        names.extend(str(v) for v in ent.get("variants", []) or [])
    search = " \n ".join([summary["summary"], *names])
    return {"summary": summary, "report": data, "lead": lead, "title": title, "search": search}


def _safe(job: Job, method: str, max_words: int) -> tuple[int, int, dict[str, Any] | str]:
    eid, ver, docs = job
    try:
        return eid, ver, compute_event(docs, method, max_words)
    except TomtatError as exc:
        return eid, ver, str(exc)


def compute_many(
    jobs: Iterable[Job],
    *,
    method: str = "default",
    max_words: int = 120,
    workers: int = 1,
    dask: str | None = None,
) -> Iterator[tuple[int, int, dict[str, Any] | str]]:
    """``(event id, version, result or error message)`` for every job, as they complete.

    ``workers`` > 1: a local process pool; ``dask``: ``"local"`` (a LocalCluster of
    ``workers`` processes) or a scheduler address (``tcp://host:8786``).
    """
    jobs = list(jobs)
    if dask:
        yield from _dask(jobs, method, max_words, workers, dask)
        return
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield _safe(job, method, max_words)
        return
    import concurrent.futures as cf
    import multiprocessing as mp

    with cf.ProcessPoolExecutor(workers, mp_context=mp.get_context("forkserver")) as pool:
        futures = [pool.submit(_safe, job, method, max_words) for job in jobs]
        for fut in cf.as_completed(futures):
            yield fut.result()


def _dask(jobs: list[Job], method: str, max_words: int, workers: int, address: str):
    from ..batch import dask_client

    with dask_client(address, workers) as client:  # checks that distributed is installed
        from distributed import as_completed

        futures = {client.submit(_safe, job, method, max_words, pure=False): job for job in jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # the worker died with the task, or lost it
                yield job[0], job[1], f"dask: {type(exc).__name__}: {exc}"
            fut.release()
