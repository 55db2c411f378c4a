"""The candidates stage: which pairs of articles are worth verifying.

Two sources, both bounded per article so the work grows linearly with the corpus:

* **lexical**: MinHash LSH banding. Articles whose signatures agree on a whole band share a
  bucket. A bucket of m near-copies would give m^2/2 pairs, so each member is linked only to
  its next ``bucket_links`` members (cyclically, in id order): near-copies are similar to one
  another, and a few links per member are enough to keep their cluster together.
* **semantic**: the ``semantic_k`` nearest documents by cosine of the int8 document vectors,
  above ``semantic_min_cosine``, found by blocked exact top-k (a (block x N) product at a time:
  100k x 128 fits in memory; no approximate index is needed at this scale). Heavy paraphrases
  share few shingles but keep their words' meaning, so they are found here.

Pairs are row indices ``(i, j)``, ``i < j``, into a features table sorted by article id; ties
are always broken by the smaller index, so every engine produces the same pairs.
"""

from __future__ import annotations

import numpy as np

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.embedding import norms

SEMANTIC_BLOCK = 1024  # query rows per product: 1024 x 100k float32 = 400 MB at most


def band_keys(minhash: np.ndarray, bands: int) -> np.ndarray:
    """uint64[n, bands]: one hash per band of each signature."""
    n, perms = minhash.shape
    rows = perms // bands
    blocks = minhash.reshape(n, bands, rows).astype(np.uint64)
    keys = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            keys = keys * np.uint64(0x100000001B3) + blocks[:, :, r] + np.uint64(r + 1)
    return keys


def lexical_candidates(
    minhash: np.ndarray, shingles: np.ndarray, settings: CorpusSettings
) -> np.ndarray:
    """int64[m, 2] pairs sharing at least one LSH band (bounded links per bucket member)."""
    usable = np.flatnonzero(shingles > 0)
    if len(usable) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    keys = band_keys(minhash[usable], settings.lsh_bands)
    found: list[np.ndarray] = []
    for band in range(settings.lsh_bands):
        found.append(bucket_pairs(keys[:, band], usable, settings.bucket_links))
    return unique_pairs(np.concatenate(found))


