"""Modality and negation: graded certainty and polarity of paired predicates."""

from __future__ import annotations

import pytest
from test_facts_engine import findings_of

from storytrace.facts.modality import certainty
from storytrace.facts.polarity import polarity
from storytrace.language.nlp import load_nlp
from storytrace.models import DiscrepancyType

T = DiscrepancyType


def token(text: str, word: str):
    return next(t for t in load_nlp()(text) if t.text == word)


@pytest.mark.parametrize(
    ("text", "word", "negative"),
    [
        ("The State Department declined to comment on the call.", "comment", True),
        ("Two people confirmed it but did not provide details.", "provide", True),
        ("He said the department has no plans to renew the waiver.", "renew", True),
        ("They left without providing details.", "providing", True),
        (
            "Since 2002 the US has provided the waiver, allowing it to avoid a clause of the Act "
            "that prohibits the US from giving military support.",
            "prohibits",
            True,
        ),
        ("The State Department commented on the call.", "commented", False),
        ("He did not say that the troops withdrew.", "withdrew", False),
    ],
)
def test_facts_claims_polarity(text: str, word: str, negative: bool) -> None:
    assert polarity(token(text, word)).negative is negative


@pytest.mark.parametrize(
    ("text", "word", "level"),
    [
        ("He is concerned that Azerbaijan will invade shortly.", "invade", 1.0),
        ("He is worried Azerbaijan could invade soon.", "invade", 0.5),
        ("The department is tracking the possibility that Azerbaijan could invade.", "invade", 0.5),
        ("The government is considering imposing sanctions.", "imposing", 0.5),
        ("The government has decided to impose sanctions.", "impose", 1.0),
        ("It reacted to an alleged drone strike.", "strike", 0.6),
        ("Azerbaijan invaded Armenia.", "invaded", 1.0),
    ],
)
def test_facts_claims_certainty(text: str, word: str, level: float) -> None:
    assert certainty(token(text, word)).level == pytest.approx(level)


def test_facts_claims_hardened_hedge() -> None:
    found = findings_of(
        "After the briefing, Pallone stated publicly that he is concerned that Azerbaijan will "
        "invade shortly.",
        "Since the briefing, Pallone has said publicly that he is worried Azerbaijan could "
        "invade soon.",
    )
    assert found == [(T.MODALITY, "will invade", "could invade")]


def test_facts_claims_same_hedge_in_other_words_is_silent() -> None:
    assert (
        findings_of(
            "His department is monitoring the prospect that Azerbaijan may soon invade Armenia.",
            "The State Department is tracking the possibility that Azerbaijan could soon invade "
            "Armenia.",
        )
        == []
    )


def test_facts_claims_hedged_noun() -> None:
    found = findings_of(
        "Lawmakers pressed Blinken on possible measures against Aliyev.",
        "Lawmakers pressed Blinken on sanctions against Aliyev.",
    )
    assert found == [(T.MODALITY, "possible measures", "sanctions")]


def test_facts_claims_considering_vs_decided() -> None:
    found = findings_of(
        "The European Union is considering imposing sanctions on the company.",
        "The European Union has decided to impose sanctions on the company.",
    )
    assert [f[0] for f in found] == [T.MODALITY]


def test_facts_claims_declined_to_comment_vs_commented() -> None:
    found = findings_of(
        "In a statement, the State Department declined to comment on the call.",
        "In a statement, the State Department commented on the call.",
    )
    assert found == [(T.NEGATION, "declined to comment", "commented")]


def test_facts_claims_did_not_provide_details() -> None:
    found = findings_of(
        "Two more people confirmed the briefing but did not provide details.",
        "Two more people confirmed the briefing and provided details.",
    )
    assert found == [(T.NEGATION, "did not provide", "provided")]
