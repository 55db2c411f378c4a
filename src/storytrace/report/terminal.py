"""Terminal rendering of a Comparison: the first screen answers, ``details`` shows the texts.

Order of the default report: the two articles (one or two lines each), the verdict and what it
rests on, the changed facts (one entry each: type, A's words → B's words, the explanation),
one line per side for one-sided material (additions, omissions), one line of reuse. With
``details`` come the aligned passages and the one-sided passages in full, each printed once.
Warnings go to the error console. Everything read from an article goes through
``storytrace.report.safe`` so it prints as text, never as markup or terminal escapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from rich import box
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from storytrace.models import (
    Alignment,
    AlignmentKind,
    Article,
    Comparison,
    Discrepancy,
    DiscrepancyType,
    ReuseSummary,
    Severity,
    Span,
    StoryVerdict,
    TextRef,
)
from storytrace.report.safe import LONG_TEXT, clean, one_line, print_long
from storytrace.report.words import plural
from storytrace.text.normalize import tokens

KIND_STYLE = {
    AlignmentKind.VERBATIM: "green",
    AlignmentKind.NEAR_VERBATIM: "cyan",
    AlignmentKind.PARAPHRASE: "yellow",
}
VERDICT_STYLE = {
    StoryVerdict.SAME_STORY: "bold green",
    StoryVerdict.RELATED: "bold yellow",
    StoryVerdict.UNRELATED: "bold red",
}
SEVERITY_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "dim"}
# Ranking weight of a finding: confidence × this. A sure medium finding (0.9 × 0.7 = 0.63)
# ranks with an unsure high one (0.63); low findings come last unless nothing else is sure.
SEVERITY_WEIGHT = {Severity.HIGH: 1.0, Severity.MEDIUM: 0.7, Severity.LOW: 0.4}
ONLY_A_STYLE = "bold red"
ONLY_B_STYLE = "bold green"
CONTEXT_CHARS = 60  # words around a changed fact in --details
LINK_CHARS = 50  # excerpt of each linked statement in --details (printed in full elsewhere)
SIDE_BY_SIDE_WIDTH = 140  # from this width aligned passages sit side by side
# the start of facts.comparability's warning (not imported here: the fact engine loads spaCy)
LITTLE_TO_COMPARE = "little to compare"
EXAMPLES_PER_SIDE = 3  # at most this many one-sided passages quoted in the summary line
QUOTE_CHARS = 40  # each quote gets at least this much room, else fewer quotes
QUOTE_MARKS = '“”"'
VALUE_CHARS = 60  # a changed fact's words on each side, clipped on the first screen
FIRST_SCREEN_FACTS = 8  # changed facts listed without --details (about three lines each)
EXPLANATION_LINES = 3  # a changed fact's explanation is clipped to about this many lines
BOILERPLATE_CHARS = 400  # a removed block is clipped to this in --show-boilerplate


def rank(finding: Discrepancy) -> float:
    """What the report sorts findings by: confidence × severity weight, highest first."""
    return finding.confidence * SEVERITY_WEIGHT[finding.severity]


def ranked(findings: Iterable[Discrepancy]) -> list[Discrepancy]:
    return sorted(findings, key=lambda f: (-rank(f), f.type.value))


def render_comparison(
    console: Console,
    comparison: Comparison,
    *,
    details: bool = False,
    show_boilerplate: bool = False,
    only_discrepancies: bool = False,
    errors: Console | None = None,
) -> None:
    """Print the report on ``console``; warnings on ``errors`` (default: stderr)."""
    errors = errors or Console(stderr=True)
    for warning in comparison.warnings:
        errors.print(
            Text("warning: ", style="yellow").append(clean(warning)),
            highlight=False,
            soft_wrap=True,
        )
    unrelated = comparison.story.verdict is StoryVerdict.UNRELATED
    suppress = unrelated and not details
    if only_discrepancies:
        if suppress:
            console.print(_suppressed(comparison))
        else:
            _changed_facts(console, comparison, details=True)
            _one_sided_full(console, comparison)
        return
    _header(console, comparison)
    console.print(_verdict(comparison))
    console.print()
    if suppress:
        console.print(_suppressed(comparison))
    else:
        _changed_facts(console, comparison, details=details)
        console.print()
        for line in _one_sided_summary(comparison, console.width):
            console.print(line, overflow="ellipsis", no_wrap=True)
    console.print(_reuse_line(comparison))
    if details:
        _aligned(console, comparison)
        _linked(console, comparison)
        _one_sided_full(console, comparison)
    else:
        console.print(_details_hint(comparison), style="dim")
    if show_boilerplate:
        for label, article in (("A", comparison.a), ("B", comparison.b)):
            _boilerplate(console, label, article)


# -- first screen -------------------------------------------------------------------------


def _header(console: Console, comparison: Comparison) -> None:
    """Title, then source · outlet · author · date · size; wrapped under the label, never cut."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")  # a long path or URL folds onto the next line, whole
    for label, article in (("A", comparison.a), ("B", comparison.b)):
        entry = Text()
        if article.title:
            entry.append(one_line(article.title) + "\n", style="bold")
        facts = [
            one_line(article.source),
            one_line(article.outlet) if article.outlet else None,
            one_line(article.author) if article.author else None,
            clean(article.published or "no date"),
            plural(len(tokens(article.text)), "word"),
        ]
        if article.removed:
            facts.append(f"{plural(len(article.removed), 'block')} removed")
        entry.append(" · ".join(f for f in facts if f), style="dim")
        grid.add_row(label, entry)
    console.print(grid)


