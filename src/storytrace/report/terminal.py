"""Terminal rendering of a Comparison with rich: what a reader checks first comes first."""

from __future__ import annotations

from difflib import SequenceMatcher

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
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
ONLY_A_STYLE = "bold red"
ONLY_B_STYLE = "bold green"


def render_comparison(
    console: Console,
    comparison: Comparison,
    *,
    show_boilerplate: bool = False,
    only_discrepancies: bool = False,
) -> None:
    if only_discrepancies:
        console.print(_discrepancies(comparison))
        return
    console.print(_metadata(comparison.a, comparison.b))
    console.print(_verdict(comparison))
    for warning in comparison.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    console.print(_discrepancies(comparison))
    console.print(_reuse_table(comparison))
    console.print(_alignments(comparison))
    console.print(_unmatched("Only in A (omitted by B)", comparison.a, comparison.unmatched_a))
    console.print(_unmatched("Only in B (added by B)", comparison.b, comparison.unmatched_b))
    if show_boilerplate:
        for label, article in (("A", comparison.a), ("B", comparison.b)):
            console.print(_boilerplate(label, article))


SEVERITY_STYLE = {Severity.HIGH: "bold red", Severity.MEDIUM: "yellow", Severity.LOW: "dim"}
SEVERITY_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
CONTEXT_CHARS = 60


def _discrepancies(comparison: Comparison) -> Panel:
    """Findings grouped by type, groups and findings ordered by severity, spans in context."""
    findings = comparison.discrepancies
    if not findings:
        return Panel(Text("no discrepancies found", style="dim"), title="What changed")
    by_type: dict[DiscrepancyType, list[Discrepancy]] = {}
    for finding in findings:
        by_type.setdefault(finding.type, []).append(finding)
    material = {DiscrepancyType.ADDITION, DiscrepancyType.OMISSION}
    order = sorted(
        by_type.items(),
        key=lambda item: (min(SEVERITY_RANK[f.severity] for f in item[1]), item[0] in material),
    )
    table = Table(box=box.MINIMAL, show_lines=True, expand=True)
    table.add_column("type", no_wrap=True)
    table.add_column("finding", ratio=2)
    table.add_column("A", ratio=2)
    table.add_column("B", ratio=2)
    for kind, group in order:
        group.sort(key=lambda f: (SEVERITY_RANK[f.severity], -f.confidence))
        for finding in group:
            label = Text(kind.value, style="bold")
            label.append(f"\n{finding.severity.value}", style=SEVERITY_STYLE[finding.severity])
            label.append(f"\n{finding.confidence:.2f}", style="dim")
            table.add_row(
                label,
                Text(finding.explanation),
                _in_context(comparison, finding.a, "a", kind not in material),
                _in_context(comparison, finding.b, "b", kind not in material),
            )
    return Panel(table, title=f"What changed ({len(findings)} findings)", title_align="left")


def _in_context(
    comparison: Comparison, ref: TextRef | None, column: str, context: bool = True
) -> Text:
    """The referenced text highlighted inside its surrounding words."""
    style = ONLY_A_STYLE if column == "a" else ONLY_B_STYLE
    if ref is None:
        return Text("—", style="dim")
    article = comparison.a if ref.article == "a" else comparison.b
    source = article.text if ref.block is None else article.removed[ref.block].text
    margin = CONTEXT_CHARS if context else 0
    start = max(0, ref.span.start - margin)
    end = min(len(source), ref.span.end + margin)
    text = Text("…" if start else "", style="dim")
    text.append(source[start : ref.span.start])
    text.append(ref.span.of(source), style=style)
    text.append(source[ref.span.end : end])
    if end < len(source):
        text.append("…", style="dim")
    if ref.block is None and ref.article != column:
        text.append(f"\n(in {ref.article.upper()})", style="dim")
    if ref.block is not None:
        text.append(
            f"\n({article.removed[ref.block].reason.value} of {ref.article.upper()})", style="dim"
        )
    return text


