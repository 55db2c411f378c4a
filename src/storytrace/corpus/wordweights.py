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
import weakref
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


def warm_up() -> None:
    """Load the background IDF table (wordfreq) and the alias tables now: ~0.5 s of Python
    that the first batch would otherwise wait for. An engine runs this on a thread of its own
    while the store reads the first texts."""
    from storytrace.language.lexicon import aliases

    with _LOCK:
        idf("the")
        aliases()


def _weights(batch: WordBatch, distinct: np.ndarray, first: np.ndarray) -> np.ndarray:
    """IDF of each distinct hash (-1 for a number), computing only unseen words."""
    out = np.empty(len(distinct), dtype=np.float32)
    with _LOCK:
        for index, (value, at) in enumerate(zip(distinct.tolist(), first.tolist(), strict=True)):
            out[index] = _word_weight(batch, value, at)
    return out


def _word_weight(batch: WordBatch, value: int, at: int) -> float:
    """IDF of the word ``batch.word(at)`` whose hash is ``value`` (-1: a number); under _LOCK."""
    known = _IDF.get(value)
    if known is None:
        word = batch.word(at)
        known = -1.0 if any(c.isdigit() for c in word) else idf(word)
        _IDF[value] = known
    return known


class _RowValues:
    """Per row of a vocabulary (the word table of ``storytrace.corpus.embedding``, whose rows
    are distinct word hashes): the word's IDF (NaN: not computed yet), its TIME column and
    the column of the name the alias tables say it is (-2: not asked yet), so a batch gathers
    them by the rows the signatures stage already looked up instead of sorting its hashes."""

    def __init__(self) -> None:
        self.idf = np.full(0, np.nan, dtype=np.float32)
        self.time = np.full(0, _UNASKED, dtype=np.int64)
        self.canonical = np.full(0, _UNASKED, dtype=np.int64)

    def grow(self, size: int) -> None:
        if size > len(self.idf):
            size = max(size, 2 * len(self.idf), 1024)
            idf_rows = np.full(size, np.nan, dtype=np.float32)
            idf_rows[: len(self.idf)] = self.idf
            time = np.full(size, _UNASKED, dtype=np.int64)
            time[: len(self.time)] = self.time
            canonical = np.full(size, _UNASKED, dtype=np.int64)
            canonical[: len(self.canonical)] = self.canonical
            self.idf, self.time, self.canonical = idf_rows, time, canonical


_UNASKED = -2
_ROW_VALUES: weakref.WeakKeyDictionary[object, _RowValues] = weakref.WeakKeyDictionary()


def _row_values(vocabulary: object) -> _RowValues:
    """Under _LOCK."""
    values = _ROW_VALUES.get(vocabulary)
    if values is None:
        values = _ROW_VALUES[vocabulary] = _RowValues()
    return values


def _word_values(
    batch: WordBatch, word_ids: tuple[object, np.ndarray] | None
) -> tuple[np.ndarray, np.ndarray]:
    """(float32[w]: IDF of every word of ``batch``, -1 for a number; int64[w]: its TIME column
    or -1).

    ``word_ids``: (vocabulary, row of each word) where the caller has them; else the distinct
    hashes are found here by a sort.
    """
    if word_ids is None:
        distinct, first, inverse = np.unique(batch.hashes, return_index=True, return_inverse=True)
        return (
            _weights(batch, distinct, first)[inverse],
            _time_columns(batch, distinct, first)[inverse],
        )
    vocabulary, rows = word_ids
    with _LOCK:
        cache = _row_values(vocabulary)
        cache.grow(int(rows.max()) + 1)
        out = cache.idf[rows]
        unseen = np.flatnonzero(np.isnan(out))
        if len(unseen):
            distinct, first = np.unique(rows[unseen], return_index=True)
            at = unseen[first].tolist()
            cache.idf[distinct] = [_word_weight(batch, int(batch.hashes[i]), i) for i in at]
            cache.time[distinct] = [_time_column(batch, int(batch.hashes[i]), i) for i in at]
            out = cache.idf[rows]
        return out, cache.time[rows]


