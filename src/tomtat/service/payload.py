"""From an HTTP JSON body to a Cluster, and from a Summary to the JSON the API returns.

Pure functions with no web framework in them, so they are tested and reused without FastAPI.
The request schema is the cluster schema of ``docs/`` (``{"id", "documents": [{"id", "title",
"text", "source", "date", "url"}]}``, extra fields kept) plus, per document, an optional
``"format": "text" | "html"``: raw HTML is reduced to its main text on the server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import EmptyClusterError, InputError, LimitError
from ..model import Cluster, Document, Summary

DOC_FIELDS = ("id", "title", "text", "source", "date", "url")


class RequestLimitError(LimitError):
    """A cluster over the service's document-count or document-size limit (HTTP 422).

    The body itself was small enough to read (that one is a 413); what it holds is too much.
    """

    http_status = 422


def check_limits(
    documents: Sequence[Mapping[str, Any]], max_documents: int, max_chars: int
) -> None:
    """Raise RequestLimitError naming the limit and the fix when the cluster is too big."""
    if len(documents) > max_documents:
        raise RequestLimitError(
            f"the cluster has {len(documents)} documents; this server accepts at most "
            f"{max_documents} (split the cluster or start the server with a larger --max-documents)"
        )
    for i, doc in enumerate(documents):
        text = doc.get("text") or ""
        if len(text) > max_chars:
            name = doc.get("id") or f"#{i + 1}"
            raise RequestLimitError(
                f"document {name!r} has {len(text):,} characters; this server accepts at most "
                f"{max_chars:,} per document (shorten it or raise --max-chars)"
            )


def html_to_fields(html: str, doc_id: str) -> dict[str, str]:
    """Main text, title, date and site name of an HTML page, through trafilatura.

    Nothing is fetched: links, images and scripts in the page are ignored.
    """
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises a zoo of parser errors on broken markup
        raise InputError(f"document {doc_id!r}: the HTML could not be parsed ({exc})") from None
    text = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not text:
        raise InputError(
            f"document {doc_id!r}: no article text found in the HTML; paste the article text "
            'instead, or send it with "format": "text"'
        )
    title = (getattr(extracted, "title", None) or "").strip()
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:  # the headline repeated as first line
        text = "\n".join(lines[1:]).strip() or text
    return {
        "text": text,
        "title": title,
        "date": (getattr(extracted, "date", None) or "").strip(),
        "source": (getattr(extracted, "sitename", None) or "").strip(),
    }


def _documents_from_record(record: Mapping[str, Any]) -> list[Document]:
    """Documents of a cluster record (the io reader's schema); HTML reduced to text."""
    raw_docs = record.get("documents")
    if not isinstance(raw_docs, list) or not raw_docs:
        raise EmptyClusterError(
            f"cluster {record.get('id') or '(unnamed)'} has no document; send at least one in "
            '"documents"'
        )
    docs: list[Document] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_docs):
        doc_id = str(raw.get("id") or f"d{i + 1}")
        if doc_id in seen:
            raise InputError(f"duplicate document id {doc_id!r}; every document needs its own id")
        seen.add(doc_id)
        fields = {k: raw.get(k) for k in DOC_FIELDS}
        fmt = raw.get("format") or "text"
        if fmt == "html":
            extracted = html_to_fields(raw.get("text") or "", doc_id)
            fields["text"] = extracted["text"]
            for key in ("title", "date", "source"):
                fields[key] = fields.get(key) or extracted[key]
        text = fields.get("text") or ""
        if not text.strip():
            raise EmptyClusterError(
                f"document {doc_id!r} has no text; remove it from the cluster or fill it in"
            )
        meta = {k: v for k, v in raw.items() if k not in (*DOC_FIELDS, "format")}
        docs.append(
            Document(
                id=doc_id,
                text=text,
                title=fields.get("title") or "",
                source=fields.get("source") or "",
                date=fields.get("date") or None,
                url=fields.get("url") or "",
                meta=meta,
            )
        )
    return docs


def cluster_from_record(
    record: Mapping[str, Any], *, max_documents: int, max_chars: int
) -> Cluster:
    """Check limits, read the documents (HTML to text) and build the cluster once."""
    from ..pipeline import build_cluster

    documents = record.get("documents") or []
    check_limits(documents, max_documents, max_chars)
    docs = _documents_from_record(record)
    refs = record.get("summaries") or ()
    references = [r for r in refs if isinstance(r, str)] if isinstance(refs, list) else []
    return build_cluster(docs, str(record.get("id") or ""), references)


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
            own = {"doc_id": s.doc_id, "source": outlet, "sentence": s.position, "similarity": 1.0}
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


def summary_payload(summary: Summary, cluster: Cluster, include_sources: bool = False) -> dict:
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
