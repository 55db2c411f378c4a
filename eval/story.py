"""Fit and score the same-story model on real articles by different newsrooms.

Data (never copied into the repository):

* **ECB+ topics 1-35** (``ecbplus/``): 772 real articles, each topic about two similar but
  different events. Pairs of one sub-topic are the same event (positives); pairs across the two
  sub-topics of a topic are a similar other event (hard negatives). Split BY TOPIC: the model
  is fitted on topics 1-24 and scored on topics 25-35 (the official test topics 36-45 are not
  here and are measured at review).
* **Zyte ground-truth bodies** (``extraction/zyte/``): the first 80 of 181 real articles from
  126 outlets, all about different things: every pair across two pages is unrelated (easy
  negatives, so that a model tuned on hard negatives still says "unrelated" loudly to plain
  unrelated pairs). Pages are split by position: even pages fit, odd pages check.

The model's inputs are computed by the code ``compare`` and ``cluster`` run
(``storytrace.corpus.verify.text_values``: every text through ``featurize`` in one batch), so no
embedding cache is needed and a full run takes seconds. Baselines in the same run: a TF-IDF
cosine of the two texts (IDF from all ECB+ articles: an in-domain IDF the baseline gets for
free) and each of the model's signals alone.

"r (graded)" is a stand-in for the Pearson correlation with human same-story scores (not
available here): the score against a graded label, 1 for the same event, 0.5 for a similar
other event of the same topic, 0 for an unrelated Zyte pair, over the held-out pairs of both.
The model's graded similarity (``samestory.MODEL.similarity``, ``StoryMatch.document_similarity``)
is fitted to that graded label by ``--fit``; its r has a floor of its own.

    python -m eval.story                 # report on held-out topics; exit 1 below the floors
    python -m eval.story --fit           # refit and print the coefficients for samestory.py
    python -m eval.story --sample        # the small fixed sample the CI gate runs (< 60 s)
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from eval.common import eval_dir, load_example_pair, require
from storytrace.align import samestory
from storytrace.config import DEFAULT_SETTINGS
from storytrace.corpus.verify import text_values
from storytrace.text.normalize import words

FIT_TOPICS = range(1, 25)
CHECK_TOPICS = range(25, 36)
# Regression floors on the held-out topics, just under what the model measures (AUC 0.933,
# accuracy 0.854 on 2026-12-05). Issue 12's targets (AUC >= 0.96, accuracy >= 0.9) are NOT
# met on these topics (see README, "Same-story verdict"); the TF-IDF baseline gets 0.837 / 0.724.
FLOOR_AUC = 0.92
FLOOR_ACCURACY = 0.83
FLOOR_UNRELATED = 0.99
# The graded similarity's r against 1 / 0.5 / 0 (held-out: 0.873; the sample: 0.952).
FLOOR_GRADED_R = 0.86
SAMPLE_FLOOR_GRADED_R = 0.9
# The CI sample: a few held-out topics and a few Zyte pages, plus the example pair.
SAMPLE_TOPICS = (26, 31)
SAMPLE_DOCS_PER_SUBTOPIC = 3
SAMPLE_ZYTE = 8
SAMPLE_FLOOR_AUC = 0.97  # measured 1.000 (30 ECB+ pairs, 28 Zyte pairs)
SAMPLE_FLOOR_ACCURACY = 0.9  # measured 0.933: one more wrong pair of 30 still passes
# The first 80 Zyte pages (sorted by id): 3,160 unrelated pairs.
ZYTE_PAGES = 80
# The signals shown alone beside the model (AUC, and accuracy at the cut best on topics 1-24).
SIGNALS = samestory.FEATURES


# --- data ----------------------------------------------------------------------------------


def load_ecb(root: Path) -> tuple[dict[str, dict], list[dict]]:
    folder = require(root / "ecbplus", "ECB+ data")
    docs = {}
    with (folder / "docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            docs[doc["doc_id"]] = doc
    with (folder / "doc_pairs.jsonl").open(encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle]
    return docs, pairs


def load_zyte(root: Path) -> dict[str, str]:
    path = require(root / "extraction/zyte/ground-truth.json", "Zyte ground truth")
    truth = json.loads(path.read_text(encoding="utf-8"))
    return {key: item["articleBody"] for key, item in sorted(truth.items())[:ZYTE_PAGES]}


# --- metrics -------------------------------------------------------------------------------


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    order = np.argsort(scores, kind="stable")
    ranked = scores[order]
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    # average ranks of ties
    _, first, counts = np.unique(ranked, return_index=True, return_counts=True)
    for start, count in zip(first, counts, strict=True):
        if count > 1:
            ranks[order[start : start + count]] = start + (count + 1) / 2
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def ece(probability: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width probability bins."""
    edges = np.minimum((probability * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = edges == b
        if inside.any():
            total += inside.mean() * abs(probability[inside].mean() - labels[inside].mean())
    return float(total)


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The cut that maximises accuracy (chosen on the fitting topics, applied to the others)."""
    candidates = np.unique(scores)
    accuracies = [((scores >= c) == (labels == 1)).mean() for c in candidates]
    return float(candidates[int(np.argmax(accuracies))])


def fit_logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = 1e-3
) -> tuple[float, np.ndarray]:
    """Weighted L2 logistic regression by Newton's method (numpy only)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    penalty = l2 * np.eye(design.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (weight * (p - y)) + penalty @ w
        hessian = design.T @ (design * (weight * p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(w)), gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return float(w[0]), w[1:]


# --- the run -------------------------------------------------------------------------------


def tfidf_vectors(texts: dict[str, str]) -> dict[str, dict[str, float]]:
    """Classic TF-IDF (IDF from these texts), unit length: the baseline."""
    bags = {key: Counter(words(text)) for key, text in texts.items()}
    df: Counter[str] = Counter()
    for bag in bags.values():
        df.update(bag.keys())
    n = len(bags)
    out = {}
    for key, bag in bags.items():
        vector = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        out[key] = {w: v / norm for w, v in vector.items()}
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


class PairSet:
    """Model inputs, baseline and labels of every pair, column-wise; ``kind`` says which set."""

    def __init__(self, values: dict[str, np.ndarray], labels, tfidf, kind) -> None:
        self.values = values
        self.labels = np.asarray(labels)
        self.tfidf = np.asarray(tfidf)
        self.kind = np.asarray(kind)  # "ecb-fit", "ecb-check", "zyte-fit", "zyte-check"

    def select(self, *kinds: str) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        mask = np.isin(self.kind, kinds)
        return (
            {k: v[mask] for k, v in self.values.items()},
            self.labels[mask],
            self.tfidf[mask],
        )


def collect(root: Path, sample: bool) -> PairSet:
    docs, ecb_pairs = load_ecb(root)
    zyte = load_zyte(root)
    if sample:
        chosen: set[str] = set()
        for topic in SAMPLE_TOPICS:
            for sub in (f"{topic}_ecb", f"{topic}_ecbplus"):
                ids = sorted(d for d in docs if docs[d]["subtopic"] == sub)
                chosen.update(ids[:SAMPLE_DOCS_PER_SUBTOPIC])
        ecb_pairs = [p for p in ecb_pairs if p["doc_a"] in chosen and p["doc_b"] in chosen]
        docs = {d: docs[d] for d in chosen}
        zyte = dict(list(zyte.items())[1 : 2 * SAMPLE_ZYTE : 2])  # odd pages: never fitted
    texts = {f"ecb:{d}": doc["text"] for d, doc in docs.items()}
    texts.update({f"zyte:{k}": text for k, text in zyte.items()})
    baseline = tfidf_vectors({k: v for k, v in texts.items() if k.startswith("ecb:")})
    baseline.update(tfidf_vectors({k: v for k, v in texts.items() if k.startswith("zyte:")}))
    pairs, labels, kind = [], [], []
    for pair in ecb_pairs:
        pairs.append((f"ecb:{pair['doc_a']}", f"ecb:{pair['doc_b']}"))
        labels.append(int(pair["same_event"]))
        kind.append("ecb-fit" if pair["topic"] in FIT_TOPICS else "ecb-check")
    keys = [f"zyte:{k}" for k in zyte]
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            if sample or (i % 2) == (j % 2):  # fit pairs among even pages, check among odd
                pairs.append((a, keys[j]))
                labels.append(0)
                kind.append("zyte-check" if sample or i % 2 else "zyte-fit")
    order = list(texts)
    row = {key: i for i, key in enumerate(order)}
    index = np.array([(row[a], row[b]) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    values = text_values([(texts[key], None) for key in order], index)
    values.pop("words")
    tfidf = [cosine(baseline[a], baseline[b]) for a, b in pairs]
    return PairSet(values, labels, tfidf, kind)


def matrix(values: dict[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    return np.stack([np.asarray(values[n], dtype=float) for n in names], axis=1)


def fit_model(
    fit_values: dict[str, np.ndarray],
    labels: np.ndarray,
    is_zyte: np.ndarray,
    features: tuple[str, ...],
    embedding_features: tuple[str, ...],
    name: str,
) -> None:
    """Fit both halves of a model; print a StoryModel to paste into samestory.py."""
    # ECB+ pairs and Zyte pairs weigh the same in total: hard and easy negatives both count.
    n_ecb, n_zyte = int((~is_zyte).sum()), int(is_zyte.sum())
    weight = np.where(is_zyte, n_ecb / max(1, n_zyte), 1.0)
    weight *= len(weight) / weight.sum()
    y = labels.astype(float)
    intercept, coefficients = fit_logistic(matrix(fit_values, features), y, weight)
    # the graded similarity: the same features against 1 / 0.5 / 0 (same event, similar other
    # event, unrelated), a logistic regression with a fractional target
    grade = np.where(is_zyte, 0.0, 0.5 + 0.5 * y)
    g_intercept, g_coefficients = fit_logistic(matrix(fit_values, features), grade, weight)
    e_intercept, e_coefficients = fit_logistic(matrix(fit_values, embedding_features), y, weight)
    print(f"# fitted on ECB+ topics {FIT_TOPICS.start}-{FIT_TOPICS.stop - 1} ({n_ecb} pairs: same")
    print(f"# event vs similar other event) + {n_zyte} unrelated Zyte pairs (even pages)")
    print(f"{name} = StoryModel(")
    print(f"    features={features},")
    print(f"    intercept={intercept:.4f},")
    print(f"    coefficients=({', '.join(f'{c:.4f}' for c in coefficients)}),")
    print(f"    embedding_features={embedding_features},")
    print(f"    embedding_intercept={e_intercept:.4f},")
    print(f"    embedding_coefficients=({', '.join(f'{c:.4f}' for c in e_coefficients)},),")
    print(f"    graded_intercept={g_intercept:.4f},")
    print(f"    graded_coefficients=({', '.join(f'{c:.4f}' for c in g_coefficients)}),")
    print(")")


def fit(pairs: PairSet) -> None:
    values, labels, _ = pairs.select("ecb-fit", "zyte-fit")
    is_zyte = np.isin(pairs.kind[np.isin(pairs.kind, ("ecb-fit", "zyte-fit"))], ("zyte-fit",))
    fit_model(values, labels, is_zyte, samestory.FEATURES, samestory.EMBEDDING_FEATURES, "MODEL")


def graded_r(score_ecb: np.ndarray, y: np.ndarray, score_zyte: np.ndarray) -> float:
    """Pearson r of a score with the graded label (1 same event, 0.5 other event, 0 unrelated)."""
    grade = np.r_[0.5 + 0.5 * y, np.zeros(len(score_zyte))]
    return float(np.corrcoef(np.r_[score_ecb, score_zyte], grade)[0, 1])


def report(pairs: PairSet, sample: bool) -> bool:
    """Print the held-out table; True when every floor is met."""
    values, y, tfidf = pairs.select("ecb-check")
    zyte, _, zyte_tfidf = pairs.select("zyte-check")
    model = samestory.MODEL
    p, p_zyte = model.probability(values), model.probability(zyte)
    threshold = DEFAULT_SETTINGS.same_story_threshold
    # Baselines get their accuracy-maximising cut chosen on the fitting topics (or, for the
    # sample, on the sample itself: an upper bound for them).
    reference, ref_y, ref_tfidf = pairs.select("ecb-check" if sample else "ecb-fit")
    rows = [("**storytrace same-story model**", p, threshold, p_zyte, True)]
    graded, graded_zyte = model.similarity(values), model.similarity(zyte)
    rows.append(
        (
            "graded similarity (`document_similarity`)",
            graded,
            best_threshold(model.similarity(reference), ref_y),
            graded_zyte,
            False,
        )
    )
    rows.append(
        (
            "TF-IDF cosine of the two texts",
            tfidf,
            best_threshold(ref_tfidf, ref_y),
            zyte_tfidf,
            False,
        )
    )
    for name in SIGNALS:
        cut = best_threshold(reference[name], ref_y)
        rows.append((f"signal alone: {name}", values[name], cut, zyte[name], False))
    where = "sample " + "+".join(map(str, SAMPLE_TOPICS)) if sample else "topics 25-35"
    print(f"Same-story on ECB+ held-out {where}: {int(y.sum())} same-event pairs, ")
    print(f"{int((y == 0).sum())} similar-other-event pairs; {len(p_zyte)} unrelated Zyte pairs.")
    print()
    print("| score | AUC | accuracy at cut | cut | ECE | r (graded) | Zyte unrelated |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, score, cut, zscore, calibrated in rows:
        accuracy = float(((score >= cut) == (y == 1)).mean())
        calibration = f"{ece(score, y):.3f}" if calibrated else "–"
        unrelated = f"{float((zscore < cut).mean()):.3f}"
        r = graded_r(score, y, zscore)
        print(
            f"| {name} | {auc(score, y):.3f} | {accuracy:.3f} | {cut:.3f} | {calibration} | "
            f"{r:.3f} | {unrelated} |"
        )
    model_auc = auc(p, y)
    model_accuracy = float(((p >= threshold) == (y == 1)).mean())
    unrelated = float((p_zyte < threshold).mean())
    graded_floor = SAMPLE_FLOOR_GRADED_R if sample else FLOOR_GRADED_R
    graded_ok = graded_r(graded, y, graded_zyte) >= graded_floor
    example = load_example_pair()
    example_ok = True
    if example is not None:
        from storytrace.api import compare_articles

        match = compare_articles(*example, discrepancies=False).story
        example_ok = match.verdict == "same story"
        print(
            f"\nexample pair: {match.verdict} (P {match.score:.2f}, similarity "
            f"{match.document_similarity:.2f}): {match.basis}"
        )
    floors = (SAMPLE_FLOOR_AUC, SAMPLE_FLOOR_ACCURACY) if sample else (FLOOR_AUC, FLOOR_ACCURACY)
    ok = (
        model_auc >= floors[0]
        and model_accuracy >= floors[1]
        and unrelated >= FLOOR_UNRELATED
        and example_ok
        and graded_ok
    )
    print(
        f"floors: AUC >= {floors[0]}, accuracy >= {floors[1]}, Zyte unrelated >= "
        f"{FLOOR_UNRELATED}, graded r >= {graded_floor}, example pair same story: "
        f"{'met' if ok else 'NOT MET'}"
    )
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default ../shared/eval)")
    parser.add_argument("--fit", action="store_true", help="print refitted coefficients")
    parser.add_argument("--sample", action="store_true", help="the small CI sample")
    parser.add_argument("--dump", help="write every pair's inputs to this JSONL file")
    args = parser.parse_args(argv)
    pairs = collect(eval_dir(args.data), args.sample)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            names = sorted(pairs.values)
            for i, kind in enumerate(pairs.kind.tolist()):
                row = {n: float(pairs.values[n][i]) for n in names}
                row.update(kind=kind, label=int(pairs.labels[i]), tfidf=float(pairs.tfidf[i]))
                handle.write(json.dumps(row) + "\n")
    if args.fit:
        fit(pairs)
        return 0
    return 0 if report(pairs, args.sample) else 1


if __name__ == "__main__":
    sys.exit(main())