def _canonical_columns(batch: WordBatch, words: np.ndarray) -> np.ndarray:
    """For each name word (indices into ``batch``): the column of the place or organisation
    the alias tables (``storytrace.facts.data/aliases.json``) say it names, or -1."""
    out = np.empty(len(words), dtype=np.int64)
    with _LOCK:
        for index, at in enumerate(words.tolist()):
            out[index] = _canonical_column(batch, int(batch.hashes[at]), at)
    return out


def _canonical_column(batch: WordBatch, value: int, at: int) -> int:
    """The canonical name column of the word ``batch.word(at)`` (hash ``value``); under _LOCK."""
    from storytrace.language.lexicon import aliases

    known = _CANONICAL.get(value)
    if known is None:
        table = aliases()
        word = batch.word(at)
        named = table.lookup(word) or table.demonym(word)
        known = -1
        if named is not None:
            digest = hashlib.blake2b(named.name.casefold().encode(), digest_size=8)
            known = int.from_bytes(digest.digest(), "little") & ((1 << COLUMN_BITS) - 1)
        _CANONICAL[value] = known
    return known


def _name_columns(
    batch: WordBatch, words: np.ndarray, word_ids: tuple[object, np.ndarray] | None
) -> np.ndarray:
    """:func:`_canonical_columns` of ``words``, asked once per distinct word."""
    if word_ids is None:
        _, first, which = np.unique(batch.hashes[words], return_index=True, return_inverse=True)
        return _canonical_columns(batch, words[first])[which]
    vocabulary, rows = word_ids
    rows = rows[words]
    with _LOCK:
        cache = _row_values(vocabulary)
        cache.grow(int(rows.max(initial=0)) + 1)
        out = cache.canonical[rows]
        unasked = np.flatnonzero(out == _UNASKED)
        if len(unasked):
            distinct, first = np.unique(rows[unasked], return_index=True)
            at = words[unasked[first]]
            cache.canonical[distinct] = [
                _canonical_column(batch, int(batch.hashes[i]), i) for i in at.tolist()
            ]
            out = cache.canonical[rows]
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
            out[index] = _time_column(batch, value, at)
    return out


def _time_column(batch: WordBatch, value: int, at: int) -> int:
    """``time_column`` of the word ``batch.word(at)`` (hash ``value``); under _LOCK."""
    known = _TIME.get(value)
    if known is None:
        known = _TIME[value] = time_column(batch.word(at))
    return known


def capitalised(texts: Texts, batch: WordBatch) -> np.ndarray:
    """bool[w]: does each word of ``batch`` start with a capital letter in its original text?

    The batch holds case-folded text; where folding kept every character's position (ASCII, and
    most other text: see ``tokens._folded``) the original is laid out the same way and read at
    the words' starts. Other texts (rare) report no capitals: they simply have no names.
    """
    if batch.original_starts is not None:
        return _original_capitals(batch)
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
    return _upper(points)


def _original_capitals(batch: WordBatch) -> np.ndarray:
    """:func:`capitalised` from the original-case text ``batch_words`` kept (the same flags:
    the first character of each word where its article kept its layout, else none)."""
    at = batch.original_starts
    assert at is not None
    upper = np.zeros(len(at), dtype=bool)
    laid_out = np.flatnonzero(at >= 0)
    if len(laid_out):
        points = np.frombuffer(batch.original.encode("utf-32-le"), dtype=np.uint32)
        upper[laid_out] = _upper(points[at[laid_out]])
    return upper


def _upper(points: np.ndarray) -> np.ndarray:
    """Which code points are capital letters (``str.isupper``)."""
    upper = (points >= 65) & (points <= 90)
    beyond = np.flatnonzero(points > 127)
    if len(beyond):
        distinct, inverse = np.unique(points[beyond], return_inverse=True)
        flags = np.fromiter((chr(int(p)).isupper() for p in distinct), bool, len(distinct))
        upper[beyond] = flags[inverse]
    return upper


