"""Export: one record per article (source, URL, metadata, story id, text) as JSONL or Parquet.

DuckDB writes both formats itself, so no pandas or pyarrow is needed.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from storytrace.corpus.store import CorpusStore
from storytrace.errors import ConfigError, OutputError, output_problem

FORMATS = ("jsonl", "parquet")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet"}

_QUERY = """
SELECT a.id, a.source, a.url, a.title, a.outlet, a.author, a.published, a.language,
       c.story_id, a.text_hash, a.text
FROM articles a LEFT JOIN clusters c ON c.article_id = a.id
ORDER BY a.id
"""


def export(store: CorpusStore, path: Path, fmt: str | None = None, with_text: bool = True) -> int:
    """Write every article to ``path``; the format comes from ``fmt`` or the file suffix.

    A path that cannot be written (a directory, no permission, a full disk) raises
    ``OutputError`` naming it, never a database error.
    """
    if path.is_dir():
        raise OutputError(str(path), "is a directory; give a file name to write to")
    fmt = export_format(path, fmt)
    check_writable(path)
    query = _QUERY if with_text else _QUERY.replace(", a.text\n", "\n")
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT json"
    try:
        store.con.execute(f"COPY ({query}) TO '{_quoted(path)}' ({options})")
    except duckdb.Error as error:
        raise OutputError(str(path), f"cannot write the export ({_reason(error)})") from error
    return store.count("articles")


def export_format(path: Path, fmt: str | None) -> str:
    """``fmt`` checked, or the format the suffix names; a clear error when neither says."""
    if fmt:
        chosen = fmt.lower().replace("json", "jsonl").replace("jsonll", "jsonl")
        if chosen not in FORMATS:
            raise ConfigError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return chosen
    suffix = path.suffix.lower()
    if suffix not in _SUFFIX_FORMATS:
        named = f"suffix {suffix!r}" if suffix else "no suffix"
        raise ConfigError(
            f"{path}: cannot tell the export format ({named}); name the file .jsonl or "
            f".parquet, or pass --format {'|'.join(FORMATS)}"
        )
    return _SUFFIX_FORMATS[suffix]


def check_writable(path: Path) -> None:
    """Refuse an output path that cannot be a file we write, before any work is done."""
    if path.is_dir():
        raise OutputError(str(path), "is a directory; give a file name to write to")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            str(path), f"cannot create the folder {parent} ({output_problem(error)})"
        ) from error
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(str(path), "permission denied (the file is not writable)")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(str(path), f"permission denied (cannot create files in {parent})")


def _reason(error: duckdb.Error) -> str:
    text = " ".join(str(error).split())
    lowered = text.lower()
    if "no space left" in lowered:
        return "no space left on device"
    if "permission denied" in lowered:
        return "permission denied"
    return text


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
