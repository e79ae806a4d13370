"""``tomtat eval DATA.jsonl [DATA2.jsonl ...] [--method M] [--max-words N[,N...]]
[--tokenize syllable|word] [--per-cluster] [--format text|json]``: ROUGE of a method against
reference summaries, one row per data file (corpus) plus their mean."""

from __future__ import annotations

import argparse

from .options import info, plural, positive_int, warn


def budgets(value: str) -> list[int]:
    """argparse type: one budget, or a comma-separated list of them (one per data file)."""
    return [positive_int(v.strip()) for v in value.split(",")]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="score a method with ROUGE against the reference summaries of JSONL data sets",
        description=(
            "Summarize every cluster of each DATA.jsonl (AbMuSu schema, with 'summaries') and "
            "print ROUGE-1/2/L precision, recall and F1 (x100). Several references: best F1 per "
            "cluster; figures are averaged over clusters. ROUGE-L is the sentence-level LCS "
            "variant (rouge-score's rougeL). Several data files: one row per file and their "
            "mean (each file weighs the same, whatever its number of clusters)."
        ),
    )
    p.add_argument(
        "data",
        nargs="+",
        metavar="DATA.jsonl|DIR",
        help="clusters with reference summaries: .jsonl files, or folders of them (each "
        ".jsonl file of a folder is one data file)",
    )
    p.add_argument("--method", default="default", help="summarization method (default: default)")
    p.add_argument(
        "--max-words",
        type=budgets,
        default=[200],
        metavar="N[,N...]",
        help=(
            "budget in syllables (default 200); with several data files either one budget for "
            "all or one per file in the same order, e.g. 200,220,180 (the benchmark budgets of "
            "AbMuSu, ViMs and VMDS, docs/results.md)"
        ),
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


def file_budgets(paths: list[str], max_words: list[int]) -> list[int]:
    """One budget per data file: a single value applies to all; otherwise one per file."""
    from ..errors import UsageError

    if len(max_words) == 1:
        return max_words * len(paths)
    if len(max_words) != len(paths):
        raise UsageError(
            f"--max-words gives {len(max_words)} budgets for {len(paths)} data files; "
            "give one budget for all files or one per file, in the same order"
        )
    return max_words


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from ..engine import get_method
    from ..eval.datasets import build_record, expand_data_paths, read_data_files
    from ..eval.evaluate import evaluate, mean_over_corpora

    get_method(args.method)  # unknown method: fail before reading the data
    args.data = expand_data_paths(args.data)  # a folder stands for its .jsonl files
    limits = file_budgets(args.data, args.max_words)
    files = read_data_files(args.data, on_warning=warn)  # every file checked before any work
    n = sum(len(records) for records in files)
    info(f"eval: {plural(n, 'cluster')} from {', '.join(args.data)}")
    results = [
        evaluate(
            (build_record(r) for r in records),
            method=args.method,
            max_words=limit,
            tokenize=args.tokenize,
        )
        for records, limit in zip(files, limits, strict=True)
    ]
    per_cluster = args.per_cluster
    if args.format == "text" and len(results) == 1:
        sys.stdout.write(render_text(results[0], per_cluster=per_cluster))
    elif args.format == "text":
        sys.stdout.write(render_corpora(args.data, results, per_cluster=per_cluster))
    elif len(results) == 1:
        sys.stdout.write(json.dumps(results[0].as_dict(per_cluster), ensure_ascii=False) + "\n")
    else:
        doc = {
            "method": args.method,
            "tokenize": results[0].tokenize,
            "corpora": [
                {"data": path, **r.as_dict(per_cluster=per_cluster)}
                for path, r in zip(args.data, results, strict=True)
            ],
            "mean": {m: s.as_dict() for m, s in mean_over_corpora(results).items()},
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return 0


_NAMES = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L"}


def render_text(result, per_cluster: bool = False) -> str:
    """A plain-text table of P/R/F1 x100 (and optionally one F1 row per cluster)."""
    from ..eval.rouge import METRICS

    lines = [
        f"method={result.method} max_words={result.max_words} tokenize={result.tokenize} "
        f"clusters={result.n_clusters}",
        f"{'':8} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for m in METRICS:
        s = result.average[m]
        lines.append(
            f"{_NAMES[m]:8} {100 * s.precision:6.2f} {100 * s.recall:6.2f} {100 * s.fmeasure:6.2f}"
        )
    if per_cluster:
        lines.append("")
        lines.extend(_cluster_rows(result))
    return "\n".join(lines) + "\n"


def _cluster_rows(result) -> list[str]:
    from ..eval.rouge import METRICS

    width = max(len("cluster"), *(len(r.id) for r in result.rows))
    lines = [f"{'cluster':{width}} {'R1-F1':>6} {'R2-F1':>6} {'RL-F1':>6} {'syll':>5}"]
    for r in result.rows:
        f = [100 * r.scores[m].fmeasure for m in METRICS]
        lines.append(f"{r.id:{width}} {f[0]:6.2f} {f[1]:6.2f} {f[2]:6.2f} {r.n_syllables:5d}")
    return lines


def render_corpora(paths: list[str], results: list, per_cluster: bool = False) -> str:
    """One row per data file (F1 x100, mean summary length) and the mean over the files."""
    from pathlib import Path

    from ..eval.evaluate import mean_over_corpora
    from ..eval.rouge import METRICS

    names = [Path(p).name.removesuffix(".jsonl") for p in paths]
    width = max(len("mean"), *(len(n) for n in names))
    lines = [
        f"method={results[0].method} tokenize={results[0].tokenize} "
        f"data files={len(results)} (F1 x100; mean = each file weighs the same)",
        f"{'data':{width}} {'clusters':>8} {'budget':>6} {'syll':>6} "
        + " ".join(f"{_NAMES[m]:>7}" for m in METRICS),
    ]
    for name, r in zip(names, results, strict=True):
        syll = sum(row.n_syllables for row in r.rows) / max(r.n_clusters, 1)
        lines.append(
            f"{name:{width}} {r.n_clusters:8d} {r.max_words:6d} {syll:6.1f} "
            + " ".join(f"{100 * r.average[m].fmeasure:7.2f}" for m in METRICS)
        )
    mean = mean_over_corpora(results)
    clusters = sum(r.n_clusters for r in results)
    lines.append(
        f"{'mean':{width}} {clusters:8d} {'':>6} {'':>6} "
        + " ".join(f"{100 * mean[m].fmeasure:7.2f}" for m in METRICS)
    )
    if per_cluster:
        for name, r in zip(names, results, strict=True):
            lines += ["", f"{name} (max_words={r.max_words})", *_cluster_rows(r)]
    return "\n".join(lines) + "\n"
