"""Leave-one-corpus-out ROUGE of ``default`` under variants of its scoring (issue 13's VMDS
margin): the heuristic prior's weight in the blend, a bonus for the first eligible sentence of
each article, the prior's position counted among eligible sentences, extra ranker inputs.

    nice python benchmarks/loco_margin.py [--variants shipped prior=w:2.5 first=bonus:0.5 ...]

Corpora, budgets and LOCO models as in benchmarks/bench_quality.py. A variant is
``LABEL=KEY:VALUE[,KEY:VALUE]`` with keys ``w`` (prior weight, default the shipped
PRIOR_WEIGHT), ``bonus`` (added to the blend of each article's first eligible sentence; the
blend runs 0 to 1 + w), ``small`` (bonus only when the cluster has at most this many articles),
``epos`` (1: the prior's position term uses the rank among the article's eligible sentences),
``focus`` (bonus / (1 + eligible rank) to the sentences of the article whose first
eligible sentence scores best), ``add.FEATURE`` (k x that feature added to the prior), ``hw.NAME`` (a weight of the prior, methods.DEFAULT_WEIGHTS), ``pos`` (the prior's position weight), ``leadrank`` (k x the percentile rank of `lead`'s round-robin order by eligible rank),
``best`` (bonus to each article's best-scored eligible sentence), ``feat`` (extra ranker
inputs, "+"-separated among erank, efirst, erank_docs, ndocs, bi_any, bi_docs, bi_lead: the
models are refitted once per set), ``x.KEY`` (an option of the selection variants of
coverage_select.py, e.g. ``x.coverage:0.2,x.coverage_position:1``).
``sel.X`` (a selection option of ``default``, e.g. ``sel.lead_floor:True``), ``label`` (training labels): ``elig`` grades only the eligible sentences, ``few`` / ``many``
narrower / wider grade bands than train.GRADES, ``reg`` an L2 regression on the soft labels,
``xendcg`` LightGBM's rank_xendcg objective. Prints syllable ROUGE-2 F1 x100 per held-out corpus, the mean and the worst gap to the best
baseline (figures of bench_quality.py, passed with --best).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from contextlib import nullcontext
from typing import Any
from unittest.mock import patch

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import coverage_select


def eligible_rank(doc_of: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Per sentence, its rank among its article's eligible sentences (0 = first); an
    ineligible sentence gets the rank the next eligible one would have."""
    out = np.zeros(len(doc_of))
    seen: dict[int, int] = {}
    for i, (d, ok) in enumerate(zip(doc_of, eligible, strict=True)):
        k = seen.get(int(d), 0)
        out[i] = k
        if ok:
            seen[int(d)] = k + 1
    return out


def bigram_inputs(e: Any) -> dict[str, np.ndarray]:
    """Bigram-based support inputs of one cluster (coverage_select.bigram_concepts): the share
    of its bigrams in another article (bi_any), the mean share of the other articles holding
    them (bi_docs), the same counted in the other articles' first two sentences (bi_lead)."""
    import scipy.sparse as sp
    from coverage_select import bigram_concepts

    f = e.features
    c = bigram_concepts(f)
    x = c.matrix
    n = x.shape[0]
    nd = int(f.doc_of.max()) + 1
    docs = sp.csr_matrix((np.ones(n), (f.doc_of, np.arange(n))), shape=(nd, n))
    in_docs = ((docs @ x) > 0).astype(np.float64)  # doc x concept
    own = np.asarray(x.sum(axis=1)).ravel()
    count = np.asarray(in_docs.sum(axis=0)).ravel()
    # per sentence: how many OTHER articles hold each of its bigrams
    other = x.multiply(count[None, :]).tocsr() - x  # own article holds each once
    other.data = np.maximum(other.data, 0)
    anyo = other.copy()
    anyo.data = (anyo.data > 0).astype(np.float64)
    frac_any = np.asarray(anyo.sum(axis=1)).ravel() / np.maximum(own, 1)
    mean_docs = np.asarray(other.sum(axis=1)).ravel() / np.maximum(own, 1) / max(nd - 1, 1)
    lead = f.column("index") < 2
    lead_docs = ((docs @ sp.diags(lead.astype(float)) @ x) > 0).astype(np.float64)
    lead_count = np.asarray(lead_docs.sum(axis=0)).ravel()
    mine_lead = np.asarray(x.multiply(lead_docs[f.doc_of].toarray()).sum(axis=1)).ravel()
    lo = x.multiply(lead_count[None, :]).tocsr()
    lo_other = np.asarray(lo.sum(axis=1)).ravel() - mine_lead
    frac_lead = lo_other / np.maximum(own, 1) / max(nd - 1, 1)
    return {"bi_any": frac_any, "bi_docs": mean_docs, "bi_lead": frac_lead}


