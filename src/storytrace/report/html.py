"""Self-contained HTML reports of a ``Comparison`` and of a ``StoryTrace``.

One file, no network: CSS, JavaScript and the SVG graph are inline, nothing is fetched. The
views are built from the same records ``--json`` writes, so they show the same findings. All
article text, titles, sources and explanations go through ``html.escape``; no JSON is embedded.

Public: ``render_comparison``, ``render_trace`` (full documents), ``render_comparison_fragment``,
``render_trace_fragment`` (body markup for a page of one's own, with ``REPORT_CSS`` and
``REPORT_JS`` included once), ``write_report`` (write a document; ``OutputError`` on failure),
``write_story_html`` (``storytrace story ID --html``).

Stable DOM hooks (for browser tests and embedding pages; ``P`` is the id prefix, ``"c-"`` by
default for a comparison, ``"t-"`` for a trace, ``"t-pairN-"`` for pair N embedded in a trace):

- ``main.st-report`` wraps a document; ``.st-cmp`` wraps one comparison view (``data-prefix``),
  ``.st-trace`` a trace view. The JavaScript scopes every lookup to the nearest ``.st-cmp`` /
  ``.st-trace``, so several views can share a page.
- ``#Pverdict`` (``data-verdict``), ``#Pmeta`` (metadata table), ``#Preuse`` (statistics).
- ``#Ptext-a`` and ``#Ptext-b``: the two article panes (``.pane[data-side="a|b"]``).
- Passages: ``span.psg`` with ``data-side``; aligned ones ``data-pair="N"`` (the same N on both
  sides; N is the index in ``Comparison.alignments``; a passage aligned to several gets them
  all, ``data-pair="0 1 4"``: select with ``[data-pair~="N"]``), class ``k-verbatim`` /
  ``k-near-verbatim`` / ``k-paraphrase``; one-sided sentences ``k-only``. The first element of
  pair N on each side has ``id="Pa-pN"`` / ``"Pb-pN"`` (on the span, or on an empty
  ``span.anchor`` at its start when several passages start there). Aligned passages are
  focusable (``tabindex="0"``); click, Enter or Space activates one.
- Changed facts: ``mark.m-fact`` with ``data-fact="K"`` (space-separated when annotations
  overlap; select with ``[data-fact~="K"]``); K is the index in ``Comparison.changed_facts``;
  the first piece on each side has ``id="Pf{K}-a"`` / ``"Pf{K}-b"`` (an internal contradiction
  has both in one article: ``Pf{K}-a`` and ``Pf{K}-a2``; a ref into a removed block lives in
  the ``#Premoved-a|b`` details). Badges ``sup.badge`` read ``F{K+1}``.
- One-sided findings: ``.m-os[data-os="J"]`` anchors ``id="Po{J}"`` (J indexes
  ``Comparison.one_sided``); list ``#Pone-sided`` with ``li[data-os]``, extra entries
  ``li.more[hidden]`` shown by ``button[data-show-all]``.
- ``#Pfacts``: the changed-facts list (most severe first), one
  ``li.fact-item#PfactK[data-type="<DiscrepancyType value>"][data-fact="K"]`` per fact, its
  ``a.go`` links pointing at ``#Pf{K}-a`` / ``#Pf{K}-b``; the type filter (present when there
  are two or more types) is ``#Pfilter input[type=checkbox][value="<type>"]``, unchecking one
  sets ``hidden`` on its entries.
- Activation adds ``.is-active`` to the activated element and every partner (same
  ``data-pair`` / ``data-fact``; for a fact also its ``li.fact-item``), hover adds
  ``.is-hover``; the partner on the other side is scrolled into view; ``#Pdetail``
  (aria-live) describes the active item.
- Trace: ``svg.graph`` with ``a.node[data-node="<section id>"]`` (``.upstream`` or
  ``.article``); article sections ``details.node-detail#t-aI`` (I: index in
  ``StoryTrace.articles``), upstream sections ``#t-uI``; clicking a node opens its section and
  marks node and section ``.is-active``. ``#t-history``: one ``li.history[data-type]`` per
  ``FactHistory``; version marks ``mark.m-ver[data-ver="H.V"]`` with ``id="t-hH-vV-aI"``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path, PurePath

from storytrace import __version__
from storytrace.errors import OutputError
from storytrace.models import (
    AlignmentKind,
    Article,
    Comparison,
    Discrepancy,
    ReuseSummary,
    Severity,
    StoryTrace,
    TextRef,
)
from storytrace.report.html_graph import render_graph
from storytrace.report.html_marks import Mark, Passage, esc, markup

__all__ = [
    "REPORT_CSS",
    "REPORT_JS",
    "render_comparison",
    "render_comparison_fragment",
    "render_trace",
    "render_trace_fragment",
    "write_report",
    "write_story_html",
]

SEVERITY_RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}
# Where passages of several kinds cover the same words, the closest kind colours them.
KIND_RANK = {AlignmentKind.VERBATIM: 0, AlignmentKind.NEAR_VERBATIM: 1, AlignmentKind.PARAPHRASE: 2}
ONE_SIDED_SHOWN = 5  # one-sided findings listed per side before "show all"
EXCERPT_CHARS = 220


# Article fields shown as metadata, with their labels, in the order a reader scans them.
METADATA_FIELDS = (
    ("title", "title"),
    ("outlet", "outlet"),
    ("author", "author"),
    ("published", "date"),
    ("language", "language"),
    ("source", "source"),
)


@cache
def _asset(name: str) -> str:
    return (resources.files("storytrace.report") / "static" / name).read_text("utf-8")


REPORT_CSS = _asset("report.css")
REPORT_JS = _asset("report.js")


# -- documents -------------------------------------------------------------------------------


def render_comparison(comparison: Comparison) -> str:
    """A complete HTML document for one comparison."""
    a, b = comparison.a, comparison.b
    title = f"{_short(a)} vs {_short(b)}: storytrace"
    return _document(title, render_comparison_fragment(comparison))


def render_trace(
    trace: StoryTrace,
    comparisons: Mapping[tuple[str, str], Comparison] | None = None,
    *,
    title: str | None = None,
) -> str:
    """A complete HTML document for a story trace.

    ``comparisons`` (optional, keyed by ``(article id, article id)``, e.g. a derivation's
    ``(parent, child)``) adds each pair's side-by-side view under the graph.
    """
    heading = title or f"Story of {len(trace.articles)} articles"
    return _document(
        f"{heading}: storytrace", render_trace_fragment(trace, comparisons, title=heading)
    )


def write_report(path: str | os.PathLike[str], document: str) -> None:
    """Write ``document`` to ``path``; an unwritable path is an ``OutputError`` (one line)."""
    try:
        Path(path).write_text(document, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise OutputError(os.fspath(path), f"cannot write the HTML report: {reason}") from None


def write_story_html(path: str | os.PathLike[str], trace: StoryTrace | None, story_id: str) -> None:
    """``storytrace story ID --html``: the story's trace as a report (the CLI's one call)."""
    if trace is None:
        raise OutputError(
            os.fspath(path),
            f"the HTML report of story {story_id} draws its trace: it needs --trace and a story "
            "of at least two articles",
        )
    write_report(path, render_trace(trace, title=f"Story {story_id}"))


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light">'
        f'<meta name="generator" content="storytrace {esc(__version__)}">'
        f"<title>{esc(title)}</title><style>{REPORT_CSS}</style></head>"
        f'<body><main class="st-report">{body}</main>'
        f"<script>{REPORT_JS}</script></body></html>\n"
    )


# -- comparison ------------------------------------------------------------------------------


def render_comparison_fragment(comparison: Comparison, *, prefix: str = "c-") -> str:
    """The comparison view as body markup (needs ``REPORT_CSS`` and ``REPORT_JS`` on the page).

    ``prefix`` starts every element id, so several views can share one page.
    """
    c, p = comparison, prefix
    facts = c.changed_facts
    one_sided = c.one_sided
    marks_a, marks_b, block_marks = _fact_marks(c, facts, one_sided, p)
    parts = [
        f'<section class="st-cmp" data-prefix="{esc(p)}">',
        _header(c, p),
        _warnings(c.warnings),
        _facts_list(c, facts, p),
        _legend(),
        f'<div class="detail" id="{esc(p)}detail" aria-live="polite">Select a passage or a '
        "changed fact (click, or Tab then Enter) to see its partner in the other article.</div>",
        '<div class="panes">',
        _pane(c, "a", marks_a, p),
        _pane(c, "b", marks_b, p),
        "</div>",
        _one_sided_list(c, one_sided, p),
        _removed(c, block_marks, p),
        _footer(f"embedder {c.embedder or '—'} · schema {c.schema_version}"),
        "</section>",
    ]
    return "".join(parts)


def _short(article: Article) -> str:
    return article.outlet or PurePath(article.source.split("#")[0]).name or article.id


def _header(c: Comparison, p: str) -> str:
    story = c.story
    basis = story.basis or (
        f"score {story.score:.2f}: document similarity {story.document_similarity:.2f}, "
        f"{story.aligned_fraction:.0%} of sentences aligned"
    )
    rows = []
    for name, label in METADATA_FIELDS:
        va, vb = getattr(c.a, name), getattr(c.b, name)
        rows.append(
            f"<tr><th scope=row>{label}</th><td>{_or_dash(va)}</td><td>{_or_dash(vb)}</td></tr>"
        )
    rows.append(
        f"<tr><th scope=row>words</th><td>{len(c.a.text.split()):,}</td>"
        f"<td>{len(c.b.text.split()):,}</td></tr>"
    )
    verdict = story.verdict.value
    return (
        f'<header class="top"><h1>{esc(_short(c.a))} <span class="vs">vs</span> '
        f"{esc(_short(c.b))}</h1>"
        f'<div class="verdict v-{esc(verdict.replace(" ", "-"))}" id="{p}verdict" '
        f'data-verdict="{esc(verdict)}"><strong>{esc(verdict.upper())}</strong> '
        f'<span class="score">p = {story.score:.2f}</span><p class="basis">{esc(basis)}</p></div>'
        f'<div class="top-grid"><table class="meta" id="{p}meta"><caption>Articles</caption>'
        "<thead><tr><th scope=col><span class=sr>field</span></th>"
        "<th scope=col>A</th><th scope=col>B</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<div class="reuse" id="{p}reuse"><h2>Reuse</h2>'
        f"{_reuse('A', c.reuse_a, 'of A corresponds to B')}"
        f"{_reuse('B', c.reuse_b, 'of B corresponds to A')}"
        f"<p class=counts>{len(c.alignments)} aligned passages · {len(c.links)} linked "
        f"statements · {len(c.changed_facts)} changed "
        f"facts · {len(c.unmatched_a)} sentences only in A · {len(c.unmatched_b)} only in B</p>"
        "</div></div></header>"
    )


def _or_dash(value: object) -> str:
    return esc(value) if value else '<span class="none">—</span>'


def _reuse(side: str, reuse: ReuseSummary, what: str) -> str:
    total = reuse.total_chars or 1
    shares = [
        ("verbatim", reuse.verbatim_chars),
        ("near-verbatim", reuse.near_verbatim_chars),
        ("paraphrase", reuse.paraphrase_chars),
        ("only", reuse.unmatched_chars),
    ]
    bar = "".join(
        f'<span class="seg k-{kind}" style="width:{100 * chars / total:.1f}%" '
        f'title="{kind}: {chars / total:.0%}"></span>'
        for kind, chars in shares
        if chars
    )
    legend = ", ".join(
        f"{kind.replace('only', 'one-sided')} {chars / total:.0%}" for kind, chars in shares
    )
    return (
        f'<div class="reuse-side"><p><strong>{reuse.reused_fraction:.0%}</strong> {esc(what)} '
        f'<span class="fine">({esc(legend)})</span></p>'
        f'<div class="bar" role="img" aria-label="{side}: {esc(legend)}">{bar}</div></div>'
    )


def _warnings(warnings: Sequence[str]) -> str:
    if not warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return f'<section class="warnings"><h2>Warnings</h2><ul>{items}</ul></section>'


def _legend() -> str:
    keys = [
        ("k-verbatim", "verbatim", "solid underline"),
        ("k-near-verbatim", "near-verbatim", "dashed underline"),
        ("k-paraphrase", "paraphrase", "dotted underline"),
        ("k-only", "only in one article", "wavy underline"),
    ]
    items = "".join(
        f'<li><span class="psg {cls}">{label}</span> <span class="fine">{how}</span></li>'
        for cls, label, how in keys
    )
    items += (
        '<li><mark class="m m-fact">changed fact</mark><sup class="badge">F1</sup> '
        '<span class="fine">boxed, numbered</span></li>'
    )
    return f'<ul class="legend" aria-label="Legend">{items}</ul>'


def _ref_text(c: Comparison, ref: TextRef | None) -> str:
    if ref is None:
        return ""
    try:
        return ref.resolve(c)
    except (IndexError, ValueError):
        return ""


def _fact_anchor(p: str, k: int, ref: TextRef, second: bool) -> str:
    return f"{p}f{k}-{ref.article}{'2' if second else ''}"


def _fact_marks(
    c: Comparison, facts: Sequence[Discrepancy], one_sided: Sequence[Discrepancy], p: str
) -> tuple[list[Mark], list[Mark], dict[tuple[str, int], list[Mark]]]:
    body: dict[str, list[Mark]] = {"a": [], "b": []}
    blocks: dict[tuple[str, int], list[Mark]] = defaultdict(list)
    for k, d in enumerate(facts):
        title = f"F{k + 1} {d.type.value} ({d.severity.value}, confidence {d.confidence:.2f}): "
        title += d.explanation
        for second, ref in ((False, d.a), (True, d.b)):
            if ref is None:
                continue
            same_side = d.a is not None and d.b is not None and d.a.article == d.b.article
            mark = Mark(
                ref.span.start,
                ref.span.end,
                "fact",
                str(k),
                f"t-{_slug(d.type.value)} s-{d.severity.value}",
                _fact_anchor(p, k, ref, second and same_side),
                title,
                f"F{k + 1}",
            )
            target = (
                blocks[(ref.article, ref.block)] if ref.block is not None else body[ref.article]
            )
            target.append(mark)
    for j, d in enumerate(one_sided):
        ref = d.a or d.b
        if ref is None:
            continue
        mark = Mark(ref.span.start, ref.span.end, "os", str(j), "", f"{p}o{j}", "")
        target = blocks[(ref.article, ref.block)] if ref.block is not None else body[ref.article]
        target.append(mark)
    return body["a"], body["b"], blocks


def _slug(value: str) -> str:
    return "-".join(value.split())


def _pane(c: Comparison, side: str, marks: list[Mark], p: str) -> str:
    article = c.a if side == "a" else c.b
    other = "B" if side == "a" else "A"
    passages = []
    for n, al in enumerate(c.alignments):
        span = al.a if side == "a" else al.b
        kind = al.kind.value
        passages.append(
            Passage(
                span.start,
                span.end,
                f"k-{kind}",
                KIND_RANK[al.kind],
                pair=str(n),
                anchor=f"{p}{side}-p{n}",
                title=f"{kind} passage {n + 1} (score {al.score:.2f}): select for {other}",
                attrs=(("data-side", side),),
            )
        )
    only = c.unmatched_a if side == "a" else c.unmatched_b
    note = "only in A (omitted by B)" if side == "a" else "only in B (added by B)"
    rank = len(KIND_RANK)
    for span in only:
        passages.append(
            Passage(span.start, span.end, "k-only", rank, title=note, attrs=(("data-side", side),))
        )
    label = side.upper()
    return (
        f'<article class="pane" id="{p}text-{side}" data-side="{side}" '
        f'aria-label="Article {label}"><h2><span class="side">{label}</span> '
        f"{esc(article.title or _short(article))}</h2>"
        f'<p class="fine">{_or_dash(article.outlet)} · {_or_dash(article.published)}</p>'
        f'<div class="text">{markup(article.text, passages, marks)}</div></article>'
    )


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _facts_list(c: Comparison, facts: Sequence[Discrepancy], p: str) -> str:
    order = sorted(
        range(len(facts)), key=lambda k: (SEVERITY_RANK[facts[k].severity], -facts[k].confidence)
    )
    types = sorted({d.type.value for d in facts})
    filters = "".join(
        f'<label><input type="checkbox" value="{esc(t)}" checked> {esc(t)} '
        f"({sum(d.type.value == t for d in facts)})</label>"
        for t in types
    )
    items = []
    for k in order:
        d = facts[k]
        sides = []
        for second, ref, value in ((False, d.a, d.value_a), (True, d.b, d.value_b)):
            if ref is None:
                continue
            same_side = d.a is not None and d.b is not None and d.a.article == d.b.article
            anchor = _fact_anchor(p, k, ref, second and same_side)
            where = ref.article.upper() + (" (removed block)" if ref.block is not None else "")
            sides.append(
                f'<li><a href="#{esc(anchor)}" class="go" data-fact="{k}">{esc(where)}: '
                f"“{esc(_excerpt(_ref_text(c, ref), 160))}”</a>"
                + (f' <span class="fine">read as {esc(value)}</span>' if value else "")
                + "</li>"
            )
        items.append(
            f'<li class="fact-item s-{d.severity.value}" id="{p}fact{k}" '
            f'data-type="{esc(d.type.value)}" data-fact="{k}">'
            f'<p class="head"><span class="badge-l">F{k + 1}</span> '
            f'<span class="type">{esc(d.type.value)}</span> '
            f'<span class="sev">{esc(d.severity.value)}</span> '
            f'<span class="conf">confidence {d.confidence:.2f}</span></p>'
            f'<p class="why">{esc(d.explanation)}</p><ul class="refs">{"".join(sides)}</ul></li>'
        )
    body = (
        f'<ol class="facts" id="{p}facts">{"".join(items)}</ol>'
        if items
        else '<p class="none">No changed facts found.</p>'
    )
    filter_box = (
        f'<fieldset class="filter" id="{p}filter"><legend>Show types</legend>{filters}</fieldset>'
        if len(types) > 1
        else ""
    )
    return (
        f'<section class="changed" aria-labelledby="{p}facts-h"><h2 id="{p}facts-h">'
        f"Changed facts ({len(facts)})</h2>{filter_box}{body}</section>"
    )


def _one_sided_list(c: Comparison, one_sided: Sequence[Discrepancy], p: str) -> str:
    groups = []
    for side, heading in (("a", "Only in A (omitted by B)"), ("b", "Only in B (added by B)")):
        js = [j for j, d in enumerate(one_sided) if (d.a or d.b) and (d.a or d.b).article == side]  # type: ignore[union-attr]
        js.sort(key=lambda j: (SEVERITY_RANK[one_sided[j].severity], -one_sided[j].confidence))
        items = []
        for rank, j in enumerate(js):
            d = one_sided[j]
            ref = d.a or d.b
            hidden = ' hidden class="more"' if rank >= ONE_SIDED_SHOWN else ""
            items.append(
                f'<li data-os="{j}"{hidden}><span class="sev">{esc(d.severity.value)}</span> '
                f'<a href="#{p}o{j}" class="go" data-os="{j}">'
                f"“{esc(_excerpt(_ref_text(c, ref)))}”</a> "
                f'<span class="fine">{esc(_why(d))} · confidence {d.confidence:.2f}</span></li>'
            )
        more = (
            f'<button type="button" data-show-all>Show all {len(js)}</button>'
            if len(js) > ONE_SIDED_SHOWN
            else ""
        )
        body = f"<ul>{''.join(items)}</ul>{more}" if items else '<p class="none">none</p>'
        groups.append(f'<div class="os-group"><h3>{heading} ({len(js)})</h3>{body}</div>')
    return (
        f'<section class="one-sided" id="{p}one-sided"><h2>One-sided material</h2>'
        f'<div class="os-groups">{"".join(groups)}</div></section>'
    )


def _why(d: Discrepancy) -> str:
    """The explanation without the quoted passage it repeats (shown as the link already)."""
    head = d.explanation.split(":", 1)[0]
    return head if len(head) < len(d.explanation) else _excerpt(d.explanation, 120)


def _removed(c: Comparison, block_marks: Mapping[tuple[str, int], list[Mark]], p: str) -> str:
    parts = []
    for side, article in (("a", c.a), ("b", c.b)):
        parts.append(_removed_blocks(article, side, block_marks, f"{p}removed-{side}"))
    return f'<section class="removed"><h2>Removed by extraction</h2>{"".join(parts)}</section>'


def _removed_blocks(
    article: Article, side: str, block_marks: Mapping[tuple[str, int], list[Mark]], anchor: str
) -> str:
    rows = "".join(
        f'<li><span class="reason">{esc(block.reason.value)}</span> '
        f'<span class="text">{markup(block.text, (), block_marks.get((side, i), ()))}</span></li>'
        for i, block in enumerate(article.removed)
    )
    return (
        f'<details class="boilerplate" id="{esc(anchor)}"><summary>{side.upper()}: '
        f"{len(article.removed)} removed blocks (headline, labels, bios, links…)</summary>"
        f"<ul>{rows}</ul></details>"
    )


def _footer(text: str) -> str:
    return f'<footer class="fine">storytrace {esc(__version__)} · {esc(text)}</footer>'


# -- trace -----------------------------------------------------------------------------------


def render_trace_fragment(
    trace: StoryTrace,
    comparisons: Mapping[tuple[str, str], Comparison] | None = None,
    *,
    title: str | None = None,
) -> str:
    """The trace view as body markup (needs ``REPORT_CSS`` and ``REPORT_JS`` on the page)."""
    p = "t-"
    names = _labels(trace)
    anchors = {a.id: f"{p}a{i}" for i, a in enumerate(trace.articles)}
    anchors |= {u.id: f"{p}u{i}" for i, u in enumerate(trace.upstream)}
    heading = title or f"Story of {len(trace.articles)} articles"
    version_marks = _version_marks(trace, anchors, p)
    summary = (
        f"{len(trace.articles)} articles · {len(trace.upstream)} inferred upstream source(s) · "
        f"{len(trace.derivations)} derivations · {len(trace.facts)} changed facts · "
        f"{len(trace.unrelated)} unrelated · {len(trace.duplicates)} duplicates"
    )
    parts = [
        '<section class="st-trace">',
        f'<header class="top"><h1>{esc(heading)}</h1><p class="counts">{esc(summary)}</p></header>',
        _warnings(trace.warnings),
        '<section class="graph-box" id="t-graph"><h2>Derivation graph</h2>'
        '<p class="fine">Parent above child; edge label: how the child treats the text, and the '
        "confidence in the direction. Dashed boxes are sources inferred outside the set. "
        "Select a node for its details.</p>",
        '<div class="graph-scroll">',
        render_graph(trace, names, anchors, "Derivation graph"),
        "</div>",
        "</section>",
        _timeline(trace, names, anchors),
        _histories(trace, names, anchors, p),
        '<section class="nodes" id="t-articles"><h2>Articles</h2>',
        *(
            _article_detail(trace, i, a, names, anchors, version_marks.get(a.id, []))
            for i, a in enumerate(trace.articles)
        ),
        *(_upstream_detail(trace, i, names, anchors) for i in range(len(trace.upstream))),
        "</section>",
        _pairs(trace, comparisons or {}, names),
        _leftovers(trace, names),
        _footer(f"embedder {trace.embedder or '—'} · schema {trace.schema_version}"),
        "</section>",
    ]
    return "".join(parts)


def _labels(trace: StoryTrace) -> dict[str, str]:
    by_id = {a.id: a for a in trace.articles}
    names = {}
    for position, article_id in enumerate(trace.timeline, start=1):
        article = by_id.get(article_id)
        names[article_id] = f"#{position} {_short(article) if article else article_id}"
    for a in trace.articles:
        names.setdefault(a.id, _short(a))
    for u in trace.upstream:
        names[u.id] = f"{u.name} (inferred upstream)"
    return names


def _link(target: str | None, anchors: Mapping[str, str], names: Mapping[str, str]) -> str:
    if target is None:
        return '<span class="none">—</span>'
    if target not in anchors:
        return esc(names.get(target, target))
    return (
        f'<a href="#{esc(anchors[target])}" class="go" data-node="{esc(anchors[target])}">'
        f"{esc(names.get(target, target))}</a>"
    )


def _timeline(trace: StoryTrace, names: Mapping[str, str], anchors: Mapping[str, str]) -> str:
    by_id = {a.id: a for a in trace.articles}
    parents: dict[str, list[str]] = defaultdict(list)
    for d in trace.derivations:
        parents[d.child].append(
            f"{_link(d.parent, anchors, names)} ({esc(d.kind.value)}, {d.confidence:.2f})"
        )
    rows = []
    for article_id in trace.timeline:
        article = by_id.get(article_id)
        if article is None:
            continue
        rows.append(
            f"<tr><td>{_link(article_id, anchors, names)}</td>"
            f"<td>{_or_dash(article.published)}</td>"
            f"<td>{esc(article.title or article.source)}</td>"
            f"<td>{'; '.join(parents.get(article_id, [])) or '—'}</td></tr>"
        )
    return (
        '<section id="t-timeline"><h2>Timeline</h2><div class="table-scroll"><table>'
        "<thead><tr><th scope=col>article</th><th scope=col>published</th>"
        "<th scope=col>title or source</th><th scope=col>derived from</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _version_marks(trace: StoryTrace, anchors: Mapping[str, str], p: str) -> dict[str, list[Mark]]:
    marks: dict[str, list[Mark]] = defaultdict(list)
    for h, history in enumerate(trace.facts):
        for v, version in enumerate(history.versions):
            for article_id, span in version.refs:
                if article_id not in anchors:
                    continue
                marks[article_id].append(
                    Mark(
                        span.start,
                        span.end,
                        "ver",
                        f"{h}.{v}",
                        f"t-{_slug(history.type.value)}",
                        f"{p}h{h}-v{v}-{anchors[article_id].removeprefix(p)}",
                        f"{history.type.value}: version “{version.value}”",
                        f"F{h + 1}",
                    )
                )
    return marks


def _histories(
    trace: StoryTrace, names: Mapping[str, str], anchors: Mapping[str, str], p: str
) -> str:
    if not trace.facts:
        return (
            f'<section id="{p}history"><h2>Changed facts</h2>'
            '<p class="none">No fact differs along the graph.</p></section>'
        )
    items = []
    for h, history in enumerate(trace.facts):
        versions = []
        for v, version in enumerate(history.versions):
            carriers = ", ".join(
                f'<a href="#{p}h{h}-v{v}-{esc(anchors[a].removeprefix(p))}" class="go" '
                f'data-ver="{h}.{v}">{esc(names.get(a, a))}</a>'
                for a, _ in version.refs
                if a in anchors
            )
            versions.append(
                f"<li><q>{esc(version.value)}</q> — first in "
                f"{_link(version.first, anchors, names)}; carried by {carriers or '—'}</li>"
            )
        items.append(
            f'<li class="history" data-type="{esc(history.type.value)}">'
            f'<p class="head"><span class="badge-l">F{h + 1}</span> '
            f'<span class="type">{esc(history.type.value)}</span></p>'
            f'<p class="why">{esc(history.explanation)}</p><ol class="versions">'
            f"{''.join(versions)}</ol></li>"
        )
    return (
        f'<section id="{p}history"><h2>Changed facts and their history ({len(trace.facts)})</h2>'
        f'<ol class="facts">{"".join(items)}</ol></section>'
    )


def _article_detail(
    trace: StoryTrace,
    index: int,
    article: Article,
    names: Mapping[str, str],
    anchors: Mapping[str, str],
    marks: list[Mark],
) -> str:
    anchor = anchors[article.id]
    sources = next((s.sources for s in trace.sources if s.article == article.id), ())
    cited = "".join(
        f"<li>{esc(s.kind.value)}: {esc(s.name)} "
        f'<span class="fine">({len(s.sentences)} sentences rest on it)</span></li>'
        for s in sources
    )
    edges = []
    for d in trace.derivations:
        if d.child == article.id:
            edges.append(f"derived from {_link(d.parent, anchors, names)}")
        elif d.parent == article.id:
            edges.append(f"source of {_link(d.child, anchors, names)}")
        else:
            continue
        edges[-1] += (
            f" ({esc(d.kind.value)}, confidence {d.confidence:.2f}, shares {d.shared:.0%}): "
            f"{esc('; '.join(d.reasons))}"
        )
    meta = "".join(
        f"<dt>{label}</dt><dd>{_or_dash(getattr(article, name))}</dd>"
        for name, label in (*METADATA_FIELDS, ("id", "id"))
    )
    open_attr = " open" if index == 0 and len(trace.articles) <= 2 else ""
    return (
        f'<details class="node-detail" id="{esc(anchor)}"{open_attr}><summary>'
        f"{esc(names.get(article.id, article.id))} — {esc(article.title or article.source)}"
        f'</summary><dl class="meta-dl">{meta}</dl>'
        f"<h3>Place in the graph</h3><ul>{''.join(f'<li>{e}</li>' for e in edges) or '<li>—</li>'}"
        f"</ul><h3>Cited sources</h3><ul>{cited or '<li>—</li>'}</ul>"
        f'<h3>Text</h3><div class="text">{markup(article.text, (), marks)}</div>'
        f"{_removed_blocks(article, 'a', {}, anchor + '-removed')}</details>"
    )


def _upstream_detail(
    trace: StoryTrace, index: int, names: Mapping[str, str], anchors: Mapping[str, str]
) -> str:
    u = trace.upstream[index]
    cited = ", ".join(_link(a, anchors, names) for a in u.cited_by) or "—"
    reasons = "".join(f"<li>{esc(r)}</li>" for r in u.reasons)
    return (
        f'<details class="node-detail upstream" id="{esc(anchors[u.id])}"><summary>'
        f"{esc(names[u.id])} — {esc(u.kind.value)}, not in the set</summary>"
        f"<p>Credited by {cited}.</p><ul>{reasons}</ul></details>"
    )


def _pairs(
    trace: StoryTrace,
    comparisons: Mapping[tuple[str, str], Comparison],
    names: Mapping[str, str],
) -> str:
    if not comparisons:
        return ""
    parts = ['<section id="t-pairs"><h2>Pairs side by side</h2>']
    for n, ((first, second), comparison) in enumerate(comparisons.items()):
        parts.append(
            f'<details class="pair"><summary>{esc(names.get(first, first))} vs '
            f"{esc(names.get(second, second))}: {esc(comparison.story.verdict.value)}, "
            f"{len(comparison.changed_facts)} changed facts</summary>"
            f"{render_comparison_fragment(comparison, prefix=f't-pair{n}-')}</details>"
        )
    parts.append("</section>")
    return "".join(parts)


def _leftovers(trace: StoryTrace, names: Mapping[str, str]) -> str:
    items: Iterable[str] = [f"<li>unrelated: {esc(s)}</li>" for s in trace.unrelated] + [
        f"<li>duplicate: {esc(s)} = {esc(names.get(kept, kept))}</li>"
        for s, kept in trace.duplicates
    ]
    body = "".join(items)
    return f'<section id="t-left"><h2>Not traced</h2><ul>{body}</ul></section>' if body else ""
