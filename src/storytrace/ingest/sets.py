"""Sets of articles for ``trace``: folders, record files and lists expanded into inputs, each
read on its own so one bad file is reported and skipped instead of stopping the set."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import InputError, InputNotFoundError
from storytrace.ingest.loader import load_article
from storytrace.ingest.sources import is_url
from storytrace.models import Article

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".gz", ".md"})


def expand(inputs: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Inputs as single articles: a folder gives its article files (recursively, sorted), a
    ``.jsonl`` file one input per record (``file#N``), a ``.urls`` / ``.list`` file one per line."""
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
                and p.suffix.lower() in ARTICLE_SUFFIXES | {".jsonl"}
            ]
        elif path.suffix.lower() in (".urls", ".list") and path.is_file():
            found += [
                line.strip()
                for line in path.read_text("utf-8", errors="replace").splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            ]
        elif not path.exists():
            raise InputNotFoundError(name, "no such file or folder")
        else:
            found.append(name)
    return _records(found)


def _records(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        path = Path(name)
        if path.suffix.lower() == ".jsonl" and path.is_file():
            with path.open("rb") as handle:
                count = sum(1 for line in handle if line.strip())
            out += [f"{name}#{i}" for i in range(count)] or [name]
        else:
            out.append(name)
    return out


def load_set(
    inputs: Sequence[str | os.PathLike[str]], settings: Settings = DEFAULT_SETTINGS
) -> tuple[list[Article], list[str]]:
    """Articles for every input, and one line per input that could not be read (skipped)."""
    articles: list[Article] = []
    failures: list[str] = []
    seen: set[str] = set()
    for name in expand(inputs):
        location, _, record = name.partition("#")
        key = name if is_url(name) else f"{os.path.realpath(location)}#{record}"
        if key in seen:
            failures.append(f"{name}: given twice; read once")
            continue
        seen.add(key)
        try:
            articles.append(load_article(name, settings))
        except InputError as error:
            failures.append(str(error))
    return articles, failures
