"""Per-article budgets: alignment, the fact engine and the parse stop at a fixed number of
sentences, with one summary warning each instead of one per passage (a 1 MB line printed
"parsing only 0 of 1 sentences" 3,000 times)."""

from __future__ import annotations

import logging

import pytest
from conftest import make_article

from storytrace.align import aligner
from storytrace.align.embedder import HashingEmbedder
from storytrace.api import compare_articles
from storytrace.config import DEFAULT_SETTINGS
from storytrace.language import nlp

SENTENCE = "The council approved budget number {i} on Tuesday after a debate, officials said."


def test_alignment_and_facts_stop_at_the_budget_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(aligner, "MAX_ALIGN_SENTENCES", 12)
    monkeypatch.setattr(nlp, "MAX_SENTENCES", 5)
    long = make_article(" ".join(SENTENCE.format(i=i) for i in range(60)), "long.txt")
    short = make_article(" ".join(SENTENCE.format(i=i) for i in range(0, 60, 7)), "short.txt")
    cut = long.sentences[11].end
    with caplog.at_level(logging.WARNING):
        comparison = compare_articles(long, short, DEFAULT_SETTINGS, HashingEmbedder())
    messages = [r.getMessage() for r in caplog.records]
    assert sum("MAX_ALIGN_SENTENCES" in m for m in messages) == 1
    assert sum("MAX_SENTENCES" in m and "long.txt" in m for m in messages) <= 1
    assert len(messages) <= 4  # budgets warn once per article, never per passage
    assert comparison.a is long  # the Comparison keeps the whole article
    assert all(al.a.end <= cut for al in comparison.alignments)
    assert all(span.end <= cut for span in comparison.unmatched_a)
    for found in comparison.discrepancies:
        if found.a is not None and found.a.block is None:
            assert found.a.span.end <= cut


def test_budget_prefix_keeps_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aligner, "MAX_ALIGN_SENTENCES", 3)
    article = make_article("One here. Two here.\n\nThree here. Four here.\n\nFive.", "a.txt")
    prefix = aligner.budget_prefix(article)
    assert prefix.text == "One here. Two here.\n\nThree here."
    assert prefix.sentences == article.sentences[:3]
    assert [p.of(prefix.text) for p in prefix.paragraphs] == ["One here. Two here.", "Three here."]
    assert aligner.budget_prefix(prefix) == prefix
