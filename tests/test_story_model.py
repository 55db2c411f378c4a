"""The same-story model: its signals, its verdict's basis, and the corpus's use of it."""

from __future__ import annotations

import numpy as np

from storytrace.align.samestory import CORPUS_MODELS, MODELS, corpus_model, model
from storytrace.align.signals import StorySignals, idf, profile, signals
from storytrace.align.story import judge
from storytrace.config import DEFAULT_SETTINGS
from storytrace.corpus.tokens import batch_words
from storytrace.corpus.wordweights import pair_numbers, pair_rare_words, word_vectors
from storytrace.models import StoryVerdict

QUAKE_A = (
    "A magnitude 6.1 earthquake struck near Petrolia in northern California on Tuesday, "
    "the U.S. Geological Survey said. Humboldt County officials reported 12 injuries and "
    "damaged homes in Ferndale. Pacific Gas and Electric said 70,000 customers lost power."
)
QUAKE_B = (
    "Ferndale residents swept up broken glass after Tuesday's 6.1 quake off Petrolia. The "
    "United States Geological Survey put the epicentre offshore; Humboldt County counted 12 "
    "people hurt, and Pacific Gas and Electric restored power to most of 70,000 customers."
)
OTHER_QUAKE = (
    "A magnitude 7.3 earthquake hit Kermanshah province in western Iran on Sunday, killing "
    "more than 400 people, Iranian state television said. Rescuers in Sarpol-e Zahab dug "
    "through the rubble of collapsed apartment blocks as aftershocks continued."
)


def signals_of(a: str, b: str, sentence_cosine: float = 0.9) -> StorySignals:
    vectors = np.array([[1.0, 0.0]], dtype=np.float32)
    other = np.array([[sentence_cosine, (1 - sentence_cosine**2) ** 0.5]], dtype=np.float32)
    return signals(a, b, vectors, other, "en", "en")


def test_idf_ranks_rare_words_above_common_ones() -> None:
    assert idf("the") < 1.5 < idf("earthquake") < idf("ferndale")


def test_names_are_normalised_through_the_alias_tables() -> None:
    a, b = profile("Officials in Washington said so."), profile("The U.S. said so.")
    assert a.names.keys() & b.names.keys()  # both are the United States


def test_same_event_shares_more_than_a_similar_other_event() -> None:
    same = signals_of(QUAKE_A, QUAKE_B)
    other = signals_of(QUAKE_A, OTHER_QUAKE)
    assert same.rare_words > other.rare_words
    assert same.shared_names > other.shared_names
    assert same.shared_numbers > other.shared_numbers
    assert model("e5-small").probability(same) > model("e5-small").probability(other)


def test_every_fitted_model_says_more_evidence_is_more_likely_the_same_story() -> None:
    for fitted in [*MODELS.values(), *CORPUS_MODELS.values()]:
        assert fitted.fitted, "a model must say what it was fitted on"
        lexical = [
            c
            for name, c in zip(fitted.features, fitted.coefficients, strict=True)
            if name in ("rare_words", "shared_names", "shared_numbers")
        ]
        assert all(c > 0 for c in lexical)
        assert all(c > 0 for c in fitted.embedding_coefficients)


def test_a_short_article_is_not_judged_the_same_story() -> None:
    s = signals_of("Quake hits Petrolia.", QUAKE_A, sentence_cosine=0.99)
    match = judge(s, 0.0, "e5-small", DEFAULT_SETTINGS)
    assert match.verdict != StoryVerdict.SAME_STORY
    assert match.basis.startswith("too short to judge")


