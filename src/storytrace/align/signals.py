"""Evidence that two articles tell the same story, chosen because it survives a rewrite.

Another newsroom rewrites every sentence but keeps the facts: the people, places and
organisations, the numbers, the rare words of the event ("magnitude", "Promises", "Ketsoyan").
Two similar but different events (two earthquakes) share the common words of the topic and
differ in exactly those. So the lexical signals weigh words by how rare they are in general
English, from a background frequency table shipped inside the ``wordfreq`` wheel (no corpus of
our own is needed at run time, and two documents alone cannot give an IDF).

The signals of a pair are computed by the corpus code (``storytrace.corpus.features`` and
``storytrace.corpus.wordweights``) on the two texts, exactly as ``cluster`` computes them for a
candidate pair; ``storytrace.align.samestory`` turns them into one calibrated probability. The
best-matching-sentence similarity of ``compare``'s own (multilingual) sentence vectors is kept
for texts that share no words (a translation) and for the basis line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

# wordfreq knows these languages well enough for an IDF; others fall back to English, which
# still marks names and numbers as rare.
_WORDFREQ_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "sv"})
# -log10 of a word's frequency is 9 - zipf. A word wordfreq has never seen (a surname, a
# place) gets the cap: rarer than anything listed, but not infinitely so.
_IDF_CAP = 8.0


@cache
def _zipf_table(language: str) -> dict[str, float]:
    """Background word frequencies (zipf scale) of one language, loaded once per process."""
    # ~1 s to load; only paid when a verdict is needed
    from wordfreq import cB_to_freq, get_frequency_list

    # get_frequency_dict's words and frequencies (bucket i holds the words at -i centibels),
    # one dict.fromkeys per bucket rather than a Python step per word: a third of the time.
    table: dict[str, float] = {}
    for index, bucket in enumerate(get_frequency_list(language, wordlist="best")):
        table.update(dict.fromkeys(bucket, math.log10(cB_to_freq(-index)) + 9.0))
    return table


def idf(word: str, language: str = "en") -> float:
    """Background inverse document frequency: 9 - zipf, within [0, _IDF_CAP]."""
    table = _zipf_table(language if language in _WORDFREQ_LANGUAGES else "en")
    zipf = table.get(word)
    if zipf is None:
        return _IDF_CAP if not word.isdigit() else 4.0  # numbers: judged by the number signal
    return min(_IDF_CAP, max(0.0, 9.0 - zipf))


@lru_cache(maxsize=1 << 16)
def _idf_cached(word: str, language: str) -> float:
    return idf(word, language)


@dataclass(frozen=True, slots=True)
class StorySignals:
    """The measured evidence for one pair; every field is reported with the verdict."""

    rare_words: float  # cosine of the idf**2-weighted words
    lead: float  # the same over the first three sentences
    shared_names: float  # idf-weighted Jaccard of the names (people, places, organisations)
    shared_numbers: float  # Jaccard of the numbers written in both
    document_cosine: float  # cosine of the static word-vector sums (wordllama, as in cluster)
    word_count: float  # log(1 + the shorter side's word count)
    shared_word_count: int  # distinct non-trivial words found in both
    word_counts: tuple[int, int]
    sentence_counts: tuple[int, int]
    # mean best cosine of each sentence in the other article (compare's own sentence vectors,
    # both sides): judges a translation, and names "same kind of story" in the basis
    sentence_match: float = 0.0
    lead_names: float = 0.0  # shared_names over the names of the two leads
    time_conflict: float = 0.0  # years, weekdays, months both write and never agree on (0-3)


def signals(
    text_a: str,
    text_b: str,
    vectors_a: np.ndarray,
    vectors_b: np.ndarray,
    spans_a: Sequence[tuple[int, int]] | None = None,
    spans_b: Sequence[tuple[int, int]] | None = None,
) -> StorySignals:
    """All signals of a pair from the texts (with their sentence spans, as the corpus stores
    them; segmented here when absent) and their (unit) sentence vectors."""
    from storytrace.corpus.verify import text_values

    values = text_values([(text_a, spans_a), (text_b, spans_b)])
    words = (int(values["words"][0]), int(values["words"][1]))
    return StorySignals(
        rare_words=float(values["rare_words"][0]),
        lead=float(values["lead"][0]),
        shared_names=float(values["shared_names"][0]),
        shared_numbers=float(values["shared_numbers"][0]),
        document_cosine=float(values["document_cosine"][0]),
        word_count=float(values["word_count"][0]),
        lead_names=float(values["lead_names"][0]),
        time_conflict=float(values["time_conflict"][0]),
        shared_word_count=int(values["shared_word_count"][0]),
        word_counts=words,
        sentence_counts=(len(vectors_a), len(vectors_b)),
        sentence_match=_sentence_match(vectors_a, vectors_b),
    )


def _sentence_match(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    sims = np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T
    return float((sims.max(axis=1).mean() + sims.max(axis=0).mean()) / 2)
