"""HTML pages to articles: trafilatura finds the body, our text passes tidy it.

Settings were chosen on the Zyte article-extraction benchmark (181 pages, eval/extraction.py,
article-body F1 over 4-token shingles): trafilatura's default scores 0.953, without comments
0.960, ``favor_precision`` 0.959, both together 0.964 (``favor_recall`` 0.952, tables off
0.952, ``fast`` 0.941). When the precise pass finds less than ``RECALL_RETRY_CHARS`` of text
it often missed the article (a paywall notice won over it), so we retry with ``favor_recall``
and keep the longer body. With our text passes on top the pipeline scores 0.968 (0.972 when
the subheadings it removes are counted as body, as Zyte's ground truth does).

Whatever the extractor dropped is kept as PAGE_CHROME blocks: the text of the page's leaf
blocks (paragraphs, list items, headings, cells, text-only divs) that is not in the body,
placed before the body paragraph that follows it in document order.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import EmptyInputError, NoArticleBodyError
from storytrace.ingest.build import Metadata, body_text, build_article
from storytrace.ingest.language import language_code
from storytrace.ingest.text import Block, Hints, clean_blocks
from storytrace.models import Article, RemovalReason, RemovedBlock

log = logging.getLogger(__name__)

# Below this many characters the precise pass probably missed the article (a paywall or
# reprint notice won). Zyte F1 of the whole pipeline: no retry 0.963, 250 → 0.963,
# 500 → 0.968, 1000 → 0.967 (the shortest true body there is 369 characters).
RECALL_RETRY_CHARS = 500
# Page chrome kept per article: enough for menus, footers and teasers, bounded for pages
# with thousands of comments or product tiles.
MAX_CHROME_BLOCKS = 300
MAX_CHROME_CHARS = 1000
# Elements whose whole text is one block of the page.
_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote",
    "figcaption", "caption", "pre", "address", "summary",
}  # fmt: skip
# Elements that hold blocks: walked into unless nothing block-like is inside.
_CONTAINERS = {
    "div", "section", "article", "aside", "header", "footer", "nav", "main", "form", "ul",
    "ol", "dl", "table", "tbody", "thead", "tfoot", "tr", "figure", "details", "fieldset",
    "body", "html", "center",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "select", "iframe", "object"}


@dataclass(frozen=True, slots=True)
class _Extraction:
    text: str
    headings: frozenset[str]
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    hostname: str | None


def extract_html(
    html: str, source: str, settings: Settings = DEFAULT_SETTINGS, url: str | None = None
) -> Article:
    """The article in an HTML page: body text, metadata and what was left out."""
    if not html.strip():
        raise EmptyInputError(source, "empty HTML; expected an article page")
    extraction = _extract(html, url)
    if extraction is None:
        raise NoArticleBodyError(source, "no article text found in the HTML page")
    blocks = [
        Block(line, heading=line in extraction.headings)
        for line in (" ".join(raw.split()) for raw in extraction.text.split("\n"))
        if line
    ]
    blocks, found = clean_blocks(blocks, Hints(title=extraction.title, author=extraction.author))
    text = body_text(blocks)
    if len(text) < settings.min_body_chars:
        raise NoArticleBodyError(
            source,
            f"no article body: {len(text)} characters of text, fewer than "
            f"{settings.min_body_chars} (settings.min_body_chars); is it an index or error page?",
        )
    tree = load_html(html)
    known = {block.text for block in blocks if not block.kept}
    known.update(filter(None, (extraction.title, found.title)))
    chrome = page_chrome(tree, text, known) if tree is not None else []
    metadata = Metadata(
        title=extraction.title or found.title,
        outlet=extraction.sitename or extraction.hostname,
        author=extraction.author or found.author,
        published=_iso_date(extraction.date) or found.published,
        language=_declared_language(tree),
    )
    return build_article(blocks, source, metadata, chrome)


def _extract(html: str, url: str | None) -> _Extraction | None:
    precise = _run_trafilatura(html, url, precise=True)
    if precise is not None and len(precise.text) >= RECALL_RETRY_CHARS:
        return precise
    log.debug("precise extraction found little text; retrying with favor_recall")
    recall = _run_trafilatura(html, url, precise=False)
    candidates = [e for e in (precise, recall) if e is not None]
    return max(candidates, key=lambda e: len(e.text), default=None)


def _run_trafilatura(html: str, url: str | None, *, precise: bool) -> _Extraction | None:
    """One trafilatura pass: ``precise`` favours precision, else recall."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        with_metadata=True,
        favor_precision=precise,
        favor_recall=not precise,
    )
    if not isinstance(document, Document) or not document.text or not document.text.strip():
        return None
    body = document.body
    headings = (
        frozenset(" ".join("".join(head.itertext()).split()) for head in body.iter("head"))
        if body is not None
        else frozenset()
    )
    return _Extraction(
        text=document.text,
        headings=headings,
        title=_clean(document.title),
        author=_clean(document.author),
        date=document.date,
        sitename=_clean(document.sitename),
        hostname=_clean(document.hostname),
    )


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


