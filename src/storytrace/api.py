"""Public entry points. The CLI and the web app are thin layers over these functions."""

from __future__ import annotations

import logging
import os
from dataclasses import replace

from storytrace.align.aligner import AlignmentResult, align, embed_sentences
from storytrace.align.embedder import Embedder, get_embedder
from storytrace.align.story import story_match
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.facts import SUPPORTED_LANGUAGES, find_discrepancies
from storytrace.ingest import load_article, load_articles
from storytrace.models import AlignmentKind, Article, Comparison, ReuseSummary, Span

log = logging.getLogger(__name__)

Source = str | os.PathLike[str]

__all__ = ["compare", "compare_articles", "load_article", "load_articles"]


def compare(
    source_a: Source, source_b: Source, settings: Settings = DEFAULT_SETTINGS
) -> Comparison:
    """Read two articles (paths or URLs) and compare them."""
    article_a, article_b = load_articles([source_a, source_b], settings)
    return compare_articles(article_a, article_b, settings)


def compare_articles(
    a: Article, b: Article, settings: Settings = DEFAULT_SETTINGS, embedder: Embedder | None = None
) -> Comparison:
    """Align two already-extracted articles and judge whether they tell the same story."""
    embedder = embedder or get_embedder(settings)
    vectors_a = embed_sentences(a, embedder)
    vectors_b = embed_sentences(b, embedder)
    result = align(vectors_a, vectors_b, embedder, settings)
    story = story_match(vectors_a, vectors_b, result, embedder.name, settings)
    aligned = Comparison(
        a=a,
        b=b,
        story=story,
        alignments=result.alignments,
        unmatched_a=result.unmatched_a,
        unmatched_b=result.unmatched_b,
        reuse_a=_reuse(a, result, side="a"),
        reuse_b=_reuse(b, result, side="b"),
        embedder=embedder.name,
        warnings=tuple(_warnings(a, b)),
    )
    return replace(aligned, discrepancies=find_discrepancies(aligned))


def _reuse(article: Article, result: AlignmentResult, side: str) -> ReuseSummary:
    """Characters of the article's sentences by the kind of alignment covering them."""
    by_kind = dict.fromkeys(AlignmentKind, 0)
    total = 0
    for sentence in article.sentences:
        total += len(sentence)
        for alignment in result.alignments:
            span: Span = alignment.a if side == "a" else alignment.b
            if span.contains(sentence):
                by_kind[alignment.kind] += len(sentence)
                break
    matched = sum(by_kind.values())
    return ReuseSummary(
        total_chars=total,
        verbatim_chars=by_kind[AlignmentKind.VERBATIM],
        near_verbatim_chars=by_kind[AlignmentKind.NEAR_VERBATIM],
        paraphrase_chars=by_kind[AlignmentKind.PARAPHRASE],
        unmatched_chars=total - matched,
    )


def _warnings(a: Article, b: Article) -> list[str]:
    warnings = []
    if a.language and b.language and a.language != b.language:
        warnings.append(
            f"the articles are in different languages ({a.language}, {b.language}): "
            "alignment is cross-lingual, verbatim fragments cannot occur"
        )
    unsupported = sorted(
        {lang for lang in (a.language, b.language) if lang and lang not in SUPPORTED_LANGUAGES}
    )
    if unsupported:
        warnings.append(
            f"fact comparison supports {', '.join(sorted(SUPPORTED_LANGUAGES))} only, not "
            f"{', '.join(unsupported)}: alignment only, no discrepancies reported"
        )
    for article in (a, b):
        if not article.published:
            warnings.append(f"{article.source}: no publication date found")
    return warnings
