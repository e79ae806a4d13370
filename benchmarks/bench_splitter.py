"""Sentence splitter precision/recall on the hand-labelled set, tomtat vs underthesea.

    python benchmarks/bench_splitter.py

Reads tests/fixtures/text_sentences_gold.txt (one paragraph per line, "⟂" marks each
boundary inside a paragraph). Scores boundaries *inside* paragraphs only (a paragraph end is
always a boundary and would inflate the numbers). A predicted boundary matches a gold one if
they fall at the same place up to white space.
"""

from __future__ import annotations

import time
from pathlib import Path

from tomtat.text.sentences import split_sentences

GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "text_sentences_gold.txt"
MARK = "⟂"


def load_gold(path: Path = GOLD) -> list[tuple[str, set[int]]]:
    """(paragraph text, boundary offsets) pairs; an offset is where the next sentence starts."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        text, cuts, pos = "", set(), 0
        for i, piece in enumerate(raw.split(MARK)):
            if i:
                # next sentence starts after any white space
                stripped = len(piece) - len(piece.lstrip())
                cuts.add(pos + stripped)
            text += piece
            pos += len(piece)
        out.append((text, cuts))
    return out


def starts_from_strings(text: str, sentences: list[str]) -> set[int]:
    """Start offsets (after the first) of sentences returned as strings, found in order."""
    starts, pos = [], 0
    for sent in sentences:
        sent = sent.strip()
        if not sent:
            continue
        found = text.find(sent[: min(len(sent), 12)], pos)
        if found < 0:
            continue
        starts.append(found)
        pos = found + 1
    return set(starts[1:])


def tomtat_starts(text: str) -> set[int]:
    return {s.start for s in split_sentences(text)[1:]}


def underthesea_starts(text: str) -> set[int]:
    from underthesea import sent_tokenize

    return starts_from_strings(text, sent_tokenize(text))


def score(gold: list[tuple[str, set[int]]], predict) -> tuple[float, float, float, int, int, int]:
    tp = fp = fn = 0
    for text, cuts in gold:
        pred = predict(text)
        tp += len(pred & cuts)
        fp += len(pred - cuts)
        fn += len(cuts - pred)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def main() -> None:
    gold = load_gold()
    n_sent = sum(len(c) + 1 for _, c in gold)
    n_bound = sum(len(c) for _, c in gold)
    print(f"{len(gold)} paragraphs, {n_sent} sentences, {n_bound} inner boundaries\n")
    print("| splitter | precision | recall | F1 | TP | FP | FN | ms/paragraph |")
    print("|---|---|---|---|---|---|---|---|")
    for name, fn in (("tomtat", tomtat_starts), ("underthesea sent_tokenize", underthesea_starts)):
        fn(gold[0][0])  # warm up (imports)
        t0 = time.perf_counter()
        p, r, f, tp, fp, fneg = score(gold, fn)
        ms = (time.perf_counter() - t0) * 1000 / len(gold)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fneg} | {ms:.2f} |")
    # errors of tomtat, for the docs
    print("\ntomtat errors:")
    for text, cuts in gold:
        pred = tomtat_starts(text)
        for c in sorted(pred - cuts):
            print(f"  FP: ...{text[max(0, c - 30) : c]}|{text[c : c + 20]}...")
        for c in sorted(cuts - pred):
            print(f"  FN: ...{text[max(0, c - 30) : c]}|{text[c : c + 20]}...")


if __name__ == "__main__":
    main()
