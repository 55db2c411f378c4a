"""docs/robustness.md names a test for every case: each named test must exist, so the table
cannot drift from the suite (rows owned by other branches say so instead of naming one)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "robustness.md"
NAMED = re.compile(r"`(test_[\w]+\.py)::(test_\w+)(?:\[[^\]`]*\])?`")


def test_every_test_named_in_robustness_doc_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    named = NAMED.findall(text)
    assert len(named) > 40
    missing = [
        f"{file}::{name}"
        for file, name in named
        if not (REPO / "tests" / file).exists()
        or f"def {name}(" not in (REPO / "tests" / file).read_text(encoding="utf-8")
    ]
    assert missing == []


def test_every_row_names_a_test_or_an_owner() -> None:
    cases = DOC.read_text(encoding="utf-8").split("## Measured")[0]  # then figures, not cases
    for line in cases.splitlines():
        if not line.startswith("| ") or line.startswith(("| case", "| #", "| text", "| property")):
            continue
        assert NAMED.search(line) or "owner:" in line, line