def story_rows(
    batch: WordBatch,
    texts: Texts,
    word_ids: tuple[object, np.ndarray] | None = None,
) -> sparse.csr_matrix:
    """One row per article of ``batch`` (``texts``: the same articles, original case).

    ``word_ids``: (vocabulary, row of each word of ``batch``) when the caller has looked the
    words up already (the signatures stage's word table): each word's IDF and canonical name
    are then kept by row, not found again by sorting the batch's hashes. Same rows either way.
    """
    n = len(batch.word_offsets) - 1
    shape = (n, BLOCKS << COLUMN_BITS)
    if not len(batch.hashes):
        counts_only = np.zeros(n, dtype=np.float32)
        return _with_counts(sparse.csr_matrix(shape, dtype=np.float32), counts_only)
    owner = np.repeat(np.arange(n), np.diff(batch.word_offsets))
    word_idf, time_columns = _word_values(batch, word_ids)
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
    canonical = _name_columns(batch, candidates, word_ids)  # once per distinct word
    known = candidates[canonical >= 0]
    name_columns[known] = canonical[canonical >= 0]
    name_weight[known] = ALIAS_WEIGHT
    is_alias = np.zeros(len(rarity), dtype=bool)
    is_alias[known] = True
    is_name = capital & ((rarity >= NAME_MIN_IDF) | is_alias)
    squared = rarity**2
    parts = [
        (RARE, is_word, squared, columns),
        (LEAD, is_word & (position < LEAD_SENTENCES), squared, columns),
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
    unique_keys, where, counts = _first_of_keys(keys)
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
    return _sorted_rows(rows, cols, value.astype(np.float32), shape, batch.word_offsets)


def _first_of_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(keys, return_index=True, return_counts=True)`` for keys >= 0.

    The position rides in the low bits of one plain sort where it fits (a stable argsort of
    the keys took most of ``story_rows``), so equal keys come out in their order: the first
    position is the first occurrence, as ``np.unique`` reports it.
    """
    position_bits = max(1, (len(keys) - 1).bit_length())
    if int(keys.max()).bit_length() + position_bits > 63:
        return np.unique(keys, return_index=True, return_counts=True)
    packed = keys << position_bits
    packed |= np.arange(len(keys), dtype=np.int64)
    packed.sort()
    ordered = packed >> position_bits
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    first = packed[starts] & ((1 << position_bits) - 1)
    return ordered[starts], first, np.diff(np.r_[starts, len(keys)])


def _sorted_rows(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    shape: tuple[int, int],
    word_offsets: np.ndarray,
) -> sparse.csr_matrix:
    """The CSR matrix of entries sorted by (row, column), with each row's word count in the
    COUNT column, in its place among the row's columns: what ``_with_counts`` gives, built
    directly. Zeros are left out, as the sparse sum there leaves them out."""
    n = shape[0]
    counts = np.diff(word_offsets).astype(np.float32)
    kept = values != 0
    rows, cols, values = rows[kept], cols[kept], values[kept]
    counted = np.flatnonzero(counts != 0)
    # before the first entry of the row at or past the COUNT column
    at = np.searchsorted(rows << 32 | cols, counted << 32 | (COUNT << COLUMN_BITS))
    indices = np.insert(cols.astype(np.int32), at, np.int32(COUNT << COLUMN_BITS))
    data = np.insert(values, at, counts[counted])
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n) + (counts != 0), out=indptr[1:])
    out = sparse.csr_matrix((data, indices, indptr), shape=shape)
    out.has_sorted_indices = True
    return out


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
    if not story.has_sorted_indices:  # each row's blocks must be runs of entries
        story = story.sorted_indices()
    # per article (once, not per pair): the names' total weight, the numbers' count, the length
    names_total, lead_names_total, numbers_size, word_count, times = _article_totals(story)
    products = np.zeros((m, BLOCKS))
    shared_count = np.zeros((m, BLOCKS))
    time_conflict = np.zeros(m)
    # A chunk of pairs at a time: each side's rows gathered whole (every block), one
    # elementwise product (a merge of sorted columns, so entries only meet within a block), and
    # the shared entries summed by (pair, block). Small chunks keep every array a few MB: on
    # the generated 10k corpus gathering all 31k pairs at once was 0.3 s warm but 1-3 s the
    # first time, most of it fresh memory (transparent huge pages) rather than arithmetic.
    first, second = pairs[:, 0], pairs[:, 1]
    for low in range(0, m, PAIR_CHUNK):
        high = min(m, low + PAIR_CHUNK)
        product = story[first[low:high]].multiply(story[second[low:high]]).tocsr()
        counts, sums, agree = _shared_by_block(product)
        shared_count[low:high] = counts
        products[low:high] = sums
        # how many of year, weekday and month both write and never agree on (0-3)
        both_write = times[first[low:high]] & times[second[low:high]]
        time_conflict[low:high] = (both_write & ~agree).sum(axis=1)
    names = products[:, NAMES]  # sum of sqrt(idf * idf) = idf of each name both write
    names_union = names_total[first] + names_total[second] - names
    lead_both = products[:, LEAD_NAMES]
    lead_union = lead_names_total[first] + lead_names_total[second] - lead_both
    numbers = shared_count[:, NUMBERS]
    numbers_union = numbers_size[first] + numbers_size[second] - numbers
    shorter = np.minimum(word_count[first], word_count[second])
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
PAIR_CHUNK = 1024  # pairs per gather in ``pair_values``
_ROOTS = (NAMES, LEAD_NAMES)  # blocks whose shared weight is the sum of sqrt(products)
_SUMMED = (RARE, LEAD, NAMES, LEAD_NAMES)


def _shared_by_block(product: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of each row of ``product`` (one per pair): (entries by block float64[rows, BLOCKS], sum
    by block float64[rows, BLOCKS], whether it has a TIME entry of each of TIME_KINDS
    bool[rows, 3]).

    The sum is of the products for RARE and LEAD, of their square roots for NAMES and
    LEAD_NAMES, 0 for the other blocks; each (row, block) is summed in column order, as a
    per-block product summed row by row is.
    """
    rows = product.shape[0]
    owner = np.repeat(np.arange(rows, dtype=np.int64), np.diff(product.indptr))
    block = product.indices >> COLUMN_BITS
    key = owner * BLOCKS + block
    counts = np.bincount(key, minlength=rows * BLOCKS).reshape(rows, BLOCKS)
    roots = np.isin(block, _ROOTS)
    data = np.where(roots, np.sqrt(product.data), product.data).astype(np.float64)
    summed = np.isin(block, _SUMMED)
    sums = np.bincount(key[summed], weights=data[summed], minlength=rows * BLOCKS)
    return counts.astype(np.float64), sums.reshape(rows, BLOCKS), _time_kinds(product, owner)


def _time_kinds(matrix: sparse.csr_matrix, owner: np.ndarray) -> np.ndarray:
    """bool[rows, len(TIME_KINDS)]: does each row have a TIME entry of each kind?
    (``owner``: the row of each stored entry)."""
    rows = matrix.shape[0]
    out = np.zeros((rows, len(TIME_KINDS)), dtype=bool)
    relative = matrix.indices.astype(np.int64) - (TIME << COLUMN_BITS)
    for kind, (low, high) in enumerate(TIME_KINDS):
        inside = (relative >= low) & (relative < high)
        out[owner[inside], kind] = True
    return out


def _article_totals(
    story: sparse.csr_matrix,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row of ``story``: the NAMES and LEAD_NAMES blocks' total weights (float64, summed in
    column order), the NUMBERS block's number of entries, the COUNT column's value, and which
    TIME kinds it writes (bool[n, 3])."""
    n = story.shape[0]
    names, lead_names, numbers, count = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    times = np.zeros((n, len(TIME_KINDS)), dtype=bool)
    step = 4096  # rows at a time: a few MB of temporaries, not one array per stored entry
    for low in range(0, n, step):
        high = min(n, low + step)
        start, stop = int(story.indptr[low]), int(story.indptr[high])
        owner = np.repeat(np.arange(high - low), np.diff(story.indptr[low : high + 1]))
        block = story.indices[start:stop] >> COLUMN_BITS
        data = story.data[start:stop]
        for total, which in ((names, NAMES), (lead_names, LEAD_NAMES), (count, COUNT)):
            inside = block == which
            total[low:high] = np.bincount(owner[inside], weights=data[inside], minlength=high - low)
        numbers[low:high] = np.bincount(owner[block == NUMBERS], minlength=high - low)
        times[low:high] = _time_kinds(story[low:high], owner)
    return names, lead_names, numbers, count, times
