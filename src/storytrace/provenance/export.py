"""Graph exports of a ``StoryTrace``: GraphML (networkx's writer) and Graphviz DOT.

Nodes are articles (id, outlet, date, title, source) and inferred upstream sources; edges run
parent -> child with the derivation kind, confidence and shared share. Both formats carry the
same attributes, so a drawing tool or a graph library can read either.
"""

from __future__ import annotations

import networkx as nx

from storytrace.models import StoryTrace


def story_graph(trace: StoryTrace) -> nx.DiGraph:
    """The trace as a networkx graph with plain (GraphML-safe) attributes."""
    graph = nx.DiGraph()
    for article in trace.articles:
        graph.add_node(
            article.id,
            type="article",
            label=article.outlet or article.title or article.source,
            outlet=article.outlet or "",
            published=article.published or "",
            title=article.title or "",
            source=article.source,
        )
    for upstream in trace.upstream:
        graph.add_node(
            upstream.id,
            type="upstream",
            label=f"{upstream.name} (inferred)",
            outlet=upstream.name,
            published="",
            title="",
            source="",
        )
    for derivation in trace.derivations:
        graph.add_edge(
            derivation.parent,
            derivation.child,
            kind=derivation.kind.value,
            confidence=float(derivation.confidence),
            shared=float(derivation.shared),
            reasons="; ".join(derivation.reasons),
        )
    return graph


def to_graphml(trace: StoryTrace) -> str:
    return "\n".join(nx.generate_graphml(story_graph(trace))) + "\n"


def to_dot(trace: StoryTrace) -> str:
    graph = story_graph(trace)
    lines = ["digraph story {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    for node, data in graph.nodes(data=True):
        label = data["label"] + (f"\\n{data['published']}" if data["published"] else "")
        style = ', style="dashed,rounded"' if data["type"] == "upstream" else ""
        lines.append(f"  {_quote(node)} [label={_quote(label, raw=True)}{style}];")
    for parent, child, data in graph.edges(data=True):
        label = f"{data['kind']} {data['confidence']:.2f}"
        lines.append(f"  {_quote(parent)} -> {_quote(child)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quote(text: str, raw: bool = False) -> str:
    """A DOT string literal (``raw`` keeps ``\\n`` line breaks written by the caller)."""
    escaped = text.replace('"', '\\"') if raw else text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
