"""People, titles, groups and aliases: mention extraction, canonicalisation and comparison."""

from __future__ import annotations

from test_facts_engine import findings_of

from storytrace.language import lexicon
from storytrace.language.mentions import GROUP, PERSON, NameRegistry, extract
from storytrace.language.nlp import Sent
from storytrace.language.spacy_parser import load_nlp
from storytrace.models import DiscrepancyType

T = DiscrepancyType


def mentions(text: str) -> list:
    sent = Sent(load_nlp()(text), "a", 0, 0)
    registry = NameRegistry()
    registry.add_from([sent])
    return extract(sent, registry)


def test_facts_entities_aliases_share_one_identity() -> None:
    aliases = lexicon.aliases()
    assert aliases.lookup("Artsakh") == aliases.lookup("Nagorno-Karabakh")
    assert aliases.lookup("Baku").name == "Azerbaijan"
    assert (
        aliases.lookup("the U.S.")
        == aliases.lookup("Washington")
        == aliases.lookup("United States")
    )
    assert lexicon.same_name("NYC", "New York City") and not lexicon.same_name("NYC", "New Jersey")


def test_facts_entities_titles_in_front_of_names() -> None:
    (blinken,) = [
        m
        for m in mentions("Azerbaijan may invade, according to US State Secretary Antony Blinken.")
        if m.kind == PERSON
    ]
    assert blinken.id == "person:blinken"
    assert blinken.titles[0][0] == "secretary of state"


def test_facts_entities_group_facets() -> None:
    (group,) = [
        m
        for m in mentions("Blinken informed a small group of senators last week.")
        if m.kind == GROUP
    ]
    assert group.text == "a small group of senators"
    assert dict(group.facets) == {"kind": "legislator", "chamber": "upper"}
    groups = lexicon.groups()
    senators = group.facets
    assert groups.conflict(senators, frozenset({("kind", "legislator"), ("chamber", "lower")}))
    assert groups.refines(senators, frozenset({("kind", "legislator")}))


def test_facts_entities_alias_is_not_a_discrepancy() -> None:
    assert (
        findings_of(
            "Azerbaijan launched a large-scale attack on Artsakh, forcing 100,000 people to flee.",
            "Baku launched a large-scale attack on Nagorno-Karabakh, forcing 100,000 people "
            "to flee.",
        )
        == []
    )


def test_facts_entities_same_person_named_differently_agrees() -> None:
    assert (
        findings_of(
            "Secretary of State Antony Blinken warned a group of lawmakers about the risk.",
            "US State Secretary Antony Blinken warned a group of lawmakers about the risk.",
        )
        == []
    )


def test_facts_entities_changed_role() -> None:
    found = findings_of(
        "French Foreign Minister Catherine Colonna told the Senate that Azerbaijan planned it.",
        "French Defense Minister Catherine Colonna told the Senate that Azerbaijan planned it.",
    )
    assert (T.PERSON, "Foreign Minister", "Defense Minister") in found


def test_facts_entities_different_person_in_the_same_slot() -> None:
    found = findings_of(
        "Prime Minister Hiro Tanaka met Sofia Rossi in the capital to discuss the plan.",
        "Prime Minister Hiro Tanaka met James Carter in the capital to discuss the plan.",
    )
    assert found == [(T.PERSON, "Sofia Rossi", "James Carter")]


def test_facts_entities_disjoint_groups() -> None:
    found = findings_of(
        "A group of senators visited the site the following day.",
        "A group of representatives visited the site the following day.",
    )
    assert found == [(T.GROUP, "A group of senators", "A group of representatives")]


def test_facts_entities_changed_party() -> None:
    found = findings_of(
        "Since the briefing, Pallone, the Democrat from New Jersey, has said he is worried.",
        "Since the briefing, Pallone, a Republican, has said he is worried.",
    )
    assert (
        found
        and found[0][0] == T.GROUP
        and "Democrat" in found[0][1]
        and "Republican" in found[0][2]
    )


def test_facts_entities_office_written_short_is_one_office() -> None:
    found = findings_of(
        "Bureau of Prisons spokesman Al Ortega confirmed the death.",
        "Prison spokesman Al Ortega confirmed the death.",
    )
    assert [f for f in found if f[0] == DiscrepancyType.PERSON] == []
