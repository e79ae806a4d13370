"""Service settings: every limit the HTTP API enforces, in one frozen object.

Light on purpose (no FastAPI import): the CLI builds it from flags before the web stack loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """Limits and tuning of ``tomtat serve``.

    - ``max_body_bytes``: largest accepted request body, checked on ``Content-Length`` and on
      the bytes actually streamed, before any JSON parsing (413 beyond it).
    - ``max_documents``: most articles in one cluster (422 beyond it).
    - ``max_chars``: most characters in one article's text, raw HTML included (422 beyond it).
    - ``max_words``: largest summary budget a client may ask for, in syllables (422 beyond it).
    - ``concurrency``: summaries computed at the same time; further requests wait their turn.
    - ``body_timeout``: seconds a client may take to send its body (408 beyond it), so slow
      clients cannot hold a connection's buffer open forever.
    - ``warm_up``: run one small summary at start-up so the first request does not pay for
      loading the segmenter and model.
    """

    max_body_bytes: int = 4_000_000
    max_documents: int = 50
    max_chars: int = 200_000
    max_words: int = 2_000
    concurrency: int = max(1, min(4, os.cpu_count() or 1))
    body_timeout: float = 30.0
    warm_up: bool = True

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_documents", "max_chars", "max_words", "concurrency"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise UsageError(f"{name} must be a positive integer, got {value!r}", name)
        if self.body_timeout <= 0:
            raise UsageError(
                f"body_timeout must be positive seconds, got {self.body_timeout!r}", "body_timeout"
            )
