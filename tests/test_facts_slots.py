"""Slot comparisons on linked (unaligned) statements: counted-noun synonyms, tolls, event
synonyms for links, days, opposite states and places."""

from __future__ import annotations

import pytest
from test_facts_links import _found, _unaligned

from storytrace.facts import slots
from storytrace.models import DiscrepancyType as T

_PAD_A = (
    "Crowds gathered in the square on Saturday evening.\n\n"
    "Shops along the avenue closed their shutters early.\n\n"
)
_PAD_B = (
    "The mayor appealed for calm in a televised address.\n\n"
    "Buses were diverted away from the city centre overnight.\n\n"
)


def _typed(a: str, b: str) -> list[tuple[T, str, str]]:
    return [f for f in _found(_unaligned(_PAD_A + a, _PAD_B + b)) if not f[0].one_sided]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "At least six shops were burned in the Kerman riot overnight.",
            "At least five stores were burned in the Kerman riot overnight.",
            (T.NUMBER, "At least six", "At least five"),
        ),
        (
            "The death toll from the Kerman earthquake rose to 20 on Tuesday.",
            "At least 25 people died in the Kerman earthquake, officials said on Tuesday.",
            (T.NUMBER, "20", "At least 25"),
        ),
        (
            "Acme agreed to buy Zentrix for $2.1 billion in cash, the companies said.",
            "Acme will acquire Zentrix for $1.9 billion, the companies said.",
            (T.NUMBER, "$2.1 billion", "$1.9 billion"),
        ),
        (
            "Police arrested the suspect in Boston on Monday after a long search.",
            "The suspect was arrested in Boston on Tuesday morning after a long search.",
            (T.DATE, "Monday", "Tuesday"),
        ),
        (
            "The climber was still alive when rescuers reached him on the Tasman ridge.",
            "The climber was dead when rescuers reached him on the Tasman ridge.",
            (T.CONFLICT, "alive", "dead"),
        ),
        (
            "The gunman was arrested in Boston on Monday after a long manhunt by police.",
            "The gunman was arrested in Chicago on Monday after a long manhunt by police.",
            (T.PLACE, "Boston", "Chicago"),
        ),
    ],
)
def test_facts_slots_linked_conflicts(a: str, b: str, expected: tuple[T, str, str]) -> None:
    assert expected in _typed(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # a town and its country, both named in A: no conflict
            "The suspect was arrested in Qeshm after a long manhunt by police in Iran.",
            "The suspect was arrested in Iran after a long manhunt by police.",
        ),
        (  # "at least six" / "about six" can be the same figure
            "At least six shops were burned in the Kerman riot overnight.",
            "About six stores were burned in the Kerman riot overnight.",
        ),
        (  # the same state on both sides
            "The climber was still alive when rescuers reached him on the Tasman ridge.",
            "The climber was alive when rescuers reached him on the Tasman ridge.",
        ),
    ],
)
def test_facts_slots_agreements_are_silent(a: str, b: str) -> None:
    assert _typed(a, b) == []


def test_facts_slots_tables() -> None:
    assert slots.counted_class("store") == slots.counted_class("shop")
    assert slots.event_of("acquire") == slots.event_of("buy")
    assert slots.opposite("alive", "dead") and slots.opposite("dead", "alive")
    assert not slots.opposite("alive", "alive")
