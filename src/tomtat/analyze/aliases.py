"""Group the name variants of a cluster: one canonical name per person, place, organisation.

Evidence, strongest first:

* **lexicon** — the curated ``text/data/aliases.tsv`` (exonyms, overseas-press vocabulary,
  transliterations, abbreviations): "Bắc Hàn" = "Triều Tiên", "Tòa Bạch Ốc" = "Nhà Trắng".
* **form** — the same letters once case, hyphens, spaces and diacritics are ignored:
  "Kim Jong Un" = "Kim Jong-un".
* **spelling** — names of the same length in words whose words are equal but for one slip
  of at most one edit in a word of five letters or more (two in ten or more):
  "Sergei Shogu" = "Sergei Shoigu", "Sergey" = "Sergei". Short words must match exactly, so
  "Kim Jong Un" / "Kim Jong Il" / "Kim Yo Jong" stay apart. Unknown one-word names close to
  a lexicon name seen in the cluster (ratio >= 0.8, 8+ letters) join it ("Vlapostok").
* **short form** — one word that is the first or last word of exactly one longer name
  mentioned in the same article ("ông Kim", "Putin", "bà Choe"), or in the cluster when the
  article names none. With several candidates it attaches only to a dominant one (three times
  as many mentions); otherwise it stays apart, marked ``ambiguous``. A gender cue ("ông"/"bà")
  that contradicts the group's, or a type that contradicts it, vetoes the attachment.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from ..model import Cluster
from ..text.aliases import Lexicon, default_lexicon
from ..text.normalize import fold
from ..text.tokens import name_words
from .mentions import Mention, find_mentions, mentions_in_text

DOMINANCE = 3.0  # a short form attaches to the dominant candidate if it has 3x the mentions
FUZZY_RATIO = 0.8  # unknown name -> lexicon name (difflib ratio on folded forms)


@dataclass(frozen=True, slots=True)
class AliasGroup:
    id: str
    canonical: str
    type: str  # PER, LOC, ORG, TERM, MISC
    mentions: tuple[Mention, ...]
    entry: int | None = None  # lexicon entry id, when the lexicon knows it
    evidence: tuple[str, ...] = ()  # lexicon, form, spelling, fuzzy, short-form
    ambiguous: tuple[str, ...] = ()  # other canonicals a short form could mean
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def variants(self) -> dict[str, int]:
        """Surface form -> number of mentions, most frequent first."""
        c = Counter(m.text for m in self.mentions)
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def sources(self) -> dict[str, int]:
        """Document id -> number of mentions, in document order."""
        c: dict[str, int] = {}
        for m in sorted(self.mentions, key=lambda m: m.doc_index):
            c[m.doc_id] = c.get(m.doc_id, 0) + 1
        return c


def similarity(a: str, b: str) -> float:
    """Normalized string similarity in [0, 1] (difflib ratio on folded forms)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    return SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _slip_equal(a: str, b: str) -> bool:
    """Two multi-word names that differ by one spelling slip in one long word."""
    ta, tb = [fold(t) for t in name_words(a)], [fold(t) for t in name_words(b)]
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    n = min(len(x), len(y))
    if n < 5 or x[0] != y[0]:
        return False
    return edit_distance(x, y) <= (2 if n >= 10 else 1)


