"""HTML pages to articles: trafilatura finds the body, our text passes tidy it.

Settings were chosen on the Zyte article-extraction benchmark (181 pages, eval/extraction.py,
article-body F1 over 4-token shingles): trafilatura's default scores 0.953, without comments
0.960, ``favor_precision`` 0.959, both together 0.964 (``favor_recall`` 0.952, tables off
0.952, ``fast`` 0.941). When the precise pass finds less than ``RECALL_RETRY_CHARS`` of text
it often missed the article (a paywall notice won over it), so we retry with ``favor_recall``
and keep the longer body. With our text passes on top (subheadings kept in the text since
schema 1.1) the pipeline scores 0.974.

The precise pass also drops real text, such as the link-only paragraphs of a list of
incidents. So a second, default pass runs too, and each line only it found is put back where
it stands when it lies between two lines of the precise body and, in the page, shares their
container (see ``_merge``). On Zyte this is neutral (F1 0.968 either way; taking every
in-between line instead gives 0.967, precision 0.974 → 0.970: teasers between paragraphs);
it is there for the recall that multilingual snippet suites measure. Both passes can also
stop after the first chunk of an article cut into several containers, or drop a subheading
set in a ``<div>``: ``_continued`` puts such blocks back from the page. Figure captions are
not added: on the Zyte pages 121 of 124 caption texts are not part of the true body.

Pages nested deeper than libxml2's 256-level limit are flattened first (``shallow_html``).

Whatever the extractor dropped is kept as removed blocks: the text of the page's leaf blocks
(paragraphs, list items, headings, cells, text-only divs) that is not in the body, placed
before the body paragraph that follows it in document order. A block that says what it is
(a share bar, an advertisement label, a photo credit) gets that reason, the rest PAGE_CHROME.
"""

from __future__ import annotations

import bisect
import difflib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html import escape
from html.parser import HTMLParser

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import EmptyInputError, NoArticleBodyError
from storytrace.ingest.build import Metadata, body_text, build_article
from storytrace.ingest.cues import is_heading_like, is_related_label
from storytrace.ingest.language import language_code
from storytrace.ingest.text import Block, Hints, clean_blocks, furniture_reason
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
# Pages nested deeper than this are flattened below it (libxml2's own limit is 256 levels;
# real articles nest 20–40 deep).
MAX_DEPTH = 200
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
    html, tree = _parse(html)
    leaves = _leaf_blocks(tree) if tree is not None else []
    extraction = _extract(html, url, leaves)
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
    known = {block.text for block in blocks if not block.kept}
    known.update(filter(None, (extraction.title, found.title)))
    chrome = page_chrome([text for _, text in leaves], text, known)
    metadata = Metadata(
        title=extraction.title or found.title,
        outlet=extraction.sitename or extraction.hostname,
        author=extraction.author or found.author,
        published=_iso_date(extraction.date) or found.published,
        language=_declared_language(tree),
    )
    return build_article(blocks, source, metadata, chrome)


def _parse(html: str) -> tuple[str, HtmlElement | None]:
    """The page (flattened when it nests too deep for the parser) and its tree."""
    tree = load_html(html)
    if tree is not None and _depth(tree) >= MAX_DEPTH:
        html = shallow_html(html)
        tree = load_html(html)
    return html, tree


def _extract(html: str, url: str | None, leaves: list[_Leaf]) -> _Extraction | None:
    precise = _run_trafilatura(html, url, "precise")
    if precise is None or len(precise.text) < RECALL_RETRY_CHARS:
        log.debug("precise extraction found little text; retrying with favor_recall")
        recall = _run_trafilatura(html, url, "recall")
        candidates = [e for e in (precise, recall) if e is not None]
        best = max(candidates, key=lambda e: len(e.text), default=None)
        return _continued(best, leaves) if best is not None else None
    broad = _run_trafilatura(html, url, "default")
    return _continued(_merge(precise, broad, leaves) if broad is not None else precise, leaves)


