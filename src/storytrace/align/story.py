"""Same-story verdict: do two articles tell the same story?

Two pieces of evidence, combined as a noisy-OR so that either suffices:

* **document similarity** — cosine of the mean sentence embeddings, turned into a probability
  by a logistic fitted on real articles (``eval/story.py``): positives are the two halves of one
  article (the same story in different sentences, as two newsrooms would write it), negatives
  are halves of different articles. Shingle overlap cannot see this; embeddings can.
* **aligned fraction** — the share of sentences on both sides that found a counterpart; a
  copy or a close rewrite is the same story whatever the document vectors say.
"""

from __future__ import annotations

import bisect
import math

import numpy as np

from storytrace.align.aligner import AlignmentResult, SentenceVectors
from storytrace.config import Settings
from storytrace.models import Span, StoryMatch, StoryVerdict

# Logistic P(same story | document cosine), per embedder: (intercept, slope).
# Fitted by `python -m eval.story --fit` on Zyte ground-truth bodies (173 articles with 4+
# paragraphs: halves of the same article vs halves of different articles, fitted on half the
# articles, scored on the other half). e5-small: test accuracy 0.831, AUC 0.929, Brier 0.105;
# minilm: accuracy 0.942, AUC 0.994, Brier 0.035 (its document vectors separate stories better).
# "hashing" is the unit-test double's, set by hand (it is never used for real comparisons).
DOCUMENT_LOGISTIC: dict[str, tuple[float, float]] = {
    "e5-small": (-93.12, 98.48),
    "minilm": (-13.49, 32.10),
    "hashing": (-4.0, 10.0),
}


def document_probability(cosine: float, embedder_name: str) -> float:
    intercept, slope = DOCUMENT_LOGISTIC.get(embedder_name, DOCUMENT_LOGISTIC["hashing"])
    return 1.0 / (1.0 + math.exp(-(intercept + slope * cosine)))


def story_match(
    a: SentenceVectors,
    b: SentenceVectors,
    result: AlignmentResult,
    embedder_name: str,
    settings: Settings,
) -> StoryMatch:
    document_cosine = (
        float(np.dot(a.document, b.document)) if len(a.vectors) and len(b.vectors) else 0.0
    )
    total = len(a.article.sentences) + len(b.article.sentences)
    # Each sentence counts once, however many alignments hold it (a one-to-many alignment
    # counted it twice: a property test found an aligned fraction of 1.25 and a score over 1).
    aligned = _covered(a.article.sentences, [al.a for al in result.alignments]) + _covered(
        b.article.sentences, [al.b for al in result.alignments]
    )
    aligned_fraction = aligned / total if total else 0.0
    p_document = document_probability(document_cosine, embedder_name)
    score = 1.0 - (1.0 - p_document) * (1.0 - aligned_fraction)
    if score >= settings.same_story_threshold:
        verdict = StoryVerdict.SAME_STORY
    elif score >= settings.related_threshold:
        verdict = StoryVerdict.RELATED
    else:
        verdict = StoryVerdict.UNRELATED
    return StoryMatch(verdict, score, document_cosine, aligned_fraction)


def _covered(sentences: tuple[Span, ...], passages: list[Span]) -> int:
    """How many ``sentences`` lie inside some passage (linear after sorting, not n*m)."""
    merged: list[list[int]] = []
    for passage in sorted(passages):
        if merged and passage.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], passage.end)
        else:
            merged.append([passage.start, passage.end])
    starts = [start for start, _ in merged]
    count = 0
    for sentence in sentences:
        i = bisect.bisect_right(starts, sentence.start) - 1
        if i >= 0 and merged[i][1] >= sentence.end:
            count += 1
    return count
