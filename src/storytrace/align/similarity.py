"""How alike two sentences are: raw cosines, a few lexical features, a calibrated probability.

The aligner needs one number per sentence pair that means the same thing whatever the model:
"probability that these two say the same thing". Raw cosines do not mean that (e5 gives
unrelated English sentences ~0.75, MiniLM ~0.0), so :func:`paraphrase_probability` passes a
small, explainable feature vector through a logistic regression fitted per embedder on MSRP
train (``eval/paraphrase.py --fit`` writes the coefficients into ``calibration.py``).

Features, chosen by 10-fold cross-validation on MSRP train (``python -m eval.paraphrase
--ablation``; accuracy / log loss for e5-small, then MiniLM):

* ``cosine`` of the sentence embeddings: the semantic signal, the strongest alone
  (0.755 / 0.496; 0.730 / 0.541).
* ``dice`` of the normalised word sets: embeddings blur exact wording and names, word overlap
  does not (with cosine: 0.759 / 0.492; 0.742 / 0.516).
* ``length_ratio`` (shorter / longer, in words): when one side is much longer it usually says
  more, so it is less often an equivalent (all three: 0.760 / 0.483; 0.745 / 0.504).

On MSRP test the three beat a train-tuned raw-cosine threshold: e5-small 0.749 vs 0.736,
MiniLM 0.739 vs 0.720, with expected calibration error 0.04 (raw cosine read as a
probability: 0.28 and 0.12).

Tried and left out: a number-mismatch indicator (±0.1 point, within noise; and it would teach
the aligner not to pair "100,000 fled" with "120,000 fled", exactly the pair the discrepancy
stage needs to see), word-bigram Dice (+0.3 points, but with a negative weight nobody could
explain, i.e. fitted noise), containment and squared cosine (no gain).
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass, fields
from functools import lru_cache

import numpy as np

from storytrace.align import calibration
from storytrace.errors import ConfigError
from storytrace.text.normalize import words

__all__ = [
    "FEATURE_NAMES",
    "PairFeatures",
    "calibrated_embedders",
    "cosine_matrix",
    "decision_threshold",
    "lexical_overlap",
    "pair_features",
    "paraphrase_probability",
]


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """What the paraphrase score sees of a sentence pair: values in [0, 1] (cosine in [-1, 1])."""

    cosine: float  # of the two sentence embeddings
    dice: float  # 2|A∩B| / (|A|+|B|) over the sets of normalised words (numbers and names kept)
    length_ratio: float  # shorter / longer, in words; 1.0 for two empty texts

    def as_array(self) -> np.ndarray:
        """The values in FEATURE_NAMES order, as the fitted coefficients expect them."""
        return np.array(astuple(self), dtype=np.float64)


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PairFeatures))
assert FEATURE_NAMES == ("cosine", "dice", "length_ratio")  # paraphrase_probability's order


@lru_cache(maxsize=8192)
def _profile(text: str) -> tuple[frozenset[str], int]:
    """Word set and word count of a text, cached: the aligner scores each sentence many times."""
    tokens = words(text)
    return frozenset(tokens), len(tokens)


def lexical_overlap(a: str, b: str) -> float:
    """Dice coefficient of the two texts' sets of normalised words, in [0, 1].

    Tokens come from ``storytrace.text.normalize.words``: case, typographic quotes and dashes
    are folded, but numbers and names are kept whole, so "100,000 fled" vs "120,000 fled"
    scores 0.5, not 1.0. Two texts without words are identical (1.0); one empty side gives 0.0.
    """
    set_a, _ = _profile(a)
    set_b, _ = _profile(b)
    if not set_a and not set_b:
        return 1.0
    return 2.0 * len(set_a & set_b) / (len(set_a) + len(set_b))


def pair_features(a: str, b: str, cosine: float) -> PairFeatures:
    """Features of a sentence pair, given the cosine of their embeddings (computed in bulk)."""
    _, count_a = _profile(a)
    _, count_b = _profile(b)
    longer = max(count_a, count_b)
    return PairFeatures(
        cosine=float(cosine),
        dice=lexical_overlap(a, b),
        length_ratio=min(count_a, count_b) / longer if longer else 1.0,
    )


def _calibration(embedder_name: str) -> calibration.Calibration:
    try:
        fitted = calibration.CALIBRATIONS[embedder_name]
    except KeyError:
        raise ConfigError(
            f"no paraphrase calibration for embedder {embedder_name!r}; calibrated: "
            f"{', '.join(calibrated_embedders())}. Fit one with "
            f"`python -m eval.paraphrase --embedder {embedder_name} --fit`"
        ) from None
    if tuple(fitted["features"]) != FEATURE_NAMES:
        raise ConfigError(
            f"the calibration for {embedder_name!r} was fitted on features "
            f"{fitted['features']}, but the code computes {FEATURE_NAMES}; re-run "
            f"`python -m eval.paraphrase --embedder {embedder_name} --fit`"
        )
    return fitted


def calibrated_embedders() -> tuple[str, ...]:
    """Embedder names that :func:`paraphrase_probability` has coefficients for."""
    return tuple(sorted(calibration.CALIBRATIONS))


def paraphrase_probability(features: PairFeatures, embedder_name: str) -> float:
    """Calibrated P(the two sentences say the same thing), in [0, 1].

    A logistic regression on ``features`` with the coefficients fitted for ``embedder_name`` on
    MSRP train: its probabilities match observed frequencies on MSRP test (see calibration.py
    for the measured accuracy and calibration error). MSRP's notion of "same meaning" is
    strict: a pair that adds or drops a clause is often labelled "not paraphrase".
    Raises ConfigError for an embedder without a calibration.
    """
    fitted = _calibration(embedder_name)
    # Fields read directly, in FEATURE_NAMES order: dataclasses.astuple deep-copies and was
    # half the cost of aligning a large set of articles.
    w_cosine, w_dice, w_length = fitted["coefficients"]
    z = (
        fitted["intercept"]
        + w_cosine * features.cosine
        + w_dice * features.dice
        + w_length * features.length_ratio
    )
    # Numerically safe logistic: never overflows for large |z|.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def decision_threshold(embedder_name: str) -> float:
    """The probability cut that maximised accuracy on MSRP train for this embedder."""
    return _calibration(embedder_name)["threshold"]


def cosine_matrix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """All pairwise cosines between the rows of ``x`` (n, d) and ``y`` (m, d): float32 (n, m).

    Rows are re-normalised here rather than trusted, so vectors from any source (a mean of
    sentence vectors, a cached array) give true cosines; a zero row has cosine 0 with
    everything. Values are clipped to [-1, 1] against float rounding.
    """
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    if x.ndim != 2 or y.ndim != 2:
        raise ValueError(f"cosine_matrix needs 2-D arrays, got shapes {x.shape} and {y.shape}")
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"cosine_matrix: dimensions differ ({x.shape[1]} vs {y.shape[1]}); "
            "were the vectors made by different embedders?"
        )
    x_norm = np.linalg.norm(x, axis=1, keepdims=True)
    y_norm = np.linalg.norm(y, axis=1, keepdims=True)
    x = x / np.where(x_norm > 0, x_norm, 1.0)
    y = y / np.where(y_norm > 0, y_norm, 1.0)
    return np.clip(x @ y.T, -1.0, 1.0)
