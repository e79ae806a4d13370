"""Boilerplate cleaning for Vietnamese news text.

:func:`clean` removes what is not article body and reports every removal with its reason
(a :class:`~tomtat.model.Removal`):

``photo-caption``
    a line that ends with a photo credit ("... ngày 13/9. Ảnh: TTXVN |", "... (Ảnh: Reuters)"),
    or a lone credit line ("(Ảnh minh họa)", "Ảnh: Reuters"). A long body paragraph that
    merely ends with a credit keeps its text; only the credit goes (``photo-credit``).
``dateline``
    an outlet/date prefix at the start of the first paragraph ("date 2024-06 (VTC News) -",
    "HÀ NỘI (Reuters) -", "(Dân trí) -"): the prefix goes, the sentence after it stays.
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

from ..model import Removal
from .datelines import parse_dateline
from .normalize import line_view

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

    # 1. Dateline prefix on the first non-empty line.
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        found = parse_dateline(line)
        if found is not None:
            removed.append(Removal(doc_id, line[: found.end].strip(), "dateline"))
            rest = line[found.end :].strip()
            lines[i] = rest
            keep[i] = bool(rest)
        break

    # 2. Line rules anywhere in the text.
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
        credit = _credit_tail(view)
        if credit is not None:
            body = line.strip()[: credit.start()].rstrip(" |")
            if len(body.split()) <= _CREDIT_LINE_MAX_WORDS:
                removed.append(Removal(doc_id, line.strip(), "photo-caption"))
                keep[i] = False
            else:
                removed.append(
                    Removal(doc_id, line.strip()[credit.start() :].strip(), "photo-credit")
                )
                lines[i] = body

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
