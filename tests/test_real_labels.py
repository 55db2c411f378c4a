"""The hand labels of real ECB+ differences (eval/labels/ecbplus_differences.json) stay readable.

Every quoted substring must occur in its article (checked when the ECB+ data sits beside the
repository, as in CI; skipped otherwise); the splits and the topic range parse as documented.
"""

from __future__ import annotations

import json

import pytest

from eval.common import eval_dir
from eval.real_discrepancies import LABELS, check, read_docs, split_topics, topic_range


def test_topic_range_and_splits() -> None:
    assert topic_range("25-35") == tuple(range(25, 36))
    assert topic_range("7") == (7,)
    splits = split_topics(json.loads(LABELS.read_text("utf-8")))
    assert splits["fit"] == tuple(range(1, 13))
    assert splits["held-out"] == tuple(range(13, 25))
    assert splits["held-out-2"] == tuple(range(25, 36))
    topics = [t for names in splits.values() for t in names]
    assert len(topics) == len(set(topics))  # no topic in two splits


def test_every_quote_is_found_in_its_article() -> None:
    if not (eval_dir() / "ecbplus" / "docs.jsonl").exists():
        pytest.skip(f"ECB+ evaluation data not found at {eval_dir()} (not shipped in the repo)")
    report = check(read_docs(eval_dir()), LABELS)  # exits on a quote that is not found
    counts = {line.split(":")[0]: int(line.split()[1]) for line in report.splitlines()}
    assert counts["held-out-2"] >= 50
    assert counts["all"] == counts["fit"] + counts["held-out"] + counts["held-out-2"]
