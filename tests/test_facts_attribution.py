"""Attribution: sources of speech verbs, "according to", "citing"; only identities compared."""

from __future__ import annotations

from test_facts_engine import findings_of

from storytrace.models import DiscrepancyType

T = DiscrepancyType


def test_facts_attribution_changed_outlet() -> None:
    found = findings_of(
        "Blinken warned a group of lawmakers, Politico reported on Friday.",
        "Blinken warned a group of lawmakers, Reuters reported on Friday.",
    )
    assert found == [(T.ATTRIBUTION, "Politico", "Reuters")]


def test_facts_attribution_unnamed_to_named() -> None:
    found = findings_of(
        "The decision had already been made, according to two people familiar with the talks.",
        "The decision had already been made, according to Defense Minister Anna Weber.",
    )
    assert [f[0] for f in found] == [T.ATTRIBUTION]
    assert found[0][1] == "two people"


def test_facts_attribution_same_speaker_other_verb_is_silent() -> None:
    assert (
        findings_of(
            "“Aliyev is moving forward with his objective,” Pallone tweeted on Wednesday.",
            "“Aliyev is moving forward with his objective,” Pallone said in a post on X on "
            "Wednesday.",
        )
        == []
    )


def test_facts_attribution_reported_speech_restructured_is_silent() -> None:
    assert (
        findings_of(
            "Reuters said that the company had cut 300 jobs.",
            "The company had cut 300 jobs, Reuters said.",
        )
        == []
    )


def test_facts_attribution_outlet_unknown_to_the_tables() -> None:
    found = findings_of(
        "Le Monde reported that the talks would resume next month.",
        "Der Spiegel reported that the talks would resume next month.",
    )
    assert [f[0] for f in found] == [T.ATTRIBUTION]


def test_facts_attribution_one_office_two_names_is_a_person_difference() -> None:
    found = findings_of(
        "Police Chief Daniel Ortiz said the man was armed.",
        "Police Chief Raymond Kim said the man was armed.",
    )
    assert found == [(DiscrepancyType.PERSON, "Daniel Ortiz", "Raymond Kim")]


def test_facts_attribution_two_holders_of_a_shared_title_stay_attribution() -> None:
    found = findings_of(
        "Senator Daniel Ortiz said the bill would pass.",
        "Senator Raymond Kim said the bill would pass.",
    )
    assert [f[0] for f in found] == [DiscrepancyType.ATTRIBUTION]


def test_facts_attribution_deputy_and_head_of_one_agency_is_a_role_difference() -> None:
    found = findings_of(
        "The deputy director of the agency said the plan was dropped.",
        "The head of the agency said the plan was dropped.",
    )
    assert found == [(DiscrepancyType.PERSON, "deputy director", "head of the agency")]
