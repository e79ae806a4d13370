"""Sentence splitting for Vietnamese news text.

:func:`split_sentences` returns character spans into the text it is given; every non-empty line
is a paragraph (news text puts one paragraph per line, with or without blank lines between),
and no sentence crosses a line. Inside a paragraph a boundary is placed after ``.``, ``!``,
``?``, ``…`` or ``...`` (with any closing quotes/brackets that follow, so a closing ``”`` belongs
to the sentence it ends) when the next token starts a sentence, except:

* inside a token: "20.000", "1,5", "13.9.2023", "TP.HCM", "Th.S", "U.S.", URLs and e-mails
  (a boundary needs white space after the punctuation, or a missing space between a
  lower-case word and a capitalised word: "tăng mạnh.Ông" splits, "TP.HCM" does not);
* after a known abbreviation ("ThS.", "PGS.TS.", "TP.", "Tp.", "Q.", "P.", "TT.", "Mr.",
  "Dr.", "v.v." before a lower-case word ...) or a single capital initial ("J. Smith"); a
  one-letter syllable with a Vietnamese mark ("châu Á.", "Nguyễn Á.", "nước Ý.") is no
  initial, nor a letter after a lower-case word before a Vietnamese sentence ("anh M. Sau
  đó", "cúm B. Bác sĩ"; see :func:`_letter_ends_sentence`);
* after a list number at the start of a paragraph ("1. Điều khoản ...", "II. Mục tiêu");
* before a lower-case word (ellipsis mid-sentence: "kinh tế … và an ninh");
* inside a quotation or parentheses that closes in the same paragraph: a quote holding several
  sentences stays one sentence with its attribution ("“A. B.” ông nói.") — for extractive
  summaries a quote cut in half is worse than a long sentence. Quotes longer than
  ``MAX_PROTECTED_WORDS`` words are split normally, so one bad quote mark cannot swallow a
  paragraph.

A boundary without punctuation: a subheading or caption that the page glued to the paragraph
after it ("... rõ hơn về nợ công Xung quanh vấn đề nợ công, theo ...", "Phát ngôn Hôm 31/10,
phát ngôn viên ...") ends before a capitalised opener that only starts sentences (a
connective with its comma, "Xung quanh", or a time of day with a date: :data:`_GLUED_OPENER`)
when the word before it is in lower case. The piece before, without final punctuation, is
then a heading the summarizer never takes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import islice
from typing import NamedTuple

from .syllable import is_valid_syllable


class Span(NamedTuple):
    start: int
    end: int
    paragraph: int  # index of the non-empty line (paragraph) the sentence is in


MAX_PROTECTED_WORDS = 80

# Abbreviations that end with a period and do not end a sentence (compared case-sensitively
# after stripping leading punctuation). Multi-part forms ("PGS.TS.") are handled generically.
ABBREVIATIONS = frozenset(
    [
        "TP",
        "Tp",
        "tp",
        "Q",
        "q",
        "P",
        "p",
        "TT",
        "Tt",
        "TX",
        "tx",
        "H",
        "h",
        "X",
        "x",
        "F",
        "K",
        "ThS",
        "Th.S",
        "TS",
        "Ts",
        "PGS",
        "GS",
        "BS",
        "Bs",
        "KS",
        "Ks",
        "CN",
        "NCS",
        "ThS.BS",
        "TSKH",
        "PGS.TS",
        "GS.TS",
        "BSCK",
        "BS.CKII",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "St",
        "Jr",
        "Sr",
        "Co",
        "Corp",
        "Ltd",
        "Inc",
        "vs",
        "No",
        "Nos",
        "Vol",
        "Fig",
        "Gen",
        "Lt",
        "Col",
        "Sgt",
        "Capt",
        "Rep",
        "Sen",
        "Gov",
        "U.S",
        "U.K",
        "U.N",
        "E.U",
        "tr",
        "Tr",
        "ng",
        "đ",
        "Đ",
        "TW",
    ]
)
# Abbreviations that may end a sentence: boundary only if the next word is capitalised.
_SOFT_ABBREVIATIONS = frozenset({"v.v", "vv", "etc", "v.v..", "Inc", "Ltd", "Co", "Corp"})

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"
_END_PUNCT = ".!?…"
_QUOTE_CHARS = re.compile('["“”‘’«»()\\[\\]]')
_PAIRS = {"“": "”", "‘": "’", "«": "»", "(": ")", "[": "]", '"': '"'}
_LETTER_NOUNS = frozenset(
    {"độ", "vitamin", "hạng", "nhóm", "bảng", "khối", "loại", "tuýp", "type", "khu", "tòa", "lớp"}
)
_NUMBERED_LABELS = frozenset({"Điều", "Khoản", "Mục", "Chương", "Phần", "Bước", "Câu", "Bài"})
_LIST_NUMBER = re.compile(r"(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6})")
# A run of end punctuation (group 1) and the closers after it; \s and \S are str.isspace().
_END_RUN = re.compile("([" + re.escape(_END_PUNCT) + "]+)[" + re.escape(_CLOSERS) + "]*")
_SPACE_RUN = re.compile(r"\s*")
_NON_SPACE = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
# What is stripped around the text before a list number ("“1. ..." , "Điều 2. ...").
_PREFIX_STRIP = _OPENERS + " "
_PREFIX_STRIP_RUN = re.compile("[" + re.escape(_PREFIX_STRIP) + "]*")
_LONGEST_LABEL = max(map(len, _NUMBERED_LABELS))
# The opener a mismatched closer may close ("”" closes an open "“" under an open "(").
_MISMATCHED_OPENER = {"”": "“", "»": "«", ")": "(", "]": "["}


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence spans (character offsets) with their paragraph number."""
    spans: list[Span] = []
    pos = 0
    paragraph = 0
    glued = _glued_openers(text)
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = _boundaries(line, [g - base for g in glued if base <= g < pos] if glued else ())
        start = 0
        for cut in [*cuts, len(line)]:
            _add(spans, line, base, start, cut, paragraph)
            start = cut
        paragraph += 1
    return spans


