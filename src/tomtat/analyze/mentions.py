"""Find name mentions in a cluster: lexicon matches, organisation spans, capitalized spans.

Vietnamese writes every syllable of a proper name with a capital letter ("Bình Nhưỡng",
"Kim Jong-un") and most organisation names as a capitalized head plus title-case words
("Bộ Ngoại giao Hoa Kỳ", "Hội đồng Bảo an"). The finder works sentence by sentence:

1. the curated lexicon (``aliases.tsv``), longest match first;
2. context cues are read and skipped: titles ("Tổng thống", "ông", "bà", "Bộ trưởng Quốc phòng")
   mark the next name as a person, "tại/ở/thủ đô/thành phố" as a place;
3. organisation heads ("Bộ", "Viện", "Đại học", "Hội đồng", ...) start an organisation span;
4. any other run of capitalized words is a name; the sentence's first word is dropped when it
   is an ordinary word (it appears in lower case elsewhere in the cluster, or is a known
   sentence opener).

Each mention keeps its document, sentence and offsets so counts and sources follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Cluster
from ..text.aliases import MAX_WORDS, Entry, Lexicon, default_lexicon
from ..text.normalize import word_key
from ..text.tokens import Token, tokenize

_GLUE = {"-", "‐", "‑", ".", "’", "'"}
_ABBREV = {"tp", "tx", "tt", "ts", "ths", "pgs", "gs", "q", "p"}

# person titles and forms of address; value = gender hint ("m", "f" or "")
PERSON_CUES: dict[tuple[str, ...], str] = {
    tuple(k.split()): g
    for k, g in {
        "ông": "m", "bà": "f", "anh": "m", "chị": "f", "ngài": "m", "quý bà": "f",
        "tổng thống": "", "phó tổng thống": "", "thủ tướng": "", "phó thủ tướng": "",
        "chủ tịch": "", "chủ tịch nước": "", "tổng bí thư": "", "quốc vương": "m", "vua": "m",
        "nữ hoàng": "f", "hoàng tử": "m", "công chúa": "f", "ngoại trưởng": "", "bộ trưởng": "",
        "thứ trưởng": "", "phó chủ tịch": "", "thống đốc": "", "thị trưởng": "",
        "đại sứ": "", "tướng": "", "đại tướng": "", "thượng tướng": "", "trung tướng": "",
        "thiếu tướng": "", "đô đốc": "", "nghị sĩ": "", "thượng nghị sĩ": "",
        "hạ nghị sĩ": "", "giáo sư": "", "tiến sĩ": "", "ts": "", "pgs": "", "ths": "",
        "chuyên gia": "", "nhà phân tích": "", "phát ngôn viên": "", "người phát ngôn": "",
        "cố vấn": "", "phụ tá": "", "trợ lý": "", "giám đốc": "", "tổng giám đốc": "",
        "nhà lãnh đạo": "", "lãnh đạo": "", "người đồng cấp": "", "thủ lĩnh": "",
        "cựu tổng thống": "", "cựu thủ tướng": "", "cựu bộ trưởng": "", "cố chủ tịch": "",
        "nhà báo": "", "phóng viên": "", "luật sư": "", "bác sĩ": "", "nhà nghiên cứu": "",
        "học giả": "", "giáo hoàng": "", "đức giáo hoàng": "", "ủy viên": "", "uỷ viên": "",
        "tổng thư ký": "", "người dân": "", "cử tri": "", "bộ trưởng ngoại giao": "",
    }.items()
}  # fmt: skip
# words that may follow a title ("Bộ trưởng Quốc phòng", "Cố vấn An ninh Quốc gia")
DEPARTMENTS = {
    tuple(k.split())
    for k in (
        "quốc phòng", "ngoại giao", "an ninh quốc gia", "an ninh", "tài chính", "nội vụ",
        "tư pháp", "thương mại", "công an", "y tế", "giáo dục", "kinh tế", "năng lượng",
        "ngân khố", "tình báo", "công thương", "kế hoạch và đầu tư", "quốc gia",
        "hội đồng nhà nước", "ủy ban quân sự trung ương", "hội đồng bảo an quốc gia",
        "ngoại thương", "nông nghiệp", "lao động", "văn hóa", "khoa học", "quốc tế",
        "chính phủ", "ubnd", "ủy ban nhân dân", "uỷ ban nhân dân",
    )
}  # fmt: skip
PLACE_CUES = {
    tuple(k.split())
    for k in (
        "tại", "ở", "thủ đô", "thành phố", "tỉnh", "vùng", "miền", "khu vực", "bang",
        "quận", "huyện", "làng", "xã", "đảo", "sông", "biển", "thị trấn", "căn cứ",
        "sân bay", "cảng", "nước", "sang", "tới", "đến", "rời", "rời khỏi", "tp", "tx",
        "phường", "thị xã",
    )
}  # fmt: skip
ORG_HEADS = {
    tuple(k.split())
    for k in (
        "bộ", "viện", "đại học", "học viện", "hội đồng", "ủy ban", "uỷ ban", "tổ chức",
        "công ty", "tập đoàn", "ngân hàng", "đảng", "trung tâm", "cơ quan", "quỹ",
        "liên đoàn", "hiệp hội", "tòa án", "toà án", "quốc hội", "văn phòng", "sở", "cục",
        "tổng cục", "hãng", "nhà máy", "trường", "bệnh viện", "báo", "đài", "thông tấn xã",
        "hạm đội", "quân đội", "quân khu", "lực lượng", "liên minh", "phòng", "viện nghiên cứu",
        "đại sứ quán", "lãnh sự quán", "tổng lãnh sự quán", "ban", "ủy ban nhân dân",
    )
}  # fmt: skip
# capitalized words that start sentences or headings but are not names
COMMON_OPENERS = {
    "trong", "các", "khi", "tuy", "nhưng", "hôm", "ngày", "vào", "theo", "sau", "đây", "năm",
    "tháng", "mặc", "kể", "đi", "cùng", "giống", "một", "những", "họ", "người", "ngay",
    "gần", "hai", "lần", "đó", "tôi", "chúng", "chính", "trước", "về", "từ", "do", "nếu",
    "và", "hoặc", "vì", "để", "còn", "cả", "mới", "thật", "đổi", "giữa", "tại", "ở", "với",
    "hồi", "đầu", "cuối", "thời", "bên", "riêng", "ngoài", "hiện", "dù", "tất", "bởi",
    "nhiều", "phần", "đa", "chỉ", "cũng", "không", "có", "là", "này", "ảnh", "xem", "nguồn",
    "quan", "lịch", "mối", "sự", "việc", "cuộc", "chuyến", "hội", "dữ", "thêm", "tin",
}  # fmt: skip
# lower-case words that can sit inside an organisation name after a capitalized word
_ORG_STOP = {
    "của", "và", "tại", "ở", "với", "cho", "là", "đã", "về", "từ", "trong", "theo", "khi",
    "để", "các", "những", "này", "đó", "năm", "ngày", "tháng", "hôm", "được", "bị", "có",
    "không", "sẽ", "đang", "vừa", "mới", "cũng", "nói", "thì", "mà", "như", "tuyên",
    "cảnh", "khẳng", "nhấn", "bày", "phát", "dự", "yêu", "kêu", "đề", "công", "ra", "vào",
    "nhận", "tiếp", "ký", "gửi", "sau", "trước", "đây", "vẫn", "luôn", "nay",
}  # fmt: skip
# after these words a capitalized number word is part of a date: "tháng Chín", "thứ Hai"
_DATE_WORDS = {"tháng", "thứ", "ngày"}
# verbs of saying right after a name: evidence for a person
SPEECH_VERBS = {
    tuple(k.split())
    for k in (
        "nói", "cho biết", "cho hay", "khẳng định", "tuyên bố", "nhấn mạnh", "bày tỏ",
        "cảnh báo", "nhận định", "phát biểu", "chia sẻ", "viết", "hỏi", "thừa nhận",
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a name in a sentence of the cluster."""

    text: str  # as written (cue words excluded)
    doc_id: str
    doc_index: int
    sentence: int  # Sentence.position
    start: int  # character offsets in the sentence text
    end: int
    type: str  # PER, LOC, ORG, TERM or MISC (unknown)
    entry: int | None = None  # lexicon entry id
    cue: str = ""  # the title or preposition seen before it ("Tổng thống", "tại")
    gender: str = ""  # "m"/"f" from "ông"/"bà"
    evidence: str = ""  # why the type was chosen: lexicon, cue, org-head, apposition, speech
    link: str = ""  # another name the text declares equal ("bão số 7 (tên quốc tế Nalusa)")


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    key: str
    start: int
    end: int
    cap: bool
    gap: str  # relation to the previous word: "start", "space", "glue" or "break"


