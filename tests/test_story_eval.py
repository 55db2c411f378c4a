"""Regression gate: the same-story model on a fixed sample of real articles (eval.story).

Runs ``python -m eval.story --sample`` (ECB+ topics 26 and 31, three articles per event, eight
unrelated Zyte pages, and the example pair) when the evaluation data sits beside the
repository (../shared/eval, as in CI); skipped otherwise, since the data is not redistributed.
"""

from __future__ import annotations

import pytest

from eval.common import eval_dir


def test_same_story_model_holds_its_floors_on_real_articles(capsys) -> None:
    if not (eval_dir() / "ecbplus" / "docs.jsonl").exists():
        pytest.skip(f"ECB+ evaluation data not found at {eval_dir()} (not shipped in the repo)")
    from eval.story import main

    status = main(["--sample"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "storytrace same-story model" in out