def _add(spans: list[Span], line: str, base: int, start: int, end: int, paragraph: int) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(base + start, base + end, paragraph))


def _protected(line: str) -> list[tuple[int, int]]:
    """Ranges inside balanced quotes/parentheses (to not split in), outermost only.

    The ranges are disjoint and in order (a range is recorded when the stack empties), which
    :func:`_boundaries` relies on to look a cut up by bisection. ``open_count`` says how many
    openers of each kind are on the stack, so a mismatched closer only walks the stack when it
    will pop what it walks: linear in the line however the marks nest.
    """
    ranges: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    open_count = dict.fromkeys(_PAIRS, 0)
    pairs = _PAIRS
    for found in _QUOTE_CHARS.finditer(line):
        i, ch = found.start(), found[0]
        if ch == '"':
            prev = line[i - 1] if i else " "
            opening = prev.isspace() or prev in "([“‘:—–-"
            if stack and stack[-1][0] == '"' and not opening:
                _, start = stack.pop()
                open_count['"'] -= 1
                if not stack:
                    ranges.append((start, i))
            elif opening:
                stack.append(('"', i))
                open_count['"'] += 1
            continue
        if ch in pairs and ch != '"':
            if ch == "‘" and i and line[i - 1].isalpha():
                continue
            stack.append((ch, i))
            open_count[ch] += 1
        elif stack and ch == pairs.get(stack[-1][0]):
            opener, start = stack.pop()
            open_count[opener] -= 1
            if not stack:
                ranges.append((start, i))
        elif ch in _MISMATCHED_OPENER and stack and open_count[_MISMATCHED_OPENER[ch]]:
            # Mismatched closer: close the innermost opener of the same family.
            for k in range(len(stack) - 1, -1, -1):
                if pairs.get(stack[k][0]) == ch:
                    _, start = stack[k]
                    for opener, _ in stack[k:]:
                        open_count[opener] -= 1
                    del stack[k:]
                    if not stack:
                        ranges.append((start, i))
                    break
    return [(a, b) for a, b in ranges if _at_most_words(line, a, b, MAX_PROTECTED_WORDS)]


def _at_most_words(line: str, start: int, end: int, limit: int) -> bool:
    """``len(line[start:end].split()) <= limit``, stopping after ``limit + 1`` words."""
    words = _NON_SPACE.finditer(line, start, end)
    return next(islice(words, limit, None), None) is None


def _token_before(line: str, end: int) -> str:
    """The non-space token that ends at ``end`` (exclusive), without leading openers."""
    start = end
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return line[start:end].lstrip(_OPENERS)


class _TokenStarts:
    """Start of the non-space token ending at a position, for positions met left to right.

    Remembers the last answer, so walking back stops where the previous walk ended: the
    periods of one long token ("a.a.a…") cost one walk over it, not one each.
    """

    __slots__ = ("last_end", "last_start", "line")

    def __init__(self, line: str) -> None:
        self.line = line
        self.last_end = 0
        self.last_start = 0

    def __call__(self, end: int) -> int:
        line = self.line
        stop = self.last_end if self.last_end <= end else 0
        start = end
        while start > stop and not line[start - 1].isspace():
            start -= 1
        if start == stop and stop and stop == self.last_end:
            start = self.last_start  # no space since the last position: the same token
        if end >= self.last_end:
            self.last_end, self.last_start = end, start
        return start


