"""The derivation graph as inline SVG, laid out here (no JavaScript layout, no network).

Layered by depth from the roots (inferred upstream sources and articles with no parent in the
set): parents above children, each layer in timeline order, wrapped after ``MAX_PER_ROW``
nodes so a story with thirty copies of one wire report stays readable on a laptop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from storytrace.models import StoryTrace
from storytrace.report.html_marks import esc

NODE_W, NODE_H = 196, 46
GAP_X, GAP_Y = 28, 70
MAX_PER_ROW = 6
MARGIN = 12
LABEL_CHARS = 25  # at 12px a label this long fits a node


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    anchor: str  # id of the section with this node's details
    upstream: bool
    x: float = 0.0
    y: float = 0.0


def layout(trace: StoryTrace, labels: Mapping[str, str], anchors: Mapping[str, str]) -> list[Node]:
    """Node positions: row by depth (longest path from a root), wrapped, timeline order."""
    order = {node: i for i, node in enumerate(trace.timeline)}
    ids = [u.id for u in trace.upstream] + list(trace.timeline)
    parents: dict[str, list[str]] = defaultdict(list)
    for d in trace.derivations:
        if d.parent in anchors and d.child in anchors:
            parents[d.child].append(d.parent)
    depth: dict[str, int] = {}

    def depth_of(node: str, path: frozenset[str] = frozenset()) -> int:
        if node in depth:
            return depth[node]
        if node in path:  # a cycle in a record: break it here
            return 0
        found = max((depth_of(p, path | {node}) + 1 for p in parents.get(node, ())), default=0)
        depth[node] = found
        return found

    layers: dict[int, list[str]] = defaultdict(list)
    for node in ids:
        layers[depth_of(node)].append(node)
    upstream = {u.id for u in trace.upstream}
    nodes = []
    row = 0
    for level in sorted(layers):
        members = sorted(layers[level], key=lambda n: (n not in upstream, order.get(n, -1)))
        for chunk_start in range(0, len(members), MAX_PER_ROW):
            chunk = members[chunk_start : chunk_start + MAX_PER_ROW]
            for column, node in enumerate(chunk):
                nodes.append(
                    Node(
                        node,
                        labels.get(node, node),
                        anchors[node],
                        node in upstream,
                        MARGIN + column * (NODE_W + GAP_X),
                        MARGIN + row * (NODE_H + GAP_Y),
                    )
                )
            row += 1
    return nodes


def render_graph(
    trace: StoryTrace, labels: Mapping[str, str], anchors: Mapping[str, str], title: str
) -> str:
    """An ``<svg>`` whose nodes are links (``<a class="node" data-node=…>``) to their details."""
    nodes = layout(trace, labels, anchors)
    if not nodes:
        return ""
    at = {n.id: n for n in nodes}
    width = max(n.x for n in nodes) + NODE_W + MARGIN
    height = max(n.y for n in nodes) + NODE_H + MARGIN
    parts = [
        f'<svg class="graph" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'role="group" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>',
    ]
    for d in trace.derivations:
        parent, child = at.get(d.parent), at.get(d.child)
        if parent is None or child is None:
            continue
        x1, y1 = parent.x + NODE_W / 2, parent.y + NODE_H
        x2, y2 = child.x + NODE_W / 2, child.y
        if y2 <= y1:  # same row (a cycle in a record) or a wrapped layer: draw it anyway
            y2 = child.y + NODE_H / 2
        mid = (y1 + y2) / 2
        label = f"{d.kind.value} {d.confidence:.2f}"
        # label at t=0.7 along the curve: near its child, so siblings' labels do not collide
        lx, ly = _bezier(0.7, (x1, y1), (x1, mid), (x2, mid), (x2, y2))
        parts.append(
            f'<g class="edge k-{esc(d.kind.value)}"><title>{esc(labels.get(d.parent, d.parent))} '
            f"→ {esc(labels.get(d.child, d.child))}: {esc(label)}; "
            f"{esc('; '.join(d.reasons))}</title>"
            f'<path d="M{x1:.0f},{y1:.0f} C{x1:.0f},{mid:.0f} '
            f'{x2:.0f},{mid:.0f} {x2:.0f},{y2:.0f}" '
            'marker-end="url(#arrow)"/>'
            f'<text x="{lx:.0f}" y="{ly:.0f}" class="edge-label">{esc(label)}</text>'
            "</g>"
        )
    for n in nodes:
        # the dashed italic box already says "inferred upstream"; the tooltip says it in full
        label = n.label.removesuffix(" (inferred upstream)") if n.upstream else n.label
        label = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        kind = "upstream" if n.upstream else "article"
        parts.append(
            f'<a class="node {kind}" href="#{esc(n.anchor)}" data-node="{esc(n.anchor)}">'
            f"<title>{esc(n.label)}</title>"
            f'<rect x="{n.x:.0f}" y="{n.y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
            f'<text x="{n.x + NODE_W / 2:.0f}" y="{n.y + NODE_H / 2 + 5:.0f}">{esc(label)}</text>'
            "</a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _bezier(t: float, *points: tuple[float, float]) -> tuple[float, float]:
    """The point at ``t`` on the cubic Bézier curve through four control points."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    weights = (u**3, 3 * u * u * t, 3 * u * t * t, t**3)
    return (
        sum(w * x for w, x in zip(weights, (x0, x1, x2, x3), strict=True)),
        sum(w * y for w, y in zip(weights, (y0, y1, y2, y3), strict=True)),
    )