def _run_trafilatura(html: str, url: str | None, mode: str) -> _Extraction | None:
    """One trafilatura pass: ``mode`` is "precise", "default" or "recall"."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        with_metadata=True,
        favor_precision=mode == "precise",
        favor_recall=mode == "recall",
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


def _merge(precise: _Extraction, broad: _Extraction, leaves: list[_Leaf]) -> _Extraction:
    """The precise body plus the lines only the broad pass found that sit in its containers.

    The lines of both are aligned in document order. A broad-only line is kept where it
    stands when, in the page, it shares a container with lines of the precise body: a list
    item or table row of a list that sits among the article's paragraphs, a paragraph the
    precise pass judged too short or link-heavy. Teasers and comments live in containers of
    their own and stay out.
    """
    ours = [line for line in precise.text.split("\n") if line.strip()]
    theirs = [line for line in broad.text.split("\n") if line.strip()]
    matcher = difflib.SequenceMatcher(
        None, [_line_key(x) for x in ours], [_line_key(x) for x in theirs], autojunk=False
    )
    elements: dict[str, etree._Element] = {}
    for element, text in leaves:
        elements.setdefault(text.lower(), element)
    body = {
        _context(element) for line in ours if (element := elements.get(_line_key(line))) is not None
    }
    merged: list[str] = []
    seen = set(ours)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(ours[i1:i2])
        if op in ("insert", "replace") and i1 > 0 and i2 < len(ours):
            for line in theirs[j1:j2]:
                element = elements.get(_line_key(line))
                if element is not None and _context(element) in body and line not in seen:
                    merged.append(line)
                    seen.add(line)
    return replace(precise, text="\n".join(merged), headings=precise.headings | broad.headings)


# Paragraph-like blocks that may continue the article in a sibling container.
_CONTINUATION_TAGS = {"p", "h2", "h3", "h4", "blockquote"}
# How far up two containers may part and still be chunks of one article body.
CHUNK_LEVELS = 3
# Blocks inside the body's own container that neither pass kept and that are put back.
_INNER_TAGS = {"h2", "h3", "h4", "h5", "h6", "div", "li"}
_NOT_BODY = {"figure", "figcaption", "aside", "nav", "header", "footer", "form", "button"}


def _continued(extraction: _Extraction, leaves: list[_Leaf]) -> _Extraction:
    """The body with page blocks that neither trafilatura pass kept put back, in page order.

    * Other chunks of the article. Some sites cut one article into a series of sibling
      containers (a "chunk" per ad slot: ``<div class="article__chunks"><div class="grid">
      <div class="body">…``); trafilatura takes the first and stops, so on two Zyte pages half
      the article was lost. A paragraph or heading is put back when its container looks like
      a body container (the same tag and class) and parts from it at most ``CHUNK_LEVELS``
      levels up (Zyte token F1 0.972 → 0.974, snippet recall 0.962 → 0.968).
    * Headings and link-only list items in the body's own container, between its first and
      last line, outside figures and asides: a subheading set in a ``<div>``, a list of the
      sources or incidents the article links to (snippet recall 0.968 → 0.972, token F1
      unchanged; putting back short ``<p>`` blocks too lets teasers in: F1 0.973).
    The text passes then judge them like any other line (related-link labels, share bars).
    """
    lines = [line for line in extraction.text.split("\n") if line.strip()]
    keys = [_line_key(line) for line in lines]
    found = _leaf_positions(keys, leaves)
    body_containers = {
        context
        for index in found
        if index is not None and (context := _context(leaves[index][0])) is not None
    }
    if not body_containers:
        return extraction
    signatures = {_signature(c) for c in body_containers}
    near = {a for c in body_containers for a in _ancestors(c, CHUNK_LEVELS)}
    taken = {i for i in found if i is not None}
    first, last_found = min(taken), max(taken)
    known = set(keys)
    extra: list[tuple[int, str]] = []
    for index, (element, text) in enumerate(leaves):
        if index in taken or text.lower() in known:
            continue
        context = _context(element)
        if context is None:
            continue
        if context in body_containers:
            # inside the body's own container, between its lines: a subheading in a <div>,
            # a list of links the article gives (not a caption or an aside)
            if not _inner_block(element, text, first < index < last_found):
                continue
        elif not (
            element.tag in _CONTINUATION_TAGS
            and _signature(context) in signatures
            and not near.isdisjoint(_ancestors(context, CHUNK_LEVELS))
        ):
            continue
        extra.append((index, text))
        known.add(text.lower())
    if not extra:
        return extraction
    # every line at the leaf position of the line before it when it has none of its own
    positions: list[float] = []
    last = -1.0
    for leaf in found:
        last = float(leaf) if leaf is not None else last + 1e-6
        positions.append(last)
    merged = sorted(
        [
            (position, n, line)
            for n, (position, line) in enumerate(zip(positions, lines, strict=True))
        ]
        + [(float(index) + 0.5, len(lines) + n, text) for n, (index, text) in enumerate(extra)]
    )
    return replace(extraction, text="\n".join(line for _, _, line in merged))


def _inner_block(element: etree._Element, text: str, between: bool) -> bool:
    """A short heading-like block of the body's container, between its lines, not in a
    figure or an aside."""
    return (
        between
        and element.tag in _INNER_TAGS
        and is_heading_like(text)
        and not any(a.tag in _NOT_BODY for a in _ancestors(element, CHUNK_LEVELS))
    )


def _leaf_positions(keys: list[str], leaves: list[_Leaf]) -> list[int | None]:
    """For each body line, the index of the page block it came from (searching forward)."""
    where: dict[str, list[int]] = {}
    for index, (_, text) in enumerate(leaves):
        where.setdefault(text.lower(), []).append(index)
    result: list[int | None] = []
    cursor = -1
    for key in keys:
        options = where.get(key, [])
        after = next((i for i in options if i > cursor), None)
        at = after if after is not None else (options[0] if options else None)
        if at is not None and at > cursor:
            cursor = at
        result.append(at)
    return result


def _signature(element: etree._Element) -> tuple[str, str]:
    return (str(element.tag), " ".join(sorted((element.get("class") or "").split())))


def _ancestors(element: etree._Element, levels: int) -> set[etree._Element]:
    found = set()
    parent = element.getparent()
    for _ in range(levels):
        if parent is None or parent.tag in ("body", "html"):
            break
        found.add(parent)
        parent = parent.getparent()
    return found


def _line_key(line: str) -> str:
    """A trafilatura line as the page's block text: "- item" → "item", "| a | b |" → "a"."""
    text = " ".join(line.split())
    if text.startswith("- "):
        text = text[2:]
    elif text.startswith("|"):
        text = next((cell.strip() for cell in text.split("|") if cell.strip()), "")
    return text.lower()


