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

import math

import numpy as np

from storytrace.align.aligner import AlignmentResult, SentenceVectors
from storytrace.config import Settings
from storytrace.models import StoryMatch, StoryVerdict

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
    aligned = sum(
        sum(1 for s in a.article.sentences if al.a.contains(s))
        + sum(1 for s in b.article.sentences if al.b.contains(s))
        for al in result.alignments
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
