"""The align stage of a story: passage alignments and discrepancies for its verified pairs.

Clustering decides edges on cheap evidence. When the user looks at a story, its pairs get the
real treatment: ``storytrace.api.compare_articles`` (the passage aligner with the configured
sentence embedder) and ``storytrace.facts.find_discrepancies``. Both cost about a second per
pair, so the work is bounded: at most ``max_pairs`` pairs per story, the earliest article
against the others first (that is how a fact-checker reads a story: the first report, then what
each republication changed). Results are cached in ``alignments`` and ``discrepancies``, so a
second look is free.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from storytrace.align.embedder import Embedder
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.corpus.store import CorpusStore, Row
from storytrace.models import Comparison, Discrepancy, TextRef

log = logging.getLogger(__name__)

DEFAULT_MAX_PAIRS = 8


def story_pairs(store: CorpusStore, story_id: str, max_pairs: int) -> list[tuple[str, str]]:
    """The pairs worth aligning: verified pairs of the story, earliest article's first."""
    rows = store.con.execute(
        """
        WITH members AS (
            SELECT a.id, coalesce(a.published, '9999') || a.id AS rank
            FROM clusters c JOIN articles a ON a.id = c.article_id WHERE c.story_id = ?
        ), first AS (SELECT id FROM members ORDER BY rank LIMIT 1)
        SELECT p.a, p.b FROM pairs p
        JOIN members ma ON ma.id = p.a JOIN members mb ON mb.id = p.b
        ORDER BY (p.a IN (SELECT id FROM first) OR p.b IN (SELECT id FROM first)) DESC,
                 p.score DESC, p.a, p.b
        LIMIT ?
        """,
        [story_id, max_pairs],
    ).fetchall()
    return [(a, b) for a, b in rows]


def analyse_story(
    store: CorpusStore,
    story_id: str,
    settings: Settings = DEFAULT_SETTINGS,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    progress: Callable[[int, int], None] | None = None,
    embedder: Embedder | None = None,
) -> int:
    """Align (and find discrepancies in) up to ``max_pairs`` pairs of a story; new pairs done."""
    from storytrace.align.embedder import get_embedder
    from storytrace.api import compare_articles
    from storytrace.facts import find_discrepancies

    done = {(a, b) for a, b in store.con.execute("SELECT DISTINCT a, b FROM alignments").fetchall()}
    todo = [pair for pair in story_pairs(store, story_id, max_pairs) if pair not in done]
    if not todo:
        return 0
    embedder = embedder or get_embedder(settings)
    alignments: list[Row] = []
    discrepancies: list[Row] = []
    for count, (a, b) in enumerate(todo, start=1):
        comparison = compare_articles(store.article(a), store.article(b), settings, embedder)
        alignments.extend(_alignment_rows(comparison))
        discrepancies.extend(_discrepancy_rows(comparison, find_discrepancies(comparison)))
        if progress:
            progress(count, len(todo))
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.load("alignments", alignments)
        store.load("discrepancies", discrepancies)
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise
    return len(todo)


def _alignment_rows(comparison: Comparison) -> Iterator[Row]:
    a, b = comparison.a.id, comparison.b.id
    if not comparison.alignments:  # remember that the pair was done, even with nothing aligned
        yield {
            "a": a,
            "b": b,
            "idx": -1,
            "a_start": 0,
            "a_end": 0,
            "b_start": 0,
            "b_end": 0,
            "kind": "none",
            "score": 0.0,
            "similarity": 0.0,
        }
    for index, alignment in enumerate(comparison.alignments):
        yield {
            "a": a,
            "b": b,
            "idx": index,
            "a_start": alignment.a.start,
            "a_end": alignment.a.end,
            "b_start": alignment.b.start,
            "b_end": alignment.b.end,
            "kind": alignment.kind.value,
            "score": float(alignment.score),
            "similarity": float(alignment.similarity),
        }


def _span(ref: TextRef | None) -> tuple[Any, Any]:
    if ref is None or ref.block is not None:  # a headline block: no offset into the body
        return None, None
    return ref.span.start, ref.span.end


def _discrepancy_rows(comparison: Comparison, found: tuple[Discrepancy, ...]) -> Iterator[Row]:
    for index, item in enumerate(found):
        a_start, a_end = _span(item.a)
        b_start, b_end = _span(item.b)
        yield {
            "a": comparison.a.id,
            "b": comparison.b.id,
            "idx": index,
            "type": item.type.value,
            "severity": item.severity.value,
            "a_start": a_start,
            "a_end": a_end,
            "b_start": b_start,
            "b_end": b_end,
            "value_a": item.value_a,
            "value_b": item.value_b,
            "explanation": item.explanation,
            "confidence": float(item.confidence),
        }
