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
from typing import Annotated, Any, cast

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
from rich.table import Column, Table
from rich.text import Text

from storytrace import corpus
from storytrace.config import DEFAULT_SETTINGS
from storytrace.corpus.analysis import DEFAULT_MAX_PAIRS, analyse_story
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS, default_db_path
from storytrace.corpus.errors import StoreError
from storytrace.corpus.stories import DEFAULT_TRACE_ARTICLES, resolve_story_id, short_ids
from storytrace.errors import InputError
from storytrace.report.html import write_story_html
from storytrace.report.safe import PipeConsole, clean, one_line, text
from storytrace.report.trace_terminal import render_trace
from storytrace.report.words import plural, rate
from storytrace.serialize import to_data

stdout = PipeConsole()
stderr = Console(stderr=True)
MAX_LISTED_FAILURES = 50
LISTED_DISCREPANCIES = 10  # changed facts `story` lists; one-sided material gets one line


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


def _existing_db(db: Path | None) -> Path:
    """The database a reading command works on; refused when it does not exist (no empty file)."""
    path = _db(db)
    if not path.exists():
        raise StoreError(str(path), "no corpus database here; `storytrace ingest` creates one")
    return path


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(rate(task.finished_speed or task.speed, "articles"), style="cyan")


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
        Text(
            f"stored {plural(report.stored, 'article')}, skipped {report.skipped:,} already "
            f"stored, {len(report.failures):,} failed in {elapsed:.1f} s → {clean(path)}"
        ),
        highlight=False,
    )
    if report.failures:
        table = Table("source", "error", "reason", title="failed inputs", title_justify="left")
        for failure in report.failures[:MAX_LISTED_FAILURES]:
            table.add_row(text(failure.source), text(failure.error), text(failure.reason))
        stderr.print(table)
        if len(report.failures) > MAX_LISTED_FAILURES:
            stderr.print(
                f"… and {len(report.failures) - MAX_LISTED_FAILURES} more "
                "(`storytrace stats` counts them; the failures table has all)"
            )
    if not report.stored and not report.skipped and not report.interrupted:
        problem = (
            "nothing could be read (every input failed)"
            if report.failures
            else ("no articles found in it")
        )
        raise InputError(" ".join(paths), problem)