def _words(text: str) -> list[_Word]:
    tokens = tokenize(text)
    words: list[_Word] = []
    pending = "start"
    prev: Token | None = None
    for tok in tokens:
        if tok.is_word or tok.text[0].isdigit():
            if pending != "start" and prev is not None:
                between = text[prev.end : tok.start]
                if pending == "break":
                    gap = "break"
                elif between.strip() == "":
                    gap = "space" if between else "glue"
                elif between.strip() in _GLUE and between == between.strip():
                    gap = "glue"
                else:
                    gap = "break"
            else:
                gap = "start"
            words.append(
                _Word(tok.text, word_key(tok.text), tok.start, tok.end, tok.text[0].isupper(), gap)
            )
            pending = "word"
            prev = tok
        elif tok.text == "." and words and words[-1].key in _ABBREV:
            continue  # "TP. Quy Nhơn", "Th.S": the dot is part of the abbreviation
        elif tok.text not in _GLUE:
            pending = "break" if words else "start"
            if tok.text in '“"‘(:[–—' and not words:
                pending = "start"
    return words


_FIRST: dict[int, frozenset[str]] = {}


def _match(words: list[_Word], i: int, table: Iterable[tuple[str, ...]] | dict) -> int:
    """Length of the longest phrase of ``table`` starting at word ``i`` (0 if none)."""
    firsts = _FIRST.get(id(table))
    if firsts is None:
        firsts = _FIRST[id(table)] = frozenset(k[0] for k in table)
    if i >= len(words) or words[i].key not in firsts:
        return 0
    best = 0
    for n in range(1, 6):
        if i + n > len(words) or any(words[j].gap == "break" for j in range(i + 1, i + n)):
            break
        if tuple(w.key for w in words[i : i + n]) in table:
            best = n
    return best


