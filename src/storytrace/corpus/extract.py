"""The extract stage: one work item in, one ``Article`` (or one failure with its reason) out.

Extraction is the ingest library's (``storytrace.ingest``), exactly as ``compare`` does it; this
module only routes each kind of item to it and applies what a record or a crawl knows better
than the page (title, outlet, date). Pure and picklable, so a process pool or a Spark executor
runs it unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from storytrace.config import Settings
from storytrace.corpus.sources import Failure, Item
from storytrace.errors import InputError, StorytraceError
from storytrace.models import Article

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Extracted:
    key: str
    url: str | None
    article: Article | None
    failure: Failure | None


def extract_item(item: Item, settings: Settings) -> Extracted:
    """Never raises for a bad input: the failure carries the reason instead."""
    try:
        article, url = _extract(item, settings)
    except InputError as error:
        return Extracted(
            item.key,
            None,
            None,
            Failure(item.source, "extract", type(error).__name__, error.problem),
        )
    except StorytraceError as error:
        return Extracted(
            item.key, None, None, Failure(item.source, "extract", type(error).__name__, str(error))
        )
    except Exception as error:  # a parser bug on one page must not stop a corpus run
        return Extracted(
            item.key,
            None,
            None,
            Failure(item.source, "extract", type(error).__name__, f"unexpected error: {error}"),
        )
    return Extracted(item.key, url, article, None)


def _extract(item: Item, settings: Settings) -> tuple[Article, str | None]:
    from storytrace.ingest import clean_text, extract_html, load_article

    record = item.record
    if item.kind in ("file", "url"):
        article = load_article(item.source, settings)
        url = item.source if item.kind == "url" else None
        return _with_metadata(article, record), url
    url = _text(record.get("url"))
    html = record.get("html")
    if isinstance(record.get("html_bytes"), bytes):
        from storytrace.ingest.decode import decode

        html = decode(record["html_bytes"], item.source, html=True)
    if isinstance(html, str) and html.strip():
        article = extract_html(html, item.source, settings, url=url)
    elif isinstance(record.get("text"), str):
        article = clean_text(record["text"], item.source, settings)
    else:
        fields = ", ".join(sorted(k for k in record if k != "html_bytes")) or "none"
        raise InputError(item.source, f"record has no 'text' or 'html' field (fields: {fields})")
    article = _with_metadata(article, record)
    if article.published is None and record.get("crawl_date"):
        article = replace(article, published=record["crawl_date"])
    return article, url


def _with_metadata(article: Article, record: dict[str, Any]) -> Article:
    """A record's own metadata wins: a feed that knows the outlet knows it better."""
    date = _text(record.get("date")) or _text(record.get("published"))
    match = _ISO_DATE.match(date or "")
    return replace(
        article,
        title=_text(record.get("title")) or article.title,
        outlet=_text(record.get("outlet")) or article.outlet,
        author=_text(record.get("author")) or article.author,
        published=match.group(1) if match else article.published,
    )


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
