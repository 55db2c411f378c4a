"""Export and store errors are the user's to fix: one line naming the path, exit 2, never
"internal error … please report it"; DuckDB never installs or loads an extension."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import duckdb
import pytest

from storytrace.cli import main
from storytrace.corpus import CorpusSettings, ingest_corpus, open_store
from storytrace.corpus.errors import StoreError
from storytrace.corpus.export import export
from storytrace.corpus.store import DUCKDB_CONFIG
from storytrace.errors import ConfigError, OutputError

BODY = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "Officials said the plan adds 120 teachers and repairs two bridges."
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    (folder / "a.txt").write_text(BODY, encoding="utf-8")
    path = folder / "c.duckdb"
    ingest_corpus([str(folder / "a.txt")], path, corpus=CorpusSettings(workers=1))
    return path


def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str):
    """Run the console entry point in-process: (exit code, stderr)."""
    monkeypatch.setattr(sys, "argv", ["storytrace", *args])
    with pytest.raises(SystemExit) as caught:
        main()
    return caught.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("target", "fmt", "message"),
    [
        ("/dev/full", "jsonl", "/dev/full: cannot write the export (no space left on device)"),
        ("{tmp}", None, "{tmp}: is a directory; give a file name to write to"),
        ("{tmp}", "jsonl", "{tmp}: is a directory; give a file name to write to"),
        ("{tmp}/out", None, "{tmp}/out: cannot tell the export format (no suffix)"),
        ("{tmp}/out.csv", None, "{tmp}/out.csv: cannot tell the export format (suffix '.csv')"),
        ("/proc/version/x.jsonl", None, "/proc/version/x.jsonl: cannot create the folder"),
    ],
    ids=["disk-full", "directory", "directory-with-format", "no-suffix", "csv", "unwritable"],
)
def test_export_errors_are_one_line_exit_2(
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    target: str,
    fmt: str | None,
    message: str,
) -> None:
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    out = target.format(tmp=tmp_path)
    args = ["export", out, "--db", str(db), *(["--format", fmt] if fmt else [])]
    code, err = cli(monkeypatch, capsys, *args)
    assert code == 2, err
    assert err.startswith("error: " + message.format(tmp=tmp_path)), err
    assert len(err.strip().splitlines()) == 1 and "please report" not in err


def test_export_error_types(db: Path, tmp_path: Path) -> None:
    with open_store(db, read_only=True) as store:
        with pytest.raises(OutputError):
            export(store, tmp_path)
        with pytest.raises(ConfigError, match="choose one of: jsonl, parquet"):
            export(store, tmp_path / "x.jsonl", "xml")
        assert export(store, tmp_path / "x.ndjson") == 1


def test_json_report_to_unwritable_path_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storytrace.serialize import write_output

    with pytest.raises(OutputError, match=r"^/dev/full: cannot write \(No space left"):
        write_output("/dev/full", "{}" * 10_000)
    with pytest.raises(OutputError, match="is a directory"):
        write_output(tmp_path, "{}")


def test_sqlite_db_is_refused_in_one_line_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It made DuckDB try to download its sqlite extension from the internet."""
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (a)")
    code, err = cli(monkeypatch, capsys, "stats", "--db", str(path))
    assert code == 2
    assert err == f"error: {path}: is an SQLite database, not a storytrace corpus; " + (
        "give a new or DuckDB --db file\n"
    )
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="not a DuckDB database"):
        open_store(tmp_path / "notes.txt")
    (tmp_path / "empty.db").write_bytes(b"")
    with pytest.raises(StoreError, match="empty file, not a DuckDB database"):
        open_store(tmp_path / "empty.db")


def test_store_connection_never_installs_or_loads_extensions(db: Path) -> None:
    assert DUCKDB_CONFIG["autoinstall_known_extensions"] is False
    with open_store(db, read_only=True) as store:
        settings = dict(
            store.con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN "
                "('autoinstall_known_extensions', 'autoload_known_extensions', "
                "'allow_community_extensions', 'lock_configuration')"
            ).fetchall()
        )
        assert set(settings.values()) == {"false", "true"}
        assert settings["autoinstall_known_extensions"] == "false"
        assert settings["autoload_known_extensions"] == "false"
        assert settings["lock_configuration"] == "true"
        with pytest.raises(duckdb.Error):  # locked: nothing can switch them back on
            store.con.execute("SET autoinstall_known_extensions = true")
        with pytest.raises(duckdb.Error):  # a function from an extension that is not loaded
            store.con.execute("SELECT * FROM sqlite_scan('x.db', 't')")
