"""Event clustering on pooled AbMuSu articles: B-cubed, ARI, NMI and articles/s.

    nice python benchmarks/bench_clustering.py [--data /work/shared/data] [--seed 0]
        [--shuffles 5] [--experiments] [--scale COPIES]

Every article of abmusu-train and abmusu-validation is pooled and shuffled with a fixed seed
(AbMuSu has no dates, so the shuffle is the stream order and the window plays no part), then
clustered online by tomtat.events and scored against the original clusters. The threshold is
swept on train articles only (mean and min over the shuffles); the chosen default is then
reported on train, on validation alone and on the pool, every shuffle. A last table measures
the time window on a simulated dated stream (each original cluster gets an event day, its
articles arrive 0-2 days later, events spread over 60 days).

``--experiments`` adds the studies behind the design, all decided on train: offline average
vs complete link on the stream's own vectors, and a date-distance penalty (dates written in
the text, "ngày 22/6", "sáng 24-6", "(30/6)") chosen on train and checked by 2-fold
cross-validation over train clusters. ``--scale N`` times a long synthetic stream (N
perturbed copies of the pool: each copy keeps a random 60% of each article's sentences) to
show the cost as the active set grows to ``max_active_docs``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from pathlib import Path

import numpy as np

from tomtat.events import CHUNK, DEFAULT_THRESHOLD, EventClusterer, bcubed
from tomtat.model import Document


def load(data: Path, splits: list[str], seed: int) -> tuple[list[Document], list[str]]:
    docs, truth = [], []
    for split in splits:
        with open(data / f"abmusu-{split}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                obj = json.loads(line)
                for d in obj["documents"]:
                    docs.append(Document(d["id"], d["text"], d.get("title", "")))
                    truth.append(obj["id"])
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    return [docs[i] for i in order], [truth[i] for i in order]


def score(docs, truth, threshold, window=None, dated=None, chunk=CHUNK, **options):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    clusterer = EventClusterer(threshold, window, **options)
    t0 = time.perf_counter()
    c0 = time.process_time()
    clusterer.add(dated or docs, chunk=chunk)
    labels = clusterer.labels  # final labels (after the last micro-batch)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    p, r, f = bcubed(truth, labels)
    return {
        "P": p,
        "R": r,
        "F1": f,
        "ARI": adjusted_rand_score(truth, labels),
        "NMI": normalized_mutual_info_score(truth, labels),
        "events": len(set(labels)),
        "art/s": len(docs) / seconds,
        "cpu art/s": len(docs) / max(cpu, 1e-9),
        "clusterer": clusterer,
    }


def row(name, m):
    print(
        f"| {name:<30} | {m['P']:.3f} | {m['R']:.3f} | {m['F1']:.3f} | {m['ARI']:.3f} "
        f"| {m['NMI']:.3f} | {m['events']:>6} | {m['art/s']:>7.0f} | {m['cpu art/s']:>9.0f} |"
    )


HEAD = (
    "| run                            | B3 P  | B3 R  | B3 F1 | ARI   | NMI   | events |"
    "  art/s  | CPU art/s |\n"
    "|--------------------------------|-------|-------|-------|-------|-------|--------|"
    "---------|-----------|"
)


def spread(values: list[float]) -> str:
    return f"{statistics.mean(values):.4f} | {min(values):.4f} | {max(values):.4f}"


# ---- experiments: offline linkage and dates written in the text ---------------------------------

_NUM = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}))?(?![\d/])")
_RANGE = re.compile(r"(?<![\d/.,])(\d{1,2})\s*[-–]\s*$")
_CUE = re.compile(
    r"(?:(?<!\w)(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|khuya|từ|đến|tới|vào|đầu|cuối|giữa|hết|"
    r"trước|sau|qua|nay|lúc|hồi|trong|kể từ)\s+(?:ngày\s+)?|\()$",
    re.I,
)
_CUE_DASH = re.compile(r"(?<!\w)(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|khuya)\s+(?:ngày\s+)?$", re.I)
_CUM = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
_MDAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _doy(d: int, m: int) -> int | None:
    if 1 <= m <= 12 and 1 <= d <= _MDAYS[m - 1]:
        return _CUM[m - 1] + d - 1
    return None


def text_days(text: str) -> set[int]:
    """Days of the year (0-365) of the day-precise dates an article writes: "ngày 22/6",
    "sáng 24-6", "(30/6)", "16-20/7", "15/7/2022". A year written other than the article's
    latest written year (decrees, anniversaries: "ngày 15/7/2013") is left out. About 0.09 ms
    per AbMuSu article (a digit-first scan; a cue-first regex took 0.8 ms)."""
    raw = []
    for m in _NUM.finditer(text):
        s = m.start()
        if s and text[s - 1] in "0123456789/.,":
            continue
        d, sep, mo, y = m.groups()
        x = _doy(int(d), int(mo))
        if x is None:
            continue
        pre = text[max(0, s - 24) : s]
        r = _RANGE.search(pre)
        x0 = None
        if r:
            x0 = _doy(int(r.group(1)), int(mo))
            pre = pre[: r.start()]
        if y is None and (sep == "." or not (_CUE if sep == "/" else _CUE_DASH).search(pre)):
            continue
        raw.append((int(y) if y else 0, x0 if x0 is not None and x0 < x else x, x))
    years = [y for y, _, _ in raw if y]
    ref = max(years) if years else 0
    return {day for y, a, b in raw if not (y and y != ref) for day in range(a, b + 1)}


def date_conflicts(docs: list[Document], k: int) -> np.ndarray:
    """``out[i, j]``: both articles write dates, and none of i's is within ``k`` days of one of
    j's (circular over the year: AbMuSu gives no year to resolve them against)."""
    a = np.zeros((len(docs), 366), dtype=np.float32)
    for i, d in enumerate(docs):
        a[i, list(text_days(d.title + "\n" + d.text))] = 1.0
    near = a.copy()
    for s in range(1, k + 1):
        near += np.roll(a, s, 1) + np.roll(a, -s, 1)
    dated = a.any(1)
    return dated[:, None] & dated[None, :] & ((near @ a.T) == 0)


