"""Article-body extraction on the Zyte benchmark: plain trafilatura against our pipeline.

    .venv/bin/python -m eval.extraction [--data DIR] [--out results.json] [--limit N]

Three measures per extractor:

Token P/R/F1 (the benchmark's own).
The metric follows the benchmark's own evaluate.py (scrapinghub/article-extraction-benchmark):
texts are tokenised as runs of word characters (``\\w+``), each text becomes a multiset of
4-token shingles, and per page TP/FP/FN are counted over shingle multiplicities and scaled to
sum to 1 so long articles weigh no more than short ones. Precision is averaged over pages
with any predicted shingle, recall over pages with any true shingle, and F1 is the harmonic
mean of the two averages (not the mean of per-page F1s).

Snippet P/R/F1 (a proxy for snippet suites such as trafilatura's multilingual evaluation,
where each page lists text that must appear and text that must not). Per page, up to
``SNIPPETS_PER_PAGE`` sentences of the true body, evenly spread, plus up to
``ITEM_SNIPPETS_PER_PAGE`` of its short lines (list items, table rows, captions) must
appear; up to ``SNIPPETS_PER_PAGE`` of the page's own text blocks that are not in the true
body (menus, teasers, share bars, headlines, credits), evenly spread, must not. A snippet
is found when its word tokens occur contiguously in the output. Counts are summed over
pages: precision = found must / (found must + found must-not), recall = found must / must.

Removal precision (storytrace only): of the blocks extraction took out of the body, the
share whose text is not in the true body, per reason. Subheadings stay in the text (schema
1.1), as Zyte's truth has them; a headline is judged apart, as the truth sometimes repeats
it. The clutter reasons (share bars, ad labels, credits, related links, page chrome) should
score high.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval.common import eval_dir, require

SHINGLE_TOKENS = 4
_TOKEN = re.compile(r"\w+")
# Snippets per page: a handful, as hand-made snippet suites have, spread over the page.
SNIPPETS_PER_PAGE = 6
ITEM_SNIPPETS_PER_PAGE = 2
# A short line of the true body (list item, table row, caption) has at most this many words.
ITEM_MAX_WORDS = 15
# Snippets shorter than this many tokens match by accident ("Home", "Share").
MIN_SNIPPET_TOKENS = 3
# Floors: the pipeline must stay at or above these on the full benchmark (181 pages), just
# under what it measures (token F1 0.974, snippet F1 0.980, clutter removal precision 0.98x).
FLOOR_TOKEN_F1 = 0.972
FLOOR_SNIPPET_F1 = 0.977
FLOOR_REMOVAL_PRECISION = 0.97  # clutter reasons (not headlines, which the truth may repeat)

Extractor = Callable[[str, str], str]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int
    seconds: float
    snippet_precision: float = 0.0
    snippet_recall: float = 0.0
    snippet_f1: float = 0.0


@dataclass(slots=True)
class Removals:
    """Removed blocks per reason, and how many of them are text of the true body."""

    total: Counter[str] = field(default_factory=Counter)
    in_body: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)


def shingles(text: str, n: int = SHINGLE_TOKENS) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text shorter than n tokens is one shorter shingle."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """TP, FP, FN over shingles of one page, scaled to sum to 1."""
    expected, predicted = shingles(true), shingles(pred)
    tp = sum((expected & predicted).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def aggregate(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their harmonic mean, as upstream computes them."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- snippets --------------------------------------------------------------------------------


def token_key(text: str) -> str:
    """Lower-cased word tokens joined by single spaces, padded so a find matches whole tokens."""
    return " " + " ".join(_TOKEN.findall(text.lower())) + " "


def _spread(items: list[str], count: int) -> list[str]:
    """``count`` items evenly spread over the list (all of them when there are fewer)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step + step / 2)] for i in range(count)]


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？])\s+", paragraph) if s.strip()]


