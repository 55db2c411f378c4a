"""Pair links: which articles of a set share text, how much, and of what kind.

Every pair that could be related is aligned with the passage aligner (without the fact engine:
facts are read later, only on the edges the graph keeps). Sets larger than ``ALL_PAIRS_UP_TO``
are pruned first: each article is aligned with its ``NEIGHBOURS`` nearest articles by document
embedding and its ``NEIGHBOURS`` nearest by shared word 5-shingles (a copy is never missed: it
is the nearest by words), so a story of n articles costs ~2·NEIGHBOURS·n alignments, not n².
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from storytrace.align.aligner import SentenceVectors, align, embed_sentences
from storytrace.align.embedder import Embedder
from storytrace.align.fragments import coverage
from storytrace.align.reuse import reuse_summary
from storytrace.align.story import story_match
from storytrace.config import Settings
from storytrace.models import Article, Comparison, Fragment, Span, StoryVerdict

ALL_PAIRS_UP_TO = 16
NEIGHBOURS = 8
SHINGLE_JACCARD = 0.05
# Credit for a corresponding passage's words that are not in a shared verbatim run: the same
# content in other words says less about copying than the same words do.
PARAPHRASE_CREDIT = 0.6
# A pair shares text when at least this share of the smaller article corresponds (weighted).
MIN_SHARED = 0.2


@dataclass(frozen=True, slots=True)
class Link:
    """Two articles of the set and what they share (``comparison`` has a = first, b = second)."""

    comparison: Comparison
    shared_a: float  # weighted share of A's text that corresponds to B's
    shared_b: float

    @property
    def a(self) -> Article:
        return self.comparison.a

    @property
    def b(self) -> Article:
        return self.comparison.b

    @property
    def related(self) -> bool:
        """Enough shared text for one to derive from the other (or both from a third)."""
        return (
            self.comparison.story.verdict is not StoryVerdict.UNRELATED
            and max(self.shared_a, self.shared_b) >= MIN_SHARED
        )

    def shared(self, article_id: str) -> float:
        return self.shared_a if article_id == self.a.id else self.shared_b

    def other(self, article_id: str) -> Article:
        return self.b if article_id == self.a.id else self.a


def link_all(
    articles: Sequence[Article],
    embedder: Embedder,
    settings: Settings,
    progress: Callable[[int, int], None] | None = None,
) -> list[Link]:
    """Align every candidate pair of ``articles`` (in timeline order, earlier article first)."""
    ordered = sorted(articles, key=_date_key)
    vectors = [embed_sentences(article, embedder) for article in ordered]
    pairs = candidate_pairs(ordered, vectors)
    links = []
    for count, (i, j) in enumerate(pairs, start=1):
        links.append(_link(vectors[i], vectors[j], embedder, settings))
        if progress:
            progress(count, len(pairs))
    return links


def candidate_pairs(
    articles: Sequence[Article], vectors: Sequence[SentenceVectors]
) -> list[tuple[int, int]]:
    n = len(articles)
    if n <= ALL_PAIRS_UP_TO:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    docs = np.stack(
        [v.document if len(v.vectors) else np.zeros(v.vectors.shape[1]) for v in vectors]
    )
    cosine = docs @ docs.T
    shingles = [_shingles(article.text) for article in articles]
    jaccard = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            union = len(shingles[i] | shingles[j])
            if union:
                jaccard[i, j] = jaccard[j, i] = len(shingles[i] & shingles[j]) / union
    chosen: set[tuple[int, int]] = set()
    for i in range(n):
        by_meaning = [int(j) for j in np.argsort(-cosine[i]) if j != i][:NEIGHBOURS]
        by_words = [
            int(j) for j in np.argsort(-jaccard[i]) if j != i and jaccard[i, j] >= SHINGLE_JACCARD
        ][:NEIGHBOURS]
        for j in by_meaning + by_words:
            chosen.add((min(i, j), max(i, j)))
    return sorted(chosen)


def _link(a: SentenceVectors, b: SentenceVectors, embedder: Embedder, settings: Settings) -> Link:
    result = align(a, b, embedder, settings)
    comparison = Comparison(
        a=a.article,
        b=b.article,
        story=story_match(a, b, result, embedder.name, settings),
        alignments=result.alignments,
        unmatched_a=result.unmatched_a,
        unmatched_b=result.unmatched_b,
        reuse_a=reuse_summary(a.article, result, "a"),
        reuse_b=reuse_summary(b.article, result, "b"),
        embedder=embedder.name,
    )
    return Link(comparison, weighted_share(comparison, "a"), weighted_share(comparison, "b"))


def weighted_share(
    comparison: Comparison, side: str, exclude: frozenset[Span] = frozenset()
) -> float:
    """Share of one side's text that corresponds to the other's: words in shared verbatim runs
    count fully, the rest of an aligned sentence at ``PARAPHRASE_CREDIT``.

    Word-level, so a copy with one number changed scores just under an exact copy: that margin
    is what tells a copy's parent from its grandparent. Sentences in ``exclude`` (credit lines,
    which siblings write alike) count on neither side of the ratio."""
    article = comparison.a if side == "a" else comparison.b
    total = 0
    covered = 0.0
    for sentence in article.sentences:
        if sentence in exclude:
            continue
        total += len(sentence)
        for alignment in comparison.alignments:
            span: Span = alignment.a if side == "a" else alignment.b
            if span.contains(sentence):
                runs = [f.a if side == "a" else f.b for f in alignment.fragments]
                verbatim = coverage(sentence, runs, article.text) if runs else 0.0
                covered += len(sentence) * (verbatim + PARAPHRASE_CREDIT * (1.0 - verbatim))
                break
    return min(covered / total, 1.0) if total else 0.0


def published(article: Article) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article.published[:10]) if article.published else None
    except ValueError:
        return None


def _date_key(article: Article) -> tuple[str, str]:
    return (article.published or "9999", article.id)


_WORD = re.compile(r"\w+")


def _shingles(text: str, size: int = 5) -> set[int]:
    words = _WORD.findall(text.lower())
    return {hash(tuple(words[i : i + size])) for i in range(max(len(words) - size + 1, 0))}


def oriented(link: Link, first_id: str) -> Comparison:
    """The link's comparison with ``first_id`` as A (swapping sides when needed)."""
    c = link.comparison
    if c.a.id == first_id:
        return c
    return Comparison(
        a=c.b,
        b=c.a,
        story=c.story,
        alignments=tuple(
            sorted(
                (
                    replace(
                        al,
                        a=al.b,
                        b=al.a,
                        fragments=tuple(Fragment(f.b, f.a) for f in al.fragments),
                    )
                    for al in c.alignments
                ),
                key=lambda al: (al.a.start, al.b.start),
            )
        ),
        unmatched_a=c.unmatched_b,
        unmatched_b=c.unmatched_a,
        reuse_a=c.reuse_b,
        reuse_b=c.reuse_a,
        embedder=c.embedder,
        warnings=c.warnings,
    )
