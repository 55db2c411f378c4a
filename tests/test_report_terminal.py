"""The terminal report: the first screen answers, --details shows the texts, once each.

The example pair is compared once with the real pipeline; the renderer is then driven at
several widths into a string (no colour codes), as `storytrace compare` prints it.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from conftest import EXAMPLE_A, EXAMPLE_B, make_article
from rich.console import Console

from storytrace import api
from storytrace.models import Comparison, StoryVerdict
from storytrace.report.terminal import FIRST_SCREEN_FACTS, rank, ranked, render_comparison


@pytest.fixture(scope="module")
def example() -> Comparison:
    return api.compare(EXAMPLE_A, EXAMPLE_B)


def render(comparison: Comparison, width: int = 80, **options: bool) -> tuple[str, str]:
    """(stdout, stderr) of the report at ``width`` columns."""
    out, err = io.StringIO(), io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False)
    errors = Console(file=err, width=width, color_system=None, force_terminal=False)
    render_comparison(console, comparison, errors=errors, **options)
    return out.getvalue(), err.getvalue()


def flat(text: str) -> str:
    """The printed text with wrapping and indentation undone (one space between words)."""
    return " ".join(text.split())


def test_first_screen_is_verdict_then_changed_facts_then_one_sided(example):
    out, _ = render(example)
    lines = out.splitlines()
    verdict = next(i for i, line in enumerate(lines) if "SAME STORY" in line)
    changed = next(i for i, line in enumerate(lines) if line.startswith("What changed"))
    added = next(i for i, line in enumerate(lines) if line.startswith("Only in B"))
    omitted = next(i for i, line in enumerate(lines) if line.startswith("Only in A"))
    reuse = next(i for i, line in enumerate(lines) if line.startswith("Reuse"))
    assert verdict < changed < added < reuse and changed < omitted < reuse
    assert verdict < 6  # after two lines per article at most
    facts = example.changed_facts
    assert facts, "the example pair has changed facts (modality, group, internal contradiction)"
    assert f"{len(facts)} changed fact" in lines[changed]
    # the changed facts (the first few of many) are on the first screen, in rank order
    body = "\n".join(lines[changed:added])
    listed = ranked(facts)[:FIRST_SCREEN_FACTS]
    positions = [body.index(f"{n}. {f.type.value}") for n, f in enumerate(listed, 1)]
    assert positions == sorted(positions)
    assert [rank(f) for f in ranked(facts)] == sorted((rank(f) for f in facts), reverse=True)


def test_many_changed_facts_are_capped_on_the_first_screen(example):
    many = replace(example, discrepancies=example.changed_facts * 5 + example.one_sided)
    out, _ = render(many)
    hidden = len(many.changed_facts) - FIRST_SCREEN_FACTS
    assert f"… and {hidden} less sure changed facts (--details" in flat(out)
    assert f"{FIRST_SCREEN_FACTS + 1}. " not in out
    shown, _ = render(many, details=True)
    assert f"{len(many.changed_facts)}. " in shown


def test_changed_fact_shows_both_sides_words(example):
    out, _ = render(example, width=160)
    modality = next(f for f in example.changed_facts if f.type.value == "modality")
    line = next(line for line in out.splitlines() if "modality" in line)
    a_words, b_words = modality.a.resolve(example), modality.b.resolve(example)
    assert f"“{a_words}” → B “{b_words}”" in line


def test_one_sided_material_is_one_line_per_side_with_counts(example):
    out, _ = render(example)
    additions = [d for d in example.one_sided if d.type.value == "addition"]
    omissions = [d for d in example.one_sided if d.type.value == "omission"]
    added = next(line for line in out.splitlines() if line.startswith("Only in B"))
    omitted = next(line for line in out.splitlines() if line.startswith("Only in A"))
    assert f"{len(additions)} passage" in added and f"{len(omissions)} passage" in omitted
    # the passages themselves wait for --details
    longest = max(example.one_sided, key=lambda d: len(d.value_a or d.value_b or ""))
    assert flat(longest.value_a or longest.value_b or "") not in flat(out)


def test_example_pair_fits_a_screen_or_two_at_80_columns(example):
    out, _ = render(example)
    assert len(out.splitlines()) <= 50, out  # was ~700 lines before the redesign
    assert "Aligned passages" not in out and "--details" in out


def test_details_shows_every_passage_exactly_once(example):
    out, _ = render(example, details=True)
    printed = flat(out)
    passages = {al.a.of(example.a.text) for al in example.alignments}
    passages |= {al.b.of(example.b.text) for al in example.alignments}
    passages |= {s.of(example.a.text) for s in example.unmatched_a}
    passages |= {s.of(example.b.text) for s in example.unmatched_b}
    for passage in passages:
        if len(passage) < 60:  # short sentences may also stand inside a longer passage
            continue
        assert printed.count(flat(passage)) == 1, passage


@pytest.mark.parametrize("width", [60, 160])
def test_report_adapts_to_the_width(example, width):
    out, _ = render(example, width=width, details=True)
    assert max(len(line) for line in out.splitlines()) <= width
    assert "SAME STORY" in out


def test_wide_terminal_puts_passages_side_by_side(example):
    narrow, _ = render(example, width=80, details=True)
    wide, _ = render(example, width=160, details=True)
    assert len(wide.splitlines()) < len(narrow.splitlines())


def test_warnings_go_to_the_error_console(example):
    dated = replace(example, warnings=("a: no publication date found",))
    out, err = render(dated)
    assert "no publication date found" in err and "no publication date found" not in out


def test_unrelated_pair_is_short_and_says_what_it_left_out(example):
    story = replace(example.story, verdict=StoryVerdict.UNRELATED)
    unrelated = replace(example, story=story)
    out, _ = render(unrelated)
    assert "UNRELATED" in out
    assert f"{len(example.discrepancies)} findings" in out and "--details" in out
    assert "What changed" not in out
    assert len(out.splitlines()) <= 14  # header, verdict, one note, reuse: no findings
    shown, _ = render(unrelated, details=True)
    assert "What changed" in shown and "Aligned passages" in shown


def test_basis_is_shown_when_the_story_model_gives_one(example):
    story = replace(example.story, basis="shared people, places and numbers")
    out, _ = render(replace(example, story=story))
    assert "SAME STORY score" in flat(out) and "— shared people, places and numbers" in flat(out)
    plain, _ = render(replace(example, story=replace(example.story, basis="")))
    assert "of sentences aligned" in plain  # fallback: similarity and aligned share


def test_only_discrepancies_prints_findings_without_passages_pairs(example):
    out, _ = render(example, only_discrepancies=True)
    assert "What changed" in out and "Aligned passages" not in out and "Reuse" not in out


HOSTILE = "[/bold] evil [bold red]INJECT[/] \x1b[2J\x1b]0;pwned\x07 end"


def _hostile_comparison(hashing_embedder) -> Comparison:
    text_a = "Officials said 12 people were hurt. " + HOSTILE + ". The bridge reopened on Monday."
    text_b = "Officials said 14 people were hurt. The bridge reopened on Tuesday."
    a = make_article(text_a, source="evil[red]name.txt", title=HOSTILE, author="[/bold] evil")
    b = make_article(text_b, source="https://x.example/[/bold]", outlet="[red]Out")
    return api.compare_articles(a, b, embedder=hashing_embedder)


@pytest.mark.parametrize("details", [False, True])
def test_article_text_prints_as_text_never_markup(hashing_embedder, details):
    comparison = _hostile_comparison(hashing_embedder)
    out, _ = render(comparison, width=200, details=details, show_boilerplate=True)
    assert "[bold red]INJECT[/]" in out
    assert "evil[red]name.txt" in out and "https://x.example/[/bold]" in out
    assert "\x1b" not in out and "␛[2J" in out


def test_escape_sequences_never_reach_a_real_terminal(hashing_embedder):
    comparison = _hostile_comparison(hashing_embedder)
    out = io.StringIO()
    console = Console(file=out, width=120, force_terminal=True, color_system="truecolor")
    render_comparison(console, comparison, details=True, errors=console)
    raw = out.getvalue()
    assert "\x1b[2J" not in raw and "\x1b]0;" not in raw and "\x07" not in raw
    # the only escapes left are the report's own colours (SGR: ESC [ ... m)
    assert not re.findall(r"\x1b(?!\[[0-9;]*m)", raw)


def test_details_list_statement_links_the_aligner_left_unpaired(example):
    from storytrace.models import StatementLink

    a, b = example.unmatched_a[0], example.unmatched_b[0]
    linked = replace(example, links=(StatementLink(a, b, 0.42, ("sanctions", "Azerbaijan")),))
    out, _ = render(linked, width=100, details=True)
    printed = flat(out)
    assert "Linked statements, not aligned (1)" in printed
    assert "shared: sanctions, Azerbaijan 0.42" in printed
    assert "Linked statements" not in flat(render(linked, width=100)[0])  # --details only
