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
from dataclasses import dataclass
from html import escape

# Marks of these kinds are <mark> elements (annotations); the others are plain anchors.
ANNOTATION_KINDS = frozenset({"fact", "ver"})


def esc(value: object) -> str:
    """Escape any value for an HTML text node or a quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True, slots=True)
class Passage:
    """A block-level-ish span of text: an aligned passage or a one-sided sentence."""

    start: int
    end: int
    classes: str
    attrs: tuple[tuple[str, str], ...]  # (name, value) pairs, escaped on output


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
    ordered = _non_overlapping(sorted(passages, key=lambda p: (p.start, p.end)), n)
    clipped = [c for c in (_clip(m, n) for m in marks) if c is not None]
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    bounds = {0, n}
    for p in ordered:
        bounds.update((p.start, p.end))
    for i, m in enumerate(clipped):
        starts.setdefault(m.start, []).append(i)
        ends.setdefault(m.end, []).append(i)
        bounds.update((m.start, m.end))
    points = sorted(bounds)
    out: list[str] = []
    active: dict[int, None] = {}  # insertion-ordered set of mark indices
    seen: set[int] = set()
    p_index = 0
    open_passage: Passage | None = None
    for x, y in zip(points, points[1:], strict=False):
        for i in ends.get(x, ()):
            active.pop(i, None)
        for i in starts.get(x, ()):
            active[i] = None
        # the passage this piece lies in, if any
        while p_index < len(ordered) and ordered[p_index].end <= x:
            p_index += 1
        current = (
            ordered[p_index]
            if p_index < len(ordered) and ordered[p_index].start <= x < ordered[p_index].end
            else None
        )
        if current is not open_passage:
            if open_passage is not None:
                out.append("</span>")
            if current is not None:
                out.append(f'<span class="psg {esc(current.classes)}"{attrs_html(current.attrs)}>')
            open_passage = current
        piece = esc(text[x:y])
        if not active:
            out.append(piece)
            continue
        out.append(_piece(piece, [clipped[i] for i in active], seen, [i for i in active]))
        for i in active:
            if clipped[i].end == y and clipped[i].badge:
                m = clipped[i]
                out.append(
                    f'<sup class="badge" data-{esc(m.kind)}="{esc(m.key)}" '
                    f'aria-hidden="true">{esc(m.badge)}</sup>'
                )
    if open_passage is not None:
        out.append("</span>")
    return "".join(out)


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


def _clip(mark: Mark, n: int) -> Mark | None:
    """The mark clipped to the text; None when nothing of it is left."""
    start, end = max(0, min(mark.start, n)), max(0, min(mark.end, n))
    if start >= end:
        return None
    if (start, end) == (mark.start, mark.end):
        return mark
    return Mark(start, end, mark.kind, mark.key, mark.classes, mark.anchor, mark.title, mark.badge)


def _non_overlapping(passages: list[Passage], n: int) -> list[Passage]:
    """Clip each passage to the text and to the end of the one before (aligners never overlap;
    this keeps the markup well formed if a record says otherwise)."""
    kept: list[Passage] = []
    floor = 0
    for p in passages:
        start, end = max(p.start, floor), min(p.end, n)
        if start >= end:
            continue
        kept.append(Passage(start, end, p.classes, p.attrs))
        floor = end
    return kept
