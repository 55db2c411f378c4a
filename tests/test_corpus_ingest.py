"""Ingest: every input kind, resumability, interruption, failures, store errors."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE_A, EXAMPLE_B

from storytrace.corpus import CorpusSettings, ingest_corpus, open_store
from storytrace.corpus.errors import StoreLockedError, StoreSchemaError

ONE = CorpusSettings(workers=1, batch_size=4)
BODY = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "Officials said the plan adds 120 teachers and repairs two bridges.\n\n"
    "Critics argued that the spending was too high, while supporters praised the investment."
)


def _sources(db: Path) -> set[str]:
    with open_store(db, read_only=True) as store:
        return {r[0] for r in store.con.execute("SELECT source FROM articles").fetchall()}


def _jsonl(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(
                json.dumps(
                    {
                        "url": f"https://news.example/{i}",
                        "text": f"Story {i}. {BODY}",
                        "date": f"2024-03-0{1 + i % 9}",
                        "outlet": "Example",
                    }
                )
                + "\n"
            )
    return path


def test_folder_is_read_recursively(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "deeper").mkdir(parents=True)
    (folder / "a.txt").write_text(EXAMPLE_A.read_text("utf-8"), encoding="utf-8")
    (folder / "deeper" / "b.txt").write_text(EXAMPLE_B.read_text("utf-8"), encoding="utf-8")
    (folder / "deeper" / "c.html").write_text(
        f"<html><head><title>Budget</title></head><body><article><p>{BODY}</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not an article: ignored in folders
    report = ingest_corpus([str(folder)], tmp_path / "c.duckdb", corpus=ONE)
    assert report.stored == 3, report.failures
    assert {Path(s).name for s in _sources(tmp_path / "c.duckdb")} == {"a.txt", "b.txt", "c.html"}


def test_jsonl_records_keep_their_metadata(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    ingest_corpus([str(_jsonl(tmp_path / "r.jsonl", 3))], db, corpus=ONE)
    with open_store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT url, outlet, published FROM articles ORDER BY url"
        ).fetchall()
    assert rows[0] == ("https://news.example/0", "Example", "2024-03-01")


def test_second_run_skips_what_is_stored(tmp_path: Path) -> None:
    db, corpus = tmp_path / "c.duckdb", _jsonl(tmp_path / "r.jsonl", 10)
    first = ingest_corpus([str(corpus)], db, corpus=ONE)
    second = ingest_corpus([str(corpus)], db, corpus=ONE)
    assert (first.stored, second.stored, second.skipped) == (10, 0, 10)
    with open_store(db, read_only=True) as store:
        assert store.count("articles") == 10


def test_interrupted_run_keeps_committed_batches_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storytrace.corpus import ingest as ingest_module

    db, corpus = tmp_path / "c.duckdb", _jsonl(tmp_path / "r.jsonl", 20)
    real = ingest_module.extract_item
    calls = {"n": 0}

    def dies_after_ten(item, settings):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > 10:
            raise KeyboardInterrupt
        return real(item, settings)

    monkeypatch.setattr(ingest_module, "extract_item", dies_after_ten)
    with pytest.raises(KeyboardInterrupt):
        ingest_corpus([str(corpus)], db, corpus=ONE)
    with open_store(db, read_only=True) as store:
        kept = store.count("articles")
    assert kept == 10  # every finished article was written, nothing half-written
    monkeypatch.setattr(ingest_module, "extract_item", real)
    resumed = ingest_corpus([str(corpus)], db, corpus=ONE)
    assert (resumed.skipped, resumed.stored) == (10, 10)


def test_failures_are_recorded_and_do_not_stop_the_run(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "r.jsonl", 3)
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
        handle.write(json.dumps({"url": "https://x.example/1", "title": "no body"}) + "\n")
        handle.write(json.dumps({"url": "https://x.example/2", "text": "   "}) + "\n")
    db = tmp_path / "c.duckdb"
    report = ingest_corpus([str(corpus), str(tmp_path / "missing.html")], db, corpus=ONE)
    assert report.stored == 3
    reasons = {f.error for f in report.failures}
    assert {"JSONDecodeError", "InputNotFoundError", "EmptyInputError"} <= reasons
    assert len(report.failures) == 4
    with open_store(db, read_only=True) as store:
        assert store.count("failures") == 4


def test_warc_responses_are_articles(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i, (status, ctype) in enumerate(
            [("200 OK", "text/html"), ("404 Not Found", "text/html"), ("200 OK", "image/png")]
        ):
            page = f"<html><body><article><p>Item {i}. {BODY}</p></article></body></html>".encode()
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://warc.example/{i}",
                "response",
                payload=io.BytesIO(page),
                http_headers=headers,
            )
            writer.write_record(record)
    db = tmp_path / "c.duckdb"
    report = ingest_corpus([str(path)], db, corpus=ONE)
    assert report.stored == 1
    assert [f.error for f in report.failures] == ["UnreachableError"]
    with open_store(db, read_only=True) as store:
        assert (
            store.con.execute("SELECT url FROM articles").fetchone()[0] == "https://warc.example/0"
        )


def test_csv_rows_are_articles(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["URL", "Text", "Date", "Outlet"])
        writer.writerow(["https://csv.example/1", BODY, "2024-05-01", "CSV Daily"])
        writer.writerow(["https://csv.example/2", "Second. " + BODY, "2024-05-02", "CSV Daily"])
    report = ingest_corpus([str(path)], tmp_path / "c.duckdb", corpus=ONE)
    assert report.stored == 2 and not report.failures


@pytest.fixture()
def local_site(tmp_path: Path) -> Iterator[str]:
    site = tmp_path / "site"
    site.mkdir()
    for i in range(2):
        (site / f"a{i}.html").write_text(
            f"<html><head><title>Page {i}</title></head><body><article><p>Page {i}. {BODY}</p>"
            "</article></body></html>",
            encoding="utf-8",
        )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_list_is_fetched(tmp_path: Path, local_site: str) -> None:
    urls = tmp_path / "feed.urls"
    urls.write_text(f"{local_site}/a0.html\n{local_site}/a1.html\n{local_site}/gone.html\n")
    db = tmp_path / "c.duckdb"
    report = ingest_corpus([str(urls)], db, corpus=ONE)
    assert report.stored == 2
    assert [f.error for f in report.failures] == ["UnreachableError"]
    assert ingest_corpus([str(urls)], db, corpus=ONE).skipped == 2


def test_parallel_ingest_matches_serial(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "r.jsonl", 12)
    ingest_corpus([str(corpus)], tmp_path / "one.duckdb", corpus=ONE)
    ingest_corpus([str(corpus)], tmp_path / "two.duckdb", corpus=CorpusSettings(workers=2))
    rows = []
    for name in ("one", "two"):
        with open_store(tmp_path / f"{name}.duckdb", read_only=True) as store:
            rows.append(store.con.execute("SELECT id, text FROM articles ORDER BY id").fetchall())
    assert rows[0] == rows[1]


def test_locked_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    open_store(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}); "
            "print('ready', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match="locked"):
            open_store(db)
    finally:
        holder.kill()
        holder.wait()


def test_incompatible_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    with open_store(db) as store:
        store.con.execute("UPDATE schema_version SET version = '9.0'")
    with pytest.raises(StoreSchemaError, match=r"9\.0"):
        open_store(db)


def test_stored_article_round_trips_with_its_headings(tmp_path: Path) -> None:
    from storytrace.ingest import load_article

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(EXAMPLE_A.read_text("utf-8"), encoding="utf-8")
    db = tmp_path / "c.duckdb"
    assert ingest_corpus([str(folder)], db, corpus=ONE).stored == 1
    expected = load_article(folder / "a.txt")
    assert expected.headings  # the example has three subheadings
    with open_store(db, read_only=True) as store:
        (key,) = [row[0] for row in store.con.execute("SELECT id FROM articles").fetchall()]
        stored = store.article(key)
    assert stored.text == expected.text
    assert stored.headings == expected.headings
    assert stored.sentences == expected.sentences
    assert stored.removed == expected.removed
