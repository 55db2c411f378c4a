"""Property-based tests (hypothesis) of segmentation, alignment and the discrepancy engine:
offsets always point at the text they claim, ``compare A B`` mirrors ``compare B A``, and no
Unicode input crashes them. Alignment uses the bag-of-words ``HashingEmbedder`` (fast, and
deterministic); example counts are small and fixed so the file runs in seconds."""

from __future__ import annotations

import pytest
from conftest import make_article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.align.embedder import HashingEmbedder
from storytrace.api import compare_articles
from storytrace.config import DEFAULT_SETTINGS
from storytrace.models import Article, Span
from storytrace.text.segment import MAX_SENTENCE_CHARS, paragraphs, sentences

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "the",
    "council",
    "approved",
    "budget",
    "on",
    "Tuesday",
    "officials",
    "said",
    "plan",
    "adds",
    "120",
    "teachers",
    "bridges",
    "critics",
    "argued",
    "spending",
    "was",
    "too",
    "high",
    "Mayor",
    "Melo",
    "1,200",
    "people",
    "evacuated",
    "river",
    "flooded",
    "«quoted»",
    "“words”",
    "Zürich",
    "東京",
    "café",
    "3.5%",
    "$4",
    "million",
    "Dr.",
    "U.S.",
    "e.g.",
]
PUNCT = [".", "!", "?", ",", ";", ":", " —", "\n", "\n\n", '."', ".”", "…", ""]

# Arbitrary Unicode, including controls, surrogates excluded (not encodable text).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)


@st.composite
def prose(draw: st.DrawFn, max_sentences: int = 12) -> str:
    """News-like text: words from a small pool (so two texts share some), varied punctuation."""
    parts = []
    for _ in range(draw(st.integers(1, max_sentences))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=18))
        parts.append(" ".join(words).capitalize() + draw(st.sampled_from(PUNCT)))
    return " ".join(parts)


def check_spans(text: str, spans: tuple[Span, ...]) -> None:
    previous_end = 0
    for span in spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        piece = span.of(text)
        assert piece == piece.strip() and piece  # trimmed, never empty
        previous_end = span.end


@FAST
@given(st.one_of(any_text, prose()))
def test_segmentation_offsets_point_at_their_text(text: str) -> None:
    paras = paragraphs(text)
    sents = sentences(text)
    check_spans(text, paras)
    check_spans(text, sents)
    for sentence in sents:
        assert len(sentence) <= MAX_SENTENCE_CHARS
        assert any(p.start <= sentence.start and sentence.end <= p.end for p in paras)


@settings(max_examples=5, deadline=None)
@given(st.integers(MAX_SENTENCE_CHARS + 1, 6 * MAX_SENTENCE_CHARS), st.booleans())
def test_over_long_sentences_are_cut(length: int, spaces: bool) -> None:
    text = ("word " * length)[:length] if spaces else "x" * length
    sents = sentences(text)
    check_spans(text, sents)
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in sents)
    assert "".join(s.of(text) for s in sents).replace(" ", "") == text.replace(" ", "")


def _article(text: str, source: str) -> Article | None:
    if not text.strip():
        return None
    return make_article(text, source)


def _compare(a: Article, b: Article, discrepancies: bool = False):  # type: ignore[no-untyped-def]
    return compare_articles(a, b, DEFAULT_SETTINGS, HashingEmbedder(), discrepancies=discrepancies)


@FAST
@given(prose(), prose())
def test_alignment_offsets_point_at_their_text(text_a: str, text_b: str) -> None:
    a, b = make_article(text_a, "a.txt"), make_article(text_b, "b.txt")
    comparison = _compare(a, b)
    for al in comparison.alignments:
        check_spans(a.text, (al.a,))
        check_spans(b.text, (al.b,))
        for fragment in al.fragments:
            assert al.a.start <= fragment.a.start < fragment.a.end <= al.a.end
            assert al.b.start <= fragment.b.start < fragment.b.end <= al.b.end
    check_spans(a.text, comparison.unmatched_a)
    check_spans(b.text, comparison.unmatched_b)
    assert 0.0 <= comparison.story.score <= 1.0


@FAST
@given(prose(), prose())
def test_compare_a_b_mirrors_compare_b_a(text_a: str, text_b: str) -> None:
    a, b = make_article(text_a, "a.txt"), make_article(text_b, "b.txt")
    forward, backward = _compare(a, b), _compare(b, a)
    assert {(al.a, al.b, al.kind) for al in forward.alignments} == {
        (al.b, al.a, al.kind) for al in backward.alignments
    }
    assert forward.unmatched_a == backward.unmatched_b
    assert forward.unmatched_b == backward.unmatched_a
    assert forward.story.verdict == backward.story.verdict
    assert forward.story.score == pytest.approx(backward.story.score, abs=1e-6)


@FAST
@given(any_text, any_text)
def test_compare_survives_arbitrary_unicode(text_a: str, text_b: str) -> None:
    a, b = _article(text_a, "a.txt"), _article(text_b, "b.txt")
    if a is None or b is None:
        return
    _compare(a, b)


@SLOW
@given(prose(max_sentences=6), prose(max_sentences=6))
def test_discrepancy_offsets_point_at_their_text(text_a: str, text_b: str) -> None:
    a, b = make_article(text_a, "a.txt"), make_article(text_b, "b.txt")
    comparison = _compare(a, b, discrepancies=True)
    for found in comparison.discrepancies:
        for ref in (found.a, found.b):
            if ref is None:
                continue
            article = a if ref.article == "a" else b
            text = article.text if ref.block is None else article.removed[ref.block].text
            assert 0 <= ref.span.start < ref.span.end <= len(text)
            assert ref.span.of(text).strip(), found
