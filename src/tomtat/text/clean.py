"""Boilerplate cleaning for Vietnamese news text.

:func:`clean` removes what is not article body and reports every removal with its reason
(a :class:`~tomtat.model.Removal`):

``photo-caption``
    a line that ends with a photo credit ("... ngày 13/9. Ảnh: TTXVN |", "... (Ảnh: Reuters)"),
    or a lone credit line ("(Ảnh minh họa)", "Ảnh: Reuters"). A long body paragraph that
    merely ends with a credit keeps its text; only the credit goes (``photo-credit``).
    Inside a line (pages whose paragraphs were run together), a credit glued to the start of
    a sentence goes too: "... sáng 21/10. Ảnh: AFP Tuy nhiên, ..." loses "Ảnh: AFP"
    (``photo-credit``), and "Người dân xem xét hiện trường - Ảnh: H.Giang Theo báo cáo, ..."
    loses the caption with its credit (``photo-caption``); see :func:`_inline_credits` for
    where a credit is taken to end. When that end is ambiguous the line is left as it is.
``dateline``
    an outlet/date prefix at the start of the first paragraph ("date 2024-06 (VTC News) -",
    "HÀ NỘI (Reuters) -", "(Dân trí) -"): the prefix goes, the sentence after it stays.
``headline``
    a headline run into the first sentence of the article, without punctuation between them
    ("Giá vàng lập đỉnh mới Sau phiên giảm nhẹ hôm qua, giá vàng ..."): a connector that opens
    sentences ("Sau", "Theo", "Trong", "Tại", ...) written with a capital in the middle of the
    first sentence, after at most 30 syllables without punctuation, starts the real sentence.
``source-footer``
    trailing "Diễn đàn", "Theo Reuters", "(Theo VnExpress)", "Nguồn: ..." lines.
``byline``
    a trailing author line ("Minh Anh", "Thu Hà (tổng hợp)", "PV/VOV").
``related-link``
    "Xem thêm: ...", "Tin liên quan", "Đọc thêm", ">> ..." lines.
``share-prompt``
    "Chia sẻ", "Bình luận", "Like fanpage ...", "Theo dõi ... trên Google News" lines.
``timestamp``
    a line holding only a time/date stamp ("18:23 27/08", live blogs and page headers).

Rules look at whole lines and at their shape (length, position, punctuation), never at a word
alone: "Theo Bộ Y tế, số ca mắc tăng 20%." and "Ảnh hưởng của bão rất lớn." stay.
Matching is done on a lower-cased, canonical-tone view of each line that has the same length
as the line, so "Ảnh minh hoạ" and "Ảnh minh họa" are one rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from ..model import Removal
from .datelines import parse_dateline
from .dates import word_starts
from .normalize import line_view, match_key
from .sentences import split_sentences
from .tokens import stopwords

# ---------------------------------------------------------------------------- photo captions
# A photo credit: "Ảnh: X", "(Ảnh: X)", "Ảnh minh họa", "Nguồn ảnh: X", "Ảnh chụp màn hình",
# "Photo: X", "Đồ họa: X", optionally followed by "|" (a layout separator some sites keep).
_CREDIT_LEAD = r"(?:^|(?<=[\s.!?…\"”’)\]]))"  # starts the line or follows a sentence end / space
_CREDIT_TAIL = re.compile(
    _CREDIT_LEAD + r"(?:"
    # "Ảnh: KCNA |", "(Ảnh: TTXVN)", "Ảnh minh họa: Getty", "Nguồn ảnh: Reuters"
    r"[(\[]?\s*(?:ảnh|nguồn ảnh|ảnh minh họa|ảnh tư liệu|ảnh chụp màn hình|photo|đồ họa|"
    r"video|clip|infographic)\s*[:/]\s*[^()\[\]\n.!?:;]{1,60}?\.?\s*[)\]]?\.?"
    # "(Ảnh minh họa)", "(Ảnh tư liệu)", "Ảnh minh họa" as a whole line
    r"|[(\[]\s*(?:ảnh minh họa|ảnh tư liệu|ảnh chụp màn hình|minh họa|ảnh internet)\s*[)\]]"
    r"|^(?:ảnh minh họa|ảnh tư liệu|ảnh chụp màn hình)"
    r")\s*\|?\s*$"
)
# Every alternative of _CREDIT_TAIL starts, after an optional bracket and white space, with one
# of these words: a match can only start there (see _credit_tail).
_CREDIT_STARTS = ("ảnh", "nguồn", "photo", "đồ", "video", "clip", "infographic", "minh")
# ... and holds one of these (a quick test that rules out most lines)
_CREDIT_WORDS = ("ảnh", "họa", "photo", "video", "clip", "infographic")
_CREDIT_LINE_MAX_WORDS = 45  # a caption is short; a longer line is body that ends with a credit

# ---------------------------------------------------------------------------- footers & links
_RELATED = re.compile(
    r"^\s*(?:>>+|»|▶|►|\*)?\s*(?:xem thêm|tin liên quan|đọc thêm|bài liên quan|tin cùng chuyên mục|"
    r"có thể bạn quan tâm|tin mới nhất|video đang được xem nhiều|mời xem|xem video)\b"
)
_ARROW_LINK = re.compile(r"^\s*(?:>>+|►|▶)\s*\S")
_SHARE = re.compile(
    r"^\s*(?:like fanpage|thích trang|theo dõi\b.{0,60}"
    r"(?:google news|fanpage|zalo|facebook|youtube|tiktok)|tải (?:ứng dụng|app)|"
    r"đăng ký nhận (?:tin|bản tin)|"
    r"mời (?:quý )?(?:độc giả|bạn đọc) (?:theo dõi|xem|đón đọc))\b"
)
# Button labels alone on a line ("Chia sẻ", "Bình luận (12)", "Chia sẻ | Bình luận").
_SHARE_WORD = (
    r"(?:chia sẻ|bình luận|gửi bình luận|share|tweet|email|in bài|lưu bài|báo lỗi|facebook|zalo)"
)
_SHARE_ONLY = re.compile(
    r"^\s*"
    + _SHARE_WORD
    + r"(?:\s*\(?\d+\)?)?(?:\s*[|/•·,:]?\s*"
    + _SHARE_WORD
    + r"(?:\s*\(?\d+\)?)?)*\s*$"
)
# A bare time stamp line of a live blog or a page header: "18:23 27/08", "09h15", "12/3/2024".
_TIMESTAMP = re.compile(
    r"^\s*(?:\d{1,2}[:h]\d{2}(?:\s*,?\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?)?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}(?:\s*,?\s*\d{1,2}[:h]\d{2})?)\s*(?:\(?gmt[+-]\d+\)?)?\s*$"
)
_FOOTER_SOURCE = re.compile(
    r"^\s*[(\[]?\s*(?:theo|nguồn|tổng hợp từ|tham khảo|lược dịch từ|dịch từ)\s*:?\s+"
    r"[^,;.!?]{1,60}[)\]]?\s*\.?\s*$"
)
_FORUM = re.compile(r"^\s*(?:diễn đàn|góp ý|ý kiến bạn đọc|từ khóa|tags?)\s*:?.{0,80}$")
_NGUON_ANYWHERE = re.compile(r"^\s*nguồn\s*:\s*\S.{0,100}$")
_BYLINE_SUFFIX = re.compile(
    r"\s*[(\[](?:tổng hợp|lược dịch|dịch|biên dịch|theo\s[^)\]]{1,40}|[A-ZĐ][\w ./]{1,20})[)\]]\s*$"
)
_PV = re.compile(
    r"^\s*(?:pv|ctv|nhóm pv|nhóm phóng viên|phóng viên)(?:\s*[/,-]\s*[\w. ]{1,20})?\s*$"
)
_MAX_BYLINE_WORDS = 5
_BLANK_RUNS = re.compile(r"\n{3,}")


def _is_name_line(line: str) -> bool:
    """A short run of capitalised words without sentence punctuation: "Minh Anh", "Thu Hà"."""
    stripped = _BYLINE_SUFFIX.sub("", line).strip()
    words = stripped.split()
    if not 1 <= len(words) <= _MAX_BYLINE_WORDS or stripped[-1:] in '.!?…:;,"”':
        return False
    return all(w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() for w in words)


def _credit_tail(view: str) -> re.Match[str] | None:
    """``_CREDIT_TAIL.search(view)``, trying only the positions where a match can start.

    A search tries the pattern at every position of the line; a match starts at a credit
    word (:data:`_CREDIT_STARTS`), or at the white space or bracket right before one, so
    trying those positions in order gives the same leftmost match. (``match(view, pos)``
    is the search's own step: lookbehind sees the text before ``pos``, and ``^`` matches
    only at 0.)
    """
    if not any(word in view for word in _CREDIT_WORDS):
        return None
    starts: set[int] = set()
    for word in _CREDIT_STARTS:
        at = view.find(word)
        while at >= 0:
            first = at
            while first > 0 and view[first - 1].isspace():
                first -= 1
            if first > 0 and view[first - 1] in "([":
                first -= 1
            starts.update(range(first, at + 1))
            at = view.find(word, at + 1)
    for pos in sorted(starts):
        found = _CREDIT_TAIL.match(view, pos)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------------------- inline credits
# "Ảnh: X", "- Ảnh: X", "(Ảnh: X)" inside a line, not at its end (that is _CREDIT_TAIL's).
# "(Ảnh AP)", "(Nguồn: Reuters)", "(Ảnh minh họa)" in brackets; "Ảnh minh họa: X" without;
# a bare "Ảnh minh họa." between two sentences
_INLINE_LABEL = re.compile(
    r"(?:(?<=\s)|^)(?:[-–—|]\s*)?(?:"
    r"(\(\s*)(?:ảnh minh họa|nguồn ảnh|ảnh|photo|nguồn)(:\s*|\s+|(?=\)))"
    r"|(?:ảnh minh họa|nguồn ảnh|ảnh|photo)\s*:\s*"
    r"|(ảnh minh họa\s*\.)"
    r")"
)
_INLINE_WORDS = ("ảnh", "photo", "nguồn", *_CREDIT_WORDS)  # the first three: _INLINE_LABEL's
_ANY_CREDIT_WORDS = tuple(dict.fromkeys(_INLINE_WORDS))  # each once: the test of every line
# A match of _INLINE_LABEL starts with one of these: the dash or bar before a label, the
# bracket before it, or its first word (see _inline_label)
_INLINE_STARTS = ("-", "–", "—", "|", "(", "ảnh", "nguồn", "photo")
_BRACKETED_CREDIT = re.compile(r"[^()\n!?]{0,60}\)")
_TOKEN = re.compile(r"\S+")
# a word of a credit: capitalised ("Reuters", "Trương"), an acronym or initials ("AFP/TTXVN",
# "H.Giang", "P.V."); a trailing comma, colon, quote ... ends the run of credit words
_CREDIT_TOKEN = re.compile(r"[^\W\d_][\w.&/-]*")
_CREDIT_MAX_WORDS = 4
_CAPTION_MAX_WORDS = 45
# words that continue a credit rather than open a sentence ("VTV News", "Getty Images")
_CREDIT_SUFFIXES = frozenset({"news", "times", "post", "photo", "images", "online", "press", "tv"})
# well-known one-word credits (complete by themselves, like an acronym)
_KNOWN_CREDITS = frozenset({"reuters", "getty", "xinhua", "bloomberg", "internet", "shutterstock"})


def _complete_credit(token: str) -> bool:
    """An acronym ("AFP", "AFP/TTXVN", "TTXVN"), initials or a domain ("H.Giang", "P.V.",
    "RT.com") or a well-known agency: a credit by itself, not the start of a longer name."""
    letters = [c for c in token if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    return acronym or "." in token.strip(".") or token.lower() in _KNOWN_CREDITS


def _opens_quote(token: str) -> bool:
    """``token`` opens a quotation with a capital: “Chúng, "Nước, 'Cậu."""
    return token[:1] in "\"“'‘" and token[1:2].isupper()


