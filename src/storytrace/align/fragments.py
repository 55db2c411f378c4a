"""Verbatim fragments: runs of words that stand identically in two passages.

A shared quotation inside two differently worded sentences is the strongest evidence of reuse
there is, so fragments are found for every aligned pair, not only for near-copies.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from storytrace.models import Fragment, Span
from storytrace.text.normalize import Token, tokens


def shared_fragments(
    text_a: str, span_a: Span, text_b: str, span_b: Span, min_words: int
) -> tuple[Fragment, ...]:
    """Maximal in-order runs of at least ``min_words`` identical (normalised) words."""
    tokens_a = tokens(span_a.of(text_a), span_a.start)
    tokens_b = tokens(span_b.of(text_b), span_b.start)
    return tuple(
        Fragment(_cover(tokens_a[i : i + size]), _cover(tokens_b[j : j + size]))
        for i, j, size in _matching_runs(tokens_a, tokens_b)
        if size >= min_words
    )


def coverage(span: Span, fragments_side: list[Span], text: str) -> float:
    """Share of the words of ``span`` that lie inside one of the fragment spans."""
    words = tokens(span.of(text), span.start)
    if not words:
        return 0.0
    covered = sum(
        1 for w in words if any(f.start <= w.start and w.end <= f.end for f in fragments_side)
    )
    return covered / len(words)


def _matching_runs(tokens_a: list[Token], tokens_b: list[Token]) -> list[tuple[int, int, int]]:
    matcher = SequenceMatcher(
        None, [t.norm for t in tokens_a], [t.norm for t in tokens_b], autojunk=False
    )
    return [(block.a, block.b, block.size) for block in matcher.get_matching_blocks() if block.size]


def _cover(run: list[Token]) -> Span:
    return Span(run[0].start, run[-1].end)
