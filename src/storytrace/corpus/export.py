"""Export: one record per article (source, URL, metadata, story id, text) as JSONL or Parquet.

DuckDB writes both formats itself, so no pandas or pyarrow is needed.
"""

from __future__ import annotations

from pathlib import Path

from storytrace.corpus.store import CorpusStore
from storytrace.errors import ConfigError

FORMATS = ("jsonl", "parquet")

_QUERY = """
SELECT a.id, a.source, a.url, a.title, a.outlet, a.author, a.published, a.language,
       c.story_id, a.text_hash, a.text
FROM articles a LEFT JOIN clusters c ON c.article_id = a.id
ORDER BY a.id
"""


def export(store: CorpusStore, path: Path, fmt: str | None = None, with_text: bool = True) -> int:
    """Write every article to ``path``; the format comes from ``fmt`` or the file suffix."""
    fmt = (
        (fmt or path.suffix.lstrip(".")).lower().replace("json", "jsonl").replace("jsonll", "jsonl")
    )
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    query = _QUERY if with_text else _QUERY.replace(", a.text\n", "\n")
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT json"
    path.parent.mkdir(parents=True, exist_ok=True)
    store.con.execute(f"COPY ({query}) TO '{_quoted(path)}' ({options})")
    return store.count("articles")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
