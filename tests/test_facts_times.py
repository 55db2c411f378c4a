"""Times of day: clock times and parts of the day as windows of minutes, compared per clock."""

from __future__ import annotations

from test_facts_engine import findings_of

from storytrace.facts.times import TimeValue, compatible, extract
from storytrace.language.nlp import Sent
from storytrace.language.spacy_parser import load_nlp
from storytrace.models import DiscrepancyType


def times(text: str) -> list:
    return extract(Sent(load_nlp()(text), "a", 0, 0))


def one(text: str) -> TimeValue:
    (value,) = times(text)
    return value


def test_facts_times_windows_follow_the_wording() -> None:
    assert one("The tremor struck at about 2:30 a.m. on Sunday.").normalised() == "T02:20/02:40"
    assert one("Police arrested him shortly after 2 a.m.").normalised() == "T02:00/02:15"
    assert one("The storm reached the coast on Tuesday afternoon.").normalised() == "T12:00/18:30"


def test_facts_times_clearly_different_times_differ() -> None:
    about = one("The tremor struck at about 2:30 a.m. on Sunday.")
    shortly = one("The tremor struck shortly after 2 a.m. on Sunday.")
    assert not compatible(about, shortly)
    one_am = one("The blast happened around 1:00 am near the port.")
    half_past = one("The blast happened at about 1:30 a.m. near the port.")
    assert not compatible(one_am, half_past)


def test_facts_times_close_or_vague_times_agree() -> None:
    assert compatible(one("He was found at 12:45 p.m."), one("He was found at about 1 p.m."))
    early, morning = one("She was detained early Monday."), one("She was held on Monday morning.")
    assert compatible(early, morning)


def test_facts_times_other_clocks_are_not_compared() -> None:
    local = one("The match starts at 3:30 p.m. on Saturday.")
    eastern = one("The match starts at 4:30 p.m. ET on Saturday.")
    assert eastern.zone == "et" and compatible(local, eastern)


def test_facts_times_spans_and_habits_are_not_moments() -> None:
    assert times("The shop is open from 9 a.m. to 5 p.m. every day.") == []


def test_facts_times_changed_time_of_one_event_is_found() -> None:
    found = findings_of(
        "The tremor struck the island at about 2:30 a.m. local time, officials said.",
        "The tremor struck the island shortly after 2 a.m. local time, officials said.",
    )
    assert (DiscrepancyType.DATE, "about 2:30 a.m.", "2 a.m.") in found
