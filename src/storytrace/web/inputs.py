"""Articles from what a web user gives: pasted text, an uploaded file, or a URL.

Pasted text and uploads go through the same reader as files on the command line
(``storytrace.ingest.load_article``): they are written to a private temporary folder under a
cleaned name (the suffix still tells the format, as it does for a file) and read back, so a
pasted HTML page, an uploaded ``.jsonl`` or a ``.gz`` are read exactly as the CLI reads them.
URLs go to the same reader with the server's settings, whose ``allow_private_urls=False``
turns on the SSRF guard (``storytrace.ingest.netguard``).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from storytrace import api
from storytrace.config import Settings
from storytrace.errors import DuplicateInputError, InputError, UnsupportedInputError
from storytrace.ingest.sources import is_url
from storytrace.models import Article

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article as a web user gave it: exactly one of ``text``, ``data`` or ``url``."""

    label: str  # "A", "B", "article 3": names the input in messages
    text: str | None = None
    data: bytes | None = None
    filename: str | None = None  # of an upload: its suffix tells the format
    url: str | None = None

    @property
    def display(self) -> str:
        """How the article's source is shown: the URL, the file name, or "pasted text A"."""
        if self.url:
            return self.url
        if self.data is not None:
            return clean_name(self.filename or f"upload-{self.label}")
        return f"pasted text {self.label}"


def clean_name(name: str) -> str:
    """A file name safe to create: the last path part, odd characters replaced, 100 chars."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip("._")[:100]
    return cleaned or "upload"


def load_input(given: ArticleInput, settings: Settings) -> Article:
    """The ``Article`` in ``given``; an ``InputError`` naming the input (never a temp path)."""
    if given.url is not None:
        if not is_url(given.url):
            raise UnsupportedInputError(given.url, "not an http(s) URL")
        return api.load_article(given.url.strip(), settings)
    payload = given.data if given.data is not None else (given.text or "").encode("utf-8")
    # Pasted text has no name: no suffix, so the reader looks at the content (HTML, JSON, text).
    name = clean_name(given.filename) if given.data is not None and given.filename else "pasted"
    with tempfile.TemporaryDirectory(prefix="storytrace-web-") as folder:
        path = Path(folder) / name
        path.write_bytes(payload)
        try:
            article = api.load_article(path, settings)
        except InputError as error:
            raise type(error)(given.display, error.problem) from None
    return replace(article, source=given.display)


def load_pair(a: ArticleInput, b: ArticleInput, settings: Settings) -> tuple[Article, Article]:
    """Two articles, refusing the same text twice (as ``storytrace compare`` does)."""
    article_a = load_input(a, settings)
    article_b = load_input(b, settings)
    if article_a.id == article_b.id:
        raise DuplicateInputError(b.display, f"same article text as {a.display}; give two articles")
    return article_a, article_b
