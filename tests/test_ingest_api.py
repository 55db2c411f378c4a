"""The public ingest API: its exports, and load_articles' duplicate checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import storytrace.ingest as ingest
from storytrace.errors import DuplicateInputError, InputNotFoundError
from storytrace.ingest import load_articles

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
STORY = FIXTURES / "wire_byline.txt"
OTHER = FIXTURES / "bio_variation.txt"


def test_ingest_api_exports() -> None:
    assert sorted(ingest.__all__) == [
        "clean_text",
        "extract_html",
        "iter_records",
        "load_article",
        "load_articles",
    ]
    for name in ingest.__all__:
        assert callable(getattr(ingest, name))


def test_ingest_api_load_articles_in_order() -> None:
    articles = load_articles([STORY, str(OTHER)])
    assert [a.source for a in articles] == [str(STORY), str(OTHER)]
    assert articles[0].id != articles[1].id


def test_ingest_api_same_file_twice(tmp_path: Path) -> None:
    with pytest.raises(DuplicateInputError, match="same input as") as caught:
        load_articles([STORY, STORY])
    assert str(caught.value).startswith(f"{STORY}: ")


def test_ingest_api_same_file_by_another_path(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(STORY)
    dotted = FIXTURES / "." / STORY.name
    for other in (link, dotted):
        with pytest.raises(DuplicateInputError):
            load_articles([STORY, other])


def test_ingest_api_same_content_in_two_files(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(STORY, copy)
    with pytest.raises(DuplicateInputError, match="same article text as") as caught:
        load_articles([STORY, copy])
    assert str(caught.value).startswith(f"{copy}: ")


def test_ingest_api_records_of_one_file_are_distinct() -> None:
    records = FIXTURES / "records.jsonl"
    articles = load_articles([f"{records}#1", f"{records}#2"])
    assert len(articles) == 2
    with pytest.raises(DuplicateInputError):
        load_articles([f"{records}#1", f"{records}#1"])


def test_ingest_api_duplicates_checked_before_loading(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(DuplicateInputError):
        load_articles([missing, missing])
    with pytest.raises(InputNotFoundError):
        load_articles([missing])
