"""Size limits of one cluster, checked by :func:`tomtat.pipeline.build_cluster`.

The engine's similarity work grows faster than linearly with the number of sentences, and the
analysis report more so; these limits turn a pathological input (a 10 MB JSONL line, a
scraped page of 100,000 lines) into a one-line :class:`~tomtat.errors.LimitError` instead of
minutes of CPU and gigabytes of memory. The defaults come from ``benchmarks/bench_limits.py``
(docs/limits.md): at the sentence limit, summarizing takes about half a minute and the report
about a minute on one core. Override them with the environment variables
``TOMTAT_MAX_CLUSTER_CHARS`` and ``TOMTAT_MAX_CLUSTER_SENTENCES`` (0 disables a limit).

The character limit can only be checked on decoded text, so the readers also bound the
*bytes* they read (:func:`max_input_bytes`): a ``.txt`` that is a link to ``/dev/zero`` or
``summarize - < /dev/urandom`` used to read until memory ran out (6.4 GB, 4.3 GB).
"""

from __future__ import annotations

import os
import re
from itertools import islice

from .errors import LimitError, UsageError

#: The summary length (syllables) when none is asked for: one default for the CLI, the Python
#: API, HTTP and the web page (its slider starts here; ``GET /v1/methods`` reports it).
DEFAULT_MAX_WORDS = 200

#: Most characters of raw text (all documents of a cluster together).
MAX_CLUSTER_CHARS = 4_000_000
#: Most sentences in a cluster after cleaning and splitting.
MAX_CLUSTER_SENTENCES = 30_000
#: Bytes read per character of :data:`MAX_CLUSTER_CHARS`, for the byte bound of the readers:
#: a JSON file of ``\u1ec7`` escapes spends 6 bytes on a character, UTF-32 4, and an HTML page
#: its markup besides the text; 8 leaves room for all of these.
INPUT_BYTES_PER_CHAR = 8
#: Most characters of one raw HTML page, and most elements (start tags) in it: the extractor's
#: time grows with the tree (300,000 ``<p>`` took 245 s); a long news page has a few thousand.
MAX_HTML_CHARS = 5_000_000
MAX_HTML_ELEMENTS = 30_000
#: Most sentences for the analysis report, whose source comparison holds a dense
#: sentence-by-sentence matrix (8 bytes x n^2: 800 MB at 10,000 sentences).
MAX_REPORT_SENTENCES = 10_000


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise UsageError(
            f"{name}={raw!r} is not a whole number; unset it or give e.g. {default}"
        ) from None
    return value if value > 0 else 0


def max_cluster_chars() -> int:
    return _setting("TOMTAT_MAX_CLUSTER_CHARS", MAX_CLUSTER_CHARS)


def max_cluster_sentences() -> int:
    return _setting("TOMTAT_MAX_CLUSTER_SENTENCES", MAX_CLUSTER_SENTENCES)


def check_chars(total: int, name: str) -> None:
    limit = max_cluster_chars()
    if limit and total > limit:
        raise LimitError(
            f"cluster {name} has {total:,} characters of text; the limit is {limit:,} "
            "(split the input into smaller clusters, or raise TOMTAT_MAX_CLUSTER_CHARS)"
        )


def check_sentences(count: int, name: str) -> None:
    limit = max_cluster_sentences()
    if limit and count > limit:
        raise LimitError(
            f"cluster {name} has {count:,} sentences; the limit is {limit:,} "
            "(split the input into smaller clusters, or raise TOMTAT_MAX_CLUSTER_SENTENCES)"
        )


def max_report_sentences() -> int:
    return _setting("TOMTAT_MAX_REPORT_SENTENCES", MAX_REPORT_SENTENCES)


def check_report_sentences(count: int, name: str) -> None:
    limit = max_report_sentences()
    if limit and count > limit:
        raise LimitError(
            f"cluster {name} has {count:,} sentences; the analysis report takes at most "
            f"{limit:,} (summarize it instead, split it, or raise TOMTAT_MAX_REPORT_SENTENCES)"
        )


def max_input_bytes() -> int:
    """Most bytes the readers take from one cluster's input: the files and standard input of
    ``summarize``/``report`` together, one JSONL line of ``batch``/``cluster``.

    ``TOMTAT_MAX_INPUT_BYTES`` when set (0 disables the bound), else
    :data:`INPUT_BYTES_PER_CHAR` times the character limit (32,000,000 by default; unbounded
    only when the character limit is disabled too)."""
    if os.environ.get("TOMTAT_MAX_INPUT_BYTES", "").strip():
        return _setting("TOMTAT_MAX_INPUT_BYTES", 0)
    return max_cluster_chars() * INPUT_BYTES_PER_CHAR


def input_too_large(name: str, limit: int) -> LimitError:
    """The one-line error of a reader that reached :func:`max_input_bytes`."""
    return LimitError(
        f"{name} is larger than {limit:,} bytes, the input limit (split it into smaller "
        "clusters, or raise TOMTAT_MAX_INPUT_BYTES)"
    )


_START_TAG = re.compile(r"<[A-Za-z]")


def check_html(html: str, name: str) -> None:
    """Refuse a page too large or with too many elements to extract in a few seconds
    (``TOMTAT_MAX_HTML_CHARS``, ``TOMTAT_MAX_HTML_ELEMENTS``; 0 disables a limit)."""
    chars = _setting("TOMTAT_MAX_HTML_CHARS", MAX_HTML_CHARS)
    if chars and len(html) > chars:
        raise LimitError(
            f"HTML page {name} has {len(html):,} characters; the limit is {chars:,} "
            "(save the article alone, paste its text, or raise TOMTAT_MAX_HTML_CHARS)"
        )
    elements = _setting("TOMTAT_MAX_HTML_ELEMENTS", MAX_HTML_ELEMENTS)
    if elements and html.count("<") > elements:  # a cheap bound first: most pages stop here
        found = sum(1 for _ in islice(_START_TAG.finditer(html), elements + 1))
        if found > elements:
            raise LimitError(
                f"HTML page {name} has more than {elements:,} elements; the limit is "
                f"{elements:,} (save the article alone, paste its text, or raise "
                "TOMTAT_MAX_HTML_ELEMENTS)"
            )
