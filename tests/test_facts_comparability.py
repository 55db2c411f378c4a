"""Little to compare: the stance of an article and the warning for a pair with few comparable
facts (``storytrace.facts.comparability``). The end-to-end case is in test_badinput.py."""

from __future__ import annotations

from pathlib import Path

from storytrace.facts import comparability
from storytrace.models import (
    Alignment,
    AlignmentKind,
    Article,
    Comparison,
    ReuseSummary,
    StoryMatch,
    StoryVerdict,
)
from storytrace.text.segment import paragraphs, sentences

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "badinput"


def article(name: str) -> Article:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    body = text.split("\n\n", 3)[-1]  # past the title, byline and date lines
    return Article(
        id=name,
        source=name,
        text=body,
        language="en",
        paragraphs=paragraphs(body),
        sentences=sentences(body, "en"),
    )


def comparison(a: Article, b: Article, verdict: StoryVerdict, aligned: int = 0) -> Comparison:
    reuse = ReuseSummary(1, 0, 0, 0, 1)
    pairs = tuple(
        Alignment(sa, sb, AlignmentKind.PARAPHRASE, 0.9, 0.9)
        for sa, sb in zip(a.sentences[:aligned], b.sentences[:aligned], strict=False)
    )
    return Comparison(
        a=a,
        b=b,
        story=StoryMatch(verdict, 0.5, 0.5, 0.0),
        alignments=pairs,
        unmatched_a=a.sentences[aligned:],
        unmatched_b=b.sentences[aligned:],
        reuse_a=reuse,
        reuse_b=reuse,
    )


def test_comparability_stance_of_a_column_and_of_news_reports() -> None:
    assert comparability.stance(article("opinion_column.txt")).opinion
    for name in ("opinion_news.txt", "list_a.txt", "table_b.txt", "quote_a.txt", "quote_b.txt"):
        assert not comparability.stance(article(name)).opinion, name


def test_comparability_quoted_words_are_not_the_writers_voice() -> None:
    text = "\n\n".join(
        f"“I think we should, and I love it, it is the best,” the mayor said on day {i}."
        for i in range(6)
    )
    quoted = Article("q", "q", text, paragraphs=paragraphs(text), sentences=sentences(text))
    assert comparability.stance(quoted).voice == 0


def test_comparability_warning_names_the_opinion_side_and_the_counts() -> None:
    news, column = article("opinion_news.txt"), article("opinion_column.txt")
    (line,) = comparability.warnings(comparison(news, column, StoryVerdict.RELATED), links=False)
    assert line.startswith("little to compare: B reads as an opinion piece or review (")
    assert f"0 of {len(news.sentences)} statements of A have a counterpart" in line


def test_comparability_same_story_with_almost_nothing_aligned() -> None:
    a, b = article("list_a.txt"), article("list_b.txt")
    few = comparison(a, b, StoryVerdict.SAME_STORY, aligned=1)
    (line,) = comparability.warnings(few, links=False)
    assert "almost no statement of one article has a counterpart" in line
    many = comparison(a, b, StoryVerdict.SAME_STORY, aligned=10)
    assert comparability.warnings(many, links=False) == ()
    # statements the engine links by shared anchors count as compared (independent reports)
    assert comparability.warnings(few) == ()


def test_comparability_unrelated_pairs_get_no_warning() -> None:
    news, column = article("opinion_news.txt"), article("opinion_column.txt")
    assert comparability.warnings(comparison(news, column, StoryVerdict.UNRELATED)) == ()
    assert comparability.with_warnings(comparison(news, column, StoryVerdict.RELATED)).warnings


def test_comparability_warning_in_the_html_report() -> None:
    from storytrace.report.html import render_comparison

    news, column = article("opinion_news.txt"), article("opinion_column.txt")
    page = render_comparison(
        comparability.with_warnings(comparison(news, column, StoryVerdict.RELATED))
    )
    warnings_at = page.index('<section class="warnings">')
    assert "little to compare: B reads as an opinion piece" in page[warnings_at:]
    assert warnings_at < page.index('class="panes"')


def test_terminal_spots_the_warning_by_the_same_words_without_importing_the_engine():
    from storytrace.facts.comparability import PREFIX
    from storytrace.report.terminal import LITTLE_TO_COMPARE

    assert LITTLE_TO_COMPARE == PREFIX
