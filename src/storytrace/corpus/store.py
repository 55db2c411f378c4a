"""The corpus store: one DuckDB file (schema in ``storytrace.corpus.schema``).

Writes are bulk loads: rows go to a temporary JSON-lines file that DuckDB's own reader loads in
one statement (row-by-row ``executemany`` runs at ~1k rows/s here; the reader at > 40k), inside
one transaction per batch, so an interrupted run keeps every batch it committed and nothing
half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb

from storytrace.corpus.errors import StoreError, StoreLockedError, StoreSchemaError
from storytrace.corpus.schema import COLUMNS, CORPUS_SCHEMA_VERSION, DDL, DERIVED_TABLES
from storytrace.models import Article, RemovalReason, RemovedBlock, Span

log = logging.getLogger(__name__)

Row = Mapping[str, Any]

# DuckDB installs and loads extensions on demand, from the internet: a SQLite file given as
# --db made it try to download its sqlite scanner. storytrace needs no extension (JSON and
# Parquet are built in), so none is ever installed or loaded, and the settings are locked so no
# later statement can turn that back on. File access stays on: the bulk loads read temporary
# JSON-lines files and ``export`` writes where the user asks (no query text comes from input).
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
_FOREIGN_DATABASES = ((b"SQLite format 3\x00", "an SQLite database"),)


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


class CorpusStore:
    """A connection to one corpus database, with the reads and writes the pipeline needs."""

    def __init__(self, path: Path | str, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(
                str(self.path), "no corpus database here; run `storytrace ingest` first"
            )
        _check_is_duckdb(self.path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=DUCKDB_CONFIG)
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise StoreLockedError(
                    str(self.path),
                    "database is locked by another storytrace process; wait for "
                    "it to finish or use another --db",
                ) from error
            raise StoreError(
                str(self.path), f"cannot open database ({_one_line(error)})"
            ) from error
        except duckdb.Error as error:
            raise StoreError(
                str(self.path), f"not a DuckDB database ({_one_line(error)})"
            ) from error
        if not read_only:
            self.con.execute(DDL)
        self._check_version(read_only)

    # --- lifecycle ----------------------------------------------------------------------------

    def _check_version(self, read_only: bool) -> None:
        try:
            rows = self.con.execute("SELECT version FROM schema_version").fetchall()
        except duckdb.CatalogException as error:
            raise StoreSchemaError(str(self.path), "not a storytrace corpus database") from error
        if not rows:
            if read_only:
                raise StoreSchemaError(str(self.path), "corpus database has no schema version")
            self.con.execute(
                "INSERT INTO schema_version VALUES (?, ?)", [CORPUS_SCHEMA_VERSION, now()]
            )
            return
        found = rows[0][0]
        if found.split(".")[0] != CORPUS_SCHEMA_VERSION.split(".")[0]:
            raise StoreSchemaError(
                str(self.path),
                f"corpus schema {found} is not readable by this storytrace (schema "
                f"{CORPUS_SCHEMA_VERSION}); re-ingest into a new --db",
            )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- bulk writes ----------------------------------------------------------------------------

    def load(self, table: str, rows: Iterable[Row]) -> int:
        """Append rows (dicts keyed by column) to ``table`` through one bulk read; the count."""
        columns = COLUMNS[table]
        fd, name = tempfile.mkstemp(prefix=f"storytrace-{table}-", suffix=".jsonl")
        count = 0
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                for row in rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
            if count:
                spec = ", ".join(f"'{c}': '{t}'" for c, t in columns.items())
                names = ", ".join(f'"{c}"' for c in columns)
                self.con.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM read_json(?, "
                    f"format='newline_delimited', columns={{{spec}}}, "
                    "maximum_object_size=268435456)",
                    [name],
                )
        finally:
            os.unlink(name)
        return count

    def write_articles(
        self, articles: list[tuple[str, str | None, Article]], failures: list[Row]
    ) -> None:
        """Store a batch of extracted articles (id, url, Article) and failures, atomically."""
        stamp = now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.load("articles", (_article_row(key, url, a, stamp) for key, url, a in articles))
            self.load("paragraphs", _span_rows(articles, "paragraphs"))
            self.load("sentences", _span_rows(articles, "sentences"))
            self.load("headings", _span_rows(articles, "headings"))
            self.load(
                "removed",
                (
                    {
                        "article_id": key,
                        "idx": i,
                        "reason": b.reason.value,
                        "at": b.at,
                        "text": b.text,
                    }
                    for key, _, article in articles
                    for i, b in enumerate(article.removed)
                ),
            )
            # One row per failing input, its latest reason: a resumed run retries failed inputs,
            # and an input that fails again (or now succeeds) replaces its earlier row.
            settled = sorted(
                {str(f["source"]) for f in failures} | {a.source for _, _, a in articles}
            )
            if settled:
                self.con.execute(
                    "DELETE FROM failures WHERE source IN (SELECT unnest(?::VARCHAR[]))", [settled]
                )
            self.load("failures", ({**f, "at": stamp} for f in failures))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def replace_derived(self, tables: Mapping[str, Iterable[Row]]) -> None:
        """Swap in a clustering run's outputs; the previous run's stay until this commits."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in DERIVED_TABLES:
                if table in tables:
                    self.con.execute(f"DELETE FROM {table}")
                    self.load(table, tables[table])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def start_run(self, command: str, settings: Mapping[str, Any]) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, NULL, ?, NULL)",
            [run_id, command, now(), json.dumps(settings, default=str)],
        )
        return run_id

    def finish_run(self, run_id: str, summary: Mapping[str, Any]) -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, summary = ? WHERE run_id = ?",
            [now(), json.dumps(summary, default=str), run_id],
        )

    # --- reads ------------------------------------------------------------------------------------

    def known_ids(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT id FROM articles").fetchall()}

    def count(self, table: str) -> int:
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]

    def iter_texts(
        self, chunk: int = 2048
    ) -> Iterator[list[tuple[str, str, list[int], list[int]]]]:
        """(id, text, sentence starts, sentence ends) in id order, ``chunk`` rows at a time."""
        cursor = self.con.cursor()
        cursor.execute(
            """
            SELECT a.id, a.text, coalesce(s.starts, []), coalesce(s.ends, [])
            FROM articles a LEFT JOIN (
                SELECT article_id, list("start" ORDER BY idx) AS starts,
                       list("end" ORDER BY idx) AS ends
                FROM sentences GROUP BY article_id
            ) s ON s.article_id = a.id
            ORDER BY a.id
            """
        )
        while rows := cursor.fetchmany(chunk):
            yield [(r[0], r[1], list(r[2]), list(r[3])) for r in rows]

    def published_dates(self) -> list[str | None]:
        """Publication dates in id order (the order of ``iter_texts``)."""
        return [
            r[0] for r in self.con.execute("SELECT published FROM articles ORDER BY id").fetchall()
        ]

    def article(self, article_id: str) -> Article:
        row = self.con.execute(
            "SELECT id, text_hash, source, text, title, outlet, author, published, language "
            "FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        if row is None:
            raise StoreError(str(self.path), f"no article {article_id!r} in this corpus")
        spans = {
            table: tuple(
                Span(s, e)
                for s, e in self.con.execute(
                    f'SELECT "start", "end" FROM {table} WHERE article_id = ? ORDER BY idx',
                    [article_id],
                ).fetchall()
            )
            for table in (
                "paragraphs",
                "sentences",
                *(("headings",) if self._has_headings() else ()),
            )
        }
        removed = tuple(
            RemovedBlock(text, RemovalReason(reason), at)
            for reason, at, text in self.con.execute(
                'SELECT reason, "at", text FROM removed WHERE article_id = ? ORDER BY idx',
                [article_id],
            ).fetchall()
        )
        _, text_hash, source, text, title, outlet, author, published, language = row
        del text_hash  # Article.id below is the corpus id: unique, unlike the text hash
        return Article(
            id=article_id,
            source=source,
            text=text,
            title=title,
            outlet=outlet,
            author=author,
            published=published,
            language=language,
            removed=removed,
            paragraphs=spans["paragraphs"],
            sentences=spans["sentences"],
            headings=spans.get("headings", ()),
        )

    def _has_headings(self) -> bool:
        """A 1.0 database opened read-only has no headings table."""
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'headings'"
        ).fetchone()
        return bool(row and row[0])


