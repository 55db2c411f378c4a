"""The Spark engine: the same stage functions, run by PySpark (``local[*]`` or any cluster).

Data moves as Parquet: the store's articles are written to ``<db>.spark/articles.parquet``
(or under ``spark_workdir``, a folder every executor can read when the master is a cluster),
Spark computes features there (``features.parquet``) and the clusters come back into DuckDB.
What runs where:

* executors: ``featurize`` per partition (the heavy, per-article work), LSH bucket grouping
  (``groupBy`` band key, then ``bucket_pairs`` per bucket), the semantic top-k over row ranges
  against a broadcast int8 document matrix, and sentence-alignment verification of candidate
  pairs joined with their sentence vectors;
* driver: small global steps over O(N) arrays: signatures and document vectors (76 MB at
  100k), the per-article candidate cap, and the graph clustering of the verified edges.

Nothing here is distributed by hand: Spark schedules, shuffles and broadcasts. The functions
are the local engine's, over the same rows in the same (id) order, so clusters are identical.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from storytrace.corpus.candidates import (
    bucket_pairs,
    cap_per_article,
    estimated_jaccard,
    pair_cosines,
    semantic_candidates,
    unique_pairs,
)
from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.embedding import norms
from storytrace.corpus.features import Features, day_numbers, featurize
from storytrace.corpus.pipeline import (
    Candidates,
    ClusterResult,
    Progress,
    cluster_edges,
    member_mask,
)
from storytrace.corpus.store import CorpusStore
from storytrace.corpus.verify import edges_from, lexical_containment, sentence_shares
from storytrace.corpus.wordweights import BLOCKS, COLUMN_BITS
from storytrace.errors import ConfigError

log = logging.getLogger(__name__)

_SPARK_HINT = "the spark engine needs PySpark and Java 17: `pip install 'storytrace[spark]'`"


def spark_session(master: str) -> Any:
    """A SparkSession on ``master``; quiet, loopback-bound when local, this Python on workers."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise ConfigError(f"{_SPARK_HINT} ({error})") from error
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("storytrace-corpus")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # Shuffles here are small (one row per candidate pair or bucket): a few partitions
            # per core; Spark's default of 200 spends most of a local run scheduling tasks.
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", "4")
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )
    except Exception as error:  # Java missing, bad master URL: say so in one line
        raise ConfigError(f"cannot start Spark on {master!r}: {error}; {_SPARK_HINT}") from error
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    name = "spark"

    def __init__(self, settings: CorpusSettings) -> None:
        self.settings = settings
        self._dates: list[str | None] = []
        try:
            import pyspark  # noqa: F401  (fail at build time, not halfway through a corpus)
        except ImportError as error:
            raise ConfigError(f"{_SPARK_HINT} ({error})") from error

    def cluster(self, store: CorpusStore, progress: Progress | None = None) -> ClusterResult:
        settings = self.settings
        work = (
            Path(settings.spark_workdir) / f"storytrace-{Path(store.path).stem}"
            if settings.spark_workdir
            else Path(str(store.path) + ".spark")
        )
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        seconds: dict[str, float] = {}
        try:
            started = _stage(progress, "export")
            articles = work / "articles.parquet"
            store.con.execute(
                f"""COPY (
                    SELECT a.id, a.text, coalesce(s.starts, []) AS starts,
                           coalesce(s.ends, []) AS ends
                    FROM articles a LEFT JOIN (
                        SELECT article_id, list("start" ORDER BY idx) AS starts,
                               list("end" ORDER BY idx) AS ends
                        FROM sentences GROUP BY article_id) s ON s.article_id = a.id
                    ORDER BY a.id) TO '{articles}' (FORMAT parquet)"""
            )
            seconds["export"] = time.perf_counter() - started
            self._dates = store.published_dates()
            spark = spark_session(settings.spark_master)
            return self._run(spark, articles, work, seconds, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _run(
        self,
        spark: Any,
        articles: Path,
        work: Path,
        seconds: dict[str, float],
        progress: Progress | None,
    ) -> ClusterResult:
        settings = self.settings
        started = _stage(progress, "signatures")
        rows = spark.read.parquet(str(articles)).orderBy("id").rdd.zipWithIndex()
        features_rdd = rows.mapPartitions(lambda part: _featurize_partition(part, settings))
        features_df = spark.createDataFrame(features_rdd, _schema())
        features_path = work / "features.parquet"
        features_df.write.parquet(str(features_path))
        features_df = spark.read.parquet(str(features_path))
        driver = _driver_features(
            features_df.select(
                "idx", "id", "shingles", "minhash", "doc", "story_cols", "story_vals"
            )
        )
        driver = replace(driver, days=day_numbers(self._dates))
        seconds["signatures"] = time.perf_counter() - started

        started = _stage(progress, "candidates")
        lexical = _lexical_pairs(features_df, settings)
        semantic = _semantic_pairs(spark, driver.doc, driver.days, settings)
        candidates = _candidates(driver, lexical, semantic, settings)
        seconds["candidates"] = time.perf_counter() - started

        started = _stage(progress, "verify")
        edges = _verify(spark, features_df, driver, candidates, settings)
        seconds["verify"] = time.perf_counter() - started

        started = _stage(progress, "cluster")
        labels = cluster_edges(len(driver), edges, settings)
        seconds["cluster"] = time.perf_counter() - started
        return ClusterResult(driver, candidates, edges, labels, seconds)


def _stage(progress: Progress | None, name: str) -> float:
    if progress:
        progress(f"spark: {name}")
    return time.perf_counter()


def _schema() -> Any:
    from pyspark.sql import types as T

    return T.StructType(
        [
            T.StructField("idx", T.LongType(), False),
            T.StructField("id", T.StringType(), False),
            T.StructField("shingles", T.IntegerType(), False),
            T.StructField("minhash", T.ArrayType(T.LongType()), False),
            T.StructField("doc", T.BinaryType(), False),
            T.StructField("sentences", T.BinaryType(), False),
            # the same-story model's lexical row (``wordweights.story_rows``: columns, values)
            T.StructField("story_cols", T.BinaryType(), False),
            T.StructField("story_vals", T.BinaryType(), False),
        ]
    )


def _featurize_partition(part: Iterator[Any], settings: CorpusSettings) -> Iterator[tuple]:
    """Executor side: featurize a partition's rows, one output row per article."""
    batch: list[tuple[Any, int]] = list(part)
    for start in range(0, len(batch), 512):
        chunk = batch[start : start + 512]
        features = featurize([(r.id, r.text, r.starts, r.ends) for r, _ in chunk], settings)
        story = features.story
        assert story is not None
        for row, (_, idx) in enumerate(chunk):
            r0, r1 = story.indptr[row], story.indptr[row + 1]
            yield (
                int(idx),
                features.ids[row],
                int(features.shingles[row]),
                [int(v) for v in features.minhash[row]],
                features.doc[row].tobytes(),
                features.sentence_vectors(row).tobytes(),
                story.indices[r0:r1].astype(np.int32).tobytes(),
                story.data[r0:r1].astype(np.float32).tobytes(),
            )


def _driver_features(df: Any) -> Features:
    rows = sorted(df.collect(), key=lambda r: r.idx)
    dim = len(rows[0].doc) if rows else 256
    return Features(
        ids=[r.id for r in rows],
        shingles=np.array([r.shingles for r in rows], dtype=np.int32),
        minhash=np.array([r.minhash for r in rows], dtype=np.uint32).reshape(len(rows), -1),
        doc=np.frombuffer(b"".join(r.doc for r in rows), dtype=np.int8).reshape(len(rows), dim),
        sent_offsets=np.zeros(len(rows) + 1, dtype=np.int64),
        sentences=np.zeros((0, dim), dtype=np.int8),  # they stay on the executors
        story=_sparse_rows([r.story_cols for r in rows], [r.story_vals for r in rows]),
    )


def _sparse_rows(columns: list[bytes], values: list[bytes] | None) -> sparse.csr_matrix:
    """CSR rows from each article's serialised columns (and values; None: all ones)."""
    cols = [np.frombuffer(c, dtype=np.int32) for c in columns]
    indptr = np.zeros(len(cols) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in cols], out=indptr[1:])
    flat = np.concatenate(cols) if cols else np.zeros(0, np.int32)
    data = (
        np.concatenate([np.frombuffer(v, dtype=np.float32) for v in values])
        if values
        else np.ones(len(flat), dtype=np.float32)
    )
    return sparse.csr_matrix((data, flat, indptr), shape=(len(cols), BLOCKS << COLUMN_BITS))


