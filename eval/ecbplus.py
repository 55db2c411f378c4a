"""Reading ECB+ (../shared/eval/ecbplus) for the evaluation scripts: documents as Articles, and
predicted sentence pairs mapped back to ECB+ sentence ids to score against its event annotation.

Shared by ``eval.real_discrepancies`` (hand labels), ``eval.event_links`` (sentence pairs that
share an annotated event) and ``eval.comparability``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from pathlib import Path

from eval.common import require
from storytrace.models import Article, Span
from storytrace.text.segment import paragraphs, sentences

# ECB+ text is its tokens joined by spaces: "5. 9", "120, 000", "36 - year - old", "p. m.". These
# undo that (for the article text and the labels' quoted words alike) so numbers read as numbers.
_REPAIRS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=\d)\. (?=\d)"), "."),
    (re.compile(r"(?<=\d), (?=\d{3}\b)"), ","),
    (re.compile(r"(?<=\d) - (?=\w)"), "-"),
    (re.compile(r"(?<=\w) - (?=(?:year|old|mile|foot|feet|gauge|time|day|week)\b)"), "-"),
    (re.compile(r"\b([ap])\. m\."), r"\1.m."),
    (re.compile(r"\b([A-Z])\. ([A-Z])\."), r"\1.\2."),
)


def repair(text: str) -> str:
    """ECB+ text with the spacing of its tokenisation undone where it splits numbers."""
    for pattern, replacement in _REPAIRS:
        text = pattern.sub(replacement, text)
    return text


def _dateline(doc: dict) -> str | None:
    """The publication date a page's metadata would give: its date line, when it has one."""
    from storytrace.ingest.dates import parse_date

    for sentence in doc["sentences"][:4]:
        words = sentence["text"].split()
        if len(words) <= 10:
            found = parse_date(repair(sentence["text"]))
            if found:
                return found
    return None


def article(doc: dict) -> Article:
    """An Article from an ECB+ document: each sentence its own paragraph, segmented as usual."""
    text = "\n\n".join(repair(s["text"]) for s in doc["sentences"])
    return Article(
        id=doc["doc_id"],
        source=doc.get("url") or doc["doc_id"],
        text=text,
        outlet=doc.get("outlet"),
        published=_dateline(doc),
        language="en",
        paragraphs=paragraphs(text),
        sentences=sentences(text, "en"),
    )


def read_docs(data: Path) -> dict[str, dict]:
    """The ECB+ documents by id (``data`` is the folder holding ``ecbplus/``)."""
    path = require(data / "ecbplus" / "docs.jsonl", "the ECB+ documents")
    docs = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            docs[doc["doc_id"]] = doc
    return docs


def read_pairs(data: Path) -> list[dict]:
    """The rows of ``doc_pairs.jsonl`` (both same-event and other-event pairs)."""
    path = require(data / "ecbplus" / "doc_pairs.jsonl", "the ECB+ document pairs")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def topic_range(text: str) -> tuple[int, ...]:
    """'25-35' (or '25') as the topics it names."""
    first, _, last = text.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a topic range: {text!r} (FIRST-LAST)") from None
    return tuple(range(low, high + 1))


def event_gold(row: dict) -> set[tuple[int, int]]:
    """The pair's gold: sentence-id pairs (A, B) that share an annotated event instance."""
    return {(p["sent_a"], p["sent_b"]) for p in row["aligned_sentences"] if p["event_instances"]}


def annotated(doc: dict) -> set[int]:
    """Ids of the sentences whose mentions were annotated (the only ones scored)."""
    return {s["id"] for s in doc["sentences"] if s["coref_annotated"]}


def sentence_ids(doc: dict) -> list[tuple[Span, int]]:
    """Each ECB+ sentence's span in the Article text that ``article`` builds."""
    spans, at = [], 0
    for sentence in doc["sentences"]:
        text = repair(sentence["text"])
        spans.append((Span(at, at + len(text)), sentence["id"]))
        at += len(text) + 2
    return spans


def ids_in(ids: list[tuple[Span, int]], span: Span) -> list[int]:
    """The ECB+ sentence ids a span of the Article text touches."""
    return [i for s, i in ids if s.start < span.end and span.start < s.end]


def scored_pairs(
    doc_a: dict, doc_b: dict, spans: Iterable[tuple[Span, Span]]
) -> set[tuple[int, int]]:
    """Predicted (A span, B span) pairs as ECB+ sentence-id pairs, annotated sentences only."""
    ids_a, ids_b = sentence_ids(doc_a), sentence_ids(doc_b)
    keep_a, keep_b = annotated(doc_a), annotated(doc_b)
    return {
        (i, j)
        for sa, sb in spans
        for i in ids_in(ids_a, sa)
        if i in keep_a
        for j in ids_in(ids_b, sb)
        if j in keep_b
    }
