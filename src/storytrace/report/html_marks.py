"""One article's text as escaped HTML with passages and annotations, built in one pass.

Two levels of markup: *passages* (aligned or one-sided sentences; they never overlap) and
*marks* inside them (changed facts, one-sided findings, fact versions), which may overlap each
other and may cross a passage boundary. Every boundary offset is sorted once and the text is cut
into elementary pieces; each piece carries the union of the marks active over it, so nesting is
always well formed and the work is O(n log n) in the number of boundaries (no DOM work in the
browser). Text goes through ``html.escape`` and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from itertools import pairwise
from typing import TypeVar

T = TypeVar("T", "Passage", "Mark")

# Marks of these kinds are <mark> elements (annotations); the others are plain anchors.
ANNOTATION_KINDS = frozenset({"fact", "ver"})


def esc(value: object) -> str:
    """Escape any value for an HTML text node or a quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True, slots=True)
class Passage:
    """An aligned passage or a one-sided sentence of one article.

    Passages may coincide or overlap (one passage of B aligned to three of A): the text is cut
    where the set of passages covering it changes, and each cut is one ``<span class="psg">``
    listing every pair it belongs to (``data-pair="0 1 4"``).
    """

    start: int
    end: int
    classes: str  # of the passage with the lowest ``rank`` wins where several cover a piece
    rank: int = 0
    pair: str | None = None  # key of the aligned pair (both sides share it)
    anchor: str | None = None  # id put on the first cut of this passage
    title: str = ""
    attrs: tuple[tuple[str, str], ...] = ()  # extra attributes (the same for every passage)


@dataclass(frozen=True, slots=True)
class Mark:
    """An annotation: ``kind`` names its data attribute (``data-fact``), ``key`` its value."""

    start: int
    end: int
    kind: str  # "fact", "os" (one-sided finding), "ver" (a fact version in a trace)
    key: str
    classes: str = ""
    anchor: str | None = None  # id put on the first piece (the target of list links)
    title: str = ""
    badge: str | None = None  # short label shown after the last piece ("F3")


def attrs_html(attrs: Sequence[tuple[str, str]]) -> str:
    return "".join(f' {name}="{esc(value)}"' for name, value in attrs)


def markup(text: str, passages: Sequence[Passage] = (), marks: Sequence[Mark] = ()) -> str:
    """``text`` as HTML: passages as ``<span class="psg …">``, marks as pieces inside them."""
    n = len(text)
    spans = [c for c in (_clip(p, n) for p in passages) if c is not None]
    clipped = [c for c in (_clip(m, n) for m in marks) if c is not None]
    # An empty span still gets its anchor, so a link to it lands in the right place.
    empty: dict[int, list[str]] = {}
    for m in marks:
        if m.anchor and m.start == m.end and 0 <= m.start <= n:
            empty.setdefault(m.start, []).append(m.anchor)
    p_starts: dict[int, list[int]] = {}
    p_ends: dict[int, list[int]] = {}
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    bounds = {0, n, *empty}
    for i, p in enumerate(spans):
        p_starts.setdefault(p.start, []).append(i)
        p_ends.setdefault(p.end, []).append(i)
        bounds.update((p.start, p.end))
    for i, m in enumerate(clipped):
        starts.setdefault(m.start, []).append(i)
        ends.setdefault(m.end, []).append(i)
        bounds.update((m.start, m.end))
    out: list[str] = []
    covering: dict[int, None] = {}  # passages over the current piece (insertion-ordered set)
    active: dict[int, None] = {}  # marks over the current piece
    seen: set[int] = set()
    p_seen: set[int] = set()
    open_key: tuple[int, ...] = ()
    for x, y in pairwise(sorted(bounds)):
        for i in p_ends.get(x, ()):
            covering.pop(i, None)
        for i in p_starts.get(x, ()):
            covering[i] = None
        for i in ends.get(x, ()):
            active.pop(i, None)
        for i in starts.get(x, ()):
            active[i] = None
        key = tuple(sorted(covering))
        if key != open_key:
            if open_key:
                out.append("</span>")
            if key:
                out.append(_passage_open([spans[i] for i in key], key, p_seen))
            open_key = key
        out.extend(f'<span class="anchor" id="{esc(a)}"></span>' for a in empty.pop(x, ()))
        piece = esc(text[x:y])
        if not active:
            out.append(piece)
            continue
        out.append(_piece(piece, [clipped[i] for i in active], seen, list(active)))
        for i in active:
            if clipped[i].end == y and clipped[i].badge:
                m = clipped[i]
                out.append(
                    f'<sup class="badge" data-{esc(m.kind)}="{esc(m.key)}" '
                    f'aria-hidden="true">{esc(m.badge)}</sup>'
                )
    if open_key:
        out.append("</span>")
    out.extend(f'<span class="anchor" id="{esc(a)}"></span>' for a in empty.pop(n, ()))
    return "".join(out)


def _passage_open(members: list[Passage], indices: tuple[int, ...], seen: set[int]) -> str:
    """The opening tag of one cut covered by ``members``, and anchors of passages it starts."""
    lead = min(members, key=lambda p: p.rank)
    attrs: list[tuple[str, str]] = [("class", f"psg {lead.classes}")]
    pairs = [p.pair for p in members if p.pair is not None]
    if pairs:
        attrs += [("data-pair", " ".join(dict.fromkeys(pairs))), ("tabindex", "0")]
    attrs += list(lead.attrs)
    titles = [p.title for p in members if p.title]
    if titles:
        attrs.append(("title", " | ".join(dict.fromkeys(titles))))
    anchors = []
    for i, p in zip(indices, members, strict=True):
        if i not in seen:
            seen.add(i)
            if p.anchor:
                anchors.append(p.anchor)
    if anchors:
        attrs.append(("id", anchors[0]))
    extra = "".join(f'<span class="anchor" id="{esc(a)}"></span>' for a in anchors[1:])
    return f"<span{attrs_html(attrs)}>{extra}"


def _piece(piece: str, marks: list[Mark], seen: set[int], indices: list[int]) -> str:
    annotation = any(m.kind in ANNOTATION_KINDS for m in marks)
    tag = "mark" if annotation else "span"
    classes = ["m"] + [f"m-{m.kind}" for m in marks] + [m.classes for m in marks if m.classes]
    data: dict[str, list[str]] = {}
    for m in marks:
        data.setdefault(m.kind, []).append(m.key)
    attrs = [("class", " ".join(dict.fromkeys(c for c in classes if c)))]
    attrs += [(f"data-{kind}", " ".join(keys)) for kind, keys in data.items()]
    titles = [m.title for m in marks if m.title]
    if titles:
        attrs.append(("title", " | ".join(titles)))
    extra = []
    first = [(i, m) for i, m in zip(indices, marks, strict=True) if i not in seen]
    for i, _ in first:
        seen.add(i)
    anchors = [m.anchor for _, m in first if m.anchor]
    if anchors:
        attrs.append(("id", anchors[0]))
        extra = [f'<span class="anchor" id="{esc(a)}"></span>' for a in anchors[1:]]
    if annotation and first:
        attrs.append(("tabindex", "0"))
    return "".join(extra) + f"<{tag}{attrs_html(attrs)}>{piece}</{tag}>"


def _clip(item: T, n: int) -> T | None:
    """A passage or mark clipped to the text; None when nothing of it is left."""
    start = max(0, min(item.start, n))
    end = max(0, min(item.end, n))
    if start >= end:
        return None
    if (start, end) == (item.start, item.end):
        return item
    return replace(item, start=start, end=end)
