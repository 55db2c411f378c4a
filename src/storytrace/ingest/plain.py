"""Plain text to an article: split into blocks, mark the furniture, assemble."""

from __future__ import annotations

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import EmptyInputError, NoArticleBodyError
from storytrace.ingest.build import Metadata, build_article
from storytrace.ingest.decode import strip_controls
from storytrace.ingest.text import Hints, clean_blocks, split_blocks
from storytrace.models import Article


def clean_text(text: str, source: str, settings: Settings = DEFAULT_SETTINGS) -> Article:
    """The article in a plain-text copy of a page: body paragraphs, metadata, removed blocks.

    Short texts are accepted as they are (a one-line article is still an article); only a
    text with nothing left after removing headings, links and prompts is refused.
    """
    return clean_text_with_hints(text, source, settings, Hints())


def clean_text_with_hints(
    text: str, source: str, settings: Settings, hints: Hints, metadata: Metadata | None = None
) -> Article:
    """``clean_text`` with what the caller knows (a record's title and author)."""
    del settings  # no text-level threshold is configurable yet; kept for one signature
    text = strip_controls(text)  # idempotent; callers with a string skipped ``decode``
    if not text.strip():
        raise EmptyInputError(source, "empty text (only whitespace); expected article text")
    blocks, found = clean_blocks(split_blocks(text), hints)
    if not any(block.kept for block in blocks):
        raise NoArticleBodyError(
            source, "no article body: every line looked like a heading, link list or prompt"
        )
    metadata = metadata or Metadata()
    return build_article(
        blocks,
        source,
        Metadata(
            title=metadata.title or found.title,
            outlet=metadata.outlet,
            author=metadata.author or found.author,
            published=metadata.published or found.published,
            language=metadata.language,
        ),
    )
