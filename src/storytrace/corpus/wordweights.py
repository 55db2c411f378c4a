"""Rare-word and number vectors of articles, for the same-story model's lexical signals.

The corpus counterpart of ``storytrace.align.signals.profile``: each article becomes a sparse
row of (1 + log tf) * background IDF over its words (IDF from the ``wordfreq`` table, the same
one ``compare`` uses), unit length, and a binary row of the numbers it writes. Columns are the
words' stable 64-bit hashes folded into ``2**COLUMN_BITS`` buckets, so rows from different
batches, processes and engines line up without a shared vocabulary.
"""

from __future__ import annotations

import threading

import numpy as np
from scipy import sparse

from storytrace.align.signals import idf
from storytrace.corpus.tokens import WordBatch

COLUMN_BITS = 24  # 16M buckets: two distinct words of a pair collide with p ~ 1e-5
_IDF: dict[int, float] = {}  # word hash -> idf; numbers are stored as -1
_LOCK = threading.Lock()


def _weights(batch: WordBatch, distinct: np.ndarray, first: np.ndarray) -> np.ndarray:
    """IDF of each distinct hash (-1 for a number), computing only unseen words."""
    out = np.empty(len(distinct), dtype=np.float32)
    with _LOCK:
        for index, (value, at) in enumerate(zip(distinct.tolist(), first.tolist(), strict=True)):
            known = _IDF.get(value)
            if known is None:
                word = batch.word(at)
                known = -1.0 if any(c.isdigit() for c in word) else idf(word)
                _IDF[value] = known
            out[index] = known
    return out


def word_vectors(batch: WordBatch) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """(rare-word rows, unit length; number rows, 0/1) of every article of ``batch``."""
    n = len(batch.word_offsets) - 1
    shape = (n, 1 << COLUMN_BITS)
    if not len(batch.hashes):
        empty = sparse.csr_matrix(shape, dtype=np.float32)
        return empty, empty.copy()
    owner = np.repeat(np.arange(n), np.diff(batch.word_offsets))
    columns = (batch.hashes & np.uint64((1 << COLUMN_BITS) - 1)).astype(np.int64)
    keys = owner.astype(np.int64) << COLUMN_BITS | columns
    unique_keys, counts = np.unique(keys, return_counts=True)
    # One word hash per (article, column): its idf, looked up once per distinct hash.
    distinct, first, inverse = np.unique(batch.hashes, return_index=True, return_inverse=True)
    weight_of_word = _weights(batch, distinct, first)[inverse]
    key_weight = np.zeros(len(unique_keys), dtype=np.float32)
    key_weight[np.searchsorted(unique_keys, keys)] = weight_of_word
    rows = unique_keys >> COLUMN_BITS
    cols = unique_keys & ((1 << COLUMN_BITS) - 1)
    is_number = key_weight < 0
    words_value = (1.0 + np.log(counts)) * np.maximum(key_weight, 0.0)
    keep = ~is_number & (words_value > 0)
    rare = sparse.csr_matrix(
        (words_value[keep].astype(np.float32), (rows[keep], cols[keep])), shape=shape
    )
    norm = np.sqrt(np.asarray(rare.multiply(rare).sum(axis=1)).ravel())
    rare = sparse.csr_matrix(sparse.diags(1.0 / np.maximum(norm, 1e-12)) @ rare, dtype=np.float32)
    numbers = sparse.csr_matrix(
        (np.ones(int(is_number.sum()), dtype=np.float32), (rows[is_number], cols[is_number])),
        shape=shape,
    )
    return rare, numbers


def pair_rare_words(rare: sparse.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """Cosine of the rare-word rows of each pair."""
    if not len(pairs):
        return np.zeros(0, dtype=np.float32)
    return np.asarray(rare[pairs[:, 0]].multiply(rare[pairs[:, 1]]).sum(axis=1)).ravel()


def pair_numbers(numbers: sparse.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """Shared numbers over the smaller side's numbers (0 when either side has none)."""
    if not len(pairs):
        return np.zeros(0, dtype=np.float32)
    shared = np.asarray(numbers[pairs[:, 0]].multiply(numbers[pairs[:, 1]]).sum(axis=1)).ravel()
    sizes = np.diff(numbers.indptr)
    smaller = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    return np.where(smaller > 0, shared / np.maximum(smaller, 1), 0.0).astype(np.float32)
