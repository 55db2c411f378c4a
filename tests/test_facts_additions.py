"""Additions and omissions: unmatched spans, skipped when covered, ranked by content."""

from __future__ import annotations

from test_facts_engine import comparison_from

from storytrace.facts import find_discrepancies
from storytrace.models import Article, DiscrepancyType, Severity
from storytrace.text.segment import paragraphs, sentences


def article(text: str, name: str) -> Article:
    return Article(
        id=name,
        source=name,
        text=text,
        published="2023-10-13",
        language="en",
        paragraphs=paragraphs(text),
        sentences=sentences(text),
    )


SHARED = "Azerbaijan may invade Armenia in the coming weeks, according to Blinken."
NEWS = (
    "President Ilham Aliyev told Charles Michel that he intends to take back eight villages "
    "that were being “occupied by Armenia.”"
)
BACKGROUND = "The region is known for its mountains."


def test_facts_additions_ranked_by_content() -> None:
    a = article(SHARED, "a")
    b = article(f"{SHARED} {NEWS} {BACKGROUND}", "b")
    found = find_discrepancies(comparison_from(a, b, [(SHARED, SHARED, "verbatim")]))
    by_text = {d.b.resolve(comparison_from(a, b, [(SHARED, SHARED, "verbatim")])): d for d in found}
    assert (
        by_text[NEWS].type == DiscrepancyType.ADDITION and by_text[NEWS].severity == Severity.HIGH
    )
    assert by_text[BACKGROUND].severity == Severity.LOW
    assert by_text[NEWS].a is None and by_text[NEWS].value_b == NEWS


def test_facts_additions_omission_points_at_a() -> None:
    a = article(f"{SHARED} {NEWS}", "a")
    b = article(SHARED, "b")
    comparison = comparison_from(a, b, [(SHARED, SHARED, "verbatim")])
    (found,) = find_discrepancies(comparison)
    assert found.type == DiscrepancyType.OMISSION and found.b is None
    assert found.a is not None and found.a.resolve(comparison) == NEWS


def test_facts_additions_unaligned_but_present_is_not_new() -> None:
    """The aligner missed a reworded sentence: its content is in the other article, so silent."""
    one = "Police said 12 people were hurt when a bus crashed in Yerevan on Wednesday."
    two = "On Wednesday a bus crashed in Yerevan and 12 people were hurt, police said."
    a = article(f"{SHARED} {one}", "a")
    b = article(f"{SHARED} {two}", "b")
    assert find_discrepancies(comparison_from(a, b, [(SHARED, SHARED, "verbatim")])) == ()
