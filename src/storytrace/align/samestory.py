"""The same-story model: ONE calibrated probability, used by ``compare``, ``trace`` and ``cluster``.

A logistic regression over signals that survive a rewrite by another newsroom, every one
computed by ``storytrace.corpus.wordweights`` and ``storytrace.corpus.features`` from the two
texts alone, the same way in both modes (so ``compare`` and ``cluster`` cannot disagree):

    rare_words      cosine of the words weighted (1 + log tf) * background idf**2
    lead            the same over the first three sentences (who, what, where)
    shared_names    idf-weighted Jaccard of the capitalised rare words (people, places, orgs)
    shared_numbers  Jaccard of the numbers written
    document_cosine cosine of the articles' static word-vector sums (wordllama, 128 dims)
    word_count      log(1 + the shorter side's word count): long articles share more by chance
    lead_names      shared_names over the names of the two leads (who and where the event is)
    time_conflict   how many of year, weekday, month both articles write and never agree on
                    (0-3): a similar other event of the same kind usually happened another day

No transformer embedding enters the decision: the verdict costs milliseconds, not the seconds
a whole-text e5 pass took, and the corpus computes exactly the same inputs for every
candidate pair. ``decide`` is the one cut both modes apply.

The coefficients are fitted by ``python -m eval.story --fit`` on REAL articles by different
newsrooms: ECB+ topics 1-24 (same event vs a similar other event of the same topic) plus pairs
of unrelated Zyte benchmark pages; ``python -m eval.story`` scores them on topics 25-35.

Two smaller halves cover inputs the lexical signals cannot judge: ``MODEL.embedding_*`` (the
document cosine alone, fitted on the same data) for corpus rows without lexical evidence, and
``TRANSLATION`` for ``compare`` when the texts share no words (a translation): the multilingual
sentence embedding of ``compare`` is then the only evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from storytrace.align.signals import StorySignals

__all__ = [
    "EMBEDDING_FEATURES",
    "FEATURES",
    "MODEL",
    "TRANSLATION",
    "StoryModel",
    "StorySignals",
    "decide",
    "feature_vector",
    "model",
]

FEATURES = (
    "rare_words",
    "lead",
    "shared_names",
    "shared_numbers",
    "document_cosine",
    "word_count",
    "lead_names",
    "time_conflict",
)
EMBEDDING_FEATURES = ("document_cosine",)
# The cut both modes apply (``Settings.same_story_threshold`` and
# ``CorpusSettings.same_story_probability`` default to it).
THRESHOLD = 0.5

Values = Mapping[str, Any]  # feature name -> float, or a numpy array of them


def values_of(s: StorySignals) -> dict[str, float]:
    return {name: float(getattr(s, name)) for name in (*FEATURES, "sentence_match")}


def feature_vector(s: StorySignals, names: tuple[str, ...] = FEATURES) -> tuple[float, ...]:
    """The model's inputs, in ``names`` order."""
    return tuple(float(getattr(s, name)) for name in names)


@dataclass(frozen=True, slots=True)
class StoryModel:
    """Logistic regressions: all features, and the embedding features alone (P(same story));
    and a graded one over all features (``similarity``)."""

    features: tuple[str, ...]
    intercept: float
    coefficients: tuple[float, ...]
    embedding_features: tuple[str, ...]
    embedding_intercept: float
    embedding_coefficients: tuple[float, ...]
    fitted: str  # data and held-out scores of the fit
    # ``similarity``: the same features fitted to a graded target (1 same event, 0.5 a similar
    # other event, 0 unrelated); empty: ``similarity`` is the probability
    graded_intercept: float = 0.0
    graded_coefficients: tuple[float, ...] = ()

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

    def similarity(self, values: Values | StorySignals) -> Any:
        """How alike two articles are, graded: ~1 the same event, ~0.5 a similar other event of
        the same kind (two earthquakes), ~0 unrelated. The probability says only "same story or
        not" and is near 0 for both kinds of "not"; this tracks a human's graded judgement
        (``document_similarity`` of ``compare``)."""
        if not self.graded_coefficients:
            return self.probability(values)
        if isinstance(values, StorySignals):
            values = values_of(values)
        z: Any = np.float64(self.graded_intercept)
        for name, weight in zip(self.features, self.graded_coefficients, strict=True):
            z = z + weight * np.asarray(values[name], dtype=np.float64)
        g = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return float(g) if np.ndim(g) == 0 else g

    def contributions(self, values: Values | StorySignals) -> dict[str, float]:
        """Each feature's share of the log-odds (coefficient * value): what the verdict rests on."""
        if isinstance(values, StorySignals):
            values = values_of(values)
        return {
            name: float(weight * float(values[name]))
            for name, weight in zip(self.features, self.coefficients, strict=True)
        }


# Fitted by `python -m eval.story --fit` (see the module docstring for the data); the scores
# it reaches on the held-out topics are in README, "Same-story verdict".
MODEL = StoryModel(
    features=FEATURES,
    intercept=-3.2305,
    coefficients=(5.9579, 1.3377, 7.9333, 11.8116, 1.0875, -0.3384, 5.3498, -0.8268),
    embedding_features=EMBEDDING_FEATURES,
    embedding_intercept=-5.4265,
    embedding_coefficients=(8.4745,),
    fitted=(
        "ECB+ topics 1-24 (5,972 pairs) + 780 unrelated Zyte pairs, 2026-12-05; held-out "
        "topics 25-35: AUC 0.933, accuracy 0.854, ECE 0.037"
    ),
    graded_intercept=0.7526,
    graded_coefficients=(0.6012, 2.5927, 3.8628, 6.3925, 4.6455, -0.8416, 0.8816, 0.0507),
)

# ``compare`` on two texts that share no words (a translation): the multilingual sentence
# embedding's best-matching-sentence similarity alone. Set by hand, NOT fitted (no translated
# pairs here): P = 0.5 at a mean best-sentence cosine of 0.87.
TRANSLATION = StoryModel(
    features=("sentence_match",),
    intercept=-40.0,
    coefficients=(46.0,),
    embedding_features=("sentence_match",),
    embedding_intercept=-40.0,
    embedding_coefficients=(46.0,),
    fitted="set by hand (no translated pairs to fit on): P = 0.5 at sentence match 0.87",
)


def decide(probability: Any, threshold: float = THRESHOLD) -> Any:
    """Same story or not: the one cut ``compare``, ``trace`` and ``cluster`` apply."""
    return (
        np.asarray(probability) >= threshold if np.ndim(probability) else probability >= threshold
    )


def model(embedder_name: str | None = None) -> StoryModel:
    """The same-story model. One for every embedder: no input of the decision comes from the
    embedder ``compare`` aligns with (the argument is kept for callers that pass it)."""
    return MODEL
