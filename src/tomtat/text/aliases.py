"""The curated alias lexicon shipped in ``text/data/aliases.tsv`` (see its header): names and
terms that mean the same thing in Vietnamese news ("Bắc Hàn" = "Triều Tiên"). The engine
(paraphrase canonicalisation) and the analysis (alias groups, mentions) both read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .normalize import match_key
from .tokens import tokenize

MAX_WORDS = 14  # longest variant, in tokens, that the matcher tries


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    type: str  # PER, LOC, ORG, TERM
    canonical: str
    variants: tuple[str, ...]  # every form, canonical first
    ambiguous: bool = False


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    by_key: dict[tuple[str, ...], Entry]  # token keys of a form -> entry
    lower_ok: frozenset[tuple[str, ...]] = frozenset()  # forms written in lower case
    first: dict[str, int] = field(default_factory=dict)  # first word -> longest form (words)

    def lookup(self, words: tuple[str, ...]) -> Entry | None:
        return self.by_key.get(words)


def form_key(form: str) -> tuple[str, ...]:
    """Token key of a name form: 'Kim Jong-un' -> ('kim', 'jong', 'un')."""
    return tuple(t.text for t in tokenize(match_key(form)) if t.is_word or t.text.isdigit())


def parse(text: str) -> Lexicon:
    entries: list[Entry] = []
    by_key: dict[tuple[str, ...], Entry] = {}
    lower_ok: set[tuple[str, ...]] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 3 or cols[0] not in {"PER", "LOC", "ORG", "TERM"}:
            raise ValueError(f"aliases.tsv line {lineno}: expected TYPE, CANONICAL, VARIANTS")
        forms = [cols[1], *(v for v in cols[2].split("|") if v)]
        uniq = tuple(dict.fromkeys(f.strip() for f in forms if f.strip()))
        entry = Entry(len(entries), cols[0], uniq[0], uniq, "ambiguous" in cols[3:])
        entries.append(entry)
        for form in uniq:
            k = form_key(form)
            if k and k not in by_key:
                by_key[k] = entry
                if form[0].islower():
                    lower_ok.add(k)
    first: dict[str, int] = {}
    for k in by_key:
        first[k[0]] = max(first.get(k[0], 0), len(k))
    return Lexicon(tuple(entries), by_key, frozenset(lower_ok), first)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    data = resources.files(__package__).joinpath("data", "aliases.tsv").read_text("utf-8")
    return parse(data)
