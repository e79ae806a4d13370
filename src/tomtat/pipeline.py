"""Build a :class:`~tomtat.model.Cluster` from documents: normalize, clean, split. Once.

For each document: :func:`~tomtat.io.article.read_article` (the one reading of an article,
whatever door it came through: HTML detected by content, a title-less text's headline and
dateline read off its top), :func:`~tomtat.text.normalize.normalize` (encoding repair, NFC, invisible
characters, quotes/dashes/spaces; the source's tone placement is kept for display), then
:func:`~tomtat.text.clean.clean` (boilerplate removed, each removal kept in
``Cluster.removed`` with its reason), then :func:`~tomtat.text.sentences.split_sentences`.
Sentences keep the display text; ``Sentence.key`` is the match key (canonical tones, lower
case) used for matching and counting.

``Cluster.meta["headings"]`` lists the ``Sentence.position`` of heading/title lines
(:func:`~tomtat.text.clean.is_heading`, the rule of the engine's ``heading`` feature).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

from .errors import EmptyClusterError
from .io.article import read_article
from .limits import check_chars, check_sentences
from .model import Cluster, Document, Removal, Sentence
from .text.clean import clean, is_heading
from .text.normalize import key_of_normalized, normalize, sentence_keys
from .text.sentences import split_sentences


def build_cluster(
    documents: Iterable[Document],
    cluster_id: str = "",
    references: Sequence[str] = (),
    *,
    clean_boilerplate: bool = True,
) -> Cluster:
    """Normalize, clean and split every document. Raises EmptyClusterError if nothing is left.

    ``clean_boilerplate=False`` keeps captions, datelines and footers (for inspecting what the
    cleaner would remove, or for text known to be clean).
    """
    docs = tuple(documents)
    name = cluster_id or "(unnamed)"
    if not docs:
        raise EmptyClusterError(f"cluster {name} has no document")
    check_chars(sum(len(doc.text) for doc in docs), name)  # docs/limits.md
    docs = tuple(read_article(doc) for doc in docs)
    texts: list[str] = []
    sentences: list[Sentence] = []
    removed: list[Removal] = []
    headings: list[int] = []
    for doc_index, doc in enumerate(docs):
        text = normalize(doc.text)
        if clean_boilerplate:
            text, gone = clean(text, doc.id)
            removed.extend(gone)
            text, repeat = _drop_repeated_title(text, doc)
            removed.extend(repeat)
        texts.append(text)
        spans = split_sentences(text)
        # key_of_normalized of each sentence, made from the line views clean() has cached
        keys = sentence_keys(text, [(span.start, span.end) for span in spans])
        for index, (span, key) in enumerate(zip(spans, keys, strict=True)):
            piece = text[span.start : span.end]
            if is_heading(piece):
                headings.append(len(sentences))
            sentences.append(
                Sentence(
                    doc_id=doc.id,
                    doc_index=doc_index,
                    index=index,
                    paragraph=span.paragraph,
                    start=span.start,
                    end=span.end,
                    text=piece,
                    key=key,
                    position=len(sentences),
                )
            )
    check_sentences(len(sentences), name)
    if not sentences:
        raise EmptyClusterError(
            f"cluster {name} has no usable sentence after cleaning: "
            "every document is empty or boilerplate"
        )
    return Cluster(
        id=cluster_id,
        documents=docs,
        texts=tuple(texts),
        sentences=tuple(sentences),
        removed=tuple(removed),
        references=tuple(references),
        meta={"headings": tuple(headings)},
    )


def load(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    on_warning: Callable[[str], None] | None = None,
) -> Cluster:
    """Read files, folders or ``-`` (stdin) as ONE cluster and build it: ``tomtat.load``.

    ``paths`` is one path (str or :class:`~pathlib.Path`) or a list of them; what can be read
    is :func:`tomtat.io.read.read_input`'s (``.txt``, ``.html``, ``.json``, ``.jsonl``, folders
    of them). A skipped file is reported to ``on_warning``, else as a
    :class:`~tomtat.io.read.SkippedInputWarning`. Raises :class:`~tomtat.errors.InputError`
    when nothing can be read::

        cluster = tomtat.load("examples/bao-nalusa/")
        summary = tomtat.summarize(cluster, max_words=120)
    """
    from .io.read import read_input

    record = read_input(paths, on_warning=on_warning)
    return build_cluster(record.documents, record.id, record.references)


def _drop_repeated_title(text: str, doc: Document) -> tuple[str, list[Removal]]:
    """Remove a first line that repeats the document's title (web pages print the headline
    again above the body): it is the headline, not a sentence of the article. A title run into
    the first sentence ("<title> Mọi thứ đã diễn ra ...") goes the same way when a capitalised
    word follows it and a lower-case word comes soon after (a sentence, not a longer name)."""
    if not doc.title.strip():
        return text, []
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    title = _title_key(normalize(doc.title))
    n = len(title.split())
    # A key has the words of its text, less a last one that is only end punctuation: a first
    # line of more than n + 1 words cannot give the title's key (so it is not keyed).
    if first.strip() and len(first.split(maxsplit=n + 1)) <= n + 1 and _title_key(first) == title:
        return rest.lstrip("\n"), [Removal(doc.id, first.strip(), "title-repeat")]
    words = list(islice(_WORD.finditer(first), n + 6))  # the title's words and six more
    if title and len(words) > n + 2 and _title_key(first[: words[n - 1].end()]) == title:
        after = [w.group() for w in words[n : n + 6]]
        if after[0][0].isupper() and any(w[0].islower() for w in after[1:]):
            cut = words[n].start()
            body = first[cut:] + (f"\n{rest}" if rest else "")
            return body, [Removal(doc.id, first[:cut].strip(), "title-repeat")]
    return text, []


_WORD = re.compile(r"\S+")


def _title_key(line: str) -> str:
    return key_of_normalized(line).strip().rstrip(".:!?…").strip()
