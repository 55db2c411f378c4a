"""Quotations: character-exact comparison, meaningful truncation, speaker changes."""

from __future__ import annotations

from test_facts_engine import findings_of

from storytrace.facts.quotes import find_quotes
from storytrace.models import DiscrepancyType

T = DiscrepancyType


def test_facts_quotes_found_with_any_marks() -> None:
    text = 'He said “we will act,” then "no delay" and ‘not now’ and «jamais plus».'
    assert [q.text for q in find_quotes(text, "a")] == [
        "we will act,",
        "no delay",
        "not now",
        "jamais plus",
    ]


def test_facts_quotes_typography_and_edges_are_style() -> None:
    assert (
        findings_of(
            "Aliyev said “we will be implementing the Zangezur Corridor, whether Armenia wants "
            "it or not.”",
            'Aliyev said "We will be implementing the Zangezur Corridor, whether Armenia wants '
            'it or not".',
        )
        == []
    )


def test_facts_quotes_altered_word() -> None:
    found = findings_of(
        "“His regime is emboldened after facing little consequences,” Pallone said.",
        "“His regime is emboldened after facing no consequences,” Pallone said.",
    )
    assert (T.QUOTATION, "little", "no") in found


def test_facts_quotes_truncation_that_drops_a_negation() -> None:
    found = findings_of(
        "“We will accept this plan, but not at any price,” the minister said.",
        "“We will accept this plan,” the minister said.",
    )
    assert [f[0] for f in found] == [T.QUOTATION]


def test_facts_quotes_fragment_of_a_longer_quote_is_silent() -> None:
    assert (
        findings_of(
            "Blinken said he was “deeply concerned by Azerbaijan’s military actions in the "
            "region.”",
            "Blinken said he was “deeply concerned by Azerbaijan’s military actions.”",
        )
        == []
    )


def test_facts_quotes_given_to_another_speaker() -> None:
    found = findings_of(
        "“This is a crime that cannot go unpunished,” Colonna said.",
        "“This is a crime that cannot go unpunished,” Pashinyan said.",
    )
    assert (T.QUOTATION, "Colonna", "Pashinyan") in found


def test_facts_quotes_split_by_said_and_over_paragraphs_is_not_a_cut() -> None:
    # One article splits the quotation with "she said" and runs it over a paragraph break (the
    # first paragraph's closing mark left out, as English style has it); the other has it whole.
    whole = (
        "“It will not be easy. Energy costs are still twice what they were in 2021. But the "
        "order book is full until 2027,” Keller said."
    )
    split = (
        "“It will not be easy,” Keller said. “Energy costs are still twice what they were in "
        "2021.\n\n“But the order book is full until 2027.”"
    )
    assert findings_of(whole, split) == []
    assert findings_of(split, whole) == []


def test_facts_quotes_cut_words_said_elsewhere_in_other_words_are_still_a_cut() -> None:
    found = findings_of(
        "“We will accept this plan, but not at any price,” the minister said.",
        "“We will accept this plan,” the minister said, adding that there was a price limit.",
    )
    assert [f[0] for f in found] == [T.QUOTATION]
