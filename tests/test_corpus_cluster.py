"""Clustering: quality on a generated corpus, hubs, determinism, candidate bounds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fixtures.corpus.helpers import write_corpus

from storytrace.corpus import CorpusSettings, cluster_corpus, ingest_corpus, open_store, quality
from storytrace.corpus.candidates import bucket_pairs, topk_rows
from storytrace.corpus.cluster import cluster
from storytrace.corpus.metrics import join_rate

FAST = CorpusSettings(workers=1)


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    folder = tmp_path_factory.mktemp("corpus")
    corpus = folder / "corpus.jsonl"
    records = write_corpus(corpus, n=260, seed=7)
    db = folder / "c.duckdb"
    ingest_corpus([str(corpus)], db, corpus=FAST)
    cluster_corpus(db, FAST)
    with open_store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT a.url, c.story_id FROM articles a JOIN clusters c ON c.article_id = a.id"
        ).fetchall()
    return db, records, dict(rows)


def test_cluster_quality_on_generated_corpus(clustered: tuple[Path, dict, dict]) -> None:
    _, records, predicted = clustered
    urls = sorted(predicted)
    truth = [records[u].story for u in urls]
    labels = [predicted[u] for u in urls]
    variants = [records[u].variant for u in urls]
    q = quality(truth, labels)
    assert q.ari >= 0.9, q
    assert q.precision >= 0.95, q
    assert join_rate(truth, labels, variants, "copy") == 1.0
    assert join_rate(truth, labels, variants, "paraphrase") >= 0.8


def test_roundups_do_not_chain_their_stories(clustered: tuple[Path, dict, dict]) -> None:
    _, records, predicted = clustered
    stories_per_cluster: dict[str, set[str]] = {}
    for url, label in predicted.items():
        if records[url].variant != "roundup":
            stories_per_cluster.setdefault(label, set()).add(records[url].story)
    merged = [s for s in stories_per_cluster.values() if len(s) > 1]
    assert not merged


def test_hub_article_does_not_merge_two_stories() -> None:
    # Two stories of four articles each (all pairs verified) and one hub with an edge to every
    # member of both: connected components would give one cluster of nine.
    a, b, hub = [0, 1, 2, 3], [4, 5, 6, 7], 8
    pairs = [(i, j) for group in (a, b) for i in group for j in group if i < j]
    pairs += [(m, hub) for m in a + b]
    weights = np.array([0.9] * 12 + [0.95] * 8, dtype=np.float32)  # hub edges strongest
    labels = cluster(9, np.array(pairs), weights, cohesion=0.5, cap=6)
    assert len({labels[i] for i in a}) == 1
    assert len({labels[i] for i in b}) == 1
    assert labels[0] != labels[4]


def test_chain_through_one_bridge_stays_apart_but_real_groups_merge() -> None:
    # Groups {0,1,2} and {3,4,5} linked by one edge (2-3): no merge. Add cross edges so most
    # members link across, and they merge.
    inner = [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)]
    weak = cluster(6, np.array([*inner, (2, 3)]), np.ones(7, np.float32), 0.5, 6)
    assert weak[0] != weak[3]
    strong = cluster(6, np.array([*inner, (2, 3), (0, 4), (1, 5)]), np.ones(9, np.float32), 0.5, 6)
    assert len(set(strong.tolist())) == 1


def test_a_few_edges_between_two_similar_events_do_not_chain_them() -> None:
    # Two events of five articles each (all pairs verified) and three cross edges, one per
    # member on each side: cohesive (3 of 5 members link across) but sparse (3 of 25 pairs).
    a, b = [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]
    inner = [(i, j) for group in (a, b) for i in group for j in group if i < j]
    cross = [(0, 5), (1, 6), (2, 7)]
    pairs = np.array(inner + cross)
    weights = np.ones(len(pairs), np.float32)
    assert len(set(cluster(10, pairs, weights, 0.5, 6).tolist())) == 1  # without the rule
    apart = cluster(10, pairs, weights, 0.5, 6, density=0.3, density_cap=10)
    assert apart[0] != apart[5] and len(set(apart.tolist())) == 2
    dense = np.array(inner + [(i, j) for i in a for j in b])
    together = cluster(10, dense, np.ones(len(dense), np.float32), 0.5, 6, 0.3, 10)
    assert len(set(together.tolist())) == 1


def test_bucket_pairs_are_bounded_and_deterministic() -> None:
    keys = np.zeros(100, dtype=np.uint64)
    members = np.arange(100)
    pairs = bucket_pairs(keys, members, links=3)
    assert len(pairs) == 300  # each member to its next three, not 100 * 99 / 2
    shuffled = np.random.default_rng(0).permutation(100)
    again = bucket_pairs(keys, members[shuffled], links=3)
    assert sorted(map(tuple, again.tolist())) == sorted(map(tuple, pairs.tolist()))


def test_topk_breaks_ties_by_smaller_column() -> None:
    sims = np.array([[0.0, 0.9, 0.9, 0.9, 0.1]], dtype=np.float32)
    _, cols = topk_rows(sims, k=2, floor=0.5)
    assert cols.tolist() == [1, 2]


def test_clustering_twice_gives_the_same_stories(clustered: tuple[Path, dict, dict]) -> None:
    db, _, predicted = clustered
    cluster_corpus(db, FAST)
    with open_store(db, read_only=True) as store:
        again = dict(
            store.con.execute(
                "SELECT a.url, c.story_id FROM articles a JOIN clusters c ON c.article_id = a.id"
            ).fetchall()
        )
    assert again == predicted


def test_story_analysis_stores_alignments_and_discrepancies(
    clustered: tuple[Path, dict, dict],
) -> None:
    from storytrace.align.embedder import HashingEmbedder
    from storytrace.corpus import list_stories, story_view
    from storytrace.corpus.analysis import analyse_story

    db, _, _ = clustered
    with open_store(db) as store:
        story = list_stories(store, limit=1)[0]
        done = analyse_story(store, story.story_id, max_pairs=2, embedder=HashingEmbedder())
        again = analyse_story(store, story.story_id, max_pairs=2, embedder=HashingEmbedder())
        view = story_view(store, story.story_id)
        assert (done, again) == (2, 0)  # cached: a second look costs nothing
        assert store.count("alignments") > 0
        analysed = [p for p in view.pairs if p.verbatim_a is not None]
        assert len(analysed) == 2


def _plain_cohesive_clustering(n: int, pairs: np.ndarray, weights: np.ndarray) -> list[int]:
    """The rule as the module docstring states it, recomputed from scratch at every edge."""
    cohesion, cap = 0.5, 3
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for i, j in pairs.tolist():
        neighbours[i].add(j)
        neighbours[j].add(i)
    group = list(range(n))
    order = sorted(range(len(pairs)), key=lambda e: (-weights[e], *pairs[e].tolist()))
    for _ in range(8):
        merged = False
        for edge in order:
            a, b = group[pairs[edge, 0]], group[pairs[edge, 1]]
            if a == b:
                continue
            side_a = [x for x in range(n) if group[x] == a]
            side_b = [x for x in range(n) if group[x] == b]
            linked_a = [x for x in side_a if any(group[y] == b for y in neighbours[x])]
            linked_b = [x for x in side_b if any(group[y] == a for y in neighbours[x])]
            need = [
                max(1, int(np.ceil(cohesion * min(len(s), cap) - 1e-9))) for s in (side_a, side_b)
            ]
            if len(linked_a) >= need[0] and len(linked_b) >= need[1]:
                group = [a if g == b else g for g in group]
                merged = True
        if not merged:
            break
    return [min(x for x in range(n) if group[x] == group[i]) for i in range(n)]


def test_clustering_equals_the_rule_recomputed_from_scratch() -> None:
    rng = np.random.default_rng(4)
    for _ in range(150):
        n = int(rng.integers(2, 40))
        pairs = np.sort(rng.integers(0, n, size=(int(rng.integers(0, 90)), 2)), axis=1)
        pairs = np.unique(pairs[pairs[:, 0] != pairs[:, 1]], axis=0).reshape(-1, 2)
        weights = rng.integers(0, 5, size=len(pairs)).astype(np.float32) / 4  # many ties
        got = cluster(n, pairs, weights, cohesion=0.5, cap=3)
        assert got.tolist() == _plain_cohesive_clustering(n, pairs, weights)