def _lexical_pairs(features_df: Any, settings: CorpusSettings) -> np.ndarray:
    from storytrace.corpus.candidates import band_keys

    bands, links = settings.lsh_bands, settings.bucket_links

    def emit(row: Any) -> Iterator[tuple[tuple[int, int], int]]:
        if row.shingles <= 0:
            return
        keys = band_keys(np.array([row.minhash], dtype=np.uint32), bands)[0]
        for band, key in enumerate(keys.tolist()):
            yield (band, key), row.idx

    def pairs_of(members: Any) -> list[tuple[int, int]]:
        ids = np.array(sorted(members), dtype=np.int64)
        found = bucket_pairs(np.zeros(len(ids), dtype=np.uint64), ids, links)
        return [tuple(p) for p in found.tolist()]

    grouped = (
        features_df.select("idx", "shingles", "minhash")
        .rdd.flatMap(emit)
        .groupByKey()
        .filter(lambda kv: len(kv[1]) > 1)
        .flatMap(lambda kv: pairs_of(kv[1]))
    )
    found = grouped.collect()
    return unique_pairs(np.array(found, dtype=np.int64).reshape(-1, 2))


def _semantic_pairs(
    spark: Any, doc: np.ndarray, days: np.ndarray | None, settings: CorpusSettings
) -> np.ndarray:
    n = len(doc)
    shared = spark.sparkContext.broadcast((doc, days))
    step = max(1024, -(-n // (4 * spark.sparkContext.defaultParallelism)))
    ranges = [(s, min(n, s + step)) for s in range(0, n, step)]

    def search(bounds: tuple[int, int]) -> list[tuple[int, int]]:
        vectors, day_numbers = shared.value
        pairs, _ = semantic_candidates(vectors, settings, rows=bounds, days=day_numbers)
        return [tuple(p) for p in pairs.tolist()]

    found = spark.sparkContext.parallelize(ranges, len(ranges) or 1).flatMap(search).collect()
    shared.unpersist()
    return unique_pairs(np.array(found, dtype=np.int64).reshape(-1, 2))


def _candidates(
    features: Features, lexical: np.ndarray, semantic: np.ndarray, settings: CorpusSettings
) -> Candidates:
    pairs = unique_pairs(np.concatenate([lexical, semantic]))
    jaccard = estimated_jaccard(features.minhash, pairs)
    cosine = pair_cosines(features.doc, pairs)
    keep = cap_per_article(
        pairs, np.maximum(jaccard, cosine), len(features), settings.max_candidates
    )
    return Candidates(
        pairs[keep],
        member_mask(pairs, lexical)[keep],
        member_mask(pairs, semantic)[keep],
        jaccard[keep],
        cosine[keep],
    )


def _verify(
    spark: Any,
    features_df: Any,
    features: Features,
    candidates: Candidates,
    settings: CorpusSettings,
) -> Any:
    from pyspark.sql import types as T

    lexical = candidates.jaccard >= settings.duplicate_jaccard
    todo = np.flatnonzero(~lexical)
    schema = T.StructType(
        [
            T.StructField("k", T.LongType()),
            T.StructField("a", T.LongType()),
            T.StructField("b", T.LongType()),
        ]
    )
    pair_df = spark.createDataFrame(
        [(int(k), int(candidates.pairs[k, 0]), int(candidates.pairs[k, 1])) for k in todo],
        schema,
    )
    vectors = features_df.select("idx", "sentences")
    joined = pair_df.join(
        vectors.withColumnRenamed("idx", "a").withColumnRenamed("sentences", "sa"), "a"
    ).join(vectors.withColumnRenamed("idx", "b").withColumnRenamed("sentences", "sb"), "b")
    dim = features.doc.shape[1]
    threshold = settings.sentence_cosine

    def shares(part: Iterator[Any]) -> Iterator[tuple[int, float, float]]:
        for row in part:
            sa = np.frombuffer(row.sa, dtype=np.int8).reshape(-1, dim)
            sb = np.frombuffer(row.sb, dtype=np.int8).reshape(-1, dim)
            a, b = sentence_shares(sa, norms(sa), sb, norms(sb), threshold)
            yield int(row.k), a, b

    aligned_a = np.zeros(len(candidates.pairs), dtype=np.float32)
    aligned_b = np.zeros(len(candidates.pairs), dtype=np.float32)
    for k, a, b in joined.rdd.mapPartitions(shares).collect():
        aligned_a[k], aligned_b[k] = a, b
    if len(candidates.pairs):
        cont_a, cont_b = lexical_containment(
            candidates.jaccard,
            features.shingles[candidates.pairs[:, 0]],
            features.shingles[candidates.pairs[:, 1]],
        )
        aligned_a[lexical], aligned_b[lexical] = cont_a[lexical], cont_b[lexical]
    assert features.story is not None
    return edges_from(
        candidates.pairs,
        candidates.jaccard,
        aligned_a,
        aligned_b,
        candidates.cosine,
        lexical,
        settings,
        story=features.story,
    )
