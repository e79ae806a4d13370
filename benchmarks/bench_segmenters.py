"""Word segmentation: pyvi vs underthesea on tomtat's hand-segmented set.

    nice python benchmarks/bench_segmenters.py

Measures, for each segmenter: word-boundary F1 against tests/fixtures/text_segmentation_gold.txt
(a word is a (start, end) syllable span; precision/recall over words, punctuation excluded),
sentences/s (the gold set repeated to ~2,000 sentences), import time and the resident memory an
import + first call adds (each measured in a fresh subprocess so one library's import does not
pay for the other's).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "text_segmentation_gold.txt"

SEGMENTERS = {
    "pyvi": "from pyvi import ViTokenizer\nseg = lambda s: ViTokenizer.tokenize(s).split()",
    "underthesea": (
        "from underthesea import word_tokenize\n"
        "seg = lambda s: [w.replace(' ', '_') for w in word_tokenize(s)]"
    ),
}

CHILD = r"""
import json, resource, sys, time
{preload}
t0 = time.perf_counter()
{setup}
t_import = time.perf_counter() - t0
gold = json.loads(sys.stdin.read())
out = [seg(" ".join(w.replace("_", " ") for w in sent)) for sent in gold]  # first call loads models
t_first = time.perf_counter() - t0
reps = max(1, 2000 // len(gold))
t1 = time.perf_counter()
for _ in range(reps):
    for sent in gold:
        seg(" ".join(w.replace("_", " ") for w in sent))
rate = reps * len(gold) / (time.perf_counter() - t1)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"out": out, "import_s": t_import, "ready_s": t_first, "rate": rate, "rss_mb": rss}}))
"""

PRELOAD = "import numpy, scipy.sparse, sklearn.base, sklearn.feature_extraction.text"
BASELINE = "import json, resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


def load_gold() -> list[list[str]]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [ln.split() for ln in lines if ln.strip() and not ln.startswith("#")]


def spans(words: list[str]) -> set[tuple[int, int]]:
    """Syllable spans of the words, punctuation-only tokens skipped."""
    out, pos = set(), 0
    for w in words:
        n = len(w.split("_"))
        if any(ch.isalnum() for ch in w):
            out.add((pos, pos + n))
        pos += n
    return out


def f1(gold: list[list[str]], pred: list[list[str]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = spans(g), spans(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    prec, rec = tp / (tp + fp), tp / (tp + fn)
    return prec, rec, 2 * prec * rec / (prec + rec)


def main() -> None:
    gold = load_gold()
    base = float(
        subprocess.run(
            [sys.executable, "-c", BASELINE], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"{len(gold)} hand-segmented sentences, {sum(len(s) for s in gold)} gold tokens\n")
    print(
        "| segmenter | version | P | R | word F1 | sentences/s | import s | ready s (import + first call) | ready s with scikit-learn already loaded | memory MB (over bare Python) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, setup in SEGMENTERS.items():
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD.format(setup=setup, preload="")],
            input=json.dumps(gold),
            capture_output=True,
            text=True,
            check=True,
        )
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        # Marginal import cost inside tomtat, whose engine has scikit-learn loaded already.
        proc = subprocess.run(
            [sys.executable, "-c", CHILD.format(setup=setup, preload=PRELOAD)],
            input=json.dumps(gold[:1]),
            capture_output=True,
            text=True,
            check=True,
        )
        marginal = json.loads(proc.stdout.strip().splitlines()[-1])["ready_s"]
        del t0
        p, r, f = f1(gold, res["out"])
        try:
            from importlib.metadata import version

            ver = version(name)
        except Exception:
            ver = "?"
        print(
            f"| {name} | {ver} | {p:.3f} | {r:.3f} | {f:.3f} | {res['rate']:.0f} | "
            f"{res['import_s']:.2f} | {res['ready_s']:.2f} | {marginal:.2f} | {res['rss_mb'] - base:.0f} |"
        )


if __name__ == "__main__":
    main()
