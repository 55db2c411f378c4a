"""Corpus mode: thousands of articles in, stories out.

extract (``ingest``) -> signatures -> candidates -> verify -> cluster, stored in one DuckDB
file (``storytrace.corpus.schema``), run locally or on Spark (``storytrace.corpus.backends``).
Modules are private; these names are the API.
"""

from storytrace.corpus.analysis import analyse_story
from storytrace.corpus.api import Stats, cluster_corpus, corpus_stats, ingest_corpus
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, CorpusSettings, default_db_path
from storytrace.corpus.errors import (
    CorpusInputError,
    StoreError,
    StoreLockedError,
    StoreSchemaError,
)
from storytrace.corpus.export import export
from storytrace.corpus.ingest import IngestReport
from storytrace.corpus.metrics import Quality, quality
from storytrace.corpus.pipeline import ClusterResult
from storytrace.corpus.schema import CORPUS_SCHEMA_VERSION
from storytrace.corpus.store import CorpusStore, open_store
from storytrace.corpus.stories import StorySummary, StoryView, list_stories, story_view, trace_story

__all__ = [
    "CORPUS_SCHEMA_VERSION",
    "DEFAULT_CORPUS_SETTINGS",
    "ClusterResult",
    "CorpusInputError",
    "CorpusSettings",
    "CorpusStore",
    "IngestReport",
    "Quality",
    "Stats",
    "StoreError",
    "StoreLockedError",
    "StoreSchemaError",
    "StorySummary",
    "StoryView",
    "analyse_story",
    "cluster_corpus",
    "corpus_stats",
    "default_db_path",
    "export",
    "ingest_corpus",
    "list_stories",
    "open_store",
    "quality",
    "story_view",
    "trace_story",
]