def _verdict(comparison: Comparison) -> Text:
    story = comparison.story
    line = Text(story.verdict.value.upper(), style=VERDICT_STYLE[story.verdict])
    line.append(f"  score {story.score:.2f}")
    basis = story.basis or (
        f"document similarity {story.document_similarity:.2f}, "
        f"{story.aligned_fraction:.0%} of sentences aligned"
    )
    line.append(" — " + clean(basis))
    if comparison.embedder:
        line.append(f"  ({clean(comparison.embedder)})", style="dim")
    return line


def _suppressed(comparison: Comparison) -> Text:
    count = len(comparison.discrepancies)
    return Text(
        f"Unrelated articles: {plural(count, 'finding')} between them not listed "
        "(--details shows them).",
        style="dim",
    )


def _changed_facts(console: Console, comparison: Comparison, *, details: bool) -> None:
    facts = ranked(comparison.changed_facts)
    title = Text("What changed", style="bold")
    title.append(f": {plural(len(facts), 'changed fact')}" if facts else ": no changed facts")
    if any(w.startswith(LITTLE_TO_COMPARE) for w in comparison.warnings):
        title.append(f" ({LITTLE_TO_COMPARE}: see the warning)", style="yellow")
    console.print(title)
    if not facts:
        return
    # A grid keeps wrapped lines under their entry (hanging indent) at any width.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    limit = None if details else VALUE_CHARS
    shown = facts if details else facts[:FIRST_SCREEN_FACTS]
    for number, fact in enumerate(shown, start=1):
        entry = Text(fact.type.value, style="bold")
        entry.append(f" ({fact.severity.value}, {fact.confidence:.2f})  ", style="dim")
        label_a, value_a = _value(comparison, fact.a, fact.value_a, "A")
        label_b, value_b = _value(comparison, fact.b, fact.value_b, "B")
        entry.append(f"{label_a} ", style="dim")
        entry.append(f"“{one_line(value_a, limit)}”", style=ONLY_A_STYLE)
        entry.append(" → ")
        entry.append(f"{label_b} ", style="dim")
        entry.append(f"“{one_line(value_b, limit)}”", style=ONLY_B_STYLE)
        explanation = (
            clean(fact.explanation)
            if details
            else one_line(fact.explanation, EXPLANATION_LINES * max(40, console.width - 6))
        )
        entry.append("\n" + explanation, style="dim")
        if details:
            for ref in (fact.a, fact.b):
                if ref is not None:
                    entry.append("\n").append(_in_context(comparison, ref))
        grid.add_row(Text(f"{number}.", style="bold"), entry)
    console.print(grid)
    if len(shown) < len(facts):
        more = plural(len(facts) - len(shown), "less sure changed fact")
        console.print(Text(f"   … and {more} (--details lists them all)", style="dim"))


