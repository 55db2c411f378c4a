"""The corpus pipeline: extract -> signatures -> candidates -> verify -> cluster.

The stages are plain functions over column arrays (``features``, ``candidates``, ``verify``,
``cluster``); *where* they run is an engine's business (``storytrace.corpus.backends``: local
numpy + DuckDB, or Spark). Every stage is deterministic, so both engines produce the same
clusters for the same articles and settings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from storytrace.corpus.candidates import (
    cap_per_article,
    estimated_jaccard,
    lexical_candidates,
    pair_cosines,
    semantic_candidates,
    unique_pairs,
)
from storytrace.corpus.cluster import cluster
from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.features import Features
from storytrace.corpus.verify import Edges, verify

log = logging.getLogger(__name__)

Progress = Callable[[str], None]  # told the name of each stage as it starts


@dataclass(frozen=True, slots=True)
class Candidates:
    pairs: np.ndarray  # int64[m, 2], i < j
    lexical: np.ndarray  # bool[m]: found by LSH
    semantic: np.ndarray  # bool[m]: found by nearest-neighbour search
    jaccard: np.ndarray  # float32[m]
    cosine: np.ndarray  # float32[m]


@dataclass(slots=True)
class ClusterResult:
    features: Features
    candidates: Candidates
    edges: Edges
    labels: np.ndarray  # int64[n]: row of the cluster's smallest member
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return self.features.ids

    def story_ids(self) -> list[str]:
        return [self.features.ids[label] for label in self.labels]

    def summary(self) -> dict[str, object]:
        sizes = (
            np.bincount(self.labels, minlength=len(self.labels))
            if len(self.labels)
            else np.zeros(0, np.int64)
        )
        return {
            "articles": len(self.labels),
            "stories": int(np.count_nonzero(sizes)),
            "multi_article_stories": int(np.count_nonzero(np.asarray(sizes) > 1)),
            "candidates": len(self.candidates.pairs),
            "verified_pairs": len(self.edges),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def find_candidates(
    features: Features,
    settings: CorpusSettings,
    semantic: tuple[np.ndarray, np.ndarray] | None = None,
) -> Candidates:
    """Lexical + semantic candidate pairs, capped at ``max_candidates`` per article.

    ``semantic`` lets an engine pass neighbour lists it computed elsewhere (Spark).
    """
    lexical = lexical_candidates(features.minhash, features.shingles, settings)
    sem_pairs, _ = (
        semantic
        if semantic is not None
        else semantic_candidates(features.doc, settings, days=features.days)
    )
    pairs = unique_pairs(np.concatenate([lexical, sem_pairs]))
    is_lexical = member_mask(pairs, lexical)
    is_semantic = member_mask(pairs, sem_pairs)
    jaccard = estimated_jaccard(features.minhash, pairs)
    cosine = pair_cosines(features.doc, pairs)
    keep = cap_per_article(
        pairs, np.maximum(jaccard, cosine), len(features), settings.max_candidates
    )
    return Candidates(pairs[keep], is_lexical[keep], is_semantic[keep], jaccard[keep], cosine[keep])


def member_mask(pairs: np.ndarray, subset: np.ndarray) -> np.ndarray:
    """Which ``pairs`` are in ``subset`` (both i < j), by binary search over sorted keys."""
    if not len(subset) or not len(pairs):
        return np.zeros(len(pairs), dtype=bool)
    width = np.int64(max(int(pairs.max()), int(subset.max())) + 1)
    known = np.sort(subset[:, 0] * width + subset[:, 1])
    keys = pairs[:, 0] * width + pairs[:, 1]
    at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
    return known[at] == keys


def cluster_edges(n: int, edges: Edges, settings: CorpusSettings) -> np.ndarray:
    return cluster(
        n,
        edges.pairs,
        edges.score,
        settings.cohesion,
        settings.cohesion_cap,
        settings.link_density,
        settings.link_density_cap,
    )


def run_stages(
    features: Features,
    settings: CorpusSettings,
    seconds: dict[str, float],
    progress: Progress | None = None,
) -> ClusterResult:
    """candidates -> verify -> cluster on features already computed, timing each stage."""

    def stage(name: str) -> float:
        if progress:
            progress(name)
        return time.perf_counter()

    started = stage("candidates")
    candidates = find_candidates(features, settings)
    seconds["candidates"] = time.perf_counter() - started
    started = stage("verify")
    edges = verify(features, candidates.pairs, candidates.jaccard, candidates.cosine, settings)
    seconds["verify"] = time.perf_counter() - started
    started = stage("cluster")
    labels = cluster_edges(len(features), edges, settings)
    seconds["cluster"] = time.perf_counter() - started
    return ClusterResult(features, candidates, edges, labels, seconds)
