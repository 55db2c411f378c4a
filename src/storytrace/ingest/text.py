"""Plain-text boilerplate removal: a cascade of small passes over a list of blocks.

Copied article text keeps the page around it: a section label and the headline on top, a
date glued to the first sentence, subheadings between paragraphs, and at the bottom the
author's bio, "Recent Posts" with their "3 hours ago" stamps, and share buttons. Each pass
marks blocks with a ``RemovalReason`` using the cues in ``cues``; nothing is deleted, so the
article keeps every removed block with its position. Passes run from the most certain cue
(a call to share) to the most contextual (a short line between two paragraphs), and a last
guard gives back headings when nothing else would be left: a one-line article is body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storytrace.ingest import cues
from storytrace.ingest.dates import match_date, match_time
from storytrace.models import RemovalReason

# The top of an article (labels, headline, dek, date, byline) spans at most this many
# blocks; past it a short line is a subheading, not a headline.
MAX_TOP_BLOCKS = 6
# A site name after a title ("... | MoreBikes", "... - The Hill") is at most this long.
TITLE_SUFFIX_WORDS = 5
# A section label is one to three words ("Armenia", "World News", "Opinion").
MAX_LABEL_WORDS = 3
# A hard-wrapped paragraph (e-mail style) has lines of 40–100 characters.
WRAP_MIN_CHARS, WRAP_MAX_CHARS = 40, 100
# From this many lines, lines that all start with a capital are a list, not wrapped prose
# (a wrapped line starts with a capital only where a sentence or a name happens to start).
LIST_MIN_LINES = 3
# Trailing fragments of at most this many words, after the body, are page furniture
# ("Comments", "Tell us what you think...").
TAIL_FRAGMENT_WORDS = 8
_TOP_REASONS = (RemovalReason.HEADLINE, RemovalReason.SECTION_LABEL, RemovalReason.SUBHEADING)
# What may stand before a leading date: a label ("date", "Published:") or a place, as in
# a wire dateline ("Tbilisi, 2024-05-14 —").
_DATE_LABEL = re.compile(
    r"\s*(?:(?i:(?P<label>date|dated|published|posted|updated|last updated))\s*:?\s*"
    r"|(?P<place>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}),\s*)?"
)
_DATE_SEPARATOR = re.compile(r"\s*(?:[-–—|·•:]\s*)?")
_ABOUT_AUTHOR = re.compile(r"^(?:about the author|about me|the author|author)\s*:?$", re.I)


@dataclass(slots=True)
class Block:
    """One paragraph or line of the input; ``reason`` is set when it is not article body."""

    text: str
    reason: RemovalReason | None = None
    heading: bool = False  # a heading: marked so by the HTML, or found a subheading

    @property
    def kept(self) -> bool:
        return self.reason is None


@dataclass(frozen=True, slots=True)
class Hints:
    """What the caller already knows (a page's <title>, a record's fields)."""

    title: str | None = None
    author: str | None = None


@dataclass(slots=True)
class Found:
    """Metadata read off the removed blocks."""

    title: str | None = None
    author: str | None = None
    published: str | None = None


def split_blocks(text: str) -> list[Block]:
    """Paragraphs separated by blank lines; inside one, each line is a block unless the
    lines are a hard-wrapped paragraph. Whitespace inside a block is collapsed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for chunk in re.split(r"\n[^\S\n]*\n", text):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if len(lines) > 1 and _hard_wrapped(lines):
            blocks.append(Block(" ".join(lines)))
        else:
            blocks.extend(Block(line) for line in lines)
    return blocks


def _hard_wrapped(lines: list[str]) -> bool:
    body = lines[:-1]
    if any(cues.is_list_item(line) for line in lines):
        return False
    if len(lines) >= LIST_MIN_LINES and all(line[:1].isupper() for line in lines[1:]):
        return False  # wrapped prose goes on mid-sentence; a list starts each line anew
    if not all(WRAP_MIN_CHARS <= len(line) <= WRAP_MAX_CHARS for line in body):
        return False
    open_ended = sum(not cues.ends_sentence(line) for line in body)
    return open_ended * 2 >= len(body)


