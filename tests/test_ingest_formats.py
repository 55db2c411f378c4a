"""One registry of input formats: ``trace`` reads a folder exactly as ``ingest`` does, and both
report what they skip with the same ``Skipped`` record."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from storytrace.corpus.sources import Item, iter_items
from storytrace.errors import UnsupportedInputError
from storytrace.ingest import load_article
from storytrace.ingest.formats import Format, Skipped, format_of
from storytrace.ingest.sets import load_set

BODY = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "Officials said the plan adds 120 teachers and repairs two bridges.\n\n"
    "Critics argued that the spending was too high, while supporters praised the investment."
)


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        page = f"<html><body><article><p>Archived. {BODY}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://warc.example/1", "response", payload=io.BytesIO(page), http_headers=headers
            )
        )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "set"
    (root / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(f"Plain. {BODY}", encoding="utf-8")
    (root / "b.xhtml").write_text(
        f"<html><body><article><p>Markup. {BODY}</p></article></body></html>", encoding="utf-8"
    )
    with (root / "deeper" / "c.ndjson").open("w", encoding="utf-8") as handle:
        for i in range(2):
            handle.write(json.dumps({"text": f"Record {i}. {BODY}"}) + "\n")
    with (root / "d.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "text"])
        writer.writerow(["Row", f"Row. {BODY}"])
    _warc(root / "e.warc.gz")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # no registered format: not an input
    (root / "empty.md").write_bytes(b"")  # registered, unreadable: skipped with a reason
    return root


def test_trace_reads_a_folder_as_ingest_does(folder: Path) -> None:
    """`trace dir/` used to skip .csv, .ndjson and .xhtml, and read no WARC."""
    articles, skipped = load_set([folder])
    corpus = list(iter_items([str(folder)]))
    assert sorted(a.source for a in articles) == sorted(
        i.source for i in corpus if isinstance(i, Item) and not i.source.endswith("empty.md")
    )
    assert len(articles) == 6  # txt, xhtml, two ndjson records, one csv row, one WARC page
    assert [(Path(s.source).name, s.error) for s in skipped] == [("empty.md", "EmptyInputError")]
    assert str(skipped[0]) == f"{folder / 'empty.md'}: {skipped[0].reason}"


def test_skipped_is_the_corpus_failure_record() -> None:
    from storytrace.corpus.sources import Failure

    assert Failure is Skipped
    skip = Skipped("x.txt", "extract", "EmptyInputError", "empty file")
    assert skip.row("run1")["reason"] == "empty file"


def test_the_same_file_twice_through_a_link_is_read_once(folder: Path) -> None:
    (folder / "link.txt").symlink_to(folder / "a.txt")
    articles, skipped = load_set([folder / "a.txt", folder / "link.txt", folder / ".." / "set"])
    assert sum(1 for a in articles if a.source.endswith("a.txt")) == 1
    assert any(s.reason == "given twice; read once" for s in skipped)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.HTML.gz", Format.HTML),
        ("b.xhtml", Format.HTML),
        ("c.ndjson", Format.JSON_LINES),
        ("d.tsv", Format.CSV),
        ("e.arc.gz", Format.WARC),
        ("f.list", Format.URL_LIST),
        ("g.png", None),
    ],
)
def test_format_of(name: str, fmt: Format | None) -> None:
    assert format_of(name) is fmt


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("feed.csv", "text\nhello\n", "a CSV table"),
        ("crawl.warc", "WARC/1.0\r\n\r\n", r"a web archive \(WARC\)"),
        ("links.urls", "https://example.org/\n", "a list of URLs"),
    ],
)
def test_single_article_commands_point_containers_to_trace_or_ingest(
    tmp_path: Path, name: str, content: str, what: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnsupportedInputError, match=f"is {what}, which holds many articles"):
        load_article(path)
