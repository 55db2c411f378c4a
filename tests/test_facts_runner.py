"""The detector runner: findings outside a detector's declaration are dropped, or raise."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from conftest import make_article

from storytrace.facts import engine
from storytrace.facts.runner import STRICT_ENV, DetectorContractError, Runner, detector
from storytrace.models import (
    Discrepancy,
    DiscrepancyType,
    RemovalReason,
    RemovedBlock,
    Severity,
    Span,
    TextRef,
)

T = DiscrepancyType
IN_A = TextRef("a", Span(0, 5))
IN_B = TextRef("b", Span(0, 6))
A = make_article("Forty people were hurt on Monday.", "a.txt")
B = make_article("Thirty people were hurt on Tuesday.", "b.txt")


def finding(
    kind: DiscrepancyType = T.NUMBER,
    a: TextRef | None = IN_A,
    b: TextRef | None = IN_B,
    confidence: float = 0.8,
) -> Discrepancy:
    return Discrepancy(kind, Severity.HIGH, a, b, "40", "30", "a test finding", confidence)


def run(*found: Discrepancy, strict: bool = False, emits=(T.NUMBER,)) -> list[Discrepancy]:
    det = detector("test", emits, lambda _a, _b: list(found))
    return Runner({"a": A, "b": B}, strict=strict).run(det, None, None)


def test_a_good_finding_is_kept() -> None:
    good = finding()
    assert run(good) == [good]
    assert run(finding(a=TextRef("a", Span(0, len(A.text))), b=None))  # to the very end


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (finding(kind=T.DATE), "not one it declared"),
        (finding(confidence=1.2), "outside [0, 1]"),
        (finding(confidence=-0.1), "outside [0, 1]"),
        (finding(confidence=float("nan")), "not a number"),
        (finding(a=TextRef("a", Span(3, 3))), "not inside"),  # empty
        (finding(a=TextRef("a", Span(0, len(A.text) + 1))), "not inside"),  # past the end
        (finding(b=TextRef("b", Span(30, 60))), "not inside"),
        (finding(b=TextRef("c", Span(0, 2))), "is not one of"),
        (finding(b=TextRef("b", Span(0, 2), block=0)), "does not exist"),
        (finding(a=None, b=None), "points at no text"),
    ],
)
def test_a_bad_finding_is_dropped_with_a_warning_or_raises_when_strict(
    bad: Discrepancy, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    good = finding()
    with caplog.at_level(logging.WARNING, logger="storytrace.facts.runner"):
        assert run(good, bad, good) == [good, good]
    assert why in caplog.text and "'test'" in caplog.text
    with pytest.raises(DetectorContractError, match="test"):
        run(good, bad, strict=True)


def test_spans_in_a_removed_block_are_checked_against_the_block() -> None:
    heading = RemovedBlock(text="Forty hurt", reason=RemovalReason.HEADLINE, at=0)
    article = replace(
        make_article("Thirty people were hurt on Monday.", "a.txt"), removed=(heading,)
    )
    inside = finding(
        kind=T.INTERNAL_CONTRADICTION, a=TextRef("a", Span(0, 10), 0), b=TextRef("a", Span(0, 6))
    )
    outside = finding(
        kind=T.INTERNAL_CONTRADICTION, a=TextRef("a", Span(0, 11), 0), b=TextRef("a", Span(0, 6))
    )
    det = detector("headings", {T.INTERNAL_CONTRADICTION}, lambda _a, _b: [inside, outside])
    assert Runner({"a": article, "b": B}, strict=False).run(det, None, None) == [inside]


def test_strict_mode_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    assert Runner({"a": A}).strict
    monkeypatch.setenv(STRICT_ENV, "0")
    assert not Runner({"a": A}).strict
    monkeypatch.delenv(STRICT_ENV)
    assert not Runner({"a": A}).strict


def test_every_registered_detector_has_a_unique_name_per_list_and_declares_types() -> None:
    for registered in (
        engine.PASSAGE_DETECTORS,
        engine.LINK_DETECTORS,
        engine.ARTICLE_DETECTORS,
        (engine.ONE_SIDED_DETECTOR,),
    ):
        names = [d.name for d in registered]
        assert len(names) == len(set(names))
        assert all(d.emits and d.emits <= set(T) for d in registered)
    assert {d.name for d in engine.LINK_DETECTORS} >= engine._NEEDS_CLOSE_LINK