def _credit_words(rest: str, text_words: Callable[[], frozenset[str]]) -> int | None:
    """How many white-space tokens of ``rest`` (the text after "Ảnh:") are the credit, when a
    capitalised sentence clearly starts right after them; None when that is ambiguous.

    The credit is a run of capitalised words (at most four), and the sentence starts:
    after a credit word closed by a period ("Ảnh: RIA Novosti. Tổ chức ..."); or at the first
    function word of the run ("Ảnh: Thanh Tùng Theo Ban chỉ huy ...", "Ảnh: AFP Tuy nhiên
    ..."); or at the last capitalised word before the first lower-case one, when the run has
    two words ("Ảnh: CNN Bộ trưởng ...") or three and that word is written in lower case
    elsewhere in the article ("Ảnh: Lan Anh Trao đổi ...": "trao" is no name); or before a
    quotation that opens with a capital ("Ảnh: Reuters “Chúng tôi ...”"); or, failing those, right after a credit complete by itself (an acronym or initials: "Ảnh: VOV Ông
    Vương Bình Thạnh, ..."). A credit does not go on after initials or an acronym ("Ảnh:
    Đ.Hà Anh Vũ điều trị ..." is "Đ.Hà"), except with words such as "News" ("VTV News").
    """
    tokens = _TOKEN.findall(rest[:300])
    run = 0
    while run < min(len(tokens), 8) and _CREDIT_TOKEN.fullmatch(tokens[run]):
        if not tokens[run][0].isupper():
            break
        run += 1
        if tokens[run - 1].endswith(".") and sum(c.isalpha() for c in tokens[run - 1]) >= 2:
            # "Ảnh: RIA Novosti. Tổ chức ...", "Ảnh: VOV. Trao ...": the period ends the credit
            return run if run <= _CREDIT_MAX_WORDS and run < len(tokens) else None

    def credit_ok(n: int) -> bool:  # tokens[:n] can be one credit
        if n > _CREDIT_MAX_WORDS or any("." in t.strip(".") for t in tokens[: n - 1]):
            return False
        return n == 1 or not _complete_credit(tokens[0]) or tokens[1].lower() in _CREDIT_SUFFIXES

    if run and run < len(tokens) and _opens_quote(tokens[run]):
        return run if credit_ok(run) else None  # "Ảnh: Reuters “Chúng tôi ...”, ông nói."
    if run < 2:
        return None

    for j in range(1, run):
        if match_key(tokens[j]) in stopwords():
            return j if credit_ok(j) else None
    after = tokens[run] if run < len(tokens) else ""
    lower_next = bool(after) and (after[0].islower() or after[0].isdigit())
    if (
        lower_next
        and credit_ok(run - 1)
        and (run == 2 or (run == 3 and match_key(tokens[2]) in text_words()))
    ):
        return run - 1
    if (
        _complete_credit(tokens[0])
        and tokens[1].lower() not in _CREDIT_SUFFIXES
        and not tokens[1].isupper()  # "Ảnh: THE WASHINGTON POST": one credit in capitals
        and any(t[0].islower() for t in tokens[2:12])  # a sentence, not a name alone
    ):
        return 1
    return None


