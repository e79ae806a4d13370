"""Batch throughput with 1 and 2 local worker processes; per-cluster/per-article cost; RSS.

    nice python benchmarks/bench_batch.py [--data FILE] [--method default] [--repeat 1]

Runs tomtat.batch.run_batch on the data file (default: AbMuSu validation, 100 clusters)
with --workers 1 and 2 into a temporary file and prints clusters/s, articles/s, ms per
cluster and per article, the speed-up of 2 workers, and the peak RSS of a worker process.
The machine must be quiet for the speed-up to mean anything: note the load average printed.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from tomtat.batch import run_batch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data/abmusu-validation.jsonl"))
    ap.add_argument("--method", default="default")
    ap.add_argument("--max-words", type=int, default=200)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()

    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"data: {args.data}  method: {args.method}  max-words: {args.max_words}\n")
    print(
        "| workers | clusters | articles | seconds | clusters/s | articles/s | ms/cluster "
        "| ms/article | speed-up | worker peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for w in [int(x) for x in args.workers.split(",")]:
            out = Path(tmp) / f"out{w}.jsonl"
            s = run_batch(
                args.data,
                out,
                method=args.method,
                max_words=args.max_words,
                workers=w,
                progress=False,
            )
            rate = s.done / s.seconds
            base = base or rate
            print(
                f"| {w} | {s.done} | {s.articles} | {s.seconds:.2f} | {rate:.1f} "
                f"| {s.articles / s.seconds:.1f} | {1000 * s.seconds / s.done:.1f} "
                f"| {1000 * s.seconds / s.articles:.2f} | {rate / base:.2f}x "
                f"| {s.worker_peak_rss_mb:.0f} |"
            )
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
