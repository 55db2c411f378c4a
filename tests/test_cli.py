"""End to end: the installed `storytrace` command on the bundled example pair and on bad input.

These run the real extractor and the real default embedder, in a subprocess, as a user would.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_A, EXAMPLE_B

from storytrace.models import AlignmentKind, Comparison, RemovalReason
from storytrace.serialize import from_json

CLI = [sys.executable, "-m", "storytrace.cli"]


def run(*args: str | Path, timeout: int = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [*CLI, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Comparison, str, str]:
    """The comparison, the report on stdout and what went to stderr."""
    out = tmp_path_factory.mktemp("cli") / "comparison.json"
    result = run("compare", EXAMPLE_A, EXAMPLE_B, "--json", out, "--show-boilerplate")
    assert result.returncode == 0, result.stderr
    return from_json(out.read_text(encoding="utf-8"), Comparison), result.stdout, result.stderr


def _alignment_holding(comparison: Comparison, text_a: str, text_b: str):
    for alignment in comparison.alignments:
        if text_a in alignment.a.of(comparison.a.text) and text_b in alignment.b.of(
            comparison.b.text
        ):
            return alignment
    raise AssertionError(f"no alignment holds {text_a!r} / {text_b!r}")


def test_cli_example_boilerplate_removed_and_body_kept(example):
    comparison, *_ = example
    a = comparison.a
    for furniture in ("Recent Posts", "Media analyst and journalist", "3 hours ago"):
        assert furniture not in a.text
    assert not a.text.startswith("Armenia\n")
    reasons = {block.reason for block in a.removed}
    assert {
        RemovalReason.SECTION_LABEL,
        RemovalReason.AUTHOR_BIO,
        RemovalReason.RELATED_LINKS,
    } <= reasons
    assert a.text.startswith("Azerbaijan may invade Armenia in the coming weeks")
    assert a.text.rstrip().endswith("in reaction to an alleged drone strike.")
    assert a.title == "Azerbaijan may invade Armenia soon over Nakhichevan corridor – Blinken"


def test_cli_example_publication_date_read_from_the_date_line(example):
    comparison, *_ = example
    assert comparison.b.published == "2023-10-13"
    assert not comparison.b.text.lstrip().startswith("date")


@pytest.mark.parametrize(
    "quote", ["whether Armenia wants it or not", "Armenia’s sovereignty and territorial integrity"]
)
def test_cli_example_shared_quotations_align_verbatim(example, quote):
    comparison, *_ = example
    alignment = _alignment_holding(comparison, quote, quote)
    verbatim_a = [f.a.of(comparison.a.text) for f in alignment.fragments]
    verbatim_b = [f.b.of(comparison.b.text) for f in alignment.fragments]
    assert any(quote in fragment for fragment in verbatim_a)
    assert any(quote in fragment for fragment in verbatim_b)


@pytest.mark.parametrize(
    ("in_a", "in_b"),
    [
        ("Pallone stated publicly that he is concerned", "he is worried Azerbaijan could invade"),
        ("informed a small group of senators", "warned a group of lawmakers"),
    ],
)
def test_cli_example_paraphrases_align_as_paraphrase(example, in_a, in_b):
    comparison, *_ = example
    assert _alignment_holding(comparison, in_a, in_b).kind is AlignmentKind.PARAPHRASE


@pytest.mark.parametrize(
    ("side", "passage"),
    [
        ("b", "Pelosi and Eshoo last week called for U.S. sanctions"),
        ("b", "In the Congressional letter, led by Eshoo and Pelosi"),
        ("b", "We believe the United States must make clear to Azerbaijan"),
        ("a", "in September 2022, Azerbaijan launched an offensive"),
    ],
)
def test_cli_example_added_and_omitted_material_is_unmatched(example, side, passage):
    comparison, *_ = example
    article = comparison.a if side == "a" else comparison.b
    spans = comparison.unmatched_a if side == "a" else comparison.unmatched_b
    assert any(passage in span.of(article.text) for span in spans)
    alignments = [al.a if side == "a" else al.b for al in comparison.alignments]
    assert not any(passage in span.of(article.text) for span in alignments)


def test_cli_example_report_shows_verdict_reuse_and_boilerplate(example):
    comparison, stdout, _ = example
    assert comparison.story.verdict.value == "same story"
    assert "SAME STORY" in stdout
    assert "Reuse" in stdout and "Only in B" in stdout
    assert "Recent Posts" in stdout  # --show-boilerplate lists what extraction removed


def test_cli_json_to_stdout_is_the_comparison(tmp_path):
    result = run("compare", EXAMPLE_A, EXAMPLE_B, "--json", "-")
    assert result.returncode == 0, result.stderr
    comparison = from_json(result.stdout, Comparison)
    assert comparison.a.source.endswith(EXAMPLE_A.name)


def _bad(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    big = tmp_path / "big.txt"
    big.write_text("word " * 5000)
    no_body = tmp_path / "menu.html.gz"
    no_body.write_bytes(gzip.compress(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    return {
        "missing": ([str(tmp_path / "nope.txt"), str(EXAMPLE_B)], "nope.txt"),
        "empty": ([str(empty), str(EXAMPLE_B)], "empty.txt"),
        "binary": ([str(binary), str(EXAMPLE_B)], "photo.txt"),
        "too large": ([str(big), str(EXAMPLE_B), "--max-bytes", "1000"], "big.txt"),
        "no body": ([str(no_body), str(EXAMPLE_B)], "menu.html.gz"),
        "same file twice": ([str(EXAMPLE_A), str(EXAMPLE_A)], EXAMPLE_A.name),
        "unreachable url": (["http://127.0.0.1:9/story", str(EXAMPLE_B)], "127.0.0.1:9"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing", "empty", "binary", "too large", "no body", "same file twice", "unreachable url"],
)
def test_cli_bad_input_is_one_line_exit_2(tmp_path, case):
    args, named = _bad(tmp_path)[case]
    result = run("compare", *args, timeout=60)
    assert result.returncode == 2, (case, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and named in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_example_discrepancies_found_and_aliases_not_flagged(example):
    comparison, stdout, _ = example
    found = {d.type.value for d in comparison.discrepancies}
    assert {"group or affiliation", "modality", "internal contradiction"} <= found
    assert stdout.index("SAME STORY") < stdout.index("What changed") < stdout.index("Only in B")
    assert "Aligned passages" not in stdout  # --details shows them
    modality = next(d for d in comparison.discrepancies if d.type.value == "modality")
    assert "will" in modality.a.resolve(comparison) and "could" in modality.b.resolve(comparison)
    typed = [d for d in comparison.discrepancies if d.type.value not in ("addition", "omission")]
    for finding in typed:
        quoted = " ".join(ref.resolve(comparison) for ref in (finding.a, finding.b) if ref)
        assert "Artsakh" not in quoted and "tweeted" not in quoted, finding


def test_cli_only_discrepancies_prints_just_them():
    result = run("compare", EXAMPLE_A, EXAMPLE_B, "--only", "discrepancies")
    assert result.returncode == 0, result.stderr
    assert "What changed" in result.stdout
    assert "Aligned passages" not in result.stdout and "Reuse" not in result.stdout


def test_cli_warnings_go_to_stderr_not_between_the_findings(example):
    _, stdout, stderr = example
    assert "no publication date found" in stderr
    assert "warning" not in stdout


def test_cli_version_option_and_command():
    for args in (["--version"], ["version"]):
        result = run(*args, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "0." in result.stdout


def test_cli_help_keeps_text_in_square_brackets():
    compare_help = run("compare", "--help", timeout=60).stdout
    assert "[torch] extra" in compare_help and "--details" in compare_help
    assert "--all" in compare_help
    cluster_help = " ".join(run("cluster", "--help", timeout=60).stdout.split())
    assert "[default: $STORYTRACE_DB or ./storytrace.duckdb]" in cluster_help


def test_cli_closed_pipe_ends_quietly_with_141(tmp_path):
    """`storytrace extract big.txt | head -c 100`: no traceback, status 141 as `yes | head`."""
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(f"Paragraph {i} says the port reopened." for i in range(12000)))
    process = subprocess.Popen(
        [*CLI, "extract", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


HOSTILE_TITLE = "[/bold] evil [bold red]INJECT[/] \x1b[2J\x1b]0;pwned\x07"


def test_cli_extract_prints_hostile_metadata_as_text(tmp_path):
    record = {
        "url": "https://x.example/[/bold]",
        "title": HOSTILE_TITLE,
        "author": "[/bold] evil",
        "text": "[bold red]INJECT[/] is what the body says.\n\n" + EXAMPLE_B.read_text("utf-8"),
    }
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("extract", f"{feed}#1", timeout=120)
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "author: [/bold] evil" in result.stdout
    assert "[bold red]INJECT[/] is what the body says." in result.stdout
    # the escapes are stripped at ingest or shown as symbols, never sent raw
    assert "␛[2J" in result.stdout or "[2J" not in result.stdout


def test_cli_compare_hostile_file_name_and_text_print_literally(tmp_path):
    evil = tmp_path / "evil[red]name[bold].txt"
    evil.write_text(
        EXAMPLE_A.read_text("utf-8") + "\n\n[bold red]INJECT[/] closes the piece.\n",
        encoding="utf-8",
    )
    result = run("compare", evil, EXAMPLE_B, "--show-boilerplate", "--all")
    assert result.returncode == 0, result.stderr
    assert "evil[red]name[bold].txt" in "".join(result.stdout.split())  # a long path folds
    assert "[bold red]INJECT[/]" in result.stdout
    assert "Aligned passages" in result.stdout  # --all is --details


@pytest.mark.parametrize("option", ["--json", "--html"])
def test_cli_unwritable_output_is_refused_before_the_comparison_runs(tmp_path, option):
    """The output path is checked first: the error names it even though input B is also
    missing, so a typo in --json does not cost a whole comparison."""
    out = tmp_path / "no-such-folder" / "out.file"
    result = run("compare", EXAMPLE_A, tmp_path / "missing.txt", option, out, timeout=60)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(out) in lines[0] and "no such folder" in lines[0], lines
