"""The Spark engine gives the same clusters as the local engine (needs PySpark and Java 17).

Runs in the normal suite when both are present (~30 s on a quiet 2-core machine: the Spark
session and Python worker start-up dominate).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from fixtures.corpus.helpers import write_corpus

from storytrace.corpus import CorpusSettings, ingest_corpus, open_store
from storytrace.corpus.backends.local import LocalEngine

pyspark = pytest.importorskip("pyspark", reason="the spark engine needs the [spark] extra")
if shutil.which("java") is None:
    pytest.skip("the spark engine needs Java 17", allow_module_level=True)


def test_spark_engine_produces_the_local_clusters(tmp_path: Path) -> None:
    from storytrace.corpus.backends.spark import SparkEngine

    corpus = tmp_path / "feed.jsonl"
    write_corpus(corpus, n=40, seed=5)
    db = tmp_path / "c.duckdb"
    settings = CorpusSettings(workers=1, engine="spark", spark_master="local[2]")
    report = ingest_corpus([str(corpus)], db, corpus=settings)  # extraction on Spark too
    assert report.stored == 40 and not report.failures
    with open_store(db, read_only=True) as store:
        local = LocalEngine(settings).cluster(store)
        spark = SparkEngine(settings).cluster(store)
    assert spark.ids == local.ids
    assert np.array_equal(spark.candidates.pairs, local.candidates.pairs)
    assert np.array_equal(spark.edges.pairs, local.edges.pairs)
    assert spark.story_ids() == local.story_ids()
    assert len(set(local.story_ids())) < len(local.ids)  # it found stories, not only singletons
