"""The numpy word stream and shingles against the reference regex, and batch independence."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.features import Features, featurize
from storytrace.corpus.shingles import batch_shingles, sentence_words, shingle_hashes
from storytrace.corpus.tokens import batch_words

# Letters, digits, the connectors, typography normalize() rewrites, accents, a ligature NFKC
# splits, CJK, an emoji and a CJK letter beyond the BMP, a combining mark (not a word
# character for Python's \w), underscore, newlines.
ALPHABET = "abcXYZ019 '-.,_’“”–—éÉßﬁ漢字😀𠀀\u0301\n\t!?()"


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[int], list[int]]:
    text = draw(st.text(alphabet=ALPHABET, max_size=80))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=6)))
    starts, ends = [], []
    for first, second in zip(cuts[::2], cuts[1::2], strict=False):
        starts.append(first)
        ends.append(second)
    return text, starts, ends


@settings(max_examples=300, deadline=None)
@given(st.lists(articles(), min_size=1, max_size=5))
def test_batch_words_are_the_reference_words(rows: list[tuple[str, list[int], list[int]]]) -> None:
    batch = batch_words(rows)
    for index, (text, starts, ends) in enumerate(rows):
        expected = sentence_words(text, starts, ends)
        first, last = batch.word_offsets[index], batch.word_offsets[index + 1]
        assert [batch.word(i) for i in range(first, last)] == [w for s in expected for w in s]
        sentences = batch.sentence[first:last] - batch.sentence_offsets[index]
        assert np.bincount(sentences, minlength=len(expected)).tolist() == [
            len(s) for s in expected
        ]


def test_equal_words_hash_equal_and_different_words_differ() -> None:
    text = "The fund paid 100,000 dollars; the FUND paid 120,000. U.S. aid isn't fund-raising."
    batch = batch_words([(text, [], []), ("fund the", [], [])])
    by_word: dict[str, set[int]] = {}
    for i in range(len(batch.hashes)):
        by_word.setdefault(batch.word(i), set()).add(int(batch.hashes[i]))
    assert all(len(hashes) == 1 for hashes in by_word.values())
    assert len({h for hashes in by_word.values() for h in hashes}) == len(by_word)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=12), max_size=6))
def test_batch_shingles_match_per_article_shingles(texts: list[list[str]]) -> None:
    batch = batch_words([(" ".join(words), [], []) for words in texts])
    flat, offsets, counts = batch_shingles(batch, 4)
    for i in range(len(texts)):
        words = batch.hashes[batch.word_offsets[i] : batch.word_offsets[i + 1]]
        expected = shingle_hashes(words, 4)
        got = flat[offsets[i] : offsets[i + 1]]
        assert np.array_equal(np.unique(got), expected)
        assert counts[i] == (max(len(words) - 3, 1) if len(words) else 0)


def test_features_do_not_depend_on_the_batch() -> None:
    texts = [
        "Azerbaijan began an offensive. More than 100,000 people fled to Armenia.",
        "Officials said 120,000 fled Nagorno-Karabakh. The region’s leaders surrendered.",
        "A cat sat on the mat.",
        "",
        "Ünïcode tëxt ﬁne; 漢字 appear here. Second sentence follows!",
    ]
    rows = [(str(i), t, [0], [len(t)]) if t else (str(i), t, [], []) for i, t in enumerate(texts)]
    whole = featurize(rows, CorpusSettings())
    split = Features.concat(
        [featurize(rows[:2], CorpusSettings()), featurize(rows[2:], CorpusSettings())]
    )
    for name in ("shingles", "minhash", "doc", "sent_offsets", "sentences"):
        assert np.array_equal(getattr(whole, name), getattr(split, name)), name
    assert whole.shingles[3] == 0 and whole.shingles[0] > 0


def test_words_the_model_cannot_read_still_tell_texts_apart() -> None:
    """Hangul is byte-fallback tokens in the English table: each word gets its own vector."""
    from storytrace.corpus.embedding import cosines

    texts = [
        "서울 시장은 오늘 새로운 교통 정책을 발표했다. 시민들은 환영했다.",
        "태풍이 남부 해안에 상륙하여 많은 피해를 입혔다. 주민들이 대피했다.",
        "서울 시장은 오늘 새로운 교통 정책을 발표했다. 시민들은 환영했다.",
        "The mayor of Seoul announced a new transport policy today.",
        "Seoul's mayor unveiled a new transport policy on Tuesday.",
    ]
    features = featurize([(str(i), t, [], []) for i, t in enumerate(texts)], CorpusSettings())
    similar = cosines(features.doc, features.doc)
    assert similar[0, 1] < 0.5
    assert similar[0, 2] > 0.999
    assert similar[3, 4] > similar[0, 1] + 0.3


def test_long_words_hash_by_content_like_short_ones() -> None:
    long_a, long_b = "x" * 40 + "a", "x" * 40 + "b"  # past the vectorised length: one at a time
    huge = "y" * 5000
    batch = batch_words([(f"{long_a} {long_b} {long_a} {huge} ab", [], []), (huge, [], [])])
    words = [batch.word(i) for i in range(len(batch.hashes))]
    assert words == [long_a, long_b, long_a, huge, "ab", huge]
    hashes = batch.hashes.tolist()
    assert hashes[0] == hashes[2] and hashes[3] == hashes[5]
    assert len({hashes[0], hashes[1], hashes[3], hashes[4]}) == 4


@settings(max_examples=200, deadline=None)
@given(st.lists(articles(), min_size=1, max_size=5))
def test_capitals_read_from_the_kept_original_equal_the_rebuilt_layout(
    rows: list[tuple[str, list[int], list[int]]],
) -> None:
    from dataclasses import replace

    from storytrace.corpus.wordweights import capitalised

    batch = batch_words(rows)
    rebuilt = capitalised(rows, replace(batch, original="", original_starts=None))
    assert np.array_equal(capitalised(rows, batch), rebuilt)


def test_capitals_of_names_are_found() -> None:
    from storytrace.corpus.wordweights import capitalised

    text = "The Élysée said Paris, not PARIS; Œuvre."
    # NFKC splits the ligature, so that article is normalised sentence by sentence: no capitals
    rows = [(text, [0], [len(text)]), ("A ﬁne Day", [], []), ("a B c", [], [])]
    batch = batch_words(rows)
    flags = capitalised(rows, batch)
    found = [batch.word(i) for i in np.flatnonzero(flags)]
    assert found == ["the", "élysée", "paris", "paris", "œuvre", "b"]
