"""Direct contradictions on a shared event, found on linked (unaligned) statements."""

from __future__ import annotations

from test_facts_links import _found, _unaligned

from storytrace.models import DiscrepancyType


def _conflicts(
    text_a: str, text_b: str, kinds: tuple[DiscrepancyType, ...] = (DiscrepancyType.CONFLICT,)
) -> list[tuple[str, str]]:
    return [(a, b) for kind, a, b in _found(_unaligned(text_a, text_b)) if kind in kinds]


def test_facts_conflicts_denied_event_on_a_name_resolved_two_ways() -> None:
    # "Harbourview" reads as a person on one side and as a clinic on the other: linked by name.
    a = (
        "The singer arrived in Malibu on Monday.\n\n"
        "Her new album was delayed until the spring.\n\n"
        "Fans gathered outside the studio in the rain.\n\n"
        '"Carla never checked into Harbourview but is back home," her lawyer said.'
    )
    b = (
        "Reyes had checked into Harbourview Recovery Center on Thursday morning.\n\n"
        "Her father said she was unhappy there.\n\n"
        "The record label declined to discuss the tour.\n\n"
        "Tickets for the concerts sold out within an hour."
    )
    found = _conflicts(a, b)
    assert any("never checked" in x and "checked" in y for x, y in found), found


def test_facts_conflicts_same_verb_other_object_is_silent() -> None:
    a = "Police arrested two men near the harbour in Valletta on Sunday."
    b = "Police did not arrest the driver of the lorry, a spokesman in Valletta said."
    assert _conflicts(a, b, (DiscrepancyType.CONFLICT, DiscrepancyType.NEGATION)) == []


_PAD_A = (
    "Crowds gathered in the square on Saturday evening.\n\n"
    "Shops along the avenue closed their shutters early.\n\n"
)
_PAD_B = (
    "The mayor appealed for calm in a televised address.\n\n"
    "Buses were diverted away from the city centre overnight.\n\n"
)


def test_facts_conflicts_none_were_arrested() -> None:
    a = _PAD_A + "Several protesters were arrested after the clashes near the Tarnow stadium."
    b = _PAD_B + "None were arrested after the clashes near the Tarnow stadium, police said."
    found = _conflicts(a, b)
    assert any("were arrested" in x and "arrested" in y for x, y in found), found


def test_facts_conflicts_same_fact_through_another_verb_is_silent() -> None:
    # "failed to conduct" / "should have conducted": one fact, polarity read through other verbs.
    a = _PAD_A + "The Tarnow council failed to conduct a safety review of the stadium."
    b = _PAD_B + "The Tarnow council should have conducted a safety review of the stadium."
    assert _conflicts(a, b) == []
