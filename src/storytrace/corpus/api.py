"""Corpus entry points: the CLI (``storytrace.cli_corpus``) is a thin layer over these."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.corpus.backends import get_engine
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, CorpusSettings
from storytrace.corpus.ingest import IngestReport, ProgressHook, ingest
from storytrace.corpus.pipeline import ClusterResult, Progress
from storytrace.corpus.results import save_result
from storytrace.corpus.store import open_store

log = logging.getLogger(__name__)


def ingest_corpus(
    paths: list[str],
    db: Path,
    settings: Settings = DEFAULT_SETTINGS,
    corpus: CorpusSettings = DEFAULT_CORPUS_SETTINGS,
    progress: ProgressHook | None = None,
) -> IngestReport:
    """Extract every article under ``paths`` into the database at ``db`` (resumable)."""
    with open_store(db) as store:
        return ingest(paths, store, settings, corpus, progress)


def cluster_corpus(
    db: Path, corpus: CorpusSettings = DEFAULT_CORPUS_SETTINGS, progress: Progress | None = None
) -> ClusterResult:
    """Group the stored articles into stories with the configured engine; store the result."""
    engine = get_engine(corpus)  # validates the engine (and Spark's presence) before any work
    with open_store(db) as store:
        run_id = store.start_run(f"cluster --engine {engine.name}", corpus.fingerprint())
        result = engine.cluster(store, progress)
        if progress:
            progress("store")
        save_result(store, result)
        store.finish_run(run_id, result.summary())
    return result


@dataclass(frozen=True, slots=True)
class Stats:
    path: str
    schema_version: str
    size_bytes: int
    counts: dict[str, int]
    languages: list[tuple[str, int]]
    outlets: int
    first_date: str | None
    last_date: str | None
    failures_by_error: list[tuple[str, int]]


def _scalar(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def corpus_stats(db: Path) -> Stats:
    with open_store(db, read_only=True) as store:
        con = store.con
        counts = {
            t: store.count(t)
            for t in (
                "articles",
                "sentences",
                "removed",
                "failures",
                "signatures",
                "candidates",
                "pairs",
                "alignments",
                "discrepancies",
            )
        }
        counts["stories"] = _scalar(con, "SELECT count(DISTINCT story_id) FROM clusters")
        counts["multi_article_stories"] = _scalar(
            con,
            "SELECT count(*) FROM (SELECT story_id FROM clusters GROUP BY 1 HAVING count(*) > 1)",
        )
        first, last, outlets = con.execute(
            "SELECT min(published), max(published), count(DISTINCT outlet) FROM articles"
        ).fetchone()  # type: ignore[misc]
        return Stats(
            path=str(db),
            schema_version=con.execute("SELECT version FROM schema_version").fetchone()[0],  # type: ignore[index]
            size_bytes=db.stat().st_size,
            counts=counts,
            languages=con.execute(
                "SELECT coalesce(language, '?'), count(*) FROM articles "
                "GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
            ).fetchall(),
            outlets=int(outlets),
            first_date=first,
            last_date=last,
            failures_by_error=con.execute(
                "SELECT error, count(*) FROM failures GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall(),
        )
