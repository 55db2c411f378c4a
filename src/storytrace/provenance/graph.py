"""The derivation graph: one parent per article (an article of the set or an inferred upstream).

Every linked pair offers two directed edges, each weighted by how much the two texts share
(``Link.shared_*``, verbatim counting more than paraphrase) plus the direction evidence
(``direction``). An outlet or agency that at least two articles credit, and that is not the
outlet of any article in the set, becomes an upstream node with an edge to each article that
credits it, at ``UPSTREAM_WEIGHT``. The graph is then the maximum branching (Edmonds'
algorithm, networkx): each article keeps the one parent that explains it best. So two rewrites
that both credit Politico and share only part of their text hang from an upstream Politico node
instead of from each other, while a copy that shares nearly all of its text with another article
hangs from that article even when both credit the same upstream. An upstream node left with
fewer than two children is dropped and the branching recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from storytrace.facts import lexicon
from storytrace.models import (
    AlignmentKind,
    Article,
    CitedSource,
    Derivation,
    DerivationKind,
    SourceKind,
    UpstreamSource,
)
from storytrace.provenance.direction import Direction, direction
from storytrace.provenance.links import Link

# Weight of a candidate parent Y for child X: the share of X that Y explains, plus a little of
# the share of Y that X keeps (a parent that X condenses still explains X). Direction evidence
# only vetoes: an orientation the evidence calls unlikely (P < ``VETO_BELOW``) loses
# ``VETO_PENALTY``; otherwise it breaks ties (``TIE_BREAK``). Credits and dates say who came
# first, not who is the parent: a copy of a copy still credits the original.
# Calibrated on the simulated cascades (``python -m eval.cascade``).
PARENT_SHARE_WEIGHT = 0.05
VETO_BELOW = 0.2
VETO_PENALTY = 0.5
TIE_BREAK = 0.001
UPSTREAM_WEIGHT = 0.6
_OUTLET_KINDS = (SourceKind.OUTLET, SourceKind.AGENCY)


@dataclass(slots=True)
class Graph:
    derivations: list[Derivation] = field(default_factory=list)
    upstream: list[UpstreamSource] = field(default_factory=list)
    links: dict[tuple[str, str], Link] = field(default_factory=dict)  # (parent, child) -> link


def build_graph(
    articles: Sequence[Article],
    links: Sequence[Link],
    sources: Mapping[str, Sequence[CitedSource]],
) -> Graph:
    """Derived-from edges among ``articles`` (and inferred upstream nodes)."""
    directions = {
        (link.a.id, link.b.id): direction(link, sources[link.a.id], sources[link.b.id])
        for link in links
    }
    candidates = _upstream_candidates(articles, sources)
    while True:
        graph = _weighted(articles, links, directions, candidates)
        branching = nx.maximum_branching(graph, attr="weight")
        children: dict[str, list[str]] = {}
        for parent, child in branching.edges:
            children.setdefault(parent, []).append(child)
        weak = [u for u in candidates if len(children.get(u, [])) < 2]
        if not weak:
            break
        for u in weak:
            del candidates[u]
    by_pair = {(link.a.id, link.b.id): link for link in links}
    result = Graph()
    for parent, child in sorted(branching.edges):
        if parent in candidates:
            continue
        link = by_pair.get((parent, child)) or by_pair[(child, parent)]
        result.links[(parent, child)] = link
        result.derivations.append(_derivation(parent, child, link, directions))
    for upstream_id, (name, kind, credited_by) in sorted(candidates.items()):
        kids = sorted(children.get(upstream_id, []))
        reasons = (
            f"credited by {len(credited_by)} articles of the set and the outlet of none of them",
        )
        result.upstream.append(UpstreamSource(upstream_id, name, kind, tuple(credited_by), reasons))
        siblings = [link for link in links if link.a.id in kids and link.b.id in kids]
        for child in kids:
            result.derivations.append(_upstream_derivation(upstream_id, name, child, siblings))
    return result


def _upstream_candidates(
    articles: Sequence[Article], sources: Mapping[str, Sequence[CitedSource]]
) -> dict[str, tuple[str, SourceKind, list[str]]]:
    """Outlets credited by two or more articles and published by none: id -> (name, kind, ids)."""
    own = {_outlet_key(a.outlet) for a in articles if a.outlet}
    found: dict[str, tuple[str, SourceKind, list[str]]] = {}
    for article in articles:
        for source in sources.get(article.id, ()):
            if source.kind not in _OUTLET_KINDS:
                continue
            name = source.name.split(" (")[0]
            key = _outlet_key(name)
            if key in own:
                continue
            upstream_id = f"upstream:{source.kind.value}:{key}"
            entry = found.setdefault(upstream_id, (name, source.kind, []))
            if article.id not in entry[2]:
                entry[2].append(article.id)
    return {k: v for k, v in found.items() if len(v[2]) >= 2}


def _outlet_key(name: str | None) -> str:
    if not name:
        return ""
    named = lexicon.aliases().lookup(name)
    return lexicon.key(named.name if named else name)


def _weighted(
    articles: Sequence[Article],
    links: Sequence[Link],
    directions: Mapping[tuple[str, str], Direction],
    candidates: Mapping[str, tuple[str, SourceKind, list[str]]],
) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(a.id for a in articles)
    for link in links:
        p = directions[(link.a.id, link.b.id)].probability
        forward = parent_weight(link.shared_b, link.shared_a, p)
        backward = parent_weight(link.shared_a, link.shared_b, 1.0 - p)
        if forward > 0:
            graph.add_edge(link.a.id, link.b.id, weight=forward)
        if backward > 0:
            graph.add_edge(link.b.id, link.a.id, weight=backward)
    for upstream_id, (_, _, credited_by) in candidates.items():
        for child in credited_by:
            graph.add_edge(upstream_id, child, weight=UPSTREAM_WEIGHT)
    return graph


def parent_weight(child_share: float, parent_share: float, p_direction: float) -> float:
    """How well a candidate parent explains a child, with direction evidence as a veto."""
    weight = child_share + PARENT_SHARE_WEIGHT * parent_share + TIE_BREAK * (2 * p_direction - 1)
    return weight - (VETO_PENALTY if p_direction < VETO_BELOW else 0.0)


def _derivation(
    parent: str, child: str, link: Link, directions: Mapping[tuple[str, str], Direction]
) -> Derivation:
    forward = link.a.id == parent
    evidence = directions[(link.a.id, link.b.id)]
    confidence = evidence.probability if forward else 1.0 - evidence.probability
    names = {"A": "parent", "B": "child"} if forward else {"A": "child", "B": "parent"}
    reasons = [_rename(r, names) for r in evidence.reasons]
    shared = link.shared(child)
    reasons.append(f"{shared:.0%} of the child's text corresponds to the parent's")
    if abs(confidence - 0.5) < 0.05:
        reasons.append("no evidence orders them: direction chosen by the graph as a whole")
    return Derivation(
        parent=parent,
        child=child,
        kind=derivation_kind(link, child),
        confidence=round(confidence, 3),
        shared=round(shared, 3),
        reasons=tuple(reasons),
    )


def _rename(reason: str, names: Mapping[str, str]) -> str:
    """Reasons are written with A/B; say parent/child instead."""
    out = []
    for word in reason.split(" "):
        bare = word.rstrip("'s,;:)")
        if bare in names:
            word = names[bare] + word[len(bare) :]
        out.append(word)
    return " ".join(out)


def derivation_kind(link: Link, child: str) -> DerivationKind:
    """How the child treats the parent's text, from the reuse of the child and the lengths."""
    comparison = link.comparison
    child_side, parent_side = (
        (comparison.reuse_a, comparison.reuse_b)
        if child == link.a.id
        else (comparison.reuse_b, comparison.reuse_a)
    )
    aligned = child_side.total_chars - child_side.unmatched_chars
    if not aligned:
        return DerivationKind.PARAPHRASED
    ratio = child_side.total_chars / max(parent_side.total_chars, 1)
    verbatim = child_side.fraction(AlignmentKind.VERBATIM) * child_side.total_chars / aligned
    paraphrase = child_side.fraction(AlignmentKind.PARAPHRASE) * child_side.total_chars / aligned
    if ratio < 0.6 and child_side.reused_fraction >= 0.5:
        return DerivationKind.SUMMARISED
    if verbatim >= 0.85 and child_side.reused_fraction >= 0.85:
        return DerivationKind.VERBATIM
    if paraphrase >= 0.5:
        return DerivationKind.PARAPHRASED
    return DerivationKind.EDITED


def _upstream_derivation(
    upstream_id: str, name: str, child: str, siblings: Sequence[Link]
) -> Derivation:
    own = [link for link in siblings if child in (link.a.id, link.b.id)]
    kinds = [derivation_kind(link, child) for link in own]
    kind = max(set(kinds), key=kinds.count) if kinds else DerivationKind.PARAPHRASED
    shared = max((link.shared(child) for link in own), default=0.0)
    reasons = [f"credits {name}, which is not in the set"]
    if own:
        reasons.append(
            f"shares at most {shared:.0%} of its text with another article crediting {name}: "
            "neither contains the other"
        )
    return Derivation(
        parent=upstream_id,
        child=child,
        kind=kind,
        confidence=0.8,
        shared=0.0,
        reasons=tuple(reasons),
    )
