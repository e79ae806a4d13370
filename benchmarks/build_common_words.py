"""Rebuild src/tomtat/engine/data/common_words.txt: the 10,000 most frequent displayed words of
the AbMuSu TRAIN articles (after tomtat's cleaning), one per line, most frequent first.

    python benchmarks/build_common_words.py [--data ../shared/data/abmusu-train.jsonl]

The list only warms caches (tomtat.engine.warm: a batch's forkserver registers these words in
the word tables before forking its workers, so two workers do not both analyse the same
common words); it changes no output. Deterministic: ties are broken by the word itself.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from tomtat.eval.datasets import build_record, read_records

OUT = Path(__file__).resolve().parents[1] / "src/tomtat/engine/data/common_words.txt"
SIZE = 10_000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data/abmusu-train.jsonl")
    args = ap.parse_args()
    counts: Counter[str] = Counter()
    for record in read_records(args.data):
        for s in build_record(record).sentences:
            counts.update(s.text.split())
    words = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SIZE]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(f"{w}\n" for w, _ in words), encoding="utf-8")
    total = sum(counts.values())
    covered = sum(n for _, n in words)
    print(f"{OUT}: {len(words)} words, {covered / total:.1%} of {total} word occurrences")


if __name__ == "__main__":
    main()
