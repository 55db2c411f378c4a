"""Public entry points. The CLI and the web app are thin layers over these functions."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import replace

from storytrace.align.aligner import align, embed_sentences
from storytrace.align.embedder import Embedder, get_embedder
from storytrace.align.reuse import reuse_summary
from storytrace.align.story import story_match
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import TooFewArticlesError
from storytrace.facts import SUPPORTED_LANGUAGES, find_discrepancies
from storytrace.facts.comparability import with_warnings as little_to_compare
from storytrace.ingest import load_article, load_articles
from storytrace.ingest.sets import load_set
from storytrace.models import Article, Comparison, StoryTrace
from storytrace.provenance import trace_articles
from storytrace.provenance.trace import Progress

log = logging.getLogger(__name__)

Source = str | os.PathLike[str]

__all__ = [
    "compare",
    "compare_articles",
    "load_article",
    "load_articles",
    "trace",
    "trace_articles",
]


def compare(
    source_a: Source, source_b: Source, settings: Settings = DEFAULT_SETTINGS
) -> Comparison:
    """Read two articles (paths or URLs) and compare them."""
    article_a, article_b = load_articles([source_a, source_b], settings)
    return compare_articles(article_a, article_b, settings)


def compare_articles(
    a: Article,
    b: Article,
    settings: Settings = DEFAULT_SETTINGS,
    embedder: Embedder | None = None,
    *,
    discrepancies: bool = True,
) -> Comparison:
    """Align two already-extracted articles and judge whether they tell the same story.

    ``discrepancies=False`` skips the fact engine (the parse is most of a pair's cost), for
    callers that align many pairs and look at the facts of a few (``trace``).
    """
    embedder = embedder or get_embedder(settings)
    vectors_a = embed_sentences(a, embedder)
    vectors_b = embed_sentences(b, embedder)
    result = align(vectors_a, vectors_b, embedder, settings)
    # one more embedder call: each whole article read in one pass (the model's text cosine)
    documents = embedder.embed_documents([a.text, b.text])
    story = story_match(
        vectors_a, vectors_b, result, embedder.name, settings, (documents[0], documents[1])
    )
    aligned = Comparison(
        a=a,
        b=b,
        story=story,
        alignments=result.alignments,
        unmatched_a=result.unmatched_a,
        unmatched_b=result.unmatched_b,
        reuse_a=reuse_summary(a, result, side="a"),
        reuse_b=reuse_summary(b, result, side="b"),
        embedder=embedder.name,
        warnings=tuple(_warnings(a, b)),
    )
    aligned = little_to_compare(aligned, links=discrepancies)  # a warning when few facts to compare
    if not discrepancies:
        return aligned
    return replace(aligned, discrepancies=find_discrepancies(aligned))


def trace(
    sources: Sequence[Source],
    settings: Settings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
) -> StoryTrace:
    """Read a set of articles (files, folders, record files, URL lists) and trace the story.

    Inputs that cannot be read are skipped and named in the result's warnings; fewer than two
    readable articles is a ``TooFewArticlesError``.
    """
    articles, failures = load_set(sources, settings)
    if len(articles) < 2:
        where = (
            str(failures[0])
            if failures
            else ", ".join(os.fspath(s) for s in sources) or "(no input)"
        )
        if len(articles) == 1:
            where = articles[0].source
        raise TooFewArticlesError(
            where, f"trace needs at least two readable articles; got {len(articles)}"
        )
    result = trace_articles(articles, settings, progress=progress)
    if failures:
        result = replace(result, warnings=tuple(f"skipped {f}" for f in failures) + result.warnings)
    return result


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
