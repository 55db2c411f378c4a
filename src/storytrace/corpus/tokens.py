"""Words of a whole batch of articles at once, hashed in numpy.

Why: the signatures stage used to run a regex per sentence and look every word up in a Python
dict, ~1.7 ms an article, most of the corpus run. Here a batch is lowered into one string, its
code points classified with a lookup table, word runs found with array shifts, and each word
hashed with a polynomial prefix sum, so Python only touches articles (to fold their case), the
sentences of the few that need normalize(), and distinct words (to embed a new one), never
every word.

The words are exactly those of :func:`storytrace.corpus.shingles.sentence_words` (the reference
regex ``\\w+(?:['\\-.,]\\w+)*`` over each normalised sentence); ``tests/test_corpus_tokens.py``
holds the two together. The hashes are stable across processes and engines.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storytrace.text.normalize import normalize, plain_typography

# Polynomial hash base (odd, so invertible modulo 2**64) and its inverse.
_BASE = 0x100000001B3
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_WORD_CHARACTER = re.compile(r"\w")  # the reference regex's word characters
_CONNECTORS = np.array([ord(c) for c in "'-.,"], dtype=np.uint32)


@dataclass(frozen=True, slots=True)
class WordBatch:
    """Every word of a batch in reading order. Article ``i`` owns words
    ``word_offsets[i]:word_offsets[i+1]`` and sentences ``sentence_offsets[i]:...[i+1]``."""

    text: str  # the batch's normalised sentences, joined by newlines
    starts: np.ndarray  # int64[w]: word start in ``text``
    ends: np.ndarray  # int64[w]
    hashes: np.ndarray  # uint64[w]
    sentence: np.ndarray  # int64[w]: batch-wide sentence number of each word
    word_offsets: np.ndarray  # int64[n + 1]
    sentence_offsets: np.ndarray  # int64[n + 1]
    # The articles in their original case (typography made plain), one after the other, and
    # where each word starts there (-1: its article was normalised sentence by sentence, so
    # its layout differs). Read for capitals (names) by ``storytrace.corpus.wordweights``.
    original: str = ""
    original_starts: np.ndarray | None = None  # int64[w]

    def word(self, index: int) -> str:
        return self.text[int(self.starts[index]) : int(self.ends[index])]


def batch_words(
    rows: Sequence[tuple[str, Sequence[int], Sequence[int]]],
) -> WordBatch:
    """Words of many (text, sentence starts, sentence ends); a text with no sentences is one."""
    pieces: list[str] = []
    sentence_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    originals: list[str] = []  # each article's plain text, "" where its layout differs
    span_starts: list[int] = []  # each sentence's start in its article
    for row, (text, sentence_starts, sentence_ends) in enumerate(rows):
        spans = list(zip(sentence_starts, sentence_ends, strict=True)) or [(0, len(text))]
        plain = text if text.isascii() else plain_typography(text)
        folded = _folded_plain(plain)
        if folded is not None:
            pieces.extend(folded[s:e] for s, e in spans)
            originals.append(plain)
        else:
            pieces.extend(normalize(text[s:e]) for s, e in spans)
            originals.append("")
        span_starts.extend(sentence_starts if len(sentence_starts) else (0,))
        sentence_offsets[row + 1] = sentence_offsets[row] + len(spans)
    joined = "\n".join(pieces)
    points = _code_points(joined)
    is_word = _word_characters(points)
    starts, ends = _runs(is_word)
    piece_starts = np.zeros(len(pieces), dtype=np.int64)
    if pieces:
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        piece_starts[1:] = np.cumsum(lengths + 1)[:-1]
    sentence = np.searchsorted(piece_starts, starts, side="right") - 1
    word_offsets = np.searchsorted(sentence, sentence_offsets, side="left").astype(np.int64)
    return WordBatch(
        joined,
        starts,
        ends,
        _hashes(points, starts, ends),
        sentence.astype(np.int64),
        word_offsets,
        sentence_offsets,
        "".join(originals),
        _original_starts(originals, span_starts, sentence_offsets, piece_starts, sentence, starts),
    )


def _original_starts(
    originals: list[str],
    span_starts: list[int],
    sentence_offsets: np.ndarray,
    piece_starts: np.ndarray,
    sentence: np.ndarray,
    starts: np.ndarray,
) -> np.ndarray:
    """Each word's start in ``"".join(originals)`` (-1 where its article's original is "").

    A folded article has its original's layout, character for character, so a word at offset
    k of its sentence's piece is at the sentence's start plus k in the original.
    """
    lengths = np.fromiter(map(len, originals), dtype=np.int64, count=len(originals))
    article_start = np.zeros(len(originals), dtype=np.int64)
    np.cumsum(lengths[:-1], out=article_start[1:])
    owner = np.repeat(np.arange(len(originals)), np.diff(sentence_offsets))
    sentence_start = article_start[owner] + np.asarray(span_starts, dtype=np.int64) - piece_starts
    kept = (lengths > 0)[owner]
    return np.where(kept[sentence], sentence_start[sentence] + starts, -1)


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text``: one byte each where it is all ASCII (most batches: a
    quarter of the memory to write and read), else four."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _folded(text: str) -> str | None:
    """``normalize`` of the whole text, when slicing it equals normalising each slice.

    True of ASCII (lower-casing), and of a text that NFKC leaves alone (substrings of an NFKC
    string are NFKC) whose case folding maps every character to exactly one: then each
    sentence is a slice of one folded string, not a normalize() call of its own (~4 us a
    sentence: a sixth of the stage on the generated 10k corpus). None: normalise per sentence.
    """
    return _folded_plain(text if text.isascii() else plain_typography(text))


def _folded_plain(plain: str) -> str | None:
    """:func:`_folded` of a text whose typography is already plain."""
    if plain.isascii():
        return plain.lower()
    if unicodedata.is_normalized("NFKC", plain):
        folded = plain.casefold()
        if len(folded) == len(plain):
            return folded
    return None


def _word_characters(points: np.ndarray) -> np.ndarray:
    """Where the reference regex's words lie: word characters, and connectors between two."""
    word_table, connector_table = _plane_tables()
    # take(mode="clip") maps code points past the BMP to U+FFFF, which is neither (and is
    # faster than fancy indexing); the rare points past the BMP are then looked up.
    word = np.take(word_table, points, mode="clip")
    connector = np.take(connector_table, points, mode="clip")
    if len(points) and int(points.max()) >= len(word_table):
        beyond = np.flatnonzero(points >= len(word_table))
        distinct, inverse = np.unique(points[beyond], return_inverse=True)
        flags = np.fromiter(
            (_unicode_word(int(p)) for p in distinct), dtype=bool, count=len(distinct)
        )
        word[beyond] = flags[inverse]
    inner = np.zeros_like(word)
    inner[1:-1] = connector[1:-1] & word[:-2] & word[2:]
    word |= inner
    return word


