"""Spin-style changes on small aligned pairs (the example pair has them all in context)."""

from __future__ import annotations

from test_facts_engine import findings_of

from storytrace.models import DiscrepancyType


def test_facts_spin_unspecified_measure_made_specific() -> None:
    found = findings_of(
        "Lawmakers pressed the minister on possible measures against the company.",
        "Lawmakers pressed the minister on prospective sanctions against the company.",
    )
    assert (DiscrepancyType.MODALITY, "possible measures", "prospective sanctions") in found


def test_facts_spin_same_measure_is_silent() -> None:
    found = findings_of(
        "Lawmakers pressed the minister on sanctions against the company.",
        "Lawmakers pressed the minister on sanctions against the firm.",
    )
    assert not [f for f in found if f[0] == DiscrepancyType.MODALITY]


def test_facts_spin_bare_office_equals_its_full_form() -> None:
    found = findings_of(
        "Judge James Bodiford said he gave the maximum sentence.",
        "Superior Court Judge James Bodiford said he gave the maximum sentence.",
    )
    assert not [f for f in found if f[0] == DiscrepancyType.PERSON]


def test_facts_spin_near_negation_agrees_with_negation() -> None:
    found = findings_of(
        "Rahman barely landed a punch in the third round.",
        "Rahman didn't land a punch in the third round.",
    )
    assert not [f for f in found if f[0] == DiscrepancyType.NEGATION]


def test_facts_spin_source_name_spelled_differently_is_one_person() -> None:
    found = findings_of(
        "Wolfe said the families of the wounded men requested privacy.",
        "Ilene Wolff said the families of the wounded men requested privacy.",
    )
    assert not [f for f in found if f[0] == DiscrepancyType.ATTRIBUTION]
    assert (DiscrepancyType.PERSON, "Wolfe", "Ilene Wolff") in found


def test_facts_spin_hedge_on_the_complement_counts() -> None:
    found = findings_of(
        "The fire is being treated as suspicious.",
        "The fire is being treated as potentially suspicious.",
    )
    assert [f[0] for f in found] == [DiscrepancyType.MODALITY]
