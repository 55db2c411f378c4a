"""Fast paths equal their plain references: batched alignment shares, window mask, top-k,
the numpy hash index."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.corpus.candidates import (
    _mask_outside_window,
    _topk_exact,
    cap_per_article,
    topk_rows,
)
from storytrace.corpus.embedding import norms
from storytrace.corpus.features import Features
from storytrace.corpus.hashindex import HashIndex
from storytrace.corpus.pipeline import member_mask
from storytrace.corpus.verify import grouped_shares, sentence_shares


def test_grouped_shares_equal_per_pair_shares() -> None:
    rng = np.random.default_rng(5)
    sizes = rng.integers(0, 9, size=40)
    offsets = np.r_[0, np.cumsum(sizes)]
    base = rng.integers(-127, 128, size=(12, 32))
    # Sentences are noisy copies of a few shared ones, so some pairs cross the threshold.
    picks = rng.integers(0, len(base), size=int(offsets[-1]))
    noise = rng.integers(-40, 41, size=(int(offsets[-1]), 32))
    sentences = np.clip(base[picks] + noise, -127, 127).astype(np.int8)
    features = Features(
        ids=[str(i) for i in range(len(sizes))],
        shingles=np.ones(len(sizes), np.int32),
        minhash=np.zeros((len(sizes), 4), np.uint32),
        doc=np.zeros((len(sizes), 32), np.int8),
        sent_offsets=offsets.astype(np.int64),
        sentences=sentences,
    )
    pairs = np.array([(i, j) for i in range(40) for j in range(i + 1, 40) if (i * j) % 3 == 0])
    got_a, got_b = grouped_shares(features, pairs, 0.8)
    for k, (i, j) in enumerate(pairs.tolist()):
        sa = sentences[offsets[i] : offsets[i + 1]]
        sb = sentences[offsets[j] : offsets[j + 1]]
        want = sentence_shares(sa, norms(sa), sb, norms(sb), 0.8)
        assert (got_a[k], got_b[k]) == want
    assert 0 < np.count_nonzero(got_a) < len(pairs)


def test_window_mask_equals_the_dense_test() -> None:
    rng = np.random.default_rng(9)
    mostly_edges = []
    for trial in range(100):
        window = int(rng.integers(1, 10))
        if trial % 2:  # queries and columns spread out: most columns are edges (dense path)
            queries = np.sort(rng.integers(-1, 30, size=rng.integers(1, 12)))
            columns = rng.integers(-1, 60, size=40)
        else:  # a block of a day or two among columns near it: few edges (sparse path)
            day = int(rng.integers(20, 40))
            queries = np.sort(rng.integers(day, day + 2, size=rng.integers(1, 12)))
            columns = rng.integers(day - window - 1, day + window + 2, size=40)
        known = queries[queries >= 0]
        if len(known):
            edges = (columns >= 0) & (
                (columns < known.max() - window) | (columns > known.min() + window)
            )
            mostly_edges.append(2 * edges.sum() > len(columns))
        sims = np.zeros((len(queries), len(columns)), dtype=np.float32)
        _mask_outside_window(sims, queries, columns, window)
        dense = (np.abs(queries[:, None] - columns[None, :]) > window) & (
            (queries[:, None] >= 0) & (columns[None, :] >= 0)
        )
        assert np.array_equal(np.isneginf(sims), dense)
    assert any(mostly_edges) and not all(mostly_edges)  # both paths were taken


def test_topk_fast_path_equals_the_exact_rule() -> None:
    rng = np.random.default_rng(3)
    for trial in range(300):
        rows, columns = int(rng.integers(1, 30)), int(rng.integers(2, 60))
        if trial % 3:  # few distinct values: ties everywhere, as between exact copies
            sims = rng.integers(0, 6, size=(rows, columns)).astype(np.float32) / 5
        else:
            sims = rng.random((rows, columns), dtype=np.float32)
        sims[rng.random((rows, columns)) < 0.1] = -np.inf
        k, floor = int(rng.integers(1, columns)), float(rng.choice([-1.0, 0.0, 0.5, 0.75]))
        kth = np.partition(sims, columns - k, axis=1)[:, columns - k]
        want_rows, want_cols = _topk_exact(sims, k, np.maximum(kth, np.float32(floor)))
        order = np.lexsort((want_cols, want_rows))
        got_rows, got_cols = topk_rows(sims, k, floor)
        assert np.array_equal(got_rows, want_rows[order])
        assert np.array_equal(got_cols, want_cols[order])


def test_hash_index_agrees_with_a_dict_through_collisions_and_growth() -> None:
    rng = np.random.default_rng(11)
    index, reference = HashIndex(capacity=16), {}
    # Keys that share their low bits collide in a small table; the index must grow past them.
    pool = np.unique(
        np.concatenate(
            [
                rng.integers(0, 2**63, size=3000, dtype=np.uint64),
                (np.arange(200, dtype=np.uint64) << np.uint64(20)) | np.uint64(7),
            ]
        )
    )
    rng.shuffle(pool)
    for batch in np.array_split(pool, 9):
        asked = np.concatenate([batch, rng.choice(pool, 50)])  # repeats, known and unknown
        expected = np.array([reference.get(int(k), -1) for k in asked])
        assert np.array_equal(index.get(asked), expected)
        values = np.arange(len(reference), len(reference) + len(batch))
        index.put(batch, values)
        reference.update(zip(batch.tolist(), values.tolist(), strict=True))
    assert len(index) == len(reference) == len(pool)
    assert np.array_equal(index.get(pool), [reference[int(k)] for k in pool])


def test_candidate_cap_and_membership_equal_their_plain_forms() -> None:
    rng = np.random.default_rng(8)
    pairs = np.unique(np.sort(rng.integers(0, 30, size=(400, 2)), axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    # few distinct priorities (ties), a negative one and a negative zero
    priority = rng.choice(np.array([0.9, 0.5, 0.0, -0.0, -0.25], np.float32), len(pairs))
    keep = cap_per_article(pairs, priority, 30, cap=3)
    plain = np.zeros(len(pairs), dtype=bool)
    for side in (0, 1):
        order = np.lexsort((pairs[:, 1 - side], -priority, pairs[:, side]))
        seen: dict[int, int] = {}
        for index in order.tolist():
            owner = int(pairs[index, side])
            seen[owner] = seen.get(owner, 0) + 1
            plain[index] |= seen[owner] <= 3
    assert np.array_equal(keep, plain)
    subset = pairs[rng.random(len(pairs)) < 0.3]
    outside = np.array([[0, 31], [29, 40]])
    asked = np.concatenate([pairs, outside])
    expected = [tuple(p) in set(map(tuple, subset.tolist())) for p in asked.tolist()]
    assert member_mask(asked, subset).tolist() == expected


def test_gpu_search_gives_the_cpu_neighbours_when_run_by_torch_on_the_cpu() -> None:
    """``--device cuda`` runs this code on a GPU; on the CPU it must equal the numpy path,
    date window, exact copies (ties past the GPU's margin) and all."""
    torch = pytest.importorskip("torch", reason="needs the [torch] extra (torch==2.13.0 first)")
    del torch
    from storytrace.corpus.candidates import semantic_candidates
    from storytrace.corpus.config import CorpusSettings
    from storytrace.corpus.gpu import semantic_topk_torch

    rng = np.random.default_rng(2)
    topics = rng.integers(-127, 128, size=(6, 24))
    doc = np.clip(topics[rng.integers(0, 6, 300)] + rng.integers(-30, 31, (300, 24)), -127, 127)
    doc[40:70] = doc[40]  # thirty exact copies: equal cosines, ties far past the margin
    doc = doc.astype(np.int8)
    days = rng.integers(19_000, 19_040, size=300).astype(np.int32)
    days[::25] = -1  # some undated
    settings = CorpusSettings(semantic_min_cosine=0.5)
    for window_days in (None, days):
        want = semantic_candidates(doc, settings, days=window_days)
        got = semantic_topk_torch(
            doc, settings, 0, len(doc), settings.semantic_k, window_days, "cpu"
        )
        assert np.array_equal(got[0], want[0])
        assert np.array_equal(got[1], want[1])


def test_story_rows_by_table_row_equal_the_sorted_path() -> None:
    from storytrace.corpus.embedding import word_table
    from storytrace.corpus.tokens import batch_words
    from storytrace.corpus.wordweights import story_rows

    texts = [
        "The U.S. and Iranian officials met in Geneva on Monday. 120,000 people fled Karabakh.",
        "Officials in America said Iran's envoy met Blinken. About 100,000 fled; Geneva talks.",
        "",
        "A cat sat on the mat. The Cat sat again, and again, and again.",
        "Ünïcode Tëxt ﬁne; 漢字 Appear here. Second sentence follows! Zürich Bank said 3.5%.",
    ]
    rows = [(t, [0], [len(t)]) if t else (t, [], []) for t in texts]
    table = word_table(128)
    for batch_rows in (rows, rows[:2], rows[3:]):
        batch = batch_words(batch_rows)
        word_rows, _ = table.lookup(batch.hashes, batch.word)
        plain = story_rows(batch, batch_rows)
        for _ in range(2):  # the second time from the rows' cache
            by_row = story_rows(batch, batch_rows, (table, word_rows))
            for name in ("indptr", "indices", "data"):
                assert np.array_equal(getattr(plain, name), getattr(by_row, name)), name
        assert plain.has_sorted_indices and by_row.has_sorted_indices


def test_story_row_building_blocks_equal_their_plain_forms() -> None:
    from scipy import sparse

    from storytrace.corpus.wordweights import (
        BLOCKS,
        COLUMN_BITS,
        COUNT,
        _first_of_keys,
        _sorted_rows,
        _with_counts,
    )

    rng = np.random.default_rng(4)
    for size in (1, 2, 50, 3000):
        keys = rng.integers(0, 40, size=size).astype(np.int64) << 32 | rng.integers(0, 9, size)
        got = _first_of_keys(keys)
        want = np.unique(keys, return_index=True, return_counts=True)
        assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True))
    n = 6
    columns = rng.integers(0, BLOCKS << COLUMN_BITS, 30)
    columns[columns >> COLUMN_BITS == COUNT] += 1 << COLUMN_BITS  # the count is added after
    keys = np.unique(rng.integers(0, n, 30) << 32 | columns)
    rows, cols = keys >> 32, keys & ((1 << 32) - 1)
    values = rng.random(len(keys)).astype(np.float32)
    values[::7] = 0.0  # a zero is left out, as the sparse sum leaves it out
    word_offsets = np.r_[0, np.cumsum(rng.integers(0, 3, n))]
    shape = (n, BLOCKS << COLUMN_BITS)
    got = _sorted_rows(rows, cols, values, shape, word_offsets)
    want = _with_counts(
        sparse.csr_matrix((values, (rows, cols)), shape=shape),
        np.diff(word_offsets).astype(np.float32),
    )
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name


