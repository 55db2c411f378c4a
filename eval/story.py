"""Calibrate and score the same-story verdict's document-similarity probability.

Data: the Zyte extraction benchmark's ground-truth article bodies (real news, 126 outlets).
Each article is cut at the paragraph boundary nearest its middle. Positives: the two halves of
one article — the same story in different sentences, which is what two newsrooms writing the
same story look like to a document embedding. Negatives: halves of two different articles.
Articles are split 50/50 into a fitting and a test half by id; the logistic is fitted on the
first, accuracy / AUC / Brier score reported on the second.

    python -m eval.story [--data DIR] [--embedder e5-small] [--fit]

``--fit`` prints the (intercept, slope) to paste into ``storytrace.align.story``.
"""

from __future__ import annotations

import argparse
import json
import random

import numpy as np

from eval.common import eval_dir, require
from storytrace.align.embedder import get_embedder
from storytrace.config import DEFAULT_SETTINGS
from storytrace.text.segment import sentences


def halves(body: str) -> tuple[str, str] | None:
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) < 4:
        return None
    total = sum(len(p) for p in paragraphs)
    running, cut = 0, 1
    for index, paragraph in enumerate(paragraphs):
        running += len(paragraph)
        if running >= total / 2:
            cut = max(1, min(index + 1, len(paragraphs) - 1))
            break
    return "\n\n".join(paragraphs[:cut]), "\n\n".join(paragraphs[cut:])


def document_vector(text: str, embedder) -> np.ndarray:
    spans = sentences(text)[:60]  # long bodies: the first 60 sentences carry the story
    vectors = embedder.embed([s.of(text) for s in spans])
    mean = vectors.mean(axis=0)
    return mean / np.linalg.norm(mean)


def fit_logistic(x: np.ndarray, y: np.ndarray, steps: int = 20000) -> tuple[float, float]:
    """One-feature logistic regression by Newton's method (no sklearn needed)."""
    w = np.zeros(2)
    design = np.stack([np.ones_like(x), x], axis=1)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - y)
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return float(w[0]), float(w[1])


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pairs(vectors: dict[str, tuple[np.ndarray, np.ndarray]], rng: random.Random):
    ids = sorted(vectors)
    xs, ys = [], []
    for key in ids:
        first, second = vectors[key]
        xs.append(float(first @ second))
        ys.append(1)
        other = rng.choice([k for k in ids if k != key])
        xs.append(float(first @ vectors[other][1]))
        ys.append(0)
    return np.array(xs), np.array(ys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default ../shared/eval)")
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    truth_path = require(eval_dir(args.data) / "extraction/zyte/ground-truth.json", "Zyte data")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    embedder = get_embedder(DEFAULT_SETTINGS.with_(embedder=args.embedder))
    vectors = {}
    for key, item in sorted(truth.items()):
        split = halves(item["articleBody"])
        if split:
            vectors[key] = (
                document_vector(split[0], embedder),
                document_vector(split[1], embedder),
            )
    keys = sorted(vectors)
    fit_keys, test_keys = keys[::2], keys[1::2]
    rng = random.Random(13)
    x_fit, y_fit = pairs({k: vectors[k] for k in fit_keys}, rng)
    x_test, y_test = pairs({k: vectors[k] for k in test_keys}, rng)
    intercept, slope = fit_logistic(x_fit, y_fit)
    p_test = 1 / (1 + np.exp(-(intercept + slope * x_test)))
    accuracy = float(((p_test >= 0.5) == (y_test == 1)).mean())
    brier = float(((p_test - y_test) ** 2).mean())
    print("| embedder | articles | test pairs | accuracy | AUC | Brier |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {args.embedder} | {len(keys)} | {len(x_test)} | {accuracy:.3f} | "
        f"{auc(p_test, y_test):.3f} | {brier:.3f} |"
    )
    print(
        f"cosine: same-story halves mean {x_test[y_test == 1].mean():.3f}, "
        f"different articles mean {x_test[y_test == 0].mean():.3f}"
    )
    if args.fit:
        print(f'fitted: "{args.embedder}": ({intercept:.2f}, {slope:.2f}),')


if __name__ == "__main__":
    main()
