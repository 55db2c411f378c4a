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
  unrelated pairs). Pages
  are split by position: even pages fit, odd pages check.

Baselines in the same run: the plain document cosine of the embedder and a TF-IDF cosine of
the two texts (IDF from all ECB+ articles: an in-domain IDF the baseline gets for free).

    python -m eval.story                 # report on held-out topics; exit 1 below the floors
    python -m eval.story --fit           # refit and print the coefficients for samestory.py
    python -m eval.story --sample        # the small fixed sample the CI gate runs (< 60 s)

``--cached-only`` scores only the articles already in the cache (a quick look while it fills).
Sentence vectors are cached in ``--cache`` (default ~/.cache/storytrace/eval-story-<embedder>.npz)
because embedding 12k sentences with e5-small takes minutes on two cores; one vector per whole
text (``Embedder.embed_documents``) beside it in ``...-docs.npz`` (852 texts: 17 min).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import astuple
from pathlib import Path

import numpy as np

from eval.common import eval_dir, load_example_pair, require
from storytrace.align import samestory
from storytrace.align.embedder import get_embedder
from storytrace.align.signals import profile, signals
from storytrace.config import DEFAULT_SETTINGS
from storytrace.text.normalize import words
from storytrace.text.segment import sentences

FIT_TOPICS = range(1, 25)
CHECK_TOPICS = range(25, 36)
# Regression floors on the held-out topics, just under what the model measures (AUC 0.934,
# accuracy 0.843 on 2026-12-04, with the whole-text cosine). Issue 12's targets (AUC >= 0.96,
# accuracy >= 0.9) are NOT met on these topics (see README, "Same-story verdict"); the TF-IDF
# baseline gets 0.837 / 0.724.
FLOOR_AUC = 0.92
FLOOR_ACCURACY = 0.82
FLOOR_UNRELATED = 0.98
# The CI sample: a few held-out topics, few enough articles to embed in well under a minute.
SAMPLE_TOPICS = (26, 31)
SAMPLE_DOCS_PER_SUBTOPIC = 3
SAMPLE_ZYTE = 8
SAMPLE_FLOOR_AUC = 0.90
SAMPLE_FLOOR_ACCURACY = 0.80
ECB_SENTENCES = 80
ZYTE_SENTENCES = 12
# The first 80 Zyte pages (sorted by id): 3,160 unrelated pairs, embedded in a few minutes.
ZYTE_PAGES = 80


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