def test_pair_values_of_many_pairs_equal_each_pair_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from scipy import sparse

    from storytrace.corpus import wordweights
    from storytrace.corpus.wordweights import (
        BLOCKS,
        COLUMN_BITS,
        COUNT,
        TIME,
        TIME_KINDS,
        pair_values,
    )

    rng = np.random.default_rng(12)
    n, shape = 30, (30, BLOCKS << COLUMN_BITS)
    times = np.array([low + step for low, _ in TIME_KINDS for step in (0, 1)])
    rows, cols = [], []
    for row in range(n):  # few columns per block, so pairs share some blocks and not others
        for block in range(BLOCKS):
            if block == COUNT:
                picked = np.zeros(1, dtype=np.int64)
            elif block == TIME:  # two of each kind: pairs agree, conflict, or say nothing
                picked = np.unique(rng.choice(times, size=int(rng.integers(0, 3))))
            else:
                picked = np.unique(rng.integers(0, 12, size=int(rng.integers(0, 6))))
            rows += [row] * len(picked)
            cols += (block << COLUMN_BITS | picked).tolist()
    values = rng.random(len(rows)).astype(np.float32) + 0.1
    story = sparse.csr_matrix((values, (rows, cols)), shape=shape)
    story.sort_indices()
    pairs = np.array([(i, j) for i in range(n) for j in range(i + 1, n) if (i + j) % 4 == 0])
    monkeypatch.setattr(wordweights, "PAIR_CHUNK", 7)  # chunk edges inside the list
    together = pair_values(story, pairs)
    for k in range(len(pairs)):
        alone = pair_values(story, pairs[k : k + 1])
        for name, value in alone.items():
            assert together[name][k] == value[0], (name, k)
    assert 0 < np.count_nonzero(together["shared_names"]) < len(pairs)
    assert 0 < np.count_nonzero(together["time_conflict"]) < len(pairs)


