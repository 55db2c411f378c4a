"""The static HTML report: end to end through the CLI, and on built records for the edge cases.

Structure is checked on the parsed document (lxml), not by substring: every aligned passage is
linked on both sides, every changed fact is annotated on both sides at its exact text, the
file is self-contained, and article text is text, never markup.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from copy import deepcopy
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from conftest import EXAMPLE_A, EXAMPLE_B, make_article
from lxml.html import HtmlElement

from storytrace.errors import OutputError
from storytrace.models import (
    Alignment,
    AlignmentKind,
    Comparison,
    Derivation,
    DerivationKind,
    Discrepancy,
    DiscrepancyType,
    FactHistory,
    FactVersion,
    RemovalReason,
    RemovedBlock,
    ReuseSummary,
    Severity,
    SourceKind,
    Span,
    StoryMatch,
    StoryTrace,
    StoryVerdict,
    TextRef,
    UpstreamSource,
)
from storytrace.report.html import (
    REPORT_CSS,
    REPORT_JS,
    render_comparison,
    render_comparison_fragment,
    render_trace,
    write_report,
)
from storytrace.report.html_graph import NODE_H, NODE_W, layout
from storytrace.report.html_marks import Mark, Passage, markup
from storytrace.serialize import from_json

CLI = [sys.executable, "-m", "storytrace.cli"]
MAX_BYTES = 300_000
EVIL = "<script>alert(1)</script></script><!-- &amp; \"'"


def run(*args: str | Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, check=False
    )


def parse(document: str) -> HtmlElement:
    return lxml.html.document_fromstring(document)


def text_of(element: HtmlElement) -> str:
    """Text content without the ``F1`` badges the report adds after annotations."""
    copy = deepcopy(element)
    for badge in copy.xpath(".//sup"):
        badge.drop_tree()  # keeps the badge's tail text
    return copy.text_content()


def pieces(view: HtmlElement, pane_id: str, attr: str, key: int | str) -> str:
    """The text of every piece annotated with ``key`` inside one pane, in document order."""
    pane = view.get_element_by_id(pane_id)
    found = pane.xpath(f".//*[contains(concat(' ', @{attr}, ' '), ' {key} ') and not(self::sup)]")
    return "".join(text_of(e) for e in found)


def assert_self_contained(doc: HtmlElement) -> None:
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("src", "href", "xlink:href", "action", "srcset"):
            value = (element.get(name) or "").strip().lower()
            assert not re.match(r"^(https?:|//|data:|file:)", value), (element.tag, name, value)
    assert not doc.xpath("//link[@rel='stylesheet'] | //script[@src] | //img | //iframe")
    assert "@import" not in REPORT_CSS and "url(" not in REPORT_CSS.replace("url(#", "")
    assert "fetch(" not in REPORT_JS and "XMLHttpRequest" not in REPORT_JS


# -- end to end: the example pair through the CLI ---------------------------------------------


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Comparison, Path, HtmlElement]:
    """One real comparison of the example pair, written as JSON and HTML in one run."""
    out = tmp_path_factory.mktemp("html")
    result = run(
        "compare", EXAMPLE_A, EXAMPLE_B, "--json", out / "c.json", "--html", out / "c.html"
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out / 'c.html'}" in " ".join(result.stderr.split())
    comparison = from_json((out / "c.json").read_text("utf-8"), Comparison)
    return comparison, out / "c.html", parse((out / "c.html").read_text("utf-8"))


def test_example_report_is_small_and_self_contained(compared):
    _, path, doc = compared
    assert path.stat().st_size < MAX_BYTES
    assert_self_contained(doc)
    assert len(doc.xpath("//style")) == 1 and len(doc.xpath("//script")) == 1
    assert doc.xpath("//meta[@name='viewport']")


def test_example_report_shows_metadata_verdict_and_reuse(compared):
    comparison, _, doc = compared
    verdict = doc.get_element_by_id("c-verdict")
    assert verdict.get("data-verdict") == comparison.story.verdict.value
    assert verdict.text_content().strip()
    meta = doc.get_element_by_id("c-meta").text_content()
    for value in (comparison.a.title, comparison.b.published, comparison.a.source):
        assert value and value in meta
    reuse = doc.get_element_by_id("c-reuse").text_content()
    assert f"{comparison.reuse_a.reused_fraction:.0%}" in reuse


def test_example_report_keeps_each_article_text_whole(compared):
    comparison, _, doc = compared
    for side, article in (("a", comparison.a), ("b", comparison.b)):
        pane = doc.get_element_by_id(f"c-text-{side}")
        (text,) = pane.find_class("text")
        assert text_of(text) == article.text


def test_example_report_links_every_aligned_passage_on_both_sides(compared):
    comparison, _, doc = compared
    assert comparison.alignments
    spans_b = [al.b for al in comparison.alignments]
    assert len(set(spans_b)) < len(spans_b), "the example has a B passage aligned to several"
    for n, alignment in enumerate(comparison.alignments):
        for side, span, article in (
            ("a", alignment.a, comparison.a),
            ("b", alignment.b, comparison.b),
        ):
            pane_id = f"c-text-{side}"
            assert pieces(doc, pane_id, "data-pair", n) == span.of(article.text)
            first = doc.get_element_by_id(f"c-{side}-p{n}")
            passage = first if "psg" in first.get("class") else first.getparent()
            assert str(n) in passage.get("data-pair").split()
            assert passage.get("tabindex") == "0"
            assert passage.get("data-side") == side
    for passage in doc.xpath("//span[@data-pair]"):  # the colour of the closest kind
        kinds = {comparison.alignments[int(n)].kind.value for n in passage.get("data-pair").split()}
        assert any(f"k-{k}" in passage.get("class") for k in kinds)


def test_example_report_annotates_every_changed_fact_on_both_sides(compared):
    comparison, _, doc = compared
    facts = comparison.changed_facts
    assert facts, "the example pair has changed facts (the Pallone hedge, the senators)"
    items = doc.get_element_by_id("c-facts").xpath("./li")
    assert len(items) == len(facts)
    for k, fact in enumerate(facts):
        (item,) = [i for i in items if i.get("data-fact") == str(k)]
        assert item.get("data-type") == fact.type.value
        assert fact.explanation in item.text_content()
        assert f"{fact.confidence:.2f}" in item.text_content()
        links = item.xpath(".//a[@class='go']")
        refs = [r for r in (fact.a, fact.b) if r is not None]
        assert len(links) == len(refs) == 2
        for link, ref in zip(links, refs, strict=True):
            target = doc.get_element_by_id(link.get("href")[1:])
            while target.get("class") == "anchor":  # facts starting at one place: the mark follows
                target = target.getnext()
            assert str(k) in target.get("data-fact").split()
            assert target.tag == "mark" and target.get("tabindex") == "0"
            where = f"c-text-{ref.article}" if ref.block is None else f"c-removed-{ref.article}"
            container = doc.get_element_by_id(where)
            assert target in container.iter()
            if ref.block is None:
                assert ref.resolve(comparison) in pieces(doc, where, "data-fact", k)
            else:
                assert ref.resolve(comparison) in text_of(target)


def test_example_report_lists_one_sided_material_apart_with_show_all(compared):
    comparison, _, doc = compared
    box = doc.get_element_by_id("c-one-sided")
    entries = box.xpath(".//li[@data-os]")
    assert len(entries) == len(comparison.one_sided)
    for entry in entries:
        (link,) = entry.xpath(".//a")
        assert doc.get_element_by_id(link.get("href")[1:]) is not None
    for group in box.find_class("os-group"):
        hidden = group.xpath(".//li[@hidden]")
        assert bool(hidden) == bool(group.xpath(".//button[@data-show-all]"))
    # the changed-facts list holds no addition or omission
    types = {i.get("data-type") for i in doc.get_element_by_id("c-facts").xpath("./li")}
    assert not types & {"addition", "omission"}


def test_example_report_offers_removed_boilerplate_on_demand(compared):
    comparison, _, doc = compared
    removed = doc.get_element_by_id("c-removed-a")
    assert removed.tag == "details" and removed.get("open") is None
    assert len(removed.xpath(".//li")) == len(comparison.a.removed)


# -- safety ------------------------------------------------------------------------------------


def evil_comparison() -> Comparison:
    text_a = f"The minister said {EVIL} on Monday. Five people were hurt."
    text_b = f"The minister said {EVIL} on Tuesday. Six people were hurt."
    a = make_article(text_a, source=f"a{EVIL}.txt", title=EVIL, outlet=EVIL, author=EVIL)
    b = make_article(text_b, source=f"https://x.example/{EVIL}", title=EVIL, language=EVIL)
    a = replace(a, removed=(RemovedBlock(EVIL, RemovalReason.HEADLINE, 0),))
    first_a, first_b = a.sentences[0], b.sentences[0]
    day_a = Span(text_a.index("Monday"), text_a.index("Monday") + 6)
    day_b = Span(text_b.index("Tuesday"), text_b.index("Tuesday") + 7)
    return Comparison(
        a=a,
        b=b,
        story=StoryMatch(StoryVerdict.SAME_STORY, 0.9, 0.9, 0.5, basis=EVIL),
        alignments=(Alignment(first_a, first_b, AlignmentKind.NEAR_VERBATIM, 0.9, 0.9),),
        unmatched_a=(a.sentences[1],),
        unmatched_b=(b.sentences[1],),
        reuse_a=ReuseSummary(len(text_a), 0, 40, 0, len(text_a) - 40),
        reuse_b=ReuseSummary(len(text_b), 0, 40, 0, len(text_b) - 40),
        discrepancies=(
            Discrepancy(
                DiscrepancyType.DATE,
                Severity.HIGH,
                TextRef("a", day_a),
                TextRef("b", day_b),
                EVIL,
                EVIL,
                f"A says {EVIL}",
                0.8,
            ),
            Discrepancy(
                DiscrepancyType.ADDITION,
                Severity.LOW,
                None,
                TextRef("b", b.sentences[1]),
                None,
                EVIL,
                EVIL,
                0.5,
            ),
        ),
        embedder=EVIL,
        warnings=(EVIL,),
    )


def test_script_in_an_article_shows_as_text():
    comparison = evil_comparison()
    document = render_comparison(comparison)
    doc = parse(document)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and scripts[0].text == REPORT_JS  # only the report's own
    assert not doc.xpath("//comment()")
    assert "<script>alert(1)" not in document
    (text,) = doc.get_element_by_id("c-text-a").find_class("text")
    assert text_of(text) == comparison.a.text  # shown literally, every character kept
    assert EVIL in doc.get_element_by_id("c-meta").text_content()
    assert EVIL in doc.get_element_by_id("c-verdict").text_content()
    assert EVIL in doc.xpath("//title")[0].text
    assert_self_contained(doc)


def test_fragment_ids_take_the_prefix_and_views_can_share_a_page():
    comparison = evil_comparison()
    one = render_comparison_fragment(comparison, prefix="x-")
    two = render_comparison_fragment(comparison, prefix="y-")
    doc = parse(f"<html><body>{one}{two}</body></html>")
    ids = [e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids))
    assert doc.get_element_by_id("x-f0-a").text_content() == "Monday"
    assert doc.get_element_by_id("y-f0-b").text_content() == "Tuesday"


def test_unwritable_path_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="cannot write the HTML report"):
        write_report(tmp_path / "missing" / "r.html", "<!DOCTYPE html>")


def test_cli_unwritable_html_is_one_line_exit_2(monkeypatch, capsys, tmp_path):
    from storytrace import api, cli

    monkeypatch.setattr(api, "compare", lambda *args, **kwargs: evil_comparison())
    target = tmp_path / "no" / "such" / "dir" / "r.html"
    monkeypatch.setattr(
        sys, "argv", ["storytrace", "compare", "a.txt", "b.txt", "--html", str(target)]
    )
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "cannot write the HTML report" in err and str(target) in err


# -- markup --------------------------------------------------------------------------------------


def test_overlapping_marks_across_passages_stay_well_formed():
    text = "alpha beta gamma delta epsilon zeta"
    passages = [
        Passage(0, 16, "k-paraphrase", 2, pair="0", anchor="p0"),
        Passage(0, 16, "k-verbatim", 0, pair="1", anchor="p1"),  # the same words, another pair
        Passage(17, 35, "k-only", 3),
    ]
    marks = [
        Mark(6, 22, "fact", "0", anchor="f0"),  # crosses the passage boundary
        Mark(11, 28, "fact", "1", anchor="f1", badge="F2"),  # overlaps the first
        Mark(0, 5, "os", "0", anchor="o0"),
        Mark(30, 99, "fact", "2"),  # runs past the end: clipped
        Mark(23, 23, "fact", "3", anchor="empty"),  # nothing to mark: still an anchor
    ]
    root = lxml.html.fragment_fromstring(markup(text, passages, marks), create_parent="div")
    assert text_of(root) == text
    assert "".join(text_of(e) for e in root.xpath(".//*[contains(@data-fact, '0')]")) == (
        "beta gamma delta"
    )
    assert root.xpath("//*[@id='f0']")[0].text_content() == "beta "
    assert root.xpath("//*[@id='f1']")[0].text_content() == "gamma"
    assert root.xpath("//span[@id='empty']")[0].getnext().text_content().startswith("epsil")
    assert [s.text for s in root.xpath(".//sup")] == ["F2"]
    cuts = root.xpath("./span[contains(@class, 'psg')]")
    assert [c.get("data-pair") for c in cuts] == ["0 1", None]
    assert cuts[0].get("class") == "psg k-verbatim" and cuts[0].get("id") == "p0"
    assert root.xpath("//span[@id='p1']")[0].getparent() is cuts[0]


def long_comparison(words: int = 5000) -> Comparison:
    """A generated pair of ``words`` words each: every other sentence aligned, a fact in each."""
    sentences = [
        f"Sentence {i} says that {i * 7} people met the minister in town {i % 13} on day {i}."
        for i in range(words // 15 + 1)
    ]
    text_a = " ".join(sentences)
    text_b = " ".join(s.replace("met", "saw") for s in sentences)
    a, b = make_article(text_a, "long-a.txt"), make_article(text_b, "long-b.txt")
    assert len(a.sentences) == len(b.sentences) == len(sentences)
    alignments, facts = [], []
    for i in range(0, len(sentences), 2):
        sa, sb = a.sentences[i], b.sentences[i]
        alignments.append(Alignment(sa, sb, AlignmentKind.PARAPHRASE, 0.8, 0.8))
        na = text_a.index(str(i * 7), sa.start)
        nb = text_b.index(str(i * 7), sb.start)
        size = len(str(i * 7))
        facts.append(
            Discrepancy(
                DiscrepancyType.NUMBER,
                Severity.HIGH,
                TextRef("a", Span(na, na + size)),
                TextRef("b", Span(nb, nb + size)),
                str(i * 7),
                str(i * 7),
                f"number {i}",
                0.7,
            )
        )
    reuse = ReuseSummary(len(text_a), 0, 0, len(text_a) // 2, len(text_a) // 2)
    return Comparison(
        a=a,
        b=b,
        story=StoryMatch(StoryVerdict.SAME_STORY, 0.9, 0.9, 0.5),
        alignments=tuple(alignments),
        unmatched_a=tuple(a.sentences[1::2]),
        unmatched_b=tuple(b.sentences[1::2]),
        reuse_a=reuse,
        reuse_b=reuse,
        discrepancies=tuple(facts),
    )


def test_a_5000_word_pair_renders_whole_with_every_link():
    comparison = long_comparison()
    assert len(comparison.a.text.split()) >= 5000
    doc = parse(render_comparison(comparison))
    for side, article in (("a", comparison.a), ("b", comparison.b)):
        pane = doc.get_element_by_id(f"c-text-{side}")
        assert len(pane.xpath(".//span[@data-pair]")) == len(comparison.alignments)
        assert len(pane.xpath(".//mark[@data-fact]")) == len(comparison.changed_facts)
        assert text_of(pane.find_class("text")[0]) == article.text
    assert len(doc.get_element_by_id("c-facts").xpath("./li")) == len(comparison.changed_facts)
    # no basis in the record: the score stands in for it
    assert "score 0.90" in doc.get_element_by_id("c-verdict").find_class("basis")[0].text


# -- trace ---------------------------------------------------------------------------------------


def built_trace(n: int = 14) -> StoryTrace:
    articles = tuple(
        make_article(f"Report {i}: {i * 10} people attended.", f"{i}.txt", outlet=f"Outlet {i}")
        for i in range(n)
    )
    up = UpstreamSource("upstream:outlet:wire", "Wire", SourceKind.AGENCY, (articles[0].id,), ())
    derivations = [Derivation(up.id, articles[0].id, DerivationKind.EDITED, 0.7, 0.0, ("r",))]
    derivations += [
        Derivation(articles[0].id, a.id, DerivationKind.VERBATIM, 0.9, 0.8, (EVIL,))
        for a in articles[1:]
    ]
    value = Span(10, 12)
    return StoryTrace(
        articles=articles,
        sources=(),
        upstream=(up,),
        derivations=tuple(derivations),
        timeline=tuple(a.id for a in articles),
        facts=(
            FactHistory(
                DiscrepancyType.NUMBER,
                (
                    FactVersion(
                        "10", (articles[1].id,), articles[1].id, ((articles[1].id, value),)
                    ),
                    FactVersion(
                        "20", (articles[2].id,), articles[2].id, ((articles[2].id, value),)
                    ),
                ),
                EVIL,
            ),
        ),
    )


def test_trace_graph_layout_has_no_overlapping_nodes_and_parents_above():
    trace = built_trace()
    anchors = {a.id: f"t-a{i}" for i, a in enumerate(trace.articles)} | {trace.upstream[0].id: "u"}
    nodes = layout(trace, {}, anchors)
    assert len(nodes) == len(trace.articles) + 1
    boxes = {(n.x, n.y) for n in nodes}
    assert len(boxes) == len(nodes)
    for one in nodes:
        for other in nodes:
            if one is not other:
                assert abs(one.x - other.x) >= NODE_W or abs(one.y - other.y) >= NODE_H
    y = {n.id: n.y for n in nodes}
    assert all(y[d.parent] < y[d.child] for d in trace.derivations)


def test_trace_report_nodes_link_to_details_and_versions_to_text():
    trace = built_trace()
    doc = parse(render_trace(trace))
    (svg,) = doc.xpath("//svg")
    nodes = svg.xpath(".//a[contains(@class, 'node')]")
    assert len(nodes) == len(trace.articles) + len(trace.upstream)
    for node in nodes:
        section = doc.get_element_by_id(node.get("href")[1:])
        assert section.tag == "details" and node.get("data-node") == section.get("id")
    history = doc.get_element_by_id("t-history").xpath(".//li[@class='history']")
    assert len(history) == 1 and EVIL in history[0].text_content()
    for v in range(2):
        (link,) = history[0].xpath(f".//a[@data-ver='0.{v}']")
        mark = doc.get_element_by_id(link.get("href")[1:])
        assert mark.tag == "mark" and mark.text_content() == trace.facts[0].versions[v].value
    assert len(doc.xpath("//script")) == 1


# -- end to end: trace and story ---------------------------------------------------------------


def test_cli_trace_writes_the_graph(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    for path in (EXAMPLE_A, EXAMPLE_B):
        shutil.copy(path, folder / path.name)
    out = tmp_path / "trace.html"
    result = run("trace", folder, "--html", out)
    assert result.returncode == 0, result.stderr
    doc = parse(out.read_text("utf-8"))
    assert_self_contained(doc)
    assert out.stat().st_size < MAX_BYTES
    names = [t.text for t in doc.xpath("//svg//a/title")]
    assert "Politico (inferred upstream)" in names and len(names) == 3
    assert len(doc.xpath("//svg//g[contains(@class, 'edge')]")) == 2
    assert doc.get_element_by_id("t-history").xpath(".//li[@class='history']")


def test_cli_story_writes_the_graph(tmp_path):
    import typer
    from fixtures.corpus.helpers import write_corpus
    from typer.testing import CliRunner

    from storytrace.cli_corpus import register

    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    runner = CliRunner()
    feed, db = tmp_path / "feed.jsonl", tmp_path / "c.duckdb"
    write_corpus(feed, n=30, seed=5)
    for args in (
        ["ingest", str(feed), "--db", str(db), "--workers", "1", "--no-progress"],
        ["cluster", "--db", str(db)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["stories", "--db", str(db), "--json"])
    story_id = __import__("json").loads(listed.output)[0]["story_id"]
    out = tmp_path / "story.html"
    shown = runner.invoke(
        app,
        [
            "story",
            story_id,
            "--db",
            str(db),
            "--no-align",
            "--max-articles",
            "3",
            "--html",
            str(out),
        ],
    )
    assert shown.exit_code == 0, shown.output
    doc = parse(out.read_text("utf-8"))
    assert story_id in doc.xpath("//h1")[0].text_content()
    assert doc.xpath("//svg//a[contains(@class, 'node')]")
    assert_self_contained(doc)
    refused = runner.invoke(
        app, ["story", story_id, "--db", str(db), "--no-align", "--no-trace", "--html", str(out)]
    )
    assert isinstance(refused.exception, OutputError) and "--trace" in str(refused.exception)


def test_trace_report_embeds_given_pair_comparisons_with_their_own_ids():
    trace = built_trace(3)
    pair = (trace.articles[0].id, trace.articles[1].id)
    doc = parse(render_trace(trace, {pair: evil_comparison()}))
    ids = [e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) == len(set(ids))
    (view,) = doc.get_element_by_id("t-pairs").find_class("st-cmp")
    assert view.get("data-prefix") == "t-pair0-"
    assert doc.get_element_by_id("t-pair0-f0-b").text_content() == "Tuesday"
    assert len(doc.xpath("//script")) == 1
