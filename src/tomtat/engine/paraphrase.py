"""Does another article's sentence state the same fact as a summary sentence? Do they agree
on the figures?

The TF-IDF cosine of :mod:`tomtat.engine.features` misses paraphrases across outlets ("Bắc
Hàn" vs "Triều Tiên", "phi đạn" vs "tên lửa", reordered clauses) and cannot tell "the same
template about another thing" (gold prices of two companies, lottery results of two days)
from the same fact. :func:`support_probability` looks at a pair the way a reader checks a
citation, with three inputs to a tiny logistic model:

* ``cos`` — the engine's TF-IDF cosine (syllable uni+bigrams, cluster vocabulary);
* ``overlap`` — cosine of the two sets of **content words after alias canonicalisation**:
  syllables with every variant of the curated lexicon (``text/data/aliases.tsv``) replaced
  by its canonical name ("Bắc Hàn" -> "triều tiên", "Matxcơva" -> "moscow", "phi đạn" ->
  "tên lửa"), stop words and numbers left out. Order-free, so reordered clauses still match;
* ``numbers_disagree`` — each sentence states a number or date the other does not ("27/8"
  vs "29/8", "250,8 tỷ USD" vs "3,96 tỷ USD"): the same template about another thing.

The weights (:data:`WEIGHTS`) and the decision threshold (:data:`SUPPORT_PROBABILITY`) are
fitted by ``benchmarks/cite_fit.py`` on hand-labelled pairs from AbMuSu *train*
(``benchmarks/data/cite_pairs_train.jsonl``); precision/recall against the old cosine rule,
on train (cross-validated) and on held-out validation pairs: docs/engine.md, "Citations".

:func:`number_conflicts` finds figures that two matching sentences give differently for the
same thing ("9 người chết" vs "11 người chết").

Everything works one pair at a time with per-sentence results cached: citation runs over the
few summary sentences and their best candidates, never over all pairs of a cluster.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from ..text.normalize import match_key
from ..text.tokens import key_syllables, stopwords

# Logistic model over (cos, overlap, numbers_disagree): intercept first. Fitted by
# benchmarks/cite_fit.py (L2 = 1.0, 360 hand-labelled AbMuSu train pairs).
WEIGHTS: tuple[float, float, float, float] = (-2.13, 3.22, 2.94, -0.69)
# A document backs a summary sentence when a candidate sentence reaches this probability.
# Chosen on train by cross-validation (best F1 on the real mix of pairs).
SUPPORT_PROBABILITY = 0.5
# Candidates below MIN_COSINE are never read: the model accepts none of the 30 labelled
# train pairs in 0.10-0.15 (1 of them is the same fact), and skipping them saves a third of
# the pairs to analyse. At or above ALWAYS_COSINE a candidate always backs, without the
# model (all 30 labelled train pairs in 0.55-1.0 are the same fact).
MIN_COSINE = 0.15
ALWAYS_COSINE = 0.55

# --- alias canonicalisation ---------------------------------------------------------------


class _Alias(NamedTuple):
    canonical: tuple[str, ...]  # key syllables of the canonical name
    needs_capital: bool  # a one-syllable name ("Nhật") that is also a common word ("cập nhật")


@lru_cache(maxsize=1)
def _alias_table() -> tuple[dict[tuple[str, ...], _Alias], dict[str, tuple[int, ...]]]:
    """Variant (key syllables) -> canonical name, and first syllable -> the lengths of the
    variants starting with it (longest first). Built once per process from the lexicon.

    One-syllable forms of entries the lexicon marks ambiguous ("Anh", "Đức", "Viên") are
    left out: as key syllables they are mostly the common words "anh", "đức", "viên".
    """
    from ..text.aliases import default_lexicon

    table: dict[tuple[str, ...], _Alias] = {}
    for entry in default_lexicon().entries:
        canon = tuple(key_syllables(match_key(entry.canonical)))
        for form in entry.variants:
            syl = tuple(key_syllables(match_key(form)))
            if not syl or syl == canon or syl in table:
                continue
            if len(syl) == 1 and entry.ambiguous:
                continue
            table[syl] = _Alias(canon, len(syl) == 1 and entry.type != "TERM")
    lengths: dict[str, set[int]] = {}
    for syl in table:
        lengths.setdefault(syl[0], set()).add(len(syl))
    return table, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}


def canonical_syllables(tokens: Sequence[str], text: str = "") -> list[str]:
    """Key syllables with every alias variant replaced by its canonical name's syllables
    (longest match first): ``bắc hàn phóng phi đạn`` -> ``triều tiên phóng tên lửa``.

    ``text`` (the sentence as written) lets a one-syllable name count only when capitalised
    there ("Nhật" = Nhật Bản, "cập nhật" stays); without it such names are left alone.
    """
    table, starts = _alias_table()
    n = len(tokens)
    out: list[str] = []
    done = 0  # tokens[:done] are in out
    for i in [i for i, t in enumerate(tokens) if t in starts]:
        if i < done:
            continue
        for length in starts[tokens[i]]:
            if i + length > n:
                continue
            alias = table.get(tuple(tokens[i : i + length]))
            if alias is not None and (not alias.needs_capital or _capitalised(text, tokens[i])):
                out.extend(tokens[done:i])
                out.extend(alias.canonical)
                done = i + length
                break
    out.extend(tokens[done:])
    return out


def _capitalised(text: str, syllable: str) -> bool:
    """Does ``syllable`` occur capitalised as a whole word in ``text``?"""
    if not text:
        return False
    cap = syllable[:1].upper() + syllable[1:]
    return re.search(rf"(?<!\w){re.escape(cap)}(?!\w)", text) is not None


# --- per-sentence analysis ----------------------------------------------------------------

_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Cheap test before any number is looked for."""
    return _DIGIT.search(text) is not None


