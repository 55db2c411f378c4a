"""Dates: resolution against the publication date, granularity-aware comparison."""

from __future__ import annotations

import datetime as dt

from test_facts_engine import findings_of

from storytrace.facts.dates import compatible, extract
from storytrace.language.nlp import Sent
from storytrace.language.spacy_parser import load_nlp
from storytrace.models import DiscrepancyType

FRIDAY = dt.date(2023, 10, 13)


def dates(text: str, published: dt.date | None = FRIDAY) -> list:
    return extract(Sent(load_nlp()(text), "a", 0, 0), published)


def test_facts_dates_weekday_is_the_most_recent_one() -> None:
    (d,) = dates("Pashinyan said on Wednesday that the threats amounted to claims.")
    assert d.normalised() == "2023-10-11"
    (d,) = dates("Politico reported Friday that the call took place.")
    assert d.normalised() == "2023-10-13"  # the publication day itself


def test_facts_dates_future_weekday_looks_ahead() -> None:
    (d,) = dates("The talks will resume on Monday.")
    assert d.normalised() == "2023-10-16"


def test_facts_dates_month_and_last_month_agree() -> None:
    (x,) = dates("Azerbaijan's offensive in September forced them out.")
    (y,) = dates("Azerbaijan's offensive last month forced them out.")
    assert x.granularity == "month" and compatible(x, y)


def test_facts_dates_durations_are_not_dates() -> None:
    assert dates("The blockade lasted nine months and the state existed for three decades.") == []


def test_facts_dates_undated_article_keeps_absolute_dates_only() -> None:
    found = dates("He was informed last week, and in an October 3 call he agreed.", published=None)
    assert [d.normalised() for d in found] == ["--10-03"]


def test_facts_dates_year_unknown_compares_month_and_day() -> None:
    (x,) = dates("In an October 3 phone call they spoke.", published=None)
    (y,) = dates("In a telephone call on October 3 they spoke.")
    (z,) = dates("In a telephone call on October 5 they spoke.")
    assert compatible(x, y) and not compatible(x, z)


def test_facts_dates_changed_weekday_is_found() -> None:
    found = findings_of(
        "Prime Minister Nikol Pashinyan said on Wednesday that the threats amounted to claims.",
        "Prime Minister Nikol Pashinyan said on Monday that the threats amounted to claims.",
    )
    assert found == [(DiscrepancyType.DATE, "Wednesday", "Monday")]


def test_facts_dates_relative_and_absolute_forms_agree_across_datelines() -> None:
    found = findings_of(
        "The committee met on Wednesday to review the proposal.",
        "The committee met on October 11 to review the proposal.",
        published_a="2023-10-13",
        published_b="2023-10-20",
    )
    assert found == []


def test_facts_dates_undated_side_says_so() -> None:
    comparison_found = findings_of(
        "In an October 3 call, lawmakers pressed him.",
        "In a call on October 5, lawmakers pressed him.",
        published_a=None,
    )
    assert comparison_found == [(DiscrepancyType.DATE, "October 3", "October 5")]


def test_facts_dates_a_kind_of_day_is_not_a_date() -> None:
    assert dates("The market opens at 2:30pm on a Monday and closes on weekends.") == []


def test_facts_dates_inferred_year_yields_to_written_year() -> None:
    (x,) = dates("The ruling came on June 9.")
    (y,) = dates("The ruling came on June 9, 2020.")
    assert x.normalised() == "2023-06-09" and compatible(x, y)


def test_facts_dates_day_before_the_month_at_a_line_start() -> None:
    # spaCy reads only "February" of "- 19 February:" (a dated list item): the day joins it
    (x,) = dates("- 19 February: a car became stuck between the barriers at Coldharbour.")
    assert (x.granularity, x.first.day, x.first.month) == ("day", 19, 2)
    assert (
        findings_of(
            "- 19 February: a car became stuck between the barriers at Coldharbour.",
            "- Coldharbour, February 19: a car was trapped between the barriers.",
            published_a="2025-02-12",
            published_b="2025-02-13",
        )
        == []
    )


def test_facts_dates_undated_weekday_is_kept_as_a_weekday() -> None:
    (x,) = dates("The singer died on Friday at her home.", published=None)
    (y,) = dates("The singer died Thursday, her agent said.", published=None)
    (z,) = dates("The singer died on October 13, 2023.", published=None)
    assert (x.granularity, x.normalised()) == ("weekday", "Friday")
    assert not compatible(x, y) and compatible(x, z)  # 2023-10-13 was a Friday


def test_facts_dates_undated_weekdays_of_one_event_differ() -> None:
    found = findings_of(
        "The retired pilot died on Friday in a hospital.",
        "The retired pilot died Thursday in a hospital.",
        published_a=None,
        published_b=None,
    )
    assert found == [(DiscrepancyType.DATE, "Friday", "Thursday")]


def test_facts_dates_undated_lone_weekdays_of_two_words_are_not_compared() -> None:
    found = findings_of(
        "The club decided on Wednesday to rest the striker.",
        "The striker hurt his ankle last Thursday.",
        published_a=None,
        published_b=None,
    )
    assert [f for f in found if f[0] == DiscrepancyType.DATE] == []


def test_facts_dates_since_a_month_is_a_span_not_a_day() -> None:
    (x,) = dates("It was the fifth operation since September.", published=None)
    (y,) = dates("The warship captured the pirates on Friday.")
    assert x.granularity == "range" and compatible(x, y)