@lru_cache(maxsize=1)
def _plane_tables() -> tuple[np.ndarray, np.ndarray]:
    """Python's ``\\w`` and the connectors as lookup tables over the BMP (built once, ~5 ms:
    the regex marks every word character of one string holding the whole plane)."""
    plane = "".join(map(chr, range(1 << 16)))
    marked = _WORD_CHARACTER.sub("\x00", plane)
    points = np.frombuffer(marked.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = points == 0
    word[0] = False  # U+0000 itself is not a word character
    connector = np.zeros(1 << 16, dtype=bool)
    connector[_CONNECTORS] = True
    return word, connector


def _unicode_word(point: int) -> bool:
    return _WORD_CHARACTER.fullmatch(chr(point)) is not None


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends (exclusive) of the runs of True."""
    edges = np.flatnonzero(mask[1:] != mask[:-1]) + 1
    if len(mask) and mask[0]:
        edges = np.concatenate([[0], edges])
    if len(mask) and mask[-1]:
        edges = np.concatenate([edges, [len(mask)]])
    edges = edges.astype(np.int64)
    return edges[0::2], edges[1::2]


_POWERS: tuple[np.ndarray, np.ndarray] = (np.ones(0, np.uint64), np.ones(0, np.uint64))
_POWERS_LOCK = threading.Lock()


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**t and BASE**-t modulo 2**64 for t < length (cached, grown on demand; the engine
    featurizes chunks on several threads, so the pair is swapped in whole, under a lock)."""
    global _POWERS
    with _POWERS_LOCK:
        if len(_POWERS[0]) < length:
            size = 1 << max(20, (length - 1).bit_length())
            _POWERS = (_power_table(_BASE, size), _power_table(_BASE_INVERSE, size))
        up, down = _POWERS
    return up[:length], down[:length]


def _power_table(base: int, size: int) -> np.ndarray:
    """base**t for t < size (a power of two) by doubling: each step is one vector multiply."""
    table = np.ones(size, dtype=np.uint64)
    filled, step = 1, base
    with np.errstate(over="ignore"):
        while filled < size:
            np.multiply(table[:filled], np.uint64(step), out=table[filled : 2 * filled])
            filled, step = 2 * filled, step * step % (1 << 64)
    return table


def _hashes(points: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """64-bit hash of each word's code points: sum(c_j * BASE**j) from prefix sums, mixed."""
    if not len(starts):
        return np.zeros(0, dtype=np.uint64)
    up, down = _powers(len(points) + 1)
    prefix = np.empty(len(points) + 1, dtype=np.uint64)
    prefix[0] = 0
    with np.errstate(over="ignore"):
        np.multiply(points, up[: len(points)], out=prefix[1:], dtype=np.uint64)
        np.cumsum(prefix[1:], out=prefix[1:])  # in place: one array, not two
        raw = (prefix[ends] - prefix[starts]) * down[starts]
        raw += (ends - starts).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return mix64(raw)


def mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(30))
        values = values * np.uint64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> np.uint64(27))
        values = values * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))
