"""The signatures stage: article texts -> MinHash signatures, document and sentence vectors.

Pure over a batch of (id, text, sentence starts, sentence ends): the local engine calls it on
chunks read from DuckDB, the Spark engine inside ``mapPartitions``; the outputs are identical
because every step is deterministic (stable word hashes, seeded MinHash, int8 vectors).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.embedding import quantise, word_table
from storytrace.corpus.shingles import sentence_words, shingle_hashes

TextRow = tuple[str, str, Sequence[int], Sequence[int]]  # id, text, sentence starts, ends
# Sentences per article that take part in alignment: a 50k-character long read has ~400, and
# the story is told in its first hundred. Bounds verification work per pair.
MAX_SENTENCES = 120


@dataclass(frozen=True, slots=True)
class Features:
    """Per-article features of a batch, column-wise. Row i belongs to ``ids[i]``."""

    ids: list[str]
    shingles: np.ndarray  # int32[n]: distinct shingles (0: too short for the lexical stage)
    minhash: np.ndarray  # uint32[n, num_perm]
    doc: np.ndarray  # int8[n, dim]
    sent_offsets: np.ndarray  # int64[n + 1]: article i's sentences are rows offsets[i]:offsets[i+1]
    sentences: np.ndarray  # int8[total sentences, dim]
    days: np.ndarray | None = None  # int32[n]: publication day number (-1: undated); set by engines

    def __len__(self) -> int:
        return len(self.ids)

    def sentence_vectors(self, row: int) -> np.ndarray:
        return self.sentences[self.sent_offsets[row] : self.sent_offsets[row + 1]]

    @staticmethod
    def concat(parts: list[Features]) -> Features:
        if not parts:
            return empty_features(1, 1)
        offsets = [np.zeros(1, dtype=np.int64)]
        base = 0
        for part in parts:
            offsets.append(part.sent_offsets[1:] + base)
            base += int(part.sent_offsets[-1])
        return Features(
            ids=[i for part in parts for i in part.ids],
            shingles=np.concatenate([p.shingles for p in parts]),
            minhash=np.concatenate([p.minhash for p in parts]),
            doc=np.concatenate([p.doc for p in parts]),
            sent_offsets=np.concatenate(offsets),
            sentences=np.concatenate([p.sentences for p in parts]),
            days=None
            if any(p.days is None for p in parts)
            else np.concatenate([p.days for p in parts]),  # type: ignore[misc]
        )


def day_numbers(dates: Sequence[str | None]) -> np.ndarray:
    """Days since 1970-01-01 of ISO dates; -1 where a date is missing or unreadable."""
    out = np.full(len(dates), -1, dtype=np.int32)
    for index, value in enumerate(dates):
        if value:
            with contextlib.suppress(ValueError):  # an unreadable date counts as no date
                out[index] = int(np.datetime64(value[:10], "D").astype(np.int64))
    return out


def empty_features(num_perm: int, dim: int) -> Features:
    return Features(
        [],
        np.zeros(0, np.int32),
        np.zeros((0, num_perm), np.uint32),
        np.zeros((0, dim), np.int8),
        np.zeros(1, np.int64),
        np.zeros((0, dim), np.int8),
    )


def featurize(rows: Sequence[TextRow], settings: CorpusSettings) -> Features:
    """Signatures and vectors of a batch of articles."""
    if settings.embedder != "wordllama":
        return _featurize_model(rows, settings)
    table = word_table()
    shingle_sets: list[np.ndarray] = []
    doc_vectors = np.zeros((len(rows), table.dim), dtype=np.float32)
    sentence_blocks: list[np.ndarray] = []
    offsets = [0]
    for row, (_, text, starts, ends) in enumerate(rows):
        per_sentence = sentence_words(text, list(starts), list(ends))
        words = [w for sentence in per_sentence for w in sentence]
        ids = table.ids(words)
        shingle_sets.append(shingle_hashes(table.hashes(ids), settings.shingle_words))
        vectors = table.vectors(ids)
        doc_vectors[row] = vectors.sum(axis=0) if len(ids) else 0.0
        lengths = np.array([len(s) for s in per_sentence[:MAX_SENTENCES]], dtype=np.int64)
        used = int(lengths.sum())
        if used:
            nonempty = lengths > 0
            bounds = np.concatenate([[0], np.cumsum(lengths)[:-1]])[nonempty]
            sentence_blocks.append(quantise(np.add.reduceat(vectors[:used], bounds, axis=0)))
            offsets.append(offsets[-1] + int(nonempty.sum()))
        else:
            offsets.append(offsets[-1])
    return Features(
        ids=[r[0] for r in rows],
        shingles=np.array([len(s) for s in shingle_sets], dtype=np.int32),
        minhash=minhashes(shingle_sets, settings),
        doc=quantise(doc_vectors),
        sent_offsets=np.array(offsets, dtype=np.int64),
        sentences=(
            np.concatenate(sentence_blocks)
            if sentence_blocks
            else np.zeros((0, table.dim), np.int8)
        ),
    )


def minhashes(shingle_sets: list[np.ndarray], settings: CorpusSettings) -> np.ndarray:
    """Seeded MinHash (rensa's RMinHash, Rust) of many shingle sets in one call."""
    if not shingle_sets:
        return np.zeros((0, settings.num_perm), dtype=np.uint32)
    lengths = np.array([len(s) for s in shingle_sets], dtype=np.uint64)
    offsets = np.concatenate([np.zeros(1, np.uint64), np.cumsum(lengths, dtype=np.uint64)])
    flat = np.concatenate(shingle_sets).astype(np.uint64)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(
        flat, offsets, settings.num_perm, settings.seed
    )
    return np.array(matrix.to_rows(), dtype=np.uint32).reshape(len(shingle_sets), settings.num_perm)


def _featurize_model(rows: Sequence[TextRow], settings: CorpusSettings) -> Features:
    """Same features with a transformer embedder (e5-small, or minilm on CPU or CUDA)."""
    from storytrace.align.embedder import get_embedder
    from storytrace.config import DEFAULT_SETTINGS
    from storytrace.corpus.embedding import word_hash

    embedder = get_embedder(
        DEFAULT_SETTINGS.with_(embedder=settings.embedder, device=settings.device)
    )
    shingle_sets, docs, blocks, offsets = [], [], [], [0]
    for _, text, starts, ends in rows:
        per_sentence = sentence_words(text, list(starts), list(ends))
        words = [w for s in per_sentence for w in s]
        hashes = np.array([word_hash(w) for w in words], dtype=np.uint64)
        shingle_sets.append(shingle_hashes(hashes, settings.shingle_words))
        spans = list(zip(starts, ends, strict=True))[:MAX_SENTENCES] or [(0, len(text))]
        vectors = embedder.embed([text[s:e] for s, e in spans])
        docs.append(vectors.mean(axis=0))
        blocks.append(quantise(vectors))
        offsets.append(offsets[-1] + len(vectors))
    return Features(
        ids=[r[0] for r in rows],
        shingles=np.array([len(s) for s in shingle_sets], dtype=np.int32),
        minhash=minhashes(shingle_sets, settings),
        doc=quantise(np.array(docs)),
        sent_offsets=np.array(offsets, dtype=np.int64),
        sentences=np.concatenate(blocks),
    )