def extra_inputs(
    names: list[str], erank: np.ndarray, n_docs: int, bi: dict[str, np.ndarray] | None = None
) -> np.ndarray:
    cols = []
    for n in names:
        if n.startswith("bi_") and bi is not None:
            cols.append(bi[n])
        elif n == "erank":
            cols.append(erank)
        elif n == "efirst":
            cols.append((erank == 0).astype(float))
        elif n == "erank_docs":
            cols.append(erank * n_docs)
        elif n == "ndocs":
            cols.append(np.full(len(erank), float(n_docs)))
        else:
            raise SystemExit(f"unknown feature {n}")
    return np.column_stack(cols) if cols else np.zeros((len(erank), 0))


def cluster_info(e: Any) -> tuple:
    """Eligibility, article of each sentence, eligible rank, the prior (and its variant with
    the position counted among eligible sentences), number of articles, position term."""
    from tomtat.engine.eligible import eligible_mask
    from tomtat.engine.methods import DEFAULT_WEIGHTS, heuristic

    el = eligible_mask(e.cluster)
    doc_of = e.features.doc_of
    er = eligible_rank(doc_of, el)
    f = e.features.column
    vi = np.minimum(f("doc_vietnamese") / 0.25, 1.0) * np.minimum(0.5 + f("vietnamese") / 0.3, 1.0)
    h = heuristic(e.cluster, e.features)
    h_epos = h + DEFAULT_WEIGHTS["position"] * vi * (1 / (1 + er) - 1 / (1 + f("index")))
    epos_all = os.environ.get("LOCO_MARGIN_EPOS") == "1"  # ``pos`` scales the eligible rank
    pos_term = vi / (1 + (er if epos_all else f("index")))
    return el, doc_of, er, h, h_epos, len(e.cluster.documents), pos_term


def grades(e: Any, label: str, info: dict, labels: dict) -> np.ndarray:
    """Training grades of one cluster under the label variant ``label``."""
    from tomtat.train import graded, precision_labels

    if not label:
        return e.grades
    if e.cluster.id not in labels:
        labels[e.cluster.id] = precision_labels(e.cluster)
    values = labels[e.cluster.id]
    if "reg" in label:  # the soft label itself, for a regression objective
        return values
    if "elig" in label:  # only what can be chosen is ranked
        values = np.where(info[e.cluster.id][0], values, 0.0)
    if "few" in label or "many" in label:  # other grade bands than train.GRADES
        bands = ((2, 3), (4, 2), (6, 1)) if "few" in label else ((3, 3), (6, 2), (10, 1))
        with patch("tomtat.train.GRADES", bands):
            return graded(values)
    return graded(values)


def fit_variant(table: Any, label: str) -> Any:
    """train.fit, or the same trees with another objective (``reg``: L2 regression on the
    soft labels; ``xendcg``: LightGBM's rank_xendcg on the grades)."""
    import lightgbm

    from tomtat.train import fit

    if "reg" not in label and "xendcg" not in label:
        return fit(table)
    params = {"objective": "regression" if "reg" in label else "rank_xendcg",
              "learning_rate": 0.09, "num_leaves": 7, "min_data_in_leaf": 50, "seed": 0,
              "deterministic": True, "force_row_wise": True, "num_threads": 1, "verbose": -1}  # fmt: skip
    group = None if "reg" in label else table.groups
    ds = lightgbm.Dataset(table.x, label=table.y, group=group)
    return lightgbm.train(params, ds, num_boost_round=100)


def variant_scores(
    p: dict[str, str], learned: np.ndarray, info: tuple, features: object
) -> np.ndarray:
    """``default``'s blend for one cluster under the variant ``p`` (see the module doc)."""
    from tomtat.engine.learned import PRIOR_WEIGHT
    from tomtat.engine.methods import DEFAULT_WEIGHTS, combined_score
    from tomtat.engine.select import percentile_ranks

    el, doc_of, er, h, h_epos, nd, pos_term = info
    hw = {k.removeprefix("hw."): float(v) for k, v in p.items() if k.startswith("hw.")}
    if hw:
        h = combined_score(features, {**DEFAULT_WEIGHTS, **hw})  # type: ignore[arg-type]
    prior = h_epos if p.get("epos") == "1" else h
    for k, v in p.items():  # add.FEATURE:k adds k x a feature column to the prior
        if k.startswith("add."):
            prior = prior + float(v) * features.column(k.removeprefix("add."))  # type: ignore[attr-defined]
    prior = (
        prior
        + (float(p.get("pos", DEFAULT_WEIGHTS["position"])) - DEFAULT_WEIGHTS["position"])
        * pos_term
    )
    s = percentile_ranks(learned) + float(p.get("w", PRIOR_WEIGHT)) * percentile_ranks(prior)
    if float(p.get("leadrank", 0)):  # lead's order, counted among eligible sentences
        s = s + float(p["leadrank"]) * percentile_ranks(-(er * 1000.0 + doc_of))
    if nd <= int(p.get("small", 10**6)):
        s = s + float(p.get("bonus", 0)) * ((er == 0) & el)
    if float(p.get("best", 0)):
        top = np.zeros(len(s), bool)
        for d in np.unique(doc_of):
            idx = np.flatnonzero((doc_of == d) & el)
            if len(idx):
                top[idx[np.argmax(s[idx])]] = True
        s = s + float(p["best"]) * top
    firsts = np.flatnonzero((er == 0) & el)
    if float(p.get("focus", 0)) and len(firsts):  # the article whose first sentence scores best
        d = doc_of[firsts[np.argmax(s[firsts])]]
        s = s + float(p["focus"]) * ((doc_of == d) & el) / (1 + er)
    return s


