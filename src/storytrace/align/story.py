"""Same-story verdict: do two articles tell the same story, and on what evidence?

The probability comes from the calibrated model in ``storytrace.align.samestory`` (rare-word,
lead, name, number and static document-vector signals, fitted on real articles by different
newsrooms), on the inputs corpus ``cluster`` computes for the same pair, and the cut is
``samestory.decide``: ``compare`` and ``cluster`` agree. The aligned fraction of the passage
alignment is reported beside it and names near copies in the basis; it is not part of the
score (on real rewrites by another newsroom few sentences align, and a pair with no aligned
sentence can still be the same story).

``StoryMatch.document_similarity`` is the model's graded similarity (``samestory.MODEL.similarity``:
~1 the same event, ~0.5 a similar other event, ~0 unrelated), for ranking pairs and for
agreeing with a reader's graded judgement; the probability only separates "same" from "not".

Inputs the model cannot judge are said so in ``StoryMatch.basis`` instead of guessed at:
a side too short to tell a story, and texts that share no words (a translation).
"""

from __future__ import annotations

import bisect

from storytrace.align.aligner import AlignmentResult, SentenceVectors
from storytrace.align.samestory import MODEL, TRANSLATION
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
) -> StoryMatch:
    """No transformer embedding enters the verdict (see ``storytrace.align.samestory``); the
    sentence vectors give only the aligned fraction and the translation fallback."""
    s = signals(
        a.article.text,
        b.article.text,
        a.vectors,
        b.vectors,
        [(span.start, span.end) for span in a.article.sentences] or None,
        [(span.start, span.end) for span in b.article.sentences] or None,
    )
    aligned_fraction = _aligned_fraction(a, b, result)
    return judge(
        s, aligned_fraction, embedder_name, settings, (a.article.language, b.article.language)
    )


def judge(
    s: StorySignals,
    aligned_fraction: float,
    embedder_name: str,
    settings: Settings,
    languages: tuple[str | None, str | None] = (None, None),
) -> StoryMatch:
    """The verdict and its one-line basis from measured signals."""
    shortest = min(s.word_counts)
    no_shared_words = s.shared_word_count == 0 or (
        languages[0] and languages[1] and languages[0] != languages[1] and s.rare_words < 0.05
    )
    if no_shared_words:
        score = TRANSLATION.probability(s)
        similarity = score
        basis = "no shared words (a translation?): judged on the multilingual embedding alone"
    else:
        score = MODEL.probability(s)
        similarity = MODEL.similarity(s)
        basis = _evidence(s, score, settings)
    if aligned_fraction >= COPY_SHARE:
        score = max(score, aligned_fraction)
        similarity = max(similarity, aligned_fraction)
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
    return StoryMatch(verdict, score, similarity, aligned_fraction, basis)


def _evidence(s: StorySignals, score: float, settings: Settings) -> str:
    """Which signals carry the verdict, in words a reader can check against the texts."""
    # the signals that pushed the verdict most, by their share of the model's log-odds
    labels = {
        "rare_words": "shared rare words",
        "lead": "alike leads",
        "shared_names": "shared names",
        "shared_numbers": "shared numbers",
        "document_cosine": "similar vocabulary",
    }
    shares = MODEL.contributions(s)
    figures = (
        f"names {s.shared_names:.0%}, numbers {s.shared_numbers:.0%}, "
        f"rare words {s.rare_words:.2f}, leads {s.lead:.2f} alike"
    )
    if score >= settings.same_story_threshold:
        strong = sorted((v, k) for k, v in shares.items() if k in labels and v >= 0.5)
        lead = ", ".join(labels[k] for _, k in reversed(strong)) or "similar vocabulary"
        return f"{lead}; {figures}"
    if s.document_cosine >= 0.8 and s.shared_names < 0.2:
        return f"same kind of story, different specifics: {figures}"
    return f"little in common: {figures}"


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
