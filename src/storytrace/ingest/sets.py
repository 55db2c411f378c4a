"""Sets of articles for ``trace``: folders, record files, tables, web archives and URL lists
expanded into articles, each read on its own so one bad input is skipped (with a ``Skipped``
record saying why) instead of stopping the set.

Which files count, and how a container is opened, is the format registry's
(``storytrace.ingest.formats``), shared with ``ingest``: a folder gives ``trace`` the same
articles it gives the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import InputError, InputNotFoundError
from storytrace.ingest.formats import Format, Skipped, format_of
from storytrace.ingest.loader import load_article
from storytrace.ingest.sources import is_url, not_regular_problem, special_file
from storytrace.models import Article

# Containers read record by record with the corpus readers (CSV rows, WARC responses).
_CORPUS_CONTAINERS = (Format.CSV, Format.WARC)


def expand(inputs: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Inputs as names: a folder gives its files in a registered format (recursively, sorted,
    hidden ones left out), a JSON Lines file one ``file#N`` per record, a URL list one URL per
    line. CSV and WARC files stay whole (``load_set`` reads their records)."""
    found: list[str] = []
    for item in inputs:
        name = os.fspath(item)
        path = Path(name)
        if is_url(name) or ("#" in name and not path.exists()):
            found.append(name)
        elif path.is_dir():
            found += [
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and format_of(p) is not None
            ]
        elif not path.exists():
            raise InputNotFoundError(name, "no such file or folder")
        else:
            found.append(name)
    return [entry for name in found for entry in _entries(name)]


def _entries(name: str) -> list[str]:
    fmt = None if is_url(name) or special_file(name) else format_of(name)
    path = Path(name)
    if fmt is Format.URL_LIST and path.is_file():
        return [
            line.strip()
            for line in path.read_text("utf-8", errors="replace").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    if fmt is Format.JSON_LINES and path.is_file() and not name.lower().endswith(".gz"):
        with path.open("rb") as handle:
            count = sum(1 for line in handle if line.strip())
        return [f"{name}#{i}" for i in range(1, count + 1)] or [name]
    return [name]


def load_set(
    inputs: Sequence[str | os.PathLike[str]], settings: Settings = DEFAULT_SETTINGS
) -> tuple[list[Article], list[Skipped]]:
    """Articles for every input, and a ``Skipped`` record per input that gave none."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for name, article_or_skip in _read_all(expand(inputs), settings):
        key = _identity(name)
        if key in seen:
            skipped.append(Skipped(name, "read", "DuplicateInputError", "given twice; read once"))
            continue
        seen.add(key)
        if isinstance(article_or_skip, Skipped):
            skipped.append(article_or_skip)
        else:
            articles.append(article_or_skip)
    return articles, skipped


def _read_all(names: list[str], settings: Settings) -> Iterator[tuple[str, Article | Skipped]]:
    for name in names:
        special = None if is_url(name) else special_file(name)
        if special:
            problem = not_regular_problem(special)
            yield name, Skipped(name, "read", "UnsupportedInputError", problem)
        elif not is_url(name) and format_of(name) in _CORPUS_CONTAINERS:
            yield from _container(name, settings)
        else:
            try:
                yield name, load_article(name, settings)
            except InputError as error:
                yield name, Skipped(name, "extract", type(error).__name__, error.problem)


def _container(name: str, settings: Settings) -> Iterator[tuple[str, Article | Skipped]]:
    """Each record of a CSV or WARC file, read exactly as ``ingest`` reads it."""
    from storytrace.corpus.extract import extract_item  # the corpus readers, loaded on use
    from storytrace.corpus.sources import Item, iter_items

    for item in iter_items([name]):
        if not isinstance(item, Item):
            yield item.source, item
            continue
        extracted = extract_item(item, settings)
        if extracted.article is not None:
            yield item.source, extracted.article
        elif extracted.failure is not None:
            yield item.source, extracted.failure


def _identity(name: str) -> str:
    """The same file (through a link or another spelling) and record give the same key."""
    if is_url(name):
        return name.strip()
    if os.path.exists(name):
        return os.path.realpath(name)
    location, mark, record = name.partition("#")
    return f"{os.path.realpath(location)}#{record}" if mark else os.path.realpath(name)
