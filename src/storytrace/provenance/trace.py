"""``trace``: how one story travelled across a set of articles.

Steps: drop identical copies (same clean text; kept as duplicates of the first); read each
article's cited sources; align every candidate pair (``links``); keep the largest group of
articles connected by shared text as the story and report the rest as unrelated; build the
derivation graph (``graph``); read the facts that differ on its edges and follow each version
through the graph (``mutations``); order the articles on a timeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import networkx as nx

from storytrace.align.embedder import Embedder, get_embedder
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import TooFewArticlesError
from storytrace.facts import SUPPORTED_LANGUAGES, find_discrepancies
from storytrace.models import Article, ArticleSources, CitedSource, StoryTrace
from storytrace.provenance.graph import Graph, build_graph
from storytrace.provenance.links import Link, link_all, oriented
from storytrace.provenance.mutations import Edge, fact_histories
from storytrace.provenance.sources import cited_sources

log = logging.getLogger(__name__)

# Sibling pairs compared under one upstream node (their facts have no common parent in the set).
MAX_SIBLING_PAIRS = 10

Progress = Callable[[str, int, int], None]


def trace_articles(
    articles: Sequence[Article],
    settings: Settings = DEFAULT_SETTINGS,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> StoryTrace:
    """The derivation graph, cited sources, timeline and fact histories of ``articles``."""
    unique, duplicates = _dedupe(articles)
    if len(unique) < 2:
        what = (
            f"all {len(articles)} inputs have the same text"
            if len(articles) > 1
            else "got one article"
        )
        source = articles[0].source if articles else "(no input)"
        raise TooFewArticlesError(source, f"trace needs at least two different articles; {what}")
    warnings = [f"{dup} has the same text as {keep}: traced once" for dup, keep in duplicates]
    embedder = embedder or get_embedder(settings)
    sources: dict[str, tuple[CitedSource, ...]] = {}
    for count, article in enumerate(unique, start=1):
        sources[article.id] = _sources(article, warnings)
        if progress:
            progress("reading cited sources", count, len(unique))
    links = link_all(
        unique,
        embedder,
        settings,
        (lambda done, total: progress("aligning pairs", done, total)) if progress else None,
    )
    story, unrelated = _story(unique, [link for link in links if link.related])
    if unrelated:
        warnings.append(
            f"{len(unrelated)} of {len(unique)} articles share no text with the story: "
            "reported as unrelated"
        )
    members = {a.id for a in story}
    story_links = [
        link for link in links if link.related and link.a.id in members and link.b.id in members
    ]
    graph = build_graph(story, story_links, sources)
    order = timeline(story, graph)
    rank = {article_id: i for i, article_id in enumerate(order)}
    edges = _fact_edges(graph, story_links, progress)
    return StoryTrace(
        articles=tuple(sorted(story, key=lambda a: rank[a.id])),
        sources=tuple(ArticleSources(a.id, sources[a.id]) for a in story),
        upstream=tuple(graph.upstream),
        derivations=tuple(graph.derivations),
        timeline=tuple(order),
        facts=tuple(fact_histories(edges, rank)),
        unrelated=tuple(a.source for a in unrelated),
        duplicates=tuple(duplicates),
        embedder=embedder.name,
        warnings=tuple(warnings),
    )


def _dedupe(articles: Sequence[Article]) -> tuple[list[Article], list[tuple[str, str]]]:
    kept: dict[str, Article] = {}
    duplicates: list[tuple[str, str]] = []
    for article in articles:
        if article.id in kept:
            duplicates.append((article.source, article.id))
        else:
            kept[article.id] = article
    return list(kept.values()), duplicates


def _sources(article: Article, warnings: list[str]) -> tuple[CitedSource, ...]:
    language = (article.language or "en").split("-")[0].lower()
    if language not in SUPPORTED_LANGUAGES:
        warnings.append(
            f"{article.source}: language {language!r} is not supported for cited sources and "
            "facts: text alignment only"
        )
        return ()
    return cited_sources(article)


def _story(articles: list[Article], links: list[Link]) -> tuple[list[Article], list[Article]]:
    """The largest group of articles connected by shared text, and the rest."""
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in articles)
    graph.add_edges_from((link.a.id, link.b.id) for link in links)
    position = {a.id: i for i, a in enumerate(articles)}
    components = sorted(
        nx.connected_components(graph), key=lambda c: (-len(c), min(position[x] for x in c))
    )
    members = components[0]
    return (
        [a for a in articles if a.id in members],
        [a for a in articles if a.id not in members],
    )


def timeline(articles: Sequence[Article], graph: Graph) -> list[str]:
    """Article ids by publication date (an undated article takes its nearest dated ancestor's,
    else goes last); ties follow the derivation order."""
    dated = {a.id: a.published for a in articles}
    parent_of = {d.child: d.parent for d in graph.derivations if d.parent in dated}
    directed = nx.DiGraph()
    directed.add_nodes_from(dated)
    directed.add_edges_from((p, c) for c, p in parent_of.items())
    topo = {node: i for i, node in enumerate(nx.topological_sort(directed))}

    def inferred(article_id: str) -> str:
        seen = set()
        current: str | None = article_id
        while current is not None and current not in seen:
            if dated.get(current):
                return dated[current] or ""
            seen.add(current)
            current = parent_of.get(current)
        return ""

    return sorted(dated, key=lambda a: (inferred(a) or "9999", topo[a]))


def _fact_edges(graph: Graph, links: list[Link], progress: Progress | None) -> list[Edge]:
    """Compared pairs for the fact histories: every tree edge, and siblings under upstreams."""
    wanted: list[tuple[str, str, Link, bool]] = [
        (parent, child, link, True) for (parent, child), link in graph.links.items()
    ]
    by_pair = {frozenset((link.a.id, link.b.id)): link for link in links}
    for upstream in graph.upstream:
        kids = [d.child for d in graph.derivations if d.parent == upstream.id]
        pairs = [(x, y) for i, x in enumerate(kids) for y in kids[i + 1 :]]
        for x, y in pairs[:MAX_SIBLING_PAIRS]:
            link = by_pair.get(frozenset((x, y)))
            if link is not None:
                wanted.append((x, y, link, False))
    edges = []
    for count, (first, second, link, tree) in enumerate(wanted, start=1):
        comparison = oriented(link, first)
        findings = find_discrepancies(comparison)
        edges.append(Edge(first, second, comparison, findings, tree))
        if progress:
            progress("reading facts on the graph's edges", count, len(wanted))
    return edges
