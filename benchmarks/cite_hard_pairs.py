"""Draw hard negative candidates for the citation benchmark (cite_pairs_hard.jsonl).

    python benchmarks/cite_hard_pairs.py /work/shared/data/vmds-dev.jsonl \
        /work/shared/data/vims-dev.jsonl --per-kind 40 --seed 14 -o hard.jsonl

Two kinds, both labelled by hand afterwards (``label4``; most are "no", not all):

* ``other-event``: a summary sentence (``default``, 200 syllables) and the most similar
  sentence of ANOTHER cluster (TF-IDF cosine over both clusters' sentences, same category
  when the data has one): the same topic, another event (another storm, another trial,
  another year's exam);
* ``headline``: a summary sentence and the headline of another article of its cluster
  (``title: true``), the pair with the largest cosine per cluster: a headline that names the
  topic. The citation step never cites a headline, whatever it says.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from tomtat.engine import summarize
from tomtat.engine.features import compute_features, tfidf_matrix
from tomtat.eval.datasets import load_clusters


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="+")
    ap.add_argument("--per-kind", type=int, default=40)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    other_event: list[dict] = []
    headline: list[dict] = []
    for path in args.data:
        clusters = [c for c in load_clusters(path) if len(c.documents) >= 2]
        summaries = {}
        for c in clusters:
            summaries[c.id] = summarize(c, "default", 200, features=compute_features(c))
        order = rng.permutation(len(clusters))
        for i in order[: args.per_kind]:
            c = clusters[int(i)]
            cat = c.meta.get("category", "")
            pool = [x for x in clusters if x.id != c.id and x.meta.get("category", "") == cat]
            if not pool:
                continue
            summ = summaries[c.id].sentences
            a = c.sentences[summ[int(rng.integers(len(summ)))].position]
            others = [s for x in pool for s in x.sentences if s.n_syllables >= 6]
            x, _, _ = tfidf_matrix([a.key] + [s.key for s in others])
            sims = (x[1:] @ x[0].T).toarray().ravel()
            j = int(np.argmax(sims))
            b = others[j]
            other_event.append(
                {
                    "id": f"{c.id}:{a.position}|{b.doc_id}:{b.index}",
                    "kind": "other-event",
                    "cluster": c.id,
                    "a_doc": a.doc_id,
                    "a_pos": a.position,
                    "b_doc": b.doc_id,
                    "b_pos": None,
                    "cos": round(float(sims[j]), 4),
                    "a": a.text,
                    "b": b.text,
                }
            )
            # the headline of another article of the same cluster closest to the sentence
            titles = [
                (d, doc.title)
                for d, doc in enumerate(c.documents)
                if doc.title and d != a.doc_index
            ]
            if titles:
                tx, _, _ = tfidf_matrix([a.key] + [t for _, t in titles])
                ts = (tx[1:] @ tx[0].T).toarray().ravel()
                k = int(np.argmax(ts))
                d, title = titles[k]
                headline.append(
                    {
                        "id": f"{c.id}:{a.position}|title:{c.documents[d].id}",
                        "kind": "headline",
                        "cluster": c.id,
                        "a_doc": a.doc_id,
                        "a_pos": a.position,
                        "b_doc": c.documents[d].id,
                        "b_pos": None,
                        "title": True,
                        "cos": round(float(ts[k]), 4),
                        "a": a.text,
                        "b": title,
                    }
                )
    with open(args.output, "w", encoding="utf-8") as fh:
        for p in other_event + headline:
            p.update(label4=None, label=None, note="")
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"{len(other_event)} other-event, {len(headline)} headline pairs -> {args.output}")


if __name__ == "__main__":
    main()
