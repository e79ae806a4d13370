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
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

from .encoding import repair
from .syllable import canonical_word

# Zero-width and invisible format characters (soft hyphen, ZW space/joiners, bidi marks and
# the Arabic letter mark U+061C, word joiner, BOM, invisible operators, interlinear annotation
# marks U+FFF9-FFFB, tag characters U+E0000-E007F, which can hide text from a reader while a
# program still sees it); variation selectors are kept out of scope.
_INVISIBLE_CLASS = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0000-\U000e007f"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CLASS}]")
# C0/C1 control characters except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SPACE_CLASS = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_SPACE_CLASS}]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
# A run of _SPACES that is not already a single " " (the only runs _SPACES.sub changes).
_SPACES_TO_FIX = re.compile(f"[{_SPACE_CLASS[1:]}][{_SPACE_CLASS}]*| [{_SPACE_CLASS}]+")
_LINE_EDGE_SPACE = re.compile(" ?\n ?")
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
_DISPLAY_PAIRS = tuple((chr(k), v) for k, v in _DISPLAY_MAP.items())
# Any character that the invisible, control, display-map or eth steps act on, and every
# space but " " (one regex search instead of five passes over clean text).
_RARE = re.compile(
    "["
    + _INVISIBLE_CLASS
    + "\x00-\x08\x0b-\x1f\x7f-\x9f"
    + "".join(chr(k) for k in _DISPLAY_MAP)
    + "".join(_ETH_MAP)
    + _SPACE_CLASS[1:]
    + "]"
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


_V = TypeVar("_V")


def _fixpoint(step: Callable[[str], str], text: str, limit: int = 4) -> str:
    """Apply ``step`` until the text stops changing (repairs can uncover further repairs in
    garbage input: "A\\x1fÎ" only looks like VNI once the control character is gone)."""
    out = step(text)
    if out == text:  # then step(out) == step(text) == out: no confirming pass needed
        return out
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
    # Every step is guarded by a cheap presence test (``in`` on a few characters, one regex
    # search for the rare ones): on clean text, which is almost all text, each step is a scan
    # instead of a rewrite (and the text comes back unchanged, so _fixpoint stops at once).
    if _has_line_breaks(text):
        text = _LINE_BREAKS.sub("\n", text)
    # Repair first: TCVN3 writes "ư" with byte 0xAD, which a cp1252 decoder shows as a soft
    # hyphen that the invisible-character pass below would otherwise delete.
    text = repair(text)
    text = unicodedata.normalize("NFC", text)
    rare = _RARE.search(text) is not None
    if rare:
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub("", text)
        # str.translate with a dict is slow on non-Latin-1 text; no target of the map is
        # also a key, so replacing the characters present one by one gives the same text.
        for old, new in _DISPLAY_PAIRS:
            if old in text:
                text = text.replace(old, new)
        if any(c in text for c in _ETH_MAP):
            text = _ETH.sub(lambda m: _ETH_MAP[m[0]], text)
    if "\u2028" in text or "\u2029" in text:
        # Left by a repair: str.strip() removes them at line ends, so go line by line.
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        text = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")
    else:
        text = _collapse_spaces(text, rare)
    return unicodedata.normalize("NFC", text)


def _has_line_breaks(text: str) -> bool:
    return (
        "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\x85" in text
        or "\u2028" in text
        or "\u2029" in text
    )


def _collapse_spaces(text: str, odd_spaces: bool) -> str:
    """Spaces of each line collapsed and stripped, blank runs cut to one blank line: the same
    as ``[_SPACES.sub(" ", line).strip() for line in text.split("\\n")]`` joined, provided
    that the only white space outside ``_SPACES`` left in ``text`` is "\\n" (the caller has
    removed C0/C1 controls and checked for U+2028/U+2029), done on the whole text at once.
    ``odd_spaces`` is False only if ``text`` holds no space character other than " "."""
    if odd_spaces or "  " in text:
        text = _SPACES_TO_FIX.sub(" ", text)  # matches only runs that are not one " "
    if " \n" in text or "\n " in text:
        text = _LINE_EDGE_SPACE.sub("\n", text)
    text = text.strip(" ")
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


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


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """:func:`match_key` without diacritics, spaces or punctuation, "đ" as "d":
    "Kim Jong-un" -> "kimjongun", "Sơn La" -> "sonla"; for comparing spellings of a name."""
    text = unicodedata.normalize("NFD", match_key(text).replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _key_once(text: str) -> str:
    return key_of_normalized(normalize(text))


def key_of_normalized(text: str) -> str:
    """:func:`match_key` of text that is already in display form (:func:`normalize` output).

    Skips the normalization pass; the pipeline uses it for sentence keys, whose text is a
    slice of normalized text. Computed word by word from a cache (see :class:`TokenCache`):
    tone placement, lower case, the quote/dash map and NFC all act within a run of non-space
    characters, and the key joins those runs with single spaces.
    """
    if text.isascii() or ("`" in text and text.lower().isascii()):
        # The key map (which also folds the ASCII "`") applies only when the lower-cased
        # text is not ASCII: a property of the whole text, not of one word.
        return _key_whole(text)
    return " ".join(map(_KEY_WORDS.__getitem__, text.split()))


def key_of_word(word: str) -> str:
    """:func:`key_of_normalized` of one word (no white space in it), without the split and
    join of a text: the engine's word tables key each new word once."""
    if word.isascii():
        return word.lower()  # no tone, no key map; NFC leaves ASCII as it is
    if "`" in word and word.lower().isascii():
        return _key_whole(word)
    return _KEY_WORDS[word]


def _key_whole(text: str) -> str:
    """The key computed on the whole text at once (the reference for the word cache)."""
    text = canonical_tones(text).lower()
    if not text.isascii():
        text = text.translate(_KEY_MAP)
    return unicodedata.normalize("NFC", " ".join(text.split()))


class TokenCache(dict[str, _V]):
    """``cache[word]`` is ``fn(word)``, computed once; cleared when it reaches ``limit``.

    For functions of a text that act on each white-space-delimited word alone (tone placement,
    lower case, character maps): news text repeats its words, and a dict lookup (done in C
    through ``map(cache.__getitem__, words)``) is far cheaper than a regex callback per word.
    Clearing at ``limit`` bounds the memory of a long-running service (the three word caches
    of the text core, 50,000 words each, hold about 15 MB at most; AbMuSu train and
    validation together have 26,000 distinct words).
    """

    def __init__(self, fn: Callable[[str], _V], limit: int = 50_000) -> None:
        super().__init__()
        self.fn = fn
        self.limit = limit

    def __missing__(self, word: str) -> _V:
        value = self.fn(word)
        if len(self) >= self.limit:
            self.clear()
        self[word] = value
        return value


def _key_word(word: str) -> str:
    # the view of a word (canonical_tones(word).lower()) is usually cached already: clean()
    # looks at every line of a document before its sentence keys are made
    view = _VIEW_WORDS[word]
    key = unicodedata.normalize("NFC", view.translate(_KEY_MAP))
    return view if key == view else key  # one string object for both caches when equal


def _view_word(word: str) -> str:
    if word.isascii():
        view = word.lower()
    elif word.isalpha():  # one run of letters, with a non-ASCII one: _WORD's single match
        view = canonical_word(word).lower()
    else:
        view = canonical_tones(word).lower()
    return word if view == word else view


_KEY_WORDS: TokenCache[str] = TokenCache(_key_word)
_VIEW_WORDS: TokenCache[str] = TokenCache(_view_word)
_MATCH_KEYS: TokenCache[str] = TokenCache(match_key)


def word_key(word: str) -> str:
    """:func:`match_key` of one word or token, from a cache (the analysis keys every token of
    a cluster, and news text repeats its words)."""
    return _MATCH_KEYS[word]


def tone_view(text: str) -> str:
    """``canonical_tones(text).lower()``, word by word through a cache.

    Exact for any text: tone placement acts on letter runs and lower case on each character
    (the final-sigma rule looks no further than the neighbouring letters), and neither crosses
    a space, so the text can be cut at its spaces and glued back.
    """
    if text.isascii():
        return text.lower()
    return " ".join(map(_VIEW_WORDS.__getitem__, text.split(" ")))


# Whole lines (paragraphs) already viewed: clean() views every line of a document, and the
# pipeline then makes the keys of the same lines' sentences from those views (sentence_keys).
_LINE_VIEWS: TokenCache[str] = TokenCache(tone_view, limit=2048)


def line_view(line: str) -> str:
    """:func:`tone_view` of a whole line, from a small cache of the lines viewed last."""
    return _LINE_VIEWS[line]


_KEY_PAIRS = tuple((chr(k), v) for k, v in _KEY_MAP.items())


def sentence_keys(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """``[key_of_normalized(text[a:b]) for a, b in spans]``, from the views of the lines.

    ``spans`` are sentence spans of :func:`~tomtat.text.sentences.split_sentences` (within one
    line, stripped, cut after end punctuation or at a line end). The key of a sentence is then
    the key map and NFC applied to the slice of its line's view (:func:`line_view`, usually
    cached by :func:`~tomtat.text.clean.clean`): no word lookups at all. This holds when

    * the view of the line has the line's length (lower case kept every character one
      character long), so that offsets match;
    * the line holds no capital sigma (the only character whose lower case depends on its
      neighbours, which a cut after a "." could change);
    * the text's only white space is single " " and line breaks (normalized text), so that
      joining the split words gives the slice back;

    and a span never starts or ends inside a run of letters (tone placement acts on runs).
    Otherwise the sentence's key is computed alone.
    """
    if "  " in text or not text.replace("\n", " ").isprintable():
        return [key_of_normalized(text[a:b]) for a, b in spans]
    keys: list[str] = []
    line_start, line_end, view = 0, -1, ""
    for a, b in spans:
        if a > line_end:  # the first sentence of a line
            line_start = text.rfind("\n", 0, a) + 1
            line_end = text.find("\n", b)
            if line_end < 0:
                line_end = len(text)
            line = text[line_start:line_end]
            view = line_view(line)
            if len(view) != len(line) or "\u03a3" in line:
                view = ""
        if not view:
            keys.append(key_of_normalized(text[a:b]))
            continue
        key = view[a - line_start : b - line_start]
        if not key.isascii():
            for old, new in _KEY_PAIRS:  # str.translate(_KEY_MAP), fast on non-Latin-1 text
                if old in key:
                    key = key.replace(old, new)
        keys.append(unicodedata.normalize("NFC", key))
    return keys
