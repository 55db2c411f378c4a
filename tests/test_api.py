"""api.compare_articles: per-stage timings, and what importing the API loads."""

from __future__ import annotations

import subprocess
import sys

from conftest import make_article

from storytrace import api
from storytrace.align.embedder import HashingEmbedder
from storytrace.config import DEFAULT_SETTINGS

A = (
    "The council approved the budget on Tuesday after a long debate, officials said. "
    "The plan adds 120 teachers to city schools. Critics said the vote was rushed."
)
B = (
    "Officials said the council approved the budget on Tuesday after a long debate. "
    "The plan adds 100 teachers to the city's schools. The mayor welcomed the vote."
)


def test_timings_are_filled_per_stage_and_change_nothing() -> None:
    a, b = make_article(A, "a.txt"), make_article(B, "b.txt")
    timings: dict[str, float] = {}
    timed = api.compare_articles(a, b, DEFAULT_SETTINGS, HashingEmbedder(), timings=timings)
    plain = api.compare_articles(a, b, DEFAULT_SETTINGS, HashingEmbedder())
    assert list(timings) == list(api.STAGES)
    assert all(seconds >= 0 for seconds in timings.values())
    assert timed == plain


def test_timings_without_the_fact_engine_have_no_facts_stage() -> None:
    a, b = make_article(A, "a.txt"), make_article(B, "b.txt")
    timings: dict[str, float] = {}
    api.compare_articles(
        a, b, DEFAULT_SETTINGS, HashingEmbedder(), discrepancies=False, timings=timings
    )
    assert "facts" not in timings
    assert {"embed", "align", "story", "reuse"} <= set(timings)


def test_importing_the_api_and_the_cli_leaves_spacy_and_torch_unloaded() -> None:
    """A cold start pays for the fact engine (spaCy, and torch through thinc) only when it runs."""
    code = (
        "import sys, storytrace.api, storytrace.cli; "
        "print(sorted(m for m in ('spacy', 'thinc', 'torch', 'storytrace.facts', "
        "'storytrace.provenance') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_fact_engine_loads_without_torch_and_torch_still_imports_later() -> None:
    # spaCy is imported when the parser loads, not with the package: load both
    code = (
        "import sys, importlib.util; from storytrace import api; api._facts(); "
        "from storytrace.language.spacy_parser import load_nlp; load_nlp(); "
        "print('torch' in sys.modules); "
        "print(importlib.util.find_spec('torch') is None or __import__('torch') is not None)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