def paired(per: dict[str, np.ndarray], first: dict[str, np.ndarray], rng: object) -> str:
    """Mean per-cluster difference to the first variant with a 95 % paired bootstrap CI."""
    if not first:
        first.update(per)
        return ""
    out = []
    for c, d in ((c, per[c] - first[c]) for c in per):
        boot = rng.choice(d, (2000, len(d))).mean(axis=1)  # type: ignore[attr-defined]
        lo, hi = np.percentile(boot, [2.5, 97.5])
        out.append(f"{c} {d.mean():+.2f} ({lo:+.2f}..{hi:+.2f})")
    return "; ".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data")
    ap.add_argument("--variants", nargs="*", default=["shipped="])
    ap.add_argument("--best", default="33.36,40.80,50.09", help="best baseline per corpus")
    args = ap.parse_args()

    from bench_quality import BUDGETS, CORPORA, load

    from tomtat.engine.api import summarize
    from tomtat.engine.learned import DEFAULT_SELECT
    from tomtat.eval.evaluate import macro_average
    from tomtat.eval.rouge import score
    from tomtat.train import Example, build_table

    t0 = time.time()
    _, corpora = load(args.data)  # featurized clusters per corpus
    budgets = BUDGETS
    names = list(CORPORA)
    best = dict(zip(names, (float(b) for b in args.best.split(",")), strict=True))
    info = {e.cluster.id: cluster_info(e) for n in names for e in corpora[n]}
    print(f"featurized in {time.time() - t0:.0f} s", file=sys.stderr)

    preds: dict[str, dict[str, np.ndarray]] = {}

    labels: dict[str, np.ndarray] = {}

    def predictions(featset: str, label: str = "") -> dict[str, np.ndarray]:
        key = featset + "/" + label
        if key in preds:
            return preds[key]
        extra = [x for x in featset.split("+") if x]
        aug = {}
        for n in names:
            aug[n] = [Example(e.cluster, e.features,
                              np.hstack([e.x, extra_inputs(extra, info[e.cluster.id][2],
                                                           info[e.cluster.id][5],
                                                           bigram_inputs(e) if any(x.startswith("bi_") for x in extra) else None)]),
                              grades(e, label, info, labels)) for e in corpora[n]]  # fmt: skip
        out = {}
        for held in names:
            booster = fit_variant(
                build_table([e for n in names if n != held for e in aug[n]]), label
            )
            for e in aug[held]:
                out[e.cluster.id] = booster.predict(e.x)
        preds[key] = out
        print(f"fitted {key} at {time.time() - t0:.0f} s", file=sys.stderr)
        return out

    def summarize_variant(e: Any, p: dict[str, str], lp: dict, held: str) -> Any:
        s = variant_scores(p, lp[e.cluster.id], info[e.cluster.id], e.features)
        return summarize(e.cluster, "default", budgets[held], features=e.features,
                         scores=s, **{**DEFAULT_SELECT, **sel})  # fmt: skip

    head = " | ".join(names)
    print(f"| variant | {head} | mean | worst gap | Δ vs first variant (95 % CI) |")
    print("|---|" + "---|" * (len(names) + 3))
    first: dict[str, np.ndarray] = {}
    rng = np.random.default_rng(0)
    for variant in args.variants:
        label, _, spec = variant.partition("=")
        p: dict[str, str] = dict(item.partition(":")[::2] for item in spec.split(",") if item)
        lp = predictions(p.get("feat", ""), p.get("label", ""))
        sel = {
            k.removeprefix("sel."): ast.literal_eval(v)
            for k, v in p.items()
            if k.startswith("sel.")
        }
        xsel = {
            k.removeprefix("x."): ast.literal_eval(v) for k, v in p.items() if k.startswith("x.")
        }
        coverage_select.EXTRA.clear()
        coverage_select.EXTRA.update(xsel)
        swap = patch("tomtat.engine.api.select", coverage_select.select) if xsel else nullcontext()
        f1 = []
        per: dict[str, np.ndarray] = {}
        for held in names:
            rows = []
            with swap:
                outs = [summarize_variant(e, p, lp, held) for e in corpora[held]]
            for e, out in zip(corpora[held], outs, strict=True):
                rows.append(score(out.source_text, list(e.cluster.references), "syllable"))
            f1.append(100 * macro_average(rows)["rouge2"].fmeasure)
            per[held] = np.array([100 * r["rouge2"].fmeasure for r in rows])
        gap = min(v - best[c] for v, c in zip(f1, names, strict=True))
        cells = [f"{v:.2f}" for v in f1] + [f"{np.mean(f1):.2f}", f"{gap:+.2f}"]
        cells.append(paired(per, first, rng))
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
