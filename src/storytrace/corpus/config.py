"""Corpus settings: one frozen object, validated when a command starts, not mid-corpus.

Every threshold says how it was chosen. "Generated corpus" means ``eval/corpus_gen.py`` (real
Zyte bodies expanded into copies, edits and paraphrases); the numbers behind each choice are in
``docs/corpus.md`` and come from ``bench/corpus.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from storytrace.errors import ConfigError

ENGINES = ("local", "spark")
CORPUS_EMBEDDERS = ("wordllama", "e5-small", "minilm")
DEVICES = ("cpu", "cuda")
VECTOR_DIMS = (64, 128, 256)  # wordllama's Matryoshka sizes (256: the whole table)
DEFAULT_DB = "storytrace.duckdb"


def default_db_path() -> Path:
    """``$STORYTRACE_DB`` if set, else ``storytrace.duckdb`` in the working directory."""
    return Path(os.environ.get("STORYTRACE_DB") or DEFAULT_DB)


@dataclass(frozen=True, slots=True)
class CorpusSettings:
    # --- where it runs -----------------------------------------------------------------------
    engine: str = "local"  # local: in-process numpy + DuckDB; spark: PySpark on spark_master
    spark_master: str = "local[*]"
    # Where the Spark engine writes its Parquet (articles, features). Empty: next to the
    # database, which suits local[*]; on a cluster, a folder every executor can read (NFS).
    spark_workdir: str = ""
    workers: int = 0  # extraction processes and signature threads; 0 = every usable core
    batch_size: int = 256  # articles per committed ingest batch: a crash loses at most this many

    # --- lexical signatures ------------------------------------------------------------------
    # Word 4-grams of normalised words, numbers and names kept: the fragment minimum of the
    # aligner (Settings.fragment_min_words), so a shingle is the smallest unit of verbatim reuse.
    shingle_words: int = 4
    num_perm: int = 128  # MinHash permutations: Jaccard estimate s.d. <= 0.044
    seed: int = 1  # MinHash seed; fixed so that every engine computes identical signatures
    # 32 bands x 4 rows: candidate probability 0.64 at Jaccard 0.42, 0.87 at 0.5, 0.99 at 0.6
    # (1 - (1 - J^4)^32). Generated corpus, Jaccard to the original (deciles): light edits
    # 0.58-0.89, paraphrases 0.15-0.55 with median 0.22 (those are the semantic stage's job).
    lsh_bands: int = 32
    # A bucket of m near-copies would give m^2/2 pairs; each member is linked to the next
    # ``bucket_links`` members (by id, cyclically) instead. Near-copies in one bucket are
    # similar to each other anyway, so a few links per member keep the cluster whole. Generated
    # 10k corpus: 4 links gave the ARI of 8 (0.9958 vs 0.9957) with 22 % fewer candidate pairs.
    bucket_links: int = 4

    # --- semantic candidates -----------------------------------------------------------------
    embedder: str = "wordllama"  # static word vectors (fast); e5-small / minilm are 100x slower
    # wordllama's l2_supercat was trained Matryoshka-style: its first 64/128 dimensions are a
    # smaller model of their own (wordllama's ``trunc_dim``). Generated 10k corpus: 128 dims
    # give ARI 0.9965 and paraphrase join 0.983 against 0.9962 / 0.980 with all 256, and
    # halve the sentence sums, the stored int8 vectors and every product after them.
    vector_dims: int = 128
    device: str = "cpu"  # cuda: the nearest-neighbour search and (minilm) embeddings on a GPU
    semantic_k: int = 10  # nearest documents per article
    # Document cosine below this is never a candidate. It was 0.75 (same-story candidate pairs
    # that shingles miss in the generated 1k corpus have cosine 0.79 at the 1st percentile;
    # different Zyte bodies 0.51 at the 99th), but real retellings by other newsrooms sit lower:
    # ECB+ same-event pairs have wordllama cosines 0.64 / 0.74 / 0.83 at the quartiles, so at
    # 0.75 corpus mode joined 65 % of them on topics 25-35, at 0.5 93 % (eval.story_corpus).
    # The verdict is the same-story model's, not this floor's: a low floor costs time only.
    semantic_min_cosine: float = 0.5
    # Semantic neighbours are searched among articles published within this many days of each
    # other (undated articles: among all). A story's coverage spans days, not months; this is
    # what keeps the search near-linear (at 100k articles over a year: 4k columns a query, not
    # 100k). Reprints found by shingles are not windowed. 0: search the whole corpus.
    semantic_window_days: int = 7
    max_candidates: int = 40  # candidate pairs kept per article (both kinds): bounds all later work

    # --- verification --------------------------------------------------------------------------
    # Fast lexical path: estimated Jaccard at or above this is reuse without further checks.
    # Light edits sit at 0.58-0.89; a roundup of two stories mostly shares less than half its
    # shingles with either (a few reach 0.6: the cohesion rule keeps those from chaining).
    duplicate_jaccard: float = 0.5
    # Sentence alignment path: a sentence is matched when its best counterpart's cosine is at
    # least this. Generated 10k corpus: 0.78 / 0.82 / 0.86 give ARI 0.9962 / 0.9960 / 0.9957
    # and paraphrase join 0.983 / 0.979 / 0.973; 0.82 keeps a margin against topical overlap.
    sentence_cosine: float = 0.82
    # A non-lexical candidate pair is a verified edge when the calibrated same-story model
    # (``storytrace.align.samestory``, the one ``compare`` uses) gives at least this; the same
    # cut as ``Settings.same_story_threshold``, so ``compare`` and ``cluster`` agree.
    same_story_probability: float = 0.5
    # --- clustering ------------------------------------------------------------------------------
    # Two groups merge only when at least this share of each group's members (the count capped
    # at ``cohesion_cap``, since every article verifies a bounded number of candidates) has a
    # verified edge into the other: a single hub article cannot bridge two stories (see
    # tests/test_corpus_cluster.py). Generated 10k corpus: 0.3 / 0.5 / 0.7 give ARI 0.9960 /
    # 0.9960 / 0.9943 (0.7 starts splitting paraphrase-heavy stories); 0.5 is the strictest
    # value that costs nothing there.
    cohesion: float = 0.5
    cohesion_cap: int = 6  # per-article edges are bounded, so big groups cannot need more
    # ... and at least this share of the cross pairs (each side counted up to
    # ``link_density_cap`` members) are verified edges: a few edges between two similar events
    # do not chain them (``storytrace.corpus.cluster``). ECB+ topics 1-24 as one corpus (real
    # articles, two similar events a topic): density 0.2 / 0.3 / 0.4 at cap 10 keep different
    # events apart 0.908 / 0.938 / 0.961 and join same-event pairs 0.885 / 0.885 / 0.826
    # (0.714 / 0.891 without the rule); 0.3 at caps 8-10 and 0.25 at 12-16 give the same.
    link_density: float = 0.3
    link_density_cap: int = 10

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ConfigError(
                f"unknown engine {self.engine!r}; choose one of: {', '.join(ENGINES)}"
            )
        if self.embedder not in CORPUS_EMBEDDERS:
            raise ConfigError(
                f"unknown corpus embedder {self.embedder!r}; choose one of: "
                f"{', '.join(CORPUS_EMBEDDERS)}"
            )
        if self.vector_dims not in VECTOR_DIMS:
            raise ConfigError(
                f"vector_dims must be one of {', '.join(map(str, VECTOR_DIMS))}, "
                f"got {self.vector_dims}"
            )
        if self.device not in DEVICES:
            raise ConfigError(
                f"unknown device {self.device!r}; choose one of: {', '.join(DEVICES)}"
            )
        if self.num_perm % self.lsh_bands:
            raise ConfigError(
                f"num_perm ({self.num_perm}) must be a multiple of lsh_bands ({self.lsh_bands})"
            )
        for name in (
            "shingle_words",
            "num_perm",
            "lsh_bands",
            "bucket_links",
            "semantic_k",
            "max_candidates",
            "batch_size",
            "cohesion_cap",
            "link_density_cap",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.semantic_window_days < 0:
            raise ConfigError(
                f"semantic_window_days must be >= 0 (0: no window), got {self.semantic_window_days}"
            )
        if self.workers < 0:
            raise ConfigError(f"workers must be >= 0 (0: all cores), got {self.workers}")
        for name in (
            "semantic_min_cosine",
            "duplicate_jaccard",
            "sentence_cosine",
            "same_story_probability",
            "cohesion",
            "link_density",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be within [0, 1], got {value}")
        if self.engine == "spark" and not self.spark_master:
            raise ConfigError(
                "engine 'spark' needs a master URL, e.g. local[*] or spark://host:7077"
            )

    @property
    def rows_per_band(self) -> int:
        return self.num_perm // self.lsh_bands

    def with_(self, **changes: Any) -> CorpusSettings:
        """A copy with some fields changed (validated again)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ConfigError(f"unknown corpus setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def fingerprint(self) -> dict[str, Any]:
        """The settings that change clusters, recorded with each clustering run."""
        skip = {"engine", "spark_master", "spark_workdir", "workers", "batch_size", "device"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}


DEFAULT_CORPUS_SETTINGS = CorpusSettings()


def cores() -> int:
    """Cores this process may use (its CPU affinity where the platform tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
