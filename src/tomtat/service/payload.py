"""From an HTTP JSON body to a Cluster, and from a Summary to the JSON the API returns.

Pure functions with no web framework in them, so they are tested and reused without FastAPI.
The request schema is the cluster schema of ``docs/`` (``{"id", "documents": [{"id", "title",
"text", "source", "date", "url"}]}``, extra fields kept) plus, per document, an optional
``"format": "auto" | "text" | "html"``: HTML is reduced to its main text on the server, detected
by content with ``"auto"`` (the default, as on every other door: :mod:`tomtat.io.article`);
``"text"`` takes the text as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import LimitError
from ..model import Cluster, Document, Summary


class RequestLimitError(LimitError):
    """A cluster over the service's document-count or document-size limit (HTTP 422).

    The body itself was small enough to read (that one is a 413); what it holds is too much.
    """

    http_status = 422


def check_limits(
    documents: Sequence[Mapping[str, Any]],
    max_documents: int,
    max_chars: int,
    *,
    noun: str = "document",
    whole: str = "the cluster",
    fix: str = "(split the cluster)",
) -> None:
    """Raise RequestLimitError naming the limit and the fix when ``whole`` (a cluster, or the
    articles of one request) holds too many documents (``noun``) or one too long."""
    if len(documents) > max_documents:
        raise RequestLimitError(
            f"{whole} has {len(documents)} {noun}s; this server accepts at most "
            f"{max_documents} {fix}"
        )
    for i, doc in enumerate(documents):
        text = doc.get("text") or ""
        if len(text) > max_chars:
            name = doc.get("id") or f"#{i + 1}"
            raise RequestLimitError(
                f"{noun} {name!r} has {len(text):,} characters; this server accepts at most "
                f"{max_chars:,} per {noun} (shorten or split it)"
            )


def _with_html_as_text(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with every ``"format": "html"`` document reduced to its text.

    Fields the client gave (title, source, date, url) win over what the page says. The page
    is read as every door reads one (:func:`tomtat.io.article.read_article`, trafilatura
    inside); nothing is fetched: links, images and scripts in the page are ignored.
    """
    from ..io.article import read_article

    out = dict(record)
    docs = record.get("documents")
    if not isinstance(docs, list):
        return out
    converted = []
    for i, raw in enumerate(docs):
        if not isinstance(raw, Mapping):
            converted.append(raw)
            continue
        doc = {k: v for k, v in raw.items() if k != "format"}
        if raw.get("format") == "text":
            doc["format"] = "text"  # kept in Document.meta: no detection by content
        if raw.get("format") == "html":
            doc_id = str(raw.get("id") or f"#{i + 1}")
            page = read_article(Document(doc_id, raw.get("text") or "", meta={"format": "html"}))
            doc["text"] = page.text
            for key in ("title", "source", "date", "url"):
                doc[key] = doc.get(key) or getattr(page, key) or None
        converted.append(doc)
    out["documents"] = converted
    return out


def _read_record(
    record: Mapping[str, Any], warnings: list[str]
) -> tuple[str, list[Document], list[str]]:
    """Cluster id, documents and references, read by the same code as JSON files."""
    from ..io.read import load_cluster_record

    rec = load_cluster_record(record, name="request", on_warning=warnings.append)
    return rec.id, list(rec.documents), list(rec.references)


def cluster_from_record(
    record: Mapping[str, Any],
    *,
    max_documents: int,
    max_chars: int,
    warnings: list[str] | None = None,
) -> Cluster:
    """Check limits, read the documents (HTML to text) and build the cluster once.

    Documents with no text are skipped, as by the file readers; each skip is appended to
    ``warnings`` when a list is given.
    """
    from ..pipeline import build_cluster

    documents = record.get("documents") or []
    if isinstance(documents, list):
        check_limits([d for d in documents if isinstance(d, Mapping)], max_documents, max_chars)
    cluster_id, docs, references = _read_record(
        _with_html_as_text(record), warnings if warnings is not None else []
    )
    return build_cluster(docs, cluster_id, references)


def citations(summary: Summary, cluster: Cluster) -> list[list[dict[str, Any]]]:
    """Per summary sentence, the sentences that back it: doc id, outlet, position, similarity.

    A sentence always backs itself; when the engine gave no sources, that is the only one.
    """
    out: list[list[dict[str, Any]]] = []
    for s in summary.sentences:
        cites = [
            {
                "doc_id": src.doc_id,
                "source": src.source,
                "sentence": src.sentence,
                "similarity": round(float(src.similarity), 4),
            }
            for src in s.sources
        ]
        if not any(c["sentence"] == s.position for c in cites):
            outlet = cluster.documents[cluster.sentences[s.position].doc_index].source
            own: dict[str, float | str | int | None] = {
                "doc_id": s.doc_id,
                "source": outlet,
                "sentence": s.position,
                "similarity": 1.0,
            }
            cites.insert(0, own)
        out.append(cites)
    return out


def documents_payload(cluster: Cluster) -> list[dict[str, Any]]:
    """Cleaned text of every document with its sentences' offsets (Unicode code points)."""
    by_doc: list[list[dict[str, int]]] = [[] for _ in cluster.documents]
    for s in cluster.sentences:
        by_doc[s.doc_index].append(
            {"position": s.position, "index": s.index, "start": s.start, "end": s.end}
        )
    removed: dict[str, list[dict[str, str]]] = {}
    for r in cluster.removed:
        removed.setdefault(r.doc_id, []).append({"text": r.text, "reason": r.reason})
    return [
        {
            "id": doc.id,
            "number": i + 1,
            "title": doc.title,
            "source": doc.source,
            "date": doc.date,
            "url": doc.url,
            "text": cluster.texts[i],
            "sentences": by_doc[i],
            "removed": removed.get(doc.id, []),
        }
        for i, doc in enumerate(cluster.documents)
    ]


def summary_payload(
    summary: Summary, cluster: Cluster, include_sources: bool = False
) -> dict[str, Any]:
    """The CLI's ``--format json`` summary; with ``include_sources`` also the evidence.

    ``include_sources`` adds, per summary sentence, ``position`` (its place in the cluster)
    and ``citations`` (supporting sentences), and a top-level ``documents`` list with the
    cleaned texts and sentence offsets, so a client can highlight the evidence.
    """
    from ..io.write import summary_to_dict

    data = summary_to_dict(summary)
    if include_sources:
        for item, s, cites in zip(
            data["sentences"], summary.sentences, citations(summary, cluster), strict=True
        ):
            item["position"] = s.position
            item["citations"] = cites
        data["documents"] = documents_payload(cluster)
    return data