def snippets(html: str, true: str) -> tuple[list[str], list[str]]:
    """(must appear, must not appear) for one page; see the module docstring."""
    from storytrace.ingest.html import page_blocks

    lines = [" ".join(line.split()) for line in true.split("\n") if line.strip()]
    sentences = [
        s
        for line in lines
        if len(line.split()) > ITEM_MAX_WORDS
        for s in _sentences(line)
        if len(_TOKEN.findall(s)) >= MIN_SNIPPET_TOKENS
    ]
    items = [
        line
        for line in lines
        if len(_TOKEN.findall(line)) >= MIN_SNIPPET_TOKENS and len(line.split()) <= ITEM_MAX_WORDS
    ]
    must = _spread(sentences, SNIPPETS_PER_PAGE) + _spread(items, ITEM_SNIPPETS_PER_PAGE)
    body = token_key(true)
    outside: list[str] = []
    for block in page_blocks(html):
        key = token_key(block)
        if len(key.split()) >= MIN_SNIPPET_TOKENS and key not in body and block not in outside:
            outside.append(block)
    return must, _spread(outside, SNIPPETS_PER_PAGE)


def snippet_counts(must: list[str], must_not: list[str], pred: str) -> tuple[int, int, int, int]:
    """(found must, missed must, found must-not, missed must-not)."""
    output = token_key(pred)
    found = sum(token_key(s) in output for s in must)
    leaked = sum(token_key(s) in output for s in must_not)
    return found, len(must) - found, leaked, len(must_not) - leaked


