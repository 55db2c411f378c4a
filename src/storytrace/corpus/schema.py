"""The corpus database schema (DuckDB), version ``CORPUS_SCHEMA_VERSION``.

One file holds a whole corpus. Tables, and which ``storytrace.models`` record each row maps:

``schema_version``  (version, created)                     — one row; checked on open
``articles``        one row per ingested input (an ``Article``)
    id            VARCHAR PK  hash of the input's source and raw content: the resume key
    text_hash     VARCHAR     ``Article.id`` (hash of the clean text: equal for verbatim copies)
    source        VARCHAR     path, path#line, WARC record or URL it came from
    url, title, outlet, author, published (DATE as ISO text), language, text
    ingested_at   TIMESTAMP
``paragraphs``      (article_id, idx, start, end)           — ``Article.paragraphs`` spans
``sentences``       (article_id, idx, start, end)           — ``Article.sentences`` spans
``headings``        (article_id, idx, start, end)           — ``Article.headings`` spans (1.1)
``removed``         (article_id, idx, reason, at, text)     — ``Article.removed`` blocks
``failures``        (source, stage, error, reason, run_id, at) — inputs that could not be read,
                    one row per input (its latest failure; replaced when it is retried)
``runs``            (run_id, command, started, finished, settings JSON, summary JSON)
``signatures``      (article_id, shingles, minhash UINTEGER[]) — of the last clustering run
``candidates``      (a, b, lexical, semantic, cosine)       — candidate pairs, a < b
``pairs``           (a, b, jaccard, aligned_a, aligned_b, cosine, method, score)
                    — verified reuse relations (the edges the clusters are built from)
``clusters``        (article_id, story_id)                  — story_id = smallest member id
``alignments``      (a, b, idx, a_start, a_end, b_start, b_end, kind, score, similarity)
                    — passage alignments (``Alignment``) from the aligner, per verified pair
``discrepancies``   (a, b, idx, type, severity, a_start, a_end, b_start, b_end, value_a,
                     value_b, explanation, confidence) — ``Discrepancy`` rows per pair

Spans are character offsets into ``articles.text``, as in ``Article``. Bump the version on any
change; ``open_store`` refuses a database written with another major version.
"""

from __future__ import annotations

# 1.1: the headings table (a 1.0 database reads with no headings: facts fall back to
# paragraphs without sentences).
CORPUS_SCHEMA_VERSION = "1.1"

DDL = """
CREATE TABLE IF NOT EXISTS schema_version (
    version VARCHAR NOT NULL, created TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, text_hash VARCHAR NOT NULL, source VARCHAR NOT NULL, url VARCHAR,
    title VARCHAR, outlet VARCHAR, author VARCHAR, published VARCHAR, language VARCHAR,
    text VARCHAR NOT NULL, ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS paragraphs (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS headings (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS removed (
    article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, reason VARCHAR NOT NULL,
    "at" INTEGER NOT NULL,
    text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    source VARCHAR NOT NULL, stage VARCHAR NOT NULL, error VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, command VARCHAR NOT NULL, started TIMESTAMP NOT NULL,
    finished TIMESTAMP, settings VARCHAR, summary VARCHAR
);
CREATE TABLE IF NOT EXISTS signatures (
    article_id VARCHAR PRIMARY KEY, shingles INTEGER NOT NULL, minhash UINTEGER[] NOT NULL
);
CREATE TABLE IF NOT EXISTS candidates (
    a VARCHAR NOT NULL, b VARCHAR NOT NULL, lexical BOOLEAN NOT NULL, semantic BOOLEAN NOT NULL,
    cosine REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pairs (
    a VARCHAR NOT NULL, b VARCHAR NOT NULL, jaccard REAL NOT NULL, aligned_a REAL NOT NULL,
    aligned_b REAL NOT NULL, cosine REAL NOT NULL, method VARCHAR NOT NULL, score REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS clusters (article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS alignments (
    a VARCHAR NOT NULL, b VARCHAR NOT NULL, idx INTEGER NOT NULL, a_start INTEGER NOT NULL,
    a_end INTEGER NOT NULL, b_start INTEGER NOT NULL, b_end INTEGER NOT NULL, kind VARCHAR NOT NULL,
    score REAL NOT NULL, similarity REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS discrepancies (
    a VARCHAR NOT NULL, b VARCHAR NOT NULL, idx INTEGER NOT NULL, type VARCHAR NOT NULL,
    severity VARCHAR NOT NULL, a_start INTEGER, a_end INTEGER, b_start INTEGER, b_end INTEGER,
    value_a VARCHAR, value_b VARCHAR, explanation VARCHAR NOT NULL, confidence REAL NOT NULL
);
"""

