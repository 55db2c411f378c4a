"""Dispatch: a path, ``path#N`` or URL to the right reader, and duplicate checks.

The format comes from the strongest evidence available: for URLs the server's content type,
for files the name (``.html``, ``.json``, ``.txt`` after any ``.gz``), and otherwise the
content itself (markup, JSON, else plain text).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import DuplicateInputError, UnsupportedInputError
from storytrace.ingest.decode import decode
from storytrace.ingest.formats import Format, format_of
from storytrace.ingest.html import extract_html
from storytrace.ingest.plain import clean_text
from storytrace.ingest.records import (
    is_json_lines,
    parse_records,
    record_article,
    select_record,
)
from storytrace.ingest.sources import RawInput, is_url, read_source
from storytrace.models import Article

log = logging.getLogger(__name__)

Source = str | os.PathLike[str]


class Kind(Enum):
    TEXT = "text"
    HTML = "html"
    RECORDS = "records"


_KINDS = {Format.HTML: Kind.HTML, Format.TEXT: Kind.TEXT, Format.JSON: Kind.RECORDS}
# Containers hold many articles: a single-article command names the commands that read them.
_CONTAINERS = {
    Format.WARC: "a web archive (WARC)",
    Format.CSV: "a CSV table",
    Format.URL_LIST: "a list of URLs",
}
_MEDIA_TYPES = {
    "text/html": Kind.HTML,
    "application/xhtml+xml": Kind.HTML,
    "application/json": Kind.RECORDS,
    "application/x-ndjson": Kind.RECORDS,
    "application/jsonl": Kind.RECORDS,
    "text/plain": Kind.TEXT,
}
_MARKUP_STARTS = ("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<meta")


def load_article(source: Source, settings: Settings = DEFAULT_SETTINGS) -> Article:
    """The article in a file, a record of a records file (``path#N``), or a URL."""
    name = os.fspath(source)
    location, number = split_selector(name)
    raw = read_source(location, settings)
    kind = _kind_from_name_or_type(raw, name)
    if number is not None and kind not in (Kind.RECORDS, None):
        raise UnsupportedInputError(
            name, f"'#{number}' picks a record, but {location} is not a .json or .jsonl file"
        )
    text = decode(raw.data, name, declared=raw.charset, html=kind in (Kind.HTML, None))
    kind = kind or _kind_from_content(text)
    log.debug("reading %s as %s", name, kind.value)
    if kind is Kind.RECORDS:
        records = parse_records(text, name, json_lines=_json_lines(raw, text))
        return record_article(select_record(records, name, number), name, settings)
    if number is not None:
        raise UnsupportedInputError(name, f"'#{number}' picks a record, but this is not JSON")
    if kind is Kind.HTML:
        return extract_html(text, name, settings, url=raw.url)
    return clean_text(text, name, settings)


def load_articles(
    sources: Sequence[Source], settings: Settings = DEFAULT_SETTINGS
) -> list[Article]:
    """Articles for several inputs, refusing the same file or the same text given twice."""
    seen: dict[object, str] = {}
    for source in sources:
        name = os.fspath(source)
        key = _identity(name)
        if key in seen:
            raise DuplicateInputError(name, f"the same input as {seen[key]}; give each file once")
        seen[key] = name
    articles: list[Article] = []
    by_id: dict[str, str] = {}
    for source in sources:
        article = load_article(source, settings)
        if article.id in by_id:
            raise DuplicateInputError(
                article.source,
                f"same article text as {by_id[article.id]} (id {article.id}); "
                "give each article once",
            )
        by_id[article.id] = article.source
        articles.append(article)
    return articles


def split_selector(name: str) -> tuple[str, int | None]:
    """``data.jsonl#3`` → (``data.jsonl``, 3); URLs and existing paths are left whole."""
    if is_url(name) or Path(name).exists():
        return name, None
    location, mark, number = name.rpartition("#")
    if not mark or not number.isdigit() or not location:
        return name, None
    if int(number) < 1:
        raise UnsupportedInputError(name, "record numbers start at 1 (#1 is the first record)")
    return location, int(number)


def _identity(name: str) -> object:
    """Same file (also through links or another spelling) and same record → same key."""
    if is_url(name):
        return ("url", name.strip())
    location, number = split_selector(name)
    path = Path(location)
    try:
        stat = path.stat()
    except OSError:
        return ("path", str(path.resolve()), number)
    return ("file", stat.st_dev, stat.st_ino, number)


def _kind_from_name_or_type(raw: RawInput, name: str) -> Kind | None:
    fmt = format_of(raw.name)
    if fmt in _CONTAINERS:
        raise UnsupportedInputError(
            name,
            f"is {_CONTAINERS[fmt]}, which holds many articles; read it with "
            "`storytrace trace` or `storytrace ingest`",
        )
    if raw.content_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[raw.content_type]
    if fmt is Format.JSON_LINES:
        return Kind.RECORDS
    return _KINDS.get(fmt) if fmt is not None else None


def _kind_from_content(text: str) -> Kind:
    start = text.lstrip()[:200].lower()
    if start.startswith(_MARKUP_STARTS) or (
        start.startswith("<") and "<html" in text[:2000].lower()
    ):
        return Kind.HTML
    if start.startswith(("{", "[")) and _parses_as_json(text):
        return Kind.RECORDS
    return Kind.TEXT


def _parses_as_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        first = text.lstrip().split("\n", 1)[0]
        try:
            return isinstance(json.loads(first), dict)  # JSON Lines
        except json.JSONDecodeError:
            return False
    return True


def _json_lines(raw: RawInput, text: str) -> bool:
    if is_json_lines(raw.name) or raw.content_type in {"application/x-ndjson", "application/jsonl"}:
        return True
    if Path(raw.name).suffix.lower() == ".json" or raw.content_type == "application/json":
        return False
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return True
    return False