def stats(db: DbOption = None, json_out: JsonFlag = False) -> None:
    """Counts of what the corpus database holds."""
    result = corpus.corpus_stats(_existing_db(db))
    if json_out:
        sys.stdout.write(json.dumps(asdict(result), indent=2) + "\n")
        return
    table = Table(
        "what",
        "count",
        title=Text(
            f"{clean(result.path)} (schema {result.schema_version}, "
            f"{result.size_bytes / 1e6:.1f} MB)"
        ),
        title_justify="left",
    )
    for name, value in result.counts.items():
        table.add_row(name.replace("_", " "), f"{value:,}")
    table.add_row("outlets", f"{result.outlets:,}")
    table.add_row("dates", f"{result.first_date or '—'} … {result.last_date or '—'}")
    languages = ", ".join(f"{clean(lang)} {n:,}" for lang, n in result.languages)
    table.add_row("languages", text(languages))
    for error, count in result.failures_by_error:
        table.add_row(Text(f"failed: {clean(error)}"), f"{count:,}")
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
    with corpus.open_store(_existing_db(db), read_only=True) as store:
        count = corpus.export(store, out, fmt.value if fmt else None, with_text=text)
    stderr.print(Text(f"wrote {plural(count, 'article')} to {clean(out)}"), highlight=False)


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
    path = _existing_db(db)
    with stderr.status("clustering") as status:
        result = corpus.cluster_corpus(path, options, lambda stage: status.update(stage))
        if analyse_top:
            with corpus.open_store(path) as store:
                for rank, found in enumerate(corpus.list_stories(store, analyse_top), start=1):
                    status.update(f"aligning story {rank}/{analyse_top}")
                    analyse_story(store, found.story_id)
    summary = result.summary()
    if json_out:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return
    stdout.print(
        f"{plural(cast(int, summary['articles']), 'article')} → "
        f"{plural(cast(int, summary['stories']), 'story', 'stories')} "
        f"({summary['multi_article_stories']:,} with more than one article); "
        f"{plural(cast(int, summary['candidates']), 'candidate pair')}, "
        f"{summary['verified_pairs']:,} verified",
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
    with corpus.open_store(_existing_db(db), read_only=True) as store:
        found = corpus.list_stories(store, limit, min_size)
        short = short_ids(store, [s.story_id for s in found])
    if json_out:
        sys.stdout.write(json.dumps([asdict(s) for s in found], indent=2) + "\n")
        return
    table = Table("size", "dates", "outlets", "first headline", "top discrepancy")
    # Ids are never cut: a short unique prefix, which `story` accepts.
    table.columns.insert(
        0, Column("story", no_wrap=True, min_width=len(max(short.values(), key=len, default="")))
    )
    for story in found:
        dates = story.first_date or "—"
        if story.last_date and story.last_date != story.first_date:
            dates += f" … {story.last_date}"
        outlets = ", ".join(one_line(o) for o in story.outlets[:3]) + (
            f" +{len(story.outlets) - 3}" if len(story.outlets) > 3 else ""
        )
        top = "—"
        if story.discrepancies:
            top = f"{one_line(story.top_discrepancy)} (+{story.discrepancies - 1} more)"
        table.add_row(
            short[story.story_id],
            str(story.size),
            text(dates),
            text(outlets),
            text(one_line(story.title)),
            text(top),
        )
    stdout.print(table)
    if found:
        stdout.print(
            Text("`storytrace story ID` shows one (any unique start of its id)", style="dim")
        )


def story(
    story_id: Annotated[
        str,
        typer.Argument(help="A story id from `storytrace stories`, or any unique start of one."),
    ],
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
    with corpus.open_store(_existing_db(db), read_only=not align) as store:
        story_id = resolve_story_id(store, story_id)
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
        stderr.print(Text(f"wrote {clean(html_out)}"))
    if json_out:
        payload = {
            **view.to_data(),
            "trace": to_data(story_trace) if story_trace else None,
        }
        sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")
        return
    _print_story(view)
    if story_trace is not None:
        render_trace(stdout, story_trace, errors=stderr)


def _print_story(view: corpus.StoryView) -> None:
    """Header, articles (#1… by date), changed facts, one line of one-sided material, reuse."""
    s = view.summary
    head = Text(f"story {s.story_id}", style="bold")
    head.append(
        f": {plural(s.size, 'article')}, {clean(s.first_date or '—')} … "
        f"{clean(s.last_date or '—')}, {plural(len(s.outlets), 'outlet')}"
    )
    stdout.print(head)
    number = {article.id: f"#{i}" for i, article in enumerate(view.articles, start=1)}
    table = Table("#", "date", "outlet", Column("article", no_wrap=True), "headline")
    for article in view.articles:
        table.add_row(
            number[article.id],
            text(article.published),
            text(article.outlet),
            text(article.id),
            Text(one_line(article.title or article.text[:60])),
        )
    stdout.print(table)
    one_sided = {"addition", "omission"}
    changed = _distinct([d for d in view.discrepancies if d["type"] not in one_sided])
    material = [d for d in view.discrepancies if d["type"] in one_sided]
    if changed:
        found = Table(
            "type",
            "severity",
            "articles",
            "explanation",
            title="changed facts",
            title_justify="left",
        )
        for d in changed[:LISTED_DISCREPANCIES]:
            pair = number.get(d["a"], d["a"])
            if d["type"] != "internal contradiction":
                pair += f" → {number.get(d['b'], d['b'])}"
            found.add_row(
                text(d["type"]),
                text(d["severity"]),
                Text(clean(pair), no_wrap=True),
                Text(clean(d["explanation"])),
            )
        stdout.print(found)
        if len(changed) > LISTED_DISCREPANCIES:
            more = len(changed) - LISTED_DISCREPANCIES
            stdout.print(Text(f"… and {more:,} more (--json has them all)", style="dim"))
    elif view.discrepancies:
        stdout.print(Text("no changed facts stored for this story", style="dim"))
    if material:
        added = sum(1 for d in material if d["type"] == "addition")
        stdout.print(
            Text(
                f"one-sided material: {plural(added, 'addition')}, "
                f"{plural(len(material) - added, 'omission')} between aligned pairs "
                "(--json lists them)"
            )
        )
    if not view.discrepancies:
        stdout.print("no discrepancies stored for this story")
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
            text(number.get(pair.a, pair.a)),
            text(number.get(pair.b, pair.b)),
            text(pair.method),
            f"{pair.jaccard:.2f}",
            f"{pair.aligned_a:.0%} / {pair.aligned_b:.0%}",
            f"{pair.cosine:.2f}",
            kinds,
        )
    stdout.print(reuse)


def _distinct(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per finding: an article's internal contradiction is stored once per pair."""
    seen = set()
    kept = []
    for d in findings:
        key = (d["type"], d["explanation"], d["a"], None if "internal" in d["type"] else d["b"])
        if key not in seen:
            seen.add(key)
            kept.append(d)
    return kept


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app``."""
    for command in (ingest, stats, export, cluster, stories, story):
        app.command(name=command.__name__)(command)
