"""Confidence that means something: each type's detector confidence scaled by how often that
type was right on real labelled pairs, and the headline ordered by confidence × severity.

``FIT_COUNTS`` is (right, typed findings) per type on the fit topics (ECB+ topics 1-12) of
eval/labels/ecbplus_differences.json, as printed by ``python -m eval.real_discrepancies`` (fit
split) with this engine. The prior is the smoothed precision (right + 1) / (findings + 2): 0.5
for a type with no evidence either way, lower for a type that fired wrongly on real pairs. The
calibrated confidence is the detector's own confidence times prior / 0.5, so a type without
evidence keeps its confidence and one that misfired on the fit topics loses some. The fit
topics are small (24 pairs, 4 typed findings): the priors are coarse, and are re-measured with
the eval whenever a detector changes.
"""

from __future__ import annotations

from dataclasses import replace

from storytrace.models import Discrepancy, DiscrepancyType, Severity

FIT_COUNTS: dict[DiscrepancyType, tuple[int, int]] = {
    DiscrepancyType.NUMBER: (0, 1),
    DiscrepancyType.DATE: (0, 1),
    DiscrepancyType.MODALITY: (0, 1),
    DiscrepancyType.PERSON: (0, 1),
}
_UNINFORMED = 0.5
# How much a finding of each severity weighs in the headline order: a changed toll or date
# outranks a softened hedge of the same confidence, but a sure hedge outranks a doubtful toll.
SEVERITY_WEIGHT: dict[Severity, float] = {
    Severity.HIGH: 1.0,
    Severity.MEDIUM: 0.7,
    Severity.LOW: 0.4,
}


def prior(kind: DiscrepancyType) -> float:
    """Smoothed precision of the type on the fit topics."""
    right, total = FIT_COUNTS.get(kind, (0, 0))
    return (right + 1) / (total + 2)


def calibrated(finding: Discrepancy) -> Discrepancy:
    """The finding with its confidence scaled by its type's prior."""
    scaled = min(1.0, finding.confidence * prior(finding.type) / _UNINFORMED)
    return replace(finding, confidence=round(scaled, 3))


def headline_score(finding: Discrepancy) -> float:
    """What the headline list is ordered by: calibrated confidence × severity weight."""
    return finding.confidence * SEVERITY_WEIGHT[finding.severity]
