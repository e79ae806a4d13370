"""How much the leave-one-corpus-out (LOCO) scores of `default` move when the training data
move a little: LOCO on all the data, then once per given index with that one AbMuSu cluster
left out (of the training sets of ViMs and VMDS, and of AbMuSu's own test set).

    nice python benchmarks/loco_perturb.py                    # drops 0 20 50 100 150 200 250 299
    nice python benchmarks/loco_perturb.py --drop 0 100

The shipped model has no subsampling (the same data give the same trees), so the spread of
these runs is what a change of a few sentences in the training data (a cleaning or splitting
fix) can do to the LOCO figures by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    import bench_quality as bq

    from tomtat.train import leave_one_corpus_out

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=bq.DATA, help="folder holding the four data files")
    ap.add_argument("--drop", type=int, nargs="*", default=[0, 20, 50, 100, 150, 200, 250, 299])
    args = ap.parse_args()
    _, corpora = bq.load(args.data)

    def loco(abmusu: list) -> dict[str, float]:
        res = leave_one_corpus_out({**corpora, "AbMuSu": abmusu}, bq.BUDGETS, seed=0)
        return {c: res[c]["default"]["rouge2"] for c in bq.CORPORA}

    print("| run | LOCO AbMuSu | LOCO ViMs | LOCO VMDS |\n|---|---|---|---|")
    full = loco(corpora["AbMuSu"])
    print("| all data | " + " | ".join(f"{full[c]:.2f}" for c in bq.CORPORA) + " |")
    runs = []
    for k in args.drop:
        runs.append(loco([e for i, e in enumerate(corpora["AbMuSu"]) if i != k]))
        print(f"| without AbMuSu #{k} | " + " | ".join(f"{runs[-1][c]:.2f}" for c in bq.CORPORA) + " |",
              flush=True)  # fmt: skip
    if len(runs) > 1:
        cells = [
            f"{statistics.mean(r[c] for r in runs):.2f} ± {statistics.stdev(r[c] for r in runs):.2f}"
            for c in bq.CORPORA
        ]
        print("| drop-one mean ± sd | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
