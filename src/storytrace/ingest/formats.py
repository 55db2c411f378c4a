"""The one registry of input formats, and the one record of an input that was skipped.

``compare`` (one article per input), ``trace`` (a set) and ``ingest`` (a corpus) all ask this
module what a file name means, so a folder holds the same articles for each: they used to keep
three lists that disagreed (``trace dir/`` skipped .csv, .ndjson and .xhtml; WARC was read only
by ``ingest``). A ``.gz`` suffix is looked through (``a.html.gz`` is HTML).

Formats come in two shapes: *article* formats hold one article (a JSON document may hold a
list, picked with ``#N``), *container* formats hold many (one per line, row or WARC record) and
are expanded into one input per article by ``trace`` and ``ingest``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum


class Format(Enum):
    HTML = "html"
    TEXT = "text"
    JSON = "json"  # one record, or a list of records
    JSON_LINES = "jsonl"  # one record per line
    CSV = "csv"  # one record per row: url, html or text/body/content columns
    WARC = "warc"  # web archive: one article per HTML response
    URL_LIST = "urls"  # one URL per line


SUFFIXES: dict[str, Format] = {
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".shtml": Format.HTML,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.TEXT,
    ".json": Format.JSON,
    ".jsonl": Format.JSON_LINES,
    ".ndjson": Format.JSON_LINES,
    ".csv": Format.CSV,
    ".tsv": Format.CSV,
    ".warc": Format.WARC,
    ".arc": Format.WARC,
    ".urls": Format.URL_LIST,
    ".list": Format.URL_LIST,
}
ARTICLE_FORMATS = frozenset({Format.HTML, Format.TEXT, Format.JSON})
CONTAINER_FORMATS = frozenset({Format.JSON_LINES, Format.CSV, Format.WARC, Format.URL_LIST})


def suffix_of(name: str | os.PathLike[str]) -> str:
    """The format suffix of a file name, looking through ``.gz`` (``A.HTML.gz`` → ``.html``)."""
    base = os.path.basename(os.fspath(name)).lower().removesuffix(".gz")
    return os.path.splitext(base)[1]


def format_of(name: str | os.PathLike[str]) -> Format | None:
    """The format a file name says, or None when the name does not tell."""
    return SUFFIXES.get(suffix_of(name))


def suffixes(*formats: Format) -> tuple[str, ...]:
    """Every suffix registered for ``formats``, for messages and quick checks."""
    return tuple(suffix for suffix, fmt in SUFFIXES.items() if fmt in formats)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that gave no article, and why: one record for ``trace`` (listed in its
    warnings) and ``ingest`` (stored in the ``failures`` table).

    ``stage`` is where it failed ("read": the input could not be opened or parsed as a
    container; "extract": no article came out of it), ``error`` the error class name.
    """

    source: str
    stage: str
    error: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

    def row(self, run_id: str) -> dict[str, str]:
        return {
            "source": self.source,
            "stage": self.stage,
            "error": self.error,
            "reason": self.reason,
            "run_id": run_id,
        }
