"""Build a :class:`~tomtat.model.Cluster` from documents: normalize, clean, split. Once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import EmptyClusterError
from .model import Cluster, Document, Removal, Sentence
from .text.clean import clean
from .text.normalize import match_key, normalize
from .text.sentences import split_sentences


def build_cluster(
    documents: Iterable[Document],
    cluster_id: str = "",
    references: Sequence[str] = (),
) -> Cluster:
    """Normalize, clean and split every document. Raises EmptyClusterError if nothing is left."""
    docs = tuple(documents)
    if not docs:
        raise EmptyClusterError(f"cluster {cluster_id or '(unnamed)'} has no document")
    texts: list[str] = []
    sentences: list[Sentence] = []
    removed: list[Removal] = []
    for doc_index, doc in enumerate(docs):
        text, gone = clean(normalize(doc.text), doc.id)
        removed.extend(gone)
        texts.append(text)
        for index, span in enumerate(split_sentences(text)):
            piece = text[span.start : span.end]
            sentences.append(
                Sentence(
                    doc_id=doc.id,
                    doc_index=doc_index,
                    index=index,
                    paragraph=span.paragraph,
                    start=span.start,
                    end=span.end,
                    text=piece,
                    key=match_key(piece),
                    position=len(sentences),
                )
            )
    if not sentences:
        raise EmptyClusterError(
            f"cluster {cluster_id or '(unnamed)'} has no usable sentence after cleaning"
        )
    return Cluster(
        id=cluster_id,
        documents=docs,
        texts=tuple(texts),
        sentences=tuple(sentences),
        removed=tuple(removed),
        references=tuple(references),
    )