def sentence_vectors(
    items: dict[str, tuple[str, int]], embedder_name: str, cache: Path | None
) -> dict[str, np.ndarray]:
    """Sentence vectors of every text (the first ``limit`` sentences), through a file cache."""
    stored: dict[str, np.ndarray] = {}
    if cache and cache.exists():
        with np.load(cache) as data:
            stored = {key: data[key] for key in data.files}
    missing = [key for key in items if key.replace("/", "_") not in stored]
    if missing:
        embedder = get_embedder(DEFAULT_SETTINGS.with_(embedder=embedder_name))
        started = time.perf_counter()
        for index, key in enumerate(missing):
            text, limit = items[key]
            spans = sentences(text)[:limit]
            stored[key.replace("/", "_")] = embedder.embed([s.of(text) for s in spans]).astype(
                np.float16
            )
            if index % 100 == 99:
                print(f"  embedded {index + 1}/{len(missing)} texts", file=sys.stderr)
        print(
            f"  embedded {len(missing)} texts in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(cache, **stored)  # type: ignore[arg-type]
    return {key: stored[key.replace("/", "_")].astype(np.float32) for key in items}


def document_cache(cache: Path | None) -> Path | None:
    """Where the whole-document vectors of a sentence-vector cache live."""
    return cache.with_name(cache.stem + "-docs.npz") if cache else None


def document_vectors(
    texts: dict[str, str], embedder_name: str, cache: Path | None
) -> dict[str, np.ndarray]:
    """One vector per whole text (``Embedder.embed_documents``), through a file cache.

    Not the mean of the sentence vectors: the model reads the text in one pass, as a plain
    "cosine of the two texts" baseline does.
    """
    stored: dict[str, np.ndarray] = {}
    if cache and cache.exists():
        with np.load(cache) as data:
            stored = {key: data[key] for key in data.files}
    missing = [key for key in texts if key.replace("/", "_") not in stored]
    if missing:
        embedder = get_embedder(DEFAULT_SETTINGS.with_(embedder=embedder_name))
        started = time.perf_counter()
        for start in range(0, len(missing), 16):
            batch = missing[start : start + 16]
            vectors = embedder.embed_documents([texts[key] for key in batch])
            for key, vector in zip(batch, vectors, strict=True):
                stored[key.replace("/", "_")] = vector.astype(np.float16)
            if cache and (start // 16) % 8 == 7:  # save as we go: this takes minutes
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.savez_compressed(cache, **stored)  # type: ignore[arg-type]
                print(f"  embedded {start + len(batch)}/{len(missing)} documents", file=sys.stderr)
        print(
            f"  embedded {len(missing)} documents in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(cache, **stored)  # type: ignore[arg-type]
    return {key: stored[key.replace("/", "_")].astype(np.float32) for key in texts}


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


class PairSet:
    """Signals, baselines and labels of a list of pairs."""

    def __init__(self) -> None:
        self.rows: list[samestory.StorySignals] = []
        self.labels: list[int] = []
        self.tfidf: list[float] = []
        self.kind: list[str] = []  # "ecb-fit", "ecb-check", "zyte-fit", "zyte-check"

    def add(self, row, label: int, tfidf: float, kind: str) -> None:
        self.rows.append(row)
        self.labels.append(label)
        self.tfidf.append(tfidf)
        self.kind.append(kind)

    def select(self, kind: str) -> tuple[list, np.ndarray, np.ndarray]:
        index = [i for i, k in enumerate(self.kind) if k == kind]
        return (
            [self.rows[i] for i in index],
            np.array([self.labels[i] for i in index]),
            np.array([self.tfidf[i] for i in index]),
        )


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


def cached_keys(cache: Path | None) -> set[str] | None:
    if not cache or not cache.exists():
        return set()
    with np.load(cache) as data:
        return set(data.files)


def collect(
    root: Path, embedder_name: str, cache: Path | None, sample: bool, cached_only: bool = False
) -> PairSet:
    docs, ecb_pairs = load_ecb(root)
    zyte = load_zyte(root)
    if cached_only:  # a quick look while the cache is still being filled
        have = (cached_keys(cache) or set()) & (cached_keys(document_cache(cache)) or set())
        docs = {d: doc for d, doc in docs.items() if f"ecb:{d}".replace("/", "_") in have}
        zyte = {k: t for k, t in zyte.items() if f"zyte:{k}".replace("/", "_") in have}
        ecb_pairs = [p for p in ecb_pairs if p["doc_a"] in docs and p["doc_b"] in docs]
    if sample:
        chosen: set[str] = set()
        for topic in SAMPLE_TOPICS:
            for sub in (f"{topic}_ecb", f"{topic}_ecbplus"):
                ids = sorted(d for d in docs if docs[d]["subtopic"] == sub)
                chosen.update(ids[:SAMPLE_DOCS_PER_SUBTOPIC])
        ecb_pairs = [p for p in ecb_pairs if p["doc_a"] in chosen and p["doc_b"] in chosen]
        docs = {d: docs[d] for d in chosen}
        zyte = dict(list(zyte.items())[1 : 2 * SAMPLE_ZYTE : 2])  # odd pages: never fitted
    items = {f"ecb:{d}": (doc["text"], ECB_SENTENCES) for d, doc in docs.items()}
    items.update({f"zyte:{k}": (text, ZYTE_SENTENCES) for k, text in zyte.items()})
    vectors = sentence_vectors(items, embedder_name, None if sample else cache)
    texts = {key: text for key, (text, _) in items.items()}
    whole = document_vectors(texts, embedder_name, None if sample else document_cache(cache))
    profiles = {key: profile(text, "en") for key, text in texts.items()}
    baseline = tfidf_vectors({k: v for k, v in texts.items() if k.startswith("ecb:")})
    baseline.update(tfidf_vectors({k: v for k, v in texts.items() if k.startswith("zyte:")}))
    out = PairSet()

    def pair_signals(a: str, b: str) -> samestory.StorySignals:
        return signals(
            texts[a],
            texts[b],
            vectors[a],
            vectors[b],
            profiles=(profiles[a], profiles[b]),
            documents=(whole[a], whole[b]),
        )

    for pair in ecb_pairs:
        a, b = f"ecb:{pair['doc_a']}", f"ecb:{pair['doc_b']}"
        kind = "ecb-fit" if pair["topic"] in FIT_TOPICS else "ecb-check"
        out.add(pair_signals(a, b), int(pair["same_event"]), cosine(baseline[a], baseline[b]), kind)
    keys = [f"zyte:{k}" for k in zyte]
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            if sample or (i % 2) == (j % 2):  # fit pairs among even pages, check among odd
                kind = "zyte-check" if sample or i % 2 else "zyte-fit"
                out.add(pair_signals(a, b), 0, cosine(baseline[a], baseline[b]), kind)
    return out


def matrix(values: dict[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    return np.stack([np.asarray(values[n], dtype=float) for n in names], axis=1)


def signal_values(rows: Sequence[samestory.StorySignals]) -> dict[str, np.ndarray]:
    return {n: np.array([getattr(r, n) for r in rows]) for n in samestory.values_of(rows[0])}


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
    e_intercept, e_coefficients = fit_logistic(matrix(fit_values, embedding_features), y, weight)
    print(f"# fitted on ECB+ topics {FIT_TOPICS.start}-{FIT_TOPICS.stop - 1} ({n_ecb} pairs: same")
    print(f"# event vs similar other event) + {n_zyte} unrelated Zyte pairs (even pages)")
    print(f'"{name}": StoryModel(')
    print(f"    features={features},")
    print(f"    intercept={intercept:.4f},")
    print(f"    coefficients=({', '.join(f'{c:.4f}' for c in coefficients)}),")
    print(f"    embedding_features={embedding_features},")
    print(f"    embedding_intercept={e_intercept:.4f},")
    print(f"    embedding_coefficients=({', '.join(f'{c:.4f}' for c in e_coefficients)}),")
    print("),")


def fit(pairs: PairSet, embedder_name: str) -> None:
    ecb, y_ecb, _ = pairs.select("ecb-fit")
    zyte, y_zyte, _ = pairs.select("zyte-fit")
    values = signal_values(ecb + zyte)
    is_zyte = np.r_[np.zeros(len(ecb), bool), np.ones(len(zyte), bool)]
    fit_model(
        values,
        np.r_[y_ecb, y_zyte],
        is_zyte,
        samestory.FEATURES,
        samestory.EMBEDDING_FEATURES,
        embedder_name,
    )


def report(pairs: PairSet, embedder_name: str, sample: bool) -> bool:
    """Print the held-out table; True when every floor is met."""
    ecb, y, tfidf = pairs.select("ecb-check")
    zyte, _, zyte_tfidf = pairs.select("zyte-check")
    model = samestory.model(embedder_name)
    p = np.array([model.probability(r) for r in ecb])
    p_embedding = np.array([model.probability(r, embedding_only=True) for r in ecb])
    p_zyte = np.array([model.probability(r) for r in zyte])
    doc = np.array([r.document_cosine for r in ecb])
    doc_zyte = np.array([r.document_cosine for r in zyte])
    whole = np.array([r.text_cosine for r in ecb])
    whole_zyte = np.array([r.text_cosine for r in zyte])
    # Baselines get their accuracy-maximising cut chosen on the fitting topics (or, for the
    # sample, on the sample itself: an upper bound for them).
    reference = pairs.select("ecb-check" if sample else "ecb-fit")
    ref_doc = np.array([r.document_cosine for r in reference[0]])
    cut_doc = best_threshold(ref_doc, reference[1])
    cut_whole = best_threshold(np.array([r.text_cosine for r in reference[0]]), reference[1])
    cut_tfidf = best_threshold(reference[2], reference[1])
    threshold = DEFAULT_SETTINGS.same_story_threshold
    rows = [
        ("storytrace same-story model", p, threshold, p_zyte, True),
        ("embedding-only model (cross-lingual)", p_embedding, threshold, None, True),
        (f"plain {embedder_name} cosine of the whole texts", whole, cut_whole, whole_zyte, False),
        (f"{embedder_name} cosine of mean sentence vectors", doc, cut_doc, doc_zyte, False),
        ("TF-IDF cosine", tfidf, cut_tfidf, zyte_tfidf, False),
    ]
    where = "sample " + "+".join(map(str, SAMPLE_TOPICS)) if sample else "topics 25-35"
    print(f"Same-story on ECB+ held-out {where}: {int(y.sum())} same-event pairs, ")
    print(f"{int((y == 0).sum())} similar-other-event pairs; {len(zyte)} unrelated Zyte pairs.")
    print()
    print("| score | AUC | accuracy at cut | cut | ECE | r (label) | Zyte unrelated |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, score, cut, zscore, calibrated in rows:
        accuracy = float(((score >= cut) == (y == 1)).mean())
        calibration = f"{ece(score, y):.3f}" if calibrated else "–"
        unrelated = f"{float((zscore < cut).mean()):.3f}" if zscore is not None else "–"
        r = float(np.corrcoef(score, y)[0, 1])
        print(
            f"| {name} | {auc(score, y):.3f} | {accuracy:.3f} | {cut:.3f} | {calibration} | "
            f"{r:.3f} | {unrelated} |"
        )
    model_auc = auc(p, y)
    model_accuracy = float(((p >= threshold) == (y == 1)).mean())
    unrelated = float((p_zyte < threshold).mean())
    example = load_example_pair()
    example_ok = True
    if example is not None:
        from storytrace.api import compare_articles

        match = compare_articles(*example, discrepancies=False).story
        example_ok = match.verdict == "same story"
        print(f"\nexample pair: {match.verdict} ({match.score:.2f}): {match.basis}")
    floors = (SAMPLE_FLOOR_AUC, SAMPLE_FLOOR_ACCURACY) if sample else (FLOOR_AUC, FLOOR_ACCURACY)
    ok = (
        model_auc >= floors[0]
        and model_accuracy >= floors[1]
        and unrelated >= FLOOR_UNRELATED
        and example_ok
    )
    print(
        f"floors: AUC >= {floors[0]}, accuracy >= {floors[1]}, Zyte unrelated >= "
        f"{FLOOR_UNRELATED}, example pair same story: {'met' if ok else 'NOT MET'}"
    )
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default ../shared/eval)")
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--cache", help="sentence-vector cache file (.npz)")
    parser.add_argument("--fit", action="store_true", help="print refitted coefficients")
    parser.add_argument("--sample", action="store_true", help="the small CI sample")
    parser.add_argument(
        "--cached-only", action="store_true", help="only articles already in the cache"
    )
    parser.add_argument("--dump", help="write every pair's signals to this JSONL file")
    args = parser.parse_args(argv)
    cache = Path(
        args.cache or Path.home() / ".cache" / "storytrace" / f"eval-story-{args.embedder}.npz"
    )
    pairs = collect(eval_dir(args.data), args.embedder, cache, args.sample, args.cached_only)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            for row, label, tfidf, kind in zip(
                pairs.rows, pairs.labels, pairs.tfidf, pairs.kind, strict=True
            ):
                handle.write(json.dumps([kind, label, tfidf, *astuple(row)]) + "\n")
    if args.fit:
        fit(pairs, args.embedder)
        return 0
    return 0 if report(pairs, args.embedder, args.sample) else 1


if __name__ == "__main__":
    sys.exit(main())