def offline(sim: np.ndarray, method: str, thresholds) -> dict[float, np.ndarray]:
    """Flat clusters of scipy's agglomerative clustering on a cosine matrix, per threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage

    n = sim.shape[0]
    tree = linkage(np.clip(1.0 - sim[np.triu_indices(n, 1)], 0.0, None), method)
    return {t: fcluster(tree, 1.0 - t + 1e-9, criterion="distance") for t in thresholds}


def stream_vectors(docs: list[Document], **options):
    """Cosines of the vectors the clusterer gives a stream (online IDF, per micro-batch)."""
    clusterer = EventClusterer(window_days=None, **options)
    clusterer.add(docs)
    x = clusterer._rows
    return (x @ x.T).toarray().astype(np.float64)


DATE_GRID = [(k, p) for k in (3, 5, 7, 10, 14, 21) for p in (0.3, 0.5)]
THRESHOLDS = (0.10, 0.105, 0.11, 0.115, 0.12)


def date_study(docs, truth, thresholds=THRESHOLDS) -> dict[tuple, float]:
    """B-cubed F1 of complete link without and with the date penalty ``sim * (1 - p)`` for
    pairs whose dates are all more than ``k`` days apart, for every (k, p, threshold)."""
    sim = stream_vectors(docs)
    out = {}
    conflicts = {k: date_conflicts(docs, k) for k in {k for k, _ in DATE_GRID}}
    for k, p in [(None, 0.0), *DATE_GRID]:
        s = sim * (1.0 - p * conflicts[k]) if k else sim
        for t, labels in offline(s, "complete", thresholds).items():
            out[(k, p, t)] = bcubed(truth, list(labels))[2]
    return out


def experiments(args) -> None:
    seeds = range(args.seed, args.seed + args.shuffles)
    print(
        "\n## offline agglomerative clustering on the stream's vectors, train, mean over shuffles"
    )
    grid = (0.08, 0.10, 0.105, 0.11, 0.12, 0.13, 0.14, 0.16)
    print("\n| linkage | " + " | ".join(f"{t:g}" for t in grid) + " |")
    print("|---|" + "---|" * len(grid))
    train = [load(args.data, ["train"], s) for s in seeds]
    sims = [stream_vectors(d) for d, _ in train]
    for method in ("complete", "average"):
        f1 = {t: [] for t in grid}
        for (_, truth), sim in zip(train, sims, strict=True):
            for t, labels in offline(sim, method, grid).items():
                f1[t].append(bcubed(truth, list(labels))[2])
        print(
            f"| {method} | " + " | ".join(f"{statistics.mean(v):.4f}" for v in f1.values()) + " |"
        )

    print("\n## vector knobs re-checked under complete link, train, mean [min] over shuffles\n")
    print("| option | " + " | ".join(f"{t:g}" for t in THRESHOLDS) + " |")
    print("|---|" + "---|" * len(THRESHOLDS))
    for key, value in (
        [("default", None)]
        + [
            (k, v)
            for k, vs in (("title_weight", (0.4, 0.8)), ("entity_weight", (0.4, 0.8)))
            for v in vs
        ]
        + [("max_df", 0.08), ("max_df", 0.12)]
    ):
        f1 = {t: [] for t in THRESHOLDS}
        for docs, truth in train:
            sim = stream_vectors(docs, **({key: value} if value is not None else {}))
            for t, labels in offline(sim, "complete", THRESHOLDS).items():
                f1[t].append(bcubed(truth, list(labels))[2])
        name = key if value is None else f"{key} {value:g}"
        print(
            f"| {name} | "
            + " | ".join(f"{statistics.mean(v):.4f} [{min(v):.4f}]" for v in f1.values())
            + " |"
        )

    print("\n## date penalty (complete link), train, mean [min] over shuffles")
    results = [date_study(d, t) for d, t in train]
    keys = list(results[0])
    mean = {k: statistics.mean(r[k] for r in results) for k in keys}
    print("\n| k days | p | " + " | ".join(f"{t:g}" for t in THRESHOLDS) + " |")
    print("|---|---|" + "---|" * len(THRESHOLDS))
    for k, p in [(None, 0.0), *DATE_GRID]:
        cells = [
            f"{mean[(k, p, t)]:.4f} [{min(r[(k, p, t)] for r in results):.4f}]" for t in THRESHOLDS
        ]
        print(f"| {k or '-'} | {p:g} | " + " | ".join(cells) + " |")
    best = max(keys, key=mean.get)
    print(f"\nbest on train: k={best[0]}, p={best[1]}, threshold {best[2]}: {mean[best]:.4f}")

    print("\n## does choosing the date penalty on train generalize? 2-fold CV over train clusters")
    with open(args.data / "abmusu-train.jsonl", encoding="utf-8") as fh:
        clusters = [json.loads(x) for x in fh]
    held = {"dates allowed": [], "no dates": []}
    print(
        "\n| repeat | fold | pick (dates allowed) | held-out F1 | pick (no dates) | held-out F1 |"
    )
    print("|---|---|---|---|---|---|")
    for rep in range(4):
        ids = list(range(len(clusters)))
        random.Random(100 + rep).shuffle(ids)
        halves = [[clusters[i] for i in ids[:100]], [clusters[i] for i in ids[100:]]]
        scores = []
        for half in halves:
            per_seed = []
            for s in (0, 1):
                docs, truth = [], []
                for o in half:
                    for d in o["documents"]:
                        docs.append(Document(d["id"], d["text"], d.get("title", "")))
                        truth.append(o["id"])
                order = list(range(len(docs)))
                random.Random(s).shuffle(order)
                per_seed.append(date_study([docs[i] for i in order], [truth[i] for i in order]))
            scores.append({k: statistics.mean(r[k] for r in per_seed) for k in per_seed[0]})
        for fold, (a, b) in enumerate(((0, 1), (1, 0))):
            pick = max(scores[a], key=scores[a].get)
            pick_nd = max((k for k in scores[a] if k[0] is None), key=scores[a].get)
            held["dates allowed"].append(scores[b][pick])
            held["no dates"].append(scores[b][pick_nd])
            print(
                f"| {rep} | {fold} | k={pick[0]} p={pick[1]} t={pick[2]} | {scores[b][pick]:.4f} "
                f"| t={pick_nd[2]} | {scores[b][pick_nd]:.4f} |"
            )
    print(
        f"\nmean held-out F1: dates allowed {statistics.mean(held['dates allowed']):.4f}, "
        f"no dates {statistics.mean(held['no dates']):.4f}"
    )
    k, p, t = best
    print(f"\nchecks of the train pick (k={k}, p={p}, t={t}) vs no dates at t={DEFAULT_THRESHOLD}:")
    for name, splits in (("validation", ["validation"]), ("pooled", ["train", "validation"])):
        with_d, without = [], []
        for s in seeds:
            docs, truth = load(args.data, splits, s)
            r = date_study(docs, truth, (t, DEFAULT_THRESHOLD))
            with_d.append(r[(k, p, t)])
            without.append(r[(None, 0.0, DEFAULT_THRESHOLD)])
        print(f"  {name}: with dates {spread(with_d)}; without {spread(without)}")


def synthetic(data: Path, copies: int, seed: int) -> list[Document]:
    docs, _ = load(data, ["train", "validation"], seed)
    rng = random.Random(seed)
    out = []
    for k in range(copies):
        for d in docs:
            sents = re.split(r"(?<=[.!?])\s+", d.text)
            keep = [s for s in sents if rng.random() < 0.6] or sents[:1]
            out.append(Document(f"{d.id}-c{k}", " ".join(keep), d.title))
    rng.shuffle(out)
    return out


def scale(args) -> None:
    stream = synthetic(args.data, args.scale, args.seed)
    step = 2560
    print(f"\n## long stream: {len(stream)} articles ({args.scale} perturbed copies), undated\n")
    print("| articles so far | active | art/s in this stretch | articles re-clustered |")
    print("|---|---|---|---|")
    clusterer = EventClusterer(window_days=None)
    t0 = time.perf_counter()
    for i in range(0, len(stream), step):
        t1 = time.perf_counter()
        before = clusterer.reclustered
        clusterer.add(stream[i : i + step])
        rate = len(stream[i : i + step]) / (time.perf_counter() - t1)
        print(
            f"| {min(i + step, len(stream))} | {clusterer._rows.shape[0]} | {rate:.0f} "
            f"| {clusterer.reclustered - before} |"
        )
    print(f"\nwhole stream: {len(stream) / (time.perf_counter() - t0):.0f} articles/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shuffles", type=int, default=5, help="shuffle seeds per set")
    ap.add_argument("--experiments", action="store_true", help="linkage and date studies")
    ap.add_argument("--scale", type=int, default=0, metavar="COPIES", help="long-stream timing")
    args = ap.parse_args()

    pool = load(args.data, ["train", "validation"], args.seed)
    score(*pool, DEFAULT_THRESHOLD)  # warm-up: imports, caches of this process

    seeds = range(args.seed, args.seed + args.shuffles)
    print(f"threshold sweep on train articles, {args.shuffles} shuffles\n")
    print("| threshold | B3 F1 mean | min | max | B3 P mean | B3 R mean | art/s (median) |")
    print("|---|---|---|---|---|---|---|")
    train = [load(args.data, ["train"], s) for s in seeds]
    for t in (0.09, 0.10, 0.105, 0.11, 0.115, 0.12, 0.13, 0.14):
        ms = [score(*data, t) for data in train]
        print(
            f"| {t:g} | {spread([m['F1'] for m in ms])} | "
            f"{statistics.mean(m['P'] for m in ms):.3f} | {statistics.mean(m['R'] for m in ms):.3f} "
            f"| {statistics.median(m['art/s'] for m in ms):.0f} |"
        )
    print(f"\ndefault threshold {DEFAULT_THRESHOLD} (chosen on train), every shuffle\n")
    print(HEAD)
    summary = {}
    for name, splits in (("train", ["train"]), ("validation", ["validation"]), ("pooled", None)):
        ms = []
        for seed in seeds:
            data = load(args.data, splits or ["train", "validation"], seed)
            m = score(*data, DEFAULT_THRESHOLD)
            ms.append(m)
            row(f"{name}, shuffle seed {seed}", m)
        summary[name] = ms
    print("\n| set | shuffles | B3 F1 mean | B3 F1 min | B3 F1 max | art/s min | art/s median |")
    print("|---|---|---|---|---|---|---|")
    for name, ms in summary.items():
        rates = [m["art/s"] for m in ms]
        print(
            f"| {name} | {len(ms)} | {spread([m['F1'] for m in ms])} | {min(rates):.0f} "
            f"| {statistics.median(rates):.0f} |"
        )
    print("\nablations on the pool (seed 0)\n")
    print(HEAD)
    row("default", score(*pool, DEFAULT_THRESHOLD))
    row("no IDF prior", score(*pool, DEFAULT_THRESHOLD, idf_prior=False))
    row("no name n-grams", score(*pool, DEFAULT_THRESHOLD, entity_weight=0.0))
    row("no stop features (max_df 1)", score(*pool, DEFAULT_THRESHOLD, max_df=1.0))
    row("max_recluster 20 (bounded)", score(*pool, DEFAULT_THRESHOLD, max_recluster=20))
    row("max_recluster 60 (bounded)", score(*pool, DEFAULT_THRESHOLD, max_recluster=60))
    row("micro-batch = 1 article", score(*pool, DEFAULT_THRESHOLD, chunk=1))

    # simulated dated stream: the window's effect
    docs, truth = pool
    rng = random.Random(args.seed)
    event_day = {t: rng.randrange(60) for t in sorted(set(truth))}
    days = [event_day[t] + rng.randrange(3) for t in truth]
    order = sorted(range(len(docs)), key=lambda i: (days[i], i))
    import datetime as dt

    base = dt.date(2024, 1, 1).toordinal()
    dated = [
        Document(
            docs[i].id,
            docs[i].text,
            docs[i].title,
            date=dt.date.fromordinal(base + days[i]).isoformat(),
        )
        for i in order
    ]
    dtruth = [truth[i] for i in order]
    print("\nsimulated dated stream (events over 60 days, articles 0-2 days after the event)\n")
    print(HEAD)
    for window in (0, 1, 2, 3, 7, 30, None):
        row(
            f"window {window if window is not None else 'none'} days",
            score(dated, dtruth, DEFAULT_THRESHOLD, window, dated),
        )
    if args.experiments:
        experiments(args)
    if args.scale:
        scale(args)


if __name__ == "__main__":
    main()
