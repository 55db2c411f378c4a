"""Articles stored as JSON: one object, a list of objects, or JSON Lines.

A record holds the article in ``text`` (plain text) or ``html`` (a page), and may carry
metadata that overrides what extraction finds: ``url``, ``title``, ``date`` (or
``published``), ``outlet``, ``author``, ``language``. A producer that already knows the
headline knows it better than our guess.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import EmptyInputError, InputNotFoundError, UnsupportedInputError
from storytrace.ingest.build import Metadata
from storytrace.ingest.dates import parse_date
from storytrace.ingest.decode import decode, strip_controls
from storytrace.ingest.html import extract_html
from storytrace.ingest.language import language_code
from storytrace.ingest.plain import clean_text_with_hints
from storytrace.ingest.sources import (
    GZIP_MAGIC,
    is_url,
    not_regular_problem,
    read_source,
    special_file,
)
from storytrace.ingest.text import Hints
from storytrace.models import Article
from storytrace.text.segment import sentences

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
RECORD_SUFFIXES = (".json", *JSON_LINES_SUFFIXES)
_BODY_FIELDS = ("text", "html")


def is_json_lines(name: str) -> bool:
    return name.lower().removesuffix(".gz").endswith(JSON_LINES_SUFFIXES)


def iter_records(
    path: str | os.PathLike[str], settings: Settings = DEFAULT_SETTINGS
) -> Iterator[dict[str, Any]]:
    """Records of a .json (object or list) or .jsonl file, gzipped or not.

    JSON Lines files are streamed line by line, so a corpus larger than
    ``settings.max_input_bytes`` can be read; a .json document is read whole, within it.
    """
    source = os.fspath(path)
    if is_json_lines(source) and not is_url(source):
        yield from _stream_json_lines(Path(source), source)
        return
    raw = read_source(source, settings)
    json_lines = is_json_lines(raw.name)
    yield from parse_records(decode(raw.data, source), source, json_lines=json_lines)


def parse_records(text: str, source: str, *, json_lines: bool) -> list[dict[str, Any]]:
    """Records in ``text``; JSON Lines when ``json_lines``, else one JSON document."""
    if json_lines:
        return [
            _as_record(_loads(line, source, number), source, f"line {number}")
            for number, line in enumerate(text.splitlines(), 1)
            if line.strip()
        ]
    document = _loads(text, source, None)
    if isinstance(document, list):
        return [_as_record(item, source, f"item {n}") for n, item in enumerate(document, 1)]
    return [_as_record(document, source, "the document")]


def _stream_json_lines(path: Path, source: str) -> Iterator[dict[str, Any]]:
    if not path.exists():
        raise InputNotFoundError(source, "no such file")
    if path.is_dir():
        raise UnsupportedInputError(source, "is a directory; expected a .jsonl file")
    special = special_file(path)
    if special:
        raise UnsupportedInputError(source, not_regular_problem(special))
    with path.open("rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise UnsupportedInputError(
                    source, f"line {number} is not UTF-8 (JSON Lines must be UTF-8)"
                ) from error
            yield _as_record(_loads(text, source, number), source, f"line {number}")


def _loads(text: str, source: str, line: int | None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {line}" if line is not None else f"line {error.lineno} column {error.colno}"
        raise UnsupportedInputError(
            source, f"invalid JSON at {where} ({error.msg}); expected a JSON object per record"
        ) from error


def _as_record(value: Any, source: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnsupportedInputError(
            source,
            f"{where} is a JSON {_json_type(value)}; expected an object with a "
            f"'text' or 'html' field",
        )
    return value


def _json_type(value: Any) -> str:
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def select_record(records: list[dict[str, Any]], source: str, number: int | None) -> dict[str, Any]:
    """The record ``#number`` asks for (1-based), or the only one."""
    if not records:
        raise EmptyInputError(source, "no records in the file; expected at least one article")
    if number is None:
        if len(records) > 1:
            raise UnsupportedInputError(
                source,
                f"holds {len(records)} records; add '#N' to pick one "
                f"(e.g. {source}#1 … {source}#{len(records)})",
            )
        return records[0]
    if not 1 <= number <= len(records):
        raise UnsupportedInputError(
            source,
            f"has {len(records)} record(s); #{number} is out of range (use #1–#{len(records)})",
        )
    return records[number - 1]


def record_article(record: dict[str, Any], source: str, settings: Settings) -> Article:
    """The article in one record; its metadata fields win over what extraction finds.

    JSON escapes (``\\u001b``) reach no decoder, so control characters and terminal escape
    sequences are stripped from every string field here, as ``decode`` does for files.
    """
    record = clean_record(record)
    metadata = _record_metadata(record)
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        article = extract_html(html, source, settings, url=_string(record.get("url")))
    elif isinstance(text, str):
        hints = Hints(title=metadata.title, author=metadata.author)
        article = clean_text_with_hints(text, source, settings, hints, metadata)
    else:
        present = field_names(record)
        raise UnsupportedInputError(
            source,
            f"record has no 'text' or 'html' string field (fields: {present}); "
            f"expected one of {', '.join(_BODY_FIELDS)}",
        )
    language = metadata.language or article.language
    return replace(
        article,
        title=metadata.title or article.title,
        outlet=metadata.outlet or article.outlet,
        author=metadata.author or article.author,
        published=metadata.published or article.published,
        language=language,
        sentences=(
            article.sentences if language == article.language else sentences(article.text, language)
        ),
    )


def field_names(record: dict[str, Any], limit: int = 12) -> str:
    """The record's field names for a one-line message: escaped (a key may hold a newline or
    an escape sequence), at most ``limit`` of them."""
    names = sorted(json.dumps(key, ensure_ascii=False)[1:-1] for key in record)
    shown = ", ".join(name[:40] for name in names[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return (shown + more) or "none"


def clean_record(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with control characters stripped from its string fields."""
    return {
        key: strip_controls(value) if isinstance(value, str) else value
        for key, value in record.items()
    }


def _record_metadata(record: dict[str, Any]) -> Metadata:
    date = _string(record.get("date")) or _string(record.get("published"))
    return Metadata(
        title=_string(record.get("title")),
        outlet=_string(record.get("outlet")),
        author=_string(record.get("author")),
        published=parse_date(date) if date else None,
        language=language_code(_string(record.get("language"))),
    )


def _string(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
