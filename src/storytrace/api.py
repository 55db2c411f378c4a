"""Public entry points. The CLI and the web app are thin layers over these functions."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from types import ModuleType
from typing import TypeVar

import numpy as np

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

# While the sentence embedder runs (a C engine that releases the GIL), background threads load
# what the later stages need and the alignment does not: once per process, the same-story
# verdict's word tables, then spaCy and the fact engine (``compare`` starts this before it
# reads the articles, so it also runs during extraction); and for each comparison with
# ``discrepancies``, the parse of every sentence of both articles into the parse cache. The
# stages then find their work done; what they compute is unchanged (same parser, same texts,
# one batch per article as before). ``PREFETCH = False`` runs everything in line, in stage order
# (``bench.speed`` compares the two).
PREFETCH = True
_verdict_warm = threading.Event()  # the verdict's tables are loaded in this process
_warm_lock = threading.Lock()
_warm_thread: list[threading.Thread] = []  # the process's one warm-up thread, once started

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
    return _compare(source_a, source_b, settings)


def _compare(
    source_a: Source,
    source_b: Source,
    settings: Settings = DEFAULT_SETTINGS,
    timings: dict[str, float] | None = None,
) -> Comparison:
    """``compare``; ``timings`` as for ``compare_articles``, plus "model load" and "extract"
    (reading and extracting the two articles) ahead of its stages (``bench.cold_probe``)."""
    embedder = None
    if PREFETCH:
        # the model first (see ``compare_articles``), then spaCy loads while the articles are
        # read and extracted
        embedder = _timed(timings, "model load", lambda: get_embedder(settings))
        _warm_up()
    article_a, article_b = _timed(
        timings, "extract", lambda: load_articles([source_a, source_b], settings)
    )
    return compare_articles(article_a, article_b, settings, embedder, timings=timings)


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
    # the model first: the thread imports spaCy with torch hidden (``_facts``), and loading
    # the ``minilm`` embedder imports torch
    model = _timed(timings, "embed", lambda: embedder or get_embedder(settings))
    prefetch = _Prefetch.start(a, b, discrepancies) if PREFETCH else None
    vectors_a, vectors_b = _timed(timings, "embed", lambda: _embed_both(a, b, model))
    result = _timed(timings, "align", lambda: align(vectors_a, vectors_b, model, settings))
    if prefetch is not None:
        _timed(timings, "story", prefetch.verdict_ready)
    story = _timed(timings, "story", lambda: _story(vectors_a, vectors_b, result, model, settings))
    reuse_a, reuse_b = _timed(
        timings,
        "reuse",
        lambda: (reuse_summary(a, result, side="a"), reuse_summary(b, result, side="b")),
    )
    if prefetch is not None:
        # before anything below imports the fact engine (``_warnings``): the thread may be
        # importing it; the wait counts as the facts stage, whose work it is
        _timed(timings if discrepancies else None, "facts", prefetch.join)
    aligned = Comparison(
        a=a,
        b=b,
        story=story,
        alignments=result.alignments,
        unmatched_a=result.unmatched_a,
        unmatched_b=result.unmatched_b,
        reuse_a=reuse_a,
        reuse_b=reuse_b,
        embedder=model.name,
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


class _Prefetch:
    """The background work of one ``compare_articles`` call (see ``PREFETCH``)."""

    def __init__(self, a: Article, b: Article, parse: bool) -> None:
        self.warm = _warm_up()
        self.articles = (a, b)
        self.parse = parse
        self._thread: threading.Thread | None = None
        if parse:
            self._thread = threading.Thread(target=self._run, name="storytrace-parse", daemon=True)
            self._thread.start()

    @classmethod
    def start(cls, a: Article, b: Article, discrepancies: bool) -> _Prefetch:
        return cls(a, b, discrepancies)

    def verdict_ready(self) -> None:
        _verdict_warm.wait()

    def join(self) -> None:
        self.warm.join()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        self.warm.join()
        try:
            _parse_ahead(*self.articles)
        except Exception:  # the facts stage parses (and raises) in line
            log.debug("prefetch: sentences not parsed ahead", exc_info=True)


def _warm_up() -> threading.Thread:
    """The process's warm-up thread (verdict tables, then spaCy), started on first call."""
    with _warm_lock:
        if not _warm_thread:
            thread = threading.Thread(target=_load_ahead, name="storytrace-warm-up", daemon=True)
            thread.start()
            _warm_thread.append(thread)
        return _warm_thread[0]


def _load_ahead() -> None:
    try:
        _warm_verdict()
    except Exception:  # the stage itself will load (and raise) in line
        log.debug("prefetch: verdict tables not loaded ahead", exc_info=True)
    finally:
        _verdict_warm.set()
    try:
        _facts()
        from storytrace.language.parser import current
        from storytrace.language.spacy_parser import SpacyParser, load_nlp

        if isinstance(current(), SpacyParser):
            load_nlp()
    except Exception:
        log.debug("prefetch: fact engine not loaded ahead", exc_info=True)


def _warm_verdict() -> None:
    """Load the verdict's word tables and static word vectors, by running its signals on a
    two-sentence text (their loaders are cached per process)."""
    from storytrace.align.signals import signals

    text = "The council approved the budget on Monday. It takes effect in May."
    none = np.zeros((0, 1), dtype=np.float32)
    signals(text, text, none, none)


def _parse_ahead(a: Article, b: Article) -> None:
    """spaCy loaded and every sentence the facts stage may read parsed into the parse cache,
    one batch per article, as ``language.nlp.ArticleParses.prefetch`` parses them."""
    facts = _facts()
    if not all(
        (article.language or "en").split("-")[0].lower() in facts.SUPPORTED_LANGUAGES
        for article in (a, b)
    ):
        return
    from storytrace.align.aligner import budget_prefix
    from storytrace.language.nlp import MAX_SENTENCE_CHARS, MAX_SENTENCES, parse_all

    for article in (a, b):
        article = budget_prefix(article)
        spans = sorted(article.sentences)[:MAX_SENTENCES]
        parse_all([span.of(article.text)[:MAX_SENTENCE_CHARS] for span in spans])


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
    a: Article, b: Article, embedder: Embedder
) -> tuple[SentenceVectors, SentenceVectors]:
    return embed_sentences(a, embedder), embed_sentences(b, embedder)


def _timed(timings: dict[str, float] | None, stage: str, call: Callable[[], T]) -> T:
    if timings is None:
        return call()
    started = time.perf_counter()
    try:
        return call()
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _facts() -> ModuleType:
    """The fact engine, imported on first use, with torch hidden from thinc should anything
    in it import spaCy (``language.spacy_parser.torch_hidden``; spaCy itself is imported when
    the parser first loads, under the same guard)."""
    loaded = sys.modules.get("storytrace.facts")
    if loaded is not None:
        return loaded
    from storytrace.language.spacy_parser import torch_hidden

    with torch_hidden():
        import storytrace.facts as facts
    return facts


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