def _check_is_duckdb(path: Path) -> None:
    """Refuse a file that is not a DuckDB database before DuckDB guesses what else it might be."""
    if path.is_dir():
        raise StoreError(str(path), "is a directory; --db expects a corpus database file")
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError(str(path), "is not a regular file; --db expects a corpus database file")
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise StoreError(str(path), f"cannot read database ({error.strerror})") from error
    if not head:
        raise StoreError(
            str(path), "empty file, not a DuckDB database; delete it or give another --db"
        )
    for magic, what in _FOREIGN_DATABASES:
        if head.startswith(magic):
            raise StoreError(
                str(path), f"is {what}, not a storytrace corpus; give a new or DuckDB --db file"
            )
    if head[8:12] != _DUCKDB_MAGIC:
        raise StoreError(
            str(path), "not a DuckDB database (a storytrace corpus is one DuckDB file)"
        )


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _article_row(key: str, url: str | None, article: Article, stamp: str) -> dict[str, Any]:
    return {
        "id": key,
        "text_hash": article.id,
        "source": article.source,
        "url": url,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "text": article.text,
        "ingested_at": stamp,
    }


def _span_rows(articles: list[tuple[str, str | None, Article]], field: str) -> Iterator[Row]:
    for key, _, article in articles:
        for index, span in enumerate(getattr(article, field)):
            yield {"article_id": key, "idx": index, "start": span.start, "end": span.end}


def open_store(path: Path | str, read_only: bool = False) -> CorpusStore:
    """Open (creating when writable) the corpus database at ``path``."""
    return CorpusStore(path, read_only=read_only)
