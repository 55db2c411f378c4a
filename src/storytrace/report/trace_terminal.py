"""Terminal rendering of a StoryTrace: graph first, then the timeline, facts and sources.

Names, titles and sources come from the articles: they go through ``storytrace.report.safe``
and into ``Text`` objects, never into markup strings.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath

from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from storytrace.models import Article, Derivation, StoryTrace
from storytrace.report.safe import clean, one_line, text
from storytrace.report.words import plural

TITLE_CHARS = 70


def labels(trace: StoryTrace) -> dict[str, str]:
    """Short names: "#1 Outlet" by timeline position, "Politico (upstream)" for inferred nodes.

    Names are cleaned of control characters, so they are safe inside ``Text``.
    """
    by_id = {a.id: a for a in trace.articles}
    names = {}
    for position, article_id in enumerate(trace.timeline, start=1):
        names[article_id] = f"#{position} {one_line(_name(by_id[article_id]))}"
    for upstream in trace.upstream:
        names[upstream.id] = f"{one_line(upstream.name)} (inferred upstream)"
    return names


def _name(article: Article) -> str:
    return article.outlet or PurePath(article.source.split("#")[0]).name or article.id


def render_trace(console: Console, trace: StoryTrace, errors: Console | None = None) -> None:
    """Print ``trace`` on ``console``; warnings on ``errors`` (default: stderr)."""
    errors = errors or Console(stderr=True)
    names = labels(trace)
    for warning in trace.warnings:
        errors.print(
            Text("warning: ", style="yellow").append(clean(warning)),
            highlight=False,
            soft_wrap=True,
        )
    head = Text(f"Story of {plural(len(trace.articles), 'article')}", style="bold")
    head.append(
        f" ({plural(len(trace.upstream), 'inferred upstream source')}, "
        f"{len(trace.unrelated):,} unrelated, {plural(len(trace.duplicates), 'duplicate')})"
    )
    console.print(head)
    console.print(_tree(trace, names))
    console.print(_timeline(trace, names))
    console.print(_edges(trace, names))
    if trace.facts:
        console.print(_facts(trace, names))
    console.print(_sources(trace, names))
    for source in trace.unrelated:
        console.print(Text("unrelated: ", style="dim").append(clean(source)), highlight=False)
    for source, kept in trace.duplicates:
        line = Text("duplicate: ", style="dim").append(clean(source))
        console.print(line.append(f" = {names.get(kept, clean(kept))}"), highlight=False)


def _tree(trace: StoryTrace, names: dict[str, str]) -> Tree:
    children: dict[str, list[Derivation]] = defaultdict(list)
    has_parent = set()
    for d in trace.derivations:
        children[d.parent].append(d)
        has_parent.add(d.child)
    label = Text("Derivation graph", style="bold")
    label.append(" (parent → child, kind, confidence in the direction)")
    root = Tree(label)
    roots = [u.id for u in trace.upstream] + [a for a in trace.timeline if a not in has_parent]

    def grow(node: Tree, parent: str, seen: set[str]) -> None:
        for d in sorted(children.get(parent, []), key=lambda d: trace.timeline.index(d.child)):
            if d.child in seen:
                continue
            seen.add(d.child)
            entry = Text(names[d.child])
            entry.append(f"  {d.kind.value}, {d.confidence:.2f}", style="dim")
            grow(node.add(entry), d.child, seen)

    seen: set[str] = set()
    for node_id in roots:
        if node_id in seen:
            continue
        seen.add(node_id)
        style = "italic" if node_id.startswith("upstream:") else "bold"
        grow(root.add(Text(names[node_id], style=style)), node_id, seen)
    return root


def _timeline(trace: StoryTrace, names: dict[str, str]) -> Table:
    by_id = {a.id: a for a in trace.articles}
    parent = {d.child: d for d in trace.derivations}
    table = Table("", "published", "title / source", "derived from", title="Timeline")
    for article_id in trace.timeline:
        article = by_id[article_id]
        d = parent.get(article_id)
        table.add_row(
            Text(names[article_id]),
            text(article.published),
            Text(one_line(article.title or article.source, TITLE_CHARS)),
            Text(f"{names[d.parent]} ({d.kind.value})") if d else text(None),
        )
    return table


def _edges(trace: StoryTrace, names: dict[str, str]) -> Table:
    table = Table("parent → child", "kind", "conf.", "why", title="Derivations")
    for d in trace.derivations:
        table.add_row(
            Text(f"{names[d.parent]} → {names[d.child]}"),
            d.kind.value,
            f"{d.confidence:.2f}",
            Text(clean("; ".join(d.reasons))),
        )
    return table


def _facts(trace: StoryTrace, names: dict[str, str]) -> Table:
    table = Table("fact", "version", "first in", "carried by", title="Facts that differ")
    for history in trace.facts:
        for i, version in enumerate(history.versions):
            table.add_row(
                history.type.value if i == 0 else "",
                Text(f"“{one_line(version.value)}”"),
                Text(names.get(version.first or "", "—")),
                Text(", ".join(names.get(a, clean(a)).split(" ", 1)[0] for a in version.articles)),
            )
    return table


def _sources(trace: StoryTrace, names: dict[str, str]) -> Table:
    table = Table("article", "cited sources (kind: name ×sentences)", title="Cited sources")
    for entry in sorted(trace.sources, key=lambda s: trace.timeline.index(s.article)):
        cited = "; ".join(
            f"{s.kind.value}: {one_line(s.name)} ×{len(s.sentences)}" for s in entry.sources
        )
        table.add_row(Text(names[entry.article]), Text(cited) if cited else text(None))
    return table
