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
