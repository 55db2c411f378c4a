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

import hashlib
import logging
import threading
from collections.abc import Sequence
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
    scale = np.abs(vectors).max(axis=1, keepdims=True)
    scale[scale == 0] = 1.0
    return np.rint(vectors / scale * QUANT).astype(np.int8)


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


def word_hash(word: str) -> int:
    """Stable 64-bit hash of a word (Python's ``hash`` is salted per process)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class WordTable:
    """Distinct words -> (row, 64-bit hash, static vector), grown as new words appear.

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
        self._space = self._tokenizer.token_to_id("▁")  # the word-start piece: carries nothing
        self.dim = int(self._tokens.shape[1])
        self.index: dict[str, int] = {}
        self._hashes = np.zeros(1024, dtype=np.uint64)
        self._vectors = np.zeros((1024, self.dim), dtype=np.float32)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.index)

    def ids(self, words: Sequence[str]) -> np.ndarray:
        """Row ids of ``words``, adding the unseen ones (embedded in one tokenizer batch)."""
        index = self.index
        missing = [w for w in dict.fromkeys(words) if w not in index]
        if missing:
            self._add(missing)
        return np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))

    def hashes(self, ids: np.ndarray) -> np.ndarray:
        return self._hashes[ids]

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        return self._vectors[ids]

    def _add(self, words: list[str]) -> None:
        with self._lock:
            words = [w for w in words if w not in self.index]
            if not words:
                return
            start = len(self.index)
            needed = start + len(words)
            if needed > len(self._hashes):
                capacity = max(needed, 2 * len(self._hashes))
                self._hashes = np.resize(self._hashes, capacity)
                grown = np.zeros((capacity, self.dim), dtype=np.float32)
                grown[:start] = self._vectors[:start]
                self._vectors = grown
            encodings = self._tokenizer.encode_batch(words, add_special_tokens=False)
            limit = len(self._tokens) - 1
            for offset, (word, encoding) in enumerate(zip(words, encodings, strict=True)):
                row = start + offset
                ids = [i for i, m in zip(encoding.ids, encoding.attention_mask, strict=True) if m]
                ids = [min(i, limit) for i in ids]
                hashed = word_hash(word)
                pieces = [i for i in ids if i != self._space]
                if pieces and sum(i in _BYTE_TOKENS for i in pieces) * 2 < len(pieces):
                    self._vectors[row] = self._tokens[ids].sum(axis=0)
                else:
                    self._vectors[row] = _symbol_vector(hashed, self.dim, len(pieces))
                self._hashes[row] = hashed
                self.index[word] = row


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
