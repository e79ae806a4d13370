"""Strings from outside made safe: for Python (read time) and for a terminal (print time).

Read time, :func:`clean_str` / :func:`clean_json`: a JSON ``"\\ud800"`` escape or a file name
that is not UTF-8 gives a Python string holding a lone surrogate, which no UTF-8 writer can
encode: it used to crash the writers of ``summarize``, ``report`` and ``batch`` long after the
input was read. Every reader (io/records.py, io/paths.py, io/text.py, io/html.py) passes its
strings through these, so a lone surrogate becomes U+FFFD (``�``) and a bytes-escaped file
name byte (``\\udcff``) too.

Print time, :func:`printable`: a file name, a cluster id or a URL can hold ESC, CSI and other
control characters that a terminal obeys (clear the screen, rewrite the line, set the window
title). Every line the command line prints on stderr goes through it (tomtat.cli.options.say),
which shows them as ``\\x1b`` escapes. :func:`one_line` is the form for metadata in documents
(Markdown footnotes, HTML labels): control characters dropped, line breaks folded to a space.
"""

from __future__ import annotations

import re
from typing import Any

# lone surrogates (a pair is never left in a Python str read from UTF-8 or JSON: json.loads
# joins "\ud83d\ude00" into one character)
_SURROGATE = re.compile("[\ud800-\udfff]")
# what a terminal acts on or what hides text: C0 and C1 controls, DEL, the bidirectional
# embeddings/overrides/isolates (text shown in another order than it is stored), and the line
# and paragraph separators
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NO_TAB_NL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def clean_str(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD (a no-op for ordinary text)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


def clean_json(value: Any) -> Any:
    """A parsed JSON value with :func:`clean_str` applied to every string, keys included."""
    if isinstance(value, str):
        return clean_str(value)
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {clean_str(k): clean_json(v) for k, v in value.items()}
    return value


def clean_name(name: str) -> str:
    """A file name (``os.fsdecode`` form) as text: bytes that were not UTF-8 become U+FFFD."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    if match.group() in _SHORT:
        return _SHORT[match.group()]
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a file-name byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


_UNPRINTABLE = re.compile(_CONTROL.pattern[:-1] + "\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe for one line of a terminal: control characters, line breaks, bidi
    controls and lone surrogates shown as ``\\x1b`` / ``\\u202e`` escapes (a non-UTF-8 file
    name byte as ``\\xff``)."""
    if text.isprintable():  # no control, format, separator or surrogate character
        return text
    return _UNPRINTABLE.sub(_escape, text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(json_text: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with the characters it leaves raw
    that a terminal acts on (DEL, C1 controls such as CSI U+009B, bidi controls, line
    separators) and lone surrogates written as ``\\uXXXX`` escapes: the same JSON value,
    safe to print and always encodable as UTF-8. (``json.dumps`` already escapes C0.)"""
    if json_text.isascii() or not _JSON_UNSAFE.search(json_text):
        return json_text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def one_line(text: str) -> str:
    """Metadata for a document (a title, an outlet, an id, a URL): lone surrogates replaced,
    control and bidi characters dropped, every run of white space and line breaks one space."""
    text = _CONTROL_NO_TAB_NL.sub("", clean_str(text))
    return _BREAKS.sub(" ", text).strip()
