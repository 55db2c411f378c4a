"""Article-body extraction on the Zyte benchmark: plain trafilatura against our pipeline.

    .venv/bin/python -m eval.extraction [--data DIR] [--out results.json] [--limit N]

The metric follows the benchmark's own evaluate.py (scrapinghub/article-extraction-benchmark):
texts are tokenised as runs of word characters (``\\w+``), each text becomes a multiset of
4-token shingles, and per page TP/FP/FN are counted over shingle multiplicities and scaled to
sum to 1 so long articles weigh no more than short ones. Precision is averaged over pages
with any predicted shingle, recall over pages with any true shingle, and F1 is the harmonic
mean of the two averages (not the mean of per-page F1s).
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
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.common import eval_dir, require

SHINGLE_TOKENS = 4
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str, str], str]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int
    seconds: float


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


# --- extractors ------------------------------------------------------------------------------


def trafilatura_default(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def trafilatura_tuned(html: str, url: str) -> str:
    """The trafilatura settings our pipeline starts from, without our text passes."""
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True, include_comments=False) or ""


def storytrace_pipeline(html: str, url: str) -> str:
    from storytrace.errors import InputError
    from storytrace.ingest import extract_html

    try:
        return extract_html(html, url, url=url).text
    except InputError:
        return ""


def storytrace_with_subheadings(html: str, url: str) -> str:
    """Our body with the removed subheadings put back at their offsets.

    Zyte's ground truth counts subheadings as article body; storytrace removes them (they are
    not sentences of the story). Putting them back where ``RemovedBlock.at`` says scores the
    extraction itself on the benchmark's definition, and checks those offsets on the way.
    """
    from storytrace.errors import InputError
    from storytrace.ingest import extract_html
    from storytrace.models import RemovalReason

    try:
        article = extract_html(html, url, url=url)
    except InputError:
        return ""
    text = article.text
    subheadings = [b for b in article.removed if b.reason is RemovalReason.SUBHEADING]
    for block in reversed(subheadings):  # from the end, so earlier offsets stay valid
        text = f"{text[: block.at]}{block.text}\n\n{text[block.at :]}"
    return text


EXTRACTORS: dict[str, Extractor] = {
    "trafilatura (default)": trafilatura_default,
    "trafilatura (favor_precision, no comments)": trafilatura_tuned,
    "storytrace extract_html": storytrace_pipeline,
    "storytrace extract_html, subheadings put back": storytrace_with_subheadings,
}


# --- running ---------------------------------------------------------------------------------


def pages(folder: Path, limit: int | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(id, url, html, true body) for each page of the benchmark."""
    truth = json.loads(require(folder / "ground-truth.json", "Zyte ground truth").read_text())
    for number, key in enumerate(sorted(truth)):
        if limit is not None and number >= limit:
            return
        path = require(folder / "html" / f"{key}.html.gz", "Zyte HTML page")
        html = gzip.decompress(path.read_bytes()).decode("utf-8")
        yield key, truth[key]["url"], html, truth[key].get("articleBody", "")


def evaluate(extractor: Extractor, data: list[tuple[str, str, str, str]]) -> Scores:
    started = time.perf_counter()
    counts = [page_counts(true, extractor(html, url)) for _, url, html, true in data]
    seconds = time.perf_counter() - started
    precision, recall, f1 = aggregate(counts)
    return Scores(precision, recall, f1, len(counts), seconds)


def markdown_table(results: dict[str, Scores]) -> str:
    lines = [
        "| extractor | precision | recall | F1 | ms/page |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in results.items():
        ms = 1000 * s.seconds / max(s.pages, 1)
        lines.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {ms:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", help="evaluation data folder (holding extraction/zyte/)")
    parser.add_argument("--out", type=Path, help="write the scores as JSON here")
    parser.add_argument("--limit", type=int, help="only the first N pages (a quick check)")
    args = parser.parse_args(argv)
    folder = require(eval_dir(args.data) / "extraction" / "zyte", "Zyte extraction benchmark")
    data = list(pages(folder, args.limit))
    warnings.filterwarnings("ignore")  # trafilatura warns about odd pages; scores say enough
    results = {name: evaluate(extractor, data) for name, extractor in EXTRACTORS.items()}
    print(f"Zyte article-extraction benchmark, {len(data)} pages, 4-token shingles\n")
    print(markdown_table(results))
    if args.out:
        args.out.write_text(json.dumps({k: asdict(v) for k, v in results.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
