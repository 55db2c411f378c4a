"""Bad input for ``compare`` (issue 13): long lists, tables flattened into text, quotations split
across paragraphs, and an opinion column against a news report.

End to end through the real pipeline: ``storytrace compare`` (typer's runner, the real extractor,
the default embedder, the fact engine) on the pairs under ``tests/fixtures/badinput/``, written
for these tests. Each pair agrees on every fact but one planted change: no typed finding may
appear where the facts agree, and the planted change must still be found, so a detector that
goes quiet fails the test too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storytrace.cli import app
from storytrace.facts import comparability
from storytrace.models import Comparison, Discrepancy, DiscrepancyType
from storytrace.serialize import from_json

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "badinput"

# Each pair: its files and the planted change (type, A's value, B's value, as the finding's text
# on each side contains them).
PAIRS = {
    "list": ("list_a.txt", "list_b.txt", (DiscrepancyType.NUMBER, "12", "21")),
    "table": ("table_a.txt", "table_b.txt", (DiscrepancyType.NUMBER, "60", "40")),
    "quote": ("quote_a.txt", "quote_b.txt", (DiscrepancyType.NUMBER, "12 million", "21 million")),
}


def compare(name_a: str, name_b: str, tmp: Path) -> tuple[Comparison, str]:
    out = tmp / "comparison.json"
    result = CliRunner().invoke(
        app, ["compare", str(FIXTURES / name_a), str(FIXTURES / name_b), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    return from_json(out.read_text(encoding="utf-8"), Comparison), result.output


@pytest.fixture(scope="module", params=sorted(PAIRS))
def pair(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    name_a, name_b, planted = PAIRS[request.param]
    comparison, _ = compare(name_a, name_b, tmp_path_factory.mktemp(request.param))
    return request.param, comparison, planted


def _texts(comparison: Comparison, fact: Discrepancy) -> tuple[str, str]:
    a = fact.a.resolve(comparison) if fact.a else ""
    b = fact.b.resolve(comparison) if fact.b else ""
    return a, b


def _is_planted(comparison: Comparison, fact: Discrepancy, planted) -> bool:
    kind, value_a, value_b = planted
    a, b = _texts(comparison, fact)
    return fact.type is kind and value_a in a and value_b in b


def test_badinput_planted_change_is_found(pair) -> None:
    name, comparison, planted = pair
    found = [f for f in comparison.changed_facts if _is_planted(comparison, f, planted)]
    assert found, (name, [(f.type, *_texts(comparison, f)) for f in comparison.changed_facts])


def test_badinput_no_invented_conflicts(pair) -> None:
    """Lists in another order with items missing, rows of numbers, quotes split by "she said":
    the only changed fact is the planted one."""
    name, comparison, planted = pair
    invented = [
        (f.type.value, *_texts(comparison, f), f.explanation)
        for f in comparison.changed_facts
        if not _is_planted(comparison, f, planted)
    ]
    assert invented == [], name


def test_badinput_opinion_column_says_little_to_compare(tmp_path: Path) -> None:
    comparison, output = compare("opinion_news.txt", "opinion_column.txt", tmp_path)
    little = [w for w in comparison.warnings if w.startswith(comparability.PREFIX)]
    assert len(little) == 1, comparison.warnings
    assert "B reads as an opinion piece" in little[0]
    assert "A reads" not in little[0]
    assert "have a counterpart" in little[0]
    # shown by the report (warnings go to stderr, which the runner mixes in) and on the
    # "What changed" line, and kept in the JSON (read back above)
    assert "warning: little to compare" in output
    assert f"({comparability.PREFIX}: see the warning)" in output
    assert comparison.changed_facts == ()


def test_badinput_news_pairs_are_not_little_to_compare(pair) -> None:
    name, comparison, _ = pair
    assert not [w for w in comparison.warnings if w.startswith(comparability.PREFIX)], name