def clean_blocks(blocks: list[Block], hints: Hints | None = None) -> tuple[list[Block], Found]:
    """Mark every block that is not article body; returns the (possibly split) blocks."""
    hints = hints or Hints()
    found = Found(author=hints.author)
    blocks = _split_date_prefix(blocks, found)
    _mark_furniture(blocks)
    _mark_related_lists(blocks)
    _mark_top(blocks, hints, found)
    _mark_tail_fragments(blocks)
    _mark_author_bio(blocks, found)
    _mark_subheadings(blocks)
    _keep_some_body(blocks)
    _keep_headings(blocks)
    headline = next((b.text for b in blocks if b.reason is RemovalReason.HEADLINE), None)
    found.title = hints.title or headline  # a headline given back as body is no title
    return blocks, found


# --- passes ----------------------------------------------------------------------------------


def _split_date_prefix(blocks: list[Block], found: Found) -> list[Block]:
    """ " date 2023-10-13 The State Department..." → a DATELINE block and the sentence."""
    for index, block in enumerate(blocks[:MAX_TOP_BLOCKS]):
        split = _date_prefix(block.text)
        if split is None:
            continue
        prefix, rest, iso = split
        found.published = found.published or iso
        return [
            *blocks[:index],
            Block(prefix, RemovalReason.DATELINE),
            Block(rest),
            *blocks[index + 1 :],
        ]
    return blocks


def _date_prefix(text: str) -> tuple[str, str, str] | None:
    """Split a leading date marker off a sentence: (marker, rest, ISO date) or None.

    Only a labelled date ("date 2023-10-13", "Published: 13 Oct 2023") or one followed by a
    separator or a capitalised word counts: "October 3, 2023, members of Congress" is prose.
    """
    label = _DATE_LABEL.match(text)
    assert label is not None  # every part of the pattern is optional
    found = match_date(text, label.end())
    if found is None:
        return None
    iso, end = found
    end = match_time(text, end)
    separator = _DATE_SEPARATOR.match(text, end)
    rest_start = separator.end() if separator else end
    rest = text[rest_start:].strip()
    if not rest:
        return None  # a date line on its own: _mark_top handles it
    separated = bool(text[end:rest_start].strip())
    if not (separated or rest[0].isupper() or rest[0] in "\"“‘'"):
        return None
    return text[:rest_start].strip(), rest, iso


def _mark_furniture(blocks: list[Block]) -> None:
    """Blocks that are furniture wherever they stand: prompts, copyright, tags, links."""
    for index, block in enumerate(blocks):
        if not block.kept:
            continue
        reason = furniture_reason(block.text)
        if reason is RemovalReason.BARE_LINKS and _annotates_a_listing(blocks, index):
            continue
        block.reason = reason


def furniture_reason(text: str) -> RemovalReason | None:
    """Why a block is page furniture on its own, whatever stands around it; else None."""
    if cues.is_rating(text):
        return RemovalReason.RATING
    if not any(ch.isalnum() for ch in text):
        return RemovalReason.PAGE_CHROME  # "* * *", "---"
    if cues.is_ad_label(text):
        return RemovalReason.ADVERTISEMENT
    if cues.is_media_credit(text):
        return RemovalReason.MEDIA_CREDIT
    if cues.is_bare_links(text):
        return RemovalReason.BARE_LINKS
    if cues.is_share_prompt(text):
        return RemovalReason.SHARE_PROMPT
    if cues.is_copyright(text) or cues.is_tag_line(text) or cues.is_reading_time(text):
        return RemovalReason.PAGE_CHROME
    if cues.inline_related(text):
        return RemovalReason.RELATED_LINKS
    return None


