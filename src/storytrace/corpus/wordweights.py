"""The same-story model's lexical evidence, computed the same way for ``compare`` and ``cluster``.

Each article becomes ONE sparse row (``story_rows``) holding five blocks of columns:

* ``RARE``: its words weighted (1 + log tf) * idf**2, unit length. The IDF is a background one
  (the ``wordfreq`` table, ``storytrace.align.signals.idf``), so two documents alone get it.
  Squared, because what tells one event from a similar other event of the same topic is its
  rarest words (names, places, the specific thing), not the topic's vocabulary: on ECB+ topics
  1-24 the squared weight separates the two better (AUC 0.907 against 0.900 for idf).
* ``LEAD``: the same for the words of the first ``LEAD_SENTENCES`` sentences (the lead tells
  the event: who, what, where).
* ``NAMES``: capitalised words that do not start a sentence and are not common words (idf >=
  ``NAME_MIN_IDF``), each weighted by its idf: people, places, organisations.
* ``NUMBERS``: the numbers it writes (1 each).
* ``COUNT``: its word count, in one column.
* ``LEAD_NAMES``: the ``NAMES`` of the first ``LEAD_SENTENCES`` sentences (who and where the
  event is about, not everyone the article quotes).
* ``TIME``: the years (1950-2039), weekdays and months it writes, one fixed column each
  (``time_column``): two similar events of one kind (two earthquakes) usually happened on
  different days, and two articles that both say when and never agree are about two events.

Columns are the words' stable 64-bit hashes folded into ``2**COLUMN_BITS`` buckets, offset by
the block, so rows from different batches, processes and engines line up without a shared
vocabulary, and the Spark engine ships one (columns, values) pair per article.

``pair_values`` turns the rows of a list of pairs into the model's inputs; ``compare``
(``storytrace.align.signals``) and corpus ``verify`` call it on rows built by this same code
(``storytrace.corpus.features.featurize``), so both see the same numbers for the same pair.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from storytrace.align.signals import idf
from storytrace.corpus.tokens import WordBatch, _folded
from storytrace.text.normalize import normalize, plain_typography

COLUMN_BITS = 24  # 16M buckets: two distinct words of a pair collide with p ~ 1e-5
RARE, LEAD, NAMES, NUMBERS, COUNT, LEAD_NAMES, TIME = range(7)
BLOCKS = 7
LEAD_SENTENCES = 3
# idf >= 3 is zipf <= 6: "The", "It", "Monday" are capitalised but not names.
NAME_MIN_IDF = 3.0
_IDF: dict[int, float] = {}  # word hash -> idf; numbers are stored as -1
_CANONICAL: dict[int, int] = {}  # name word hash -> column of its canonical name, or -1
_TIME: dict[int, int] = {}  # word hash -> its TIME column, or -1
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "May" is left out: a month, a verb and a name.
_MONTHS = (
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# TIME columns: a year is its own number; weekdays and months follow (TIME_KINDS: their ranges).
_WEEKDAY_BASE, _MONTH_BASE = 3000, 3010
TIME_KINDS = ((1950, 2040), (_WEEKDAY_BASE, _WEEKDAY_BASE + 7), (_MONTH_BASE, _MONTH_BASE + 12))
_LOCK = threading.Lock()
# Weight of a name the alias tables know ("U.S." and "America" -> United States; "Iranian" ->
# Iran): the idf of a rare name, whatever the spelling's own frequency.
ALIAS_WEIGHT = 6.0

Texts = Sequence[tuple[str, Sequence[int], Sequence[int]]]  # text, sentence starts, ends


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


def _canonical_columns(batch: WordBatch, words: np.ndarray) -> np.ndarray:
    """For each name word (indices into ``batch``): the column of the place or organisation
    the alias tables (``storytrace.facts.data/aliases.json``) say it names, or -1."""
    from storytrace.language.lexicon import aliases

    table = aliases()
    out = np.empty(len(words), dtype=np.int64)
    with _LOCK:
        for index, at in enumerate(words.tolist()):
            value = int(batch.hashes[at])
            known = _CANONICAL.get(value)
            if known is None:
                word = batch.word(at)
                named = table.lookup(word) or table.demonym(word)
                known = -1
                if named is not None:
                    digest = hashlib.blake2b(named.name.casefold().encode(), digest_size=8)
                    known = int.from_bytes(digest.digest(), "little") & ((1 << COLUMN_BITS) - 1)
                _CANONICAL[value] = known
            out[index] = known
    return out


def time_column(word: str) -> int:
    """The TIME column of a (case-folded) word: a year, a weekday or a month; -1 otherwise."""
    if len(word) == 4 and word.isdigit():
        year = int(word)
        return year if TIME_KINDS[0][0] <= year < TIME_KINDS[0][1] else -1
    if word in _WEEKDAYS:
        return _WEEKDAY_BASE + _WEEKDAYS.index(word)
    if word in _MONTHS:
        return _MONTH_BASE + _MONTHS.index(word)
    return -1


def _time_columns(batch: WordBatch, distinct: np.ndarray, first: np.ndarray) -> np.ndarray:
    """``time_column`` of each distinct hash, computing only unseen words."""
    out = np.empty(len(distinct), dtype=np.int64)
    with _LOCK:
        for index, (value, at) in enumerate(zip(distinct.tolist(), first.tolist(), strict=True)):
            known = _TIME.get(value)
            if known is None:
                known = _TIME[value] = time_column(batch.word(at))
            out[index] = known
    return out


def capitalised(texts: Texts, batch: WordBatch) -> np.ndarray:
    """bool[w]: does each word of ``batch`` start with a capital letter in its original text?

    The batch holds case-folded text; where folding kept every character's position (ASCII, and
    most other text: see ``tokens._folded``) the original is laid out the same way and read at
    the words' starts. Other texts (rare) report no capitals: they simply have no names.
    """
    pieces: list[str] = []
    for text, starts, ends in texts:
        spans = list(zip(starts, ends, strict=True)) or [(0, len(text))]
        folded = _folded(text)
        plain = text if text.isascii() else plain_typography(text)
        if folded is not None and len(plain) == len(folded):
            pieces.extend(plain[s:e] for s, e in spans)
        else:
            pieces.extend(" " * len(normalize(text[s:e])) for s, e in spans)
    joined = "\n".join(pieces)
    if len(joined) != len(batch.text) or not len(batch.starts):
        return np.zeros(len(batch.starts), dtype=bool)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)[batch.starts]
    upper = (points >= 65) & (points <= 90)
    beyond = np.flatnonzero(points > 127)
    if len(beyond):
        distinct, inverse = np.unique(points[beyond], return_inverse=True)
        flags = np.fromiter((chr(int(p)).isupper() for p in distinct), bool, len(distinct))
        upper[beyond] = flags[inverse]
    return upper


def story_rows(batch: WordBatch, texts: Texts) -> sparse.csr_matrix:
    """One row per article of ``batch`` (``texts``: the same articles, original case)."""
    n = len(batch.word_offsets) - 1
    shape = (n, BLOCKS << COLUMN_BITS)
    if not len(batch.hashes):
        counts_only = np.zeros(n, dtype=np.float32)
        return _with_counts(sparse.csr_matrix(shape, dtype=np.float32), counts_only)
    owner = np.repeat(np.arange(n), np.diff(batch.word_offsets))
    distinct, first, inverse = np.unique(batch.hashes, return_index=True, return_inverse=True)
    word_idf = _weights(batch, distinct, first)[inverse]
    time_columns = _time_columns(batch, distinct, first)[inverse]
    is_number = word_idf < 0
    rarity = np.maximum(word_idf, 0.0)
    position = batch.sentence - batch.sentence_offsets[owner]  # sentence number in its article
    starts_sentence = np.r_[True, batch.sentence[1:] != batch.sentence[:-1]]
    is_word = ~is_number & (rarity > 0)
    capital = is_word & ~starts_sentence & capitalised(texts, batch)
    columns = (batch.hashes & np.uint64((1 << COLUMN_BITS) - 1)).astype(np.int64)
    # A name the alias tables know counts as its canonical name ("U.S." and "America" meet;
    # "Iranian" meets "Iran"), however common its spelling; other names must be rare words.
    name_columns, name_weight = columns.copy(), rarity.copy()
    candidates = np.flatnonzero(capital)
    _, first_of, which = np.unique(batch.hashes[candidates], return_index=True, return_inverse=True)
    canonical = _canonical_columns(batch, candidates[first_of])[which]  # once per distinct word
    known = candidates[canonical >= 0]
    name_columns[known] = canonical[canonical >= 0]
    name_weight[known] = ALIAS_WEIGHT
    is_alias = np.zeros(len(rarity), dtype=bool)
    is_alias[known] = True
    is_name = capital & ((rarity >= NAME_MIN_IDF) | is_alias)
    parts = [
        (RARE, is_word, rarity**2, columns),
        (LEAD, is_word & (position < LEAD_SENTENCES), rarity**2, columns),
        (NAMES, is_name, name_weight, name_columns),
        (NUMBERS, is_number, np.ones_like(rarity), columns),
        (LEAD_NAMES, is_name & (position < LEAD_SENTENCES), name_weight, name_columns),
        (TIME, time_columns >= 0, np.ones_like(rarity), time_columns),
    ]
    keys = np.concatenate(
        [
            owner[m].astype(np.int64) << 32 | (block << COLUMN_BITS | cols[m])
            for block, m, _, cols in parts
        ]
    )
    weight = np.concatenate([w[m] for _, m, w, _ in parts]).astype(np.float32)
    unique_keys, where, counts = np.unique(keys, return_index=True, return_counts=True)
    rows = unique_keys >> 32
    cols = unique_keys & ((1 << 32) - 1)
    block = cols >> COLUMN_BITS
    value = weight[where].astype(np.float64)
    tf = (block == RARE) | (block == LEAD)
    value[tf] *= 1.0 + np.log(counts[tf])
    # unit length within the RARE and LEAD blocks of each row
    for b in (RARE, LEAD):
        inside = block == b
        norm = np.sqrt(np.bincount(rows[inside], weights=value[inside] ** 2, minlength=n))
        value[inside] /= np.maximum(norm[rows[inside]], 1e-12)
    matrix = sparse.csr_matrix((value.astype(np.float32), (rows, cols)), shape=shape)
    return _with_counts(matrix, np.diff(batch.word_offsets).astype(np.float32))


def _with_counts(matrix: sparse.csr_matrix, counts: np.ndarray) -> sparse.csr_matrix:
    column = sparse.csr_matrix(
        (counts, (np.arange(len(counts)), np.full(len(counts), COUNT << COLUMN_BITS))),
        shape=matrix.shape,
        dtype=np.float32,
    )
    out = sparse.csr_matrix(matrix + column, dtype=np.float32)
    out.sort_indices()
    return out


def pair_values(story: sparse.csr_matrix, pairs: np.ndarray) -> dict[str, np.ndarray]:
    """The lexical inputs of the same-story model for each pair (rows i, j of ``story``).

    ``rare_words`` and ``lead``: cosines of the RARE and LEAD blocks; ``shared_names``: idf
    weight of the names both write over the weight of the names either writes (weighted
    Jaccard); ``shared_numbers``: Jaccard of the numbers; ``word_count``: log(1 + the shorter
    side's word count); ``lead_names``: ``shared_names`` over the lead's names;
    ``time_conflict``: year, weekday and month contradictions (``_time_conflicts``);
    ``shared_word_count``: distinct non-trivial words in both.
    """
    m = len(pairs)
    if not m:
        empty = np.zeros(0, dtype=np.float64)
        return {k: empty for k in (*PAIR_VALUES, "shared_word_count")}
    # per article (once, not per pair): each block's sum of values and number of entries
    n = story.shape[0]
    sums = _block_sums(story, n, story.data)
    sizes = _block_sums(story, n, np.ones_like(story.data))
    # One elementwise product per block. One product of the whole rows and a block lookup per
    # shared entry was 3-5x slower on the 152k candidate pairs of the generated 10k corpus
    # (same-story pairs share most of their entries); this costs what the old rare-word and
    # number products did.
    blocks = _split(story)
    products = np.zeros((m, BLOCKS))
    both = np.zeros(m)
    shared_count = np.zeros((m, BLOCKS))
    lead_both = np.zeros(m)
    time_conflict = np.zeros(m)
    first, second = pairs[:, 0], pairs[:, 1]
    for block in (RARE, LEAD, NAMES, NUMBERS, LEAD_NAMES, TIME):
        part = blocks[block]
        product = part[first].multiply(part[second]).tocsr()
        starts = product.indptr[:-1]
        counts = np.diff(product.indptr)
        shared_count[:, block] = counts
        if block == NAMES:
            both = _row_sums(np.sqrt(product.data), starts, counts)
        elif block == LEAD_NAMES:
            lead_both = _row_sums(np.sqrt(product.data), starts, counts)
        elif block == TIME:
            time_conflict = _time_conflicts(part, product, first, second)
        elif block != NUMBERS:
            products[:, block] = _row_sums(product.data, starts, counts)
    names = both  # sqrt(idf * idf) = idf of each name both write
    names_union = sums[first, NAMES] + sums[second, NAMES] - names
    lead_union = sums[first, LEAD_NAMES] + sums[second, LEAD_NAMES] - lead_both
    numbers = shared_count[:, NUMBERS]
    numbers_union = sizes[first, NUMBERS] + sizes[second, NUMBERS] - numbers
    shorter = np.minimum(sums[first, COUNT], sums[second, COUNT])
    return {
        "rare_words": products[:, RARE],
        "lead": products[:, LEAD],
        "shared_names": np.where(names_union > 0, names / np.maximum(names_union, 1e-12), 0.0),
        "shared_numbers": np.where(numbers_union > 0, numbers / np.maximum(numbers_union, 1), 0.0),
        "word_count": np.log1p(shorter),
        "lead_names": np.where(lead_union > 0, lead_both / np.maximum(lead_union, 1e-12), 0.0),
        "time_conflict": time_conflict,
        "shared_word_count": shared_count[:, RARE].astype(np.float64),
    }


PAIR_VALUES = (
    "rare_words",
    "lead",
    "shared_names",
    "shared_numbers",
    "word_count",
    "lead_names",
    "time_conflict",
)


def _time_conflicts(
    part: sparse.csr_matrix, product: sparse.csr_matrix, first: np.ndarray, second: np.ndarray
) -> np.ndarray:
    """For each pair, how many of year, weekday and month both articles write and never
    agree on (0-3): a contradiction of the time anchors."""
    n, m = part.shape[0], len(first)
    rows = np.repeat(np.arange(n), np.diff(part.indptr))
    pair_rows = np.repeat(np.arange(m), np.diff(product.indptr))
    out = np.zeros(m)
    for low, high in TIME_KINDS:
        inside = (part.indices >= low) & (part.indices < high)
        has = np.bincount(rows[inside], minlength=n) > 0
        shared = (product.indices >= low) & (product.indices < high)
        agree = np.bincount(pair_rows[shared], minlength=m) > 0
        out += has[first] & has[second] & ~agree
    return out


def _split(story: sparse.csr_matrix) -> list[sparse.csr_matrix]:
    """The rows' blocks as matrices of their own (columns relative to the block)."""
    block_of = story.indices.astype(np.int64) >> COLUMN_BITS
    rows = np.repeat(np.arange(story.shape[0]), np.diff(story.indptr))
    out = []
    for block in range(BLOCKS):
        inside = block_of == block
        indptr = np.zeros(story.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows[inside], minlength=story.shape[0]), out=indptr[1:])
        columns = (story.indices[inside] - (block << COLUMN_BITS)).astype(np.int32)
        out.append(
            sparse.csr_matrix(
                (story.data[inside], columns, indptr), shape=(story.shape[0], 1 << COLUMN_BITS)
            )
        )
    return out


def _row_sums(data: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum of each row's entries (rows given by their start and count; empty rows are 0).

    Rows are consecutive (``starts`` is a CSR row pointer). A ``reduceat`` over clipped starts
    cut short the last non-empty row when the rows after it were empty."""
    rows = np.repeat(np.arange(len(starts)), counts)
    return np.bincount(rows, weights=data.astype(np.float64), minlength=len(starts))


def _block_sums(matrix: sparse.csr_matrix, m: int, data: np.ndarray) -> np.ndarray:
    """float64[m, BLOCKS]: per row, the sum of ``data`` (aligned with ``matrix.data``) by block."""
    rows = np.repeat(np.arange(m), np.diff(matrix.indptr))
    block = matrix.indices.astype(np.int64) >> COLUMN_BITS
    flat = np.bincount(rows * BLOCKS + block, weights=data, minlength=m * BLOCKS)
    return flat.reshape(m, BLOCKS)
