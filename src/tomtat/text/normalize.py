"""Unicode and Vietnamese normalization.

Two forms, for two uses:

* :func:`normalize` — the **display** form, kept in ``Cluster.texts`` and shown to users:
  legacy encodings and mojibake repaired, Unicode NFC, "Ð"/"ð" look-alikes of "Đ"/"đ" fixed,
  zero-width and control characters removed, rare quote/dash/space variants mapped to common
  ones, spaces collapsed, line breaks unified. The source's tone placement ("hoà" or "hòa") is
  kept.
* :func:`match_key` — the **matching/counting** form (``Sentence.key``): the display form, then
  one canonical tone placement (:func:`canonical_tones`, "hoà"/"hòa" -> "hòa"), lower case,
  ASCII quotes and hyphens, "…" -> "...", all whitespace (line breaks too) as single spaces.

Both are idempotent and return NFC text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from .encoding import repair
from .syllable import canonical_word

# Zero-width and invisible format characters (soft hyphen, ZW space/joiners, bidi marks,
# word joiner, BOM, invisible operators, variation selectors are kept out of scope).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# C0/C1 control characters except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
# "Ð" (U+00D0, Icelandic eth) and "Ɖ" (U+0189) typed for "Đ"; eth never starts a word in
# Icelandic, so a word-initial one followed by a letter is a Vietnamese "Đ".
_ETH = re.compile("(?<![^\\W\\d_])[\u00d0\u0189\u00f0\u0256](?=[^\\W\\d_])")
_ETH_MAP = {"\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ"}

# Display: rare variants -> the common character (direction kept).
_DISPLAY_MAP = str.maketrans(
    {
        "\u201e": "“",  # „ low double quote
        "\u201f": "“",  # ‟
        "\u301d": "“",  # 〝
        "\u301e": "”",  # 〞
        "\u301f": "”",  # 〟
        "\uff02": '"',  # fullwidth "
        "\u201a": "‘",  # ‚ low single quote
        "\u201b": "‘",  # ‛
        "\uff07": "'",  # fullwidth '
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "–",  # figure dash
        "\u2015": "—",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\ufe58": "—",  # small em dash
        "\ufe63": "-",  # small hyphen-minus
        "\uff0d": "-",  # fullwidth hyphen-minus
    }
)
# Matching: every quote and dash folded to ASCII.
_KEY_MAP = str.maketrans(
    {
        "“": '"', "”": '"', "«": '"', "»": '"', "″": '"',
        "‘": "'", "’": "'", "‹": "'", "›": "'", "′": "'", "`": "'", "´": "'",
        "–": "-", "—": "-",
        "…": "...",
    }
)  # fmt: skip
# Words holding at least one non-ASCII letter (only those can carry a tone mark).
_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")


def _fixpoint(step: Callable[[str], str], text: str, limit: int = 4) -> str:
    """Apply ``step`` until the text stops changing (repairs can uncover further repairs in
    garbage input: "A\\x1fÎ" only looks like VNI once the control character is gone)."""
    out = step(text)
    for _ in range(limit):
        again = step(out)
        if again == out:
            break
        out = again
    return out


def normalize(text: str) -> str:
    """Display normalization (see module docstring). Idempotent; NFC output."""
    return _fixpoint(_normalize_once, text)


def _normalize_once(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    # Repair first: TCVN3 writes "ư" with byte 0xAD, which a cp1252 decoder shows as a soft
    # hyphen that the invisible-character pass below would otherwise delete.
    text = repair(text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    if not text.isascii():
        text = text.translate(_DISPLAY_MAP)
    if any(c in text for c in _ETH_MAP):
        text = _ETH.sub(lambda m: _ETH_MAP[m[0]], text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
    return unicodedata.normalize("NFC", text)


def canonical_tones(text: str) -> str:
    """Put every syllable's tone mark on its canonical vowel ("hoà" -> "hòa", "thuỷ" -> "thủy").

    Case and length are preserved (one character in, one out), so offsets stay valid.
    Expects NFC text; words that are not Vietnamese syllables are left alone.
    """
    if text.isascii():
        return text
    return _WORD.sub(lambda m: canonical_word(m[0]), text)


def match_key(text: str) -> str:
    """Matching/counting form: normalized, canonical tones, lower case, ASCII punctuation,
    single spaces. Idempotent; NFC output. ``"Thoả thuận"`` and ``"thỏa  thuận"`` give the
    same key."""
    return _fixpoint(_key_once, text)


def _key_once(text: str) -> str:
    return key_of_normalized(normalize(text))


def key_of_normalized(text: str) -> str:
    """:func:`match_key` of text that is already in display form (:func:`normalize` output).

    Skips the normalization pass; the pipeline uses it for sentence keys, whose text is a
    slice of normalized text.
    """
    text = canonical_tones(text).lower()
    if not text.isascii():
        text = text.translate(_KEY_MAP)
    return unicodedata.normalize("NFC", " ".join(text.split()))
