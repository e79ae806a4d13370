"""Built-in scoring methods: ``(cluster, features) -> one score per sentence``.

Each method only scores; budgeted, redundancy-aware selection, ordering and citation are the
shared stages in select.py, order.py and cite.py. The keyword arguments of ``@register`` are
the method's selection defaults (see :class:`tomtat.engine.select.SelectOptions`).
"""

from __future__ import annotations

import numpy as np

from ..model import Cluster
from .features import Features
from .registry import register


@register("lead", "first sentences of each article, round-robin across articles")
def lead(cluster: Cluster, features: Features) -> np.ndarray:
    index = features.column("index")
    doc = features.doc_of.astype(float)
    # earlier sentences first; ties broken by article order (round-robin)
    return -(index * 1000.0 + doc)


@register("lexrank", "LexRank: continuous graph centrality over TF-IDF sentence vectors")
def lexrank(cluster: Cluster, features: Features) -> np.ndarray:
    return features.column("lexrank").copy()


@register(
    "lexrank-mmr",
    "LexRank then maximal marginal relevance (lambda 0.7), as the VLSP 2022 AbMuSu baseline",
    lam=0.7,
)
def lexrank_mmr(cluster: Cluster, features: Features) -> np.ndarray:
    return features.column("lexrank").copy()


CENTROID_TERMS = 100  # the centroid keeps its top terms only (Radev et al. 2004)


@register(
    "centroid",
    "centroid-based (Radev et al. 2004): centroid value + position + first-sentence overlap",
    lam=0.8,
)
def centroid(cluster: Cluster, features: Features) -> np.ndarray:
    x = features.tfidf
    c = np.asarray(x.mean(axis=0)).ravel()
    if len(c) > CENTROID_TERMS:
        cut = np.partition(c, -CENTROID_TERMS)[-CENTROID_TERMS]
        c = np.where(c >= cut, c, 0.0)
    present = x.copy()
    present.data[:] = 1.0
    value = np.asarray(present @ c).ravel()  # C_i: sum of centroid values of its terms
    c_max = float(value.max()) if len(value) else 0.0
    n_doc = features.column("doc_sentences")
    position = (n_doc - features.column("index")) / np.maximum(n_doc, 1) * c_max  # P_i
    first = features.column("lead_sim") * c_max  # F_i (overlap with the first sentence)
    return value + position + first


# Weights of the untrained default, tuned lightly on abmusu-validation and checked on train
# (docs/engine.md, "default"). Every term is a shared feature; no anchor_text is used.
DEFAULT_WEIGHTS: dict[str, float] = {
    "position": 0.6,  # 1 / (1 + index): leads carry the news
    "first_of_paragraph": 0.05,
    "lexrank": 0.25,  # centrality, clipped at 3x the average
    "support": 0.2,  # share of the other articles that say the same
    "title": 1.0,  # similarity to the titles of the cluster
    "centroid": 0.3,
    "heading": -0.6,
    "dangling": -0.25,
    "question": -0.3,
    "first_person": -0.15,
}


HEURISTIC_SELECT = {"lam": 0.6, "min_length": 8}


@register(
    "heuristic",
    "untrained combination of position, centrality, cross-document support and title similarity",
    **HEURISTIC_SELECT,
)
def heuristic(cluster: Cluster, features: Features) -> np.ndarray:
    return combined_score(features, DEFAULT_WEIGHTS)


def combined_score(features: Features, weights: dict[str, float]) -> np.ndarray:
    """Linear combination of normalized features, scaled down for non-Vietnamese text."""
    f = features.column
    w = weights
    score = (
        w["position"] / (1.0 + f("index"))
        + w["first_of_paragraph"] * f("is_first_of_paragraph")
        + w["lexrank"] * np.minimum(f("lexrank"), 3.0) / 3.0
        + w["support"] * f("support_frac")
        + w["title"] * f("title_sim_max")
        + w["centroid"] * f("centroid")
        + w["heading"] * f("heading")
        + w["dangling"] * f("dangling")
        + w["question"] * f("question")
        + w["first_person"] * f("first_person")
    )
    # an article (or a sentence) with few Vietnamese diacritics is probably in another
    # language: push it below every Vietnamese sentence without removing it
    vi = np.minimum(f("doc_vietnamese") / 0.25, 1.0) * np.minimum(0.5 + f("vietnamese") / 0.3, 1.0)
    return score * vi - 2.0 * (1.0 - vi)
