"""Same-story verdict: do two articles tell the same story, and on what evidence?

The probability comes from the calibrated model in ``storytrace.align.samestory`` (embedding
and rare-word, name and number signals, fitted on real articles by different newsrooms). The
aligned fraction of the passage alignment is reported beside it and names near copies in the
basis; it is not part of the score (on real rewrites by another newsroom few sentences align,
and a pair with no aligned sentence can still be the same story).

Inputs the model cannot judge are said so in ``StoryMatch.basis`` instead of guessed at:
a side too short to tell a story, and texts that share no words (a translation).
"""

from __future__ import annotations

import bisect

import numpy as np

from storytrace.align.aligner import AlignmentResult, SentenceVectors
from storytrace.align.samestory import model
from storytrace.align.signals import StorySignals, signals
from storytrace.config import Settings
from storytrace.models import Span, StoryMatch, StoryVerdict

# Below this many words on a side, one article is a headline and a sentence: any verdict would
# be a guess, so it is capped at "related" unless the texts are near copies.
MIN_WORDS = 40
# Aligned share (both sides) at which the pair is a near copy whatever else differs
# (boilerplate, a different headline).
COPY_SHARE = 0.6


def story_match(
    a: SentenceVectors,
    b: SentenceVectors,
    result: AlignmentResult,
    embedder_name: str,
    settings: Settings,
    documents: tuple[np.ndarray, np.ndarray] | None = None,
) -> StoryMatch:
    """``documents``: one vector per whole article (``Embedder.embed_documents``); when absent
    and the model reads the whole-text cosine, they are embedded here by the named embedder."""
    if documents is None and "text_cosine" in model(embedder_name).features:
        documents = _whole_text_vectors(a, b, embedder_name, settings)
    s = signals(
        a.article.text,
        b.article.text,
        a.vectors,
        b.vectors,
        a.article.language,
        b.article.language,
        documents=documents,
    )
    aligned_fraction = _aligned_fraction(a, b, result)
    return judge(
        s, aligned_fraction, embedder_name, settings, (a.article.language, b.article.language)
    )


def _whole_text_vectors(
    a: SentenceVectors, b: SentenceVectors, embedder_name: str, settings: Settings
) -> tuple[np.ndarray, np.ndarray]:
    """The loaded (process-wide) embedder of that name reads each whole article once."""
    from storytrace.align.embedder import get_embedder

    embedder = get_embedder(settings.with_(embedder=embedder_name))
    vectors = embedder.embed_documents([a.article.text, b.article.text])
    return vectors[0], vectors[1]


def judge(
    s: StorySignals,
    aligned_fraction: float,
    embedder_name: str,
    settings: Settings,
    languages: tuple[str | None, str | None] = (None, None),
) -> StoryMatch:
    """The verdict and its one-line basis from measured signals."""
    fitted = model(embedder_name)
    shortest = min(s.word_counts)
    no_shared_words = s.shared_word_count == 0 or (
        languages[0] and languages[1] and languages[0] != languages[1] and s.rare_words < 0.05
    )
    if no_shared_words:
        score = fitted.probability(s, embedding_only=True)
        basis = "no shared words (a translation?): judged on the multilingual embedding alone"
    else:
        score = fitted.probability(s)
        basis = _evidence(s, score, settings)
    if aligned_fraction >= COPY_SHARE:
        score = max(score, aligned_fraction)
        basis = f"near copies: {aligned_fraction:.0%} of the sentences align"
    elif shortest < MIN_WORDS:
        side = "A" if s.word_counts[0] <= s.word_counts[1] else "B"
        score = min(score, settings.same_story_threshold - 1e-6)
        basis = f"too short to judge: {side} has {shortest} words"
    if score >= settings.same_story_threshold:
        verdict = StoryVerdict.SAME_STORY
    elif score >= settings.related_threshold:
        verdict = StoryVerdict.RELATED
    else:
        verdict = StoryVerdict.UNRELATED
    return StoryMatch(verdict, score, s.document_cosine, aligned_fraction, basis)


def _evidence(s: StorySignals, score: float, settings: Settings) -> str:
    """Which signals carry the verdict, in words a reader can check against the texts."""
    parts = [
        ("shared names", s.shared_names),
        ("shared rare words", s.rare_words),
        ("shared numbers", s.shared_numbers),
    ]
    if score >= settings.same_story_threshold:
        strong = [name for name, value in parts if value >= 0.3]
        lead = ", ".join(strong) if strong else "similar meaning (embeddings)"
        return f"{lead}; names {s.shared_names:.0%}, rare words {s.rare_words:.2f} alike"
    if s.sentence_match >= 0.88 and s.rare_words < 0.3:
        return (
            f"same kind of story, different specifics: names {s.shared_names:.0%}, "
            f"rare words {s.rare_words:.2f} alike"
        )
    return f"little in common: names {s.shared_names:.0%}, rare words {s.rare_words:.2f} alike"


def _aligned_fraction(a: SentenceVectors, b: SentenceVectors, result: AlignmentResult) -> float:
    total = len(a.article.sentences) + len(b.article.sentences)
    # Each sentence counts once, however many alignments hold it (a one-to-many alignment
    # counted it twice: a property test found an aligned fraction of 1.25 and a score over 1).
    aligned = _covered(a.article.sentences, [al.a for al in result.alignments]) + _covered(
        b.article.sentences, [al.b for al in result.alignments]
    )
    return aligned / total if total else 0.0


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
