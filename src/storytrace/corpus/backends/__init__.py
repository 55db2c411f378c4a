"""Engines: where the corpus pipeline runs. Chosen by ``CorpusSettings.engine``."""

from __future__ import annotations

from typing import Protocol

from storytrace.corpus.config import CorpusSettings
from storytrace.corpus.pipeline import ClusterResult, Progress
from storytrace.corpus.store import CorpusStore


class Engine(Protocol):
    """Runs signatures -> candidates -> verify -> cluster over a store's articles."""

    name: str

    def cluster(self, store: CorpusStore, progress: Progress | None = None) -> ClusterResult: ...


def get_engine(settings: CorpusSettings) -> Engine:
    if settings.engine == "spark":
        from storytrace.corpus.backends.spark import SparkEngine

        return SparkEngine(settings)
    from storytrace.corpus.backends.local import LocalEngine

    return LocalEngine(settings)


__all__ = ["Engine", "get_engine"]
