"""Time the text front end (read, normalize, clean, split, keys, tokenize): old vs new code.

    git worktree add --detach /tmp/tomtat-frontend-base <commit>   # the reference code, once
    nice python benchmarks/bench_frontend.py --rounds 5
    nice python benchmarks/bench_frontend.py --base /tmp/other-checkout --data D.jsonl

Every measurement runs in a fresh Python process; the reference (``--base``, imported with
``PYTHONPATH=<base>/src``) and this checkout run side by side, in interleaved rounds (the order
alternates from round to round), so a change in the machine's load hits both alike. Reported:
best and median over rounds of milliseconds per cluster.

Two runs per variant and round:

* ``e2e``: what ``benchmarks/bench_methods.py``'s ``read+clean+split+tokenize`` row pays: read
  the JSONL file (``read_records``), ``build_record`` every cluster, ``key_syllables`` every
  sentence key. ``cold`` = first pass in the process (after a warm-up on two clusters, as a
  single ``tomtat summarize`` would run; the warm-up also makes the one-time, ~40 ms import
  of ftfy that the first mojibake check triggers in either version); ``warm`` = a second
  pass (per-process caches filled, as in ``bench_methods.py``, which builds every cluster
  once before its timed pass, and as in a long ``tomtat batch`` or service).
* ``stages`` (warm): each public step timed alone on every document of every cluster:
  ``read`` (the JSONL reader), ``normalize``, ``clean`` (``clean`` + the repeated-title check),
  ``split`` (``split_sentences``), ``keys`` (the sentence keys as ``build_cluster`` makes
  them: ``sentence_keys`` from the line views where the code has it, else
  ``key_of_normalized`` of each sentence) and ``tokenize`` (``key_syllables`` of each key).
  The e2e rows are the real figures; the stages add up to a little less (the rest of
  ``build_cluster``: headings, ``Sentence`` objects).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "/tmp/tomtat-frontend-base"  # a name of its own: /tmp is shared with other benchmarks
DEFAULT_DATA = "/work/shared/data/abmusu-validation.jsonl"
STAGES = ("read", "normalize", "clean", "split", "keys", "tokenize")

# --------------------------------------------------------------------------- child


def _e2e_pass(path: str) -> tuple[int, float]:
    from tomtat.eval.datasets import build_record, read_records
    from tomtat.text.tokens import key_syllables

    t0 = time.perf_counter()
    n = 0
    for rec in read_records(path):
        cluster = build_record(rec)
        for s in cluster.sentences:
            key_syllables(s.key)
        n += 1
    return n, time.perf_counter() - t0


def _stages_pass(path: str) -> tuple[int, dict[str, float]]:
    from tomtat.eval.datasets import read_records
    from tomtat.pipeline import _drop_repeated_title
    from tomtat.text import normalize as norm_mod
    from tomtat.text.clean import clean
    from tomtat.text.normalize import key_of_normalized, normalize
    from tomtat.text.sentences import split_sentences
    from tomtat.text.tokens import key_syllables

    clock = time.perf_counter
    # the pipeline's way of making the keys: sentence_keys where it exists, else one by one
    sentence_keys = getattr(norm_mod, "sentence_keys", None)
    spent = dict.fromkeys(STAGES, 0.0)
    t0 = clock()
    records = read_records(path)
    spent["read"] = clock() - t0
    for rec in records:
        for doc in rec.record.documents:
            t0 = clock()
            text = normalize(doc.text)
            t1 = clock()
            text, _ = clean(text, doc.id)
            text, _ = _drop_repeated_title(text, doc)
            t2 = clock()
            spans = split_sentences(text)
            t3 = clock()
            if sentence_keys is not None:
                keys = sentence_keys(text, [(s.start, s.end) for s in spans])
            else:
                keys = [key_of_normalized(text[s.start : s.end]) for s in spans]
            t4 = clock()
            for key in keys:
                key_syllables(key)
            t5 = clock()
            spent["normalize"] += t1 - t0
            spent["clean"] += t2 - t1
            spent["split"] += t3 - t2
            spent["keys"] += t4 - t3
            spent["tokenize"] += t5 - t4
    return len(records), spent


def child(what: str, path: str) -> dict:
    from tomtat.eval.datasets import build_record, read_records
    from tomtat.text.encoding import repair
    from tomtat.text.tokens import key_syllables

    repair("Vi\u00e1\u00bb\u2021t Nam")  # imports ftfy (~40 ms, once per process) in both
    for rec in read_records(path)[:2]:  # warm-up: imports, lazy tables
        for s in build_record(rec).sentences:
            key_syllables(s.key)
    if what == "e2e":
        n, cold = _e2e_pass(path)
        _, warm = _e2e_pass(path)
        return {"clusters": n, "cold": cold, "warm": warm}
    _e2e_pass(path)
    n, spent = _stages_pass(path)
    return {"clusters": n, **spent}


# --------------------------------------------------------------------------- parent


def _run(src: str, what: str, path: str) -> dict:
    env = dict(os.environ, PYTHONPATH=src)
    cmd = [sys.executable, __file__, "--child", what, "--data", path]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _git_head(where: Path) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(where), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--child", choices=("e2e", "stages"), help=argparse.SUPPRESS)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--base", default=BASE, help="reference checkout (a git worktree)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data)))
        return 0

    variants = {"old": str(Path(args.base) / "src"), "new": str(ROOT / "src")}
    results: dict[str, dict[str, list[float]]] = {v: {} for v in variants}
    for k in range(args.rounds):
        order = list(variants) if k % 2 == 0 else list(reversed(variants))
        print(f"round {k + 1}/{args.rounds} ...", file=sys.stderr, flush=True)
        for what in ("e2e", "stages"):
            for name in order:
                got = _run(variants[name], what, args.data)
                n = got.pop("clusters")
                for key, seconds in got.items():
                    label = f"e2e {key}" if what == "e2e" else key
                    results[name].setdefault(label, []).append(1000 * seconds / n)

    load = os.getloadavg()
    print(
        f"# {dt.datetime.now().isoformat(timespec='minutes')}  {platform.python_version()}  "
        f"data={args.data}  rounds={args.rounds}  old={args.base}@{_git_head(Path(args.base))}  "
        f"new={_git_head(ROOT)}  loadavg={load[0]:.2f},{load[1]:.2f},{load[2]:.2f}"
    )
    print("| ms/cluster | old best | old median | new best | new median | speed-up (best) |")
    print("|---|---:|---:|---:|---:|---:|")
    labels = list(results["old"])
    for label in labels:
        old, new = results["old"][label], results["new"][label]
        print(
            f"| {label} | {min(old):.2f} | {statistics.median(old):.2f} | {min(new):.2f} | "
            f"{statistics.median(new):.2f} | {min(old) / min(new):.2f}x |"
        )
    stage_old = sum(min(results["old"][s]) for s in STAGES)
    stage_new = sum(min(results["new"][s]) for s in STAGES)
    print(
        f"| sum of stages | {stage_old:.2f} | | {stage_new:.2f} | | {stage_old / stage_new:.2f}x |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