def _metadata(a: Article, b: Article) -> Table:
    table = Table(title="Articles", box=box.SIMPLE_HEAVY, show_lines=False, expand=True)
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("A", ratio=1)
    table.add_column("B", ratio=1)
    rows = [
        ("source", a.source, b.source),
        ("title", a.title, b.title),
        ("outlet", a.outlet, b.outlet),
        ("author", a.author, b.author),
        ("published", a.published, b.published),
        ("language", a.language, b.language),
        ("words", str(len(tokens(a.text))), str(len(tokens(b.text)))),
        ("sentences", str(len(a.sentences)), str(len(b.sentences))),
        ("boilerplate removed", str(len(a.removed)) + " blocks", str(len(b.removed)) + " blocks"),
    ]
    for name, left, right in rows:
        table.add_row(name, Text(left or "—"), Text(right or "—"))
    return table


def _verdict(comparison: Comparison) -> Text:
    story = comparison.story
    text = Text("Verdict: ")
    text.append(story.verdict.value.upper(), style=VERDICT_STYLE[story.verdict])
    text.append(
        f"  score {story.score:.2f}  (document similarity {story.document_similarity:.2f}, "
        f"{story.aligned_fraction:.0%} of sentences aligned, embedder {comparison.embedder})"
    )
    return text


def _reuse_table(comparison: Comparison) -> Table:
    table = Table(title="Reuse (share of each article's text)", box=box.SIMPLE)
    table.add_column("article")
    for kind in AlignmentKind:
        table.add_column(kind.value, justify="right", style=KIND_STYLE[kind])
    table.add_column("any reuse", justify="right", style="bold")
    table.add_column("unmatched", justify="right")
    for label, summary in (("A", comparison.reuse_a), ("B", comparison.reuse_b)):
        table.add_row(label, *_reuse_cells(summary))
    return table


def _reuse_cells(summary: ReuseSummary) -> list[str]:
    cells = [f"{summary.fraction(kind):.0%}" for kind in AlignmentKind]
    cells.append(f"{summary.reused_fraction:.0%}")
    cells.append(f"{1 - summary.reused_fraction:.0%}")
    return cells


def _alignments(comparison: Comparison) -> Panel:
    table = Table(box=box.MINIMAL, show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("A", ratio=1)
    table.add_column("B", ratio=1)
    for number, alignment in enumerate(comparison.alignments, start=1):
        left, right = highlight_pair(comparison.a.text, comparison.b.text, alignment)
        kind = Text(alignment.kind.value, style=KIND_STYLE[alignment.kind])
        kind.append(f"\n{alignment.score:.2f}", style="dim")
        table.add_row(str(number), kind, left, right)
    legend = Text.assemble(
        ("red", ONLY_A_STYLE), " words only in A   ", ("green", ONLY_B_STYLE), " words only in B"
    )
    title = f"Aligned passages ({len(comparison.alignments)})"
    return Panel(Group(legend, table), title=title, title_align="left")


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


def _styled(text: str, span: Span, words: list, shared: set[int], style: str) -> Text:
    result = Text(span.of(text))
    for index, token in enumerate(words):
        if index not in shared:
            result.stylize(style, token.start - span.start, token.end - span.start)
    return result


def _unmatched(title: str, article: Article, spans: tuple[Span, ...]) -> Panel:
    if not spans:
        return Panel(Text("nothing", style="dim"), title=title, title_align="left")
    body = Text()
    for index, span in enumerate(spans):
        if index:
            body.append("\n\n")
        body.append(f"[{span.start}:{span.end}] ", style="dim")
        body.append(span.of(article.text))
    return Panel(body, title=f"{title}: {len(spans)} passages", title_align="left")


def _boilerplate(label: str, article: Article) -> Panel:
    table = Table(box=box.SIMPLE, expand=True)
    table.add_column("reason", no_wrap=True, style="magenta")
    table.add_column("at", justify="right", style="dim")
    table.add_column("removed text", ratio=1)
    for block in article.removed:
        table.add_row(block.reason.value, str(block.at), Text(_clip(block.text, 400)))
    if not article.removed:
        table.add_row("—", "", "nothing removed")
    return Panel(table, title=f"Removed from {label} ({article.source})", title_align="left")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
