"""The local engine: articles streamed from DuckDB in id order, stages in-process with numpy.

Memory is what the features need (at 100k articles: signatures 51 MB, document vectors 26 MB,
sentence vectors ~0.9 GB as int8) plus one semantic block; texts are read a chunk at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.features import Features, day_numbers, empty_features, featurize
from storytrace.corpus.pipeline import ClusterResult, Progress, run_stages
from storytrace.corpus.store import CorpusStore

READ_CHUNK = 1024
# Below this many articles a process pool costs more (spawn, model load per worker) than it saves.
PARALLEL_FROM = 4000


class LocalEngine:
    name = "local"

    def __init__(self, settings: CorpusSettings) -> None:
        self.settings = settings

    def features(self, store: CorpusStore) -> Features:
        """Features of every article, in id order; chunks go to all cores on large corpora."""
        workers = self.settings.workers or _cores()
        chunks = store.iter_texts(READ_CHUNK)
        if (
            workers == 1
            or store.count("articles") < PARALLEL_FROM
            or self.settings.device == "cuda"
        ):
            parts = [featurize(chunk, self.settings) for chunk in chunks]
        else:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                futures = [pool.submit(featurize, chunk, self.settings) for chunk in chunks]
                parts = [future.result() for future in futures]
        features = Features.concat(parts) if parts else empty_features(self.settings.num_perm, 256)
        return replace(features, days=day_numbers(store.published_dates()))

    def cluster(self, store: CorpusStore, progress: Progress | None = None) -> ClusterResult:
        if progress:
            progress("signatures")
        started = time.perf_counter()
        features = self.features(store)
        seconds = {"signatures": time.perf_counter() - started}
        return run_stages(features, self.settings, seconds, progress)


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
