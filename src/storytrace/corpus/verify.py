"""The verify stage: which candidate pairs really share a story.

Two paths, cheapest first, and a bounded amount of work per pair:

* **lexical** (near-copies, light edits): the MinHash Jaccard estimate is already known; at or
  above ``duplicate_jaccard`` the pair is reuse. The containment of each side in the other is
  estimated from the Jaccard and the two shingle counts, for the record.
* **same-story model** (everything else, e.g. another newsroom's retelling): the calibrated
  model of ``storytrace.align.samestory``, the very one ``compare`` uses, on the very same
  inputs (``story_values``: the document cosine and the lexical evidence of
  ``storytrace.corpus.wordweights``; ``compare`` builds them with ``text_values`` through the
  same ``featurize``). The pair is an edge when ``samestory.decide`` says same story (P at
  ``same_story_probability``, 0.5 by default like ``compare``). Features without the lexical
  rows use the model's embedding-only half. The aligned share (each sentence of A matched to
  its most similar sentence of B, aligned when the cosine reaches ``sentence_cosine``, both
  directions averaged; at most ``features.MAX_SENTENCES`` sentences per article) is recorded
  with each edge but does not decide it.

The full aligner (``storytrace.align.aligner``: passage spans, kinds, fragments) is not needed
to decide an edge; it runs on the verified pairs of a story when the user drills into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from threadpoolctl import threadpool_limits

from storytrace.align.samestory import MODEL
from storytrace.align.samestory import decide as same_story
from storytrace.corpus.candidates import pair_cosines
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, CorpusSettings
from storytrace.corpus.embedding import norms
from storytrace.corpus.features import Features, featurize
from storytrace.corpus.wordweights import COLUMN_BITS, COUNT, pair_values

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
    todo = np.flatnonzero(~lexical)
    if len(todo):
        # Thousands of small products: OpenBLAS waking its threads for each one made this stage
        # 20x slower on two cores than running single-threaded.
        with threadpool_limits(limits=1, user_api="blas"):
            aligned_a[todo], aligned_b[todo] = grouped_shares(
                features, pairs[todo], settings.sentence_cosine
            )
    return edges_from(
        pairs, jaccard, aligned_a, aligned_b, cosine, lexical, settings, story=features.story
    )


def edges_from(
    pairs: np.ndarray,
    jaccard: np.ndarray,
    aligned_a: np.ndarray,
    aligned_b: np.ndarray,
    cosine: np.ndarray,
    lexical: np.ndarray,
    settings: CorpusSettings,
    *,
    story: sparse.csr_matrix | None = None,
) -> Edges:
    # Near copies (the lexical path) are edges whatever the model says, and the model calls
    # them the same story with P ~ 1: they get P = 1 and the model runs on the other pairs
    # only (on the generated 10k corpus it was 7x the rest of the stage on all pairs).
    probability = np.ones(len(pairs), dtype=np.float32)
    todo = np.flatnonzero(~lexical)
    if len(todo):
        probability[todo] = story_probability(story_values(story, pairs[todo], cosine[todo]))
    passed, score = decide(jaccard, probability, lexical, settings)
    return Edges(
        pairs[passed],
        jaccard[passed],
        aligned_a[passed],
        aligned_b[passed],
        cosine[passed],
        lexical[passed],
        score[passed],
    )


def grouped_shares(
    features: Features, pairs: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sentence_shares` of many pairs, one matrix product per left-hand article.

    Each article's partners are stacked, so Python loops over articles rather than pairs (3-4x
    faster), and the bookkeeping (which sentence rows, which counts) is done for all pairs at
    once before the loop. The int8 products are exact and divided in the same order, so every
    share equals the per-pair one bit for bit (the Spark engine computes it per pair). One
    thread: shared out to two threads the stage got slower (23.9 s against 20.2 s at 100k), as
    the many small gathers and conversions hold the GIL.
    """
    out_a = np.zeros(len(pairs), dtype=np.float64)
    out_b = np.zeros(len(pairs), dtype=np.float64)
    offsets = features.sent_offsets
    sizes = np.diff(offsets)
    usable = np.flatnonzero((sizes[pairs[:, 0]] > 0) & (sizes[pairs[:, 1]] > 0))
    if not len(usable):
        return out_a, out_b
    order = usable[np.argsort(pairs[usable, 0], kind="stable")]
    lefts, partners = pairs[order, 0], pairs[order, 1]
    group_starts = np.flatnonzero(np.r_[True, lefts[1:] != lefts[:-1]])
    group_ends = np.r_[group_starts[1:], len(order)]
    # The partners' sentence rows, laid end to end in pair order: pair p owns
    # columns[bounds[p]:bounds[p + 1]].
    counts = sizes[partners]
    bounds = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    columns = np.repeat(offsets[partners] - bounds[:-1], counts) + np.arange(int(bounds[-1]))
    rows_hit = np.zeros(len(order), dtype=np.int64)  # A's sentences matched in the partner
    column_hit = np.zeros(int(bounds[-1]), dtype=bool)  # partner sentence matched in A
    all_norms = norms(features.sentences)
    limit = np.float32(threshold)
    for first, last in zip(group_starts.tolist(), group_ends.tolist(), strict=True):
        a = int(lefts[first])
        low, high = int(bounds[first]), int(bounds[last])
        block = columns[low:high]
        rows = slice(int(offsets[a]), int(offsets[a + 1]))
        sims = (
            features.sentences[rows].astype(np.float32)
            @ features.sentences[block].astype(np.float32).T
        )
        sims /= all_norms[rows][:, None]
        sims /= all_norms[block][None, :]
        hit = sims >= limit
        rows_hit[first:last] = np.logical_or.reduceat(hit, bounds[first:last] - low, axis=1).sum(
            axis=0
        )
        column_hit[low:high] = hit.any(axis=0)
    out_a[order] = rows_hit / sizes[lefts]
    out_b[order] = np.add.reduceat(column_hit, bounds[:-1]) / counts
    return out_a, out_b


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


