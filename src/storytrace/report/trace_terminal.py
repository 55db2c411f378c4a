"""Terminal rendering of a StoryTrace: graph first, then the timeline, facts and sources."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from storytrace.models import Article, Derivation, StoryTrace


def labels(trace: StoryTrace) -> dict[str, str]:
    """Short names: "#1 Outlet" by timeline position, "Politico (upstream)" for inferred nodes."""
    by_id = {a.id: a for a in trace.articles}
    names = {}
    for position, article_id in enumerate(trace.timeline, start=1):
        names[article_id] = f"#{position} {_name(by_id[article_id])}"
    for upstream in trace.upstream:
        names[upstream.id] = f"{upstream.name} (inferred upstream)"
    return names


def _name(article: Article) -> str:
    return article.outlet or PurePath(article.source.split("#")[0]).name or article.id


def render_trace(console: Console, trace: StoryTrace) -> None:
    names = labels(trace)
    console.print(
        f"[bold]Story of {len(trace.articles)} articles[/]"
        f" ({len(trace.upstream)} inferred upstream source(s), "
        f"{len(trace.unrelated)} unrelated, {len(trace.duplicates)} duplicate(s))"
    )
    for warning in trace.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    console.print(_tree(trace, names))
    console.print(_timeline(trace, names))
    console.print(_edges(trace, names))
    if trace.facts:
        console.print(_facts(trace, names))
    console.print(_sources(trace, names))
    for source in trace.unrelated:
        console.print(f"[dim]unrelated:[/] {source}", highlight=False)
    for source, kept in trace.duplicates:
        console.print(f"[dim]duplicate:[/] {source} = {names.get(kept, kept)}", highlight=False)


def _tree(trace: StoryTrace, names: dict[str, str]) -> Tree:
    children: dict[str, list[Derivation]] = defaultdict(list)
    has_parent = set()
    for d in trace.derivations:
        children[d.parent].append(d)
        has_parent.add(d.child)
    root = Tree("[bold]Derivation graph[/] (parent → child, kind, confidence in the direction)")
    roots = [u.id for u in trace.upstream] + [a for a in trace.timeline if a not in has_parent]

    def grow(node: Tree, parent: str, seen: set[str]) -> None:
        for d in sorted(children.get(parent, []), key=lambda d: trace.timeline.index(d.child)):
            if d.child in seen:
                continue
            seen.add(d.child)
            branch = node.add(f"{names[d.child]}  [dim]{d.kind.value}, {d.confidence:.2f}[/]")
            grow(branch, d.child, seen)

    seen: set[str] = set()
    for node_id in roots:
        if node_id in seen:
            continue
        seen.add(node_id)
        style = "italic" if node_id.startswith("upstream:") else "bold"
        grow(root.add(f"[{style}]{names[node_id]}[/]"), node_id, seen)
    return root


def _timeline(trace: StoryTrace, names: dict[str, str]) -> Table:
    by_id = {a.id: a for a in trace.articles}
    parent = {d.child: d for d in trace.derivations}
    table = Table("", "published", "title / source", "derived from", title="Timeline")
    for article_id in trace.timeline:
        article = by_id[article_id]
        d = parent.get(article_id)
        table.add_row(
            names[article_id],
            article.published or "—",
            (article.title or article.source)[:70],
            f"{names[d.parent]} ({d.kind.value})" if d else "—",
        )
    return table


def _edges(trace: StoryTrace, names: dict[str, str]) -> Table:
    table = Table("parent → child", "kind", "conf.", "why", title="Derivations")
    for d in trace.derivations:
        table.add_row(
            f"{names[d.parent]} → {names[d.child]}",
            d.kind.value,
            f"{d.confidence:.2f}",
            "; ".join(d.reasons),
        )
    return table


def _facts(trace: StoryTrace, names: dict[str, str]) -> Table:
    table = Table("fact", "version", "first in", "carried by", title="Facts that differ")
    for history in trace.facts:
        for i, version in enumerate(history.versions):
            table.add_row(
                history.type.value if i == 0 else "",
                f"“{version.value}”",
                names.get(version.first or "", "—"),
                ", ".join(names.get(a, a).split(" ", 1)[0] for a in version.articles),
            )
    return table


def _sources(trace: StoryTrace, names: dict[str, str]) -> Table:
    table = Table("article", "cited sources (kind: name ×sentences)", title="Cited sources")
    for entry in sorted(trace.sources, key=lambda s: trace.timeline.index(s.article)):
        table.add_row(
            names[entry.article],
            "; ".join(f"{s.kind.value}: {s.name} ×{len(s.sentences)}" for s in entry.sources)
            or "—",
        )
    return table
