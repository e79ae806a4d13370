"""Compare every summarization method on a data set: ROUGE, speed and memory, in one run.

    nice python benchmarks/bench_methods.py                       # AbMuSu validation, 200 syll.
    nice python benchmarks/bench_methods.py --data D.jsonl --max-words 200 --repeat 3

Rows (each measured in fresh Python processes; timing runs in rounds, every row once per round,
side by side, so a change in the machine's load hits all rows alike):

* ``read+clean+split+tokenize``: read the JSONL file, build every cluster (normalize, clean,
  split) and tokenize every sentence into the syllables of its match key the way the feature
  stage does (``tomtat.engine.lexicon.sentence_words``): the floor any method pays.
* every method of ``tomtat.engine.available_methods()`` (``oracle`` included): read + build +
  ``summarize(cluster, method, max_words)``.
* ``oracle-greedy``: :func:`tomtat.engine.oracle.oracle_labels`' own selection (greedy ROUGE-2,
  stops when no sentence improves it), i.e. not filled up to the budget by the engine.
* ``sumy-lexrank``: the outside reference. sumy's ``LexRankSummarizer`` fed OUR sentences
  (same clusters, same cleaning and splitting, one sumy ``Paragraph`` per article, words from
  our syllable tokenizer, no stemmer/stop words), sentences taken in sumy's rating order while
  they fit the syllable budget (a sentence that does not fit is skipped, as tomtat does).

Columns: ROUGE-1/2/L F1 x100 with syllable and word (pyvi) tokens (best F1 over references,
macro-averaged over clusters); ``clusters/s`` end to end (fastest of ``--repeat`` rounds, each
a pass over all clusters after a warm-up on two; reading and building included); ``stage ms`` the mean time per
cluster of the method alone (summarize or sumy, excluding read+build); peak memory as
``tracemalloc MB`` (peak of Python-level allocations, numpy buffers included, during one
pass over all clusters, imports excluded) and ``RSS MB`` (the process's maximum resident set
size from ``getrusage``, imports and interpreter included; read before the ROUGE scoring, which
loads pyvi).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

DEFAULT_DATA = "/work/shared/data/abmusu-validation.jsonl"
PREP = "read+clean+split+tokenize"
SUMY = "sumy-lexrank"
ORACLE_GREEDY = "oracle-greedy"

# --------------------------------------------------------------------------- child: one row


def _load(path: str):
    from tomtat.eval.datasets import build_record, read_records

    return [build_record(r) for r in read_records(path)]


def _prep(cluster) -> int:
    """Tokenize every sentence as the engine's feature stage does: the words of the sentence
    texts looked up in the process-wide lexicon, giving the syllables of their match keys
    (:func:`tomtat.engine.lexicon.sentence_words`; new words are analysed and registered, as
    in the engine). Returns the number of syllable tokens."""
    from tomtat.engine.lexicon import sentence_words

    flat, _ = sentence_words([s.text for s in cluster.sentences]).syllables()
    return len(flat)


def _sumy_summary(cluster, max_words: int) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from tomtat.text.tokens import syllables

    class Words:  # sumy's tokenizer protocol: to_words(text) -> words
        @staticmethod
        def to_words(text: str) -> list[str]:
            return syllables(text)

    tok = Words()
    paragraphs = []
    for d in range(len(cluster.documents)):
        sents = [SumySentence(s.text, tok) for s in cluster.sentences_of(d)]
        if sents:
            paragraphs.append(Paragraph(sents))
    document = ObjectDocumentModel(paragraphs)

    def within_budget(infos):  # infos arrive sorted by sumy's rating, best first
        chosen, used = [], 0
        for info in infos:
            n = len(str(info.sentence).split())
            if used + n <= max_words:
                chosen.append(info)
                used += n
        return chosen

    picked = LexRankSummarizer()(document, within_budget)
    return " ".join(str(s) for s in picked)


def _make_runner(thing: str, max_words: int):
    """A function cluster -> summary text (None for the prep row)."""
    if thing == PREP:
        return lambda c: (_prep(c), None)[1]
    if thing == SUMY:
        return lambda c: _sumy_summary(c, max_words)
    if thing == ORACLE_GREEDY:
        from tomtat.engine.oracle import oracle_labels

        def greedy(c):
            picks = sorted(oracle_labels(c, max_words).order)
            return " ".join(c.sentences[i].text for i in picks)

        return greedy
    from tomtat.engine import summarize

    return lambda c: summarize(c, method=thing, max_words=max_words).source_text


def _one_pass(path: str, run) -> tuple[float, float, list]:
    """(total seconds, stage seconds, outputs) for read + build + run over the whole file."""
    from tomtat.eval.datasets import build_record, read_records

    t0 = time.perf_counter()
    stage = 0.0
    outputs = []
    for rec in read_records(path):
        cluster = build_record(rec)
        s0 = time.perf_counter()
        outputs.append(run(cluster))
        stage += time.perf_counter() - s0
    return time.perf_counter() - t0, stage, outputs


def child(thing: str, path: str, max_words: int, mode: str, warm_data: str | None = None) -> dict:
    """``mode="time"``: one timed pass after a warm-up. ``mode="full"``: memory and ROUGE.

    Warm-up: two clusters of ``path`` (lazy imports), or with ``warm_data`` every cluster of
    that file first (a steady-state process whose word caches have seen earlier news)."""
    run = _make_runner(thing, max_words)
    clusters = _load(path)
    for c in clusters[:2]:  # warm-up: lazy imports, caches
        run(c)
    del clusters
    if warm_data and mode == "time":
        for c in _load(warm_data):
            run(c)
    if mode == "time":
        total, stage, outputs = _one_pass(path, run)
        return {"thing": thing, "clusters": len(outputs), "seconds": total, "stage_seconds": stage}
    tracemalloc.start()
    _, _, outputs = _one_pass(path, run)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {
        "thing": thing,
        "clusters": len(outputs),
        "tracemalloc_mb": traced_peak / 2**20,
        "rss_mb": rss_kb / 1024,
    }
    if outputs and outputs[0] is not None:
        from tomtat.eval.evaluate import macro_average
        from tomtat.eval.rouge import score

        clusters = _load(path)
        out["syllables"] = sum(len(t.split()) for t in outputs) / len(outputs)
        for tok in ("syllable", "word"):
            avg = macro_average(
                score(text, c.references, tok) for text, c in zip(outputs, clusters, strict=True)
            )
            out[tok] = {m: 100 * s.fmeasure for m, s in avg.items()}
    return out


# --------------------------------------------------------------------------- parent: the table


def _run_child(thing: str, args, mode: str) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        thing,
        "--data",
        args.data,
        "--max-words",
        str(args.max_words),
        "--mode",
        mode,
    ]
    if args.warm_data:
        cmd += ["--warm-data", args.warm_data]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:  # report the row as failed; the other rows go on
        last = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        print(f"{thing} failed:\n{proc.stderr}", file=sys.stderr)
        return {"thing": thing, "error": last}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt(row: dict, key: str, metric: str) -> str:
    return f"{row[key][metric]:.2f}" if key in row else "–"


def _length(row: dict) -> str:
    return f"{row['syllables']:.0f}" if "syllables" in row else "–"


def render(rows: list[dict], args, n_clusters: int) -> str:
    head = (
        "| method | R1 syl | R2 syl | RL syl | R1 word | R2 word | RL word | syllables "
        "| clusters/s | stage ms | tracemalloc MB | RSS MB |"
    )
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['thing']} | failed: {r['error']} |" + " |" * 10)
            continue
        lines.append(
            f"| {r['thing']} | {_fmt(r, 'syllable', 'rouge1')} | {_fmt(r, 'syllable', 'rouge2')} "
            f"| {_fmt(r, 'syllable', 'rougeL')} | {_fmt(r, 'word', 'rouge1')} "
            f"| {_fmt(r, 'word', 'rouge2')} | {_fmt(r, 'word', 'rougeL')} "
            f"| {_length(r)} "
            f"| {r['clusters'] / r['seconds']:.1f} "
            f"| {1000 * r['stage_seconds'] / r['clusters']:.2f} | {r['tracemalloc_mb']:.1f} "
            f"| {r['rss_mb']:.0f} |"
        )
    by = {r["thing"]: r for r in rows if "error" not in r}
    if PREP not in by:
        return "\n".join(lines) + "\n"
    prep = by[PREP]
    out = ["\n".join(lines), ""]
    ratios = []
    for name in ("default", "lexrank-mmr", "lexrank"):
        if name not in by or "syllable" not in by[name]:
            continue
        r = by[name]
        line = (
            f"- `{name}`: end to end {r['seconds']:.2f} s = {r['seconds'] / prep['seconds']:.2f}x "
        )
        line += f"read+clean+split+tokenize ({prep['seconds']:.2f} s; target < 3x)"
        if SUMY in by:
            s = by[SUMY]
            line += (
                f"; sumy LexRank end to end {s['seconds']:.2f} s = "
                f"{s['seconds'] / r['seconds']:.1f}x slower (target >= 10x); "
                f"method stage alone {1000 * r['stage_seconds'] / r['clusters']:.2f} ms vs sumy "
                f"{1000 * s['stage_seconds'] / s['clusters']:.2f} ms per cluster = "
                f"{s['stage_seconds'] / max(r['stage_seconds'], 1e-9):.1f}x"
            )
        ratios.append(line)
    if "oracle" in by and ORACLE_GREEDY in by:
        ratios.append(
            f"- ceiling: `oracle-greedy` ROUGE-2 F1 {by[ORACLE_GREEDY]['syllable']['rouge2']:.2f}, "
            f"`oracle` through the engine {by['oracle']['syllable']['rouge2']:.2f}"
        )
    if "default" in by and "lexrank-mmr" in by:
        d = by["default"]["syllable"]["rouge2"]
        b = by["lexrank-mmr"]["syllable"]["rouge2"]
        ratios.append(f"- ROUGE-2 F1 (syllable): `default` - `lexrank-mmr` = {d - b:+.2f} points")
    out.append("\n".join(ratios))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--max-words", type=int, default=200)
    ap.add_argument(
        "--repeat", type=int, default=3, help="timing rounds over all rows (best is kept)"
    )
    ap.add_argument("--methods", help="comma-separated subset of methods (default: all)")
    ap.add_argument("--no-sumy", action="store_true", help="skip the sumy LexRank row")
    ap.add_argument(
        "--warm-data",
        help="before timing, run every row over all clusters of this file (steady state: word "
        "caches filled by earlier news; e.g. the train set). Default: a 2-cluster warm-up",
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--mode", choices=("time", "full"), default="full", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.data, args.max_words, args.mode, args.warm_data)))
        return 0

    from tomtat.engine import available_methods

    methods = list(available_methods())
    if args.methods:
        methods = [m for m in args.methods.split(",") if m]
    things = [PREP, *methods]
    if "oracle" in methods:
        things.append(ORACLE_GREEDY)
    if not args.no_sumy:
        things.append(SUMY)
    # timing rounds: every row once per round, side by side, so that a change in the machine's
    # load hits all rows alike; the fastest round of each row is kept
    best: dict[str, dict] = {}
    for k in range(args.repeat):
        for thing in things:
            print(f"round {k + 1}/{args.repeat}: timing {thing} ...", file=sys.stderr, flush=True)
            t = _run_child(thing, args, "time")
            if "error" in t or thing not in best or t["seconds"] < best[thing]["seconds"]:
                best[thing] = t
    rows = []
    for thing in things:
        print(f"memory and ROUGE: {thing} ...", file=sys.stderr, flush=True)
        if "error" in best[thing]:
            rows.append(best[thing])
            continue
        full = _run_child(thing, args, "full")
        rows.append(full if "error" in full else {**full, **best[thing]})
    n = next((r["clusters"] for r in rows if "clusters" in r), 0)
    print(
        f"data={args.data} clusters={n} max_words={args.max_words} repeat={args.repeat} "
        f"warm-up={'all of ' + args.warm_data if args.warm_data else '2 clusters'} "
        f"date={dt.date.today().isoformat()} python={platform.python_version()} "
        f"cpus={os.cpu_count()}\n"
    )
    print(render(rows, args, n))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