def test_texts_without_shared_words_are_judged_on_the_embedding_and_say_so() -> None:
    german = (
        "Ein Erdbeben der Stärke 6,1 erschütterte am Dienstag den Norden Kaliforniens. "
        "Zwölf Menschen wurden verletzt, Zehntausende Haushalte waren ohne Strom, "
        "teilten die Behörden des Bezirks mit, während Aufräumarbeiten begannen. "
        "Die Feuerwehr prüfte beschädigte Gebäude in mehreren Küstenorten."
    ) * 2
    english = (QUAKE_A.replace("6.1", "six").replace("70,000", "many") + " ") * 2
    s = signals_of(english, german, 0.95)
    match = judge(s, 0.0, "e5-small", DEFAULT_SETTINGS, ("en", "de"))
    assert "no shared words" in match.basis


def test_near_copies_are_the_same_story_whatever_the_boilerplate() -> None:
    s = signals_of(QUAKE_A + " Subscribe to our newsletter.", QUAKE_A + " Read more.")
    match = judge(s, 0.9, "e5-small", DEFAULT_SETTINGS)
    assert match.verdict == StoryVerdict.SAME_STORY
    assert match.basis.startswith("near copies")


def test_unrelated_articles_are_unrelated() -> None:
    cooking = (
        "Roast the squash at 200 degrees until caramelised, then fold it through the risotto "
        "with sage butter, parmesan and a squeeze of lemon before serving with bread."
    ) * 2
    match = judge(signals_of(QUAKE_A * 2, cooking, 0.2), 0.0, "e5-small", DEFAULT_SETTINGS)
    assert match.verdict == StoryVerdict.UNRELATED


def test_corpus_rows_give_the_same_lexical_signals_as_compare() -> None:
    texts = [QUAKE_A, QUAKE_B, OTHER_QUAKE]
    batch = batch_words([(t, [0], [len(t)]) for t in texts])
    rare, numbers = word_vectors(batch)
    pairs = np.array([[0, 1], [0, 2]])
    corpus_rare = pair_rare_words(rare, pairs)
    assert corpus_rare[0] > corpus_rare[1]
    assert pair_numbers(numbers, pairs)[0] > pair_numbers(numbers, pairs)[1]
    compare_rare = signals_of(QUAKE_A, QUAKE_B).rare_words
    assert abs(corpus_rare[0] - compare_rare) < 0.15  # same IDF table; tokenisers differ a little


def test_corpus_model_is_vectorised() -> None:
    fitted = corpus_model("wordllama")
    values = {
        "aligned_share": np.array([0.8, 0.0]),
        "rare_words": np.array([0.6, 0.05]),
        "shared_numbers": np.array([0.5, 0.0]),
    }
    p = fitted.probability(values)
    assert p.shape == (2,) and p[0] > 0.5 > p[1]


def test_cluster_puts_the_example_pair_in_one_story(tmp_path, example_paths) -> None:
    """The new user's first corpus run: `ingest examples/ && cluster && stories`."""
    import typer
    from typer.testing import CliRunner

    from storytrace.cli_corpus import register

    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    runner = CliRunner()
    db = str(tmp_path / "x.duckdb")
    folder = str(example_paths[0].parent)
    ingested = runner.invoke(app, ["ingest", folder, "--db", db, "--workers", "1", "--no-progress"])
    assert ingested.exit_code == 0, ingested.output
    clustered = runner.invoke(app, ["cluster", "--db", db])
    assert clustered.exit_code == 0, clustered.output
    assert "2 articles → 1 story " in clustered.output, clustered.output


def test_whole_text_cosine_comes_from_the_document_vectors_when_given() -> None:
    sentences_a = np.array([[1.0, 0.0]], dtype=np.float32)
    sentences_b = np.array([[0.6, 0.8]], dtype=np.float32)
    without = signals(QUAKE_A, QUAKE_B, sentences_a, sentences_b, "en", "en")
    assert without.text_cosine == without.document_cosine  # the mean vectors stand in
    whole = (np.array([0.0, 1.0], np.float32), np.array([0.0, 1.0], np.float32))
    given = signals(QUAKE_A, QUAKE_B, sentences_a, sentences_b, "en", "en", documents=whole)
    assert given.text_cosine == 1.0
    assert given.document_cosine == without.document_cosine
