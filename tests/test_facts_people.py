"""People across whole articles: spellings, one office held by two names, ranks of an office."""

from __future__ import annotations

from test_facts_events import typed

from storytrace.facts.people import _fold, _spelling_of_given, rank_change


def people(text_a: str, text_b: str) -> list[tuple[str, str]]:
    return [(a, b) for kind, a, b in typed(text_a, text_b) if kind == "person or role"]


def test_facts_people_english_spelling_variants_fold_together() -> None:
    assert _fold("Catherine") == "katerin" and _fold("Kathryn") == "katrin"
    assert _spelling_of_given("catherine", "kathryn")
    assert not _spelling_of_given("dave", "david")  # a nickname, not a spelling
    assert not _spelling_of_given("gurbanguli", "kurbanguly")  # a transliteration


def test_facts_people_first_name_spelled_differently() -> None:
    assert people(
        "Catherine Moreland, a nurse, found the boy on Sunday.",
        "The boy was found on Sunday by a nurse, Kathryn Moreland.",
    ) == [("Catherine Moreland", "Kathryn Moreland")]


def test_facts_people_family_members_share_a_surname() -> None:
    assert (
        people(
            "Maria Alvarado said her son Luis Alvarado was arrested.",
            "Luis Alvarado was arrested on Monday, his mother said.",
        )
        == []
    )


def test_facts_people_surname_spelled_differently() -> None:
    assert people(
        "Officer John Mitchell was shot outside the building.",
        "The gunman shot Officer John Mitchel as he left the building.",
    ) == [("John Mitchell", "John Mitchel")]


def test_facts_people_one_office_two_surnames() -> None:
    assert people(
        "The club fired general manager A.J. Butler on Monday.",
        "General Manager A.J. Smith was fired by the club on Monday.",
    ) == [("A.J. Butler", "A.J. Smith")]


def test_facts_people_nicknames_are_one_name() -> None:
    found = people(
        "District Attorney Dave Morrow said the case would go to trial.",
        "The case will go to trial, said District Attorney David Morrow.",
    )
    assert found == []


def test_facts_people_another_rank_of_one_office() -> None:
    found = people(
        "Walter Bryant worked as the associate director of the agency in the 1970s.",
        "Walter Bryant was deputy associate director of the agency in 1972.",
    )
    assert found == [
        ("associate director of the agency", "deputy associate director of the agency")
    ]


def test_facts_people_deputy_is_not_the_head() -> None:
    found = people(
        "The deputy director of the agency, Laura Fenwick, resigned on Friday.",
        "Laura Fenwick, the head of the agency, resigned on Friday.",
    )
    assert len(found) == 1


def test_facts_people_same_rank_agrees() -> None:
    assert (
        people(
            "Walter Bryant was the associate director of the agency.",
            "Walter Bryant, an associate director at the agency, retired.",
        )
        == []
    )


def test_facts_people_rank_change_reads_written_titles() -> None:
    assert rank_change("deputy director of the agency", "agency head")
    assert rank_change("associate director of the fbi", "deputy associate director of the fbi")
    assert not rank_change("director of the agency", "head of the agency")
    assert not rank_change("deputy director of the agency", "deputy director of the bureau")
