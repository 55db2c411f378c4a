"""The same-story model: its signals, its verdict's basis, and the corpus's use of it."""

from __future__ import annotations

import numpy as np

from storytrace.align.samestory import MODEL, TRANSLATION, decide, model
from storytrace.align.signals import StorySignals, idf, signals
from storytrace.align.story import judge
from storytrace.config import DEFAULT_SETTINGS
from storytrace.corpus.verify import story_probability, text_values
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
    return signals(a, b, vectors, other)


def test_idf_ranks_rare_words_above_common_ones() -> None:
    assert idf("the") < 1.5 < idf("earthquake") < idf("ferndale")


def test_same_event_shares_more_than_a_similar_other_event() -> None:
    same = signals_of(QUAKE_A, QUAKE_B)
    other = signals_of(QUAKE_A, OTHER_QUAKE)
    assert same.rare_words > other.rare_words
    assert same.shared_names > other.shared_names
    assert same.shared_numbers > other.shared_numbers
    assert same.lead > other.lead
    assert MODEL.probability(same) > MODEL.probability(other)


def test_the_graded_similarity_ranks_same_above_similar_above_unrelated() -> None:
    """``document_similarity``: same event > a similar other event > unrelated."""
    cooking = (
        "Roast the squash at 200 degrees until caramelised, then fold it through the risotto "
        "with sage butter, parmesan and a squeeze of lemon before serving with bread."
    )
    same = MODEL.similarity(signals_of(QUAKE_A, QUAKE_B))
    other = MODEL.similarity(signals_of(QUAKE_A, OTHER_QUAKE))
    unrelated = MODEL.similarity(signals_of(QUAKE_A, cooking))
    assert same > other > unrelated
    assert unrelated < 0.3 and same > 0.7
    match = judge(signals_of(QUAKE_A * 2, QUAKE_B * 2), 0.0, "e5-small", DEFAULT_SETTINGS)
    assert match.document_similarity == MODEL.similarity(signals_of(QUAKE_A * 2, QUAKE_B * 2))


def test_one_model_for_every_embedder() -> None:
    assert model("e5-small") is model("minilm") is model("hashing") is MODEL


def test_the_fitted_model_says_more_evidence_is_more_likely_the_same_story() -> None:
    for fitted in (MODEL, TRANSLATION):
        assert fitted.fitted, "a model must say what it was fitted on"
        evidence = [
            c
            for name, c in zip(fitted.features, fitted.coefficients, strict=True)
            if name not in ("word_count", "time_conflict")
        ]
        assert all(c > 0 for c in evidence)
        assert all(c > 0 for c in fitted.embedding_coefficients)


def test_dates_that_disagree_count_as_a_contradiction() -> None:
    a = "The quake struck on Tuesday, 12 March 2008, officials in Petrolia said on Tuesday."
    b = "The quake struck on Sunday, 3 June 2014, officials in Petrolia said after the quake."
    c = "The quake struck on Tuesday in 2008, officials in Petrolia said after the quake."
    values = text_values([(a, None), (b, None), (c, None)], np.array([[0, 1], [0, 2], [1, 2]]))
    # year, weekday and month all differ; a and c agree; c names no month: no contradiction
    assert list(values["time_conflict"]) == [3.0, 0.0, 2.0]


def test_lead_names_are_the_names_of_the_first_sentences() -> None:
    lead = "Officials said that Ketsoyan met Reid in Petrolia before the hearing began. "
    filler = "The weather stayed mild and nothing else of note happened that afternoon. "
    late = filler * 3 + "Officials said that Ketsoyan met Reid in Petrolia before the hearing."
    values = text_values(
        [(lead + filler * 3, None), (lead, None), (late, None)], np.array([[0, 1], [0, 2]])
    )
    assert values["lead_names"][0] > 0.9 and values["lead_names"][1] == 0.0
    assert values["shared_names"][1] > 0.9


def test_names_need_a_capital_and_count_by_rarity() -> None:
    a = "Officials said on Tuesday that Ketsoyan met Reid in Los Angeles before the hearing began."
    b = "Ketsoyan and Reid spoke to reporters in Los Angeles after officials closed the hearing."
    c = "ketsoyan and reid spoke to reporters in los angeles after officials closed the hearing."
    named = text_values([(a, None), (b, None)])["shared_names"][0]
    lowercase = text_values([(a, None), (c, None)])["shared_names"][0]
    assert named > 0.5 and lowercase == 0.0


def test_names_are_normalised_through_the_alias_tables() -> None:
    a = "Officials in the U.S. said that the Iranian navy had seized the tanker near the strait."
    b = "The tanker was seized by Iran near the strait, officials in Washington said today."
    shared = text_values([(a, None), (b, None)])["shared_names"][0]
    assert shared > 0.9  # U.S. = Washington = United States; Iranian = Iran


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


def test_a_batch_gives_each_pair_the_values_of_the_pair_alone() -> None:
    """``cluster`` computes a pair's inputs inside a batch; ``compare`` on the two texts alone."""
    texts = [(QUAKE_A, None), (QUAKE_B, None), (OTHER_QUAKE, None)]
    together = text_values(texts, np.array([[0, 1], [0, 2]]))
    alone = text_values([texts[0], texts[2]])
    for name in MODEL.features:
        assert together[name][1] == alone[name][0], name
    s = signals_of(QUAKE_A, OTHER_QUAKE)
    assert s.rare_words == alone["rare_words"][0]


def test_the_model_is_vectorised_and_decides_like_compare() -> None:
    values = text_values(
        [(QUAKE_A, None), (QUAKE_B, None), (OTHER_QUAKE, None)], np.array([[0, 1], [0, 2]])
    )
    p = story_probability(values)
    assert p.shape == (2,)
    assert p[0] > p[1]
    assert list(decide(p)) == [bool(decide(float(x))) for x in p]


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
