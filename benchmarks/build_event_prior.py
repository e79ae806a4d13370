"""Build the document-frequency prior of event clustering from AbMuSu *train* articles.

    python benchmarks/build_event_prior.py [--data /work/shared/data] [--min-df 2]

Writes src/tomtat/events/data/df_prior.npz: the hashed features (syllable unigrams and
bigrams of title and text, name-like unigrams and bigrams) of every train article, the number
of articles each appears in (features seen in fewer than ``--min-df`` articles are left out:
they weigh the same as unseen ones), and ``meta = [n_docs, n_features, HASH_VERSION]``.
Integer arrays only, loaded with ``allow_pickle=False``. Deterministic: the same data give
the same bytes. Validation articles are never read, so the prior cannot leak into the
validation figures of benchmarks/bench_clustering.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from tomtat.events.vectors import HASH_VERSION, N_FEATURES, PRIOR_FILE, EventVectorizer
from tomtat.model import Document

OUT = Path(__file__).resolve().parents[1] / "src" / "tomtat" / "events" / "data" / PRIOR_FILE


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args()

    docs = []
    with open(args.data / "abmusu-train.jsonl", encoding="utf-8") as fh:
        for line in fh:
            for d in json.loads(line)["documents"]:
                docs.append(Document(d["id"], d["text"], d.get("title", "")))
    _, present = EventVectorizer(idf_prior=False).features(docs)
    df = np.bincount(present.indices, minlength=N_FEATURES)
    cols = np.flatnonzero(df >= args.min_df).astype(np.int32)
    meta = np.array([len(docs), N_FEATURES, HASH_VERSION], dtype=np.int64)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.output, meta=meta, cols=cols, df=df[cols].astype(np.uint16))
    digest = hashlib.sha256(args.output.read_bytes()).hexdigest()[:16]
    print(
        f"{len(docs)} train articles, {int((df > 0).sum())} features, {len(cols)} with "
        f"df >= {args.min_df} -> {args.output} ({args.output.stat().st_size / 1024:.0f} KB, "
        f"sha256 {digest})"
    )


if __name__ == "__main__":
    main()
