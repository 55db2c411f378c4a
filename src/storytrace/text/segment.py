"""Paragraphs and sentences with exact character offsets into the clean text.

sentencex does the sentence splitting (fast, knows abbreviations); we only map its pieces
back to offsets and repair the one thing it gets wrong for news: a closing quotation mark or
bracket left at the start of the next sentence.
"""

from __future__ import annotations

import re
from itertools import pairwise

from sentencex import segment as _sentencex_segment

from storytrace.models import Span

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_CLOSERS = "”’\"')]»"
# A "sentence" longer than this is a list, a table or extraction debris (the longest sentences
# in the example and evaluation news articles are under 700 characters), and every later stage
# (embedding, alignment, the parse) pays for its length: a 1 MB line without sentence ends was
# one unit. Longer runs are cut at the last space before the limit (a hard cut when none).
MAX_SENTENCE_CHARS = 1500


def paragraphs(text: str) -> tuple[Span, ...]:
    """Blocks separated by blank lines, trimmed of surrounding whitespace."""
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append(_trimmed(text, start, match.start()))
        start = match.end()
    spans.append(_trimmed(text, start, len(text)))
    return tuple(span for span in spans if span is not None)


def sentences(text: str, language: str | None = None) -> tuple[Span, ...]:
    """Sentence spans, never crossing a paragraph break (headings and list items stand alone)."""
    result: list[Span] = []
    for paragraph in paragraphs(text):
        result.extend(_paragraph_sentences(text, paragraph, language or "en"))
    return tuple(result)


def _paragraph_sentences(text: str, paragraph: Span, language: str) -> list[Span]:
    block = paragraph.of(text)
    pieces: list[list[int]] = []
    cursor = 0
    for piece in _sentencex_segment(language, block):
        stripped = piece.strip()
        if not stripped:
            continue
        found = block.find(stripped, cursor)
        if found < 0:  # sentencex normalised something: fall back to the remaining block
            found = cursor
            stripped = block[cursor:].strip()
        pieces.append([found, found + len(stripped)])
        cursor = found + len(stripped)
    # A sentence may not start with a closing quote: give it back to the previous sentence.
    for previous, current in pairwise(pieces):
        while current[0] < current[1] and block[current[0]] in _CLOSERS:
            previous[1] = current[0] + 1
            current[0] += 1
            while current[0] < current[1] and block[current[0]].isspace():
                current[0] += 1
    spans = []
    for start, end in pieces:
        trimmed = _trimmed(block, start, end)
        if trimmed is not None:
            for piece in _capped(block, trimmed):
                spans.append(Span(paragraph.start + piece.start, paragraph.start + piece.end))
    return spans


def _capped(text: str, span: Span) -> list[Span]:
    """``span`` cut into pieces of at most ``MAX_SENTENCE_CHARS``, at spaces where possible."""
    if span.end - span.start <= MAX_SENTENCE_CHARS:
        return [span]
    pieces = []
    start = span.start
    while span.end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit + 1)
        cut = cut if cut > start else limit
        piece = _trimmed(text, start, cut)
        if piece is not None:
            pieces.append(piece)
        start = cut
        while start < span.end and text[start].isspace():
            start += 1
    last = _trimmed(text, start, span.end)
    if last is not None:
        pieces.append(last)
    return pieces


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
