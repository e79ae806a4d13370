"""Built-in scoring methods."""

from __future__ import annotations

import numpy as np

from ..model import Cluster
from .features import Features
from .registry import register


@register("lead", "first sentences of each article, round-robin")
def lead(cluster: Cluster, features: Features) -> np.ndarray:
    index = features.column("index")
    doc = np.array([s.doc_index for s in cluster.sentences], dtype=float)
    # earlier sentences first; ties broken by article order (round-robin)
    return -(index * 1000.0 + doc)


@register("default", "best method available (currently: lead)")
def default(cluster: Cluster, features: Features) -> np.ndarray:
    return lead(cluster, features)
