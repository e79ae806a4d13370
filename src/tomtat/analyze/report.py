"""One report: the cited summary, timeline, entities with their variants, source comparison.

``build_report(cluster, summary=None, method="default", max_words=200) -> Report`` and
``report_to_dict(report) -> dict`` are the stable entry points (the CLI and the HTTP service
use them); the JSON schema is documented in docs/analysis.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..limits import DEFAULT_MAX_WORDS
from ..model import Cluster, Report, Summary, SummarySentence

SCHEMA_VERSION = 1
_DOC_FIELDS = ("id", "title", "source", "date", "url")  # of each document, in meta.documents


def build_report(
    cluster: Cluster,
    summary: Summary | None = None,
    method: str = "default",
    max_words: int = DEFAULT_MAX_WORDS,
    *,
    canonical_names: bool = False,
    ner: str = "rules",
    captions: bool = True,
    timings: bool = False,
    date_anchors: bool = True,
) -> Report:
    """Analyse ``cluster``; summarize it first (``method``, ``max_words``) unless given one.

    ``canonical_names`` rewrites the summary sentences with each group's canonical name
    ("Bắc Hàn" -> "Triều Tiên"); ``ner`` picks the recognizer ("rules" or "underthesea");
    ``captions`` lets names and dates in removed photo captions count (see analyze.view).
    ``timings`` adds the seconds each section took (``meta["timings"]``); off by default so
    that the same input gives the same report. ``date_anchors=False`` leaves the summary's
    dates as written (see :mod:`tomtat.engine.anchors`). Sections with nothing to show are
    empty, never an error.
    """
    from ..engine import summarize
    from ..engine.episodes import analyse
    from ..engine.features import compute_features
    from ..limits import check_report_sentences
    from .aliases import canonicalize, group_to_dict
    from .entities import extract_entities
    from .sources import compare_sources
    from .timeline import build_timeline, event_days_of
    from .view import analysis_view

    check_report_sentences(len(cluster.sentences), cluster.id or "(unnamed)")  # docs/limits.md
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    features = compute_features(cluster)
    if summary is None:
        summary = summarize(
            cluster,
            method=method,
            max_words=max_words,
            features=features,
            date_anchors=date_anchors,
        )
    seconds["summary"], t = time.perf_counter() - t, time.perf_counter()
    view = analysis_view(cluster, captions=captions)
    entities, groups = extract_entities(view, ner=ner)
    seconds["entities"], t = time.perf_counter() - t, time.perf_counter()
    # an undated article's "tuần tới" is of its own event's days, not of the newest article's
    shape = analyse(cluster, features)  # copies and events, for the timeline and the sources
    event_days = event_days_of(shape, len(cluster.documents))
    timeline = build_timeline(view, groups, event_days=event_days)
    seconds["timeline"], t = time.perf_counter() - t, time.perf_counter()
    sources = compare_sources(cluster, summary, features, shape=shape)
    seconds["sources"] = time.perf_counter() - t
    original = summary
    if canonical_names and groups:
        summary = replace(
            summary,
            sentences=tuple(
                _canonical_sentence(s, lambda t: canonicalize(t, groups)) for s in summary.sentences
            ),
        )
    # groups worth listing as aliases: more than one written form
    aliases = tuple(group_to_dict(g) for g in groups if len(g.variants) > 1)
    meta: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": cluster.id,
        "documents": [{k: getattr(d, k) for k in _DOC_FIELDS} for d in cluster.documents],
        "canonical_names": canonical_names,
        "ner": ner,
    }
    if timings:
        meta["timings"] = {k: round(v, 4) for k, v in seconds.items()}
    if canonical_names:
        meta["original_sentences"] = [s.text for s in original.sentences]
    return Report(
        summary=summary,
        timeline=timeline,
        entities=entities,
        aliases=aliases,
        sources=sources,
        meta=meta,
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON form of a report (schema in docs/analysis.md)."""
    from ..io.write import summary_to_dict

    meta = dict(report.meta)
    summary = summary_to_dict(report.summary)
    return {
        "schema": meta.pop("schema", SCHEMA_VERSION),
        "id": report.summary.id,
        "summary": summary,
        "timeline": [dict(e) for e in report.timeline],
        "entities": [dict(e) for e in report.entities],
        "aliases": [dict(a) for a in report.aliases],
        "sources": dict(report.sources),
        "events": [dict(e) for e in summary.get("events", [])],  # as in the summary's JSON
        "meta": meta,
    }


__all__ = ["build_report", "report_to_dict"]


def _canonical_sentence(s: SummarySentence, rewrite: Callable[[str], str]) -> SummarySentence:
    """``s`` with its article text rewritten and its date-anchor insertions kept as they are
    (their offsets moved with the rewritten text)."""
    if not s.inserted:
        return replace(s, text=rewrite(s.text))
    out, inserted, last = [], [], 0
    for start, end, piece in sorted(s.inserted):
        out.append(rewrite(s.text[last:start]))
        at = sum(len(x) for x in out)
        out.append(piece)
        inserted.append((at, at + len(piece), piece))
        last = end
    out.append(rewrite(s.text[last:]))
    return replace(s, text="".join(out), inserted=tuple(inserted))
