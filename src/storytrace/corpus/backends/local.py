"""The local engine: articles streamed from DuckDB in id order, stages in-process with numpy.

Memory is what the features need (at 100k articles: signatures 51 MB, document vectors 26 MB,
sentence vectors ~0.9 GB as int8) plus one semantic block; texts are read a chunk at a time.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import cast

from storytrace.corpus.config import CorpusSettings, cores
from storytrace.corpus.embedding import word_table
from storytrace.corpus.features import Features, day_numbers, empty_features, featurize
from storytrace.corpus.pipeline import ClusterResult, Progress, run_stages
from storytrace.corpus.store import CorpusStore
from storytrace.corpus.wordweights import warm_up

log = logging.getLogger(__name__)


def _madvise_switch() -> Callable[[bool], bool] | None:
    """Numpy's switch for madvise(MADV_HUGEPAGE) on large arrays (see ``small_pages``)."""
    for name in ("numpy._core.multiarray", "numpy.core.multiarray"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        switch = getattr(module, "_set_madvise_hugepage", None)
        if switch is not None:
            return cast(Callable[[bool], bool], switch)
    return None


_set_madvise_hugepage = _madvise_switch()
_PAGES_LOCK = threading.Lock()

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
        with small_pages():
            if progress:
                progress("signatures")
            started = time.perf_counter()
            features = self.features(store)
            seconds = {"signatures": time.perf_counter() - started}
            return run_stages(features, self.settings, seconds, progress)


@contextmanager
def small_pages() -> Iterator[None]:
    """Numpy without transparent huge pages for the run (restored after).

    Numpy asks the kernel for huge pages on every array of 4 MB or more (madvise). Where the
    kernel then compacts memory to find them (``transparent_hugepage/defrag`` = ``madvise``, a
    common default, and the 2-core development VM's setting), first-touching those arrays cost
    more than the arithmetic in them: on the generated 10k corpus 2.3 s of system time per run
    against 0.9 s without, the same-story inputs of verify 1-3 s the first time and 0.3 s
    after. Every stage allocates fresh arrays of that size, once. ``NUMPY_MADVISE_HUGEPAGE``
    set in the environment is the user's choice and is left alone.
    """
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ or _set_madvise_hugepage is None:
        yield
        return
    with _PAGES_LOCK:
        before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        with _PAGES_LOCK:
            _set_madvise_hugepage(before)
