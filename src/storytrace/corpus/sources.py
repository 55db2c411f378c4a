"""Corpus inputs to work items: folders (recursively), JSON Lines, WARC, CSV and URL lists.

Each item carries a resume key: a hash of where it came from and what it holds (file bytes,
the record, the URL), so a second ingest skips everything already stored without extracting it
again. Items are produced lazily, so a 10 GB WARC or JSONL never sits in memory; a container
that cannot be opened at all becomes one failure and the walk goes on.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storytrace.ingest.formats import (
    ARTICLE_FORMATS,
    Format,
    Skipped,
    format_of,
    suffix_of,
    suffixes,
)
from storytrace.ingest.records import clean_record
from storytrace.ingest.sources import not_regular_problem, special_file

log = logging.getLogger(__name__)

# Suffix lists kept for callers that check names quickly; the registry decides.
ARTICLE_SUFFIXES = suffixes(*ARTICLE_FORMATS)
RECORD_SUFFIXES = suffixes(Format.JSON_LINES)
WARC_SUFFIXES = suffixes(Format.WARC)
CSV_SUFFIXES = suffixes(Format.CSV)
URL_LIST_SUFFIXES = suffixes(Format.URL_LIST)
_BODY_COLUMNS = ("html", "text", "body", "content")


@dataclass(frozen=True, slots=True)
class Item:
    """One article to extract.

    ``kind`` is "file" (an article file), "record" (a dict with text or html and metadata) or
    "url" (to fetch). ``key`` is the resume key and becomes the article's corpus id.
    """

    key: str
    source: str
    kind: str
    record: dict[str, Any] = field(default_factory=dict)


Failure = Skipped  # an input that produced no article (stored in ``failures``)


def item_key(source: str, content: bytes | str) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(source.encode("utf-8") + b"\x00" + data).hexdigest()[:16]


def iter_items(paths: list[str]) -> Iterator[Item | Failure]:
    """Every article item under ``paths``, in a deterministic order, failures inline."""
    for path in paths:
        if path.lower().startswith(("http://", "https://")):
            yield Item(item_key(path, ""), path, "url")
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith("."):
                        yield from _file_items(os.path.join(root, name), explicit=False)
        else:
            yield from _file_items(path, explicit=True)


def _file_items(path: str, explicit: bool) -> Iterator[Item | Failure]:
    fmt = format_of(path)
    try:
        special = special_file(path)
        if not os.path.exists(path):
            yield Failure(path, "read", "InputNotFoundError", "no such file or folder")
        elif special:
            yield Failure(path, "read", "UnsupportedInputError", not_regular_problem(special))
        elif fmt is Format.JSON_LINES:
            yield from _jsonl_items(path)
        elif fmt is Format.WARC:
            yield from _warc_items(path)
        elif fmt is Format.CSV:
            yield from _csv_items(path)
        elif fmt is Format.URL_LIST or (fmt is Format.TEXT and _is_url_list(path)):
            yield from _url_items(path)
        elif fmt in ARTICLE_FORMATS or explicit:
            yield Item(item_key(path, Path(path).read_bytes()), path, "file")
        else:
            log.debug("skipping %s: not an article format", path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
        yield Failure(path, "read", type(error).__name__, str(error) or "unreadable")


def _open_text(path: str) -> io.TextIOBase:
    if path.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace", newline="")


def _jsonl_items(path: str) -> Iterator[Item | Failure]:
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}#{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield Failure(source, "read", "JSONDecodeError", f"not JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                yield Failure(
                    source,
                    "read",
                    "UnsupportedInputError",
                    f"expected a JSON object, got {type(record).__name__}",
                )
                continue
            yield Item(item_key(source, line.strip()), source, "record", clean_record(record))


def _csv_items(path: str) -> Iterator[Item | Failure]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with _open_text(path) as handle:
        dialect = "excel-tab" if suffix_of(path) == ".tsv" else "excel"
        reader = csv.DictReader(handle, dialect=dialect)
        if reader.fieldnames is None:
            return
        columns = {name.strip().lower(): name for name in reader.fieldnames}
        if not any(c in columns for c in (*_BODY_COLUMNS, "url")):
            yield Failure(
                path,
                "read",
                "UnsupportedInputError",
                f"CSV has no url, html or text column (columns: {', '.join(columns)})",
            )
            return
        for number, row in enumerate(reader, start=2):
            record = {key: row.get(original) for key, original in columns.items()}
            source = f"{path}#{number}"
            body = next((record[c] for c in _BODY_COLUMNS if record.get(c)), None)
            if body is None and record.get("url"):
                url = str(record["url"]).strip()
                yield Item(item_key(url, ""), url, "url", clean_record(_metadata(record)))
                continue
            if "body" in record or "content" in record:
                record.setdefault("text", record.get("body") or record.get("content"))
            line = json.dumps(record, sort_keys=True, ensure_ascii=False)
            yield Item(item_key(source, line), source, "record", clean_record(record))


def _metadata(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k in ("title", "date", "outlet", "author") and v}


def _warc_items(path: str) -> Iterator[Item | Failure]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle, arc2warc=True):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            record_id = record.rec_headers.get_header("WARC-Record-ID") or uri
            source = f"{path}#{record_id}"
            content_type = ""
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    yield Failure(source, "read", "UnreachableError", f"HTTP status {status}")
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
            payload = record.content_stream().read()
            if content_type and "html" not in content_type and "text" not in content_type:
                continue  # images, scripts, stylesheets: not articles, not failures
            yield Item(
                item_key(source, payload),
                source,
                "record",
                {
                    "html_bytes": payload,
                    "url": uri or None,
                    "content_type": content_type,
                    "crawl_date": (record.rec_headers.get_header("WARC-Date") or "")[:10] or None,
                },
            )


def _is_url_list(path: str) -> bool:
    with _open_text(path) as handle:
        lines = [line.strip() for line, _ in zip(handle, range(20), strict=False) if line.strip()]
    return bool(lines) and all(line.lower().startswith(("http://", "https://")) for line in lines)


def _url_items(path: str) -> Iterator[Item | Failure]:
    with _open_text(path) as handle:
        for line in handle:
            url = line.strip()
            if not url or url.startswith("#"):
                continue
            if not url.lower().startswith(("http://", "https://")):
                yield Failure(
                    f"{path}: {url[:80]}", "read", "UnsupportedInputError", "not an http(s) URL"
                )
                continue
            yield Item(item_key(url, ""), url, "url")