class _Groups:
    """Union-find over provisional groups keyed by a string."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, k: str) -> None:
        self.parent.setdefault(k, k)

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # lexicon roots win so the group keeps its entry
            if rb.startswith("lex:") and not ra.startswith("lex:"):
                ra, rb = rb, ra
            self.parent[rb] = ra


def group_aliases(
    cluster: Cluster,
    mentions: Sequence[Mention] | None = None,
    lexicon: Lexicon | None = None,
) -> tuple[AliasGroup, ...]:
    """Alias groups of the cluster, most mentioned first. Empty when no name is found."""
    lex = lexicon or default_lexicon()
    ms = list(find_mentions(cluster, lex) if mentions is None else mentions)
    if not ms:
        return ()
    uf = _Groups()
    evidence: dict[str, set[str]] = defaultdict(set)
    gkey: list[str] = []
    for m in ms:
        k = f"lex:{m.entry}" if m.entry is not None else f"form:{fold(m.text)}"
        uf.add(k)
        gkey.append(k)
        if m.entry is not None:
            evidence[k].add("lexicon")
    # names the text declares equal, and "bão Nalusa" = "Nalusa"
    for m, k in zip(ms, gkey, strict=True):
        if m.type != "EVENT":
            continue
        bare = re.sub(r"^(?:siêu\s+)?bão\s+", "", m.text, flags=re.I)
        if bare != m.text and not bare.lower().startswith("số"):
            other = f"form:{fold(bare)}"
            if other in uf.parent:
                uf.union(k, other)
                evidence[uf.find(k)].add("declared")
        if m.link:
            other = f"form:{fold(m.link)}"
            uf.add(other)
            uf.union(other, k)
            evidence[uf.find(k)].add("declared")
    # forms of several words: same letters (form) or one slip (spelling)
    forms: dict[str, str] = {}  # provisional key -> a surface form
    types: dict[str, Counter] = defaultdict(Counter)
    for m, k in zip(ms, gkey, strict=True):
        forms.setdefault(k, m.text)
        types[k][m.type] += 1
    for k in forms:
        if len({m.text for m, kk in zip(ms, gkey, strict=True) if kk == k}) > 1:
            evidence[k].add("lexicon" if k.startswith("lex:") else "form")
    keys = sorted(forms)
    multi = [k for k in keys if len(name_words(forms[k])) >= 2 and not k.startswith("lex:")]
    lex_multi = [k for k in keys if k.startswith("lex:")]
    for i, a in enumerate(multi):
        for b in multi[i + 1 :] + lex_multi:
            if _compatible_types(types[a], types[b]) and _slip_equal(forms[a], forms[b]):
                uf.union(a, b)
                evidence[uf.find(a)].add("spelling")
    # unknown names close to a lexicon name seen in this cluster
    lex_forms = {
        k: [v for v in lex.entries[int(k[4:])].variants] for k in keys if k.startswith("lex:")
    }
    for k in keys:
        if k.startswith("lex:") or len(name_words(forms[k])) != 1 or len(fold(forms[k])) < 8:
            continue
        best, score = None, FUZZY_RATIO
        for lk, variants in lex_forms.items():
            if lex.entries[int(lk[4:])].type == "TERM":
                continue
            if not _compatible_types(types[k], Counter({lex.entries[int(lk[4:])].type: 1})):
                continue
            for v in variants:
                if len(name_words(v)) != len(name_words(forms[k])):
                    continue
                r = similarity(forms[k], v)
                if r >= score:
                    best, score = lk, r
        if best is not None:
            uf.union(best, k)
            evidence[uf.find(k)].add("fuzzy")
    # provisional groups after form/spelling merges
    members: dict[str, list[int]] = defaultdict(list)
    for n, k in enumerate(gkey):
        members[uf.find(k)].append(n)
    # short forms: one-word groups attach to a longer name
    ambiguous: dict[str, tuple[str, ...]] = {}
    long_names = {
        root: _name_ends(ms[i].text for i in idx) | _lexicon_ends(root, lex)
        for root, idx in members.items()
        if (root.startswith("lex:") and lex.entries[int(root[4:])].type == "PER")
        or (
            not root.startswith("lex:")
            and _vote(ms[i] for i in idx) == "PER"
            and any(len(name_words(ms[i].text)) >= 2 for i in idx)
        )
    }
    for root in sorted(members, key=lambda r: (-len(members[r]), r)):
        idx = members[root]
        if uf.find(root) != root or any(len(name_words(ms[i].text)) != 1 for i in idx):
            continue
        if root.startswith("lex:"):
            continue  # the lexicon already knows what it names ("Nga", "Putin")
        word = fold(ms[idx[0]].text)
        cands = [
            r for r, ends in long_names.items() if r != root and uf.find(r) == r and word in ends
        ]
        cands = [r for r in cands if _can_attach(ms, idx, members[r], lex, r)]
        if not cands:
            continue
        # resolve per article, then by dominance in the cluster
        by_doc: dict[int, list[int]] = defaultdict(list)
        for i in idx:
            by_doc[ms[i].doc_index].append(i)
        moved: dict[str, list[int]] = defaultdict(list)
        for doc, ids in by_doc.items():
            local = {r: sum(1 for i in members[r] if ms[i].doc_index == doc) for r in cands}
            target = _dominant({r: n for r, n in local.items() if n}) or _dominant(
                {r: len(members[r]) for r in cands}
            )
            if target is not None:
                moved[target].extend(ids)
        if not moved:
            ambiguous[root] = tuple(sorted(_canonical(lex, r, ms, members[r]) for r in cands))
            continue
        rest = [i for i in idx if not any(i in v for v in moved.values())]
        for target, ids in moved.items():
            members[target].extend(ids)
            evidence[target].add("short-form")
        if rest:
            members[root] = rest
            ambiguous[root] = tuple(sorted(_canonical(lex, r, ms, members[r]) for r in cands))
        else:
            del members[root]
            long_names.pop(root, None)
    groups = []
    for root, idx in members.items():
        sel = sorted({i for i in idx}, key=lambda i: (ms[i].sentence, ms[i].start))
        gms = tuple(ms[i] for i in sel)
        entry = int(root[4:]) if root.startswith("lex:") else None
        typ = lex.entries[entry].type if entry is not None else _vote(gms)
        ev = set(evidence.get(root, set()))
        for k in {gkey[i] for i in sel}:
            ev |= evidence.get(k, set())
        groups.append(
            AliasGroup(
                id="",
                canonical=_canonical(lex, root, ms, sel),
                type=typ,
                mentions=gms,
                entry=entry,
                evidence=tuple(sorted(ev)),
                ambiguous=ambiguous.get(root, ()),
            )
        )
    groups.sort(key=lambda g: (-g.count, g.type, g.canonical))
    return tuple(
        AliasGroup(f"g{n}", g.canonical, g.type, g.mentions, g.entry, g.evidence, g.ambiguous)
        for n, g in enumerate(groups, 1)
    )


# common Vietnamese family names: "ông Sơn" is Nguyễn Hoàng Sơn (given name last), never
# "ông Nguyễn"; foreign names are shortened to either end ("ông Putin", "ông Kim")
VIETNAMESE_SURNAMES = {
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
    "ho", "ngo", "duong", "ly", "truong", "dinh", "trinh", "doan", "lam", "mai", "to", "ha",
    "luong", "cao", "chu", "ta", "vuong", "quach", "thai", "tong", "la", "lu", "kieu",
}  # fmt: skip


def _name_ends(texts: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for text in texts:
        t = [fold(x) for x in name_words(text)]
        if len(t) < 2:
            continue
        out.add(t[-1])
        if t[0] not in VIETNAMESE_SURNAMES:
            out.add(t[0])
    return out


def _lexicon_ends(root: str, lex: Lexicon) -> set[str]:
    if not root.startswith("lex:"):
        return set()
    entry = lex.entries[int(root[4:])]
    if entry.type not in ("PER",):
        return set()
    out = set()
    for v in entry.variants:
        t = name_words(v)
        if len(t) >= 2:
            out |= {fold(t[0]), fold(t[-1])}
    return out


def _compatible_types(a: Counter, b: Counter) -> bool:
    ta = {t for t in a if t != "MISC"}
    tb = {t for t in b if t != "MISC"}
    return not ta or not tb or bool(ta & tb)


def _can_attach(ms: list[Mention], short: list[int], long: list[int], lex: Lexicon, r: str):
    if r.startswith("lex:") and lex.entries[int(r[4:])].type != "PER":
        return False
    st = {ms[i].type for i in short} - {"MISC"}
    lt = {ms[i].type for i in long} - {"MISC"}
    if st and lt and not st & lt:
        return False
    sg = {ms[i].gender for i in short} - {""}
    lg = {ms[i].gender for i in long} - {""}
    return not (sg and lg and not sg & lg)


def _dominant(counts: Mapping[str, int]) -> str | None:
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]:
        return ranked[0][0]
    return None


def _vote(gms: Iterable[Mention]) -> str:
    c = Counter(m.type for m in gms if m.type != "MISC")
    if not c:
        return "MISC"
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _canonical(lex: Lexicon, root: str, ms: list[Mention], idx: Iterable[int]) -> str:
    if root.startswith("lex:"):
        return lex.entries[int(root[4:])].canonical
    c = Counter(ms[i].text for i in idx)
    # the longest form (in words), then the most frequent, then the first in order
    return sorted(c.items(), key=lambda kv: (-len(name_words(kv[0])), -kv[1], kv[0]))[0][0]


# --- output and rewriting ------------------------------------------------------------------


def group_to_dict(group: AliasGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "canonical": group.canonical,
        "type": group.type,
        "count": group.count,
        "variants": [{"text": t, "count": n} for t, n in group.variants.items()],
        "sources": group.sources,
        "evidence": list(group.evidence),
        "ambiguous": list(group.ambiguous),
    }


def canonicalize(
    text: str,
    groups: Sequence[AliasGroup],
    types: Iterable[str] = ("PER", "LOC", "ORG", "TERM"),
    lexicon: Lexicon | None = None,
) -> str:
    """Rewrite ``text`` with the canonical name of each group it mentions.

    "Bắc Hàn" -> "Triều Tiên", "Kim Jong-un" -> "Kim Jong Un", "phi đạn" -> "tên lửa"; a
    one-word mention of a person keeps one word: "ông Shogu" -> "ông Shoigu". Names of no
    group, and mentions a group marked ambiguous, are left as written.
    """
    lex = lexicon or default_lexicon()
    wanted = set(types)
    by_entry = {g.entry: g for g in groups if g.entry is not None}
    by_form: dict[str, AliasGroup] = {}
    for g in groups:
        if g.ambiguous:
            continue
        for v in g.variants:
            by_form.setdefault(fold(v), g)
    pieces: list[str] = []
    pos = 0
    for m in mentions_in_text(text, lex):
        found = by_entry.get(m.entry) if m.entry is not None else by_form.get(fold(m.text))
        if found is None and m.entry is not None:
            found = by_form.get(fold(m.text))
        if found is None or found.type not in wanted:
            continue
        new = _replacement(m.text, found)
        if new == m.text:
            continue
        if m.text[0].isupper() and new[0].islower():
            new = new[0].upper() + new[1:]
        elif m.text[0].islower() and new[0].isupper() and found.type == "TERM":
            new = new[0].lower() + new[1:]
        pieces.append(text[pos : m.start])
        pieces.append(new)
        pos = m.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _replacement(surface: str, g: AliasGroup) -> str:
    if g.type != "PER" or len(name_words(surface)) >= 2:
        return g.canonical
    words = g.canonical.split()
    if len(words) == 1:
        return g.canonical
    # one word for one word: the canonical word closest to the surface ("Shogu" -> "Shoigu")
    return max(words, key=lambda w: (similarity(w, surface), -words.index(w)))


def canonical_sentences(cluster: Cluster, groups: Sequence[AliasGroup]) -> dict[int, str]:
    """Sentence position -> its text with every grouped mention replaced by its canonical name.

    Built from the groups' own mentions (no second pass over the text); used to compare
    sentences across outlets that name things differently.
    """
    spans: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for g in groups:
        for m in g.mentions:
            spans[m.sentence].append((m.start, m.end, g.canonical))
    out: dict[int, str] = {}
    for pos, lst in spans.items():
        text = cluster.sentences[pos].text
        pieces, cur = [], 0
        for a, b, name in sorted(lst):
            if a < cur:
                continue
            pieces += [text[cur:a], name]
            cur = b
        pieces.append(text[cur:])
        out[pos] = "".join(pieces)
    return out