def story_values(
    story: sparse.csr_matrix | None, pairs: np.ndarray, cosine: np.ndarray
) -> dict[str, np.ndarray]:
    """The same-story model's inputs of each pair: the document ``cosine`` (int8 document
    vectors, as the candidate stage computed it) and, where the rows carry it, the lexical
    evidence of ``wordweights.pair_values``."""
    values = pair_values(story, pairs) if story is not None else {}
    values["document_cosine"] = np.asarray(cosine, dtype=np.float64)
    return values


def story_probability(values: dict[str, np.ndarray]) -> np.ndarray:
    """P(same story) of each pair from the calibrated model (``samestory.MODEL``)."""
    lexical = "rare_words" in values
    return np.asarray(MODEL.probability(values, embedding_only=not lexical), dtype=np.float32)


def text_values(
    texts: Sequence[tuple[str, Sequence[tuple[int, int]] | None]],
    pairs: np.ndarray | None = None,
    settings: CorpusSettings = DEFAULT_CORPUS_SETTINGS,
) -> dict[str, np.ndarray]:
    """The model's inputs for pairs of raw texts (``compare``): the texts go through the same
    ``featurize`` as a corpus batch, so a pair gets the numbers ``cluster`` gives it.

    ``texts``: (text, sentence spans or None to segment here); ``pairs``: rows, default (0, 1).
    Adds ``words``: each text's word count.
    """
    from storytrace.text.segment import sentences

    rows = []
    for index, (text, spans) in enumerate(texts):
        if spans is None:
            spans = [(s.start, s.end) for s in sentences(text)]
        rows.append((str(index), text, [s for s, _ in spans], [e for _, e in spans]))
    features = featurize(rows, settings)
    pairs = np.array([[0, 1]], dtype=np.int64) if pairs is None else pairs
    values = story_values(features.story, pairs, pair_cosines(features.doc, pairs))
    assert features.story is not None
    values["words"] = features.story[:, COUNT << COLUMN_BITS].toarray().ravel()
    return values


def decide(
    jaccard: np.ndarray,
    probability: np.ndarray,
    lexical: np.ndarray,
    settings: CorpusSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """(passed mask, edge weight): reuse, or the model's same-story verdict."""
    passed = lexical | same_story(probability, settings.same_story_probability)
    return passed, np.maximum(probability, jaccard).astype(np.float32)


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
