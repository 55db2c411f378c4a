"""Places: one event placed at two kinds of venue, or at a venue and next to it."""

from __future__ import annotations

from test_facts_engine import findings_of
from test_facts_events import typed

from storytrace.models import DiscrepancyType


def places(text_a: str, text_b: str) -> list[tuple[str, str]]:
    return [(a, b) for kind, a, b in findings_of(text_a, text_b) if kind == DiscrepancyType.PLACE]


def test_facts_places_two_kinds_of_venue_differ() -> None:
    assert places(
        "The novelist died on Sunday at his home in the hills.",
        "The novelist died on Sunday at a hospice near his home in the hills.",
    ) == [("at his home", "at a hospice")]


def test_facts_places_next_to_a_venue_is_not_in_it() -> None:
    assert places(
        "The guard was shot inside the courthouse.",
        "The guard was shot outside the courthouse.",
    ) == [("inside the courthouse", "outside the courthouse")]


def test_facts_places_parts_and_synonyms_agree() -> None:
    assert places("The singer died in her hotel room.", "The singer died at a motel.") == []
    assert places("The boss died in his cell.", "The boss died in a prison.") == []
    assert places("He was killed in the courtroom.", "He was killed in the courthouse.") == []


def test_facts_places_a_modifier_makes_another_kind() -> None:
    assert places("The actress died at a nursing home.", "The actress died at her home.") == [
        ("at a nursing home", "at her home")
    ]


def test_facts_places_event_noun_and_verb_are_one_event() -> None:
    assert places(
        "The cause of his death at home was not known.",
        "He died at a hospital, the family said.",
    ) == [("at home", "at a hospital")]


def test_facts_places_venue_of_one_event_across_the_articles() -> None:
    found = typed(
        "The family gave no details. Walter Brenning died at his home on Friday.",
        "Walter Brenning, the conductor, died at a hospital in Vienna.",
    )
    assert ("place", "at his home", "at a hospital") in found


def test_facts_places_named_place_of_one_event_across_the_articles() -> None:
    found = typed(
        "Omar Haddad was arrested in Boston, police said. He was charged on Tuesday.",
        "The charges were read out in court. Omar Haddad was arrested in Chicago last week.",
    )
    assert ("place", "Boston", "Chicago") in found


def test_facts_places_a_place_and_what_contains_it_agree() -> None:
    found = typed(
        "Omar Haddad was arrested in Milton, Massachusetts, police said.",
        "The charges were read out in court. Omar Haddad was arrested in Massachusetts.",
    )
    assert [f for f in found if f[0] == "place"] == []


def test_facts_places_quake_placed_near_two_towns() -> None:
    found = typed(
        "The quake struck 10 km north of Qeshm on Sunday, the agency said.",
        "Rescue teams were sent. The epicentre was near the town of Bandar Lengeh.",
    )
    assert ("place", "Qeshm", "Bandar Lengeh") in found


def test_facts_places_where_a_quake_was_felt_is_not_where_it_struck() -> None:
    found = typed(
        "The quake struck near Qeshm on Sunday, the agency said.",
        "Rescue teams were sent. The quake was felt in Dubai.",
    )
    assert [f for f in found if f[0] == "place"] == []


def test_facts_places_a_town_the_ner_calls_a_person() -> None:
    found = typed(
        "Omar Haddad was arrested in Dorchester, police said. He was charged on Tuesday.",
        "The charges were read out in court. Omar Haddad was arrested in Milton last week.",
    )
    assert ("place", "Dorchester", "Milton") in found
    assert (
        typed(
            "The charges were read. Omar Haddad was arrested in Smith's apartment.",
            "Omar Haddad was arrested in Milton last week.",
        )
        == []
    )