# a day/month date ("27/8", "2-9-2022"; kept whole so "27/8" and "29/8" differ) or a number
_SPECIFIC = re.compile(
    r"(?<![\w.,/-])(\d{1,2})[/-](\d{1,2})(?:[/-](?:\d{4}|\d{2}))?(?![\d/-])"
    r"|(?<![\w.,-])(\d+(?:[.,]\d+)*%?)"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


class SentenceInfo(NamedTuple):
    """What the pair features need from one sentence."""

    content: frozenset[str]  # canonical content syllables (no stop words, no numbers)
    text: str  # as written (numbers and dates are read from it only when needed)


def normalize_number(token: str) -> str:
    """'43.100' -> '43100', '4,5' -> '4.5', '20%' -> '20%' (Vietnamese separators)."""
    pct = token.endswith("%")
    t = token.rstrip("%")
    if _THOUSANDS.fullmatch(t):
        t = t.replace(".", "")
    return t.replace(",", ".") + ("%" if pct else "")


@lru_cache(maxsize=8192)
def specifics(text: str) -> frozenset[str]:
    """Numbers and day/month dates written in ``text`` ("27/8" and "29/8" differ)."""
    if not _DIGIT.search(text):
        return frozenset()
    found: set[str] = set()
    for day, month, number in _SPECIFIC.findall(text):
        if number:
            found.add(normalize_number(number))
        elif 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
            found.add(f"{int(day)}/{int(month)}")
        else:  # not a date ("15/2020" in "Nghị định 15/2020"): its numbers
            found.update((str(int(day)), str(int(month))))
    return frozenset(found)


# letter syllables of a Sentence.key: text.tokens.key_syllables without the numbers (they are
# not content words; numbers are compared by specifics())
_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=8192)
def sentence_info(text: str, key: str) -> SentenceInfo:
    """Canonical content syllables of a sentence (``Sentence.text``, ``Sentence.key``)."""
    toks = _LETTERS.findall(key)
    if not _alias_table()[1].keys().isdisjoint(toks):
        toks = canonical_syllables(toks, text)
    return SentenceInfo(frozenset(toks).difference(stopwords()), text)


# --- pair features and the model ----------------------------------------------------------

