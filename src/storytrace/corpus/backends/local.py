"""The local engine: articles streamed from DuckDB in id order, stages in-process with numpy.

Memory is what the features need (at 100k articles: signatures 51 MB, document vectors 26 MB,
sentence vectors ~0.9 GB as int8) plus one semantic block; texts are read a chunk at a time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from storytrace.corpus.config import CorpusSettings, cores
from storytrace.corpus.embedding import word_table
from storytrace.corpus.features import Features, day_numbers, empty_features, featurize
from storytrace.corpus.pipeline import ClusterResult, Progress, run_stages
from storytrace.corpus.store import CorpusStore
from storytrace.corpus.wordweights import warm_up

log = logging.getLogger(__name__)

READ_CHUNK = 512  # articles per featurize call: big enough for numpy, small enough to share out


def _load_models(settings: CorpusSettings) -> None:
    """What every batch needs first; an error here is raised again by the batch itself."""
    try:
        word_table(settings.vector_dims)
        warm_up()
    except Exception:  # featurize raises it again
        log.debug("loading the word models ahead failed", exc_info=True)


class LocalEngine:
    name = "local"

    def __init__(self, settings: CorpusSettings) -> None:
        self.settings = settings

    def features(self, store: CorpusStore) -> Features:
        """Features of every article, in id order; chunks go to a thread per core.

        Threads, not processes: the stage is numpy, scipy and rensa, which release the GIL,
        and threads share one word table and need no start-up. Measured at 10k articles on
        2 cores: 3.2 s with threads, 6.0 s with a spawned process pool.
        """
        workers = self.settings.workers or cores()
        if self.settings.embedder == "wordllama":
            # The word table, the IDF and alias tables load (Python, ~1 s) while DuckDB runs
            # the first read (C++, without the GIL) instead of after it.
            loading = threading.Thread(target=_load_models, args=(self.settings,), daemon=True)
            loading.start()
        chunks = store.iter_texts(READ_CHUNK)
        if workers == 1 or self.settings.embedder != "wordllama":
            # a transformer embedder is one shared model that runs its own threads (or the GPU)
            parts = [featurize(chunk, self.settings) for chunk in chunks]
        else:
            parts = []
            with ThreadPoolExecutor(workers) as threads:
                pending: deque[Future[Features]] = deque()
                for chunk in chunks:  # at most 2 chunks a thread in memory at once
                    pending.append(threads.submit(featurize, chunk, self.settings))
                    if len(pending) >= 2 * workers:
                        parts.append(pending.popleft().result())
                parts.extend(future.result() for future in pending)
        features = (
            Features.concat(parts)
            if parts
            else empty_features(self.settings.num_perm, self.settings.vector_dims)
        )
        return replace(features, days=day_numbers(store.published_dates()))

    def cluster(self, store: CorpusStore, progress: Progress | None = None) -> ClusterResult:
        if progress:
            progress("signatures")
        started = time.perf_counter()
        features = self.features(store)
        seconds = {"signatures": time.perf_counter() - started}
        return run_stages(features, self.settings, seconds, progress)
