"""Document and sentence vectors for a corpus: static word vectors, quantised to int8.

Why static: a transformer embeds ~100-600 sentences/s on two cores, a 100k-article corpus has
~3M sentences. wordllama's ``l2_supercat`` token table (256 dims, Matryoshka-trained so its
first 64 or 128 are a smaller model; shipped inside the wheel, MIT) averaged over a text *is*
the wordllama model, so we cache one vector per distinct word
(the sum of its sub-word token vectors) and a document or sentence vector is a sum of rows:
~40x faster than calling ``WordLlama.embed`` on long documents, same direction.

Why int8: vectors are stored as int8 (each scaled by its own largest component), and products
are taken in float32. Every partial sum of up to 256 products of int8 values stays below 2**24, so
the dot products are *exact* whatever the BLAS blocking: the local and Spark engines, and any
batch size, get bit-identical cosines and therefore identical neighbour lists and clusters.

The ``--device cuda`` / transformer path (``e5-small``, ``minilm``) goes through
``storytrace.align.embedder.get_embedder`` and is quantised the same way.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import sparse

from storytrace.corpus.hashindex import HashIndex
from storytrace.corpus.tokens import mix64
from storytrace.errors import ConfigError

log = logging.getLogger(__name__)

WORDLLAMA_NAME = "wordllama-l2-supercat"
QUANT = 127.0


def quantise(vectors: np.ndarray) -> np.ndarray:
    """int8 rows, each scaled so its largest component is +-127 (direction kept)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if not len(vectors):
        return np.zeros(vectors.shape, dtype=np.int8)
    scale = np.maximum(vectors.max(axis=1), -vectors.min(axis=1))[:, None]  # no |v| copy
    scale[scale == 0] = 1.0
    scaled = vectors * (QUANT / scale)
    return np.rint(scaled, out=scaled).astype(np.int8)


