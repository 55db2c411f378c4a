"""The same-story model: one calibrated probability from the signals of ``signals``.

One logistic regression per embedder (the embedders' cosines live in different bands: e5-small
puts unrelated articles at ~0.9, so no cosine threshold transfers between them), over

    document cosine, best-matching-sentence similarity, rare-word (background IDF) cosine,
    shared names (aliases normalised), shared numbers.

A second, embedding-only logistic is used when the two texts share no words at all (a
translation): the lexical signals are then zero for a reason that says nothing about the
story, and the multilingual embedding is the only evidence.

The coefficients are fitted by ``python -m eval.story --fit`` on REAL articles by different
newsrooms: ECB+ topics 1-24 (same event vs a similar other event of the same topic) plus pairs
of unrelated Zyte benchmark pages; ``python -m eval.story`` scores them on topics 25-35.
``compare``, ``trace`` and corpus ``cluster`` all decide with this model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from storytrace.align.signals import StorySignals

__all__ = [
    "CORPUS_EMBEDDING_FEATURES",
    "CORPUS_FEATURES",
    "EMBEDDING_FEATURES",
    "FEATURES",
    "StoryModel",
    "StorySignals",
    "feature_vector",
    "model",
]

# The cosine of the mean sentence vectors adds nothing beside the best-matching sentences once
# the lexical signals are in (its fitted weight came out negative: collinear), so it is left
# out. The cosine of one embedding of each WHOLE text (``text_cosine``, the model reading the
# document in one pass) is another signal: alone AUC 0.871 on the held-out topics (mean vectors
# 0.707, TF-IDF 0.837); in the full model +0.004 AUC, in the embedding-only half +0.025.
FEATURES = ("sentence_match", "rare_words", "shared_names", "shared_numbers", "text_cosine")
EMBEDDING_FEATURES = ("text_cosine", "sentence_match")
# Corpus mode has no per-pair text pass: names are not read there, and the sentence signal is
# the aligned share of ``corpus.verify`` (share of sentences whose best counterpart reaches
# ``CorpusSettings.sentence_cosine``), computed on the corpus embedder's int8 vectors.
CORPUS_FEATURES = ("aligned_share", "rare_words", "shared_numbers")
CORPUS_EMBEDDING_FEATURES = ("document_cosine", "aligned_share")

Values = Mapping[str, Any]  # feature name -> float, or a numpy array of them


_SIGNALS = (
    "document_cosine",
    "sentence_match",
    "rare_words",
    "shared_names",
    "shared_numbers",
    "text_cosine",
)


def values_of(s: StorySignals) -> dict[str, float]:
    return {name: float(getattr(s, name)) for name in _SIGNALS}


def feature_vector(s: StorySignals, names: tuple[str, ...] = FEATURES) -> tuple[float, ...]:
    """The model's inputs, in ``names`` order."""
    return tuple(float(getattr(s, name)) for name in names)


@dataclass(frozen=True, slots=True)
class StoryModel:
    """Two logistic regressions: all features, and the embedding features alone."""

    features: tuple[str, ...]
    intercept: float
    coefficients: tuple[float, ...]
    embedding_features: tuple[str, ...]
    embedding_intercept: float
    embedding_coefficients: tuple[float, ...]
    fitted: str  # data and held-out scores of the fit

    def probability(self, values: Values | StorySignals, *, embedding_only: bool = False) -> Any:
        """P(same story); a float for floats, an array for arrays (one call for many pairs)."""
        if isinstance(values, StorySignals):
            values = values_of(values)
        if embedding_only:
            names, intercept, weights = (
                self.embedding_features,
                self.embedding_intercept,
                self.embedding_coefficients,
            )
        else:
            names, intercept, weights = self.features, self.intercept, self.coefficients
        z: Any = np.float64(intercept)
        for name, weight in zip(names, weights, strict=True):
            z = z + weight * np.asarray(values[name], dtype=np.float64)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return float(p) if np.ndim(p) == 0 else p


# Fitted by `python -m eval.story --fit` (see the module docstring for the data); the score
# each model reaches on the held-out topics is in README, "Same-story verdict".
MODELS: dict[str, StoryModel] = {
    "e5-small": StoryModel(
        features=FEATURES,
        intercept=-45.6884,
        coefficients=(32.7107, 4.8235, 3.5335, 2.2699, 15.8113),
        embedding_features=EMBEDDING_FEATURES,
        embedding_intercept=-80.5715,
        embedding_coefficients=(35.3659, 56.6225),
        fitted=(
            "ECB+ topics 1-24 (5,972 pairs) + 780 unrelated Zyte pairs, e5-small with the "
            "whole-text cosine, 2026-12-04; held-out topics 25-35: AUC 0.934, accuracy 0.843, "
            "ECE 0.050"
        ),
    ),
    # The unit-test double (``HashingEmbedder``) and any embedder without a fit: the lexical
    # signals alone, fitted on the same data (held-out topics 25-35: AUC 0.910, accuracy
    # 0.811); its embedding-only half is set by hand (the double's cosines mean nothing).
    "lexical": StoryModel(
        features=("rare_words", "shared_names", "shared_numbers"),
        intercept=-6.18,
        coefficients=(12.99, 4.34, 2.41),
        embedding_features=("document_cosine",),
        embedding_intercept=-4.0,
        embedding_coefficients=(10.0,),
        fitted="ECB+ topics 1-24 + 780 unrelated Zyte pairs, lexical signals only, 2026-12-04",
    ),
}


# Corpus mode: the same model form on ``CORPUS_FEATURES``, one per corpus embedder (fitted by
# `python -m eval.story --fit-corpus` on the same data, with the corpus's own signals).
CORPUS_MODELS: dict[str, StoryModel] = {
    "wordllama": StoryModel(
        features=CORPUS_FEATURES,
        intercept=-6.1845,
        coefficients=(4.6702, 18.4676, 2.7358),
        embedding_features=CORPUS_EMBEDDING_FEATURES,
        embedding_intercept=-5.2440,
        embedding_coefficients=(8.0133, 18.5389),
        fitted=(
            "ECB+ topics 1-24 (5,972 pairs) + 780 unrelated Zyte pairs, corpus signals "
            "(wordllama 128 dims), 2026-12-04"
        ),
    ),
}


def corpus_model(embedder_name: str) -> StoryModel:
    """The corpus model of a corpus embedder; transformer embedders use wordllama's until
    fitted (their cosines are higher, so it errs toward joining)."""
    return CORPUS_MODELS.get(embedder_name, CORPUS_MODELS["wordllama"])


def model(embedder_name: str) -> StoryModel:
    """The fitted model of an embedder; others (the test double) get the lexical model."""
    return MODELS.get(embedder_name, MODELS["lexical"])