# Column types for bulk loads (JSON lines read by DuckDB's reader: no row-by-row inserts).
COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "id": "VARCHAR",
        "text_hash": "VARCHAR",
        "source": "VARCHAR",
        "url": "VARCHAR",
        "title": "VARCHAR",
        "outlet": "VARCHAR",
        "author": "VARCHAR",
        "published": "VARCHAR",
        "language": "VARCHAR",
        "text": "VARCHAR",
        "ingested_at": "TIMESTAMP",
    },
    "paragraphs": {"article_id": "VARCHAR", "idx": "INTEGER", "start": "INTEGER", "end": "INTEGER"},
    "sentences": {"article_id": "VARCHAR", "idx": "INTEGER", "start": "INTEGER", "end": "INTEGER"},
    "headings": {"article_id": "VARCHAR", "idx": "INTEGER", "start": "INTEGER", "end": "INTEGER"},
    "removed": {
        "article_id": "VARCHAR",
        "idx": "INTEGER",
        "reason": "VARCHAR",
        "at": "INTEGER",
        "text": "VARCHAR",
    },
    "failures": {
        "source": "VARCHAR",
        "stage": "VARCHAR",
        "error": "VARCHAR",
        "reason": "VARCHAR",
        "run_id": "VARCHAR",
        "at": "TIMESTAMP",
    },
    "signatures": {"article_id": "VARCHAR", "shingles": "INTEGER", "minhash": "UINTEGER[]"},
    "candidates": {
        "a": "VARCHAR",
        "b": "VARCHAR",
        "lexical": "BOOLEAN",
        "semantic": "BOOLEAN",
        "cosine": "REAL",
    },
    "pairs": {
        "a": "VARCHAR",
        "b": "VARCHAR",
        "jaccard": "REAL",
        "aligned_a": "REAL",
        "aligned_b": "REAL",
        "cosine": "REAL",
        "method": "VARCHAR",
        "score": "REAL",
    },
    "clusters": {"article_id": "VARCHAR", "story_id": "VARCHAR"},
    "alignments": {
        "a": "VARCHAR",
        "b": "VARCHAR",
        "idx": "INTEGER",
        "a_start": "INTEGER",
        "a_end": "INTEGER",
        "b_start": "INTEGER",
        "b_end": "INTEGER",
        "kind": "VARCHAR",
        "score": "REAL",
        "similarity": "REAL",
    },
    "discrepancies": {
        "a": "VARCHAR",
        "b": "VARCHAR",
        "idx": "INTEGER",
        "type": "VARCHAR",
        "severity": "VARCHAR",
        "a_start": "INTEGER",
        "a_end": "INTEGER",
        "b_start": "INTEGER",
        "b_end": "INTEGER",
        "value_a": "VARCHAR",
        "value_b": "VARCHAR",
        "explanation": "VARCHAR",
        "confidence": "REAL",
    },
}
# Tables a clustering run replaces as a whole (derived data; articles are never touched).
DERIVED_TABLES = ("signatures", "candidates", "pairs", "clusters", "alignments", "discrepancies")
