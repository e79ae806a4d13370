"""Summary quality across corpora, in one run: every method on AbMuSu validation, ViMs-dev and
VMDS-dev, and the leave-one-corpus-out (LOCO) scores of the trained methods.

    nice python benchmarks/bench_quality.py                  # syllable ROUGE-2 F1 x100
    nice python benchmarks/bench_quality.py --seeds 0,1,2    # LOCO averaged over three seeds

Corpora and budgets (the issue-13 benchmark; budgets close to each corpus's reference length):

* AbMuSu (VLSP 2022; baomoi.vn 2022; 1 reference): validation at 200 syllables; LOCO holds
  out train + validation together (300 clusters).
* ViMs-dev (several outlets; 2-4 references): 220 syllables.
* VMDS-dev (tuoitre, vnexpress, ... 2013; 2 references): 180 syllables.

Columns "AbMuSu val", "ViMs", "VMDS": the method as shipped. For ``learned`` and ``default`` the
shipped model has seen these clusters (it is trained on all the given data), so these figures
are in-sample; the honest figures are the LOCO columns: for each corpus a model trained on the
OTHER two (``tomtat.train.leave_one_corpus_out``, the shipped parameters and selection)
summarizes it. Untrained methods have no training data: their LOCO columns are their scores on
the held-out corpus (AbMuSu: train + validation). ``sumy-lexrank`` is sumy's LexRank fed the same
sentences (benchmarks/bench_methods.py). "gap" = LOCO - best of lead, lexrank-mmr and
sumy-lexrank on that corpus (target: +2 on each).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

DATA = "/work/shared/data"
# corpus -> (files, budget); LOCO groups AbMuSu train + validation as one corpus
CORPORA = {
    "AbMuSu": (("abmusu-train.jsonl", "abmusu-validation.jsonl"), 200),
    "ViMs": (("vims-dev.jsonl",), 220),
    "VMDS": (("vmds-dev.jsonl",), 180),
}
BUDGETS = {name: budget for name, (_, budget) in CORPORA.items()}
SHOWN = {"AbMuSu val": ("AbMuSu", "abmusu-validation.jsonl"), "ViMs": ("ViMs", None),
         "VMDS": ("VMDS", None)}  # fmt: skip
BASELINES = ("lead", "lexrank-mmr", "sumy-lexrank")
METHODS = ("lead", "lexrank", "lexrank-mmr", "centroid", "heuristic", "learned", "default")
TRAINED = ("learned", "default")


def load(data: str) -> tuple[dict[str, list], dict[str, list]]:
    """Featurized clusters per data file and per corpus (ids checked unique across files)."""
    from tomtat.eval.datasets import build_record, read_data_files
    from tomtat.train import featurize

    files = [os.path.join(data, f) for fs, _ in CORPORA.values() for f in fs]
    examples = {
        path: featurize(build_record(r) for r in recs)
        for path, recs in zip(files, read_data_files(files), strict=True)
    }
    corpora = {
        name: [e for f in fs for e in examples[os.path.join(data, f)]]
        for name, (fs, _) in CORPORA.items()
    }
    return examples, corpora


def score_methods(data: str, examples: dict, methods: list[str], metric: str) -> tuple:
    """(method -> corpus -> F1, method -> file -> F1, (method, cluster id) -> F1)."""
    from bench_methods import _sumy_summary

    from tomtat.engine import summarize
    from tomtat.eval.evaluate import macro_average
    from tomtat.eval.rouge import score

    plain: dict[str, dict[str, float]] = {m: {} for m in methods}
    per_file: dict[str, dict[str, float]] = {m: {} for m in methods}
    cluster_f1: dict[tuple[str, str], float] = {}
    for name, (fs, budget) in CORPORA.items():
        for m in methods:
            every = []
            for f in fs:
                rows = []
                for e in examples[os.path.join(data, f)]:
                    if m == "sumy-lexrank":
                        text = _sumy_summary(e.cluster, budget)
                    else:
                        text = summarize(e.cluster, m, budget, features=e.features).source_text
                    rows.append(score(text, list(e.cluster.references), "syllable"))
                    cluster_f1[m, e.cluster.id] = 100 * rows[-1][metric].fmeasure
                per_file[m][f] = 100 * macro_average(rows)[metric].fmeasure
                every += rows
            plain[m][name] = 100 * macro_average(every)[metric].fmeasure
        print(f"{name}: methods scored", file=sys.stderr)
    return plain, per_file, cluster_f1


def run_loco(corpora: dict, seeds: list[int], metric: str) -> tuple:
    """(method -> corpus -> LOCO F1, cluster id -> LOCO `default` F1), means over seeds."""
    from tomtat.train import leave_one_corpus_out

    loco: dict[str, dict[str, float]] = {m: {c: 0.0 for c in CORPORA} for m in TRAINED}
    loco_f1: dict[str, float] = {}

    def keep(corpus, method, example, scores) -> None:
        if method == "default":
            f1 = 100 * scores[metric].fmeasure / len(seeds)
            loco_f1[example.cluster.id] = loco_f1.get(example.cluster.id, 0.0) + f1

    for seed in seeds:
        res = leave_one_corpus_out(corpora, BUDGETS, seed=seed, on_cluster=keep)
        for c, by_method in res.items():
            for m in TRAINED:
                loco[m][c] += by_method[m][metric] / len(seeds)
        print(f"LOCO seed {seed} done", file=sys.stderr)
    return loco, loco_f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DATA, help="folder holding the four data files")
    ap.add_argument("--seeds", default="0", help="LOCO seeds, comma-separated (mean reported)")
    ap.add_argument("--metric", default="rouge2", choices=("rouge1", "rouge2", "rougeL"))
    ap.add_argument("--no-sumy", action="store_true", help="leave sumy LexRank out (slow)")
    args = ap.parse_args()

    t0 = time.time()
    examples, corpora = load(args.data)
    print(f"featurized {sum(len(v) for v in corpora.values())} clusters "
          f"in {time.time() - t0:.0f} s", file=sys.stderr)  # fmt: skip
    methods = [*METHODS] + ([] if args.no_sumy else ["sumy-lexrank"])
    plain, per_file, cluster_f1 = score_methods(args.data, examples, methods, args.metric)
    seeds = [int(s) for s in args.seeds.split(",")]
    loco, loco_f1 = run_loco(corpora, seeds, args.metric)

    def shown(m: str, col: str) -> float:
        corpus, f = SHOWN[col]
        return per_file[m][f] if f else plain[m][corpus]

    def held_out(m: str, corpus: str) -> float:
        return loco[m][corpus] if m in TRAINED else plain[m][corpus]

    base = [b for b in BASELINES if b in methods]
    best = {c: max(plain[b][c] for b in base) for c in CORPORA}
    metric = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L"}[args.metric]
    print(f"\nsyllable {metric} F1 x100; budgets " + ", ".join(
        f"{c} {b}" for c, (_, b) in CORPORA.items()) + f"; LOCO seeds {args.seeds}\n")  # fmt: skip
    head = ["method", *SHOWN, "mean"] + [f"LOCO {c}" for c in CORPORA] + ["LOCO mean", "worst gap"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for m in methods:
        cols = [shown(m, c) for c in SHOWN]
        lo = [held_out(m, c) for c in CORPORA]
        gap = min(v - best[c] for v, c in zip(lo, CORPORA, strict=True))
        star = " (in-sample)" if m in TRAINED else ""
        cells = [f"{v:.2f}" for v in cols] + [f"{np.mean(cols):.2f}{star}"]
        cells += [f"{v:.2f}" for v in lo] + [f"{np.mean(lo):.2f}", f"{gap:+.2f}"]
        print(f"| {m} | " + " | ".join(cells) + " |")
    print("\nbest baseline per corpus (" + ", ".join(base) + "): " + ", ".join(
        f"{c} {best[c]:.2f}" for c in CORPORA))  # fmt: skip
    print_ci(corpora, plain, base, cluster_f1, loco_f1)


def print_ci(corpora: dict, plain: dict, base: list[str], cluster_f1: dict, loco_f1: dict) -> None:
    """Paired bootstrap over the clusters: LOCO `default` minus the corpus's best baseline."""
    rng = np.random.default_rng(0)
    print("\nLOCO `default` - best baseline, per cluster (paired bootstrap, 5,000 resamples):")
    for c in CORPORA:
        b = max(base, key=lambda m: plain[m][c])
        ids = [e.cluster.id for e in corpora[c]]
        d = np.array([loco_f1[i] - cluster_f1[b, i] for i in ids])
        boot = d[rng.integers(0, len(d), (5000, len(d)))].mean(axis=1)
        lo, hi = np.percentile(boot, [2.5, 97.5])
        print(f"- {c} vs {b}: {d.mean():+.2f} (95 % CI {lo:+.2f} to {hi:+.2f}); "
              f"better on {(d > 0).sum()}, worse on {(d < 0).sum()} of {len(d)} clusters")  # fmt: skip


if __name__ == "__main__":
    main()
