"""Corpus commands: ingest, stats, export, cluster, stories, story.

``register(app)`` adds them to the storytrace typer app. Each parses options, calls
``storytrace.corpus``, renders; library errors propagate as ``StorytraceError`` for the main
entry point to print as one line (exit code 2). Per-article failures never stop a run: they
are listed at the end of ``ingest``.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, cast

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from storytrace import corpus
from storytrace.config import DEFAULT_SETTINGS
from storytrace.corpus.analysis import DEFAULT_MAX_PAIRS, analyse_story
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, default_db_path
from storytrace.corpus.stories import DEFAULT_TRACE_ARTICLES
from storytrace.report.html import write_story_html
from storytrace.report.trace_terminal import render_trace
from storytrace.serialize import to_data

stdout = Console()
stderr = Console(stderr=True)
MAX_LISTED_FAILURES = 50


class Engines(StrEnum):
    LOCAL = "local"
    SPARK = "spark"


class Devices(StrEnum):
    CPU = "cpu"
    CUDA = "cuda"


class CorpusEmbedders(StrEnum):
    WORDLLAMA = "wordllama"
    E5_SMALL = "e5-small"
    MINILM = "minilm"


class VectorDims(StrEnum):  # wordllama's Matryoshka sizes; CorpusSettings.vector_dims is 128
    D64 = "64"
    D128 = "128"
    D256 = "256"


class Formats(StrEnum):
    JSONL = "jsonl"
    PARQUET = "parquet"


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Corpus database file [default: $STORYTRACE_DB or ./storytrace.duckdb]."
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _db(db: Path | None) -> Path:
    return db or default_db_path()


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} articles/s" if speed else "… articles/s", style="cyan")


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders (recursive), .jsonl, .warc(.gz), .csv, URL lists (.urls/.txt) or URLs."
        ),
    ],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Extraction processes (0: all cores).")] = 0,
    batch_size: Annotated[int, typer.Option(help="Articles per committed batch.")] = (
        DEFAULT_CORPUS_SETTINGS.batch_size
    ),
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip inputs larger than this.")] = (
        DEFAULT_SETTINGS.max_input_bytes
    ),
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    engine: Annotated[Engines, typer.Option(help="Where extraction runs.")] = Engines.LOCAL,
    spark_master: Annotated[str, typer.Option(help="Spark master URL for --engine spark.")] = (
        DEFAULT_CORPUS_SETTINGS.spark_master
    ),
) -> None:
    """Extract articles into the corpus database; a second run skips what is stored."""
    settings = DEFAULT_SETTINGS.with_(max_input_bytes=max_bytes)
    options = DEFAULT_CORPUS_SETTINGS.with_(
        workers=workers, batch_size=batch_size, engine=engine.value, spark_master=spark_master
    )
    path = _db(db)
    started = time.perf_counter()
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=stderr,
        disable=not progress,
        transient=False,
    ) as bar:
        task = bar.add_task("ingest", total=None)

        def tick(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        report = corpus.ingest_corpus(paths, path, settings, options, tick)
    elapsed = time.perf_counter() - started
    stderr.print(
        f"stored {report.stored:,} articles, skipped {report.skipped:,} already stored, "
        f"{len(report.failures):,} failed in {elapsed:.1f} s → {path}",
        highlight=False,
    )
    if report.failures:
        table = Table("source", "error", "reason", title="failed inputs", title_justify="left")
        for failure in report.failures[:MAX_LISTED_FAILURES]:
            table.add_row(failure.source, failure.error, failure.reason)
        stderr.print(table)
        if len(report.failures) > MAX_LISTED_FAILURES:
            stderr.print(
                f"… and {len(report.failures) - MAX_LISTED_FAILURES} more "
                "(`storytrace stats` counts them; the failures table has all)"
            )


def stats(db: DbOption = None, json_out: JsonFlag = False) -> None:
    """Counts of what the corpus database holds."""
    result = corpus.corpus_stats(_db(db))
    if json_out:
        sys.stdout.write(json.dumps(asdict(result), indent=2) + "\n")
        return
    table = Table(
        "what",
        "count",
        title=f"{result.path} (schema {result.schema_version}, {result.size_bytes / 1e6:.1f} MB)",
        title_justify="left",
    )
    for name, value in result.counts.items():
        table.add_row(name.replace("_", " "), f"{value:,}")
    table.add_row("outlets", f"{result.outlets:,}")
    table.add_row("dates", f"{result.first_date or '—'} … {result.last_date or '—'}")
    table.add_row("languages", ", ".join(f"{lang} {n:,}" for lang, n in result.languages) or "—")
    for error, count in result.failures_by_error:
        table.add_row(f"failed: {error}", f"{count:,}")
    stdout.print(table)


def export(
    out: Annotated[Path, typer.Argument(help="Output file (.jsonl or .parquet).")],
    db: DbOption = None,
    fmt: Annotated[
        Formats | None, typer.Option("--format", help="Default: from the suffix.")
    ] = None,
    text: Annotated[bool, typer.Option(help="Include the article text.")] = True,
) -> None:
    """Write one record per article: source, URL, metadata, story id (and text)."""
    with corpus.open_store(_db(db), read_only=True) as store:
        count = corpus.export(store, out, fmt.value if fmt else None, with_text=text)
    stderr.print(f"wrote {count:,} articles to {out}")


def cluster(
    db: DbOption = None,
    engine: Annotated[Engines, typer.Option(help="local (DuckDB + numpy) or spark (PySpark).")] = (
        Engines.LOCAL
    ),
    spark_master: Annotated[str, typer.Option(help="Spark master URL for --engine spark.")] = (
        DEFAULT_CORPUS_SETTINGS.spark_master
    ),
    embedder: Annotated[
        CorpusEmbedders,
        typer.Option(help="Document/sentence vectors: wordllama (static, fast) or a transformer."),
    ] = (CorpusEmbedders.WORDLLAMA),
    device: Annotated[
        Devices, typer.Option(help="cuda: nearest-neighbour search (and minilm) on the GPU.")
    ] = Devices.CPU,
    vector_dims: Annotated[
        VectorDims,
        typer.Option(help="wordllama dimensions used (Matryoshka: 128 is as good, twice as fast)."),
    ] = VectorDims.D128,
    spark_workdir: Annotated[
        str, typer.Option(help="Folder every Spark executor can read (cluster masters).")
    ] = "",
    analyse_top: Annotated[
        int,
        typer.Option(
            help="Then align and find discrepancies in the N biggest stories (~1 s/pair)."
        ),
    ] = 0,
    json_out: JsonFlag = False,
) -> None:
    """Group the stored articles into stories (replaces the previous clustering)."""
    options = DEFAULT_CORPUS_SETTINGS.with_(
        engine=engine.value,
        spark_master=spark_master,
        spark_workdir=spark_workdir,
        embedder=embedder.value,
        device=device.value,
        vector_dims=int(vector_dims.value),
    )
    with stderr.status("clustering") as status:
        result = corpus.cluster_corpus(_db(db), options, lambda stage: status.update(stage))
        if analyse_top:
            with corpus.open_store(_db(db)) as store:
                for rank, found in enumerate(corpus.list_stories(store, analyse_top), start=1):
                    status.update(f"aligning story {rank}/{analyse_top}")
                    analyse_story(store, found.story_id)
    summary = result.summary()
    if json_out:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return
    stdout.print(
        f"{summary['articles']:,} articles → {summary['stories']:,} stories "
        f"({summary['multi_article_stories']:,} with more than one article); "
        f"{summary['candidates']:,} candidate pairs, {summary['verified_pairs']:,} verified",
        highlight=False,
    )
    seconds = cast(dict[str, float], summary["seconds"])
    stdout.print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()), highlight=False)


def stories(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many stories to list.")] = 20,
    min_size: Annotated[int, typer.Option(help="Smallest story to list.")] = 2,
    json_out: JsonFlag = False,
) -> None:
    """List stories, biggest first: size, dates, outlets, discrepancies."""
    with corpus.open_store(_db(db), read_only=True) as store:
        found = corpus.list_stories(store, limit, min_size)
    if json_out:
        sys.stdout.write(json.dumps([asdict(s) for s in found], indent=2) + "\n")
        return
    table = Table("story", "size", "dates", "outlets", "first headline", "top discrepancy")
    for story in found:
        dates = story.first_date or "—"
        if story.last_date and story.last_date != story.first_date:
            dates += f" … {story.last_date}"
        outlets = ", ".join(story.outlets[:3]) + (
            f" +{len(story.outlets) - 3}" if len(story.outlets) > 3 else ""
        )
        top = "—"
        if story.discrepancies:
            top = f"{story.top_discrepancy} (+{story.discrepancies - 1} more)"
        table.add_row(story.story_id, str(story.size), dates, outlets, story.title or "", top)
    stdout.print(table)


def story(
    story_id: Annotated[str, typer.Argument(help="A story id from `storytrace stories`.")],
    db: DbOption = None,
    align: Annotated[
        bool,
        typer.Option(
            help="Align the story's pairs and find discrepancies first (cached in the database)."
        ),
    ] = True,
    max_pairs: Annotated[int, typer.Option(help="Pairs to align, earliest article's first.")] = (
        DEFAULT_MAX_PAIRS
    ),
    trace: Annotated[
        bool, typer.Option(help="Trace who took from whom (as `storytrace trace` does).")
    ] = True,
    max_articles: Annotated[
        int, typer.Option(help="Articles to trace, earliest first.")
    ] = DEFAULT_TRACE_ARTICLES,
    json_out: JsonFlag = False,
    html_out: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML report (needs --trace)."),
    ] = None,
) -> None:
    """One story: its articles in date order, how they reuse each other, discrepancies, and
    its derivation graph."""
    story_trace = None
    with corpus.open_store(_db(db), read_only=not align) as store:
        if align:
            with stderr.status("aligning the story's pairs") as status:
                analyse_story(
                    store,
                    story_id,
                    max_pairs=max_pairs,
                    progress=lambda done, total: status.update(f"aligning pair {done}/{total}"),
                )
        view = corpus.story_view(store, story_id)
        if trace and len(view.articles) > 1:
            with stderr.status("tracing the story") as status:
                story_trace = corpus.trace_story(
                    store,
                    story_id,
                    max_articles,
                    progress=lambda stage, done, total: status.update(f"{stage}: {done}/{total}"),
                )
    if html_out is not None:
        write_story_html(html_out, story_trace, view.summary.story_id)
        stderr.print(f"wrote {html_out}")
    if json_out:
        payload = {
            "summary": asdict(view.summary),
            "articles": [
                {
                    "id": a.id,
                    "source": a.source,
                    "outlet": a.outlet,
                    "published": a.published,
                    "title": a.title,
                }
                for a in view.articles
            ],
            "pairs": [asdict(p) for p in view.pairs],
            "discrepancies": view.discrepancies,
            "trace": to_data(story_trace) if story_trace else None,
        }
        sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")
        return
    s = view.summary
    stdout.print(
        f"[bold]story {s.story_id}[/]: {s.size} articles, "
        f"{s.first_date or '—'} … {s.last_date or '—'}, {len(s.outlets)} outlets"
    )
    table = Table("date", "outlet", "article", "headline")
    for article in view.articles:
        table.add_row(
            article.published or "—",
            article.outlet or "—",
            article.id,
            (article.title or article.text[:60]).replace("\n", " "),
        )
    stdout.print(table)
    reuse = Table(
        "a",
        "b",
        "found by",
        "shingle Jaccard",
        "aligned a / b",
        "doc cosine",
        "A: verbatim / near / paraphrase",
        title="reuse (verified pairs; the last column once aligned)",
        title_justify="left",
    )
    for pair in view.pairs[:30]:
        kinds = "—"
        if pair.verbatim_a is not None:
            kinds = (
                f"{pair.verbatim_a:.0%} / {pair.near_verbatim_a or 0:.0%} / "
                f"{pair.paraphrase_a or 0:.0%}"
            )
        reuse.add_row(
            pair.a,
            pair.b,
            pair.method,
            f"{pair.jaccard:.2f}",
            f"{pair.aligned_a:.0%} / {pair.aligned_b:.0%}",
            f"{pair.cosine:.2f}",
            kinds,
        )
    stdout.print(reuse)
    if view.discrepancies:
        found = Table("type", "severity", "a", "b", "explanation", title="top discrepancies")
        for d in view.discrepancies[:10]:
            found.add_row(d["type"], d["severity"], d["a"], d["b"], d["explanation"])
        stdout.print(found)
    else:
        stdout.print("no discrepancies stored for this story")
    if story_trace is not None:
        render_trace(stdout, story_trace)


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app``."""
    for command in (ingest, stats, export, cluster, stories, story):
        app.command(name=command.__name__)(command)