def _lexicon_match(lex: Lexicon, words: list[_Word], i: int) -> tuple[int, Entry | None]:
    longest = lex.first.get(words[i].key, 0)
    if not longest:
        return 0, None
    limit = 1
    while limit < min(longest, MAX_WORDS, len(words) - i) and words[i + limit].gap != "break":
        limit += 1
    for n in range(limit, 0, -1):
        entry = lex.lookup(tuple(w.key for w in words[i : i + n]))
        if entry is None:
            continue
        if entry.type != "TERM":
            if not words[i].cap and tuple(w.key for w in words[i : i + n]) not in lex.lower_ok:
                continue
            if entry.ambiguous and n == 1:
                glued_prev = i > 0 and words[i - 1].cap and words[i].gap in ("space", "glue")
                nxt = i + 1 < len(words) and words[i + 1].cap and words[i + 1].gap != "break"
                if words[i].gap == "start" or glued_prev or nxt:
                    continue
        return n, entry
    return 0, None


def lowercase_vocabulary(cluster: Cluster) -> set[str]:
    """Keys of words that appear in lower case somewhere in the cluster (ordinary words)."""
    vocab: set[str] = set()
    for s in cluster.sentences:
        for tok in tokenize(s.text):
            if tok.is_word and tok.text[0].islower():
                vocab.add(word_key(tok.text))
    return vocab


def find_mentions(cluster: Cluster, lexicon: Lexicon | None = None) -> list[Mention]:
    """Every name mention of the cluster, in sentence order."""
    lex = lexicon or default_lexicon()
    lower = lowercase_vocabulary(cluster)
    out: list[Mention] = []
    for s in cluster.sentences:
        out.extend(_sentence_mentions(s.text, s.doc_id, s.doc_index, s.position, lex, lower))
    return out


def mentions_in_text(text: str, lexicon: Lexicon | None = None) -> list[Mention]:
    """Mentions of one stand-alone text (used by canonicalize and tests)."""
    lex = lexicon or default_lexicon()
    return _sentence_mentions(text, "", 0, 0, lex, set())


# named weather events: "bão số 7", "bão Nalusa", "siêu bão Yagi", "(tên quốc tế Nalusa)"
_STORM = re.compile(r"(?<!\w)(?:siêu\s+)?[Bb]ão\s+(?:số\s+\d{1,2}|[A-Z][a-z]+)(?!\w)")
_INTL_NAME = re.compile(r"tên\s+quốc\s+tế\s+(?:là\s+)?([A-Z][a-z]+)")