def _iso_date(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" else None


def _declared_language(tree: HtmlElement | None) -> str | None:
    """``<html lang="en-US">`` → "en"; also ``xml:lang`` and the content-language meta."""
    if tree is None:
        return None
    root = tree.getroottree().getroot()
    for value in (root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")):
        if code := language_code(value):
            return code
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language":
            return language_code((meta.get("content") or "").split(",")[0])
    return None


# --- page chrome -----------------------------------------------------------------------------


def page_chrome(tree: HtmlElement, text: str, known: set[str]) -> list[RemovedBlock]:
    """Text blocks of the page that are not in the body, placed by document order."""
    locator = _BodyLocator(text)
    chrome: list[RemovedBlock] = []
    pending: list[str] = []
    seen = set(known)
    for block in _leaf_texts(tree):
        position = locator.find(block)
        if position is not None:
            chrome.extend(RemovedBlock(t, RemovalReason.PAGE_CHROME, position) for t in pending)
            pending = []
            continue
        if block in seen or len(chrome) + len(pending) >= MAX_CHROME_BLOCKS:
            continue
        seen.add(block)
        pending.append(block if len(block) <= MAX_CHROME_CHARS else block[:MAX_CHROME_CHARS] + "…")
    chrome.extend(RemovedBlock(t, RemovalReason.PAGE_CHROME, len(text)) for t in pending)
    return chrome


class _BodyLocator:
    """Finds a page block in the clean text, moving forward, and returns the start of the
    paragraph it belongs to (paragraphs are searched joined by spaces, so a block spanning
    two paragraphs, split by a <br>, still matches)."""

    def __init__(self, text: str) -> None:
        paragraphs = text.split("\n\n")
        self._flat = " ".join(paragraphs)
        self._flat_starts: list[int] = []
        self._text_starts: list[int] = []
        flat = offset = 0
        for paragraph in paragraphs:
            self._flat_starts.append(flat)
            self._text_starts.append(offset)
            flat += len(paragraph) + 1
            offset += len(paragraph) + 2
        self._cursor = 0

    def find(self, block: str) -> int | None:
        found = self._flat.find(block, self._cursor)
        if found < 0:
            found = self._flat.find(block)  # pages repeat things out of order
            if found < 0:
                return None
        else:
            self._cursor = found + len(block)
        index = bisect.bisect_right(self._flat_starts, found) - 1
        return self._text_starts[index]


def _leaf_texts(tree: HtmlElement) -> list[str]:
    """Whitespace-normalised text of the page's leaf blocks, in document order.

    A block element, or any element with no block inside, gives its whole text; other
    elements give their loose text (``text`` and their children's tails) and are walked
    into. The walk keeps its own stack: broken pages nest deeper than Python's recursion.
    """
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    holders = _block_holders(tree)
    texts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(tree, False)]
    while stack:
        element, is_tail = stack.pop()
        if is_tail:
            _add(element.tail, texts)
            continue
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag in _SKIP:
            continue
        if tag in _BLOCKS or element not in holders:
            _add(element.text_content(), texts)
            continue
        _add(element.text, texts)
        for child in reversed(element):
            stack.append((child, True))
            stack.append((child, False))
    return texts


def _block_holders(tree: HtmlElement) -> set[etree._Element]:
    """Elements with a block or container somewhere inside (one upward pass per element)."""
    holders: set[etree._Element] = set()
    for element in tree.iter(*_BLOCKS, *_CONTAINERS):
        parent = element.getparent()
        while parent is not None and parent not in holders:
            holders.add(parent)
            parent = parent.getparent()
    return holders


def _add(text: str | None, texts: list[str]) -> None:
    text = " ".join(text.split()) if text else ""
    if len(text) >= 2 and any(ch.isalnum() for ch in text):
        texts.append(text)