# List, table and figure parts: a block inside them belongs to the container around them.
_STRUCTURE = {
    "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
    "figure", "figcaption", "caption",
}  # fmt: skip


def _context(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag in _STRUCTURE:
        parent = parent.getparent()
    return parent


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


# --- deep pages ------------------------------------------------------------------------------


def shallow_html(html: str) -> str:
    """The page with the tags nested beyond ``MAX_DEPTH`` taken out, their text kept.

    libxml2 stops building the tree at 256 levels (2,048 with its "huge" option), so broken
    pages (thousands of unclosed <div> or <font> tags) lost all text below that depth and
    came out as "no article text found". The page is re-tokenised with the standard
    library's parser, which has no depth limit: below ``MAX_DEPTH`` inline tags are dropped
    and block tags become paragraph breaks, so the text stays in order and in paragraphs.
    Pages with fewer tags than that cannot nest so deep and are returned unchanged.
    """
    if html.count("<") <= MAX_DEPTH:
        return html
    flattener = _Flattener()
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out)


_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_RAW_TEXT = {"script", "style", "textarea", "title"}


class _Flattener(HTMLParser):
    """Copies a page tag by tag, dropping the tags opened below ``MAX_DEPTH``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, copied)
        self._copied = 0
        self._text_since_break = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self.out.append(raw if self._copied < MAX_DEPTH or tag == "br" else "")
            return
        copied = self._copied < MAX_DEPTH
        self._stack.append((tag, copied))
        if copied:
            self._copied += 1
            self.out.append(raw)
        elif tag in _BLOCKS or tag in _CONTAINERS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self._stack):
            return  # a stray end tag: the HTML parser ignores it too
        while self._stack:
            open_tag, copied = self._stack.pop()
            if copied:
                self._copied -= 1
                self.out.append(f"</{open_tag}>")
            elif open_tag in _BLOCKS or open_tag in _CONTAINERS:
                self._break()
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        tag, copied = self._stack[-1] if self._stack else ("", True)
        if not copied and (tag in _SKIP or tag in _RAW_TEXT):
            return  # a script or style whose tags were dropped: its text is not page text
        raw = tag in _RAW_TEXT
        self.out.append(data if raw else escape(data, quote=False))
        self._text_since_break = self._text_since_break or bool(data.strip())

    def _break(self) -> None:
        """A paragraph break where a dropped block tag stood (one per run of them)."""
        if self._text_since_break:
            self.out.append("<br>")
            self._text_since_break = False

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def _walk(root: etree._Element) -> Iterator[tuple[etree._Element, int]]:
    """Every element with its depth (the root is 1), without recursion."""
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
        else:
            depth += 1
            yield element, depth


def _depth(root: etree._Element) -> int:
    """How deep the parsed tree goes (a cheap check before the deep-page pass)."""
    return max((depth for _, depth in _walk(root)), default=0)


# --- page chrome -----------------------------------------------------------------------------


def page_chrome(blocks: list[str], text: str, known: set[str]) -> list[RemovedBlock]:
    """Text blocks of the page that are not in the body, placed by document order."""
    locator = _BodyLocator(text)
    chrome: list[RemovedBlock] = []
    pending: list[str] = []
    seen = set(known)
    for block in blocks:
        position = locator.find(block)
        if position is not None:
            chrome.extend(_chrome_block(t, position) for t in pending)
            pending = []
            continue
        if block in seen or len(chrome) + len(pending) >= MAX_CHROME_BLOCKS:
            continue
        seen.add(block)
        pending.append(block if len(block) <= MAX_CHROME_CHARS else block[:MAX_CHROME_CHARS] + "…")
    chrome.extend(_chrome_block(t, len(text)) for t in pending)
    return chrome


def _chrome_block(text: str, at: int) -> RemovedBlock:
    """A block the extractor dropped, with a named reason where the block says what it is
    (a share bar, an advertisement label, a photo credit, a related-links label), else
    PAGE_CHROME."""
    reason = furniture_reason(text)
    if reason is None and is_related_label(text):
        reason = RemovalReason.RELATED_LINKS  # "More on this", "Mehr zum Thema", "Lire aussi"
    return RemovedBlock(text, reason or RemovalReason.PAGE_CHROME, at)


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


def page_blocks(html: str) -> list[str]:
    """The text blocks of a whole page, in document order (for evaluation and tests)."""
    _, tree = _parse(html)
    return [text for _, text in _leaf_blocks(tree)] if tree is not None else []


_Leaf = tuple[etree._Element, str]


def _leaf_blocks(tree: etree._Element) -> list[_Leaf]:
    """Whitespace-normalised text of the page's leaf blocks, in document order, each with
    the element that holds it.

    A block element, or any element with no block inside, gives its whole text; other
    elements give their loose text (``text`` and their children's tails) and are walked
    into. The walk keeps its own stack: broken pages nest deeper than Python's recursion.
    """
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    holders = _block_holders(tree)
    leaves: list[_Leaf] = []
    stack: list[tuple[etree._Element, bool]] = [(tree, False)]
    while stack:
        element, is_tail = stack.pop()
        if is_tail:
            _add(element.getparent(), element.tail, leaves)
            continue
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag in _SKIP:
            continue
        if tag in _BLOCKS or element not in holders:
            _add(element, element.text_content(), leaves)
            continue
        _add(element, element.text, leaves)
        for child in reversed(element):
            stack.append((child, True))
            stack.append((child, False))
    return leaves


def _block_holders(tree: HtmlElement) -> set[etree._Element]:
    """Elements with a block or container somewhere inside (one upward pass per element)."""
    holders: set[etree._Element] = set()
    for element in tree.iter(*_BLOCKS, *_CONTAINERS):
        parent = element.getparent()
        while parent is not None and parent not in holders:
            holders.add(parent)
            parent = parent.getparent()
    return holders


def _add(element: etree._Element | None, text: str | None, leaves: list[_Leaf]) -> None:
    text = " ".join(text.split()) if text else ""
    if element is not None and len(text) >= 2 and any(ch.isalnum() for ch in text):
        leaves.append((element, text))
