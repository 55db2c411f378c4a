"""The corpus package's public names, the schema document, and the settings' validation."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

import storytrace.corpus as corpus
from storytrace.corpus.schema import COLUMNS, CORPUS_SCHEMA_VERSION, DDL
from storytrace.errors import ConfigError


def test_public_names_are_exported() -> None:
    assert len(set(corpus.__all__)) == len(corpus.__all__)
    for name in corpus.__all__:
        assert hasattr(corpus, name), name


def test_every_table_is_documented() -> None:
    doc = (REPO / "docs" / "corpus.md").read_text(encoding="utf-8")
    assert f"schema version {CORPUS_SCHEMA_VERSION}" in doc
    tables = [line.split()[5] for line in DDL.splitlines() if line.startswith("CREATE TABLE")]
    for table in tables:
        assert f"`{table}`" in doc, table
        assert table in (corpus.schema.__doc__ or ""), table
    assert set(COLUMNS) <= set(tables)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"engine": "dask"}, "local, spark"),
        ({"num_perm": 100}, "multiple of lsh_bands"),
        ({"cohesion": 1.5}, "within [0, 1]"),
        ({"device": "tpu"}, "cpu, cuda"),
    ],
)
def test_bad_settings_fail_at_once(change: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        corpus.CorpusSettings(**change)