# A capitalised opener that only starts a sentence, after a space: a connective with its
# comma, "Xung quanh", or a time of day with a day/month date. In running text these words
# are written in lower case after a lower-case word ("sau đó,", "sáng 24/10,"), and no name
# starts with them followed by a comma or a date. One scan of a whole text: a scan per line
# cost four times as much.
_DATE_AFTER = r" (?:ngày |hôm )?\d{1,2}[/-]\d{1,2}(?!\d)"
_GLUED_OPENER = re.compile(  # the alternatives grouped by first letter: a faster scan
    r" (?:Xung quanh |N(?:goài ra,|gày" + _DATE_AFTER + r")|T(?:uy nhiên,|rước đó,|heo đó,"
    r"|rong khi đó,|ối" + _DATE_AFTER + r"|rưa" + _DATE_AFTER + r")|Bên cạnh đó,|S(?:au đó,"
    r"|áng"
    + _DATE_AFTER
    + r")|C(?:ùng ngày,|hiều"
    + _DATE_AFTER
    + r")|Đ(?:ồng thời,|êm"
    + _DATE_AFTER
    + r")|Mặt khác,|Rạng sáng"
    + _DATE_AFTER
    + r"|Hôm"
    + _DATE_AFTER
    + r")"
)


def _glued_openers(text: str) -> list[int]:
    """Offsets of the spaces before the glued openers of ``text`` (:data:`_GLUED_OPENER`)
    whose word before is letters in lower case ("nợ công Xung quanh ..."); after a sentence
    end (". Sau đó, ...") the word before holds the period."""
    cuts = []
    for found in _GLUED_OPENER.finditer(text):
        at = found.start()
        word = _token_before(text, at)
        if word.isalpha() and word.islower():
            cuts.append(at)
    return cuts


def _boundaries(line: str, glued: Sequence[int] = ()) -> list[int]:
    """Cut offsets of ``line``: after end punctuation (module docstring), and at the glued
    openers ``glued`` (:func:`_glued_openers`) outside quotations and parentheses."""
    protected: list[tuple[int, int]] | None = None  # computed on first use
    protected_starts: list[int] = []

    def inside(cut: int) -> bool:
        """True if a cut at ``cut`` would fall inside a protected quote/parenthesis."""
        nonlocal protected
        if protected is None:
            protected = _protected(line)
            protected_starts.extend(a for a, _ in protected)
        # Disjoint ranges in order: only the last one starting before the cut can hold it.
        at = bisect_left(protected_starts, cut) - 1
        return at >= 0 and cut <= protected[at][1]

    token_start = _TokenStarts(line)
    sentence_starts: dict[int, int] = {}  # sentence start -> first char not in _PREFIX_STRIP
    cuts: list[int] = []
    n = len(line)
    # Jump from one run of end punctuation ("?!", "...", "…", with the closing quotes or
    # brackets after it) to the next; a regex scan in C instead of a Python loop per char.
    for run in _END_RUN.finditer(line):
        i, j, k = run.start(), run.end(1), run.end()
        # A period glued to a capitalised word: "tăng.Ông" (a missing space).
        if k < n and not line[k].isspace():
            if _glued_boundary(line, i, k, token_start) and not inside(k):
                cuts.append(k)
            continue
        m = _SPACE_RUN.match(line, k).end()  # type: ignore[union-attr]  # \s* always matches
        if m >= n:
            break
        if not inside(k) and _is_boundary(line, i, j, k, m, cuts, token_start, sentence_starts):
            cuts.append(k)
    if glued:
        return sorted({*cuts, *(g for g in glued if not inside(g))})
    return cuts


def _first_word(line: str, start: int) -> str:
    """``line[start:].split(maxsplit=1)[0]`` (or "") without copying the rest of the line."""
    found = _NON_SPACE.search(line, start)
    return "" if found is None else found[0]


def _glued_boundary(line: str, i: int, k: int, token_start: _TokenStarts) -> bool:
    """A period at ``i`` glued to the next word: the token before it is two or more lower-case
    letters without ".", "@" or "/", the word after it capitalised ("tăng.Ông").

    Reads the characters in place instead of copying the token on each side: every period of
    a long token would otherwise copy it again (quadratic on "a.a.a…").
    """
    if line[i] != "." or k != i + 1:
        return False
    if i < 2 or not (line[i - 2 : i].isalpha() and line[i - 2 : i].islower()):
        return False
    start = token_start(i)
    # Leading openers stripped from the token are never ".", "@" or "/"; the last two
    # characters are letters, so stripping cannot shorten the token below them.
    if i - start < 2 or line.rfind(".", start, i) >= 0:
        return False
    # No "." before i in this token: this is its first period, so these scans happen once
    # per token.
    if line.find("@", start, i) >= 0 or line.find("/", start, i) >= 0:
        return False
    word = _LETTERS.match(line, k)
    return word is not None and len(word[0]) >= 2 and word[0][0].isupper() and word[0][1:].islower()


