"""Score a report against a hand annotation (aliases, entities, dated events).

The annotation format is the one of ``tests/fixtures/analyze_annotation.json``:

* ``aliases``: groups of forms that name one thing; ``different``: pairs that must stay apart.
  Scored pairwise over every annotated form: a pair is *predicted same* when both forms are
  found in one alias group of the report. Precision = correct same-pairs / predicted
  same-pairs; recall = correct same-pairs / annotated same-pairs.
* ``entities``: name, type and optional variants. An annotated entity is found when a report
  entity of the same type has one of its forms. Precision counts report entities (people,
  places, organisations) that match an annotated entity, ignoring ``optional_entities``.
* ``events``: ISO date (as the report writes it) and the documents that date it. Found when a
  timeline entry has that date and all those sources (strict) / at least one (lenient).
  Precision: timeline entries whose date and at least one source match an annotated event.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

from ..text.normalize import fold

SCORED_TYPES = ("PER", "LOC", "ORG")


def _prf(tp: int, n_pred: int, n_gold: int, found: int | None = None) -> dict[str, float]:
    """Precision ``tp / n_pred``, recall ``found / n_gold`` (``found`` defaults to ``tp``: it
    differs when predictions and gold items are not matched one to one), F1."""
    p = tp / n_pred if n_pred else 1.0
    r = (tp if found is None else found) / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _form_groups(report: Mapping[str, Any]) -> dict[str, set[str]]:
    """Folded form -> ids of the report groups that contain it."""
    out: dict[str, set[str]] = {}
    for item in list(report.get("entities", [])) + list(report.get("aliases", [])):
        gid = item.get("alias_group") or item.get("id")
        names = [v["text"] for v in item.get("variants", [])]
        names.append(item.get("name") or item.get("canonical") or "")
        for n in names:
            if n:
                out.setdefault(fold(n), set()).add(gid)
    return out


def score_aliases(report: Mapping[str, Any], ann: Mapping[str, Any]) -> dict[str, Any]:
    groups = _form_groups(report)
    gold_group: dict[str, int] = {}
    for i, g in enumerate(ann.get("aliases", [])):
        for v in g["variants"]:
            gold_group[fold(v)] = i
    forms = set(gold_group)
    for a, b in ann.get("different", []):
        forms |= {fold(a), fold(b)}
    gold_same = {
        frozenset((a, b))
        for a, b in combinations(sorted(forms), 2)
        if a in gold_group and b in gold_group and gold_group[a] == gold_group[b]
    }
    pred_same = {
        frozenset((a, b))
        for a, b in combinations(sorted(forms), 2)
        if groups.get(a, set()) & groups.get(b, set())
    }
    tp = len(gold_same & pred_same)
    wrong = sorted(tuple(sorted(p)) for p in pred_same - gold_same)
    missed = sorted(tuple(sorted(p)) for p in gold_same - pred_same)
    return {**_prf(tp, len(pred_same), len(gold_same)), "wrong": wrong, "missed": missed}


def score_entities(report: Mapping[str, Any], ann: Mapping[str, Any]) -> dict[str, Any]:
    gold = [
        (e["type"], {fold(e["name"]), *(fold(v) for v in e.get("variants", []))})
        for e in ann.get("entities", [])
    ]
    optional = {fold(x) for x in ann.get("optional_entities", [])}
    sys_ents = [e for e in report.get("entities", []) if e["type"] in SCORED_TYPES]
    found = 0
    missed = []
    for typ, forms in gold:
        hit = any(
            e["type"] == typ and forms & {fold(v["text"]) for v in e["variants"]} for e in sys_ents
        )
        found += hit
        if not hit:
            missed.append(sorted(forms)[0])
    correct = 0
    n_pred = 0
    wrong = []
    for e in sys_ents:
        vs = {fold(v["text"]) for v in e["variants"]} | {fold(e["name"])}
        if vs & optional and not any(vs & f for _, f in gold):
            continue
        n_pred += 1
        if any(t == e["type"] and vs & f for t, f in gold):
            correct += 1
        else:
            wrong.append(f"{e['name']} ({e['type']})")
    return {**_prf(correct, n_pred, len(gold), found), "wrong": wrong, "missed": missed}


def score_events(report: Mapping[str, Any], ann: Mapping[str, Any]) -> dict[str, Any]:
    timeline = report.get("timeline", [])
    gold = ann.get("events", [])
    strict = lenient = 0
    missed = []
    for ev in gold:
        want = set(ev["sources"])
        cands = [t for t in timeline if t["date"] == ev["date"]]
        if any(want <= set(t["sources"]) for t in cands):
            strict += 1
        if any(want & set(t["sources"]) for t in cands):
            lenient += 1
        else:
            missed.append(f"{ev['date']} {ev.get('about', '')}")
    correct = 0
    wrong = []
    for t in timeline:
        if any(ev["date"] == t["date"] and set(ev["sources"]) & set(t["sources"]) for ev in gold):
            correct += 1
        else:
            wrong.append(f"{t['date']} {t['text'][:60]}")
    n = len(timeline)
    return {
        "precision": round(correct / n, 3) if n else 1.0,
        "recall_strict": round(strict / len(gold), 3) if gold else 1.0,
        "recall": round(lenient / len(gold), 3) if gold else 1.0,
        "wrong": wrong,
        "missed": missed,
    }


def score_report(report: Mapping[str, Any], ann: Mapping[str, Any]) -> dict[str, Any]:
    """All three scores for a report dict (``report_to_dict``) and an annotation."""
    return {
        "aliases": score_aliases(report, ann),
        "entities": score_entities(report, ann),
        "events": score_events(report, ann),
    }
