"""Corpus errors, under the package tree (``storytrace.errors``)::

    StorytraceError
     ├── InputError ─ CorpusInputError   a corpus input (folder, list, WARC) cannot be read at all
     └── StoreError                      the corpus database cannot be used
          ├── StoreLockedError             another process holds the database
          └── StoreSchemaError             written by an incompatible storytrace version

``ConfigError`` (bad ``--engine``, thresholds) comes from ``storytrace.errors`` unchanged.
Per-article problems are not raised: they are recorded in the ``failures`` table.
"""

from __future__ import annotations

from storytrace.errors import InputError, StorytraceError


class CorpusInputError(InputError):
    pass


class StoreError(StorytraceError):
    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class StoreLockedError(StoreError):
    pass


class StoreSchemaError(StoreError):
    pass
