"""End to end on the bundled example pair, with a hand-built Comparison (no extractor/aligner).

The fixture (tests/fixtures/facts/example_pair.json) lists the blocks extraction removes and
the sentence pairs an aligner makes; ``example_comparison`` turns it into a Comparison.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from storytrace.facts import SUPPORTED_LANGUAGES, find_discrepancies
from storytrace.models import (
    Alignment,
    AlignmentKind,
    Article,
    Comparison,
    Discrepancy,
    DiscrepancyType,
    RemovalReason,
    RemovedBlock,
    ReuseSummary,
    Severity,
    Span,
    StoryMatch,
    StoryVerdict,
)
from storytrace.text.segment import paragraphs, sentences

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "facts" / "example_pair.json"


def _clean(spec: dict) -> Article:
    """A hand-written cleaner: drop the listed blocks, keep the rest as body paragraphs."""
    raw = (REPO / spec["file"]).read_text("utf-8")
    raw = raw.removeprefix(spec.get("strip_prefix", ""))
    if spec.get("body_ends_before"):
        raw = raw[: raw.index("\n\n" + spec["body_ends_before"] + "\n")]
    removed_specs = {text: reason for text, reason in spec["removed"]}
    body: list[str] = []
    removed: list[RemovedBlock] = []
    for block in (b.strip() for b in raw.split("\n\n")):
        if not block:
            continue
        if block in removed_specs:
            at = len("\n\n".join(body)) + (2 if body else 0)
            removed.append(RemovedBlock(block, RemovalReason(removed_specs[block]), at))
        else:
            body.append(block)
    text = "\n\n".join(body)
    return Article(
        id=Path(spec["file"]).stem,
        source=spec["file"],
        text=text,
        published=spec["published"],
        language="en",
        removed=tuple(removed),
        paragraphs=paragraphs(text),
        sentences=sentences(text),
    )


def comparison_from(a: Article, b: Article, pairs: list[tuple[str, str, str]]) -> Comparison:
    """A Comparison with the given sentence pairs aligned and every other sentence unmatched."""
    alignments = []
    for text_a, text_b, kind in pairs:
        start_a, start_b = a.text.find(text_a), b.text.find(text_b)
        assert start_a >= 0 and start_b >= 0, (text_a, text_b)
        alignments.append(
            Alignment(
                Span(start_a, start_a + len(text_a)),
                Span(start_b, start_b + len(text_b)),
                AlignmentKind(kind),
                0.9,
                0.8,
            )
        )
    unmatched_a = tuple(s for s in a.sentences if not any(al.a.overlaps(s) for al in alignments))
    unmatched_b = tuple(s for s in b.sentences if not any(al.b.overlaps(s) for al in alignments))
    reuse = ReuseSummary(1, 0, 0, 1, 0)
    return Comparison(
        a=a,
        b=b,
        story=StoryMatch(StoryVerdict.SAME_STORY, 0.9, 0.9, 0.8),
        alignments=tuple(alignments),
        unmatched_a=unmatched_a,
        unmatched_b=unmatched_b,
        reuse_a=reuse,
        reuse_b=reuse,
    )


@cache
def example_comparison() -> Comparison:
    spec = json.loads(FIXTURE.read_text("utf-8"))
    a, b = _clean(spec["a"]), _clean(spec["b"])
    return comparison_from(a, b, [tuple(p) for p in spec["alignments"]])


@cache
def example_findings() -> tuple[Discrepancy, ...]:
    return find_discrepancies(example_comparison())


def _resolved(d: Discrepancy) -> tuple[str, str]:
    c = example_comparison()
    return (d.a.resolve(c) if d.a else "", d.b.resolve(c) if d.b else "")


def pair(
    text_a: str,
    text_b: str,
    published_a: str | None = "2023-10-13",
    published_b: str | None = "2023-10-13",
    language: str = "en",
) -> Comparison:
    """Two one-passage articles aligned to each other (shared by the other test_facts_* files)."""
    a = Article(
        id="a",
        source="a.txt",
        text=text_a,
        published=published_a,
        language=language,
        paragraphs=paragraphs(text_a),
        sentences=sentences(text_a),
    )
    b = Article(
        id="b",
        source="b.txt",
        text=text_b,
        published=published_b,
        language=language,
        paragraphs=paragraphs(text_b),
        sentences=sentences(text_b),
    )
    return comparison_from(a, b, [(text_a, text_b, "paraphrase")])


def findings_of(
    text_a: str, text_b: str, **kwargs: str | None
) -> list[tuple[DiscrepancyType, str, str]]:
    """(type, A's referenced text, B's referenced text) of every finding for an aligned pair."""
    comparison = pair(text_a, text_b, **kwargs)  # type: ignore[arg-type]
    return [
        (d.type, d.a.resolve(comparison) if d.a else "", d.b.resolve(comparison) if d.b else "")
        for d in find_discrepancies(comparison)
    ]


# --- the example pair -------------------------------------------------------------------------


def test_facts_engine_example_changed_group() -> None:
    found = [d for d in example_findings() if d.type == DiscrepancyType.GROUP]
    assert any(_resolved(d) == ("a small group of senators", "a group of lawmakers") for d in found)


def test_facts_engine_example_hardened_hedge() -> None:
    found = [d for d in example_findings() if d.type == DiscrepancyType.MODALITY]
    assert ("will invade", "could invade") in [_resolved(d) for d in found]
    assert all(d.severity == Severity.MEDIUM for d in found)


def test_facts_engine_example_subheading_contradicts_body() -> None:
    found = [d for d in example_findings() if d.type == DiscrepancyType.INTERNAL_CONTRADICTION]
    assert len(found) == 1
    heading, body = found[0].a, found[0].b
    comparison = example_comparison()
    assert heading is not None and heading.block is not None and body is not None
    assert comparison.a.removed[heading.block].text.startswith("Since 2002 the US military support")
    assert heading.resolve(comparison) == "is prohibited"
    assert "prohibits" in body.resolve(comparison) and "avoid" in body.resolve(comparison)


def test_facts_engine_example_silent_on_aliases_and_speech_acts() -> None:
    for d in example_findings():
        if d.type in (DiscrepancyType.ADDITION, DiscrepancyType.OMISSION):
            continue
        a, b = _resolved(d)
        assert "Artsakh" not in a + b and "Nagorno" not in a + b, d
        assert "tweeted" not in a + b and "post on X" not in a + b, d
    # The one attribution finding is the claim moved from Politico to Blinken
    # (tests/test_facts_example_pair.py), not a speech act worded differently.
    found = [d for d in example_findings() if d.type == DiscrepancyType.ATTRIBUTION]
    assert len(found) == 1 and "Politico" in _resolved(found[0])[1]


def test_facts_engine_refs_point_at_exact_text() -> None:
    comparison = example_comparison()
    for d in example_findings():
        for ref in (d.a, d.b):
            if ref is not None:
                assert ref.resolve(comparison).strip() == ref.resolve(comparison)
                assert ref.resolve(comparison)
        assert 0.0 <= d.confidence <= 1.0
        assert d.explanation.endswith(".")


def test_facts_engine_ranked_by_calibrated_confidence_times_severity() -> None:
    from storytrace.facts.calibration import headline_score

    scores = [headline_score(d) for d in example_findings()]
    assert scores == sorted(scores, reverse=True)


def test_facts_engine_is_pure() -> None:
    assert find_discrepancies(example_comparison()) == example_findings()


def test_facts_engine_non_english_returns_nothing() -> None:
    comparison = pair(
        "Der Minister sagte am Mittwoch nein.", "Der Minister sagte am Montag ja.", language="de"
    )
    assert find_discrepancies(comparison) == ()
    assert "en" in SUPPORTED_LANGUAGES and "de" not in SUPPORTED_LANGUAGES


def test_facts_engine_exports() -> None:
    import storytrace.facts as facts

    assert sorted(facts.__all__) == ["SUPPORTED_LANGUAGES", "analyse", "find_discrepancies"]


def test_facts_engine_identical_passages_are_silent() -> None:
    text = "Police said 12 people were hurt on Wednesday when a bus crashed in Yerevan."
    assert findings_of(text, text) == []


@pytest.mark.slow
def test_facts_engine_real_pipeline_on_example_pair() -> None:
    """The extractor and the aligner feed the engine: the same three findings, no alias noise."""
    api = pytest.importorskip("storytrace.api")
    a = api.load_article(str(REPO / "examples" / "000_01ce3e3c67791a35.txt"))
    b = api.load_article(str(REPO / "examples" / "002_42821f2fae6c857c.txt"))
    comparison = api.compare_articles(a, b)
    found = find_discrepancies(comparison)

    def refs(kind: DiscrepancyType) -> list[tuple[str, str]]:
        return [
            (d.a.resolve(comparison) if d.a else "", d.b.resolve(comparison) if d.b else "")
            for d in found
            if d.type == kind
        ]

    assert ("a small group of senators", "a group of lawmakers") in refs(DiscrepancyType.GROUP)
    assert ("will invade", "could invade") in refs(DiscrepancyType.MODALITY)
    assert any(h == "is prohibited" for h, _ in refs(DiscrepancyType.INTERNAL_CONTRADICTION))
    # The spin: the claim moved from Politico to Blinken, the considered step stated as decided,
    # the unspecified measures made specific.
    assert any("Politico" in b for _, b in refs(DiscrepancyType.ATTRIBUTION))
    modality = refs(DiscrepancyType.MODALITY)
    assert ("prospective sanctions", "possible measures") in modality
    assert any("renew" in a and "step" in b for a, b in modality)
    for kind in (DiscrepancyType.GROUP, DiscrepancyType.PERSON, DiscrepancyType.ATTRIBUTION):
        for a_text, b_text in refs(kind):
            assert "Artsakh" not in a_text + b_text and "tweeted" not in a_text + b_text