def _is_boundary(
    line: str,
    i: int,
    j: int,
    k: int,
    m: int,
    cuts: list[int],
    token_start: _TokenStarts,
    sentence_starts: dict[int, int],
) -> bool:
    """Decide a boundary after end punctuation line[i:j] (closers to k, next token at m)."""
    nxt = line[m]
    nxt_word = _first_word(line, m)
    letters = nxt_word.lstrip(_OPENERS + "-–—•*")
    if nxt in "-–—•*" and len(nxt_word) == 1:
        starts_upper = True  # a dash or bullet starting the next clause ("... - Ông")
    elif letters[:1].isalpha():
        starts_upper = letters[:1].isupper()
    else:
        starts_upper = letters[:1].isdigit() or nxt in _OPENERS
    if not starts_upper:
        return False
    punct = line[i:j]
    if punct != "." or k > j:
        # "?", "!", "…", "..." (or a closing quote after the period): boundary before a capital.
        return True
    token = line[token_start(i) : i].lstrip(_OPENERS)
    if not token:
        return True
    # List number at the start of the paragraph or of a sentence: "1. Điều khoản".
    if _LIST_NUMBER.fullmatch(token) and _label_or_nothing_before(
        line, cuts[-1] if cuts else 0, i - len(token), sentence_starts
    ):
        return False
    if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
        return False
    if token in _SOFT_ABBREVIATIONS or token.rstrip(".") in _SOFT_ABBREVIATIONS:
        return True
    # Single capital initial ("J. Smith", "Q. 1"), and dotted capitals ("U.S.", "PGS.TS.").
    if len(token) == 1 and token.isupper():
        return _letter_ends_sentence(line, i, token, m)
    parts = token.split(".")
    dotted = len(parts) > 1 and all(0 < len(p) <= 4 and p.isalpha() for p in parts)
    return not (
        dotted and (all(p[0].isupper() for p in parts) or all(p in ABBREVIATIONS for p in parts))
    )


def _letter_ends_sentence(line: str, i: int, letter: str, m: int) -> bool:
    """Does the one capital ``letter`` before the period at ``i`` end a sentence (the next word,
    at ``m``, is capitalised)? It is an initial ("J. Smith", "George W. Bush") unless:

    * it carries a Vietnamese mark ("Á", "Ý", "Ô"): a syllable ("châu Á", "Nguyễn Á", "nước
      Ý"), not an initial;
    * it is a grade or unit letter after its noun ("40 độ C.", "vitamin C.", "bảng A.");
    * it follows a lower-case word ("anh M.", "cúm B.", "quý I.": a letter standing for a
      person or a category; an initial follows a given name) and the next word is a
      Vietnamese syllable followed by a lower-case word ("Sau đó", "Bác sĩ"), not a foreign
      name ("nhiếp ảnh gia W. Eugene Smith") nor a name of capitalised words ("B. Bình
      Dương").
    """
    if not letter.isascii() and is_valid_syllable(letter):
        return True
    previous = _token_before(line, max(0, i - 2)).strip(",;")
    if previous.lower() in _LETTER_NOUNS:
        return True
    if not (previous.isalpha() and previous.islower()):
        return False
    words = _NON_SPACE.finditer(line, m)
    word = next(words)[0].lstrip(_OPENERS).rstrip(",;:")
    after = next(words, None)
    return (
        word.isalpha()
        and is_valid_syllable(word)
        and (after is None or not after[0].lstrip(_OPENERS)[:1].isupper())
    )


def _label_or_nothing_before(
    line: str, sentence_start: int, end: int, sentence_starts: dict[int, int]
) -> bool:
    """``line[sentence_start:end].strip(_PREFIX_STRIP)`` is empty or a numbered label
    ("Điều", "Mục" ...), found without copying the sentence so far: the first kept character
    is looked up once per sentence, the last by walking back over the strippable run just
    before ``end``."""
    first = sentence_starts.get(sentence_start)
    if first is None:
        first = _PREFIX_STRIP_RUN.match(line, sentence_start).end()  # type: ignore[union-attr]
        sentence_starts[sentence_start] = first
    last = end
    while last > first and line[last - 1] in _PREFIX_STRIP:
        last -= 1
    if last <= first:
        return True
    return last - first <= _LONGEST_LABEL and line[first:last] in _NUMBERED_LABELS
