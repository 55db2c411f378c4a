"""Document and sentence vectors for a corpus: static word vectors, quantised to int8.

Why static: a transformer embeds ~100-600 sentences/s on two cores, a 100k-article corpus has
~3M sentences. wordllama's ``l2_supercat`` token table (256 dims, shipped inside the wheel, MIT)
averaged over a text *is* the wordllama model, so we cache one vector per distinct word
(the sum of its sub-word token vectors) and a document or sentence vector is a sum of rows:
~40x faster than calling ``WordLlama.embed`` on long documents, same direction.

Why int8: vectors are stored as int8 (each scaled by its own largest component), and products
are taken in float32. Every partial sum of 256 products of int8 values stays below 2**24, so
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


def norms(quantised: np.ndarray) -> np.ndarray:
    """Euclidean norms of int8 rows (float32, 1 for an all-zero row so no division by 0)."""
    as_float = quantised.astype(np.float32)
    result = np.sqrt(np.einsum("ij,ij->i", as_float, as_float))
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

    def __init__(self) -> None:
        try:
            import wordllama
            from wordllama import WordLlama
        except ImportError as error:
            raise ConfigError(
                f"corpus embedder 'wordllama' needs the wordllama package ({error}); "
                "`pip install wordllama==0.4.0.post1`"
            ) from error
        # Load from the wheel itself: the default cache path looks elsewhere and tries a hub.
        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        self._tokens: np.ndarray = np.asarray(model.embedding, dtype=np.float32)
        self._tokenizer = model.tokenizer
        self._tokenizer.no_padding()  # one word at a time: padding to the longest cost 5x
        self._tokenizer.no_truncation()
        self._space = self._tokenizer.token_to_id("▁")  # the word-start piece: carries nothing
        self.dim = int(self._tokens.shape[1])
        self.index: dict[int, int] = {}  # word hash (storytrace.corpus.tokens) -> row
        self._vectors = np.zeros((1024, self.dim), dtype=np.float32)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.index)

    def rows(self, hashes: np.ndarray, word: Callable[[int], str]) -> np.ndarray:
        """Table rows of distinct word ``hashes``; ``word(i)`` spells ``hashes[i]`` when new."""
        index = self.index
        found = np.fromiter(
            (index.get(h, -1) for h in hashes.tolist()), dtype=np.int64, count=len(hashes)
        )
        missing = np.flatnonzero(found < 0)
        if len(missing):
            self._add([int(hashes[i]) for i in missing], [word(int(i)) for i in missing])
            found[missing] = [index[int(hashes[i])] for i in missing]
        return found

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        return self._vectors[rows]

    def _add(self, hashes: list[int], words: list[str]) -> None:
        with self._lock:
            new = [(h, w) for h, w in zip(hashes, words, strict=True) if h not in self.index]
            if not new:
                return
            start = len(self.index)
            needed = start + len(new)
            if needed > len(self._vectors):
                capacity = max(needed, 2 * len(self._vectors))
                grown = np.zeros((capacity, self.dim), dtype=np.float32)
                grown[:start] = self._vectors[:start]
                self._vectors = grown
            encodings = self._tokenizer.encode_batch([w for _, w in new], add_special_tokens=False)
            lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(new))
            flat = np.fromiter(
                itertools.chain.from_iterable(e.ids for e in encodings),
                dtype=np.int64,
                count=int(lengths.sum()),
            )
            flat = np.minimum(flat, len(self._tokens) - 1)
            bounds = np.zeros(len(new) + 1, dtype=np.int64)
            np.cumsum(lengths, out=bounds[1:])
            counted = np.zeros((len(flat) + 1, 2), dtype=np.int64)  # (pieces, byte pieces)
            counted[:-1, 0] = flat != self._space
            counted[:-1, 1] = (
                counted[:-1, 0] & (flat >= _BYTE_TOKENS.start) & (flat < _BYTE_TOKENS.stop)
            )
            prefix = np.cumsum(counted, axis=0) - counted  # exclusive prefix sums
            pieces = prefix[bounds[1:], 0] - prefix[bounds[:-1], 0]
            byte_pieces = prefix[bounds[1:], 1] - prefix[bounds[:-1], 1]
            meaningful = (pieces > 0) & (byte_pieces * 2 < pieces)
            rows = np.arange(start, needed)
            if meaningful.any():
                self._vectors[rows[meaningful]] = _segment_sums(
                    self._tokens, flat, bounds, meaningful
                )
            for unread in np.flatnonzero(~meaningful).tolist():
                self._vectors[start + unread] = _symbol_vector(
                    new[unread][0], self.dim, int(pieces[unread])
                )
            for offset, (hashed, _) in enumerate(new):
                self.index[hashed] = start + offset


def _segment_sums(
    tokens: np.ndarray, flat: np.ndarray, bounds: np.ndarray, chosen: np.ndarray
) -> np.ndarray:
    """Sum of token vectors of each chosen word (words are flat[bounds[i]:bounds[i+1]])."""
    lengths = np.diff(bounds)[chosen]
    starts = bounds[:-1][chosen]
    shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    picked = flat[shift + np.arange(int(lengths.sum()))]
    segment_starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=segment_starts[1:])
    return np.add.reduceat(tokens[picked], segment_starts, axis=0)


# LLaMA's byte-fallback tokens <0x00>..<0xFF>. A word spelled mostly with them (Korean, Thai...
# for this English-trained table) has no meaning in the model: every such word would get
# nearly the same vector and all texts in that script would look alike. Such words get a
# pseudo-random vector seeded by their hash instead: a bag of distinct symbols, so equal words
# still match and different words do not.
_BYTE_TOKENS = range(3, 259)
_TOKEN_NORM = 12.5  # mean norm of a token vector in l2_supercat (measured over the vocabulary)


def _symbol_vector(hashed: int, dim: int, tokens: int) -> np.ndarray:
    rng = np.random.default_rng(hashed)
    vector = rng.standard_normal(dim).astype(np.float32)
    return vector / np.linalg.norm(vector) * _TOKEN_NORM * max(1, tokens)


_TABLE: WordTable | None = None
_TABLE_LOCK = threading.Lock()


def word_table() -> WordTable:
    """The process-wide word table (loaded once: ~0.5 s)."""
    global _TABLE
    with _TABLE_LOCK:
        if _TABLE is None:
            _TABLE = WordTable()
        return _TABLE
