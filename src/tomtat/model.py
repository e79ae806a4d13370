"""Plain, frozen data classes that flow through tomtat.

Data flows one way: ``Document`` (read) -> ``Cluster`` (cleaned, split; built once and never
mutated) -> ``Summary`` (chosen, ordered, cited sentences) -> ``Report`` (analysis).
The original text is kept for display; ``Sentence.key`` is the normalized form used for
matching and counting only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from a file, a JSON record or an HTTP body."""

    id: str
    text: str
    title: str = ""
    source: str = ""  # outlet, e.g. "VTC News"
    date: str | None = None  # ISO "YYYY-MM-DD" or "YYYY-MM" when known
    url: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)  # extra fields, kept as read


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of boilerplate the cleaner removed, and why."""

    doc_id: str
    text: str
    reason: str  # e.g. "photo-caption", "dateline", "source-footer", "related-link", "share-prompt"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a cleaned document.

    ``start``/``end`` are character offsets into the cleaned text of the document
    (``Cluster.texts[doc_index]``); ``index`` is the sentence's position in its document;
    ``position`` is its index in ``Cluster.sentences``.
    """

    doc_id: str
    doc_index: int
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    key: str
    position: int = 0

    @property
    def n_syllables(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Cluster:
    """A set of documents about one event, cleaned and split. Built once, read everywhere."""

    id: str
    documents: tuple[Document, ...]
    texts: tuple[str, ...]  # cleaned text of each document (same order as documents)
    sentences: tuple[Sentence, ...]
    removed: tuple[Removal, ...] = ()
    references: tuple[str, ...] = ()  # human summaries, when the input has them
    meta: Mapping[str, Any] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def sentences_of(self, doc_index: int) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.doc_index == doc_index)


@dataclass(frozen=True, slots=True)
class Source:
    """A document that backs a summary sentence."""

    doc_id: str
    source: str = ""  # outlet name when known
    sentence: int | None = None  # Sentence.position of the supporting sentence
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class Conflict:
    """A backing document that gives a different figure for the same thing ("11 người" where
    the summary sentence says "9 người")."""

    doc_id: str
    sentence: int  # Sentence.position of that document's matching sentence
    text: str  # that sentence
    figure: str  # the figure as that document writes it, e.g. "11 người"
    own_figure: str  # the figure as the summary sentence writes it, e.g. "9 người"
    source: str = ""  # outlet name when known
    newer: str | None = None  # doc_id of the more recent report when the dates differ


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence of a cited document that states a summary sentence's claim."""

    doc_id: str
    sentence: int  # Sentence.position in the cluster
    start: int  # character offsets in the document's cleaned text (Cluster.texts)
    end: int
    text: str
    score: float  # 1.0 for the summary sentence itself; else P(same claim)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A document with the same content as another (same text, or one wire story)."""

    doc_id: str
    same_as: str  # the document standing for the group (first in cluster order)


@dataclass(frozen=True, slots=True)
class EventGroup:
    """One of several distinct events a cluster describes (far-apart dates)."""

    id: str  # "e1", "e2", ... in time order
    label: str  # a headline or lead sentence naming it
    date: str  # ISO month ("2023-09") or month range; "" when unknown
    documents: tuple[str, ...]  # doc ids


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    doc_id: str
    position: int  # Sentence.position in the cluster
    sources: tuple[Source, ...] = ()
    support: int = 1  # number of distinct documents that say it (including doc_id)
    score: float = 0.0
    conflicts: tuple[Conflict, ...] = ()  # documents of the cluster that state other figures
    evidence: tuple[Evidence, ...] = ()  # parallel to sources: the sentence each one cites
    event: str = ""  # EventGroup.id when the cluster holds several events
    # editorial insertions in ``text`` (date anchors such as " [18/6/2024]"), as
    # (start, end, inserted text) offsets into ``text``; ``source_text`` removes them
    inserted: tuple[tuple[int, int, str], ...] = ()

    @property
    def source_text(self) -> str:
        """The sentence exactly as its article writes it (``text`` without the insertions)."""
        text = self.text
        for start, end, _ in sorted(self.inserted, reverse=True):
            text = text[:start] + text[end:]
        return text


@dataclass(frozen=True, slots=True)
class Summary:
    id: str
    sentences: tuple[SummarySentence, ...]
    method: str
    max_words: int
    duplicates: tuple[Duplicate, ...] = ()  # documents counted as one with another
    events: tuple[EventGroup, ...] = ()  # set when the cluster holds several events

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def source_text(self) -> str:
        """The summary without editorial insertions: what its articles write (for scoring)."""
        return " ".join(s.source_text for s in self.sentences)

    @property
    def n_syllables(self) -> int:
        """Length in the budget's unit; insertions are not counted (they are not extracts)."""
        return sum(len(s.source_text.split()) for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Report:
    """A summary plus cross-source analysis. Sections are plain JSON-able data."""

    summary: Summary
    timeline: tuple[Mapping[str, Any], ...] = ()
    entities: tuple[Mapping[str, Any], ...] = ()
    aliases: tuple[Mapping[str, Any], ...] = ()
    sources: Mapping[str, Any] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)