def test_pair_values_count_the_last_shared_entries_before_pairs_sharing_none() -> None:
    from scipy import sparse

    from storytrace.corpus.wordweights import BLOCKS, COLUMN_BITS, pair_values

    # Pair (0, 1) shares two words, (0, 2) none: the first pair's sum has both entries (a
    # reduceat clipped at the end of the data once dropped the last one: 0.36, not 1.0).
    data = np.array([0.6, 0.8, 0.6, 0.8, 1.0], np.float32)
    story = sparse.csr_matrix(
        (data, ([0, 0, 1, 1, 2], [1, 2, 1, 2, 3])), shape=(3, BLOCKS << COLUMN_BITS)
    )
    got = pair_values(story, np.array([[0, 1], [0, 2]]))["rare_words"]
    assert got[0] == pytest.approx(1.0) and got[1] == 0.0


def test_small_pages_turns_numpy_huge_pages_off_for_the_run_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storytrace.corpus.backends import local

    switch = local._set_madvise_hugepage
    if switch is None:
        pytest.skip("this numpy has no madvise switch")
    monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
    before = switch(True)
    try:
        with local.small_pages():
            assert switch(False) is False  # it was off inside
        assert switch(True) is True  # and back on after
        monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
        with local.small_pages():  # the user's setting wins
            assert switch(True) is True
    finally:
        switch(before)
