"""Shared fixtures: the bundled example pair and a fast fake embedder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storytrace.align.embedder import HashingEmbedder
from storytrace.models import Article

# A detector that returns a finding outside its declaration (type, confidence, span) fails the
# test that ran it instead of being dropped with a warning (storytrace.facts.runner).
os.environ.setdefault("STORYTRACE_STRICT_DETECTORS", "1")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
EXAMPLE_A = EXAMPLES / "000_01ce3e3c67791a35.txt"  # paraphrased rewrite with boilerplate
EXAMPLE_B = EXAMPLES / "002_42821f2fae6c857c.txt"  # the earlier report, dated 2023-10-13


@pytest.fixture(scope="session")
def example_paths() -> tuple[Path, Path]:
    return EXAMPLE_A, EXAMPLE_B


@pytest.fixture()
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


def make_article(text: str, source: str = "test.txt", **metadata: str) -> Article:
    """An Article straight from body text, segmented, bypassing extraction (for unit tests)."""
    from storytrace.text.segment import paragraphs, sentences

    return Article(
        id=source,
        source=source,
        text=text,
        paragraphs=paragraphs(text),
        sentences=sentences(text),
        **metadata,
    )
