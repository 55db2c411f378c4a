"""Internal contradictions: a heading against the paragraphs it heads."""

from __future__ import annotations

import pytest
from test_facts_engine import comparison_from

from storytrace.facts import find_discrepancies
from storytrace.models import Article, DiscrepancyType, RemovalReason, RemovedBlock, Span
from storytrace.text.segment import paragraphs, sentences

FIRST = "The decision not to renew the waiver is also telling."
BODY = (
    f"{FIRST} Since 2002, the United States has provided the waiver, allowing it to avoid a "
    "clause of the Freedom Support Act that prohibits the United States from giving military "
    "support to Azerbaijan."
)
INTRO = "Blinken spoke to lawmakers on Tuesday."


def with_heading(heading: str) -> tuple[Article, Article]:
    text = f"{INTRO}\n\n{BODY}"
    block = RemovedBlock(heading, RemovalReason.SUBHEADING, text.index(FIRST))
    a = Article(
        id="a",
        source="a",
        text=text,
        language="en",
        removed=(block,),
        paragraphs=paragraphs(text),
        sentences=sentences(text),
    )
    b = Article(
        id="b",
        source="b",
        text=INTRO,
        language="en",
        published="2023-10-13",
        paragraphs=paragraphs(INTRO),
        sentences=sentences(INTRO),
    )
    return a, b


def test_facts_headings_subheading_contradicted_by_its_body() -> None:
    a, b = with_heading("Since 2002 the US military support to Azerbaijan is prohibited")
    comparison = comparison_from(a, b, [(INTRO, INTRO, "verbatim")])
    found = [
        d
        for d in find_discrepancies(comparison)
        if d.type == DiscrepancyType.INTERNAL_CONTRADICTION
    ]
    assert len(found) == 1
    assert found[0].a is not None and found[0].a.block == 0
    assert found[0].a.resolve(comparison) == "is prohibited"


def test_facts_headings_agreeing_heading_is_silent() -> None:
    a, b = with_heading("Since 2002 the US has provided the waiver")
    comparison = comparison_from(a, b, [(INTRO, INTRO, "verbatim")])
    assert not [
        d
        for d in find_discrepancies(comparison)
        if d.type == DiscrepancyType.INTERNAL_CONTRADICTION
    ]


def test_facts_headings_number_in_heading() -> None:
    text = f"{INTRO}\n\nMore than 100,000 ethnic Armenians fled the region after the offensive."
    block = RemovedBlock(
        "Offensive forced 50,000 Armenians to flee",
        RemovalReason.SUBHEADING,
        text.index("More than"),
    )
    a = Article(
        id="a",
        source="a",
        text=text,
        language="en",
        removed=(block,),
        paragraphs=paragraphs(text),
        sentences=sentences(text),
    )
    b = Article(
        id="b",
        source="b",
        text=INTRO,
        language="en",
        paragraphs=paragraphs(INTRO),
        sentences=sentences(INTRO),
    )
    comparison = comparison_from(a, b, [(INTRO, INTRO, "verbatim")])
    (found,) = [
        d
        for d in find_discrepancies(comparison)
        if d.type == DiscrepancyType.INTERNAL_CONTRADICTION
    ]
    assert found.a is not None and found.a.resolve(comparison) == "50,000"


def with_heading_in_text(heading: str, listed: bool) -> tuple[Article, Article]:
    """Schema 1.1: the subheading is a paragraph of the text; ``listed`` puts its span in
    ``Article.headings``, else the detector falls back to "a paragraph without sentences"."""
    text = f"{INTRO}\n\n{heading}\n\n{BODY}"
    span = Span(text.index(heading), text.index(heading) + len(heading))
    a = Article(
        id="a",
        source="a",
        text=text,
        language="en",
        paragraphs=paragraphs(text),
        sentences=tuple(s for s in sentences(text) if not s.overlaps(span)),
        headings=(span,) if listed else (),
    )
    b = Article(
        id="b",
        source="b",
        text=INTRO,
        language="en",
        published="2023-10-13",
        paragraphs=paragraphs(INTRO),
        sentences=sentences(INTRO),
    )
    return a, b


@pytest.mark.parametrize("listed", [True, False])
def test_facts_headings_heading_kept_in_the_text_is_checked(listed: bool) -> None:
    heading = "Since 2002 the US military support to Azerbaijan is prohibited"
    a, b = with_heading_in_text(heading, listed)
    comparison = comparison_from(a, b, [(INTRO, INTRO, "verbatim")])
    found = [
        d
        for d in find_discrepancies(comparison)
        if d.type == DiscrepancyType.INTERNAL_CONTRADICTION
    ]
    assert len(found) == 1
    assert found[0].a is not None and found[0].a.block is None  # an offset into the text
    assert found[0].a.resolve(comparison) == "is prohibited"
    assert a.text.index(heading) <= found[0].a.span.start < a.text.index(BODY)
