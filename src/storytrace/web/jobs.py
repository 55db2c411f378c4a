"""Background jobs: long work (a compare, a trace) runs off the request, progress is polled.

A ``JobRegistry`` owns a small thread pool (the models are shared and thread-safe, and two
cores are all a laptop spares) and a bounded table of jobs: the oldest finished jobs are
forgotten first, so a server that runs for weeks keeps a fixed amount of results in memory.
A job's function receives a ``report(stage, done, total)`` callback, the same shape as the
library's ``Progress`` hook, so ``api.trace`` reports straight into the job.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from storytrace.errors import StorytraceError

log = logging.getLogger(__name__)

Report = Callable[[str, int, int], None]
T = TypeVar("T")


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(slots=True)
class Job:
    """One unit of background work. Mutable: the worker thread updates it under the lock."""

    id: str
    kind: str  # "compare", "trace", "story-trace"
    title: str
    state: JobState = JobState.QUEUED
    stage: str = "queued"
    done: int = 0
    total: int = 0
    result: Any = None
    error: str | None = None  # one line a user can act on (a StorytraceError's message)
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def status(self) -> dict[str, Any]:
        """What the polling endpoint returns (never the result itself: that has its own URL)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "state": self.state.value,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "error": self.error,
            "seconds": round((self.finished or time.time()) - self.created, 2),
        }


class BusyError(StorytraceError):
    """Too many jobs waiting: the caller should try again later (HTTP 429)."""


class JobRegistry:
    """Runs jobs on ``workers`` threads, keeps at most ``keep`` of them, queues ``max_pending``."""

    def __init__(self, workers: int = 2, keep: int = 200, max_pending: int = 100) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storytrace-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self.keep = keep
        self.max_pending = max_pending
        self._waiting = 0  # calls of ``run`` not finished yet

    def submit(self, kind: str, title: str, work: Callable[[Report], Any]) -> Job:
        """Queue ``work``; ``BusyError`` when ``max_pending`` jobs are already unfinished."""
        job = Job(id=secrets.token_urlsafe(9), kind=kind, title=title)
        with self._lock:
            pending = sum(1 for j in self._jobs.values() if j.finished is None)
            if pending >= self.max_pending:
                raise BusyError(f"{pending} jobs are waiting; try again in a minute")
            self._jobs[job.id] = job
            self._evict()
        self._pool.submit(self._run, job, work)
        return job

    def run(self, work: Callable[[], T], max_waiting: int = 500) -> Future[T]:
        """Run ``work`` on the pool without a job record (a small compare answered at once);
        ``BusyError`` when ``max_waiting`` such calls are already queued or running."""
        with self._lock:
            if self._waiting >= max_waiting:
                raise BusyError(f"{self._waiting} requests are waiting; try again in a minute")
            self._waiting += 1
        future = self._pool.submit(work)
        future.add_done_callback(self._one_less)
        return future

    def _one_less(self, _: Future[Any]) -> None:
        with self._lock:
            self._waiting -= 1

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: Job, work: Callable[[Report], Any]) -> None:
        def report(stage: str, done: int, total: int) -> None:
            with self._lock:
                job.stage, job.done, job.total = stage, done, total

        with self._lock:
            job.state, job.stage = JobState.RUNNING, "starting"
        try:
            result = work(report)
        except StorytraceError as error:
            self._finish(job, None, " ".join(str(error).split()))
        except Exception as error:  # a bug: keep the server up, say so on the page and in the log
            log.exception("job %s (%s) failed", job.id, job.kind)
            self._finish(job, None, f"internal error: {type(error).__name__}: {error}")
        else:
            self._finish(job, result, None)

    def _finish(self, job: Job, result: Any, error: str | None) -> None:
        with self._lock:
            job.result, job.error, job.finished = result, error, time.time()
            job.state = JobState.FAILED if error else JobState.DONE
            job.stage = "failed" if error else "done"

    def _evict(self) -> None:
        """Drop the oldest finished jobs beyond ``keep`` (running ones are never dropped)."""
        excess = len(self._jobs) - self.keep
        for job_id in [j.id for j in self._jobs.values() if j.finished is not None][:excess]:
            del self._jobs[job_id]
