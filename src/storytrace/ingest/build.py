"""Marked blocks to a complete ``Article``: clean text, offsets, id, language, segmentation.

The one place an Article is assembled, so text, HTML and records give the same shape: body
paragraphs joined by a blank line, every removed block placed at the offset of the paragraph
that followed it (the end of the text for trailing ones), the id hashed from the clean text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from storytrace.ingest.language import detect_language
from storytrace.ingest.text import Block
from storytrace.models import Article, RemovedBlock
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
    text, removed = _assemble(blocks)
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
        sentences=sentences(text, language),
    )


def _assemble(blocks: list[Block]) -> tuple[str, list[RemovedBlock]]:
    parts: list[str] = []
    removed: list[RemovedBlock] = []
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
        offset += len(block.text)
    removed.extend(_placed(pending, offset))
    return PARAGRAPH_SEPARATOR.join(parts), removed


def _placed(blocks: list[Block], at: int) -> list[RemovedBlock]:
    return [RemovedBlock(block.text, block.reason, at) for block in blocks if block.reason]
