"""The corpus commands through typer: ingest -> cluster -> stories -> story -> stats -> export."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import typer
from fixtures.corpus.helpers import write_corpus
from typer.testing import CliRunner

from storytrace.cli_corpus import register
from storytrace.errors import ConfigError

COMMANDS = ("ingest", "stats", "export", "cluster", "stories", "story")


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    return app


@pytest.fixture(scope="module")
def db(app: typer.Typer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    corpus = folder / "feed.jsonl"
    write_corpus(corpus, n=60, seed=11)
    path = folder / "c.duckdb"
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", str(corpus), "--db", str(path), "--workers", "1", "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["cluster", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "stories" in result.output
    return path


def test_every_command_is_registered_and_has_help(app: typer.Typer) -> None:
    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "--db" in result.output, command


def test_stories_then_story(app: typer.Typer, db: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["stories", "--db", str(db), "--json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.output)
    assert stories and stories[0]["size"] >= stories[-1]["size"]
    # --no-align: the aligner + facts stage is tested in test_corpus_cluster with a fast embedder
    # the trace runs end to end with the real embedder on the story's earliest 4 articles
    shown = runner.invoke(
        app,
        [
            "story",
            stories[0]["story_id"],
            "--db",
            str(db),
            "--json",
            "--no-align",
            "--max-articles",
            "4",
        ],
    )
    assert shown.exit_code == 0, shown.output
    view = json.loads(shown.output)
    dates = [a["published"] for a in view["articles"]]
    assert dates == sorted(dates)
    assert view["pairs"]  # the reuse behind the story
    traced = view["trace"]
    ids = {a["id"] for a in view["articles"][:4]}
    assert {a["id"] for a in traced["articles"]} | set(traced["unrelated"]) <= ids | {
        a["source"] for a in view["articles"]
    }
    assert traced["derivations"], traced["warnings"]
    assert any("earliest 4" in w for w in traced["warnings"])
    text = runner.invoke(
        app, ["story", stories[0]["story_id"], "--db", str(db), "--no-align", "--no-trace"]
    )
    assert "reuse" in text.output and "Derivation graph" not in text.output


def test_stats_counts_the_corpus(app: typer.Typer, db: Path) -> None:
    result = CliRunner().invoke(app, ["stats", "--db", str(db), "--json"])
    stats = json.loads(result.output)
    assert stats["counts"]["articles"] == 60
    assert stats["schema_version"] == "1.1"


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_export_round_trip(app: typer.Typer, db: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"articles.{suffix}"
    result = CliRunner().invoke(app, ["export", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    reader = "read_json" if suffix == "jsonl" else "read_parquet"
    exported = duckdb.sql(
        f"SELECT id, source, url, story_id, text FROM {reader}('{out}')"
    ).fetchall()
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute(
            "SELECT a.id, a.source, a.url, c.story_id, a.text FROM articles a "
            "JOIN clusters c ON c.article_id = a.id ORDER BY a.id"
        ).fetchall()
    assert sorted(exported) == stored


def test_unknown_story_is_a_storytrace_error(app: typer.Typer, db: Path) -> None:
    from storytrace.errors import StorytraceError

    result = CliRunner().invoke(app, ["story", "nope", "--db", str(db), "--no-align"])
    assert isinstance(result.exception, StorytraceError)
    assert "no story" in str(result.exception)


def test_bad_engine_is_refused_before_work(app: typer.Typer, db: Path) -> None:
    result = CliRunner().invoke(app, ["cluster", "--db", str(db), "--engine", "hadoop"])
    assert result.exit_code == 2  # typer's own usage error: lists local, spark
    from storytrace.corpus import CorpusSettings

    with pytest.raises(ConfigError, match="choose one of: local, spark"):
        CorpusSettings(engine="hadoop")


def test_db_defaults_to_the_environment(
    app: typer.Typer, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYTRACE_DB", str(db))
    result = CliRunner().invoke(app, ["stats", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["path"] == str(db)


def test_vector_dims_choose_the_vectors_and_the_stories_hold(
    app: typer.Typer, db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    stories = {}
    for dims in ("256", "64"):
        result = CliRunner().invoke(
            app, ["cluster", "--db", str(copy), "--vector-dims", dims, "--json"]
        )
        assert result.exit_code == 0, result.output
        stories[dims] = json.loads(result.output)["stories"]
        with duckdb.connect(str(copy), read_only=True) as con:
            (recorded,) = con.execute(
                "SELECT settings FROM runs WHERE command LIKE 'cluster%' ORDER BY started DESC"
            ).fetchone()
        assert json.loads(recorded)["vector_dims"] == int(dims)
    assert abs(stories["256"] - stories["64"]) <= 2  # copies and edits do not need dimensions
    refused = CliRunner().invoke(app, ["cluster", "--db", str(copy), "--vector-dims", "100"])
    assert refused.exit_code == 2 and "100" in refused.output
