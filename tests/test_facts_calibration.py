"""Per-type confidence priors and the headline order."""

from __future__ import annotations

from storytrace.facts.calibration import FIT_COUNTS, calibrated, headline_score, prior
from storytrace.models import Discrepancy, DiscrepancyType, Severity, Span, TextRef


def _finding(kind: DiscrepancyType, severity: Severity, confidence: float) -> Discrepancy:
    ref = TextRef("a", Span(0, 1))
    return Discrepancy(kind, severity, ref, TextRef("b", Span(0, 1)), "1", "2", "x.", confidence)


def test_facts_calibration_prior_is_smoothed_precision() -> None:
    for kind, (right, total) in FIT_COUNTS.items():
        assert prior(kind) == (right + 1) / (total + 2)
    assert prior(DiscrepancyType.QUOTATION) == 0.5 or DiscrepancyType.QUOTATION in FIT_COUNTS


def test_facts_calibration_keeps_confidence_in_range() -> None:
    for kind in DiscrepancyType:
        for confidence in (0.0, 0.3, 1.0):
            value = calibrated(_finding(kind, Severity.HIGH, confidence)).confidence
            assert 0.0 <= value <= 1.0


def test_facts_calibration_headline_weighs_severity() -> None:
    high = _finding(DiscrepancyType.NUMBER, Severity.HIGH, 0.6)
    medium = _finding(DiscrepancyType.MODALITY, Severity.MEDIUM, 0.6)
    assert headline_score(high) > headline_score(medium)
    sure_medium = _finding(DiscrepancyType.MODALITY, Severity.MEDIUM, 0.95)
    doubtful_high = _finding(DiscrepancyType.NUMBER, Severity.HIGH, 0.5)
    assert headline_score(sure_medium) > headline_score(doubtful_high)
