"""What each feature of the learned ranker is worth across corpora: gain importance in the
shipped configuration, and what dropping it (or its group) does in leave-one-corpus-out CV.

    nice python benchmarks/loco_features.py            # ~15 min on the shared machine

Corpora and budgets as in benchmarks/bench_quality.py (AbMuSu train+validation 200, ViMs-dev
220, VMDS-dev 180 syllables). Gain: LightGBM's total split gain of each model input, from a
model trained on all the given data with tomtat.train's parameters; a feature's share
counts the raw column and its in-cluster rank (``name@rank``). Drop rows: the same LOCO as
bench_quality.py (``leave_one_corpus_out``) with the feature (or the group) left out of the
model's inputs; figures are `default`'s syllable ROUGE-2 F1 x100 minus the full model's.
The parameters have no subsampling, so each row is one deterministic run; differences
below ~0.5 are within what one changed split or feature fraction moves (docs/results.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

GROUPS = {
    "position": ("index", "rel_position", "is_first", "is_first_of_paragraph", "paragraph",
                 "rel_paragraph"),
    "raw sizes": ("length", "doc_sentences", "doc_syllables"),
    "centrality": ("lexrank", "lexrank_rank", "centroid", "doc_centrality"),
    "title/lead overlap": ("title_sim", "title_sim_max", "lead_sim"),
    "support across articles": ("support_frac", "max_other_sim", "mean_other_sim"),
    "surface cues": ("numbers", "entities", "quotes", "attribution", "first_person", "question",
                     "exclamation", "heading", "dangling"),
    "language": ("vietnamese", "doc_vietnamese"),
}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--no-single", action="store_true", help="groups only")
    args = ap.parse_args()

    from bench_quality import BUDGETS, CORPORA, load

    from tomtat.engine.learned import MODEL_FEATURES, input_names
    from tomtat.train import build_table, fit, leave_one_corpus_out

    t0 = time.time()
    _, corpora = load(args.data)  # featurized clusters per corpus
    budgets, names = BUDGETS, list(CORPORA)

    booster = fit(build_table([e for ex in corpora.values() for e in ex]))
    gain = dict(zip(input_names(), booster.feature_importance("gain"), strict=True))
    total = sum(gain.values()) or 1.0
    share = {f: 100 * (gain[f] + gain.get(f"{f}@rank", 0.0)) / total for f in MODEL_FEATURES}

    def r2(base: tuple[str, ...]) -> list[float]:
        res = leave_one_corpus_out(corpora, budgets, base=base)
        return [res[c]["default"]["rouge2"] for c in names]

    full = r2(MODEL_FEATURES)
    print(f"full model LOCO ({time.time() - t0:.0f} s): " + ", ".join(
        f"{c} {v:.2f}" for c, v in zip(names, full, strict=True)) + f", mean {np.mean(full):.2f}",
        file=sys.stderr)  # fmt: skip

    def row(label: str, dropped: tuple[str, ...], extra: str) -> str:
        got = r2(tuple(f for f in MODEL_FEATURES if f not in dropped))
        d = [g - f for g, f in zip(got, full, strict=True)]
        print(f"{label} done ({time.time() - t0:.0f} s)", file=sys.stderr)
        cells = [extra, f"{np.mean(d):+.2f}"] + [f"{x:+.2f}" for x in d]
        return f"| {label} | " + " | ".join(cells) + " |"

    head = "| {} | gain % | Δ LOCO mean | " + " | ".join(f"Δ {c}" for c in names) + " |"
    sep = "|---|---|---|" + "---|" * len(names)
    print("\nfull model, LOCO `default` ROUGE-2: " + ", ".join(
        f"{c} {v:.2f}" for c, v in zip(names, full, strict=True)) + f", mean {np.mean(full):.2f}\n")  # fmt: skip
    print(head.format("group dropped"))
    print(sep)
    for g, members in GROUPS.items():
        print(row(g, members, f"{sum(share[f] for f in members):.1f}"), flush=True)
    if not args.no_single:
        print()
        print(head.format("feature dropped"))
        print(sep)
        for f in sorted(MODEL_FEATURES, key=lambda f: -share[f]):
            print(row(f, (f,), f"{share[f]:.1f}"), flush=True)


if __name__ == "__main__":
    main()
