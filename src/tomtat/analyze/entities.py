"""Entities: people, places and organisations of a cluster with counts, sources and variants.

The default recognizer is tomtat's own (``tomtat.analyze.mentions``: curated lexicon,
organisation heads, title/preposition cues, capitalized spans), grouped by
``tomtat.analyze.aliases``. underthesea's CRF NER (bundled with the package, runs offline) is
available as ``ner="underthesea"`` for comparison: on our hand annotation it is both slower
and less accurate (it tags "Triều Tiên Kim Jong Un" as one place; see docs/analysis.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import UsageError, require
from ..model import Cluster
from ..text.aliases import default_lexicon, form_key
from .aliases import AliasGroup, group_aliases, group_to_dict
from .mentions import Mention

ENTITY_TYPES = ("PER", "LOC", "ORG", "EVENT")
NER_BACKENDS = ("rules", "underthesea")


def entities_from_groups(groups: Sequence[AliasGroup]) -> tuple[dict[str, Any], ...]:
    """People, places and organisations (most mentioned first) from alias groups."""
    out = []
    for g in groups:
        if g.type not in ENTITY_TYPES:
            continue
        d = group_to_dict(g)
        out.append(
            {
                "name": g.canonical,
                "type": g.type,
                "count": g.count,
                "sources": d["sources"],
                "variants": d["variants"],
                "alias_group": g.id,
            }
        )
    return tuple(out)


def extract_entities(
    cluster: Cluster, ner: str = "rules"
) -> tuple[tuple[dict[str, Any], ...], tuple[AliasGroup, ...]]:
    """(entities, alias groups) of the cluster with the chosen recognizer."""
    if ner not in NER_BACKENDS:
        raise UsageError(f"unknown NER backend {ner!r}; choose one of: {', '.join(NER_BACKENDS)}")
    mentions = underthesea_mentions(cluster) if ner == "underthesea" else None
    groups = group_aliases(cluster, mentions=mentions)
    return entities_from_groups(groups), groups


_UTS_TYPES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


def underthesea_mentions(cluster: Cluster) -> list[Mention]:
    """Mentions from underthesea's bundled CRF NER (import is lazy; ~1 s to load)."""
    require("underthesea", "ner")
    from underthesea import ner

    lex = default_lexicon()
    out: list[Mention] = []
    for s in cluster.sentences:
        try:
            tagged = ner(s.text)
        except Exception:  # the CRF tagger can fail on odd input; skip that sentence
            continue
        pos = 0
        cur: list[tuple[int, int]] = []
        cur_type = ""
        for item in tagged:
            word, tag = item[0], item[-1]
            a = s.text.find(word, pos)
            if a < 0:
                a = pos
            b = a + len(word)
            pos = b
            if tag.startswith("B-") and tag[2:] in _UTS_TYPES:
                _flush(out, s, cur, cur_type, lex)
                cur, cur_type = [(a, b)], _UTS_TYPES[tag[2:]]
            elif tag.startswith("I-") and cur and word[:1].isalnum():
                cur.append((a, b))
            else:
                _flush(out, s, cur, cur_type, lex)
                cur, cur_type = [], ""
        _flush(out, s, cur, cur_type, lex)
    return out


def _flush(out: list[Mention], s: Any, cur: list[tuple[int, int]], cur_type: str, lex: Any) -> None:
    if not cur:
        return
    a, b = cur[0][0], cur[-1][1]
    text = s.text[a:b]
    entry = lex.lookup(form_key(text))
    known = entry is not None and entry.type != "TERM"
    out.append(
        Mention(
            text, s.doc_id, s.doc_index, s.position, a, b,
            entry.type if known else cur_type, entry.id if known else None,
            "", "", "underthesea",
        )
    )  # fmt: skip
