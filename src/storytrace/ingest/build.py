"""Marked blocks to a complete ``Article``: clean text, offsets, id, language, segmentation.

The one place an Article is assembled, so text, HTML and records give the same shape: body
paragraphs joined by a blank line, every removed block placed at the offset of the paragraph
that followed it (the end of the text for trailing ones), the id hashed from the clean text.
Kept headings (``Block.heading``) are paragraphs of the text listed in ``Article.headings``;
no sentence is cut from them, so the aligner and the fact detectors do not read a
subheading as a statement of the story.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from storytrace.ingest.language import detect_language
from storytrace.ingest.text import Block
from storytrace.models import Article, RemovedBlock, Span
from storytrace.text.segment import paragraphs, sentences

PARAGRAPH_SEPARATOR = "\n\n"
ID_HEX_CHARS = 16


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about an article besides its text; None where unknown."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None


def article_id(text: str) -> str:
    """First 16 hex digits of the clean text's sha256: the same body gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def body_text(blocks: Iterable[Block]) -> str:
    return PARAGRAPH_SEPARATOR.join(block.text for block in blocks if block.kept)


def build_article(
    blocks: list[Block],
    source: str,
    metadata: Metadata,
    extra_removed: Iterable[RemovedBlock] = (),
) -> Article:
    """The Article for ``blocks``; ``extra_removed`` are blocks placed already (page chrome)."""
    text, removed, headings = _assemble(blocks)
    removed.extend(extra_removed)
    removed.sort(key=lambda block: block.at)  # stable: document order within one position
    language = metadata.language or detect_language(text)
    return Article(
        id=article_id(text),
        source=source,
        text=text,
        title=metadata.title,
        outlet=metadata.outlet,
        author=metadata.author,
        published=metadata.published,
        language=language,
        removed=tuple(removed),
        paragraphs=paragraphs(text),
        sentences=_outside(sentences(text, language), headings),
        headings=headings,
    )


def _outside(spans: tuple[Span, ...], headings: tuple[Span, ...]) -> tuple[Span, ...]:
    """The sentences that do not overlap a heading (both sorted: one sweep)."""
    if not headings:
        return spans
    kept: list[Span] = []
    index = 0
    for span in spans:
        while index < len(headings) and headings[index].end <= span.start:
            index += 1
        if index == len(headings) or not span.overlaps(headings[index]):
            kept.append(span)
    return tuple(kept)


def _assemble(blocks: list[Block]) -> tuple[str, list[RemovedBlock], tuple[Span, ...]]:
    parts: list[str] = []
    removed: list[RemovedBlock] = []
    headings: list[Span] = []
    pending: list[Block] = []
    offset = 0
    for block in blocks:
        if block.reason is not None:
            pending.append(block)
            continue
        if parts:
            offset += len(PARAGRAPH_SEPARATOR)
        removed.extend(_placed(pending, offset))
        pending = []
        parts.append(block.text)
        if block.heading:
            headings.append(Span(offset, offset + len(block.text)))
        offset += len(block.text)
    removed.extend(_placed(pending, offset))
    return PARAGRAPH_SEPARATOR.join(parts), removed, tuple(headings)


def _placed(blocks: list[Block], at: int) -> list[RemovedBlock]:
    return [RemovedBlock(block.text, block.reason, at) for block in blocks if block.reason]
