"""Corpus mode on real articles: ECB+ topics 1-35 ingested as one corpus, clustered.

Every ECB+ article goes into one corpus (772 articles, 35 topics, two similar events per
topic). After ``cluster`` with default settings, a same-event pair is *joined* when both
articles are in one story, and a different-event pair (same topic, the other event) is *kept
apart* when they are not. Pairs are ECB+'s doc_pairs (4,491 same event, 4,566 other event).

    python -m eval.story_corpus [--data DIR] [--topics 25-35]
    python -m eval.story_corpus --fit    # refit the corpus model (samestory.CORPUS_MODELS)

The corpus model is fitted here, on the corpus's own signals (``corpus.verify``) of the same
pairs ``eval.story`` fits the ``compare`` model on: ECB+ topics 1-24 and unrelated Zyte pages.

Exits non-zero below its regression floors (FLOOR_JOINED, FLOOR_APART) unless ``--no-floors``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import numpy as np

from eval.common import eval_dir
from eval.story import CHECK_TOPICS, FIT_TOPICS, auc, ece, fit_model, load_ecb, load_zyte
from storytrace.align import samestory
from storytrace.align.samestory import corpus_model
from storytrace.corpus.candidates import pair_cosines
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, CorpusSettings
from storytrace.corpus.features import featurize
from storytrace.corpus.pipeline import run_stages
from storytrace.corpus.verify import grouped_shares
from storytrace.corpus.wordweights import pair_numbers, pair_rare_words
from storytrace.text.segment import sentences

# Regression floors just under what the corpus measures on topics 25-35 (2026-12-04). Issue 12's
# targets (joined >= 0.9, kept apart >= 0.95) are NOT met: see docs/corpus.md.
FLOOR_JOINED = 0.6
FLOOR_APART = 0.6


def cluster_docs(
    texts: dict[str, str], settings: CorpusSettings
) -> tuple[dict[str, int], dict[str, float]]:
    rows = []
    for key, text in texts.items():
        spans = sentences(text)
        rows.append((key, text, [s.start for s in spans], [s.end for s in spans]))
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    features = featurize(rows, settings)
    seconds["signatures"] = time.perf_counter() - started
    result = run_stages(features, settings, seconds)
    return {key: int(label) for key, label in zip(result.ids, result.labels, strict=True)}, seconds


def corpus_values(
    texts: dict[str, str], pairs: list[tuple[str, str]], settings: CorpusSettings
) -> dict[str, np.ndarray]:
    """The corpus model's signals of arbitrary pairs, computed as ``verify`` computes them."""
    rows = []
    for key, text in texts.items():
        spans = sentences(text)
        rows.append((key, text, [s.start for s in spans], [s.end for s in spans]))
    features = featurize(rows, settings)
    row = {key: i for i, key in enumerate(features.ids)}
    index = np.array([(row[a], row[b]) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    share_a, share_b = grouped_shares(features, index, settings.sentence_cosine)
    assert features.rare is not None and features.numbers is not None
    return {
        "document_cosine": pair_cosines(features.doc, index),
        "aligned_share": (share_a + share_b) / 2,
        "rare_words": pair_rare_words(features.rare, index),
        "shared_numbers": pair_numbers(features.numbers, index),
    }


def fit_corpus(root) -> None:
    docs, ecb_pairs = load_ecb(root)
    zyte = load_zyte(root)
    texts = {f"ecb:{d}": doc["text"] for d, doc in docs.items()}
    texts.update({f"zyte:{k}": text for k, text in zyte.items()})
    chosen = [p for p in ecb_pairs if p["topic"] in FIT_TOPICS]
    pairs = [(f"ecb:{p['doc_a']}", f"ecb:{p['doc_b']}") for p in chosen]
    labels = [int(p["same_event"]) for p in chosen]
    keys = [f"zyte:{k}" for k in zyte]
    zyte_pairs = [
        (keys[i], keys[j]) for i in range(0, len(keys), 2) for j in range(i + 2, len(keys), 2)
    ]
    values = corpus_values(texts, pairs + zyte_pairs, DEFAULT_CORPUS_SETTINGS)
    is_zyte = np.r_[np.zeros(len(pairs), bool), np.ones(len(zyte_pairs), bool)]
    fit_model(
        values,
        np.r_[labels, np.zeros(len(zyte_pairs), int)],
        is_zyte,
        samestory.CORPUS_FEATURES,
        samestory.CORPUS_EMBEDDING_FEATURES,
        DEFAULT_CORPUS_SETTINGS.embedder,
    )


def report_pairs(root) -> None:
    """The corpus model on held-out topic pairs, as a pairwise verdict (before clustering)."""
    docs, ecb_pairs = load_ecb(root)
    zyte = load_zyte(root)
    texts = {f"ecb:{d}": doc["text"] for d, doc in docs.items() if doc["topic"] in CHECK_TOPICS}
    texts.update({f"zyte:{k}": text for k, text in list(zyte.items())[1::2]})
    chosen = [p for p in ecb_pairs if p["topic"] in CHECK_TOPICS]
    pairs = [(f"ecb:{p['doc_a']}", f"ecb:{p['doc_b']}") for p in chosen]
    y = np.array([int(p["same_event"]) for p in chosen])
    keys = [k for k in texts if k.startswith("zyte:")]
    zyte_pairs = [(keys[i], keys[j]) for i in range(len(keys)) for j in range(i + 1, len(keys))]
    values = corpus_values(texts, pairs + zyte_pairs, DEFAULT_CORPUS_SETTINGS)
    p = corpus_model(DEFAULT_CORPUS_SETTINGS.embedder).probability(values)
    cut = DEFAULT_CORPUS_SETTINGS.same_story_probability
    ecb_p, zyte_p = p[: len(pairs)], p[len(pairs) :]
    print(
        f"corpus model, pairwise on ECB+ topics 25-35: AUC {auc(ecb_p, y):.3f}, accuracy "
        f"{float(((ecb_p >= cut) == (y == 1)).mean()):.3f}, ECE {ece(ecb_p, y):.3f}; "
        f"Zyte unrelated {float((zyte_p < cut).mean()):.3f} ({len(zyte_pairs)} pairs)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default ../shared/eval)")
    parser.add_argument("--topics", default="25-35", help="topic range, e.g. 25-35")
    parser.add_argument("--no-floors", action="store_true")
    parser.add_argument("--fit", action="store_true", help="print the refitted corpus model")
    args = parser.parse_args(argv)
    if args.fit:
        fit_corpus(eval_dir(args.data))
        return 0
    report_pairs(eval_dir(args.data))
    low, high = (int(x) for x in args.topics.split("-"))
    docs, pairs = load_ecb(eval_dir(args.data))
    texts = {d: doc["text"] for d, doc in docs.items() if low <= doc["topic"] <= high}
    labels, seconds = cluster_docs(texts, DEFAULT_CORPUS_SETTINGS)
    pairs = [p for p in pairs if p["doc_a"] in texts and p["doc_b"] in texts]
    together = np.array([labels[p["doc_a"]] == labels[p["doc_b"]] for p in pairs])
    same = np.array([p["same_event"] for p in pairs])
    joined = float(together[same].mean())
    apart = float((~together[~same]).mean())
    stories = len(set(labels.values()))
    print(f"ECB+ topics {low}-{high} as one corpus: {len(texts)} articles -> {stories} stories")
    print("| same-event pairs joined | different-event pairs kept apart | seconds |")
    print("|---:|---:|---:|")
    print(
        f"| {joined:.3f} ({int(same.sum())}) | {apart:.3f} ({int((~same).sum())}) | "
        f"{sum(seconds.values()):.1f} |"
    )
    ok = joined >= FLOOR_JOINED and apart >= FLOOR_APART
    print(f"floors: joined >= {FLOOR_JOINED}, apart >= {FLOOR_APART}: {'met' if ok else 'NOT MET'}")
    return 0 if ok or args.no_floors else 1


if __name__ == "__main__":
    sys.exit(main())
