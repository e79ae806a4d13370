"""Deduplication keys: one for an article's URL, one for its content.

* :func:`url_key` — the same page under another spelling of its address gets the same key:
  scheme ignored (http = https), host lower case without ``www.`` and default port, no
  fragment, tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ...) dropped, the other
  query parameters sorted, a trailing ``/`` dropped. Not a URL any more; only compared.
* :func:`content_key` — the same text under other whitespace, case, punctuation, Unicode
  composition or tone placement ("hoà" = "hòa") gets the same key: 160-bit BLAKE2b of the
  words of the text, folded. A copy with one word changed is a different article (near
  duplicates are the clusterer's business: they land in the same event).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|yclid|mc_[a-z]+|zarsrc|_ga|ref|rss)$", re.I)
_WORD = re.compile(r"\w+")


def url_key(url: str) -> str | None:
    """The dedup key of an http(s) URL; None for an empty or non-web address."""
    url = (url or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    key = host + path + ("?" + urlencode(query) if query else "")
    return key[:512]


def content_key(text: str) -> str:
    """The dedup key of an article's text (see the module doc)."""
    from ..text.normalize import canonical_tones

    folded = canonical_tones(unicodedata.normalize("NFC", text)).lower()
    words = " ".join(_WORD.findall(folded))
    return hashlib.blake2b(words.encode("utf-8"), digest_size=20).hexdigest()
