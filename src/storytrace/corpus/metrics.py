"""Clustering quality against true labels: adjusted Rand index and pairwise precision/recall.

Computed from the contingency table (no pair enumeration), so 100k articles take milliseconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quality:
    ari: float
    precision: float  # of predicted same-story pairs, the share truly same-story
    recall: float  # of true same-story pairs, the share predicted
    clusters: int
    stories: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def quality(truth: Sequence[Hashable], predicted: Sequence[Hashable]) -> Quality:
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} true labels but {len(predicted)} predicted")
    joint = Counter(zip(truth, predicted, strict=True))
    true_sizes, predicted_sizes = Counter(truth), Counter(predicted)
    both = sum(_pairs(c) for c in joint.values())
    true_pairs = sum(_pairs(c) for c in true_sizes.values())
    predicted_pairs = sum(_pairs(c) for c in predicted_sizes.values())
    total = _pairs(len(truth))
    expected = true_pairs * predicted_pairs / total if total else 0.0
    maximum = (true_pairs + predicted_pairs) / 2
    ari = 1.0 if maximum == expected else (both - expected) / (maximum - expected)
    return Quality(
        ari=ari,
        precision=both / predicted_pairs if predicted_pairs else 1.0,
        recall=both / true_pairs if true_pairs else 1.0,
        clusters=len(predicted_sizes),
        stories=len(true_sizes),
    )


def join_rate(
    truth: Sequence[str], predicted: Sequence[str], variants: Sequence[str], kind: str
) -> float:
    """Share of ``kind`` articles placed in the cluster holding most of their story's originals.

    "Paraphrases join their story": the cluster of the story's original article is its cluster.
    """
    original_cluster = {
        t: p for t, p, v in zip(truth, predicted, variants, strict=True) if v == "original"
    }
    hits = total = 0
    for t, p, v in zip(truth, predicted, variants, strict=True):
        if v == kind and t in original_cluster:
            total += 1
            hits += p == original_cluster[t]
    return hits / total if total else 1.0
