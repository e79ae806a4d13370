"""``tomtat train DATA.jsonl [DATA2.jsonl ...] -o MODEL_DIR [--cv K] [--seed N]``: train the
learned scorer on one or several data sets."""

from __future__ import annotations

import argparse

from .options import positive_int


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
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--max-words", type=positive_int, default=200, help="budget for the CV summaries"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from ..errors import UsageError
    from ..train import train
    from .options import warn

    if args.cv < 0 or args.cv == 1:
        raise UsageError(f"--cv must be 0 (off) or at least 2, got {args.cv}")
    meta = train(
        args.data,
        args.output,
        seed=args.seed,
        cv_folds=args.cv,
        max_words=args.max_words,
        progress=True,
        on_warning=warn,
    )
    info = meta["training_data"]
    print(
        f"tomtat train: model written to {args.output} "
        f"({info['clusters']} clusters, {info['sentences']} sentences)",
        file=sys.stderr,
    )
    cv = meta.get("cross_validation")
    if cv:
        f1 = cv["f1"]
        print(
            f"{cv['folds']}-fold CV on {cv['clusters']} clusters, ROUGE F1 x100 (syllables): "
            f"R1 {f1['rouge1']:.2f}  R2 {f1['rouge2']:.2f}  RL {f1['rougeL']:.2f}"
        )
    return 0
