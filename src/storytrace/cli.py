"""Command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 success, 2 bad input or settings (one line on stderr), 1 internal error,
141 when the reader of stdout went away (``storytrace compare a b | head``: quiet, as
``yes | head`` is, so ``set -o pipefail`` scripts see what coreutils would give them).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from storytrace import __version__, api
from storytrace.cli_corpus import register as register_corpus_commands
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import ConfigError, StorytraceError
from storytrace.report import html as html_report
from storytrace.report import safe
from storytrace.report.terminal import render_comparison
from storytrace.report.trace_terminal import render_trace
from storytrace.serialize import check_output_path, to_json, write_output

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_BROKEN_PIPE = safe.EXIT_BROKEN_PIPE


class _Group(TyperGroup):
    """Runs a command; a closed stdout ends it quietly (click would exit 1 without a word)."""

    def invoke(self, ctx: Any) -> Any:  # click.Context (typer vendors its own click)
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
        except BrokenPipeError:
            safe.quiet_stdout()
            sys.exit(EXIT_BROKEN_PIPE)
        return result


app = typer.Typer(
    name="storytrace",
    cls=_Group,
    help="Follow one news story across outlets: what each article says, what was reused, "
    "what changed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Help texts are plain: option help such as "[default: ...]" or "([torch] extra)" must not
    # be read as rich markup (it was swallowed), and plain help is what scripts grep.
    rich_markup_mode=None,
    context_settings={"max_content_width": 120},
)
stdout = safe.PipeConsole()
# No markup on stderr: the lines it prints name files ("wrote evil[red].json"), printed as is.
stderr = Console(stderr=True, markup=False, highlight=False)


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"storytrace {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the storytrace version and exit.",
        ),
    ] = False,
) -> None:
    """Options that come before the command (--version)."""


class Embedders(StrEnum):
    E5_SMALL = "e5-small"
    MINILM = "minilm"


class Only(StrEnum):
    DISCREPANCIES = "discrepancies"


class Devices(StrEnum):
    CPU = "cpu"
    CUDA = "cuda"


EmbedderOption = Annotated[
    Embedders,
    typer.Option(help="Sentence embedder: e5-small (default, no torch) or minilm ([torch] extra)."),
]
DeviceOption = Annotated[Devices, typer.Option(help="Where embeddings run (cuda: minilm only).")]
HtmlOption = Annotated[
    Path | None,
    typer.Option("--html", help="Also write a self-contained HTML report to this file."),
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", help="Refuse inputs larger than this many bytes.")
]


def _settings(embedder: Embedders, device: Devices, max_bytes: int) -> Settings:
    return DEFAULT_SETTINGS.with_(
        embedder=embedder.value, device=device.value, max_input_bytes=max_bytes
    )


@app.command()
def compare(
    a: Annotated[str, typer.Argument(help="First article: .txt, .html, .json(l), .gz or URL.")],
    b: Annotated[str, typer.Argument(help="Second article, same forms.")],
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Write the Comparison as JSON to this file ('-': stdout)."),
    ] = None,
    show_boilerplate: Annotated[
        bool, typer.Option("--show-boilerplate", help="Also show what extraction removed.")
    ] = False,
    only: Annotated[Only | None, typer.Option(help="Print only this part of the report.")] = None,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            "--all",
            help="Also print every aligned passage and every one-sided passage in full "
            "(and the findings of unrelated articles).",
        ),
    ] = False,
    html_out: HtmlOption = None,
    embedder: EmbedderOption = Embedders.E5_SMALL,
    device: DeviceOption = Devices.CPU,
    max_bytes: MaxBytesOption = DEFAULT_SETTINGS.max_input_bytes,
) -> None:
    """Compare two articles: same-story verdict, changed facts, added and omitted material."""
    _check_outputs(json_out, html=html_out)
    settings = _settings(embedder, device, max_bytes)
    comparison = api.compare(a, b, settings)
    _write_html(html_out, lambda: html_report.render_comparison(comparison))
    if json_out is not None and _write_json(comparison, json_out):
        return
    render_comparison(
        stdout,
        comparison,
        details=details,
        show_boilerplate=show_boilerplate,
        only_discrepancies=only is Only.DISCREPANCIES,
        errors=stderr,
    )


@app.command()
def extract(
    source: Annotated[str, typer.Argument(help="An article: .txt, .html, .json(l), .gz or URL.")],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the Article as JSON instead of text.")
    ] = False,
    show_boilerplate: Annotated[
        bool, typer.Option("--show-boilerplate", help="Also list what extraction removed.")
    ] = False,
    max_bytes: MaxBytesOption = DEFAULT_SETTINGS.max_input_bytes,
) -> None:
    """Show the clean text and metadata storytrace reads from one article."""
    article = api.load_article(source, DEFAULT_SETTINGS.with_(max_input_bytes=max_bytes))
    if json_out:
        sys.stdout.write(to_json(article) + "\n")
        return
    for name in ("source", "title", "outlet", "author", "published", "language"):
        line = Text(f"{name}: ", style="bold").append(safe.text(getattr(article, name)))
        stdout.print(line, highlight=False)
    stdout.print()
    safe.print_long(stdout, article.text, highlight=False)
    if show_boilerplate:
        stdout.print()
        for block in article.removed:
            line = Text(f"[{block.reason.value}] ", style="magenta").append(safe.text(block.text))
            safe.print_long(stdout, line, highlight=False)


@app.command()
def trace(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles: files, folders (read recursively), .jsonl (every record), "
            ".urls lists, or URLs."
        ),
    ],
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Write the StoryTrace as JSON to this file ('-': stdout)."),
    ] = None,
    graphml: Annotated[
        Path | None, typer.Option(help="Write the derivation graph as GraphML to this file.")
    ] = None,
    dot: Annotated[
        Path | None, typer.Option(help="Write the derivation graph as Graphviz DOT to this file.")
    ] = None,
    html_out: HtmlOption = None,
    embedder: EmbedderOption = Embedders.E5_SMALL,
    device: DeviceOption = Devices.CPU,
    max_bytes: MaxBytesOption = DEFAULT_SETTINGS.max_input_bytes,
) -> None:
    """Who took from whom: derivation graph, cited sources, timeline, fact mutations."""
    _check_outputs(json_out, graphml, dot, html=html_out)
    settings = _settings(embedder, device, max_bytes)
    with stderr.status("tracing") as status:
        story = api.trace(
            inputs,
            settings,
            progress=lambda stage, done, total: status.update(f"{stage}: {done}/{total}"),
        )
    from storytrace.provenance import to_dot, to_graphml

    for path, payload in ((graphml, to_graphml), (dot, to_dot)):
        if path is not None:
            write_output(path, payload(story))
            stderr.print(f"wrote {path}")
    _write_html(html_out, lambda: html_report.render_trace(story))
    if json_out is not None and _write_json(story, json_out):
        return
    render_trace(stdout, story, errors=stderr)


register_corpus_commands(app)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind; not loopback needs --token.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[Path | None, typer.Option("--db", help="Corpus database to browse.")] = None,
    token: Annotated[
        str | None, typer.Option(envvar="STORYTRACE_TOKEN", help="Access token for every request.")
    ] = None,
    cors_origin: Annotated[
        list[str] | None, typer.Option(help="Allow this origin (CORS); closed by default.")
    ] = None,
) -> None:
    """Run the web app: compare, trace, browse a corpus, JSON API (needs the web extra)."""
    try:
        from storytrace.web.server import serve as run_server
    except ImportError as error:
        raise ConfigError(f"the web app needs: pip install 'storytrace[web]' ({error})") from error
    run_server(host, port, db, token, cors_origins=tuple(cors_origin or ()))


@app.command()
def version() -> None:
    """Print the storytrace version."""
    stdout.print(__version__)


def _check_outputs(*paths: Path | None, html: Path | None = None) -> None:
    """Every output file asked for must be writable before the comparison runs."""
    for path in paths:
        if path is not None:
            check_output_path(path)
    if html is not None:
        check_output_path(html, "the HTML report")


def _write_json(result: object, path: Path) -> bool:
    """Write ``result`` as JSON to ``path`` ('-': stdout); True when stdout took it (no report)."""
    payload = to_json(result) + "\n"
    if str(path) == "-":
        sys.stdout.write(payload)
        return True
    write_output(path, payload)
    stderr.print(f"wrote {path}")
    return False


def _write_html(path: Path | None, render: Callable[[], str]) -> None:
    """Write the HTML report to ``path`` if asked; an unwritable path is an OutputError."""
    if path is not None:
        html_report.write_report(path, render())
        stderr.print(Text(f"wrote {safe.clean(path)}"))


def _fail(message: str) -> None:
    """One line on stderr, never wrapped: scripts and people both read it."""
    sys.stderr.write(" ".join(message.split()) + "\n")


def main() -> None:
    """Console entry point: library errors become one line on stderr and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except StorytraceError as error:
        _fail(f"error: {safe.clean(error)}")
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        stderr.print("interrupted")
        sys.exit(130)
    except Exception as error:  # a bug: say so in one line rather than dump a traceback
        if os.environ.get("STORYTRACE_DEBUG"):
            raise
        _fail(f"internal error: {type(error).__name__}: {safe.clean(error)} (please report it)")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
