"""The work behind each endpoint, as plain functions of plain data.

They run in a worker process (:mod:`tomtat.service.workers`) or, with ``isolation="thread"``,
in a thread of the server; either way they take and return only JSON-like values, so they
pickle, and they import no web framework (a worker never loads FastAPI).
"""

from __future__ import annotations

from typing import Any

from ..model import Cluster
from .payload import citations, cluster_from_record, documents_payload, summary_payload

# Fields of a request body that are options, not part of the cluster.
OPTION_FIELDS = frozenset({"method", "max_words", "format", "include_sources", "date_anchors"})


def methods() -> dict[str, str]:
    from ..engine import available_methods

    return available_methods()


def warm_up() -> None:
    """Load the segmenter and the model, and build a report (its summary included), on a
    small cluster (the one batch workers warm up on)."""
    from ..analyze.report import build_report
    from ..batch import WARM_CLUSTER

    cluster = cluster_from_record(WARM_CLUSTER, max_documents=10, max_chars=10_000)
    build_report(cluster, method="default", max_words=40)


def _cluster(
    body: dict[str, Any], max_documents: int, max_chars: int, warnings: list[str]
) -> Cluster:
    record = {k: v for k, v in body.items() if k not in OPTION_FIELDS}
    return cluster_from_record(
        record, max_documents=max_documents, max_chars=max_chars, warnings=warnings
    )


def _summary_options(body: dict[str, Any]) -> dict[str, Any]:
    """The summary's options of a request: ``summarize``'s and ``build_report``'s keywords."""
    return {
        "method": body["method"],
        "max_words": body["max_words"],
        "date_anchors": body.get("date_anchors", True),
    }


def summarize_job(body: dict[str, Any], max_documents: int, max_chars: int) -> dict[str, Any] | str:
    """``POST /v1/summarize``: the JSON answer, or the Markdown/text rendering."""
    from ..engine import summarize
    from ..io.write import render_summary

    warnings: list[str] = []
    cluster = _cluster(body, max_documents, max_chars, warnings)
    summary = summarize(cluster, **_summary_options(body))
    if body["format"] != "json":
        return render_summary(summary, cluster, body["format"])
    data = summary_payload(summary, cluster, body["include_sources"])
    if warnings:
        data["warnings"] = warnings
    return data


def report_job(body: dict[str, Any], max_documents: int, max_chars: int) -> dict[str, Any]:
    """``POST /v1/report``: summary, timeline, entities and source comparison."""
    from ..analyze.report import build_report, report_to_dict

    warnings: list[str] = []
    cluster = _cluster(body, max_documents, max_chars, warnings)
    report = build_report(cluster, **_summary_options(body))
    data = report_to_dict(report)
    if body["include_sources"]:
        data["citations"] = citations(report.summary, cluster)
        data["documents"] = documents_payload(cluster)
    if warnings:
        data["warnings"] = warnings
    return data
