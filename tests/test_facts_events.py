"""Events across whole articles: the day and time two articles give one event, wherever each
says it (no alignment between the sentences)."""

from __future__ import annotations

from test_facts_engine import comparison_from

from storytrace.facts import find_discrepancies
from storytrace.models import Article
from storytrace.text.segment import paragraphs, sentences


def article(text: str, name: str, published: str | None = None) -> Article:
    return Article(
        id=name,
        source=name,
        text=text,
        published=published,
        language="en",
        paragraphs=paragraphs(text),
        sentences=sentences(text),
    )


def typed(text_a: str, text_b: str, **kwargs: str | None) -> list[tuple[str, str, str]]:
    a = article(text_a, "a", kwargs.get("published_a"))
    b = article(text_b, "b", kwargs.get("published_b"))
    comparison = comparison_from(a, b, [])
    return [
        (
            d.type.value,
            d.a.resolve(comparison) if d.a else "",
            d.b.resolve(comparison) if d.b else "",
        )
        for d in find_discrepancies(comparison)
        if d.is_changed_fact
    ]


def test_facts_events_day_of_one_event_in_unaligned_sentences() -> None:
    found = typed(
        "The orchestra announced the news at noon. Conductor Walter Brenning died on Friday.",
        "Walter Brenning, who led the orchestra for 30 years, died Thursday in Vienna.",
    )
    assert ("date", "Friday", "Thursday") in found


def test_facts_events_another_event_of_the_person_is_not_compared() -> None:
    found = typed(
        "Conductor Walter Brenning was buried on Friday in Vienna.",
        "Walter Brenning died Thursday after a long illness.",
    )
    assert not [f for f in found if f[0] == "date"]


def test_facts_events_any_agreeing_day_settles_the_event() -> None:
    found = typed(
        "Walter Brenning died on Friday, the orchestra said. Walter Brenning died Thursday night, "
        "his family said later.",
        "Walter Brenning died Thursday after a long illness.",
    )
    assert not [f for f in found if f[0] == "date"]


def test_facts_events_time_of_an_event_noun() -> None:
    found = typed(
        "The earthquake struck at about 2:30 a.m. The earthquake was felt in the capital.",
        "Residents fled their homes. The quake hit shortly after 2 a.m., the agency said.",
    )
    assert ("date", "about 2:30 a.m.", "2 a.m.") in found


def test_facts_events_announcement_day_of_a_deal() -> None:
    found = typed(
        "Shares rose sharply. Nortek announced on Monday that it would buy Selwyn Systems.",
        "Nortek announced the purchase of Selwyn Systems on Tuesday, the company said.",
        published_a="2023-10-13",
        published_b="2023-10-13",
    )
    assert ("date", "Monday", "Tuesday") in found


def test_facts_events_days_of_what_people_said_are_not_compared() -> None:
    found = typed(
        "Walter Brenning said on Monday that the orchestra would tour.",
        "The orchestra will tour, Walter Brenning said Tuesday.",
        published_a="2023-10-13",
        published_b="2023-10-13",
    )
    assert not [f for f in found if f[0] == "date"]


def test_facts_events_the_suspect_is_a_participant() -> None:
    found = typed(
        "Police said the suspect was arrested on Monday.",
        "Officers searched the house. The suspect was arrested Tuesday morning, police said.",
        published_a="2023-10-13",
        published_b="2023-10-13",
    )
    assert ("date", "Monday", "Tuesday") in found