def _annotates_a_listing(blocks: list[Block], index: int) -> bool:
    """An address next to a list item or a title is that item's link (a shop, a source the
    article lists), part of what the article gives; one among paragraphs is page furniture."""
    before = _previous_kept(blocks, index)
    after = next(
        (i for i in range(index + 1, len(blocks)) if furniture_reason(blocks[i].text) is None),
        None,
    )
    neighbours = [blocks[i].text for i in (before, after) if i is not None]
    return any(cues.is_list_item(t) or cues.is_heading_like(t) for t in neighbours)


def _is_link_like(text: str) -> bool:
    """What a link list is made of: headlines, cut-off teasers, time stamps."""
    return (
        cues.is_heading_like(text)
        or cues.is_truncated(text)
        or cues.is_timestamp(text)
        or cues.is_related_label(text)
        or (cues.is_list_item(text) and cues.word_count(text) <= cues.HEADING_MAX_WORDS)
    )


def _mark_related_lists(blocks: list[Block]) -> None:
    """A label followed by links, anywhere; or a run of links with time stamps at the end."""
    for index, block in enumerate(blocks):
        if block.kept and cues.is_related_label(block.text):
            # The label goes even alone: its links are often gone with the page chrome.
            for item in (index, *_list_items(blocks, index + 1)):
                blocks[item].reason = RemovalReason.RELATED_LINKS
    _mark_trailing_headline_items(blocks)
    run = _trailing_link_run(blocks)
    stamps = sum(
        cues.is_timestamp(blocks[i].text) or cues.is_truncated(blocks[i].text) for i in run
    )
    # Links have titles: a run of times and sentences alone is a live blog, not a link list.
    titles = any(
        cues.is_heading_like(blocks[i].text) and not cues.is_timestamp(blocks[i].text) for i in run
    )
    if stamps >= 2 and titles and not (run and _introduced(blocks, run[-1])):
        for item in run:
            blocks[item].reason = RemovalReason.RELATED_LINKS


def _mark_trailing_headline_items(blocks: list[Block]) -> None:
    """List items after the last paragraph that are all headlines in title case ("- 15
    Amazing Images of Stars"): links to other stories. Sentence-case items ("- Kunduz: two
    polling stations were set on fire") are the story's own list and stay."""
    run: list[int] = []
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if not block.kept:
            continue
        if not cues.is_list_item(block.text):
            break
        run.append(index)
    if run and _introduced(blocks, run[-1]):
        return  # "The measures in force:" and the list it introduces
    items = [cues.strip_list_marker(blocks[i].text) for i in run]
    if len(run) >= 2 and all(cues.is_heading_like(t) and cues.is_title_case(t) for t in items):
        _mark(blocks, run, RemovalReason.RELATED_LINKS)


def _list_items(blocks: list[Block], start: int) -> list[int]:
    """Indices of the link items after a label; a teaser sentence counts when a stamp follows."""
    items = []
    for index in range(start, len(blocks)):
        block = blocks[index]
        if not block.kept:
            if block.reason is RemovalReason.RELATED_LINKS:
                continue
            break
        if _is_link_like(block.text) or _stamp_follows(blocks, index):
            items.append(index)
        else:
            break
    return items


def _stamp_follows(blocks: list[Block], index: int) -> bool:
    return any(cues.is_timestamp(b.text) for b in blocks[index + 1 : index + 3])


def _trailing_link_run(blocks: list[Block]) -> list[int]:
    """Kept blocks at the end that look like a link list (stopping at prose)."""
    run: list[int] = []
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if not block.kept:
            continue
        if _is_link_like(block.text) or _stamp_follows(blocks, index):
            run.append(index)
        else:
            break
    return run


