"""The cascade generator and scorer (eval/cascade.py), without the aligner, embedder or spaCy."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date

import pytest
from conftest import REPO

if str(REPO) not in sys.path:  # eval/ is a folder of the repository, not of the package
    sys.path.insert(0, str(REPO))

from eval.cascade import (
    ROOT,
    Cascade,
    _numbers,
    aggregate,
    key_trace,
    make_cascade,
    same_outlet,
    score,
)
from eval.corpus_gen import Body, load_repo_pool
from storytrace.models import StoryTrace


@pytest.fixture(scope="module")
def pool() -> list[Body]:
    return load_repo_pool()


def _cascades(pool: list[Body]) -> list[Cascade]:
    return [
        make_cascade(pool, size, seed, hide_root=hide, unrelated=unrelated)
        for size, seed, hide, unrelated in [
            (5, 1, False, 1),
            (5, 2, True, 2),
            (20, 3, False, 2),
            (20, 4, True, 1),
            (40, 5, True, 2),
        ]
    ]


def _bare(outlet: str) -> str:
    return outlet.removeprefix("The ").lower()


def test_same_seed_same_cascade(pool: list[Body]) -> None:
    one = make_cascade(pool, 12, 7, hide_root=True, unrelated=2)
    two = make_cascade(pool, 12, 7, hide_root=True, unrelated=2)
    assert [a.id for a in one.articles] == [a.id for a in two.articles]
    assert [a.text for a in one.articles] == [a.text for a in two.articles]
    assert one.key() == two.key()
    other = make_cascade(pool, 12, 8, hide_root=True, unrelated=2)
    assert [a.id for a in other.articles] != [a.id for a in one.articles]


def test_tree_shape_dates_and_citations(pool: list[Body]) -> None:
    for cascade in _cascades(pool):
        size = len(cascade.depth)
        by_id = {a.id: a for a in cascade.articles}
        story = [a for a in cascade.articles if a.source not in cascade.unrelated]
        assert len(story) == size - cascade.hidden_root
        assert len(by_id) == len(cascade.articles)  # ids unique
        assert len({a.source for a in cascade.articles}) == len(cascade.articles)
        children = [e.child for e in cascade.edges]
        assert sorted(children) == sorted(a.id for a in story if a.id != cascade.root.id)
        assert cascade.root.id not in children
        assert all(1 <= cascade.depth[c] <= 4 for c in children)
        everyone = {**by_id, cascade.root.id: cascade.root}
        for edge in cascade.edges:
            parent = cascade.root if edge.parent == ROOT else everyone[edge.parent]
            child = everyone[edge.child]
            assert edge.op in ("copy", "edit", "paraphrase", "summary")
            if parent.published and child.published:
                assert date.fromisoformat(child.published) >= date.fromisoformat(parent.published)
            if parent.id == cascade.root.id:
                assert _bare(cascade.root_outlet) in child.text.lower(), child.source
            assert child.outlet and child.outlet != cascade.root_outlet
        assert cascade.root.published is not None
        assert cascade.root.outlet == cascade.root_outlet


def test_hidden_root_is_left_out_and_keyed_as_root(pool: list[Body]) -> None:
    cascade = make_cascade(pool, 10, 3, hide_root=True, unrelated=1)
    assert cascade.root.id not in {a.id for a in cascade.articles}
    assert cascade.root_key == ROOT
    assert any(e.parent == ROOT for e in cascade.edges)
    assert all(e.parent != cascade.root.id for e in cascade.edges)
    shown = make_cascade(pool, 10, 3, hide_root=False, unrelated=1)
    assert shown.root.id in {a.id for a in shown.articles}
    assert all(e.parent != ROOT for e in shown.edges)


def test_unrelated_articles_are_in_no_edge(pool: list[Body]) -> None:
    for cascade in _cascades(pool):
        unrelated = [a for a in cascade.articles if a.source in cascade.unrelated]
        assert len(unrelated) == len(cascade.unrelated) >= 1
        in_edges = {n for e in cascade.edges for n in (e.parent, e.child)}
        assert not in_edges & {a.id for a in unrelated}


def test_mutations_first_appear_where_planted(pool: list[Body]) -> None:
    planted = 0
    for cascade in _cascades(pool):
        by_id = {a.id: a for a in [*cascade.articles, cascade.root]}
        parent_of = {
            e.child: cascade.root.id if e.parent == ROOT else e.parent for e in cascade.edges
        }
        for m in cascade.mutations:
            planted += 1
            assert _numbers(m.new) <= _numbers(by_id[m.node].text)
            assert not _numbers(m.new) & _numbers(by_id[parent_of[m.node]].text)
    assert planted >= 3


def test_answer_key_scores_perfectly(pool: list[Body]) -> None:
    scores = []
    for cascade in _cascades(pool):
        result = score(cascade, key_trace(cascade))
        assert result["precision"] == result["recall"] == 1.0
        assert result["direction_accuracy"] == result["kind_accuracy"] == 1.0
        assert result["unrelated_rate"] == 1.0
        assert result["mutation_rate"] in (None, 1.0)
        assert result["upstream_recovery"] == (1 if cascade.hidden_root else None)
        scores.append(result)
    total = aggregate(scores)
    assert total["precision"] == total["recall"] == total["upstream_rate"] == 1.0


def test_reversed_edges_score_zero_direction(pool: list[Body]) -> None:
    for cascade in _cascades(pool):
        perfect = key_trace(cascade)
        reversed_trace = replace(
            perfect,
            derivations=tuple(
                replace(d, parent=d.child, child=d.parent) for d in perfect.derivations
            ),
        )
        result = score(cascade, reversed_trace)
        assert result["precision"] == result["recall"] == 1.0
        assert result["direction_accuracy"] == 0.0
        if cascade.hidden_root:
            assert result["upstream_recovery"] == 0


def test_misses_and_false_positives_count(pool: list[Body]) -> None:
    cascade = make_cascade(pool, 8, 11, hide_root=False, unrelated=1)
    empty = StoryTrace(tuple(cascade.articles), (), (), (), (), ())
    result = score(cascade, empty)
    assert result["recall"] == 0.0 and result["precision"] is None
    assert result["unrelated_rate"] == 0.0
    perfect = key_trace(cascade)
    stray = next(a for a in cascade.articles if a.source in cascade.unrelated)
    wrong = replace(perfect.derivations[0], parent=stray.id)
    result = score(cascade, replace(perfect, derivations=(*perfect.derivations, wrong)))
    assert result["edges_to_unrelated"] == 1
    assert result["precision"] == pytest.approx(7 / 8)
    assert result["unrelated_rate"] == 0.0  # listed as unrelated, but in an edge


def test_same_outlet() -> None:
    assert same_outlet("AP", "Associated Press")
    assert same_outlet("the Associated Press", "Associated Press")
    assert same_outlet("Washington Post", "The Washington Post")
    assert same_outlet("POLITICO", "Politico")
    assert not same_outlet("Reuters", "Politico")
    assert not same_outlet("Axios", "Associated Press")