def snippet_scores(counts: list[tuple[int, int, int, int]]) -> tuple[float, float, float]:
    tp = sum(c[0] for c in counts)
    fn = sum(c[1] for c in counts)
    fp = sum(c[2] for c in counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- extractors ------------------------------------------------------------------------------


def trafilatura_default(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def trafilatura_tuned(html: str, url: str) -> str:
    """The precise trafilatura pass our pipeline starts from, without our text passes."""
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True, include_comments=False) or ""


def trafilatura_recall(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, favor_recall=True) or ""


_ARTICLES: dict[str, Any] = {}


def _article(html: str, url: str) -> Any:
    """storytrace's Article for a page (memoised: the removal scores reuse it), or None."""
    from storytrace.errors import InputError
    from storytrace.ingest import extract_html

    if url not in _ARTICLES:
        try:
            _ARTICLES[url] = extract_html(html, url, url=url)
        except InputError:
            _ARTICLES[url] = None
    return _ARTICLES[url]


def storytrace_pipeline(html: str, url: str) -> str:
    article = _article(html, url)
    return article.text if article is not None else ""


EXTRACTORS: dict[str, Extractor] = {
    "trafilatura (default)": trafilatura_default,
    "trafilatura (favor_precision, no comments)": trafilatura_tuned,
    "trafilatura (favor_recall)": trafilatura_recall,
    "storytrace extract_html": storytrace_pipeline,
}
STORYTRACE = "storytrace extract_html"


# --- running ---------------------------------------------------------------------------------

Page = tuple[str, str, str, str, list[str], list[str]]


def pages(folder: Path, limit: int | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(id, url, html, true body) for each page of the benchmark."""
    truth = json.loads(require(folder / "ground-truth.json", "Zyte ground truth").read_text())
    for number, key in enumerate(sorted(truth)):
        if limit is not None and number >= limit:
            return
        path = require(folder / "html" / f"{key}.html.gz", "Zyte HTML page")
        html = gzip.decompress(path.read_bytes()).decode("utf-8")
        yield key, truth[key]["url"], html, truth[key].get("articleBody", "")


def evaluate(extractor: Extractor, data: list[Page]) -> Scores:
    started = time.perf_counter()
    outputs = [extractor(html, url) for _, url, html, _, _, _ in data]
    seconds = time.perf_counter() - started
    counts = [page_counts(page[3], pred) for page, pred in zip(data, outputs, strict=True)]
    precision, recall, f1 = aggregate(counts)
    snips = snippet_scores(
        [snippet_counts(p[4], p[5], pred) for p, pred in zip(data, outputs, strict=True)]
    )
    return Scores(precision, recall, f1, len(counts), seconds, *snips)


def removals(data: list[Page]) -> Removals:
    """Removed blocks of storytrace's articles against the true bodies.

    A block of ``MIN_SNIPPET_TOKENS`` tokens or more is body text when it occurs in the true
    body; a shorter one ("Share", "Getty Images") only when it is a whole line of it, as one
    word found inside a sentence says nothing.
    """
    result = Removals()
    for _, url, html, true, _, _ in data:
        article = _article(html, url)
        if article is None:
            continue
        body = token_key(true)
        lines = {token_key(line) for line in true.split("\n") if line.strip()}
        for block in article.removed:
            reason = block.reason.value
            result.total[reason] += 1
            key = token_key(block.text)
            short = len(key.split()) < MIN_SNIPPET_TOKENS
            if key.strip() and (key in lines if short else key in body):
                result.in_body[reason] += 1
                result.examples.setdefault(reason, []).append(block.text[:120])
    return result


def markdown_table(results: dict[str, Scores]) -> str:
    lines = [
        "| extractor | precision | recall | F1 | snippet P | snippet R | snippet F1 | ms/page |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in results.items():
        ms = 1000 * s.seconds / max(s.pages, 1)
        lines.append(
            f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | "
            f"{s.snippet_precision:.3f} | {s.snippet_recall:.3f} | {s.snippet_f1:.3f} | {ms:.0f} |"
        )
    return "\n".join(lines)


def removal_table(result: Removals) -> str:
    lines = ["| removal reason | blocks | in true body | precision |", "|---|---:|---:|---:|"]
    for reason, total in sorted(result.total.items(), key=lambda kv: -kv[1]):
        wrong = result.in_body[reason]
        lines.append(f"| {reason} | {total} | {wrong} | {(total - wrong) / total:.3f} |")
    return "\n".join(lines)


def clutter_precision(result: Removals) -> float:
    """Removal precision over the reasons that claim clutter (not headings or bylines)."""
    from storytrace.models import RemovalReason

    judged = {RemovalReason.SUBHEADING.value, RemovalReason.HEADLINE.value}
    total = sum(n for r, n in result.total.items() if r not in judged)
    wrong = sum(n for r, n in result.in_body.items() if r not in judged)
    return (total - wrong) / total if total else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", help="evaluation data folder (holding extraction/zyte/)")
    parser.add_argument("--out", type=Path, help="write the scores as JSON here")
    parser.add_argument("--limit", type=int, help="only the first N pages (a quick check)")
    parser.add_argument("--only", action="append", help="run only extractors with this in the name")
    args = parser.parse_args(argv)
    folder = require(eval_dir(args.data) / "extraction" / "zyte", "Zyte extraction benchmark")
    warnings.filterwarnings("ignore")  # trafilatura warns about odd pages; scores say enough
    data: list[Page] = [
        (key, url, html, true, *snippets(html, true))
        for key, url, html, true in pages(folder, args.limit)
    ]
    chosen = {
        name: extractor
        for name, extractor in EXTRACTORS.items()
        if not args.only or any(part in name for part in args.only)
    }
    results = {name: evaluate(extractor, data) for name, extractor in chosen.items()}
    must = sum(len(p[4]) for p in data)
    must_not = sum(len(p[5]) for p in data)
    print(f"Zyte article-extraction benchmark, {len(data)} pages, 4-token shingles;")
    print(f"snippet proxy: {must} must-appear and {must_not} must-not-appear snippets\n")
    print(markdown_table(results))
    failures = []
    if STORYTRACE in results:
        removed = removals(data)
        clutter = clutter_precision(removed)
        print(f"\nRemoved blocks against the true body (clutter precision {clutter:.3f}):\n")
        print(removal_table(removed))
        if args.limit is None:
            if results[STORYTRACE].f1 < FLOOR_TOKEN_F1:
                failures.append(f"token F1 {results[STORYTRACE].f1:.3f} < {FLOOR_TOKEN_F1}")
            if clutter < FLOOR_REMOVAL_PRECISION:
                failures.append(
                    f"clutter removal precision {clutter:.3f} < {FLOOR_REMOVAL_PRECISION}"
                )
            ours = results[STORYTRACE]
            if ours.snippet_f1 < FLOOR_SNIPPET_F1:
                failures.append(f"snippet F1 {ours.snippet_f1:.3f} < {FLOOR_SNIPPET_F1}")
            plain = results.get("trafilatura (default)")
            if plain and (ours.f1 < plain.f1 or ours.snippet_f1 < plain.snippet_f1):
                failures.append("token or snippet F1 below plain trafilatura's")
    if args.out:
        args.out.write_text(json.dumps({k: asdict(v) for k, v in results.items()}, indent=2))
    for failure in failures:
        print(f"below floor: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
