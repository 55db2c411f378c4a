"""Corpus mode on real articles: ECB+ topics 1-35 ingested as one corpus, clustered.

Every ECB+ article goes into one corpus (772 articles, 35 topics, two similar events per
topic). After ``cluster`` with default settings, a same-event pair is *joined* when both
articles are in one story, and a different-event pair (same topic, the other event) is *kept
apart* when they are not. Pairs are ECB+'s doc_pairs (4,491 same event, 4,566 other event).

    python -m eval.story_corpus [--data DIR] [--topics 25-35]

There is no corpus model of its own: ``cluster`` verifies candidate pairs with the one
``storytrace.align.samestory.MODEL`` that ``compare`` uses, on the same inputs, fitted by
``python -m eval.story --fit``. The first line of the output scores that model pair by pair on
the held-out topics as the corpus computes its inputs (it must match ``eval.story``); the
table then says what candidates, verification and clustering together make of it.

Exits non-zero below its regression floors (FLOOR_JOINED, FLOOR_APART) unless ``--no-floors``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import numpy as np

from eval.common import eval_dir
from eval.story import CHECK_TOPICS, auc, ece, load_ecb, load_zyte
from storytrace.align.samestory import MODEL
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, CorpusSettings
from storytrace.corpus.features import featurize
from storytrace.corpus.pipeline import run_stages
from storytrace.corpus.verify import text_values
from storytrace.text.segment import sentences

# Regression floors just under what the corpus measures on topics 25-35 (2026-12-05, with the
# link-density rule of ``storytrace.corpus.cluster``). Issue 12's targets: joined >= 0.9 is met
# (0.917), kept apart >= 0.95 is NOT (0.910; 0.714 before the rule): see docs/corpus.md.
FLOOR_JOINED = 0.9
FLOOR_APART = 0.89


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
    order = list(texts)
    row = {key: i for i, key in enumerate(order)}
    index = np.array([(row[a], row[b]) for a, b in pairs + zyte_pairs], dtype=np.int64)
    values = text_values([(texts[key], None) for key in order], index)
    p = MODEL.probability(values)
    cut = DEFAULT_CORPUS_SETTINGS.same_story_probability
    ecb_p, zyte_p = p[: len(pairs)], p[len(pairs) :]
    print(
        f"same-story model, pairwise on ECB+ topics 25-35: AUC {auc(ecb_p, y):.3f}, accuracy "
        f"{float(((ecb_p >= cut) == (y == 1)).mean()):.3f}, ECE {ece(ecb_p, y):.3f}; "
        f"Zyte unrelated {float((zyte_p < cut).mean()):.3f} ({len(zyte_pairs)} pairs)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (default ../shared/eval)")
    parser.add_argument("--topics", default="25-35", help="topic range, e.g. 25-35")
    parser.add_argument("--no-floors", action="store_true")
    args = parser.parse_args(argv)
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
