"""MSRP evaluation and fitting of the calibrated paraphrase score.

    python -m eval.paraphrase [--data DIR] [--embedder e5-small|minilm|hashing] [--fit]
                              [--ablation] [--no-cache]

Embeds every MSRP sentence, fits ``paraphrase_probability``'s logistic regression on TRAIN
only, picks the accuracy-maximising probability threshold on TRAIN, and reports on TEST:
accuracy, precision, recall, F1, Brier score, log loss and expected calibration error (10
equal-width bins), next to two baselines fitted the same way (raw cosine with a train-tuned
threshold; lexical features only) and the majority class. ``--fit`` writes the coefficients
into ``src/storytrace/align/calibration.py``; ``--ablation`` prints 10-fold cross-validated
scores on TRAIN for candidate feature sets (how the features were chosen).

Embeddings are cached under ``eval/.cache/`` (a self-ignoring folder), keyed by embedder and
data; ``--no-cache`` re-embeds (and so measures throughput). MSRP is non-commercial: it is read
from the shared data folder and never copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import itertools
import json
import re
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.common import REPO, eval_dir, require
from storytrace.align import calibration
from storytrace.align.embedder import Embedder, HashingEmbedder, get_embedder
from storytrace.align.similarity import FEATURE_NAMES, pair_features
from storytrace.config import DEFAULT_SETTINGS
from storytrace.text.normalize import words

HEADER = ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]
EXPECTED_ROWS = {"train": 4076, "test": 1725}  # the published split (see msrp/README.md)
CACHE = REPO / "eval" / ".cache"
CALIBRATION_FILE = REPO / "src" / "storytrace" / "align" / "calibration.py"
RIDGE = 1e-3  # tiny L2 on the weights: only keeps IRLS stable, changes no reported digit
ECE_BINS = 10
FOLDS = 10


@dataclass(frozen=True)
class Pairs:
    labels: np.ndarray  # 1 = paraphrase
    first: list[str]
    second: list[str]


def read_split(folder: Path, split: str) -> Pairs:
    """One MSRP split; quoting off (854 train rows hold a bare '"'), BOM and CRLF handled."""
    path = require(folder / f"msr_paraphrase_{split}.txt", f"MSRP {split} file")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if [h.strip() for h in rows[0]] != HEADER:
        sys.exit(f"error: {path}: unexpected header {rows[0]}, expected {HEADER}")
    body = rows[1:]
    bad = [i + 2 for i, row in enumerate(body) if len(row) != 5 or row[0] not in ("0", "1")]
    if bad or len(body) != EXPECTED_ROWS[split]:
        sys.exit(
            f"error: {path}: {len(body)} rows (expected {EXPECTED_ROWS[split]}), "
            f"malformed lines {bad[:5]}; was it read with quoting on or altered?"
        )
    return Pairs(
        labels=np.array([int(row[0]) for row in body], dtype=np.float64),
        first=[row[3] for row in body],
        second=[row[4] for row in body],
    )


def make_embedder(name: str) -> Embedder:
    if name == "hashing":  # the unit-test double: calibrated too, so other stages' tests work
        return HashingEmbedder()
    return get_embedder(DEFAULT_SETTINGS.with_(embedder=name))


def embed_all(
    embedder: Embedder, sentences: list[str], use_cache: bool
) -> tuple[np.ndarray, float | None]:
    """Vectors for ``sentences`` and the measured rate (sentences/s; None when read from cache)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    ignore = CACHE / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# embeddings cached by eval scripts: never committed\n*\n")
    digest = hashlib.sha256("\n".join(sentences).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"msrp-{embedder.name}-{digest}.npy"
    if use_cache and path.exists():
        return np.load(path), None
    start = time.perf_counter()
    vectors = embedder.embed(sentences)
    rate = len(sentences) / (time.perf_counter() - start)
    np.save(path, vectors)
    return vectors, rate


# --- logistic regression (numpy IRLS) ----------------------------------------------------------


def fit_logistic(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE) -> tuple[float, np.ndarray]:
    """Newton/IRLS maximum likelihood with a small L2 on the weights (not the intercept)."""
    design = np.column_stack([np.ones(len(x)), x])
    w = np.zeros(design.shape[1])
    penalty = ridge * np.eye(len(w))
    penalty[0, 0] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ w)))
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, design.T @ (y - p) - penalty @ w)
        w += step
        if np.abs(step).max() < 1e-10:
            break
    return float(w[0]), w[1:]