def _value(
    comparison: Comparison, ref: TextRef | None, value: str | None, side: str
) -> tuple[str, str]:
    """Which text a side of a finding is in ("A", "A subheading") and the words it points at."""
    if ref is None:
        return side, value or "—"
    article = comparison.a if ref.article == "a" else comparison.b
    label = ref.article.upper()
    if ref.block is not None:
        label += " " + article.removed[ref.block].reason.value
    elif any(heading.start <= ref.span.start < heading.end for heading in article.headings):
        label += " subheading"  # kept in the text since schema 1.1
    return label, ref.resolve(comparison) or value or "—"


def _in_context(comparison: Comparison, ref: TextRef) -> Text:
    """The referenced words highlighted inside the words around them, on one paragraph."""
    article = comparison.a if ref.article == "a" else comparison.b
    source = article.text if ref.block is None else article.removed[ref.block].text
    start = max(0, ref.span.start - CONTEXT_CHARS)
    end = min(len(source), ref.span.end + CONTEXT_CHARS)
    line = Text(f"{ref.article.upper()}: ", style="bold")
    line.append("…" if start else "", style="dim")
    line.append(one_line(source[start : ref.span.start]) + " ")
    line.append(one_line(ref.span.of(source)), style="underline")
    line.append(" " + one_line(source[ref.span.end : end]))
    line.append("…" if end < len(source) else "", style="dim")
    return line


