"""JSON and JSON Lines records: selection with #N, metadata overrides, bad records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storytrace.errors import EmptyInputError, UnsupportedInputError
from storytrace.ingest import iter_records, load_article
from storytrace.models import RemovalReason

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
JSONL = FIXTURES / "records.jsonl"
SINGLE = FIXTURES / "single.json"


def write_json(tmp_path: Path, name: str, value: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_ingest_records_text_record_with_metadata_override() -> None:
    article = load_article(f"{JSONL}#1")
    assert article.source == f"{JSONL}#1"
    assert article.title == "Border talks to resume"
    assert article.published == "2024-03-14"
    assert article.outlet == "Caucasus Daily"
    assert article.author == "Lena Hovhannisyan"
    assert article.text.startswith("Armenia and Azerbaijan agreed on Thursday")
    # the record's title repeated as the first line is recognised as the headline
    assert [b.reason for b in article.removed] == [RemovalReason.HEADLINE]


def test_ingest_records_html_record_uses_extraction() -> None:
    article = load_article(f"{JSONL}#2")
    assert article.text.startswith("Georgia's parliament passed a law on Tuesday")
    assert article.title == "Georgia passes law"
    assert article.language == "en"
    assert article.outlet == "example.org"  # no outlet field: the URL's host


def test_ingest_records_blank_lines_skipped_and_language_detected() -> None:
    article = load_article(f"{JSONL}#3")
    assert article.language == "de"
    assert article.text.startswith("Der Bundestag hat am Donnerstag")


def test_ingest_records_single_object_needs_no_selector() -> None:
    article = load_article(SINGLE)
    assert article.source == str(SINGLE)
    assert article.title == "Heat-pump sales halve in Germany"
    assert article.published == "2024-03-14"  # "published" and a written-out date
    assert article.outlet == "Energy Monitor"


def test_ingest_records_several_records_need_a_selector() -> None:
    with pytest.raises(UnsupportedInputError, match=r"holds 3 records; add '#N'") as caught:
        load_article(JSONL)
    assert "\n" not in str(caught.value)


def test_ingest_records_json_list_and_selector(tmp_path: Path) -> None:
    path = write_json(tmp_path, "list.json", [{"text": "First story text."}, {"text": "Second."}])
    assert load_article(f"{path}#2").text == "Second."
    with pytest.raises(UnsupportedInputError, match=r"#3 is out of range"):
        load_article(f"{path}#3")
    with pytest.raises(UnsupportedInputError, match="start at 1"):
        load_article(f"{path}#0")


def test_ingest_records_selector_on_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("A story that is plain text.", encoding="utf-8")
    with pytest.raises(UnsupportedInputError, match="picks a record"):
        load_article(f"{path}#1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "unterminated', "invalid JSON at line 1"),
        ("42", "is a JSON number"),
        ('["just a string"]', "item 1 is a JSON string"),
        ('{"body": "no text field", "id": 3}', "no 'text' or 'html' string field"),
        ('{"text": 12}', "no 'text' or 'html' string field"),
    ],
)
def test_ingest_records_bad_records(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnsupportedInputError, match=message) as caught:
        load_article(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_ingest_records_bad_json_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n{oops}\n', encoding="utf-8")
    with pytest.raises(UnsupportedInputError, match="line 2"):
        list(iter_records(path))


def test_ingest_records_empty_list(tmp_path: Path) -> None:
    path = write_json(tmp_path, "none.json", [])
    with pytest.raises(EmptyInputError, match="no records"):
        load_article(path)


def test_ingest_records_iter_records_all_formats(tmp_path: Path) -> None:
    assert [r.get("title") for r in iter_records(JSONL)] == [
        "Border talks to resume",
        None,
        None,
    ]
    assert next(iter(iter_records(SINGLE)))["outlet"] == "Energy Monitor"
    listed = write_json(tmp_path, "list.json", [{"text": "a"}, {"text": "b"}])
    assert [r["text"] for r in iter_records(listed)] == ["a", "b"]
    zipped = tmp_path / "corpus.jsonl.gz"
    zipped.write_bytes(gzip.compress(JSONL.read_bytes()))
    assert len(list(iter_records(zipped))) == 3
    assert load_article(f"{zipped}#3").language == "de"


def test_ingest_records_selector_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text('{"text": "First story here."}\n{"text": "Second story here."}\n', "utf-8")
    with pytest.raises(UnsupportedInputError, match=r"has 2 record\(s\); #5 is out of range"):
        load_article(f"{path}#5")
