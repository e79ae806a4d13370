"""How sure are the citations? The strict rule against the earlier ones, on hand-labelled pairs.

    python benchmarks/cite_strict.py                     # every pair file in benchmarks/data
    python benchmarks/cite_strict.py --seeds /work/shared/seeds   # + the seed pairs (by ids)

A pair is a summary sentence A and a sentence B of another article (drawn by
benchmarks/cite_pairs.py, or written as hard negatives by benchmarks/cite_hard_pairs.py).
Labels: ``label4`` = supports / partial / contradicts / no (B states A's main claim / part of
it / another value for it / nothing of the kind); the older AbMuSu files only have ``label``
(1 = states the fact), read as supports / no.

For each rule and file: how many pairs the rule claims, **precision** (claimed pairs that are
"supports"), the **"no" rate** (claimed pairs whose article says nothing of the kind) and
**recall** (supports that are claimed); "uniform" counts each pair once, "real mix" weights it
by its cosine band's population (band_population / pairs drawn in the band), i.e. estimates
the figures over everything the citation step judges. Rules: ``strict`` (the shipped rule,
:func:`tomtat.engine.support.judge`), ``paraphrase`` (the rule before issue 14,
``paraphrase.supports``), ``cosine`` (cosine >= 0.35, the first rule).

The strict rule's thresholds were chosen on cite_pairs_train.jsonl only; the other files are
held out (validation was looked at once per change, never tuned on; VIMS, VMDS, hard
negatives and seeds were labelled after the rule was fixed).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from tomtat.engine import paraphrase as P
from tomtat.engine import support as S
from tomtat.text.normalize import match_key

DATA = Path(__file__).parent / "data"
ORDER = ("train", "validation", "vims", "vmds", "hard", "seeds")


def label_of(r: dict) -> str:
    if "label4" in r:
        return r["label4"]
    return "supports" if r["label"] == 1 else "no"


def rules(r: dict) -> dict[str, bool]:
    a, b, cos = r["a"], r["b"], float(r["cos"])
    ka, kb = match_key(a), match_key(b)
    return {
        "strict": S.judge(a, ka, b, kb, cos).backs and not r.get("title", False),
        "paraphrase": P.supports(P.sentence_info(a, ka), P.sentence_info(b, kb), cos),
        "cosine": cos >= 0.35,
    }


def weights(rows: list[dict]) -> list[float]:
    drawn = Counter(r.get("band", "") for r in rows)
    return [
        r["band_population"] / drawn[r["band"]] if r.get("band_population") else 1.0 for r in rows
    ]


def measure(rows: list[dict], rule: str, weighted: bool) -> tuple[float, float, float, float]:
    w = weights(rows) if weighted else [1.0] * len(rows)
    claimed = sup_claimed = no_claimed = sup = 0.0
    for r, x in zip(rows, w, strict=True):
        lab = label_of(r)
        c = r["_rules"][rule]
        claimed += x * c
        sup_claimed += x * (c and lab == "supports")
        no_claimed += x * (c and lab == "no")
        sup += x * (lab == "supports")
    prec = sup_claimed / claimed if claimed else float("nan")
    no_rate = no_claimed / claimed if claimed else float("nan")
    rec = sup_claimed / sup if sup else float("nan")
    return claimed, prec, no_rate, rec


def seed_pairs(seeds: Path, ids_file: Path) -> list[dict]:
    """The seed pairs, described in the repository by ids only: texts come from the seeds."""
    from tomtat.io.read import read_cluster
    from tomtat.pipeline import build_cluster

    cluster = build_cluster(read_cluster(sorted(seeds.iterdir())), "seeds")
    by_key = {(s.doc_id, s.index): s for s in cluster.sentences}
    out = []
    for line in ids_file.read_text("utf-8").splitlines():
        r = json.loads(line)
        a, b = by_key[(r["a_doc"], r["a_index"])], by_key[(r["b_doc"], r["b_index"])]
        out.append({**r, "a": a.text, "b": b.text})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, help="folder of the seed articles (pairs by ids)")
    args = ap.parse_args()
    files: dict[str, list[dict]] = {}
    for name in ORDER:
        path = DATA / f"cite_pairs_{name}.jsonl"
        if name == "seeds":
            ids = DATA / "cite_pairs_seeds_ids.jsonl"
            if args.seeds and ids.exists():
                files[name] = seed_pairs(args.seeds, ids)
            continue
        if path.exists():
            files[name] = [json.loads(x) for x in path.read_text("utf-8").splitlines()]
    held_out = [r for n, rows in files.items() if n != "train" for r in rows]
    files["all held-out"] = held_out
    for rows in files.values():
        for r in rows:
            r["_rules"] = rules(r)
    print("| pairs | n | labels S/P/C/N | rule | mix | claimed | precision | 'no' rate | recall |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, rows in files.items():
        c = Counter(label_of(r) for r in rows)
        labels = "/".join(str(c[k]) for k in ("supports", "partial", "contradicts", "no"))
        for rule in ("strict", "paraphrase", "cosine"):
            for weighted in (False, True):
                if weighted and not any(r.get("band_population") for r in rows):
                    continue
                n, p, no, rec = measure(rows, rule, weighted)
                mix = "real" if weighted else "uniform"
                print(
                    f"| {name} | {len(rows)} | {labels} | {rule} | {mix} | {n:.0f} "
                    f"| {p:.3f} | {no:.3f} | {rec:.3f} |"
                )


if __name__ == "__main__":
    main()