def _one_sided_summary(comparison: Comparison, width: int) -> list[Text]:
    """One line per side: how many passages only one article has, and the first few."""
    lines = []
    for kind, spans, label, style in (
        (DiscrepancyType.ADDITION, comparison.unmatched_b, "Only in B (added)", ONLY_B_STYLE),
        (DiscrepancyType.OMISSION, comparison.unmatched_a, "Only in A (omitted)", ONLY_A_STYLE),
    ):
        found = ranked(d for d in comparison.one_sided if d.type is kind)
        line = Text(f"{label}: ", style=style)
        if found:
            high = sum(1 for d in found if d.severity is Severity.HIGH)
            line.append(plural(len(found), "passage"))
            line.append(f" ({high} high)" if high else "")
            quotes = [_one_sided_text(comparison, d) for d in found[:EXAMPLES_PER_SIDE]]
        else:
            line.append(plural(len(spans), "sentence") if spans else "nothing")
            article = comparison.b if kind is DiscrepancyType.ADDITION else comparison.a
            quotes = [span.of(article.text) for span in spans[:EXAMPLES_PER_SIDE]]
        room = width - len(line) - 4
        count = max(1, min(len(quotes), room // QUOTE_CHARS))
        for quote in quotes[:count]:
            line.append(" · " if count > 1 or found else ", e.g. ", style="dim")
            line.append(f"“{one_line(quote.strip(QUOTE_MARKS), room // count - 5)}”")
        lines.append(line)
    return lines


def _one_sided_text(comparison: Comparison, finding: Discrepancy) -> str:
    ref = finding.b if finding.type is DiscrepancyType.ADDITION else finding.a
    return ref.resolve(comparison) if ref else (finding.value_b or finding.value_a or "")


def _reuse_line(comparison: Comparison) -> Text:
    line = Text("Reuse: ", style="bold")
    for index, (label, summary) in enumerate(
        (("A", comparison.reuse_a), ("B", comparison.reuse_b))
    ):
        if index:
            line.append(" · ", style="dim")
        line.append(f"{label} {summary.reused_fraction:.0%} matched")
        line.append(f" ({_kinds(summary)})", style="dim")
    return line


def _kinds(summary: ReuseSummary) -> str:
    return ", ".join(f"{kind.value} {summary.fraction(kind):.0%}" for kind in AlignmentKind)


def _details_hint(comparison: Comparison) -> str:
    passages = len(comparison.unmatched_a) + len(comparison.unmatched_b)
    return (
        f"--details shows the {plural(len(comparison.alignments), 'aligned passage')} "
        f"and the {plural(passages, 'one-sided sentence')} in full"
    )


# -- details ------------------------------------------------------------------------------


def _aligned(console: Console, comparison: Comparison) -> None:
    console.print()
    console.print(Rule(f"Aligned passages ({len(comparison.alignments)})", align="left"))
    legend = Text.assemble(
        ("red", ONLY_A_STYLE), " words only in A   ", ("green", ONLY_B_STYLE), " words only in B"
    )
    console.print(legend)
    # One passage can align with several on the other side (a sentence split in two): it is
    # printed with its first alignment and referred to after that.
    first_a: dict[Span, int] = {}
    first_b: dict[Span, int] = {}
    rows: list[tuple[Text, Text, Text, Text]] = []  # number, kind, A, B
    for number, alignment in enumerate(comparison.alignments, start=1):
        left, right = highlight_pair(comparison.a.text, comparison.b.text, alignment)
        if alignment.a in first_a:
            left = Text(f"(the passage of #{first_a[alignment.a]})", style="dim")
        if alignment.b in first_b:
            right = Text(f"(the passage of #{first_b[alignment.b]})", style="dim")
        first_a.setdefault(alignment.a, number)
        first_b.setdefault(alignment.b, number)
        rows.append((Text(f"{number}.", style="bold"), _kind(alignment), left, right))
    if console.width >= SIDE_BY_SIDE_WIDTH:
        table = Table(box=box.SIMPLE, show_lines=True, expand=True, padding=(0, 1))
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("A", ratio=1)
        table.add_column("B", ratio=1)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    entries: list[tuple[Text, Text]] = []
    for label, kind, left, right in rows:
        entries += [
            (label, kind),
            (Text("A", style="bold"), left),
            (Text("B", style="bold"), right),
        ]
    _entries(console, entries)


def _linked(console: Console, comparison: Comparison) -> None:
    """Statement links the aligner did not pair: the same event told in other sentences. Each
    sentence is printed in full once elsewhere (aligned or one-sided); here as a short excerpt."""
    shown = [
        lk
        for lk in comparison.links
        if not any(al.a.overlaps(lk.a) and al.b.overlaps(lk.b) for al in comparison.alignments)
    ]
    if not shown:
        return
    console.print()
    console.print(Rule(f"Linked statements, not aligned ({len(shown)})", align="left"))
    entries: list[tuple[Text, Text]] = []
    for number, lk in enumerate(shown, start=1):
        about = Text(f"{number}. ", style="bold")
        about.append(f"shared: {', '.join(lk.anchors)}", style="dim")
        about.append(f" {lk.score:.2f}", style="dim")
        entries += [
            (Text(""), about),
            (Text("A", style="bold"), Text(one_line(lk.a.of(comparison.a.text), LINK_CHARS))),
            (Text("B", style="bold"), Text(one_line(lk.b.of(comparison.b.text), LINK_CHARS))),
        ]
    _entries(console, entries)


def _kind(alignment: Alignment) -> Text:
    kind = Text(alignment.kind.value, style=KIND_STYLE[alignment.kind])
    kind.append(f" {alignment.score:.2f}", style="dim")
    return kind


def highlight_pair(text_a: str, text_b: str, alignment: Alignment) -> tuple[Text, Text]:
    """Both passages with the words the other side lacks highlighted."""
    tokens_a = tokens(alignment.a.of(text_a), alignment.a.start)
    tokens_b = tokens(alignment.b.of(text_b), alignment.b.start)
    matcher = SequenceMatcher(
        None, [t.norm for t in tokens_a], [t.norm for t in tokens_b], autojunk=False
    )
    shared_a: set[int] = set()
    shared_b: set[int] = set()
    for block in matcher.get_matching_blocks():
        shared_a.update(range(block.a, block.a + block.size))
        shared_b.update(range(block.b, block.b + block.size))
    return (
        _styled(text_a, alignment.a, tokens_a, shared_a, ONLY_A_STYLE),
        _styled(text_b, alignment.b, tokens_b, shared_b, ONLY_B_STYLE),
    )


def _styled(text_in: str, span: Span, words: list, shared: set[int], style: str) -> Text:
    # clean() maps one character to one (control pictures) or to a few (\x9b): offsets hold
    # for the common case, and a shifted highlight is cosmetic, never unsafe.
    passage = span.of(text_in)
    result = Text(clean(passage))
    if len(result) != len(passage):
        return result
    for index, token in enumerate(words):
        if index not in shared:
            result.stylize(style, token.start - span.start, token.end - span.start)
    return result


def _one_sided_full(console: Console, comparison: Comparison) -> None:
    """Each side's one-sided material once: flagged passages ranked, then the other sentences."""
    for kind, article, spans, title, style in (
        (
            DiscrepancyType.OMISSION,
            comparison.a,
            comparison.unmatched_a,
            "Only in A (omitted by B)",
            ONLY_A_STYLE,
        ),
        (
            DiscrepancyType.ADDITION,
            comparison.b,
            comparison.unmatched_b,
            "Only in B (added by B)",
            ONLY_B_STYLE,
        ),
    ):
        found = ranked(d for d in comparison.one_sided if d.type is kind)
        shown: list[Span] = []
        entries: list[tuple[Text, str]] = []
        for finding in found:
            ref = finding.b if kind is DiscrepancyType.ADDITION else finding.a
            if ref is None or ref.block is not None:
                continue
            if any(ref.span.overlaps(other) for other in shown):
                continue
            shown.append(ref.span)
            label = Text(f"{finding.severity.value} {finding.confidence:.2f}")
            label.stylize(SEVERITY_STYLE[finding.severity], 0, len(finding.severity.value))
            entries.append((label, ref.span.of(article.text)))
        for span in spans:
            if not any(span.overlaps(other) for other in shown):
                shown.append(span)
                entries.append((Text("not ranked", style="dim"), span.of(article.text)))
        console.print()
        console.print(Rule(Text(f"{title}: {plural(len(entries), 'passage')}"), align="left"))
        _entries(console, [(label, Text(clean(p), style=style)) for label, p in entries])


def _boilerplate(console: Console, label: str, article: Article) -> None:
    console.print()
    console.print(
        Rule(Text(f"Removed from {label} ({one_line(article.source, 60)})"), align="left")
    )
    if not article.removed:
        console.print(Text("  nothing removed", style="dim"))
    _entries(
        console,
        [
            (
                Text(block.reason.value, style="magenta"),
                Text(one_line(block.text, BOILERPLATE_CHARS)),
            )
            for block in article.removed
        ],
    )


def _entries(console: Console, rows: list[tuple[Text, Text]]) -> None:
    """Labelled texts, wrapped lines indented under their text; long texts go out unwrapped."""
    if any(len(body) > LONG_TEXT for _, body in rows):
        for label, body in rows:
            print_long(console, Text(" ").append(label).append("  ").append(body))
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for label, body in rows:
        grid.add_row(Text(" ").append(label), body)
    console.print(grid)