def _event_mentions(text: str, doc_id: str, doc_index: int, position: int) -> list[Mention]:
    out = []
    storms = list(_STORM.finditer(text))
    for m in storms:
        out.append(
            Mention(m.group(), doc_id, doc_index, position, m.start(), m.end(), "EVENT",
                    evidence="pattern")
        )  # fmt: skip
    for m in _INTL_NAME.finditer(text):
        before = [s for s in storms if s.end() <= m.start()]
        link = before[-1].group() if before else ""
        out.append(
            Mention(m.group(1), doc_id, doc_index, position, m.start(1), m.end(1), "EVENT",
                    evidence="pattern", link=link)
        )  # fmt: skip
    return out


def _sentence_mentions(
    text: str,
    doc_id: str,
    doc_index: int,
    position: int,
    lex: Lexicon,
    lower: set[str],
) -> list[Mention]:
    words = _words(text)
    out: list[Mention] = _event_mentions(text, doc_id, doc_index, position)
    taken = [(m.start, m.end) for m in out]
    cue = ""
    cue_kind = ""  # "person" / "place"
    gender = ""
    cue_age = 0  # words since the cue
    i = 0

    def emit(a: int, b: int, typ: str, entry: int | None, evidence: str) -> None:
        nonlocal cue, cue_kind, gender
        start, end = words[a].start, words[b - 1].end
        if any(x < end and start < y for x, y in taken):
            return  # inside a named event ("bão Nalusa")
        out.append(
            Mention(
                text[start:end], doc_id, doc_index, position, start, end, typ, entry,
                cue if cue_kind else "", gender, evidence,
            )
        )  # fmt: skip

    while i < len(words):
        w = words[i]
        if w.gap == "break" or cue_age > 2:
            cue, cue_kind, gender, cue_age = "", "", "", 0
        # 1. lexicon
        n, entry = _lexicon_match(lex, words, i)
        if entry is not None:
            if entry.type == "PER" or (entry.type in ("LOC", "ORG") and cue_kind != "person"):
                emit(i, i + n, entry.type, entry.id, "lexicon")
                cue, cue_kind, gender, cue_age = "", "", "", 0
            elif entry.type == "TERM":
                emit(i, i + n, "TERM", entry.id, "lexicon")
                phrase = tuple(x.key for x in words[i : i + n])
                if phrase in PERSON_CUES:  # "Ngoại trưởng", "phát ngôn viên" are titles too
                    cue = text[w.start : words[i + n - 1].end]
                    cue_kind, gender, cue_age = "person", PERSON_CUES[phrase], 0
            else:
                # a nationality between a title and a name: "Tổng thống Nga Vladimir Putin"
                emit(i, i + n, entry.type, entry.id, "lexicon")
                cue_age = 1
            i += n
            continue
        # 2. organisation spans ("Đại sứ quán Hoa Kỳ" before the title "đại sứ")
        opening = w.gap == "start" or (
            w.gap == "break" and text[: w.start].rstrip()[-1:] in '“"‘:(–—'
        )
        n = _match(words, i, ORG_HEADS) if w.cap else 0
        if n and i + n < len(words) and words[i + n].cap and words[i + n].gap != "break":
            end = _org_end(words, i + n, lex)
            emit(i, end, "ORG", None, "org-head")
            cue, cue_kind, gender, cue_age = "", "", "", 0
            i = end
            continue
        if (
            opening
            and w.cap
            and (w.key in COMMON_OPENERS or w.key in lower)
            and not _match(words, i, PERSON_CUES)
            and not _match(words, i, PLACE_CUES)
        ):
            i += 1  # "Theo Trung tâm ...", "Trong khi đó": an ordinary first word
            continue
        # 3. cues (titles, prepositions)
        n = _match(words, i, PERSON_CUES)
        if n and not (w.cap and n == 1 and w.key in ("anh", "chị") and w.gap != "start"):
            phrase = tuple(x.key for x in words[i : i + n])
            cue = text[w.start : words[i + n - 1].end]
            cue_kind, gender, cue_age = "person", PERSON_CUES[phrase], 0
            i += n
            d = _match(words, i, DEPARTMENTS)
            while d:
                i += d
                d = _match(words, i, DEPARTMENTS)
            continue
        n = _match(words, i, PLACE_CUES)
        if n and (not w.cap or w.gap == "start" or w.key in _ABBREV):
            cue = text[w.start : words[i + n - 1].end]
            cue_kind, gender, cue_age = "place", "", 0
            i += n
            continue
        if not w.cap or not w.text[0].isalpha():
            i += 1
            cue_age += 1 if cue_kind else 0
            continue
        # 4. capitalized run
        j = i + 1
        while j < len(words) and words[j].gap != "break":
            nxt = words[j]
            if not (nxt.cap or nxt.gap == "glue"):
                break
            # "Little Saigon": a foreign name may end in a known one-word name
            foreign_tail = (
                nxt.text.isascii()
                and words[j - 1].text.isascii()
                and nxt.gap == "space"
                and _lexicon_match(lex, words, j)[0] == 1
            )
            if nxt.cap and not foreign_tail and _lexicon_match(lex, words, j)[1] is not None:
                break
            if nxt.cap and _match(words, j, PERSON_CUES) and nxt.key in ("ông", "bà"):
                break
            j += 1
        a = i
        opening = w.gap == "start" or (
            w.gap == "break" and text[: w.start].rstrip()[-1:] in '“"‘:(–—'
        )
        if opening and (w.key in COMMON_OPENERS or w.key in lower):
            a = i + 1
            while a < j and words[a].gap == "glue":
                a += 1
        if a < j and a > 0 and words[a - 1].key in _DATE_WORDS:
            a = j  # "tháng Chín", "thứ Hai"
        if a < j and all(x.text[0].isdigit() for x in words[a:j]):
            a = j
        if a + 1 == j and (words[a].key in lower or (not cue_kind and not words[a].text.isascii())):
            a = j  # one title-case common word ("Hiệp định", "miền Trung"), not a name
        if a < j:
            typ, evidence = "MISC", ""
            if cue_kind == "person":
                typ, evidence = "PER", "cue"
            elif cue_kind == "place":
                typ, evidence = "LOC", "cue"
            else:
                after = (
                    j < len(words) and words[j].gap != "break" and _match(words, j, SPEECH_VERBS)
                )
                appos = (
                    j < len(words)
                    and words[j].gap == "break"
                    and text[words[j - 1].end : words[j].start].strip() == ","
                    and (
                        _match(words, j, PERSON_CUES)
                        or (words[j].key == "cựu" and _match(words, j + 1, PERSON_CUES))
                    )
                )
                if appos:
                    typ, evidence = "PER", "apposition"
                elif after:
                    typ, evidence = "PER", "speech"
            if typ == "MISC" and a >= 2 and words[a - 1].key in ("và", "hoặc") and out:
                prev = out[-1]  # "Phù Cát và Chu Lai": a conjunct takes its partner's type
                if prev.end == words[a - 2].end and prev.type in ("PER", "LOC", "ORG"):
                    typ, evidence = prev.type, "coordination"
            span = text[words[a].start : words[j - 1].end]
            if any(c.isdigit() for c in span):
                typ, evidence = "MISC", ""  # model names: "Su-35", "Hwasong-11"
            elif a + 1 == j and len(span) >= 2 and span.isupper() and span.isalpha():
                typ, evidence = "ORG", "acronym"  # "UBND", "IFRC"
            emit(a, j, typ, None, evidence)
        cue, cue_kind, gender, cue_age = "", "", "", 0
        i = j
    return out


def _org_end(words: list[_Word], i: int, lex: Lexicon) -> int:
    """End (exclusive) of an organisation name whose title-case part starts at word ``i``.

    Title case: each word of the name starts with a capital ("Bộ Ngoại giao", "Hội đồng Bảo
    an"), so at most one lower-case syllable follows each capitalized one; a country or
    organisation from the lexicon closes the name ("Viện ... Hàn Quốc").
    """
    j = i
    lowers = 0
    while j < len(words) and (j == i or words[j].gap != "break"):
        w = words[j]
        if w.cap:
            n, entry = _lexicon_match(lex, words, j)
            if entry is not None and entry.type in ("LOC", "ORG") and j > i:
                return j + n
            if j > i and _match(words, j, PERSON_CUES):
                break
            lowers = 0
        else:
            if w.key in _ORG_STOP or lowers >= 1 or not w.text[0].isalpha():
                break
            lowers += 1
        j += 1
    return j
