"""Measure the "little to compare" signals (``storytrace.facts.comparability``) on real articles.

    python -m eval.comparability [--data DIR] [--cache DIR] [--pairs N]

1. The stance score of news reports (the ECB+ documents; the English news pages of the Zyte
   extraction benchmark) against the English opinion columns and reviews of that benchmark
   (chosen by hand from their URLs, listed in ``OPINION``): how many of each read as opinion.
2. With ``--pairs N``: the share of sentences with a counterpart (the larger side's) on the
   first N labelled ECB+ same-event pairs, in an alignment (the default embedder) and in an
   alignment or a statement link, and how many pairs would get the warning.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from eval.common import eval_dir, require
from storytrace.facts import comparability
from storytrace.language.wordlists import words
from storytrace.models import Article
from storytrace.text.segment import paragraphs, sentences

# The Zyte benchmark's English opinion columns and reviews, by id prefix (sha256 of the URL).
OPINION = {
    "04a6711caa": "nytimes.com/opinion",
    "1f765c4878": "sputniknews.com/columnists",
    "5fa3154ec0": "theguardian.com/commentisfree (The Guardian view)",
    "87bf60570e": "washingtonexaminer.com/opinion",
    "e4c6a3b482": "washingtonexaminer.com/opinion",
    "f5c90a6d52": "nationalreview.com column",
    "30b771a40a": "morebikes.co.uk book review",
    "612cd29826": "morebikes.co.uk manual review",
    "63db31a161": "vg247.com game review",
    "65bf3048b5": "appleinsider.com laptop review",
    "680c2848e9": "digg.com review round-up",
}
# Pages left out of the news side: blogs, essays and non-news pages whose kind is unclear.
_UNCLEAR = ("blog", "review", "opinion", "column", "commentisfree")
_ENGLISH = frozenset(words("the of and to in is that for on was with he it as said by at"))


def _article(doc_id: str, text: str) -> Article:
    return Article(
        id=doc_id,
        source=doc_id,
        text=text,
        language="en",
        paragraphs=paragraphs(text),
        sentences=sentences(text, "en"),
    )


def _english(text: str) -> bool:
    tokens = text.lower().split()
    return bool(tokens) and sum(t in _ENGLISH for t in tokens) / len(tokens) > 0.15


def zyte(data: Path) -> tuple[list[Article], list[Article]]:
    truth = json.loads(
        require(data / "extraction" / "zyte" / "ground-truth.json", "Zyte").read_text("utf-8")
    )
    news, opinion = [], []
    for key, item in truth.items():
        body = item["articleBody"]
        if key[:10] in OPINION:
            opinion.append(_article(key[:10], body))
        elif _english(body) and not any(w in item["url"].lower() for w in _UNCLEAR):
            news.append(_article(key[:10], body))
    return news, opinion


def ecb(data: Path) -> list[Article]:
    from eval.ecbplus import article, read_docs

    return [article(doc) for doc in read_docs(data).values()]


def _summary(name: str, articles: list[Article]) -> str:
    stances = [comparability.stance(a) for a in articles]
    scores = sorted(s.score for s in stances)
    flagged = sum(s.opinion for s in stances)
    q = statistics.quantiles(scores, n=10) if len(scores) > 2 else scores
    share = flagged / len(articles)
    return (
        f"{name:28} n={len(articles):4}  read as opinion {flagged:3} ({share:.0%})"
        f"  score median {statistics.median(scores):+.2f}  p10 {q[0]:+.2f}  p90 {q[-1]:+.2f}"
    )


def pairs(data: Path, cache: str | None, count: int) -> str:
    from eval.ecbplus import article, read_docs
    from eval.real_discrepancies import comparer, load_labels

    docs = read_docs(data)
    labelled, _ = load_labels(docs)
    align = comparer(cache)
    from storytrace.facts.engine import statement_links

    shares, linked_shares, warned = [], [], 0
    for pair in labelled[:count]:
        comparison = align(article(docs[pair.doc_a]), article(docs[pair.doc_b]))
        shares.append(comparability._share(comparability._counts(comparison, ())))
        links = statement_links(comparison)
        linked_shares.append(comparability._share(comparability._counts(comparison, links)))
        warned += bool(comparability.warnings(comparison))
    few = sum(s <= comparability.FEW_COUNTERPARTS for s in shares)
    few_opinion = sum(s <= comparability.FEW_COUNTERPARTS_OPINION for s in shares)
    return (
        f"ECB+ same-event pairs n={len(shares)}: aligned share (larger side) median "
        f"{statistics.median(shares):.2f}, min {min(shares):.2f}; "
        f"<= {comparability.FEW_COUNTERPARTS}: {few}, "
        f"<= {comparability.FEW_COUNTERPARTS_OPINION}: {few_opinion}; with links median "
        f"{statistics.median(linked_shares):.2f}, min {min(linked_shares):.2f}, "
        f"<= {comparability.FEW_COUNTERPARTS}: "
        f"{sum(s <= comparability.FEW_COUNTERPARTS for s in linked_shares)}; warned {warned}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--cache")
    parser.add_argument("--pairs", type=int, default=0)
    parser.add_argument("--show", action="store_true", help="print each opinion page's figures")
    args = parser.parse_args(argv)
    data = eval_dir(args.data)
    news, opinion = zyte(data)
    print(_summary("ECB+ news documents", ecb(data)))
    print(_summary("Zyte English news pages", news))
    print(_summary("Zyte opinion and reviews", opinion))
    if args.show:
        for item in opinion + news:
            s = comparability.stance(item)
            print(f"  {item.id} {OPINION.get(item.id, 'news'):45} {s.score:+.2f} {s.describe()}")
    if args.pairs:
        print(pairs(data, args.cache, args.pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