def fit_monotone(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Logistic fit whose weights are all >= 0: more similarity never lowers the probability.

    Every feature measures likeness, so a negative weight only soaks up collinearity (the
    hashing fake's cosine is a noisy copy of its Dice). Such a feature is dropped (weight 0)
    and the rest refitted, until every weight is non-negative.
    """
    active = list(range(x.shape[1]))
    while True:
        intercept, weights = fit_logistic(x[:, active], y)
        if active and weights.min() < 0:
            del active[int(np.argmin(weights))]
            continue
        coefficients = np.zeros(x.shape[1])
        coefficients[active] = weights
        return intercept, coefficients


def predict(intercept: float, coefficients: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(intercept + x @ coefficients)))


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The accuracy-maximising cut (predict 1 when score >= cut); midpoints between scores."""
    order = np.sort(np.unique(scores))
    cuts = np.concatenate([[order[0] - 1e-9], (order[1:] + order[:-1]) / 2, [order[-1] + 1e-9]])
    accuracy = [np.mean((scores >= c) == labels) for c in cuts]
    best = np.flatnonzero(np.isclose(accuracy, np.max(accuracy)))
    return float(cuts[best[len(best) // 2]])  # middle of a plateau of equal accuracy


# --- metrics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    accuracy: float
    precision: float
    recall: float
    f1: float
    brier: float | None
    log_loss: float | None
    ece: float | None


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = ECE_BINS) -> float:
    """Mean |predicted - observed| over equal-width probability bins, weighted by bin size."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    return float(
        sum(
            abs(p[index == b].mean() - y[index == b].mean()) * np.mean(index == b)
            for b in range(bins)
            if np.any(index == b)
        )
    )


def score(decisions: np.ndarray, labels: np.ndarray, p: np.ndarray | None) -> Scores:
    tp = float(np.sum(decisions & (labels == 1)))
    precision = tp / max(decisions.sum(), 1)
    recall = tp / max((labels == 1).sum(), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if p is None:  # a rule without a probability: no calibration scores
        return Scores(float(np.mean(decisions == labels)), precision, recall, f1, None, None, None)
    p = p.astype(np.float64)  # float32 rounds 1 - 1e-12 to 1.0, and log(0) follows
    clipped = np.clip(p, 1e-12, 1 - 1e-12)
    return Scores(
        accuracy=float(np.mean(decisions == labels)),
        precision=precision,
        recall=recall,
        f1=f1,
        brier=float(np.mean((p - labels) ** 2)),
        log_loss=float(-np.mean(labels * np.log(clipped) + (1 - labels) * np.log(1 - clipped))),
        ece=expected_calibration_error(p, labels),
    )


def reliability(p: np.ndarray, y: np.ndarray, bins: int = ECE_BINS) -> list[str]:
    index = np.minimum((p * bins).astype(int), bins - 1)
    lines = ["| bin | pairs | mean predicted | observed paraphrase rate |", "|---|---|---|---|"]
    for b in range(bins):
        members = index == b
        if members.any():
            lines.append(
                f"| {b / bins:.1f}–{(b + 1) / bins:.1f} | {members.sum()} | "
                f"{p[members].mean():.3f} | {y[members].mean():.3f} |"
            )
    return lines


# --- features -----------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")


def candidate_features(a: str, b: str, cosine: float) -> dict[str, float]:
    """The package's features plus candidates that were tried and left out (for --ablation)."""
    base = pair_features(a, b, cosine)
    wa, wb = words(a), words(b)
    numbers_a = {w for w in wa if _DIGIT.search(w)}
    numbers_b = {w for w in wb if _DIGIT.search(w)}
    bigrams_a, bigrams_b = set(itertools.pairwise(wa)), set(itertools.pairwise(wb))
    set_a, set_b = set(wa), set(wb)
    return {
        **{name: getattr(base, name) for name in FEATURE_NAMES},
        "number_mismatch": float(numbers_a != numbers_b),
        "bigram_dice": 2 * len(bigrams_a & bigrams_b) / (len(bigrams_a) + len(bigrams_b))
        if bigrams_a or bigrams_b
        else 1.0,
        "containment": len(set_a & set_b) / min(len(set_a), len(set_b)) if set_a and set_b else 0.0,
        "cosine_squared": cosine**2,
    }


def feature_table(pairs: Pairs, cosines: np.ndarray) -> list[dict[str, float]]:
    triples = zip(pairs.first, pairs.second, cosines, strict=True)
    return [candidate_features(a, b, float(c)) for a, b, c in triples]


def matrix(table: list[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    return np.array([[row[name] for name in names] for row in table], dtype=np.float64)


def cross_validate(x: np.ndarray, y: np.ndarray, folds: int = FOLDS) -> tuple[float, float]:
    """Mean held-out accuracy (at p >= 0.5) and log loss over ``folds`` folds of TRAIN.

    Unconstrained fit: a candidate such as number_mismatch measures unlikeness, so it needs a
    negative weight to be judged fairly.
    """
    order = np.random.default_rng(0).permutation(len(y))
    accuracy, loss = [], []
    for held in np.array_split(order, folds):
        kept = np.setdiff1d(order, held)
        intercept, coefficients = fit_logistic(x[kept], y[kept])
        p = np.clip(predict(intercept, coefficients, x[held]), 1e-12, 1 - 1e-12)
        accuracy.append(np.mean((p >= 0.5) == y[held]))
        loss.append(-np.mean(y[held] * np.log(p) + (1 - y[held]) * np.log(1 - p)))
    return float(np.mean(accuracy)), float(np.mean(loss))


ABLATION_SETS: list[tuple[str, ...]] = [
    ("cosine",),
    ("dice",),
    ("cosine", "dice"),
    ("cosine", "dice", "length_ratio"),  # the package's set
    ("cosine", "dice", "length_ratio", "number_mismatch"),
    ("cosine", "dice", "length_ratio", "bigram_dice"),
    ("cosine", "dice", "length_ratio", "containment"),
    ("cosine", "cosine_squared", "dice", "length_ratio"),
]


# --- calibration.py writer ----------------------------------------------------------------------


def _entry_source(name: str, entry: calibration.Calibration) -> str:
    """One entry as readable, ruff-clean Python (pprint's layout is neither)."""
    fitted = textwrap.wrap(entry["fitted"], 80, drop_whitespace=False)
    fitted_source = "\n".join(f"            {json.dumps(line)}" for line in fitted)
    features = ", ".join(json.dumps(f) for f in entry["features"])
    features += "," if len(entry["features"]) == 1 else ""
    return (
        f"    {json.dumps(name)}: Calibration(\n"
        f"        features=({features}),\n"
        f"        intercept={entry['intercept']!r},\n"
        f"        coefficients={tuple(entry['coefficients'])!r},\n"
        f"        threshold={entry['threshold']!r},\n"
        f"        fitted=(\n{fitted_source}\n        ),\n"
        f"    ),\n"
    )


def write_calibration(entries: dict[str, calibration.Calibration]) -> None:
    """Rewrite calibration.py with every entry (the others kept as they were)."""
    notes = "\n".join(
        textwrap.fill(f"{name}: {entries[name]['fitted']}", 96, subsequent_indent="    ")
        for name in sorted(entries)
    )
    body = "".join(_entry_source(name, entries[name]) for name in sorted(entries))
    CALIBRATION_FILE.write_text(
        f'''"""Fitted constants for ``storytrace.align.similarity.paraphrase_probability``.

GENERATED by ``python -m eval.paraphrase --embedder NAME --fit``: re-run it, do not edit by hand.

Each entry is a logistic regression P(paraphrase) = 1 / (1 + exp(-(intercept + w . x))) over
the named features, x from ``similarity.pair_features`` (cosine of that embedder's sentence
vectors, word-set Dice, length ratio), fitted with numpy IRLS (L2 {RIDGE:g} on the weights)
on MSRP TRAIN (Microsoft Research Paraphrase Corpus, 4076 news sentence pairs; non-commercial
licence, so the data is not in this repository). Weights are kept >= 0 so that more
similarity never lowers the probability: a feature whose weight comes out negative is dropped
and the rest refitted (this zeroes the cosine of ``hashing``, the unit-test double, whose
cosine is a noisy copy of its Dice). ``threshold`` is the probability cut that maximised TRAIN
accuracy. Scores below are on MSRP TEST (1725 pairs), never used for fitting; ECE = expected
calibration error over 10 equal-width bins.

{notes}
"""

from __future__ import annotations

from typing import TypedDict


class Calibration(TypedDict):
    features: tuple[str, ...]
    intercept: float
    coefficients: tuple[float, ...]
    threshold: float
    fitted: str  # data, date and test scores of the fit


CALIBRATIONS: dict[str, Calibration] = {{
{body}}}
''',
        encoding="utf-8",
    )


# --- main ---------------------------------------------------------------------------------------


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def run(args: argparse.Namespace) -> int:
    folder = require(eval_dir(args.data) / "paraphrase" / "msrp", "MSRP data")
    train, test = read_split(folder, "train"), read_split(folder, "test")
    embedder = make_embedder(args.embedder)

    sentences = sorted(set(train.first + train.second + test.first + test.second))
    vectors, rate = embed_all(embedder, sentences, use_cache=not args.no_cache)
    row_of = {s: i for i, s in enumerate(sentences)}

    def cosines(pairs: Pairs) -> np.ndarray:
        a = vectors[[row_of[s] for s in pairs.first]]
        b = vectors[[row_of[s] for s in pairs.second]]
        return np.sum(a * b, axis=1)

    cos_train, cos_test = cosines(train), cosines(test)
    table_train, table_test = feature_table(train, cos_train), feature_table(test, cos_test)
    y_train, y_test = train.labels, test.labels

    def fitted_model(names: Sequence[str]) -> tuple[float, np.ndarray, float, np.ndarray]:
        intercept, coefficients = fit_monotone(matrix(table_train, names), y_train)
        cut = best_threshold(predict(intercept, coefficients, matrix(table_train, names)), y_train)
        p_test = predict(intercept, coefficients, matrix(table_test, names))
        return intercept, coefficients, cut, p_test

    intercept, coefficients, cut, p_test = fitted_model(FEATURE_NAMES)
    lexical = ("dice", "length_ratio")
    _, _, lex_cut, p_lex = fitted_model(lexical)
    cos_cut = best_threshold(cos_train, y_train)

    rows: list[tuple[str, str, Scores]] = [
        (
            "calibrated (" + " + ".join(FEATURE_NAMES) + ")",
            f"p ≥ {cut:.3f}",
            score(p_test >= cut, y_test, p_test),
        ),
        ("calibrated, fixed cut", "p ≥ 0.500", score(p_test >= 0.5, y_test, p_test)),
        (
            "raw cosine (as p, uncalibrated)",
            f"cos ≥ {cos_cut:.3f}",
            score(cos_test >= cos_cut, y_test, np.clip(cos_test, 0, 1)),
        ),
        (
            "lexical only (" + " + ".join(lexical) + ")",
            f"p ≥ {lex_cut:.3f}",
            score(p_lex >= lex_cut, y_test, p_lex),
        ),
        (
            "majority class (always paraphrase)",
            "–",
            score(np.ones_like(y_test, dtype=bool), y_test, None),
        ),
    ]

    speed = f"{rate:.0f} sentences/s" if rate else "embeddings read from eval/.cache"
    print(
        f"## MSRP test ({len(y_test)} pairs), embedder {embedder.name}; "
        f"fitted on train ({len(y_train)} pairs); {len(sentences)} sentences, {speed}\n"
    )
    columns = [
        "method",
        "threshold (train)",
        "accuracy",
        "precision",
        "recall",
        "F1",
        "Brier",
        "log loss",
        "ECE",
    ]
    print("| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|")
    for name, threshold, s in rows:
        print(
            f"| {name} | {threshold} | {s.accuracy:.3f} | {s.precision:.3f} | {s.recall:.3f} | "
            f"{s.f1:.3f} | {fmt(s.brier)} | {fmt(s.log_loss)} | {fmt(s.ece)} |"
        )
    print("\nReliability of the calibrated probability on test:\n")
    print("\n".join(reliability(p_test, y_test)))
    weights = ", ".join(f"{n} {w:+.3f}" for n, w in zip(FEATURE_NAMES, coefficients, strict=True))
    print(f"\nintercept {intercept:+.3f}; {weights}")

    if args.ablation:
        print(f"\n### Feature ablation: {FOLDS}-fold cross-validation on train (p ≥ 0.5)\n")
        print("| features | CV accuracy | CV log loss |\n|---|---|---|")
        for names in ABLATION_SETS:
            acc, loss = cross_validate(matrix(table_train, names), y_train)
            print(f"| {' + '.join(names)} | {acc:.3f} | {loss:.4f} |")

    if args.fit:
        best = rows[0][2]
        entries = dict(calibration.CALIBRATIONS)
        entries[embedder.name] = calibration.Calibration(
            features=FEATURE_NAMES,
            intercept=round(intercept, 6),
            coefficients=tuple(round(float(w), 6) for w in coefficients),
            threshold=round(cut, 4),
            fitted=(
                f"MSRP train, {dt.date.today().isoformat()}; test accuracy {best.accuracy:.3f}, "
                f"F1 {best.f1:.3f}, ECE {fmt(best.ece)}, Brier {fmt(best.brier)} "
                f"(raw cosine, train-tuned: accuracy {rows[2][2].accuracy:.3f})"
            ),
        )
        write_calibration(entries)
        print(f"\nwrote {CALIBRATION_FILE.relative_to(REPO)} ({embedder.name})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.paraphrase", description="MSRP evaluation of the paraphrase score"
    )
    parser.add_argument("--data", help="evaluation data folder (holding paraphrase/msrp/)")
    parser.add_argument("--embedder", default="e5-small", choices=["e5-small", "minilm", "hashing"])
    parser.add_argument("--fit", action="store_true", help="write the fit into calibration.py")
    parser.add_argument("--ablation", action="store_true", help="cross-validate feature sets")
    parser.add_argument("--no-cache", action="store_true", help="re-embed (measures throughput)")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
