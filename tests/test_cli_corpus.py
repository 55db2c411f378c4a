"""Corpus commands as a user meets them: short story ids, prefixes, hostile titles, bad paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import EXAMPLE_A, EXAMPLE_B
from typer.testing import CliRunner

from storytrace.cli_corpus import register
from storytrace.corpus import open_store
from storytrace.corpus.errors import StoreError
from storytrace.corpus.stories import SHORT_ID_CHARS, resolve_story_id, short_ids

CLI = [sys.executable, "-m", "storytrace.cli"]
HOSTILE = "[/bold] evil [bold red]INJECT[/] \x1b[2J\x1b]0;pwned\x07"


def run(
    *args: str | Path, timeout: int = 120, columns: int = 80
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run(
        [*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env
    )


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    return app


@pytest.fixture(scope="module")
def db(app: typer.Typer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two copies of one article with a hostile title, author and outlet, and one other."""
    folder = tmp_path_factory.mktemp("hostile")
    a, b = EXAMPLE_A.read_text("utf-8"), EXAMPLE_B.read_text("utf-8")
    records = [
        {"url": "https://x.example/[/bold]a", "text": a, "title": HOSTILE,
         "author": "[/bold] evil", "outlet": "[red]Out", "date": "2023-10-12"},
        {"url": "https://y.example/b", "text": a.replace("Blinken", "Blinken said"),
         "title": "copy " + HOSTILE, "outlet": "Other", "date": "2023-10-13"},
        {"url": "https://z.example/c", "text": b, "title": "b", "outlet": "Zed",
         "date": "2023-10-14"},
    ]  # fmt: skip
    feed = folder / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    path = folder / "c.duckdb"
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", str(feed), "--db", str(path), "--workers", "1", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["cluster", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_stories_prints_hostile_titles_literally_with_short_ids(db):
    wide = run("stories", "--db", db, "--min-size", "1", columns=300)
    assert wide.returncode == 0, wide.stderr
    assert "[/bold] evil [bold red]INJECT[/]" in wide.stdout  # escapes: stripped at ingest or shown
    assert "[red]Out" in wide.stdout and "\x1b" not in wide.stdout
    result = run("stories", "--db", db, "--min-size", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    with open_store(db, read_only=True) as store:
        ids = [r[0] for r in store.con.execute("SELECT DISTINCT story_id FROM clusters").fetchall()]
        short = short_ids(store, ids)
    for story_id in ids:
        assert short[story_id] in out  # whole: never cut by the table width
        assert len(short[story_id]) >= SHORT_ID_CHARS
        assert story_id.startswith(short[story_id])
    assert len(set(short.values())) == len(ids)


def test_story_accepts_a_prefix_and_lists_changed_facts_first(db):
    with open_store(db, read_only=True) as store:
        big = store.con.execute(
            "SELECT story_id FROM clusters GROUP BY story_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
    result = run("story", big[:SHORT_ID_CHARS], "--db", db, "--no-trace", timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"story {big}" in out
    assert "\x1b" not in out and "[/bold] evil" in out
    if "one-sided material" in out:
        assert out.index("changed facts") < out.index("one-sided material")
    assert "top discrepancies" not in out


def test_story_prefix_resolution(db):
    with open_store(db, read_only=True) as store:
        ids = sorted(
            r[0] for r in store.con.execute("SELECT DISTINCT story_id FROM clusters").fetchall()
        )
        assert resolve_story_id(store, ids[0]) == ids[0]
        assert resolve_story_id(store, ids[0][:6]) == ids[0]
        with pytest.raises(StoreError, match="no story"):
            resolve_story_id(store, "zz")
        with pytest.raises(StoreError, match="empty story id"):
            resolve_story_id(store, "")


def test_ambiguous_prefix_lists_the_candidates(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        store.con.execute(
            "INSERT INTO clusters VALUES ('a1', 'abc111'), ('a2', 'abc222'), ('a3', 'def333')"
        )
        with pytest.raises(StoreError, match=r"ambiguous.*abc111, abc222"):
            resolve_story_id(store, "abc")
        assert short_ids(store, ["abc111", "def333"]) == {"abc111": "abc111", "def333": "def333"}


@pytest.mark.parametrize("command", ["cluster", "stats", "stories", "story x", "export o.jsonl"])
def test_missing_database_is_refused_not_created(tmp_path, command):
    missing = tmp_path / "new.duckdb"
    result = run(*command.split(), "--db", missing)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "new.duckdb" in lines[0] and "ingest" in lines[0]
    assert not missing.exists()


@pytest.mark.parametrize("where", ["nowhere/", "empty/"])
def test_ingest_of_nothing_readable_exits_2(tmp_path, where):
    (tmp_path / "empty").mkdir()
    result = run("ingest", tmp_path / where, "--db", tmp_path / "c.duckdb", "--no-progress")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")


def test_cluster_summary_uses_singular_and_plural(app, db):
    result = CliRunner().invoke(app, ["cluster", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 stories" not in result.output and "1 articles" not in result.output
