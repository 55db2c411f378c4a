"""Regression gate: statement correspondence on real ECB+ pairs (eval.event_links).

Runs ``python -m eval.event_links --sample`` (every same-event pair among the first three
articles of each sub-topic of ECB+ topics 26 and 31) when the evaluation data sits beside the
repository (../shared/eval, as in CI); skipped otherwise, since the data is not redistributed.
The mapping from character spans to ECB+ sentence ids is checked on its own, without the data.
"""

from __future__ import annotations

import pytest

from eval.common import eval_dir
from eval.ecbplus import article, scored_pairs, sentence_ids
from storytrace.models import Span

DOC = {
    "doc_id": "1_1ecb.xml",
    "sentences": [
        {"id": 0, "text": "A quake hit Qeshm .", "coref_annotated": True},
        {"id": 1, "text": "It killed 10 people .", "coref_annotated": False},
        {"id": 2, "text": "Aid arrived on Monday .", "coref_annotated": True},
    ],
}


def test_sentence_ids_match_the_article_text() -> None:
    text = article(DOC).text
    for span, sid in sentence_ids(DOC):
        assert span.of(text) == DOC["sentences"][sid]["text"]


def test_scored_pairs_keep_annotated_sentences_only() -> None:
    spans = dict((sid, span) for span, sid in sentence_ids(DOC))
    whole = Span(spans[0].start, spans[2].end)  # a passage over three sentences
    predicted = [(spans[0], spans[2]), (spans[1], spans[0]), (whole, spans[0])]
    assert scored_pairs(DOC, DOC, predicted) == {(0, 2), (0, 0), (2, 0)}


def test_event_links_hold_their_floors_on_real_pairs(capsys) -> None:
    if not (eval_dir() / "ecbplus" / "docs.jsonl").exists():
        pytest.skip(f"ECB+ evaluation data not found at {eval_dir()} (not shipped in the repo)")
    from eval.event_links import main

    status = main(["--sample"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "| union |" in out
