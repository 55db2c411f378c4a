"""Ingest: inputs -> extracted articles in the store, on every core, resumable.

* Parallel: extraction runs in a process pool (``spawn``: no DuckDB or thread state is forked)
  on batches of items, with a bounded number of batches in flight so memory stays flat however
  large the input.
* Resumable: every item has a content key; keys already in the store are skipped before any
  work, and results are committed every ``batch_size`` articles, so an interrupted run keeps
  all it committed and the next run does only the rest.
* Failures never stop the run: each is stored with its reason and returned for the listing.
* ``engine="spark"``: the same ``extract_item`` runs on Spark executors, in waves of items read
  on the driver (the store stays one DuckDB file on the driver).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, CorpusSettings, cores
from storytrace.corpus.extract import Extracted, extract_item
from storytrace.corpus.sources import Failure, Item, iter_items
from storytrace.corpus.store import CorpusStore
from storytrace.ingest.formats import Format, format_of

log = logging.getLogger(__name__)

ITEMS_PER_TASK = 16  # items sent to a worker at once: amortises pickling, keeps ETA smooth


@dataclass(slots=True)
class IngestReport:
    run_id: str = ""
    stored: int = 0
    skipped: int = 0  # already in the store (or given twice)
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False

    def summary(self) -> dict[str, object]:
        return {
            "stored": self.stored,
            "skipped": self.skipped,
            "failed": len(self.failures),
            "interrupted": self.interrupted,
        }


ProgressHook = Callable[[int, int | None], None]  # (items done, total or None)


def ingest(
    paths: list[str],
    store: CorpusStore,
    settings: Settings = DEFAULT_SETTINGS,
    corpus: CorpusSettings = DEFAULT_CORPUS_SETTINGS,
    progress: ProgressHook | None = None,
) -> IngestReport:
    """Extract every article under ``paths`` into ``store``; returns what happened."""
    report = IngestReport(run_id=store.start_run("ingest", {"paths": paths}))
    known = store.known_ids()
    total = estimate_total(paths)
    done = 0
    pending: list[Extracted] = []

    def flush() -> None:
        articles = [(e.key, e.url, e.article) for e in pending if e.article is not None]
        failures = [e.failure for e in pending if e.failure is not None]
        store.write_articles(articles, [f.row(report.run_id) for f in failures])  # type: ignore[misc]
        report.stored += len(articles)
        report.failures.extend(failures)  # type: ignore[arg-type]
        known.update(e.key for e in pending if e.article is not None)
        pending.clear()

    results: Iterator[Extracted] | None = None
    try:
        items = _new_items(paths, known, report)
        results = (
            _extract_spark(items, settings, corpus)
            if corpus.engine == "spark"
            else _extract_all(items, settings, corpus.workers)
        )
        for result in results:
            pending.append(result)
            done += 1
            if len(pending) >= corpus.batch_size:
                flush()
            if progress:
                progress(done + report.skipped, total)
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        if isinstance(results, Generator):
            results.close()  # stops the worker pool now, not whenever the generator is collected
        flush()
        store.finish_run(report.run_id, report.summary())
    return report


def _new_items(paths: list[str], known: set[str], report: IngestReport) -> Iterator[Item | Failure]:
    seen: set[str] = set()
    for item in iter_items(paths):
        if isinstance(item, Item):
            if item.key in known or item.key in seen:
                report.skipped += 1
                continue
            seen.add(item.key)
        yield item


def _extract_all(
    items: Iterable[Item | Failure], settings: Settings, workers: int
) -> Iterator[Extracted]:
    workers = workers or cores()
    if workers == 1:  # in-process, one item at a time: each result is kept as soon as it exists
        for item in items:
            yield from _extract_batch([item], settings)
        return
    batches = _batches(items, ITEMS_PER_TASK)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )
    in_flight: set[Future[list[Extracted]]] = set()
    try:
        with _term_as_interrupt():
            for batch in batches:
                in_flight.add(pool.submit(_extract_batch, batch, settings))
                if len(in_flight) >= 4 * workers:
                    finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in finished:
                        yield from future.result()
            for future in list(in_flight):
                in_flight.discard(future)
                yield from future.result()
    except BaseException:
        # Interrupted (Ctrl-C, TERM) or failed: stop the workers now rather than let them
        # finish every batch in flight; what was committed stays, the rest is redone on resume.
        pool.shutdown(wait=False, cancel_futures=True)
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)


def _worker_init(parent: int) -> None:
    """Tie a worker's life to the ingest process that started it.

    Without this, a ``kill -9`` of ``storytrace ingest`` left its workers (hundreds of MB each)
    and, through them, multiprocessing's resource tracker running with parent 1. On Linux the
    kernel sends the worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); if the parent is
    gone already (it died while this worker started), the worker exits at once. Ctrl-C reaches
    the whole process group: the parent handles it and stops the pool, so workers ignore it
    instead of each printing a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return  # elsewhere the pool's own pipes end idle workers when the parent goes
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc prctl (unusual libc): best effort
        log.debug("PR_SET_PDEATHSIG unavailable; workers rely on the pool's pipes")


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@contextlib.contextmanager
def _term_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C: committed batches kept, the run recorded, workers
    stopped. Only the main thread can set signal handlers; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's worker processes (the executor has no public call for it)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.terminate()
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.join(timeout=5)


SPARK_WAVE = 4096  # items shipped to Spark at once: bounds driver memory, keeps ETA moving


def _extract_spark(
    items: Iterable[Item | Failure], settings: Settings, corpus: CorpusSettings
) -> Iterator[Extracted]:
    """The same extract function, run by Spark executors on waves of items."""
    from storytrace.corpus.backends.spark import spark_session

    context = spark_session(corpus.spark_master).sparkContext
    for wave in _batches(items, SPARK_WAVE):
        slices = max(1, len(wave) // ITEMS_PER_TASK)
        extracted = (
            context.parallelize(wave, slices)
            .map(lambda item: _extract_batch([item], settings)[0])
            .collect()
        )
        yield from extracted


def _extract_batch(batch: list[Item | Failure], settings: Settings) -> list[Extracted]:
    out = []
    for item in batch:
        if isinstance(item, Failure):
            out.append(Extracted("", None, None, item))
        else:
            out.append(extract_item(item, settings))
    return out


def _batches(items: Iterable[Item | Failure], size: int) -> Iterator[list[Item | Failure]]:
    batch: list[Item | Failure] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def estimate_total(paths: list[str]) -> int | None:
    """Items to expect, for the ETA: lines of record files, one per article file.

    None when a WARC is among the inputs (counting its records means reading it all).
    """
    total = 0
    for path in paths:
        files = (
            [os.path.join(r, n) for r, _, names in os.walk(path) for n in names]
            if os.path.isdir(path)
            else [path]
        )
        for name in files:
            fmt = format_of(name)
            if fmt is Format.WARC:
                return None
            if fmt in (Format.JSON_LINES, Format.CSV, Format.URL_LIST) and not name.endswith(".gz"):
                try:
                    with open(name, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total