FEATURES = ("cos", "overlap", "numbers_disagree")


def pair_features(a: SentenceInfo, b: SentenceInfo, cos: float) -> tuple[float, float, float]:
    """The model's inputs for a pair (``a`` = the summary sentence, ``b`` = a candidate)."""
    na, nb = len(a.content), len(b.content)
    overlap = len(a.content & b.content) / math.sqrt(na * nb) if na and nb else 0.0
    return (float(cos), overlap, _disagree(a.text, b.text))


def _disagree(a_text: str, b_text: str) -> float:
    """1.0 when each sentence states a number or date that the other does not."""
    sa, sb = specifics(a_text), specifics(b_text)
    return 1.0 if (sa - sb) and (sb - sa) else 0.0


def probability(features: Sequence[float], weights: Sequence[float] = WEIGHTS) -> float:
    """Logistic model: P(same fact) for the given :data:`FEATURES` values."""
    z = weights[0] + sum(w * x for w, x in zip(weights[1:], features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def support_probability(a: SentenceInfo, b: SentenceInfo, cos: float) -> float:
    """P(``b`` states the fact of summary sentence ``a``), from :data:`WEIGHTS`."""
    return probability(pair_features(a, b, cos))


def supports(a: SentenceInfo, b: SentenceInfo, cos: float) -> bool:
    """The citation rule: does candidate ``b`` back summary sentence ``a``?

    Same decision as ``support_probability(a, b, cos) >= SUPPORT_PROBABILITY`` between
    :data:`MIN_COSINE` and :data:`ALWAYS_COSINE`; the numbers of the two sentences are read
    only when the other two inputs leave the decision open.
    """
    if cos >= ALWAYS_COSINE:
        return True
    if cos < MIN_COSINE:
        return False
    na, nb = len(a.content), len(b.content)
    overlap = len(a.content & b.content) / math.sqrt(na * nb) if na and nb else 0.0
    w0, w_cos, w_overlap, w_disagree = WEIGHTS
    z = w0 + w_cos * cos + w_overlap * overlap
    cut = math.log(SUPPORT_PROBABILITY / (1.0 - SUPPORT_PROBABILITY))  # logit of the threshold
    if (z >= cut) == (z + w_disagree >= cut):
        return z >= cut  # numbers cannot change the decision
    return z + w_disagree * _disagree(a.text, b.text) >= cut


# --- number conflicts ---------------------------------------------------------------------


class Figure(NamedTuple):
    """A quantity as written in a sentence: a number and what it counts."""

    value: float
    unit: str  # the word after it ("người", "tỷ", "đồng/kg"), "%" for a percentage
    qualifier: str  # the word after the unit ("chết"), the verb before a percentage; or ""
    approximate: bool  # "hơn 1.000", "khoảng 50", "ít nhất 9"
    text: str  # as written: "11 người", "42,7%"


# (the check of what stands before the number follows its first digit: text.dates._D_OPEN)
_FIGURE = re.compile(
    r"(?P<num>\d(?<![\w.,/:-]\d)\d*(?:[.,]\d+)*)(?![\d/:-]|[.,]\d)(?:\s*(?P<pct>%))?"
    r"(?:[ \t]*(?P<unit>[^\W\d_][^\W_]*(?:/[^\W\d_]+)?)"  # unit: "người", "m2", "đồng/kg"
    r"(?:[ \t]+(?P<q>[^\W\d_]+(?:[ \t]+[^\W\d_]+)?))?)?"  # then up to two words
)
# words before a number that make it approximate ("hơn 9 người" agrees with "11 người")
_HEDGES = frozenset({
    "hơn", "gần", "khoảng", "trên", "dưới", "chừng", "tới", "đến", "hàng", "vài", "xấp", "xỉ",
    "quanh", "ngót", "thiểu", "đa", "nhất",
})  # fmt: skip
# words before a number that make it a label, not a quantity ("quận 8", "Điều 101")
_LABELS = frozenset({
    "ngày", "tháng", "năm", "lúc", "số", "thứ", "lần", "khóa", "khoá", "kỳ", "kì", "vòng",
    "điều", "khoản", "quận", "phường", "tập", "phần", "câu", "bước", "đợt", "lô", "phòng",
    "tầng", "tuyến", "hạng", "top", "mã", "chương", "nghị", "quyết", "định",
})  # fmt: skip
_BEFORE = re.compile(r"((?:[^\W\d_]+[ \t]+){1,2})$")  # the words right before a number
_UNIT_SAME = {"tỉ": "tỷ", "ngàn": "nghìn", "thiệt": "chết", "tử": "chết"}


@lru_cache(maxsize=4096)
def figures(text: str) -> tuple[Figure, ...]:
    """Quantities of a sentence with their unit: "9 người chết", "1.076 tỷ đồng", "27%".

    Dates, times, scores and ranges ("27/8", "9:30", "1-2") and years are left out, as are
    numbers used as labels ("quận 8", "Điều 101", "lần thứ 7").
    """
    if not _DIGIT.search(text):
        return ()
    stop = stopwords()
    out: list[Figure] = []
    for m in _FIGURE.finditer(text):
        raw = m["num"]
        words = _BEFORE.search(text[max(0, m.start() - 30) : m.start()])
        before = words[1].lower().split() if words else []
        if before and before[-1] in _LABELS:
            continue
        if not m["pct"] and re.fullmatch(r"(1[89]|20)\d\d", raw):
            continue  # a year
        if m["pct"]:
            unit = "%"
            qualifier = next((w for w in reversed(before) if w not in _HEDGES), "")
            end = m.end("pct")
        elif m["unit"]:
            unit = m["unit"].lower()
            if not _DIGIT.search(unit):  # "m2", "km2" stay as written
                unit = next(iter(_canonical_words(unit)), "")
            if unit in stop:
                continue
            # what is counted: the first word after the unit that is not a stop word
            # ("9 người chết", "5 người bị thương" -> "thương")
            q_words = _canonical_words(m["q"]) if m["q"] else ()
            qualifier = next((w for w in q_words if w not in stop), "")
            end = m.end("unit")
        else:
            continue
        approximate = any(w in _HEDGES for w in before) or "ít nhất" in " ".join(before)
        try:
            value = float(normalize_number(raw).rstrip("%"))
        except ValueError:
            continue
        out.append(
            Figure(
                value,
                _UNIT_SAME.get(unit, unit),
                _UNIT_SAME.get(qualifier, qualifier),
                approximate,
                text[m.start() : end],
            )
        )
    return tuple(out)


@lru_cache(maxsize=4096)
def _canonical_words(words: str) -> tuple[str, ...]:
    """Syllables of ``words`` after alias canonicalisation: "phi đạn" -> ("tên", "lửa"),
    "USD" -> ("đô", "la", "mỹ"), "Người" -> ("người",). Cached: units repeat."""
    return tuple(canonical_syllables(_LETTERS.findall(words.lower()), words))


def number_conflicts(
    a_text: str, b_text: str, *, tallies: bool = False
) -> list[tuple[Figure, Figure]]:
    """Figures the two sentences give differently for the same thing: ``[(a's, b's)]``.

    "The same thing" = the same unit and a compatible qualifier (equal, or missing on one
    side); a conflict is reported only when each sentence has exactly one such figure, both
    exact (not "hơn", "khoảng", ...), and their values differ by more than 0.5 %. So "9 người
    chết" vs "11 người chết" conflict; "9 người chết" vs "5 người bị thương" do not; "hơn
    43.000 m2" vs "43.100 m2" do not.
    """
    if not _disagree(a_text, b_text):
        return []  # a conflict needs a number on each side that the other does not state
    fa, fb = _totals(a_text), _totals(b_text)
    if not fa or not fb:
        return []
    out: list[tuple[Figure, Figure]] = []
    for x in fa:
        same_a = [f for f in fa if _same_thing(f, x)]
        same_b = [f for f in fb if _same_thing(f, x)]
        if len(same_a) != 1 or len(same_b) != 1:
            continue
        y = same_b[0]
        if x.approximate or y.approximate:
            continue
        if abs(x.value - y.value) > 0.005 * max(abs(x.value), abs(y.value)):
            out.append((x, y))
    if not out:
        return out
    if tallies and is_tally(a_text, b_text):
        return out  # two moments of one count: the caller checks it is one count
    return [] if _other_occasion(a_text, b_text) else out


_PART = re.compile(r"(?<!\w)(?:trong đó|trong số đó|trong số này|riêng)(?!\w)", re.IGNORECASE)


def _totals(text: str) -> tuple[Figure, ...]:
    """The figures of a sentence without the parts it breaks a total into ("9 người chết,
    trong đó tỉnh Quảng Ngãi có 5 người chết": the 5 is a part, not another total)."""
    found = figures(text)
    m = _PART.search(text)
    if m is None:
        return found
    return tuple(f for f in found if text.find(f.text) < m.start())


# a running tally, counted up to some moment: "Tính đến sáng 19/11, ... 11 người chết"
_TALLY = re.compile(
    r"(?<!\w)(?:tính (?:đến|tới)|cho (?:đến|tới) nay|đến nay|tới nay|(?:đã )?tăng lên|lên (?:tới|đến))"
    r"(?!\w)",
    re.IGNORECASE,
)


def is_tally(a_text: str, b_text: str) -> bool:
    """Are both sentences running tallies ("tính đến 17 giờ ngày 18/11 ... 9 người chết",
    "Tính đến sáng 19/11 ... 11 người chết")? Then different days are two moments of one
    count, and different figures a conflict (the later report is the newer figure)."""
    return _TALLY.search(a_text) is not None and _TALLY.search(b_text) is not None


def _other_occasion(a_text: str, b_text: str) -> bool:
    """Do the two sentences describe different occasions, so that different figures are no
    contradiction? Yes when both give day/month dates and none is shared ("27/8" vs
    "29/8"), or when each names something the other does not (after alias
    canonicalisation): "Vivo T2x có 3 màu" vs "Asus ZenFone 9 có 4 màu", "XSMT thứ Hai ...
    Phú Yên" vs "XSMT Chủ nhật ... Khánh Hòa". On AbMuSu every figure conflict between cited
    sentences without this check was such a template pair, never a real contradiction."""
    da = {t for t in specifics(a_text) if "/" in t}
    db = {t for t in specifics(b_text) if "/" in t}
    if da and db and not da & db:
        return True
    na, nb = _names(a_text), _names(b_text)
    return bool(na - nb) and bool(nb - na)


_WORD = re.compile(r"[^\W\d_][\w-]*")


@lru_cache(maxsize=1024)
def _names(text: str) -> frozenset[str]:
    """Canonical syllables of the capitalised words of a sentence, stop words left out. A
    single capitalised word opening the sentence is an ordinary word ("Giá vàng ..."); a run
    of them is a name ("Bắc Hàn bắn ...")."""
    runs: list[list[str]] = []
    last_end = -1  # end of the previous word when it was capitalised
    for m in _WORD.finditer(text):
        if not m[0][0].isupper():
            last_end = -1
            continue
        if last_end >= 0 and text[last_end : m.start()].strip(" \t") == "":
            runs[-1].append(m[0])
        else:
            runs.append([m[0]])
        last_end = m.end()
    first = _WORD.search(text)
    out: set[str] = set()
    for k, run in enumerate(runs):
        if k == 0 and first is not None and run[0] == first[0] and len(run) == 1:
            continue
        out.update(_name_syllables(" ".join(run)))
    return frozenset(out - stopwords())


@lru_cache(maxsize=4096)
def _name_syllables(name: str) -> tuple[str, ...]:
    """Canonical key syllables of one name as written (names repeat across sentences)."""
    return tuple(canonical_syllables(key_syllables(match_key(name)), name))


def _same_thing(f: Figure, g: Figure) -> bool:
    return f.unit == g.unit and (f.qualifier == g.qualifier or not f.qualifier or not g.qualifier)