def _inline_label(view: str, at: int) -> re.Match[str] | None:
    """``_INLINE_LABEL.search(view, at)``, trying only the positions where a match can start
    (:data:`_INLINE_STARTS`), in order: the search tries the pattern at every position."""
    for pos in word_starts(view, _INLINE_STARTS, at):
        found = _INLINE_LABEL.match(view, pos)
        if found is not None:
            return found
    return None


def _inline_credits(
    line: str, text_words: Callable[[], frozenset[str]]
) -> tuple[str, list[tuple[str, str]]]:
    """``line`` without the photo credits glued to the start of a sentence inside it, and what
    went (text, reason). A caption run into the credit ("Khói bốc lên - Ảnh: AFP Theo ...",
    no sentence end before the credit) goes with it; a sentence ended before the credit stays
    (it cannot be told from the body). ``text_words()``: the article's lower-case words."""
    removed: list[tuple[str, str]] = []
    at = 0
    for _ in range(20):  # a line holds few credits; the bound only guards the loop
        view = _view(line)
        found = _inline_label(view, at)
        if found is None:
            break
        end = found.end()
        if found.group(1):  # "(Ảnh: X)": the bracket says where the credit ends
            closed = _BRACKETED_CREDIT.match(line, end)
            named = ":" in found.group(2) or line[end : end + 1] in ")" or line[end].isupper()
            end = closed.end() if closed and named else -1  # "(ảnh hưởng ...)" is no credit
        elif found.group(3):  # "Ảnh minh họa." alone
            pass
        else:
            words = _credit_words(line[end:], text_words)
            if words is None:
                end = -1
            else:
                for token in _TOKEN.finditer(line, end):
                    end = token.end()
                    words -= 1
                    if not words:
                        break
        rest = line[end:].lstrip() if end >= 0 else ""
        opens = rest[:1].isupper() or (rest[:1] in "\"“'‘" and rest[1:2].isupper())
        if end < 0 or not rest or not opens:
            at = found.end()
            continue
        start = found.start()
        sentence_start = next(
            (s.start for s in split_sentences(line) if s.start <= start < s.end), start
        )
        caption = line[sentence_start:start].strip(" -–—|")
        if not caption or caption[-1] in ".!?…":  # a sentence ended before the credit stays
            piece, reason, cut = line[start:end], "photo-credit", start
        elif len(caption.split()) <= _CAPTION_MAX_WORDS:
            piece, reason, cut = line[sentence_start:end], "photo-caption", sentence_start
        else:
            at = found.end()
            continue
        removed.append((piece.strip(), reason))
        head = line[:cut].rstrip()
        line = f"{head} {rest}" if head else rest
        at = 0  # what was skipped before may now stand before a sentence ("Ảnh minh họa.")
    return line, removed


