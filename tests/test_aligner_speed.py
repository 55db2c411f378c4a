"""The aligner's model calls: clause vectors behind a gate, merged passages in one batch.

Both only decide which texts the model embeds; the alignments must not change (``bench.speed``
and ``eval.alignment`` measure that on real data, these tests pin it on small texts).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from conftest import make_article

from storytrace.align import aligner
from storytrace.align.aligner import align, embed_sentences
from storytrace.align.embedder import HashingEmbedder
from storytrace.config import DEFAULT_SETTINGS

A = (
    "Heavy rain flooded the river district of Porto Alegre on Tuesday night, officials said. "
    "The civil defence agency said 1,200 people had been evacuated, and that shelters opened "
    "in three schools.\n\n"
    "The central bank left its benchmark interest rate unchanged at 4.5 percent, "
    "a decision analysts had expected after inflation slowed."
)
B = (
    "Officials said heavy rain flooded the river district of Porto Alegre on Tuesday night. "
    "Shelters opened in three schools, the agency said.\n\n"
    "Mayor Sebastião Melo asked residents to avoid the riverside roads, "
    "and forecasters expect more storms over the weekend."
)


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return super().embed(texts)


def run(gate: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[aligner.AlignmentResult, list[str]]:
    monkeypatch.setattr(aligner, "CLAUSE_GATE", gate)
    embedder = CountingEmbedder()
    a, b = make_article(A, "a.txt"), make_article(B, "b.txt")
    va, vb = embed_sentences(a, embedder), embed_sentences(b, embedder)
    embedder.calls.clear()
    result = align(va, vb, embedder, DEFAULT_SETTINGS)
    return result, [text for call in embedder.calls for text in call]


def test_the_clause_gate_changes_no_alignment_and_skips_clauses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gated, gated_texts = run(True, monkeypatch)
    full, full_texts = run(False, monkeypatch)
    assert gated == full
    assert gated.alignments
    assert len(gated_texts) < len(full_texts)
    # the bank sentence shares no clause's words with anything in B: its clauses are skipped
    assert not any("benchmark interest rate" in text for text in gated_texts)
    assert any("benchmark interest rate" in text for text in full_texts)


def test_clauses_and_merges_are_embedded_in_few_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aligner, "CLAUSE_GATE", False)
    embedder = CountingEmbedder()
    a, b = make_article(A, "a.txt"), make_article(B, "b.txt")
    va, vb = embed_sentences(a, embedder), embed_sentences(b, embedder)
    embedder.calls.clear()
    align(va, vb, embedder, DEFAULT_SETTINGS)
    assert len(embedder.calls) <= 2  # the clauses in one call, the first merges in another


def test_a_copied_sentence_gets_no_clause_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sentence whose copy is in the other article is settled as a whole: its clauses are
    not embedded, and the alignments are the ones every clause vector gives."""
    copied = (
        "The civil defence agency said 1,200 people had been evacuated, and that shelters "
        "opened in three schools."
    )
    b_text = f"{copied}\n\nForecasters expect more storms over the weekend, the agency said."

    def run_with(level: float | None) -> tuple[aligner.AlignmentResult, list[str]]:
        monkeypatch.setattr(aligner, "CLAUSE_SKIP_SETTLED", level)
        embedder = CountingEmbedder()
        a, b = make_article(A, "a.txt"), make_article(b_text, "b.txt")
        va, vb = embed_sentences(a, embedder), embed_sentences(b, embedder)
        embedder.calls.clear()
        result = align(va, vb, embedder, DEFAULT_SETTINGS)
        return result, [text for call in embedder.calls for text in call]

    # the test double's calibration tops out at 0.979 for identical sentences (e5-small and
    # MiniLM at 0.98): a copy is what scores above 0.97 here
    settled, settled_texts = run_with(0.97)
    full, full_texts = run_with(None)
    assert settled == full
    assert any(al.a.of(A) == copied for al in settled.alignments)
    assert "and that shelters opened in three schools." not in settled_texts
    assert "and that shelters opened in three schools." in full_texts
