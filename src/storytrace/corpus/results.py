"""Writing a clustering run's outputs into the store (signatures, candidates, pairs, clusters)."""

from __future__ import annotations

from collections.abc import Iterator

from storytrace.corpus.pipeline import ClusterResult
from storytrace.corpus.store import CorpusStore, Row


def save_result(store: CorpusStore, result: ClusterResult) -> None:
    """Replace the previous run's derived tables with this run's, in one transaction."""
    ids = result.ids
    store.replace_derived(
        {
            "signatures": _signatures(result),
            "candidates": (
                {
                    "a": ids[i],
                    "b": ids[j],
                    "lexical": bool(lex),
                    "semantic": bool(sem),
                    "cosine": float(cos),
                }
                for (i, j), lex, sem, cos in zip(
                    result.candidates.pairs.tolist(),
                    result.candidates.lexical.tolist(),
                    result.candidates.semantic.tolist(),
                    result.candidates.cosine.tolist(),
                    strict=True,
                )
            ),
            "pairs": _pairs(result),
            "clusters": (
                {"article_id": ids[row], "story_id": ids[label]}
                for row, label in enumerate(result.labels.tolist())
            ),
            "alignments": (),
            "discrepancies": (),
        }
    )


def _signatures(result: ClusterResult) -> Iterator[Row]:
    features = result.features
    for row, article_id in enumerate(features.ids):
        yield {
            "article_id": article_id,
            "shingles": int(features.shingles[row]),
            "minhash": features.minhash[row].tolist(),
        }


def _pairs(result: ClusterResult) -> Iterator[Row]:
    edges, ids = result.edges, result.ids
    for index, (i, j) in enumerate(edges.pairs.tolist()):
        yield {
            "a": ids[i],
            "b": ids[j],
            "jaccard": float(edges.jaccard[index]),
            "aligned_a": float(edges.aligned_a[index]),
            "aligned_b": float(edges.aligned_b[index]),
            "cosine": float(edges.cosine[index]),
            "method": "lexical" if edges.lexical[index] else "alignment",
            "score": float(edges.score[index]),
        }
