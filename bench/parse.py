"""How long the language layer takes to parse a 1,000-word article.

    python -m bench.parse [--data DIR] [--words N] [--runs R]

The article is real news prose (the first Zyte ground-truth bodies, paragraphs appended until
``--words`` words; the example pair's text when Zyte is absent). Measured, in this process:

* loading the spaCy pipeline (the first ``load_nlp`` call);
* parsing every sentence of the article through the parse cache (``ArticleParses.prefetch``,
  one batch), **cold** (cache cleared before each run) and **warm** (the same article again:
  every sentence a cache hit), median of ``--runs``;
* reading the mentions of the parsed sentences (``mentions.extract``), the next step the engine
  takes on every sentence;
* the same cold parse with ``FakeParser`` (the unit tests' parser): the floor set by the cache
  and the ``Sent`` bookkeeping.

Prints a markdown table and the machine's load average; asserts nothing (timings depend on the
machine and its load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from bench.speed import make_article, news_bodies
from storytrace.language import parser as parsers
from storytrace.language.fake import FakeParser
from storytrace.language.mentions import NameRegistry, extract
from storytrace.language.nlp import ArticleParses, clear_parse_cache
from storytrace.language.spacy_parser import load_nlp
from storytrace.models import Article
from storytrace.text.normalize import words


def article_of(data: str | None, target_words: int) -> Article:
    """Paragraphs of real news appended, in order, until the text has ``target_words`` words."""
    chosen: list[str] = []
    count = 0
    for body in news_bodies(data):
        for paragraph in body:
            if count >= target_words:
                break
            chosen.append(paragraph)
            count += len(words(paragraph))
    return make_article("\n\n".join(chosen), "bench-parse.txt")


def parse(article: Article) -> ArticleParses:
    parses = ArticleParses(article, "a")
    parses.prefetch(parses.sentence_spans)
    return parses


def median(call: Callable[[], object], runs: int, before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--data", help="evaluation data folder (holding extraction/)")
    options.add_argument("--words", type=int, default=1000, help="article length (default 1000)")
    options.add_argument("--runs", type=int, default=5, help="timed runs per figure (median)")
    args = options.parse_args(argv)

    article = article_of(args.data, args.words)
    n_words, n_sents = len(words(article.text)), len(article.sentences)
    started = time.perf_counter()
    load_nlp()
    load_s = time.perf_counter() - started

    cold = median(lambda: parse(article), args.runs, clear_parse_cache)
    warm = median(lambda: parse(article), args.runs, lambda: None)
    parsed = parse(article).parsed()
    registry = NameRegistry()
    registry.add_from(parsed)
    mentions = median(lambda: [extract(s, registry) for s in parsed], args.runs, lambda: None)
    with parsers.using(FakeParser()):
        fake = median(lambda: parse(article), args.runs, clear_parse_cache)
    clear_parse_cache()

    rows = [
        ("article", f"{n_words} words, {n_sents} sentences", "real news prose (Zyte bodies)"),
        ("spaCy pipeline load", f"{load_s:.2f} s", "once per process"),
        ("parse, cold", f"{cold:.2f} s", f"{n_words / cold:,.0f} words/s; median of {args.runs}"),
        ("parse, warm (cached)", f"{warm * 1000:.1f} ms", "the same sentences again"),
        ("mentions of the parsed sentences", f"{mentions:.2f} s", "mentions.extract"),
        ("parse with FakeParser, cold", f"{fake * 1000:.1f} ms", "rules, no model"),
    ]
    print("| measure | value | note |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nload average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
