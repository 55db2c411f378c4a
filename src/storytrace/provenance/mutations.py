"""Mutation history: for each fact that differs anywhere in the story, who carries which version.

Facts are read only on the graph's article-to-article edges (parent as A, child as B) and
between the children of each upstream node (their common source is not in the set), with the
discrepancy engine. A finding on an edge is a mutation: the parent's version and the child's.
Each version is then followed along the tree: across an edge, a fact travels when the passage
holding it is aligned to a passage of the neighbour and that edge reports no discrepancy of the
same type on it; it stops where the passage was cut or the fact changed again (that change is a
mutation of its own). Histories that share a carrier are merged, so "lawmakers → senators →
members of the Senate" is one fact with three versions. A version's first appearance is its
earliest carrier on the timeline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from storytrace.models import (
    Comparison,
    Discrepancy,
    DiscrepancyType,
    FactHistory,
    FactVersion,
    Span,
)

TRACKED = (
    DiscrepancyType.NUMBER,
    DiscrepancyType.DATE,
    DiscrepancyType.PERSON,
    DiscrepancyType.GROUP,
    DiscrepancyType.MODALITY,
    DiscrepancyType.NEGATION,
    DiscrepancyType.ATTRIBUTION,
    DiscrepancyType.QUOTATION,
)


@dataclass(frozen=True, slots=True)
class Edge:
    """A compared pair: ``comparison.a`` is ``first``; ``tree`` says whether facts travel on it."""

    first: str
    second: str
    comparison: Comparison
    findings: tuple[Discrepancy, ...]
    tree: bool


Ref = tuple[str, Span]


def fact_histories(edges: Sequence[Edge], order: Mapping[str, int]) -> list[FactHistory]:
    """Every tracked fact that differs on some edge, with its versions and their carriers."""
    tree = [e for e in edges if e.tree]
    histories: list[tuple[DiscrepancyType, dict[str, set[Ref]], str]] = []
    for edge in edges:
        for finding in edge.findings:
            if finding.type not in TRACKED or finding.a is None or finding.b is None:
                continue
            if finding.a.block is not None or finding.b.block is not None:
                continue
            versions: dict[str, set[Ref]] = defaultdict(set)
            # The words as written: what a reader can find in each article.
            old = finding.a.resolve(edge.comparison)
            new = finding.b.resolve(edge.comparison)
            if _same_value(old, new):
                continue
            versions[old] |= carriers(edge.first, finding.a.span, finding.type, tree, skip=edge)
            versions[new] |= carriers(edge.second, finding.b.span, finding.type, tree, skip=edge)
            histories.append((finding.type, versions, finding.explanation))
    merged = _merge(histories)
    return [_history(kind, versions, why, order) for kind, versions, why in merged]


def carriers(
    start: str, span: Span, kind: DiscrepancyType, tree: Sequence[Edge], skip: Edge
) -> set[Ref]:
    """Articles holding the same version as ``start`` at ``span``, walking the tree edges."""
    found: set[Ref] = {(start, span)}
    frontier = [(start, span)]
    visited = {start}
    while frontier:
        here, where = frontier.pop()
        for edge in tree:
            if edge is skip or here not in (edge.first, edge.second):
                continue
            there = edge.second if here == edge.first else edge.first
            if there in visited:
                continue
            moved = _follow(edge, here, where, kind)
            if moved is None:
                continue
            visited.add(there)
            found.add((there, moved))
            frontier.append((there, moved))
    return found


def _follow(edge: Edge, here: str, where: Span, kind: DiscrepancyType) -> Span | None:
    """Where the fact at ``where`` in ``here`` stands across ``edge``, if it travels unchanged."""
    side = "a" if here == edge.first else "b"
    for alignment in edge.comparison.alignments:
        mine, theirs = (alignment.a, alignment.b) if side == "a" else (alignment.b, alignment.a)
        if not mine.overlaps(where):
            continue
        for finding in edge.findings:
            ref = finding.a if side == "a" else finding.b
            if (
                finding.type == kind
                and ref is not None
                and ref.block is None
                and ref.span.overlaps(mine)
                and ref.span.overlaps(_widen(where))
            ):
                return None
        return theirs
    return None


def _widen(span: Span, by: int = 40) -> Span:
    return Span(max(span.start - by, 0), span.end + by)


def _merge(
    histories: list[tuple[DiscrepancyType, dict[str, set[Ref]], str]],
) -> list[tuple[DiscrepancyType, dict[str, set[Ref]], str]]:
    """Join histories of one type that share a carrier passage."""
    merged: list[tuple[DiscrepancyType, dict[str, set[Ref]], str]] = []
    for kind, versions, why in histories:
        refs = {r for rs in versions.values() for r in rs}
        for other_kind, other, _ in merged:
            if other_kind != kind:
                continue
            other_refs = {r for rs in other.values() for r in rs}
            if _share(refs, other_refs):
                for value, rs in versions.items():
                    target = next((v for v in other if _same_value(v, value)), value)
                    other.setdefault(target, set()).update(rs)
                break
        else:
            merged.append((kind, versions, why))
    return merged


def _share(one: set[Ref], other: set[Ref]) -> bool:
    return any(a == b and s.overlaps(t) for a, s in one for b, t in other)


def _same_value(one: str, other: str) -> bool:
    return " ".join(one.lower().split()) == " ".join(other.lower().split())


def _history(
    kind: DiscrepancyType, versions: dict[str, set[Ref]], why: str, order: Mapping[str, int]
) -> FactHistory:
    rank: Callable[[str], int] = lambda article: order.get(article, len(order))  # noqa: E731
    built = []
    for value, refs in versions.items():
        by_article: dict[str, Span] = {}
        for article, span in sorted(refs, key=lambda r: (rank(r[0]), r[1])):
            by_article.setdefault(article, span)
        ids = sorted(by_article, key=rank)
        built.append(
            FactVersion(
                value=value,
                articles=tuple(ids),
                first=ids[0] if ids else None,
                refs=tuple((a, by_article[a]) for a in ids),
            )
        )
    built.sort(key=lambda v: rank(v.first) if v.first else len(order))
    return FactHistory(kind, tuple(built), why)
