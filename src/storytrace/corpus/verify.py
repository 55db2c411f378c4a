"""The verify stage: which candidate pairs really share a story.

Two paths, cheapest first, and a bounded amount of work per pair:

* **lexical** (near-copies, light edits): the MinHash Jaccard estimate is already known; at or
  above ``duplicate_jaccard`` the pair is reuse. The containment of each side in the other is
  estimated from the Jaccard and the two shingle counts, for the record.
* **alignment** (everything else, e.g. paraphrases): passage alignment on sentence vectors.
  Each sentence of A is matched to its most similar sentence of B and counts as aligned when
  the cosine reaches ``sentence_cosine`` (and the same from B's side). The pair is the same
  story when at least ``main_aligned_share`` of one side's sentences and ``min_aligned_share``
  of the other's are aligned: a rewrite that leaves out half the story passes, two articles
  sharing a few background sentences do not. At most ``features.MAX_SENTENCES`` sentences per
  article take part.

The full aligner (``storytrace.align.aligner``: passage spans, kinds, fragments) is not needed
to decide an edge; it runs on the verified pairs of a story when the user drills into it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.embedding import norms
from storytrace.corpus.features import Features

LEXICAL = "lexical"
ALIGNMENT = "alignment"


@dataclass(frozen=True, slots=True)
class Edges:
    """Verified pairs (row indices, i < j) with the evidence for each."""

    pairs: np.ndarray  # int64[m, 2]
    jaccard: np.ndarray  # float32[m]
    aligned_a: np.ndarray  # float32[m]: share of A's sentences aligned (containment if lexical)
    aligned_b: np.ndarray
    cosine: np.ndarray  # document cosine
    lexical: np.ndarray  # bool[m]: decided on the lexical path
    score: np.ndarray  # float32[m]: edge weight for clustering

    def __len__(self) -> int:
        return len(self.pairs)


def verify(
    features: Features,
    pairs: np.ndarray,
    jaccard: np.ndarray,
    cosine: np.ndarray,
    settings: CorpusSettings,
) -> Edges:
    """Keep the candidate pairs that pass one of the two paths."""
    lexical = jaccard >= settings.duplicate_jaccard
    aligned_a = np.zeros(len(pairs), dtype=np.float32)
    aligned_b = np.zeros(len(pairs), dtype=np.float32)
    if len(pairs):
        cont_a, cont_b = lexical_containment(
            jaccard, features.shingles[pairs[:, 0]], features.shingles[pairs[:, 1]]
        )
        aligned_a[lexical], aligned_b[lexical] = cont_a[lexical], cont_b[lexical]
    sentence_norms = norms(features.sentences)
    # Thousands of tiny products: OpenBLAS waking its threads for each one made this stage 20x
    # slower on two cores than running single-threaded (measured: 5.4 s vs 0.25 s, 2.3k pairs).
    with threadpool_limits(limits=1, user_api="blas"):
        for index in np.flatnonzero(~lexical):
            a, b = int(pairs[index, 0]), int(pairs[index, 1])
            aligned_a[index], aligned_b[index] = aligned_shares(
                features, sentence_norms, a, b, settings
            )
    return edges_from(pairs, jaccard, aligned_a, aligned_b, cosine, lexical, settings)


def edges_from(
    pairs: np.ndarray,
    jaccard: np.ndarray,
    aligned_a: np.ndarray,
    aligned_b: np.ndarray,
    cosine: np.ndarray,
    lexical: np.ndarray,
    settings: CorpusSettings,
) -> Edges:
    passed, score = decide(jaccard, aligned_a, aligned_b, lexical, settings)
    return Edges(
        pairs[passed],
        jaccard[passed],
        aligned_a[passed],
        aligned_b[passed],
        cosine[passed],
        lexical[passed],
        score[passed],
    )


def aligned_shares(
    features: Features, sentence_norms: np.ndarray, a: int, b: int, settings: CorpusSettings
) -> tuple[float, float]:
    """Share of A's and of B's sentences whose best counterpart reaches ``sentence_cosine``."""
    start_a, end_a = int(features.sent_offsets[a]), int(features.sent_offsets[a + 1])
    start_b, end_b = int(features.sent_offsets[b]), int(features.sent_offsets[b + 1])
    return sentence_shares(
        features.sentences[start_a:end_a],
        sentence_norms[start_a:end_a],
        features.sentences[start_b:end_b],
        sentence_norms[start_b:end_b],
        settings.sentence_cosine,
    )


def sentence_shares(
    vectors_a: np.ndarray,
    norms_a: np.ndarray,
    vectors_b: np.ndarray,
    norms_b: np.ndarray,
    threshold: float,
) -> tuple[float, float]:
    """The alignment test on two articles' int8 sentence vectors (shared by every engine)."""
    if not len(vectors_a) or not len(vectors_b):
        return 0.0, 0.0
    sims = vectors_a.astype(np.float32) @ vectors_b.astype(np.float32).T
    sims /= norms_a[:, None]
    sims /= norms_b[None, :]
    limit = np.float32(threshold)
    return float((sims.max(axis=1) >= limit).mean()), float((sims.max(axis=0) >= limit).mean())


def decide(
    jaccard: np.ndarray,
    aligned_a: np.ndarray,
    aligned_b: np.ndarray,
    lexical: np.ndarray,
    settings: CorpusSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """(passed mask, edge weight) from the evidence of each pair."""
    low, high = np.minimum(aligned_a, aligned_b), np.maximum(aligned_a, aligned_b)
    passed = lexical | ((low >= settings.min_aligned_share) & (high >= settings.main_aligned_share))
    score = np.where(lexical, jaccard, (low + high) / 2).astype(np.float32)
    return passed, np.maximum(score, jaccard)


def lexical_containment(
    jaccard: np.ndarray, size_a: np.ndarray, size_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Containment of each side from Jaccard: |A n B| = J (|A| + |B|) / (1 + J)."""
    size_a, size_b = size_a.astype(np.float32), size_b.astype(np.float32)
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return (
        np.minimum(1.0, shared / np.maximum(size_a, 1)).astype(np.float32),
        np.minimum(1.0, shared / np.maximum(size_b, 1)).astype(np.float32),
    )