# ---------------------------------------------------------------------------- glued headline
# Connectors that open a sentence and are never capitalised inside one (unlike "Ngày", "Năm",
# "Các", "Sáng", "Tuy", which are in names: "Ngày Nhà giáo", "thứ Năm", "Nguyễn Đức Tuy").
_GLUE_OPENERS = frozenset({"Sau", "Theo", "Trong", "Tại", "Trước", "Khi"})
_GLUED_HEADLINE_MAX_WORDS = 30


def _glued_headline(line: str) -> int | None:
    """Where the real first sentence starts when ``line`` opens on a headline run into it, or
    None. The headline ends before a capitalised connector (:data:`_GLUE_OPENERS`) that follows
    a word without punctuation and is followed by a lower-case word or a number, within
    :data:`_GLUED_HEADLINE_MAX_WORDS` words without sentence punctuation."""
    # the words read: at most the first 32 of the first 400 characters
    tokens = _TOKEN.findall(line, 0, 400)[: _GLUED_HEADLINE_MAX_WORDS + 2]
    for i in range(2, len(tokens) - 1):
        word, before, after = tokens[i], tokens[i - 1], tokens[i + 1]
        if before[-1] in ".!?…:;":
            return None  # a sentence ended: the line does not open on a headline
        if (
            word in _GLUE_OPENERS
            and before[-1].isalnum()
            and (after[0].islower() or after[0].isdigit())
        ):
            return next(islice(_TOKEN.finditer(line, 0, 400), i, None)).start()
    return None


