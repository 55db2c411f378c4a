"""Detectors on the fake parser: unit tests of a detector's logic that need no spaCy model."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_facts_engine import findings_of, pair

from storytrace.facts import numbers
from storytrace.facts.context import Passage, Side
from storytrace.facts.engine import PASSAGE_DETECTORS
from storytrace.facts.runner import Runner
from storytrace.language import parser as parsers
from storytrace.language.fake import FakeParser
from storytrace.language.mentions import NameRegistry
from storytrace.language.nlp import ArticleParses
from storytrace.models import DiscrepancyType

T = DiscrepancyType


@pytest.fixture(autouse=True)
def fake() -> Iterator[None]:
    with parsers.using(FakeParser()):
        yield


def passages(text_a: str, text_b: str) -> tuple[Passage, Passage]:
    comparison = pair(text_a, text_b)
    sides = []
    registry = NameRegistry()
    for label, article in (("a", comparison.a), ("b", comparison.b)):
        side = Side(label, article, ArticleParses(article, label))
        sents = side.parses.sentences(side.parses.sentence_spans[0])
        registry.add_from(sents)
        sides.append((side, sents))
    for side, sents in sides:
        side.index(registry, sents)
    (side_a, sents_a), (side_b, sents_b) = sides
    return Passage(side_a, sents_a), Passage(side_b, sents_b)


def test_numbers_detector_finds_a_changed_count_on_the_fake_parse() -> None:
    pa, pb = passages("Officials said 40 people were hurt.", "Officials said 25 people were hurt.")
    assert type(pa.sents[0].doc).__name__ == "FakeDoc"
    det = next(d for d in PASSAGE_DETECTORS if d.name == "numbers")
    runner = Runner({"a": pa.side.article, "b": pb.side.article}, strict=True)
    [found] = runner.run(det, pa, pb)
    assert (found.type, found.value_a, found.value_b) == (T.NUMBER, "40", "25")
    assert found.a is not None and found.b is not None
    assert found.a.span.of(pa.side.article.text) == "40"


def test_numbers_detector_is_quiet_when_the_count_is_the_same() -> None:
    assert (
        numbers.compare(*passages("Police said 12 men were arrested.", "12 men were arrested."))
        == []
    )


def test_the_whole_engine_runs_on_the_fake_parse() -> None:
    found = findings_of(
        "John Smith said 40 people were hurt.", "Peter Jones said 40 people were hurt."
    )
    assert found == [(T.PERSON, "John Smith", "Peter Jones")]
