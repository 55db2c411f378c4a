"""Statements linked across articles by shared anchors, with nothing aligned by the aligner."""

from __future__ import annotations

from test_facts_engine import comparison_from

from storytrace.facts import find_discrepancies
from storytrace.models import Article, Comparison, DiscrepancyType
from storytrace.text.segment import paragraphs, sentences

A = (
    "A strong earthquake struck the island of Qeshm on Sunday.\n\n"
    "Ten people were killed and about 50 were injured, the provincial governor said.\n\n"
    "State media said three strong aftershocks were felt across the island.\n\n"
    "The island's airport sustained minor damage."
)
B = (
    "Iran's state television reported that the quake hit Qeshm in the afternoon.\n\n"
    "It was followed by at least four strong aftershocks, the IRNA agency reported.\n\n"
    "The disaster killed 10 people and injured 80 across seven villages.\n\n"
    "The island's airport was also damaged."
)


def _article(name: str, text: str) -> Article:
    return Article(
        id=name,
        source=f"{name}.txt",
        text=text,
        published="2005-11-28",
        language="en",
        paragraphs=paragraphs(text),
        sentences=sentences(text),
    )


def _unaligned(text_a: str, text_b: str) -> Comparison:
    return comparison_from(_article("a", text_a), _article("b", text_b), [])


def _found(comparison: Comparison) -> list[tuple[DiscrepancyType, str, str]]:
    return [
        (d.type, d.a.resolve(comparison) if d.a else "", d.b.resolve(comparison) if d.b else "")
        for d in find_discrepancies(comparison)
    ]


def test_facts_links_toll_conflict_without_alignment() -> None:
    found = _found(_unaligned(A, B))
    numbers = [(a, b) for kind, a, b in found if kind == DiscrepancyType.NUMBER]
    assert ("about 50", "80") in numbers  # injured
    assert ("three", "at least four") in numbers  # aftershocks
    assert not any(a.lower() == "ten" or b == "10" for a, b in numbers)  # the toll agrees


def test_facts_links_fact_on_both_sides_is_not_added_and_omitted() -> None:
    found = _found(_unaligned(A, B))
    one_sided = [a + b for kind, a, b in found if kind.one_sided]
    assert not any("airport" in text for text in one_sided)
    assert not any("aftershocks" in text for text in one_sided)


def test_facts_links_same_figures_elsewhere_are_confirmed() -> None:
    a = (
        "The warship seized six rifles and 12 magazines in the operation.\n\n"
        "In five operations the crew has seized 14 rifles and 31 magazines."
    )
    b = (
        "In all, the crew has seized 14 rifles and 31 magazines during five operations.\n\n"
        "During the operation, six rifles and 12 magazines were found."
    )
    comparison = _unaligned(a, b)  # linked: seized, rifles, magazines, operation
    assert not [f for f in _found(comparison) if f[0] == DiscrepancyType.NUMBER]


def test_facts_links_subset_count_is_not_the_whole() -> None:
    a = (
        "The quake damaged houses in the region.\n\n"
        "The four hardest-hit villages were Tonban and Gavarzin."
    )
    b = "The quake damaged houses in the region.\n\nSeven villages were damaged by the quake."
    assert not [f for f in _found(_unaligned(a, b)) if f[0] == DiscrepancyType.NUMBER]


def test_facts_links_publication_lines_are_not_dates_of_the_story() -> None:
    a = "June 25, 2005\n\nA deputy was shot on Friday in Hawaiian Gardens."
    b = "June 24, 2005\n\nA deputy was shot on Friday in Hawaiian Gardens."
    assert not [f for f in _found(_unaligned(a, b)) if f[0] == DiscrepancyType.DATE]


def test_facts_links_contact_number_with_a_wrong_digit() -> None:
    a = "Police urged anyone with information to call them on 0845 125 2222."
    b = "Anyone with information should contact police on 0845 125 222 or Crimestoppers."
    found = [f for f in _found(_unaligned(a, b)) if f[0] == DiscrepancyType.NUMBER]
    assert found == [(DiscrepancyType.NUMBER, "0845 125 2222", "0845 125 222")]
    same = "Call police on 0845 125 2222."
    assert not [f for f in _found(_unaligned(same, same)) if f[0] == DiscrepancyType.NUMBER]


def test_facts_links_share_is_not_a_count() -> None:
    from test_facts_engine import findings_of

    found = findings_of(
        "The party won three of 12 seats in the council election.",
        "The party won three seats in the council election.",
    )
    assert not [f for f in found if f[0] == DiscrepancyType.NUMBER]


def test_facts_links_exported_with_spans_anchors_and_score() -> None:
    from storytrace.facts.engine import analyse, exported_links

    comparison = _unaligned(A, B)
    found, linked = analyse(comparison)
    assert found == find_discrepancies(comparison)
    assert linked == exported_links(comparison)
    pairs = {(lk.a.of(comparison.a.text)[:20], lk.b.of(comparison.b.text)[:20]) for lk in linked}
    assert ("A strong earthquake ", "Iran's state televis") in pairs  # earthquake / quake
    assert ("The island's airport", "The island's airport") in pairs
    for lk in linked:
        assert 0.0 <= lk.score <= 1.0 and lk.anchors
        assert lk.a in comparison.a.sentences and lk.b in comparison.b.sentences
    quake = next(lk for lk in linked if "earthquake" in lk.a.of(comparison.a.text))
    assert set(quake.anchors) == {"earthquake", "Qeshm"}  # as A writes them, not as keys
    assert [lk.a.start for lk in linked] == sorted(lk.a.start for lk in linked)


def test_facts_links_cosine_links_only_for_the_embedder_the_model_was_fitted_for() -> None:
    import numpy as np

    from storytrace.facts.links import LINK_MODELS, SentenceSimilarity, export
    from storytrace.models import Span

    spans_a, spans_b = (Span(0, 10), Span(12, 30)), (Span(0, 8),)
    cosines = np.array([[0.95], [0.70]], dtype=np.float32)
    linked = export([], SentenceSimilarity("e5-small", spans_a, spans_b, cosines))
    assert [(lk.a, lk.b, lk.anchors) for lk in linked] == [(Span(0, 10), Span(0, 8), ())]
    assert linked[0].score >= LINK_MODELS["e5-small"].threshold
    assert export([], SentenceSimilarity("hashing", spans_a, spans_b, cosines)) == ()


def test_facts_links_api_fills_comparison_links() -> None:
    from conftest import make_article

    from storytrace import api
    from storytrace.align.embedder import HashingEmbedder
    from storytrace.config import DEFAULT_SETTINGS

    a, b = make_article(A, "a.txt"), make_article(B, "b.txt")
    comparison = api.compare_articles(a, b, DEFAULT_SETTINGS, HashingEmbedder())
    texts = {(lk.a.of(a.text)[:12], lk.b.of(b.text)[:12]) for lk in comparison.links}
    assert ("The island's", "The island's") in texts
