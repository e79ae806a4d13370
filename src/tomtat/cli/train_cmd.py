"""``tomtat train DATA.jsonl [DATA2.jsonl ...] -o MODEL_DIR [--cv K] [--loco] [--seed N]
[--max-words N[,N...]]``: train the learned scorer on one or several data sets."""

from __future__ import annotations

import argparse

from .eval_cmd import budgets
from .options import quiet, status


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        help="train the learned sentence scorer on clusters with reference summaries",
        description=(
            "Train the LightGBM sentence ranker used by the 'learned' and 'default' methods. "
            "Several data files are pooled (cluster ids must be unique across them; clusters "
            "of one article are skipped with a warning). The same files in the same order and "
            "the same seed give the same model, byte for byte. Use the model with "
            "TOMTAT_MODEL=MODEL_DIR tomtat summarize ..."
        ),
    )
    p.add_argument(
        "data", nargs="+", metavar="DATA.jsonl", help="clusters with 'summaries' (AbMuSu schema)"
    )
    p.add_argument("-o", "--output", required=True, metavar="MODEL_DIR", help="model directory")
    p.add_argument("--cv", type=int, default=0, metavar="K", help="also report K-fold CV ROUGE")
    p.add_argument(
        "--loco",
        action="store_true",
        help=(
            "also report leave-one-corpus-out ROUGE: each data file is held out in turn and "
            "summarized by a model trained on the other files (to hold out two files together, "
            "concatenate them into one)"
        ),
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--max-words",
        type=budgets,
        default=[200],
        metavar="N[,N...]",
        help="budget of the CV summaries; with --loco one for all files or one per file",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:

    from ..errors import UsageError
    from ..train import train
    from .eval_cmd import file_budgets
    from .options import warn

    if args.output == "-":
        raise UsageError("-o -: train writes a model folder, not standard output; name a folder")
    if args.cv < 0 or args.cv == 1:
        raise UsageError(f"--cv must be 0 (off) or at least 2, got {args.cv}")
    if args.loco and len(args.data) < 2:
        raise UsageError("--loco needs at least two data files (each one is held out in turn)")
    if len(args.max_words) > 1 and not args.loco:
        raise UsageError("several --max-words budgets only go with --loco (one per data file)")
    limits = file_budgets(args.data, args.max_words)
    meta = train(
        args.data,
        args.output,
        seed=args.seed,
        cv_folds=args.cv,
        max_words=limits[0],
        progress=not quiet(),
        on_warning=warn,
        loco_budgets=limits if args.loco else None,
    )
    info = meta["training_data"]
    status(
        f"tomtat train: model written to {args.output} "
        f"({info['clusters']} clusters, {info['sentences']} sentences)"
    )
    cv = meta.get("cross_validation")
    if cv:
        f1 = cv["f1"]
        print(
            f"{cv['folds']}-fold CV on {cv['clusters']} clusters, ROUGE F1 x100 (syllables): "
            f"R1 {f1['rouge1']:.2f}  R2 {f1['rouge2']:.2f}  RL {f1['rougeL']:.2f}"
        )
    loco = meta.get("leave_one_corpus_out")
    if loco:
        print(_loco_table(loco), end="")
    return 0


def _loco_table(loco: dict) -> str:
    """Held-out ROUGE-2 F1 of each data file, as learned and default, and the mean."""
    names = list(loco["f1"])
    width = max(len("mean"), len("held-out file"), *(len(n) for n in names))
    lines = [
        "leave-one-corpus-out, ROUGE-2 F1 x100 (syllables): each file scored by a model "
        "trained on the others",
        f"{'held-out file':{width}} {'budget':>6} {'learned':>8} {'default':>8}",
    ]
    for name in names:
        f1 = loco["f1"][name]
        lines.append(
            f"{name:{width}} {loco['budgets'][name]:6d} "
            f"{f1['learned']['rouge2']:8.2f} {f1['default']['rouge2']:8.2f}"
        )
    mean = {
        m: sum(loco["f1"][n][m]["rouge2"] for n in names) / len(names)
        for m in ("learned", "default")
    }
    lines.append(f"{'mean':{width}} {'':6} {mean['learned']:8.2f} {mean['default']:8.2f}")
    return "\n".join(lines) + "\n"
