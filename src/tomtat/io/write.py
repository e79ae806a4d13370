"""Writers: a Summary as text, Markdown or JSON, and atomic file output.

``summary_to_dict`` is the one place that defines the JSON form (CLI ``--format json``,
``tomtat batch`` lines and the HTTP API all use it)::

    {"id": str, "summary": str,
     "sentences": [{"text": str, "doc_id": str,
                    "sources": [doc_id, ...],      # backing documents, own document first
                    "outlets": [outlet, ...],      # parallel to sources; "" when unknown
                    "support": int,                # distinct documents that say it
                    "evidence": [{"doc_id": str, "sentence": int, "start": int,
                                  "end": int, "text": str, "score": float}],
                                     # parallel to sources: the sentence each one says it in
                    "event": str,    # only when the cluster holds several events
                    "conflicts": [{"doc_id": str, "outlet": str, "text": str,
                                   "figure": str, "summary_figure": str,
                                   "newer": str}]}],   # newer: only when the dates tell
                                     # only when an article of the cluster gives another figure
                    # and "inserted": [{"start": int, "end": int, "text": str}], only when
                    # date anchors were put in "text" (removing these spans gives the article's)
     "method": str, "max_words": int,
     "duplicates": [{"doc_id": str, "same_as": str}],   # only when there are copies
     "events": [{"id": str, "label": str, "date": str, "documents": [str]}]}
                                     # only when the cluster holds several events
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import UsageError
from ..model import Cluster, Document, Evidence, Summary, SummarySentence
from .safe import json_safe, one_line

FORMATS = ("text", "plain", "markdown", "json")
_EVIDENCE_KEYS = ("doc_id", "sentence", "start", "end", "text", "score")  # of Evidence, in JSON


def _sources(s: SummarySentence) -> list[tuple[str, str]]:
    """(doc_id, outlet) of the backing documents, own document first, no repeats."""
    seen: dict[str, str] = {}
    for src in s.sources:
        seen.setdefault(src.doc_id, src.source)
    if s.doc_id not in seen:
        seen = {s.doc_id: "", **seen}
    return list(seen.items())


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """The JSON form of a summary (see the module docstring)."""
    sentences = []
    for s in summary.sentences:
        pairs = _sources(s)
        item: dict[str, Any] = {
            "text": s.text,
            "doc_id": s.doc_id,
            "sources": [d for d, _ in pairs],
            "outlets": [o for _, o in pairs],
            "support": s.support,
            "evidence": [{k: getattr(e, k) for k in _EVIDENCE_KEYS} for e in _evidence(s)],
        }
        if s.event:
            item["event"] = s.event
        if s.inserted:  # editorial date anchors: text minus these spans is the source text
            item["inserted"] = [{"start": a, "end": b, "text": t} for a, b, t in s.inserted]
        if s.conflicts:
            item["conflicts"] = [_conflict_dict(c) for c in s.conflicts]
        sentences.append(item)
    out: dict[str, Any] = {
        "id": summary.id,
        "summary": summary.text,
        "sentences": sentences,
        "method": summary.method,
        "max_words": summary.max_words,
    }
    if summary.duplicates:
        out["duplicates"] = [{"doc_id": d.doc_id, "same_as": d.same_as} for d in summary.duplicates]
    if summary.events:
        out["events"] = [
            {"id": e.id, "label": e.label, "date": e.date, "documents": list(e.documents)}
            for e in summary.events
        ]
    return out


def _conflict_dict(c: Any) -> dict[str, Any]:
    out = {
        "doc_id": c.doc_id,
        "outlet": c.source,
        "text": c.text,
        "figure": c.figure,
        "summary_figure": c.own_figure,
    }
    if c.newer:
        out["newer"] = c.newer
    return out


def _evidence(s: SummarySentence) -> list[Evidence]:
    """One evidence per source (same order as :func:`_sources`), when the engine gave it."""
    by_doc: dict[str, Evidence] = {}
    for e in s.evidence:
        by_doc.setdefault(e.doc_id, e)
    return [by_doc[d] for d, _ in _sources(s) if d in by_doc]


def _doc_numbers(cluster: Cluster) -> dict[str, int]:
    """Document id -> 1-based number in cluster order (first occurrence wins)."""
    numbers: dict[str, int] = {}
    for i, doc in enumerate(cluster.documents):
        numbers.setdefault(doc.id, i + 1)
    return numbers


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown/HTML syntax so article text is shown as text, never markup."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a line starting like a list item, a quote or a rule would change the layout
    return re.sub(r"^(\s*)([-+=>]|\d+\.)(\s)", r"\1\\\2\3", text)


# --- metadata in Markdown: ids, titles, outlets, dates and URLs come from the input as they
# were written. Each goes through one of these three at the point it enters the output: one
# line (control and bidi characters dropped, line breaks folded: a blank line in an id would
# end the footnote and let a raw HTML block start), then escaped or code-quoted.


def md_meta(text: str) -> str:
    """A title, outlet or date as Markdown inline text: one line, syntax escaped."""
    return escape_markdown(one_line(text))


def md_code(text: str) -> str:
    """A document id as a code span (shown verbatim, never markup); "" when nothing is left."""
    text = " ".join(one_line(text).replace("`", "").split())
    return f"`{text}`" if text else ""


_WEB_URL = re.compile(r"https?://[^\s/?#]+\S*", re.I)


def md_url(url: str) -> str:
    """An ``http(s)`` address as an autolink ``<...>`` (``<``, ``>`` and spaces
    percent-encoded); anything else (``javascript:``, ``data:``, a bare word) as escaped text."""
    url = one_line(url)
    if _WEB_URL.fullmatch(url.split(" ", 1)[0]):
        return f"<{url.replace('>', '%3E').replace('<', '%3C').replace(' ', '%20')}>"
    return escape_markdown(url)


def doc_citation(cluster: Cluster, number: int) -> str:
    """ "**Title** — Outlet — date — `id` — <url>" of document ``number`` (1-based)."""
    doc = cluster.documents[number - 1]
    parts = [f"**{md_meta(doc.title)}**"] if one_line(doc.title) else []
    parts += [md_meta(x) for x in (doc.source, doc.date or "") if one_line(x)]
    parts += [x for x in (md_code(doc.id), md_url(doc.url) if doc.url else "") if x]
    return " — ".join(parts)


_QUOTES = "“”\"'"


def _footnote(
    cluster: Cluster,
    number: int,
    quotes: list[tuple[int, Evidence, bool]] = (),  # type: ignore[assignment]
    copies: list[str] = (),  # type: ignore[assignment]
) -> str:
    """The footnote of document ``number``: its title, outlet, date, id and URL, the documents
    with the same content, then the sentence it says each cited claim in."""
    line = f"[^{number}]: " + doc_citation(cluster, number)
    if copies:
        line += " — cùng nội dung với: " + ", ".join(md_code(c) for c in copies)
    for k, e, own in quotes:
        if not own:  # the summary sentence itself needs no quote
            quote = escape_markdown(one_line(e.text).strip(_QUOTES))
            line += f"\n    - câu {k}: “{quote}”"
    return line


def render_markdown(summary: Summary, cluster: Cluster) -> str:
    """Sentences with footnote markers ``[^n]`` (n = document number) and the footnote list;
    a sentence whose backing documents give other figures ends with a ``⚠`` note."""
    numbers = _doc_numbers(cluster)
    lines: list[str] = []
    quotes: dict[int, list[tuple[int, Evidence, bool]]] = {}
    events = {e.id: e for e in summary.events}
    last_event = None
    for k, s in enumerate(summary.sentences, 1):
        if events and s.event != last_event and s.event in events:
            ev = events[s.event]
            when = f" ({escape_markdown(ev.date)})" if ev.date else ""
            lines += [""] if lines else []
            lines += [f"**Sự kiện {ev.id[1:]}{when}: {escape_markdown(ev.label)}**", ""]
            last_event = s.event
        refs = [numbers[d] for d, _ in _sources(s) if d in numbers]
        for e in _evidence(s):
            if e.doc_id in numbers:
                quotes.setdefault(numbers[e.doc_id], []).append((k, e, e.sentence == s.position))
        note = _conflict_note(s, numbers, markdown=True)
        lines.append(escape_markdown(s.text) + "".join(f"[^{n}]" for n in refs) + note)
    body = "\n".join(lines)
    copies: dict[str, list[str]] = {}
    for d in summary.duplicates:
        copies.setdefault(d.same_as, []).append(d.doc_id)
    notes = "\n".join(
        _footnote(cluster, n, quotes.get(n, []), copies.get(cluster.documents[n - 1].id, []))
        for n in cited_numbers(summary, cluster)
    )
    return body + ("\n\n" + notes if notes else "") + "\n"


def render_text(summary: Summary, cluster: Cluster, citations: bool = False) -> str:
    """One sentence per line; with ``citations``, a ``[1,3]`` marker of document numbers and a
    ``⚠`` note when a backing document gives another figure."""
    if not citations:
        return "".join(s.text + "\n" for s in summary.sentences)
    numbers = _doc_numbers(cluster)
    out = []
    for s in summary.sentences:
        refs = ",".join(str(numbers[d]) for d, _ in _sources(s) if d in numbers)
        out.append(f"{s.text} [{refs}]{_conflict_note(s, numbers, markdown=False)}\n")
    return "".join(out)


def cited_numbers(summary: Summary, cluster: Cluster) -> list[int]:
    """Document numbers cited by ``summary`` (sources and conflicts), in increasing order."""
    numbers = _doc_numbers(cluster)
    used: set[int] = set()
    for s in summary.sentences:
        used.update(numbers[d] for d, _ in _sources(s) if d in numbers)
        used.update(numbers[c.doc_id] for c in s.conflicts if c.doc_id in numbers)
    return sorted(used)


def _one_line(text: str, limit: int = 0) -> str:
    line = one_line(text)
    return line if not limit or len(line) <= limit else line[: limit - 1].rstrip() + "…"


def source_line(doc: Document, number: int) -> str:
    """``[n] Outlet, date — Title — https://...`` on one line; the id only when nothing else
    names the document."""
    head = ", ".join(p for p in (_one_line(doc.source), _one_line(doc.date or "")) if p)
    parts = [p for p in (head, _one_line(doc.title, 100)) if p] or [_one_line(doc.id)]
    url = one_line(doc.url)
    if url and re.match(r"https?://\S+$", url, re.I):
        parts.append(url)
    return f"[{number}] " + " — ".join(parts)


def render_source_list(summary: Summary, cluster: Cluster) -> str:
    """``Nguồn:`` and one :func:`source_line` per cited document ("" when none is cited)."""
    lines = [source_line(cluster.documents[n - 1], n) for n in cited_numbers(summary, cluster)]
    return "Nguồn:\n" + "".join(line + "\n" for line in lines) if lines else ""


def _conflict_note(s: SummarySentence, numbers: dict[str, int], *, markdown: bool) -> str:
    """`` ⚠ [3] ghi “11 người” (câu này: “9 người”)`` for each backing document that gives
    another figure; "" when none does."""
    notes = []
    for c in s.conflicts:
        if c.doc_id not in numbers:
            continue
        ref = f"[^{numbers[c.doc_id]}]" if markdown else f"[{numbers[c.doc_id]}]"
        theirs, mine = (
            (escape_markdown(c.figure), escape_markdown(c.own_figure))
            if markdown
            else (c.figure, c.own_figure)
        )
        newer = ""
        if c.newer:
            newer = f"; tin {ref} mới hơn" if c.newer == c.doc_id else "; câu này mới hơn"
        notes.append(f"{ref} ghi “{theirs}” (câu này: “{mine}”{newer})")
    return " ⚠ " + "; ".join(notes) if notes else ""


def render_summary(summary: Summary, cluster: Cluster, fmt: str) -> str:
    """Render ``summary`` as ``text`` (sentences with ``[1,2]`` document-number markers and
    the list of cited sources), ``plain`` (the bare sentences, one per line, for pipes),
    ``markdown`` (footnotes) or ``json``: UTF-8 text ending in a newline."""
    if fmt == "json":
        return json_safe(json.dumps(summary_to_dict(summary), ensure_ascii=False, indent=2)) + "\n"
    if fmt == "markdown":
        return render_markdown(summary, cluster)
    if fmt == "text":  # sentences with [1,3] markers, a blank line, the cited documents
        listing = render_source_list(summary, cluster)
        return render_text(summary, cluster, citations=True) + ("\n" + listing if listing else "")
    if fmt == "plain":
        return render_text(summary, cluster)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
