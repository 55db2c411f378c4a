"""Public entry points. The CLI and the web app are thin layers over these functions."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from types import ModuleType
from typing import TypeVar

from storytrace.align.aligner import AlignmentResult, SentenceVectors, align, embed_sentences
from storytrace.align.embedder import Embedder, get_embedder
from storytrace.align.reuse import reuse_summary
from storytrace.align.story import story_match
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import TooFewArticlesError
from storytrace.ingest import load_article, load_articles
from storytrace.models import Article, Comparison, StoryMatch, StoryTrace

# The fact engine (spaCy), provenance and the set reader are imported on first use, so that
# `import storytrace.api` and every CLI command start without them (a cold start's largest
# import: spaCy, and through thinc torch when it is installed). `python -m bench.cold_probe`.

log = logging.getLogger(__name__)

T = TypeVar("T")
# A trace's progress callback (stage, done, total): ``storytrace.provenance.trace.Progress``,
# spelt out here so that type hints resolve without importing provenance.
Progress = Callable[[str, int, int], None]

# Stages that ``compare_articles`` times into a ``timings`` dict, in order (reading and
# extracting the articles, before it, is ``load_articles``).
STAGES = ("embed", "align", "story", "reuse", "facts")

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
    timings: dict[str, float] | None = None,
) -> Comparison:
    """Align two already-extracted articles and judge whether they tell the same story.

    ``discrepancies=False`` skips the fact engine (the parse is most of a pair's cost), for
    callers that align many pairs and look at the facts of a few (``trace``). ``timings``:
    when given, the seconds of each stage are added to it (``STAGES``; the embedder's load,
    when this call pays it, counts as "embed").
    """
    vectors_a, vectors_b, embedder = _timed(
        timings, "embed", lambda: _embed_both(a, b, embedder, settings)
    )
    result = _timed(timings, "align", lambda: align(vectors_a, vectors_b, embedder, settings))
    story = _timed(
        timings, "story", lambda: _story(vectors_a, vectors_b, result, embedder, settings)
    )
    reuse_a, reuse_b = _timed(
        timings,
        "reuse",
        lambda: (reuse_summary(a, result, side="a"), reuse_summary(b, result, side="b")),
    )
    aligned = Comparison(
        a=a,
        b=b,
        story=story,
        alignments=result.alignments,
        unmatched_a=result.unmatched_a,
        unmatched_b=result.unmatched_b,
        reuse_a=reuse_a,
        reuse_b=reuse_b,
        embedder=embedder.name,
        warnings=tuple(_warnings(a, b)),
    )
    if not discrepancies:
        return aligned
    # a warning when there are few facts to compare (an opinion piece, little aligned)
    aligned = _timed(timings, "facts", lambda: _little_to_compare(aligned))
    found, linked = _timed(
        timings, "facts", lambda: _facts().analyse(aligned, (vectors_a, vectors_b))
    )
    return replace(aligned, discrepancies=found, links=linked)


def _little_to_compare(comparison: Comparison) -> Comparison:
    _facts()  # the package first, with torch hidden from thinc (see there)
    from storytrace.facts.comparability import with_warnings

    return with_warnings(comparison, links=True)


def _story(
    vectors_a: SentenceVectors,
    vectors_b: SentenceVectors,
    result: AlignmentResult,
    embedder: Embedder,
    settings: Settings,
) -> StoryMatch:
    # the verdict reads no whole-text embedding (issue 12: it cost 2-3.5 s of every pair)
    return story_match(vectors_a, vectors_b, result, embedder.name, settings)


def _embed_both(
    a: Article, b: Article, embedder: Embedder | None, settings: Settings
) -> tuple[SentenceVectors, SentenceVectors, Embedder]:
    embedder = embedder or get_embedder(settings)
    return embed_sentences(a, embedder), embed_sentences(b, embedder), embedder


def _timed(timings: dict[str, float] | None, stage: str, call: Callable[[], T]) -> T:
    if timings is None:
        return call()
    started = time.perf_counter()
    try:
        return call()
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _facts() -> ModuleType:
    """The fact engine, imported on first use.

    spaCy imports thinc, and thinc imports torch whenever it is installed (over a second of a
    cold start) although the English pipeline never runs on it. Unless torch is already loaded
    (the ``minilm`` embedder), thinc is shown no torch while spaCy is imported; a later
    ``import torch`` works as usual.
    """
    loaded = sys.modules.get("storytrace.facts")
    if loaded is not None:
        return loaded
    with _torch_hidden():
        import storytrace.facts as facts
    return facts


@contextmanager
def _torch_hidden() -> Iterator[None]:
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


def trace(
    sources: Sequence[Source],
    settings: Settings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
) -> StoryTrace:
    """Read a set of articles (files, folders, record files, URL lists) and trace the story.

    Inputs that cannot be read are skipped and named in the result's warnings; fewer than two
    readable articles is a ``TooFewArticlesError``.
    """
    from storytrace.ingest.sets import load_set

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


def trace_articles(
    articles: Sequence[Article],
    settings: Settings = DEFAULT_SETTINGS,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> StoryTrace:
    """The derivation graph, cited sources, timeline and fact histories of ``articles``
    (already extracted); see ``trace`` for reading them from files, folders and URLs."""
    _facts()  # spaCy imported as ``compare`` imports it (see ``_facts``)
    from storytrace.provenance import trace_articles as trace_set

    return trace_set(articles, settings, embedder, progress)


def _warnings(a: Article, b: Article) -> list[str]:
    warnings = []
    if a.language and b.language and a.language != b.language:
        warnings.append(
            f"the articles are in different languages ({a.language}, {b.language}): "
            "alignment is cross-lingual, verbatim fragments cannot occur"
        )
    supported = _facts().SUPPORTED_LANGUAGES
    unsupported = sorted(
        {lang for lang in (a.language, b.language) if lang and lang not in supported}
    )
    if unsupported:
        warnings.append(
            f"fact comparison supports {', '.join(sorted(supported))} only, not "
            f"{', '.join(unsupported)}: alignment only, no discrepancies reported"
        )
    for article in (a, b):
        if not article.published:
            warnings.append(f"{article.source}: no publication date found")
    return warnings