def _opening(line: str, doc_id: str, removed: list[Removal]) -> str:
    """The first line of an article without its dateline (:func:`parse_dateline`) and without a
    headline run into its first sentence (:func:`_glued_headline`); the removals go to
    ``removed``."""
    found = parse_dateline(line)
    if found is not None:
        removed.append(Removal(doc_id, line[: found.end].strip(), "dateline"))
        line = line[found.end :].strip()
    cut = _glued_headline(line)
    if cut is not None:
        removed.append(Removal(doc_id, line[:cut].strip(), "headline"))
        line = line[cut:]
    return line


class _LowerWords:
    """The match keys of the words an article writes in lower case, made on first call (only
    an ambiguous glued credit needs them)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: frozenset[str] | None = None

    def __call__(self) -> frozenset[str]:
        if self._words is None:
            lower = [w for w in _TOKEN.findall(self._text) if w[:1].islower()]
            self._words = frozenset(match_key(" ".join(lower)).split())
        return self._words


def _photo_credits(
    line: str, text_words: Callable[[], frozenset[str]]
) -> tuple[str | None, list[tuple[str, str]]]:
    """``line`` without its photo credits (None when it was a caption), and what went (text,
    reason): credits glued inside it (:func:`_inline_credits`), then a credit at its end."""
    removed: list[tuple[str, str]] = []
    if any(word in _view(line) for word in _INLINE_WORDS[:3]):
        line, removed = _inline_credits(line, text_words)
    credit = _credit_tail(_view(line.strip()))
    if credit is None:
        return line, removed
    body = line.strip()[: credit.start()].rstrip(" |")
    if len(body.split()) <= _CREDIT_LINE_MAX_WORDS:
        return None, [*removed, (line.strip(), "photo-caption")]
    return body, [*removed, (line.strip()[credit.start() :].strip(), "photo-credit")]


HEADING_MAX_SYLLABLES = 15
_SENTENCE_END = ".?!…\"”'’)"


def ends_like_sentence(text: str) -> bool:
    """Does ``text`` end with sentence punctuation (". ? ! …", a closing quote or bracket)?"""
    tail = text.rstrip()[-1:]
    return bool(tail) and tail in _SENTENCE_END


def is_heading(sentence: str) -> bool:
    """True for a heading or title line rather than a sentence: it does not end with sentence
    punctuation and has at most 15 syllables (white-space separated, as
    ``Sentence.n_syllables`` and the summary budget count them).

    Headings stay in the cleaned text (they can carry the topic); the pipeline lists them in
    ``Cluster.meta["headings"]`` and the engine's ``heading`` feature is this rule (the shipped
    model was trained on it).
    """
    tail = sentence.rstrip()[-1:]
    return (
        bool(tail) and tail not in _SENTENCE_END and len(sentence.split()) <= HEADING_MAX_SYLLABLES
    )


# ---------------------------------------------------------------------------- clean


def _view(line: str) -> str:
    """Lower-case, canonical-tone view of ``line`` with the same length (for offsets)."""
    view = line_view(line)  # canonical_tones(line).lower(), kept for the sentence keys
    return view if len(view) == len(line) else line.lower()


def clean(text: str, doc_id: str = "") -> tuple[str, list[Removal]]:
    """Return ``text`` without boilerplate, and what was removed and why.

    ``text`` should be normalized (:func:`tomtat.text.normalize.normalize`). Paragraph breaks are
    kept as they are; removed lines disappear with their line break.
    """
    removed: list[Removal] = []
    lines = text.split("\n")
    keep = [True] * len(lines)

    # 1. Dateline prefix on the first non-empty line, then a headline run into its sentence.
    first = next((i for i, line in enumerate(lines) if line.strip()), -1)
    if first >= 0:
        lines[first] = _opening(lines[first], doc_id, removed)
        keep[first] = bool(lines[first])

    # 2. Line rules anywhere in the text.
    text_words = _LowerWords(text)
    for i, line in enumerate(lines):
        if not keep[i] or not line.strip():
            continue
        view = _view(line.strip())
        reason = None
        if _RELATED.match(view) or _ARROW_LINK.match(view):
            reason = "related-link"
        elif (_SHARE.match(view) or _SHARE_ONLY.match(view)) and len(view.split()) <= 15:
            reason = "share-prompt"
        elif _TIMESTAMP.match(view):
            reason = "timestamp"
        elif _NGUON_ANYWHERE.match(view) and len(view.split()) <= 15:
            reason = "source-footer"
        if reason is not None:
            removed.append(Removal(doc_id, line.strip(), reason))
            keep[i] = False
            continue
        if any(map(view.__contains__, _ANY_CREDIT_WORDS)):
            body, gone = _photo_credits(line, text_words)
            removed.extend(Removal(doc_id, piece, why) for piece, why in gone)
            if i == first and body and gone and line.lstrip().startswith(gone[0][0]):
                # a caption glued before the first sentence hid its dateline ("Tác giả bên
                # cuốn sách (Ảnh: X) NDĐT- Sáng 3/11, ..."): read the opening again
                body = _opening(body, doc_id, removed) or None
            keep[i] = body is not None
            lines[i] = body or ""

    # 3. Trailing footer block: walk back from the end over footer-shaped lines.
    tail: list[tuple[int, str]] = []
    for i in range(len(lines) - 1, -1, -1):
        if not keep[i] or not lines[i].strip():
            continue
        line = lines[i].strip()
        view = _view(line)
        if _FORUM.match(view) or (_FOOTER_SOURCE.match(view) and len(view.split()) <= 8):
            tail.append((i, "source-footer"))
        elif _PV.match(view) or _is_name_line(line):
            tail.append((i, "byline"))
        else:
            break
    for i, reason in reversed(tail):
        removed.append(Removal(doc_id, lines[i].strip(), reason))
        keep[i] = False

    kept = [line for line, k in zip(lines, keep, strict=True) if k]
    out = "\n".join(kept)
    if "\n\n\n" in out:
        out = _BLANK_RUNS.sub("\n\n", out)
    out = out.strip("\n")
    return out, removed