def bucket_pairs(keys: np.ndarray, members: np.ndarray, links: int) -> np.ndarray:
    """Pairs within equal-key buckets: each member to its next ``links`` members, cyclically."""
    if len(members) < 2 or bool(np.all(members[1:] > members[:-1])):
        order = np.argsort(keys, kind="stable")  # ties stay in (ascending) member order
    else:
        order = np.lexsort((members, keys))
    sorted_keys, sorted_members = keys[order], members[order]
    starts_mask = np.ones(len(order), dtype=bool)
    starts_mask[1:] = sorted_keys[1:] != sorted_keys[:-1]
    run_id = np.cumsum(starts_mask) - 1
    run_start = np.flatnonzero(starts_mask)
    run_size = np.diff(np.append(run_start, len(order)))
    size = run_size[run_id]
    start = run_start[run_id]
    position = np.arange(len(order)) - start
    pairs = []
    for step in range(1, links + 1):
        ok = size > step
        if not ok.any():
            break
        partner = start[ok] + (position[ok] + step) % size[ok]
        pairs.append(np.stack([sorted_members[ok], sorted_members[partner]], axis=1))
    return np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """Sorted, de-duplicated pairs with i < j (self pairs dropped)."""
    if not len(pairs):
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(pairs.astype(np.int64), axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    # One int64 key per pair, sorted and de-duplicated: ~20x faster than np.unique(axis=0).
    width = np.int64(pairs[:, 1].max() + 1) if len(pairs) else np.int64(1)
    keys = np.sort(pairs[:, 0] * width + pairs[:, 1])
    if len(keys):
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return np.stack([keys // width, keys % width], axis=1)


def semantic_candidates(
    doc: np.ndarray,
    settings: CorpusSettings,
    rows: tuple[int, int] | None = None,
    days: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k neighbours of rows ``rows`` (default: all) by exact int8 cosine.

    With ``days`` (publication day per row, -1 undated) and ``semantic_window_days`` > 0, a
    dated article's neighbours are searched among the articles within the window and the
    undated ones. Returns (pairs int64[m, 2] with i < j, cosine float32[m]). ``rows`` lets an
    engine split the queries (Spark partitions); the union over a split equals the unsplit
    result, because each query's candidate set and tie-breaking do not depend on the split.
    """
    n = len(doc)
    first, last = rows or (0, n)
    k = min(settings.semantic_k, n - 1)
    if k < 1 or first >= last:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.float32)
    if settings.device == "cuda":
        from storytrace.corpus.gpu import semantic_topk_cuda

        return semantic_topk_cuda(doc, settings, first, last, k, days)
    if days is not None and settings.semantic_window_days > 0:
        return _windowed(doc, settings, first, last, k, days)
    all_vectors = doc.astype(np.float32)
    all_norms = norms(doc)
    out_pairs, out_cos = [], []
    for block_start in range(first, last, SEMANTIC_BLOCK):
        block_end = min(last, block_start + SEMANTIC_BLOCK)
        sims = all_vectors[block_start:block_end] @ all_vectors.T
        sims /= all_norms[block_start:block_end, None]
        sims /= all_norms[None, :]
        local = np.arange(block_end - block_start)
        sims[local, block_start + local] = -np.inf
        query, neighbour = topk_rows(sims, k, settings.semantic_min_cosine)
        out_pairs.append(np.stack([query + block_start, neighbour], axis=1))
        out_cos.append(sims[query, neighbour])
    return _symmetric(np.concatenate(out_pairs), np.concatenate(out_cos))


def _windowed(
    doc: np.ndarray, settings: CorpusSettings, first: int, last: int, k: int, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k within a publication-date window: queries in day order, blocks of columns."""
    window = settings.semantic_window_days
    all_vectors = doc.astype(np.float32)
    all_norms = norms(doc)
    undated = np.flatnonzero(days < 0)
    by_day = np.argsort(days, kind="stable")
    sorted_days = days[by_day]
    queries = np.arange(first, last)
    queries = queries[np.argsort(days[queries], kind="stable")]
    query_days = days[queries]
    undated_queries = int(np.count_nonzero(query_days < 0))  # they sort first
    span = window // 2  # a block's own days: its columns then span ~2 windows, not the corpus
    out_pairs, out_cos = [], []
    start = 0
    while start < len(queries):
        if start < undated_queries:
            end = min(start + SEMANTIC_BLOCK, undated_queries)
        else:
            last_day = query_days[start] + span
            end = min(
                start + SEMANTIC_BLOCK,
                int(np.searchsorted(query_days, last_day, side="right")),
            )
        block, start = queries[start:end], end
        block_days = days[block]
        if (block_days < 0).any():  # undated queries: every article is a candidate
            columns = np.arange(len(doc))
        else:
            low = np.searchsorted(sorted_days, block_days.min() - window, side="left")
            high = np.searchsorted(sorted_days, block_days.max() + window, side="right")
            # sorted, so ties go to the smaller index (the two parts are disjoint: no unique)
            columns = np.sort(np.concatenate([by_day[low:high], undated]))
        sims = all_vectors[block] @ all_vectors[columns].T
        sims /= all_norms[block, None]
        sims /= all_norms[None, columns]
        _mask_outside_window(sims, block_days, days[columns], window)
        # each query against itself (columns are sorted, and every query is among them)
        sims[np.arange(len(block)), np.searchsorted(columns, block)] = -np.inf
        width = min(k, len(columns) - 1)
        if width < 1:
            continue
        query, position = topk_rows(sims, width, settings.semantic_min_cosine)
        out_pairs.append(np.stack([block[query], columns[position]], axis=1))
        out_cos.append(sims[query, position])
    if not out_pairs:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.float32)
    return _symmetric(np.concatenate(out_pairs), np.concatenate(out_cos))


def _mask_outside_window(
    sims: np.ndarray, query_days: np.ndarray, column_days: np.ndarray, window: int
) -> None:
    """Set -inf where a dated query and a dated column are more than ``window`` days apart.

    Only columns near the edges of the block's range can be outside for some query (a block
    spans a day or two), so the (queries x edge columns) test replaces a (queries x all) one.
    """
    dated: np.ndarray | None = None
    if (query_days < 0).any():
        dated = query_days >= 0
        if not dated.any():
            return
    known = query_days if dated is None else query_days[dated]
    low, high = int(known.min()), int(known.max())
    edge = np.flatnonzero(
        (column_days >= 0) & ((column_days < high - window) | (column_days > low + window))
    )
    if not len(edge):
        return
    if 2 * len(edge) > len(column_days):  # mostly edges: one dense masked write is cheaper
        outside = np.abs(query_days[:, None] - column_days[None, :]) > window
        outside &= (column_days >= 0)[None, :]
        if dated is not None:
            outside &= dated[:, None]
        np.putmask(sims, outside, -np.inf)
        return
    outside = np.abs(query_days[:, None] - column_days[None, edge]) > window
    if dated is not None:
        outside &= dated[:, None]
    rows, positions = np.nonzero(outside)
    sims[rows, edge[positions]] = -np.inf


def topk_rows(sims: np.ndarray, k: int, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of each row's k largest values >= floor; ties go to the smaller column.

    Fast path: ``argpartition`` picks k columns per row, which is the answer wherever it holds
    every value tied with the threshold; the few rows where ties spill over (exact copies have
    equal cosines) are redone by :func:`_topk_exact`.
    """
    n = sims.shape[1]
    picked = np.argpartition(sims, n - k, axis=1)[:, n - k :]
    values = np.take_along_axis(sims, picked, axis=1)
    threshold = np.maximum(values.min(axis=1), np.float32(floor))
    at_least = values >= threshold[:, None]
    spilled = np.count_nonzero(sims >= threshold[:, None], axis=1) != at_least.sum(axis=1)
    rows_fast = np.flatnonzero(~spilled)
    keep = at_least[rows_fast]
    rows = np.repeat(rows_fast, keep.sum(axis=1))
    cols = picked[rows_fast][keep]
    if spilled.any():
        slow = np.flatnonzero(spilled)
        rows_slow, cols_slow = _topk_exact(sims[slow], k, threshold[slow])
        rows = np.concatenate([rows, slow[rows_slow]])
        cols = np.concatenate([cols, cols_slow])
    order = np.lexsort((cols, rows))
    return rows[order], cols[order]


def _topk_exact(sims: np.ndarray, k: int, threshold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Values above ``threshold``, then ties with it by smallest column, k per row at most."""
    rows_gt, cols_gt = np.nonzero(sims > threshold[:, None])
    rows_eq, cols_eq = np.nonzero(sims == threshold[:, None])
    # Fill each row up to k with tied values, smallest column first (np.nonzero is row-major).
    room = k - np.bincount(rows_gt, minlength=sims.shape[0])
    rank = np.arange(len(rows_eq)) - np.searchsorted(rows_eq, rows_eq)
    keep = rank < room[rows_eq]
    return np.concatenate([rows_gt, rows_eq[keep]]), np.concatenate([cols_gt, cols_eq[keep]])


def _symmetric(pairs: np.ndarray, cos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each unordered pair once (i < j). A pair found from both sides has two cosines that can
    differ in the last bit (the norms divide in the other order); the smaller is kept, so the
    result does not depend on the order the queries ran in."""
    if not len(pairs):
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.float32)
    pairs = np.sort(pairs, axis=1)
    order = np.lexsort((cos, pairs[:, 1], pairs[:, 0]))
    pairs, cos = pairs[order], cos[order]
    keep = np.ones(len(pairs), dtype=bool)
    keep[1:] = np.any(pairs[1:] != pairs[:-1], axis=1)
    return pairs[keep], cos[keep].astype(np.float32)


def estimated_jaccard(minhash: np.ndarray, pairs: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """Share of equal MinHash values per pair (the Jaccard estimate), float32[m]."""
    out = np.empty(len(pairs), dtype=np.float32)
    perms = np.float32(minhash.shape[1])
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        equal = np.count_nonzero(minhash[part[:, 0]] == minhash[part[:, 1]], axis=1)
        out[start : start + chunk] = equal.astype(np.float32) / perms
    return out


def pair_cosines(doc: np.ndarray, pairs: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Document cosine per pair, computed exactly as ``semantic_candidates`` computes it.

    Small chunks keep the gathered rows in cache: 3x faster than chunks of 200k pairs.
    """
    all_norms = norms(doc)
    vectors = doc.astype(np.float32)  # once: converting per pair cost more than the products
    out = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        dots = np.einsum("ij,ij->i", vectors[part[:, 0]], vectors[part[:, 1]])
        out[start : start + chunk] = dots / all_norms[part[:, 0]] / all_norms[part[:, 1]]
    return out


def cap_per_article(pairs: np.ndarray, priority: np.ndarray, n: int, cap: int) -> np.ndarray:
    """Mask keeping each pair that is among the ``cap`` best of at least one of its articles.

    Best = highest priority, ties to the smaller partner index: deterministic.
    """
    if not len(pairs):
        return np.zeros(0, dtype=bool)
    keep = np.zeros(len(pairs), dtype=bool)
    descending = np.uint64(0xFFFFFFFF) - _sortable_bits(priority)
    for side in (0, 1):
        owner, partner = pairs[:, side], pairs[:, 1 - side]
        # (owner, -priority) as one uint64 key: a two-key lexsort instead of three.
        owner_first = (owner.astype(np.uint64) << np.uint64(32)) | descending
        order = np.lexsort((partner, owner_first))
        owner_sorted = owner[order]
        first = np.searchsorted(owner_sorted, owner_sorted, side="left")
        rank = np.arange(len(order)) - first
        keep[order[rank < cap]] = True
    return keep


def _sortable_bits(values: np.ndarray) -> np.ndarray:
    """uint64 (below 2**32) that sort as the float32 ``values`` do (-0.0 counts as 0.0)."""
    bits = (np.asarray(values, dtype=np.float32) + np.float32(0.0)).view(np.uint32)
    negative = (bits >> np.uint32(31)).astype(bool)
    bits = np.where(negative, ~bits, bits | np.uint32(0x80000000))
    return bits.astype(np.uint64)