def _mark_top(blocks: list[Block], hints: Hints, found: Found) -> None:
    """Section label, headline, dek, date line and byline above the first paragraph."""
    kept = [i for i, block in enumerate(blocks) if block.kept]
    for position, index in enumerate(kept[:MAX_TOP_BLOCKS]):
        block = blocks[index]
        later = kept[position + 1 :]
        if not any(cues.is_body_like(blocks[i].text) for i in later):
            return  # nothing after it would be body: it is the body
        if _same_title(block.text, hints.title):
            block.reason = RemovalReason.HEADLINE
            found.title = hints.title
        elif cues.is_timestamp(block.text):  # "Published 14 March 2024", "Updated 14:05"
            block.reason = RemovalReason.DATELINE
            found.published = found.published or cues.date_line(block.text)
        elif (author := _byline(block.text)) is not None:
            block.reason = RemovalReason.AUTHOR_BIO  # a byline: the author, not the story
            found.author = found.author or author
        elif cues.is_heading_like(block.text) or block.heading:
            block.reason = _top_heading_reason(block.text, blocks, later, found, hints)
            if block.reason is RemovalReason.HEADLINE:
                found.title = found.title or block.text
        else:
            return


def _top_heading_reason(
    text: str, blocks: list[Block], later: list[int], found: Found, hints: Hints
) -> RemovalReason:
    if found.title is not None:
        return RemovalReason.SUBHEADING  # a dek under the headline
    next_text = blocks[later[0]].text if later else ""
    if cues.word_count(text) <= MAX_LABEL_WORDS and (
        cues.is_heading_like(next_text) or cues.date_line(next_text)
    ):
        return RemovalReason.SECTION_LABEL
    if hints.title:
        # The page's title is known and this is not it: a dek or a subheading, kept in the
        # text. On Zyte, 9 of the 21 top lines taken for the headline although the title
        # differs were true body ("BAAR, SWITZERLAND", a product's test card); kept, snippet
        # recall goes 0.961 → 0.963 and token F1 stays 0.972.
        return RemovalReason.SUBHEADING
    return RemovalReason.HEADLINE


def _byline(text: str) -> str | None:
    """Author from "By Jane Doe" or "5:45 AM PST 11/19/2019 by Jane Doe"."""
    author = cues.byline(text)
    if author or cues.word_count(text) > 16:
        return author
    marker = re.search(r"\b[Bb]y\s+", text)
    if marker and any(ch.isdigit() for ch in text[: marker.start()]):
        return cues.byline(text[marker.start() :])
    return None


def _same_title(text: str, title: str | None) -> bool:
    """The block repeats the known title, allowing a short " | Site" suffix on either side."""
    if not title:
        return False
    a, b = _title_key(text), _title_key(title)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    extra = longer[len(shorter) :].split()
    return longer.startswith(shorter) and len(extra) <= TITLE_SUFFIX_WORDS and len(shorter) > 10


def _title_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _mark_author_bio(blocks: list[Block], found: Found) -> None:
    """A name on its own line followed by a short bio, after the last paragraph."""
    kept = [i for i, block in enumerate(blocks) if block.kept]
    tail = kept[-4:]
    for position, index in enumerate(tail):
        text = blocks[index].text
        rest = tail[position + 1 :]
        if _ABOUT_AUTHOR.match(text) and rest:
            _mark(blocks, [index, *rest], RemovalReason.AUTHOR_BIO)
            return
        if (
            cues.is_name_like(text)
            and 1 <= len(rest) <= 2
            and len(kept) > len(rest) + 1
            and all(cues.is_bio_like(blocks[i].text, text) for i in rest)
        ):
            _mark(blocks, [index, *rest], RemovalReason.AUTHOR_BIO)
            found.author = found.author or text
            return
    last = kept[-1] if len(kept) > 1 else None
    if last is not None and found.author and _bio_of(blocks[last].text, found.author):
        blocks[last].reason = RemovalReason.AUTHOR_BIO


def _bio_of(text: str, author: str) -> bool:
    """ "Jane Doe is a reporter covering..." at the end, for an author known from the byline."""
    return text.startswith(author) and cues.is_bio_like(text, author)