def norms(quantised: np.ndarray, chunk: int = 16384) -> np.ndarray:
    """Euclidean norms of int8 rows (float32, 1 for an all-zero row so no division by 0).

    Converted a chunk at a time: a float32 copy of every sentence vector at once is hundreds
    of MB of fresh memory, and first-touching it cost more than the arithmetic.
    """
    result = np.empty(len(quantised), dtype=np.float32)
    for start in range(0, len(quantised), chunk):
        as_float = quantised[start : start + chunk].astype(np.float32)
        result[start : start + chunk] = np.sqrt(np.einsum("ij,ij->i", as_float, as_float))
    result[result == 0] = 1.0
    return result


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact-product cosine matrix between int8 row sets (see module docstring)."""
    dots = a.astype(np.float32) @ b.astype(np.float32).T
    return dots / norms(a)[:, None] / norms(b)[None, :]


class WordTable:
    """Distinct words (by their 64-bit hash) -> static vector rows, grown as new words appear.

    One table per process; thread-safe. ``vectors`` rows are float32 sums of sub-word token
    vectors, so summing rows over a text's words gives wordllama's mean-pooled direction.
    """

    name = WORDLLAMA_NAME

    def __init__(self, dims: int = 256) -> None:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as error:
            raise ConfigError(
                f"corpus embedder 'wordllama' needs the wordllama package ({error}); "
                "`pip install wordllama==0.4.0.post1`"
            ) from error
        # Load from the wheel itself: the default cache path looks elsewhere and tries a hub.
        # ``trunc_dim``: wordllama's own Matryoshka truncation to the first ``dims`` columns.
        model = WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent,
            disable_download=True,
            trunc_dim=dims if dims < 256 else None,
        )
        self._tokens: np.ndarray = np.ascontiguousarray(model.embedding, dtype=np.float32)
        self._tokenizer = model.tokenizer
        self._tokenizer.no_padding()  # one word at a time: padding to the longest cost 5x
        self._tokenizer.no_truncation()
        self._space = self._tokenizer.token_to_id("▁")  # the word-start piece: carries nothing
        self.dim = int(self._tokens.shape[1])
        self._token_norm = float(np.linalg.norm(self._tokens, axis=1).mean())  # 13.8 at 256
        self._index = HashIndex()  # word hash (storytrace.corpus.tokens) -> row
        self._vectors = np.zeros((1024, self.dim), dtype=np.float32)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._index)

    def lookup(
        self, hashes: np.ndarray, word: Callable[[int], str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row of each hash, the vector table those rows index); ``word(i)`` spells
        ``hashes[i]``, asked only for words the table has not seen.

        The table returned is not written again below the rows handed out (it is replaced
        when it grows), so callers may read it after the lock is released.
        """
        with self._lock:
            found = self._index.get(hashes)
            missing = np.flatnonzero(found < 0)
            if len(missing):
                distinct, first = np.unique(hashes[missing], return_index=True)
                self._add(distinct, [word(int(i)) for i in missing[first]])
                found[missing] = self._index.get(hashes[missing])
            return found, self._vectors

    def _add(self, hashes: np.ndarray, words: list[str]) -> None:
        start = len(self._index)
        needed = start + len(words)
        if needed > len(self._vectors):
            capacity = max(needed, 2 * len(self._vectors))
            grown = np.zeros((capacity, self.dim), dtype=np.float32)
            grown[:start] = self._vectors[:start]
            self._vectors = grown
        encodings = self._tokenizer.encode_batch(words, add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(words))
        flat = np.fromiter(
            itertools.chain.from_iterable(e.ids for e in encodings),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        flat = np.minimum(flat, len(self._tokens) - 1)
        owner = np.repeat(np.arange(len(words)), lengths)
        piece = flat != self._space
        pieces = np.bincount(owner, weights=piece, minlength=len(words))
        byte_pieces = np.bincount(
            owner,
            weights=piece & (flat >= _BYTE_TOKENS.start) & (flat < _BYTE_TOKENS.stop),
            minlength=len(words),
        )
        meaningful = (pieces > 0) & (byte_pieces * 2 < pieces)
        rows = np.arange(start, needed)
        chosen = meaningful[owner]  # every piece, as wordllama's own pooling does
        self._vectors[rows[meaningful]] = _token_sums(
            self._tokens, owner[chosen], flat[chosen], meaningful
        )
        unread = np.flatnonzero(~meaningful)
        self._vectors[start + unread] = _symbol_vectors(
            hashes[unread], self.dim, pieces[unread], self._token_norm
        )
        self._index.put(hashes, rows)


def _token_sums(
    tokens: np.ndarray, owner: np.ndarray, token_ids: np.ndarray, chosen: np.ndarray
) -> np.ndarray:
    """Sum of the token vectors of each chosen word, one sparse product (``reduceat`` over the
    gathered token rows took ten times as long). ``owner[t]`` is the word of ``token_ids[t]``."""
    renumbered = np.cumsum(chosen) - 1  # word index -> row among the chosen words
    counts = sparse.csr_matrix(
        (np.ones(len(owner), dtype=np.float32), (renumbered[owner], token_ids)),
        shape=(int(chosen.sum()), len(tokens)),
    )
    return np.asarray(counts @ tokens, dtype=np.float32)


# LLaMA's byte-fallback tokens <0x00>..<0xFF>. A word spelled mostly with them (Korean, Thai...
# for this English-trained table) has no meaning in the model: every such word would get
# nearly the same vector and all texts in that script would look alike. Such words get a
# pseudo-random vector seeded by their hash instead: a bag of distinct symbols, so equal words
# still match and different words do not.
_BYTE_TOKENS = range(3, 259)


def _symbol_vectors(
    hashes: np.ndarray, dim: int, tokens: np.ndarray, token_norm: float
) -> np.ndarray:
    """A pseudo-random direction per word hash (components uniform in [-1, 1) from splitmix64
    of (hash, component)), as long as ``tokens`` average token vectors."""
    if not len(hashes):
        return np.zeros((0, dim), dtype=np.float32)
    with np.errstate(over="ignore"):
        seeds = (
            hashes.astype(np.uint64)[:, None]
            + np.uint64(0x9E3779B97F4A7C15) * (np.arange(1, dim + 1, dtype=np.uint64)[None, :])
        )
    mixed = mix64(seeds)
    vectors = ((mixed >> np.uint64(40)).astype(np.float32) / np.float32(1 << 23)) - 1.0
    lengths = np.linalg.norm(vectors, axis=1, keepdims=True)
    scale = token_norm * np.maximum(1, tokens.astype(np.float32))[:, None]
    return (vectors / lengths * scale).astype(np.float32)


_TABLES: dict[int, WordTable] = {}
_TABLE_LOCK = threading.Lock()


def word_table(dims: int = 256) -> WordTable:
    """The process-wide word table of ``dims`` dimensions (loaded once: ~0.2 s)."""
    with _TABLE_LOCK:
        if dims not in _TABLES:
            _TABLES[dims] = WordTable(dims)
        return _TABLES[dims]
