"""Draw sentence pairs for the citation benchmark (benchmarks/data/cite_pairs_*.jsonl).

A pair is what :func:`tomtat.engine.cite.cite` has to judge: a summary sentence (chosen by the
``default`` method at 200 syllables) and one of the two sentences of ANOTHER article of the
cluster with the largest TF-IDF cosine to it (the engine's own similarity). Pairs are drawn at
random within cosine bands (more of them where the decision is hard), and the number of pairs
in each band's population is written next to them, so that precision/recall can be weighted
back to the real mix (benchmarks/cite_eval.py).

    python benchmarks/cite_pairs.py /work/shared/data/abmusu-train.jsonl \
        --per-band 30,45,50,55,55,50,45,30 --seed 1 -o benchmarks/data/cite_pairs_train.jsonl

Labels ("label": 1 = the other sentence states the summary sentence's fact, 0 = not) are
filled in by hand afterwards; rerunning with the same arguments draws the same pairs, and
--keep-labels FILE carries labels over by pair id.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from tomtat.engine import summarize
from tomtat.engine.features import compute_features
from tomtat.eval.datasets import load_clusters

BANDS = (0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.42, 0.55, 1.01)
RANKS = 2  # candidates per (summary sentence, other article), by decreasing cosine


def candidates(path: str, max_words: int = 200) -> list[dict]:
    """Every (summary sentence, other-article candidate) pair with cosine >= BANDS[0]."""
    out = []
    for cluster in load_clusters(path):
        if len(cluster.documents) < 2:
            continue
        feats = compute_features(cluster)
        summary = summarize(cluster, "default", max_words, features=feats)
        for ss in summary.sentences:
            a = cluster.sentences[ss.position]
            row = feats.sim_rows(ss.position)
            for d, doc in enumerate(cluster.documents):
                if d == a.doc_index:
                    continue
                cols = np.flatnonzero(feats.doc_of == d)
                order = cols[np.lexsort((cols, -row[cols]))][:RANKS]
                for rank, j in enumerate(order, 1):
                    cos = float(row[j])
                    if cos < BANDS[0]:
                        continue
                    b = cluster.sentences[int(j)]
                    out.append(
                        {
                            "id": f"{cluster.id}:{a.position}:{b.position}",
                            "cluster": cluster.id,
                            "a_doc": a.doc_id,
                            "a_pos": a.position,
                            "b_doc": doc.id,
                            "b_pos": b.position,
                            "rank": rank,
                            "cos": round(cos, 4),
                            "a": a.text,
                            "b": b.text,
                        }
                    )
    return out


def band_of(cos: float) -> int:
    return int(np.searchsorted(BANDS, cos, "right")) - 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--per-band", required=True, help=f"pairs per band, {len(BANDS) - 1} ints")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep-labels", help="a previous output whose labels are carried over")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    per_band = [int(x) for x in args.per_band.split(",")]
    if len(per_band) != len(BANDS) - 1:
        ap.error(f"--per-band needs {len(BANDS) - 1} numbers")
    pairs = candidates(args.data)
    rng = np.random.default_rng(args.seed)
    kept = {}
    if args.keep_labels:
        for line in Path(args.keep_labels).read_text("utf-8").splitlines():
            r = json.loads(line)
            kept[r["id"]] = (r.get("label"), r.get("note", ""))
    out = []
    for k, want in enumerate(per_band):
        idx = [i for i, p in enumerate(pairs) if band_of(p["cos"]) == k]
        take = sorted(rng.choice(len(idx), min(want, len(idx)), replace=False))
        for t in take:
            p = dict(pairs[idx[t]])
            p["band"] = f"{BANDS[k]:.2f}-{min(BANDS[k + 1], 1.0):.2f}"
            p["band_population"] = len(idx)
            p["label"], p["note"] = kept.get(p["id"], (None, ""))
            out.append(p)
    with open(args.output, "w", encoding="utf-8") as fh:
        for p in out:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"{len(pairs)} candidate pairs, {len(out)} drawn -> {args.output}")


if __name__ == "__main__":
    main()
