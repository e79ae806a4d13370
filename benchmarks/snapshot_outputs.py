"""Write every user-visible output of tomtat to a folder, to check a refactor changes nothing.

    python benchmarks/snapshot_outputs.py OUT_DIR [--data-dir ../shared/data] [--seeds ../shared/seeds]
    diff -r BEFORE_DIR AFTER_DIR     # empty = identical

What it writes (deterministic; run timings are dropped from reports):
- ``summaries-<corpus>-<method>.jsonl``: every cluster of each data file summarized with each
  method at 200 syllables (JSON as ``tomtat summarize --format json`` prints it);
- ``reports-<corpus>.jsonl``: the full report JSON of the first 25 clusters of each data file;
- ``events-abmusu.jsonl``: the online event clustering of the pooled AbMuSu and VMDS articles
  (in file order; VMDS articles carry dates), one line per event;
- ``cli-*``: ``tomtat summarize``/``report`` of the seeds and the example cluster in every
  output format, run through the real command line (the reading path included).
Not a test and not a benchmark: a before/after check, kept because refactors keep coming.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

METHODS = ("default", "learned", "heuristic", "lead", "lexrank", "lexrank-mmr", "centroid")
CORPORA = ("abmusu-validation", "abmusu-train", "vims-dev", "vmds-dev")
REPORTS_PER_CORPUS = 25
ROOT = Path(__file__).resolve().parents[1]


def _strip_timings(obj: dict) -> dict:
    meta = obj.get("meta")
    if isinstance(meta, dict):
        meta.pop("timings", None)
    return obj


def _dump(path: Path, rows: list) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def snapshot_api(out: Path, data_dir: Path) -> None:
    from tomtat.analyze import build_report, report_to_dict
    from tomtat.engine import summarize
    from tomtat.engine.features import compute_features
    from tomtat.eval.datasets import build_record, read_records
    from tomtat.io.write import summary_to_dict

    for corpus in CORPORA:
        path = data_dir / f"{corpus}.jsonl"
        if not path.exists():
            print(f"skip {corpus}: {path} missing", file=sys.stderr)
            continue
        clusters = [build_record(r) for r in read_records(path)]
        for method in METHODS:
            rows = []
            for c in clusters:
                feats = compute_features(c)
                rows.append(
                    summary_to_dict(summarize(c, method=method, max_words=200, features=feats))
                )
            _dump(out / f"summaries-{corpus}-{method}.jsonl", rows)
        rows = [
            _strip_timings(report_to_dict(build_report(c))) for c in clusters[:REPORTS_PER_CORPUS]
        ]
        _dump(out / f"reports-{corpus}.jsonl", rows)
        print(f"{corpus}: {len(clusters)} clusters", file=sys.stderr)


def snapshot_events(out: Path, data_dir: Path) -> None:
    from tomtat.eval.datasets import read_records

    try:
        from tomtat.events import cluster_events
    except ImportError:  # after the events package split the name may move
        from tomtat.events.clusterer import cluster_events  # type: ignore[no-redef]

    from dataclasses import replace

    docs = []
    for corpus in ("abmusu-train", "abmusu-validation", "vmds-dev"):
        path = data_dir / f"{corpus}.jsonl"
        if not path.exists():
            continue
        for rec in read_records(path):
            docs.extend(replace(d, id=f"{rec.id}/{d.id}") for d in rec.record.documents)
    events = cluster_events(docs)
    rows = [{"id": e.id, "articles": [d.id for d in e.documents]} for e in events]
    _dump(out / "events-abmusu.jsonl", rows)


def _cli(args: list[str]) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "tomtat", *args], capture_output=True, text=True, cwd=ROOT
    )
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


def snapshot_cli(out: Path, seeds: Path) -> None:
    inputs = {"example": str(ROOT / "examples" / "bao-nalusa")}
    if seeds.exists():
        inputs["seeds"] = str(seeds)
    for name, path in inputs.items():
        for fmt in ("text", "markdown", "json"):
            (out / f"cli-summarize-{name}.{fmt}").write_text(
                _cli(["summarize", path, "--format", fmt]), encoding="utf-8"
            )
        for fmt in ("markdown", "json", "html"):
            text = _cli(["report", path, "--format", fmt])
            if fmt == "json":
                text = re.sub(r'"timings": \{[^}]*\}', '"timings": {}', text)
            (out / f"cli-report-{name}.{fmt}").write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--skip", nargs="*", default=[], choices=["api", "events", "cli"])
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if "cli" not in args.skip:
        snapshot_cli(args.out, args.seeds)
    if "events" not in args.skip:
        snapshot_events(args.out, args.data_dir)
    if "api" not in args.skip:
        snapshot_api(args.out, args.data_dir)


if __name__ == "__main__":
    main()