def _mark_subheadings(blocks: list[Block]) -> None:
    """Short unpunctuated lines between paragraphs that head the paragraph after them."""
    for index, block in enumerate(blocks):
        if not block.kept or not (cues.is_heading_like(block.text) or block.heading):
            continue
        if cues.is_list_item(block.text) or cues.has_credit(block.text):
            continue  # a list item, or a photo caption with its credit
        after = _next_kept(blocks, index)
        before = _previous_kept(blocks, index)
        heads_prose = after is not None and cues.is_body_like(blocks[after].text)
        follows_prose = before is None or _is_prose_or_item(blocks[before].text)
        if heads_prose and follows_prose:
            block.reason = RemovalReason.SUBHEADING


def _is_prose_or_item(text: str) -> bool:
    return cues.is_body_like(text) or cues.is_list_item(text)


def _mark_tail_fragments(blocks: list[Block]) -> None:
    """Short unpunctuated leftovers after the last paragraph ("Comments", "Share").

    The last entries of a list the article ends with look the same ("Takhar: ballot boxes
    were stolen on 13 May"), so a run of them stays when it is introduced (the block before
    it ends with a colon) or has the entries' "place: what happened" shape.
    """
    run: list[int] = []
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if not block.kept:
            continue
        if cues.is_body_like(block.text) or cues.word_count(block.text) > TAIL_FRAGMENT_WORDS:
            break
        if cues.is_list_item(block.text) or cues.ends_sentence(block.text):
            break
        if block.text.startswith("(") and block.text.endswith(")"):
            break  # "(Reporting by ...; Editing by ...)": credits, kept for provenance
        run.append(index)
    if not run:
        return
    before = _previous_kept(blocks, run[-1])
    if _introduced(blocks, run[-1]):
        return  # "The incidents reported so far:" and its entries
    entries = [
        i
        for i in [*run, before]
        if i is not None
        and (cues.is_list_entry(blocks[i].text) or cues.is_info_entry(blocks[i].text))
    ]
    for index in run:
        if len(entries) < 2 or index not in entries:  # one "Source: X" line is no list
            blocks[index].reason = RemovalReason.PAGE_CHROME


def _introduced(blocks: list[Block], first: int) -> bool:
    """The kept block before ``first`` ends with a colon: what follows is the list it
    announces ("The incidents reported so far:"), the article's own text."""
    before = _previous_kept(blocks, first)
    return before is not None and blocks[before].text.rstrip().endswith(":")


def _keep_some_body(blocks: list[Block]) -> None:
    """When every block was marked, the headings were the article: give them back."""
    if any(block.kept for block in blocks):
        return
    for block in blocks:
        if block.reason in _TOP_REASONS or block.reason is RemovalReason.PAGE_CHROME:
            block.reason = None


def _keep_headings(blocks: list[Block]) -> None:
    """Subheadings (and a dek) go back into the text, flagged as headings.

    The passes above mark them SUBHEADING so that later passes treat them as not body; they
    are the article's own text all the same (list titles, section heads, the dek), so they
    stay in ``Article.text`` and ``Article.headings`` says where. A heading the HTML marked
    that stays in the body is a heading too, unless the headings are all that is left: a
    one-line article is body.
    """
    for block in blocks:
        if block.reason is RemovalReason.SUBHEADING:
            block.reason = None
            block.heading = True
    kept = [block for block in blocks if block.kept]
    if kept and all(block.heading for block in kept):
        for block in kept:
            block.heading = False


# --- helpers ---------------------------------------------------------------------------------


def _mark(blocks: list[Block], indices: Iterable[int], reason: RemovalReason) -> None:
    for index in indices:
        blocks[index].reason = reason


def _next_kept(blocks: list[Block], index: int) -> int | None:
    return next((i for i in range(index + 1, len(blocks)) if blocks[i].kept), None)


def _previous_kept(blocks: list[Block], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if blocks[i].kept), None)
