"""``tomtat eval DATA.jsonl [--method M] [--max-words N] [--tokenize syllable|word]
[--per-cluster] [--format text|json]``: ROUGE of a method against reference summaries."""

from __future__ import annotations

import argparse

from .options import positive_int, warn


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="score a method with ROUGE against the reference summaries of a JSONL data set",
        description=(
            "Summarize every cluster of DATA.jsonl (AbMuSu schema, with 'summaries') and print "
            "ROUGE-1/2/L precision, recall and F1 (x100). Several references: best F1 per "
            "cluster; figures are averaged over clusters. ROUGE-L is the sentence-level LCS "
            "variant (rouge-score's rougeL)."
        ),
    )
    p.add_argument("data", metavar="DATA.jsonl", help="clusters with reference summaries")
    p.add_argument("--method", default="default", help="summarization method (default: default)")
    p.add_argument(
        "--max-words", type=positive_int, default=200, help="budget in syllables (default 200)"
    )
    p.add_argument(
        "--tokenize",
        choices=("syllable", "word"),
        default="syllable",
        help="ROUGE unit: syllables (default) or pyvi-segmented words",
    )
    p.add_argument("--per-cluster", action="store_true", help="also print one row per cluster")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from ..engine import get_method
    from ..eval.datasets import build_record, read_records
    from ..eval.evaluate import evaluate

    get_method(args.method)  # unknown method: fail before reading the data
    records = read_records(args.data, on_warning=warn)
    result = evaluate(
        (build_record(r) for r in records),
        method=args.method,
        max_words=args.max_words,
        tokenize=args.tokenize,
    )
    if args.format == "json":
        sys.stdout.write(
            json.dumps(result.as_dict(per_cluster=args.per_cluster), ensure_ascii=False) + "\n"
        )
    else:
        sys.stdout.write(render_text(result, per_cluster=args.per_cluster))
    return 0


def render_text(result, per_cluster: bool = False) -> str:
    """A plain-text table of P/R/F1 x100 (and optionally one F1 row per cluster)."""
    from ..eval.rouge import METRICS

    names = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L"}
    lines = [
        f"method={result.method} max_words={result.max_words} tokenize={result.tokenize} "
        f"clusters={result.n_clusters}",
        f"{'':8} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for m in METRICS:
        s = result.average[m]
        lines.append(
            f"{names[m]:8} {100 * s.precision:6.2f} {100 * s.recall:6.2f} {100 * s.fmeasure:6.2f}"
        )
    if per_cluster:
        width = max(len("cluster"), *(len(r.id) for r in result.rows))
        lines.append("")
        lines.append(f"{'cluster':{width}} {'R1-F1':>6} {'R2-F1':>6} {'RL-F1':>6} {'syll':>5}")
        for r in result.rows:
            f = [100 * r.scores[m].fmeasure for m in METRICS]
            lines.append(f"{r.id:{width}} {f[0]:6.2f} {f[1]:6.2f} {f[2]:6.2f} {r.n_syllables:5d}")
    return "\n".join(lines) + "\n"
