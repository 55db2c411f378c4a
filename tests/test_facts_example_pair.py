"""The bundled example pair: every change the rewrite (A, examples/000) makes to the report
(B, examples/002), and nothing typed that is not one of them.

The six changes, read by hand:
1. "a group of lawmakers" becomes "a small group of senators" (GROUP);
2. Pallone's hedge "could invade" hardened to "will invade" (MODALITY);
3. a subheading that its own paragraph contradicts (INTERNAL_CONTRADICTION);
4. "One such step, according to Politico, is not renewing the waiver" put in Blinken's mouth,
   "He stated that the State Department has no plans to renew…" (ATTRIBUTION);
5. the same step, considered in B, stated as decided in A (MODALITY);
6. "possible measures" made specific as "prospective sanctions" (MODALITY).
Uses the hand-built comparison of tests/test_facts_engine.py (no extractor or aligner).
"""

from __future__ import annotations

from test_facts_engine import _resolved, example_findings

from storytrace.models import Discrepancy, DiscrepancyType


def _typed() -> list[Discrepancy]:
    return [d for d in example_findings() if d.is_changed_fact]


def _of(kind: DiscrepancyType) -> list[tuple[str, str]]:
    return [_resolved(d) for d in _typed() if d.type == kind]


def test_facts_example_pair_group_changed() -> None:
    assert ("a small group of senators", "a group of lawmakers") in _of(DiscrepancyType.GROUP)


def test_facts_example_pair_hedge_hardened() -> None:
    assert ("will invade", "could invade") in _of(DiscrepancyType.MODALITY)


def test_facts_example_pair_subheading_contradicted() -> None:
    found = _of(DiscrepancyType.INTERNAL_CONTRADICTION)
    assert [a for a, _ in found] == ["is prohibited"]


def test_facts_example_pair_attribution_moved_from_outlet_to_person() -> None:
    found = [d for d in _typed() if d.type == DiscrepancyType.ATTRIBUTION]
    assert len(found) == 1
    a, b = _resolved(found[0])
    assert a.startswith("stated") and "renew" in a
    assert "according to Politico" in b and "renewing" in b
    assert "Politico" in found[0].explanation


def test_facts_example_pair_considered_step_stated_as_decided() -> None:
    found = [
        (a, b)
        for a, b in _of(DiscrepancyType.MODALITY)
        if "renew" in a and "step" in b and "renewing" in b
    ]
    assert ("plans to renew", "step, according to Politico, is not renewing") in found


def test_facts_example_pair_possible_measures_made_specific() -> None:
    assert ("prospective sanctions", "possible measures") in _of(DiscrepancyType.MODALITY)


def test_facts_example_pair_nothing_typed_beyond_the_six_changes() -> None:
    expected_words = (
        "senators",
        "will invade",
        "is prohibited",
        "renew",
        "sanctions",
    )
    for d in _typed():
        a, _ = _resolved(d)
        assert any(word in a for word in expected_words), d
    assert len(_typed()) <= 7  # the six, and the decided step's second wording ("decision not to")
