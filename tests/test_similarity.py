"""Similarity: cosine matrix, lexical overlap, features and the calibrated probability."""

from __future__ import annotations

import re

import numpy as np
import pytest

from storytrace.align import calibration
from storytrace.align.similarity import (
    FEATURE_NAMES,
    PairFeatures,
    calibrated_embedders,
    cosine_matrix,
    decision_threshold,
    lexical_overlap,
    pair_features,
    paraphrase_probability,
)
from storytrace.errors import ConfigError


def test_similarity_cosine_matrix_values_and_shape() -> None:
    x = np.array([[1.0, 0.0], [0.0, 2.0]], dtype=np.float32)  # second row not unit length
    y = np.array([[1.0, 1.0], [3.0, 0.0], [0.0, -1.0]], dtype=np.float32)
    got = cosine_matrix(x, y)
    assert got.shape == (2, 3)
    assert got.dtype == np.float32
    expected = [[2**-0.5, 1.0, 0.0], [2**-0.5, 0.0, -1.0]]
    np.testing.assert_allclose(got, expected, atol=1e-6)


def test_similarity_cosine_matrix_zero_rows_and_empty() -> None:
    x = np.zeros((1, 3), dtype=np.float32)
    np.testing.assert_array_equal(cosine_matrix(x, np.ones((2, 3))), [[0.0, 0.0]])
    assert cosine_matrix(np.zeros((0, 3)), np.ones((2, 3))).shape == (0, 2)


def test_similarity_cosine_matrix_rejects_mismatched_dimensions() -> None:
    with pytest.raises(ValueError, match="different embedders"):
        cosine_matrix(np.ones((1, 3)), np.ones((1, 4)))


def test_similarity_lexical_overlap_keeps_numbers() -> None:
    assert lexical_overlap("100,000 fled", "120,000 fled") == pytest.approx(0.5)
    assert lexical_overlap("100,000 fled", "100,000 fled") == 1.0


def test_similarity_lexical_overlap_normalises_case_and_quotes() -> None:
    assert lexical_overlap("Putin’s “plan”", 'putin\'s "PLAN"') == 1.0


def test_similarity_lexical_overlap_keeps_names() -> None:
    assert lexical_overlap("Scholz met Macron", "Scholz met Meloni") < 1.0


def test_similarity_lexical_overlap_empty_sides() -> None:
    assert lexical_overlap("", "") == 1.0
    assert lexical_overlap("", "words") == 0.0


def test_similarity_pair_features() -> None:
    features = pair_features("one two three four", "one two", 0.8)
    assert features == PairFeatures(cosine=0.8, dice=pytest.approx(2 * 2 / 6), length_ratio=0.5)
    assert tuple(features.as_array()) == pytest.approx((0.8, 2 / 3, 0.5))
    assert FEATURE_NAMES == ("cosine", "dice", "length_ratio")


@pytest.mark.parametrize("name", calibrated_embedders())
def test_similarity_probability_in_unit_interval_and_monotone_in_cosine(name: str) -> None:
    cosines = np.linspace(-1.0, 1.0, 41)
    for dice in (0.0, 0.5, 1.0):
        probabilities = [paraphrase_probability(PairFeatures(c, dice, 0.8), name) for c in cosines]
        assert all(0.0 <= p <= 1.0 for p in probabilities)
        steps = np.diff(probabilities)
        assert np.all(steps >= 0.0)  # more similarity never lowers the probability
        if calibration.CALIBRATIONS[name]["coefficients"][0] > 0:
            # strictly rising (the hashing fake's cosine duplicates its Dice: weight 0)
            assert np.all(steps[(cosines[1:] > 0.0) & (cosines[1:] < 0.95)] > 0.0)


def test_similarity_real_embedders_are_calibrated() -> None:
    assert {"e5-small", "minilm", "hashing"} <= set(calibrated_embedders())
    for name in calibrated_embedders():
        assert calibration.CALIBRATIONS[name]["features"] == FEATURE_NAMES
        assert 0.0 < decision_threshold(name) < 1.0


def test_similarity_probability_extreme_logits_do_not_overflow() -> None:
    assert paraphrase_probability(PairFeatures(1e6, 1.0, 1.0), "e5-small") == 1.0
    assert paraphrase_probability(PairFeatures(-1e6, 0.0, 0.0), "e5-small") == 0.0


def test_similarity_probability_unknown_embedder_says_how_to_fit() -> None:
    with pytest.raises(ConfigError, match=re.escape("eval.paraphrase --embedder nope --fit")):
        paraphrase_probability(PairFeatures(0.9, 0.5, 1.0), "nope")
