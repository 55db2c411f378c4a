"""Measure the discrepancy engine on real same-event pairs labelled by hand (ECB+).

    python -m eval.real_discrepancies [--data DIR] [--cache DIR] [--labels FILE]
                                      [--topics FIRST-LAST | --split NAME] [--show N]
    python -m eval.real_discrepancies --check [--labels FILE]   # quotes found; counts per split

The labels (eval/labels/ecbplus_differences.json, or --labels FILE) name, for each pair of ECB+
articles by different outlets, the facts that differ and the facts that look different but agree,
each as the exact words on both sides. Every pair is compared with
``storytrace.api.compare_articles`` on Articles built from the ECB+ text. A typed finding matches a
labelled difference when its type fits the label's and its references overlap the quoted words on
both sides (one side for a one-sided reference). Reported per split (fit topics 1-12, held-out
topics 13-24, second held-out set topics 25-35; the labels file names them) and for all the pairs
read: per-type precision (typed findings that match a labelled difference) and recall, findings
outside the key, findings on labelled agreements, and one-sided findings. --topics (e.g. 25-35)
or --split reads only the pairs of those topics. Exits non-zero below the floors on the held-out
split (topics 13-24), when it is read."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from eval.common import REPO, eval_dir
from eval.ecbplus import (
    annotated,
    article,
    event_gold,
    read_docs,
    read_pairs,
    repair,
    scored_pairs,
    topic_range,
)
from storytrace.models import Article, Comparison, Discrepancy, DiscrepancyType, Span, TextRef

LABELS = REPO / "eval" / "labels" / "ecbplus_differences.json"

# The splits by topic, as the labels file names them (these when it names none). The floors below
# are checked on "held-out"; "held-out-2" (topics 25-35) was labelled after the engine was built.
SPLITS: dict[str, str] = {
    "fit": "fit_topics",
    "held-out": "held_out_topics",
    "held-out-2": "held_out_2_topics",
}
SPLITS_DEFAULT: dict[str, tuple[int, ...]] = {
    "fit": tuple(range(1, 13)),
    "held-out": tuple(range(13, 25)),
    "held-out-2": tuple(range(25, 36)),
}

# Which finding types satisfy each label type.
FITS: dict[str, frozenset[DiscrepancyType]] = {
    "number": frozenset({DiscrepancyType.NUMBER}),
    "date": frozenset({DiscrepancyType.DATE}),
    "place": frozenset({DiscrepancyType.PLACE}),
    "person": frozenset({DiscrepancyType.PERSON}),
    "group": frozenset({DiscrepancyType.GROUP}),
    "modality": frozenset({DiscrepancyType.MODALITY}),
    "conflict": frozenset({DiscrepancyType.CONFLICT, DiscrepancyType.NEGATION}),
    "attribution": frozenset({DiscrepancyType.ATTRIBUTION}),
    "quotation": frozenset({DiscrepancyType.QUOTATION}),
}
LABEL_OF: dict[DiscrepancyType, str] = {t: k for k, ts in FITS.items() for t in ts}

# Floors on the held-out split, set just under what this code reaches there (README,
# Discrepancies): 7 of 24 differences found, 7 of 10 typed findings right, number 5 of 6, 0.16
# typed findings outside the key per pair. The targets (per-type precision >= 0.8,
# recall >= 0.7) are not met; these floors catch regressions. The slot comparisons on linked
# statements (facts/slots.py tables: counted nouns, event words, opposite states; places, days,
# titles) find nothing more on the held-out topics; they keep the typed findings outside the
# key on the held-out-2 topics 25-35 at 59 over 107 pairs (64 before).
PRECISION_FLOOR = 0.65  # all typed findings
TYPE_PRECISION_FLOORS = {"number": 0.8}
RECALL_FLOOR = 0.28
OUTSIDE_KEY_CEILING = 0.2  # typed findings outside the key per pair


@dataclass(frozen=True)
class Labelled:
    """One labelled fact: its type and every span of its quoted words on each side."""

    kind: str
    spans_a: tuple[Span, ...]
    spans_b: tuple[Span, ...]
    text_a: str
    text_b: str
    note: str


@dataclass(frozen=True)
class LabelledPair:
    doc_a: str
    doc_b: str
    topic: int
    differences: tuple[Labelled, ...]
    agreements: tuple[Labelled, ...]


def _spans(text: str, words: str) -> tuple[Span, ...]:
    found, start = [], text.find(words)
    while start >= 0:
        found.append(Span(start, start + len(words)))
        start = text.find(words, start + 1)
    return tuple(found)


def load_labels(docs: dict[str, dict], path: Path = LABELS) -> tuple[list[LabelledPair], dict]:
    """The labelled pairs, with every quoted substring checked against the ECB+ text."""
    raw = json.loads(path.read_text("utf-8"))
    pairs = []
    for p in raw["pairs"]:
        ta, tb = article(docs[p["doc_a"]]).text, article(docs[p["doc_b"]]).text

        def read(
            items: Iterable[dict], ta: str = ta, tb: str = tb, p: dict = p
        ) -> tuple[Labelled, ...]:
            out = []
            for x in items:
                sa, sb = _spans(ta, repair(x["a"])), _spans(tb, repair(x["b"]))
                if not sa or not sb:
                    raise SystemExit(
                        f"error: {path.name}: {p['doc_a']}|{p['doc_b']}: quoted words not found "
                        f"({x['a']!r} / {x['b']!r})"
                    )
                out.append(Labelled(x["type"], sa, sb, x["a"], x["b"], x.get("note", "")))
            return tuple(out)

        pairs.append(
            LabelledPair(
                p["doc_a"], p["doc_b"], p["topic"], read(p["differences"]), read(p["agreements"])
            )
        )
    return pairs, raw


def _touches(ref: TextRef | None, spans: tuple[Span, ...]) -> bool:
    if ref is None or ref.block is not None:
        return False
    return any(ref.span.start < s.end and s.start < ref.span.end for s in spans)


def hits(finding: Discrepancy, label: Labelled, *, typed: bool = True) -> bool:
    """The finding points at the labelled words (on both sides when it has both)."""
    if typed and finding.type not in FITS[label.kind]:
        return False
    refs = [(finding.a, label.spans_a), (finding.b, label.spans_b)]
    present = [(ref, spans) for ref, spans in refs if ref is not None]
    if finding.a is not None and finding.b is not None and finding.a.article == finding.b.article:
        return False  # an internal contradiction is not a difference between the two articles
    return bool(present) and all(_touches(ref, spans) for ref, spans in present)


def score(pairs: list[LabelledPair], comparisons: list[Comparison]) -> dict:
    """Per-type counts for one split."""
    tp: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    on_agreement = 0
    one_sided = 0
    outside: list[str] = []
    missed: list[str] = []
    for pair, comparison in zip(pairs, comparisons, strict=True):
        for label in pair.differences:
            total[label.kind] += 1
            if any(hits(d, label) for d in comparison.discrepancies):
                found[label.kind] += 1
            else:
                missed.append(
                    f"{pair.doc_a}|{pair.doc_b} {label.kind}: “{label.text_a}” / “{label.text_b}”"
                )
        for d in comparison.discrepancies:
            if not d.is_changed_fact:
                one_sided += 1
                continue
            kind = LABEL_OF.get(d.type, d.type.value)
            typed[kind] += 1
            if any(hits(d, label) for label in pair.differences):
                tp[kind] += 1
                continue
            if any(hits(d, label, typed=False) for label in pair.agreements):
                on_agreement += 1
            ra = d.a.resolve(comparison)[:60] if d.a else ""
            rb = d.b.resolve(comparison)[:60] if d.b else ""
            outside.append(f"{pair.doc_a}|{pair.doc_b} {d.type.value}: “{ra}” / “{rb}”")
    return {
        "pairs": len(pairs),
        "tp": tp,
        "typed": typed,
        "total": total,
        "found": found,
        "on_agreement": on_agreement,
        "one_sided": one_sided,
        "outside": outside,
        "missed": missed,
    }


def table(result: dict, title: str) -> str:
    kinds = sorted(set(result["total"]) | set(result["typed"]))
    lines = [
        f"### {title}: {result['pairs']} pairs, "
        f"{sum(result['total'].values())} labelled differences",
        "",
        "| type | labelled | found | recall | typed findings | right | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for k in kinds:
        n, f, t, r = result["total"][k], result["found"][k], result["typed"][k], result["tp"][k]
        rec = f"{f / n:.2f}" if n else "–"
        prec = f"{r / t:.2f}" if t else "–"
        lines.append(f"| {k} | {n} | {f} | {rec} | {t} | {r} | {prec} |")
    n, f = sum(result["total"].values()), sum(result["found"].values())
    t, r = sum(result["typed"].values()), sum(result["tp"].values())
    lines.append(
        f"| **all** | {n} | {f} | {f / n if n else 0:.2f} | {t} | {r} | {r / t if t else 1:.2f} |"
    )
    lines.append(
        f"\nTyped findings outside the key: {len(result['outside'])} "
        f"({len(result['outside']) / max(result['pairs'], 1):.2f} per pair; "
        f"{result['on_agreement']} on a labelled agreement). One-sided findings (additions, "
        f"omissions): {result['one_sided']} "
        f"({result['one_sided'] / max(result['pairs'], 1):.1f} per pair)."
    )
    return "\n".join(lines)


def comparer(cache: str | None) -> Callable[[Article, Article], Comparison]:
    from eval.discrepancies import cached
    from storytrace.align.embedder import get_embedder
    from storytrace.api import compare_articles
    from storytrace.config import DEFAULT_SETTINGS

    embedder = get_embedder(DEFAULT_SETTINGS)
    run = cached(
        lambda a, b: compare_articles(a, b, DEFAULT_SETTINGS, embedder, discrepancies=False),
        Path(cache) if cache else None,
    )

    def aligned(a: Article, b: Article) -> Comparison:
        # The alignment does not read the publication date: keep it out of the cache key.
        found = run(replace(a, published=None), replace(b, published=None))
        return replace(found, a=a, b=b)

    return aligned


def split_topics(raw: dict) -> dict[str, tuple[int, ...]]:
    """Each split's topics, from the labels file (the defaults where it names none)."""
    return {name: tuple(raw.get(key, SPLITS_DEFAULT[name])) for name, key in SPLITS.items()}


def check(docs: dict[str, dict], labels: Path) -> str:
    """Every quoted substring found (``load_labels`` stops at the first one that is not), each
    pair once and within its topic; the counts per split and type."""
    pairs, raw = load_labels(docs, labels)
    seen: set[frozenset[str]] = set()
    for pair in pairs:
        key = frozenset((pair.doc_a, pair.doc_b))
        topics = {docs[pair.doc_a]["topic"], docs[pair.doc_b]["topic"]}
        if len(key) != 2 or key in seen or topics != {pair.topic}:
            raise SystemExit(f"error: {labels.name}: {pair.doc_a}|{pair.doc_b}: repeated or mixed")
        seen.add(key)
    lines = []
    for name, topics in (*split_topics(raw).items(), ("all", None)):
        chosen = [p for p in pairs if topics is None or p.topic in topics]
        diff = Counter(x.kind for p in chosen for x in p.differences)
        agree = Counter(x.kind for p in chosen for x in p.agreements)
        kinds = [", ".join(f"{k} {n}" for k, n in c.most_common()) for c in (diff, agree)]
        lines.append(
            f"{name}: {len(chosen)} pairs, {sum(diff.values())} differences ({kinds[0]}), "
            f"{sum(agree.values())} agreements ({kinds[1]})"
        )
    return "\n".join(lines)


def evaluate(
    data: Path, cache: str | None, labels: Path = LABELS, topics: Iterable[int] | None = None
) -> tuple[dict[str, dict], float]:
    from storytrace.facts import find_discrepancies

    docs = read_docs(data)
    pairs, raw = load_labels(docs, labels)
    if topics is not None:
        chosen = set(topics)
        pairs = [pair for pair in pairs if pair.topic in chosen]
        if not pairs:
            raise SystemExit(f"error: no labelled pairs in topics {min(chosen)}-{max(chosen)}")
    align = comparer(cache)
    comparisons = []
    seconds = 0.0
    for pair in pairs:
        aligned = align(article(docs[pair.doc_a]), article(docs[pair.doc_b]))
        started = time.perf_counter()
        found = find_discrepancies(aligned)
        seconds += time.perf_counter() - started
        comparisons.append(replace(aligned, discrepancies=found))
    split: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for pair, comparison in zip(pairs, comparisons, strict=True):
        for name, names in split_topics(raw).items():
            if pair.topic in names:
                split[name][0].append(pair)
                split[name][1].append(comparison)
    results = {name: score(ps, cs) for name, (ps, cs) in split.items()}
    results["all"] = score(pairs, comparisons)
    results["event links"] = event_links(docs, pairs, comparisons, data)
    return results, seconds


def event_links(
    docs: dict[str, dict], pairs: list[LabelledPair], comparisons: list, data: Path | None = None
) -> dict:
    """Sentence pairs linked (aligner + anchor links) against ECB+ gold pairs sharing an event.

    Scored on sentences annotated on both sides (``coref_annotated``), as the data set asks: a
    predicted pair is right when the gold lists it with an event instance. "links" are the
    links the detectors compare slots on; ``python -m eval.event_links`` scores the links that
    ``Comparison.links`` reports, on every same-event pair.
    """
    from storytrace.facts.engine import statement_links

    gold_pairs = {
        (row["doc_a"], row["doc_b"]): event_gold(row) for row in read_pairs(data or eval_dir(None))
    }
    counts: Counter[str] = Counter()
    for pair, comparison in zip(pairs, comparisons, strict=True):
        doc_a, doc_b = docs[pair.doc_a], docs[pair.doc_b]
        gold = gold_pairs.get((pair.doc_a, pair.doc_b))
        if gold is None:  # the labels name some pairs the other way round from doc_pairs.jsonl
            gold = {(j, i) for i, j in gold_pairs.get((pair.doc_b, pair.doc_a), set())}
        aligned = [(al.a, al.b) for al in comparison.alignments]
        linked = statement_links(comparison)
        for name, spans in (("aligner", aligned), ("links", linked), ("both", aligned + linked)):
            predicted = scored_pairs(doc_a, doc_b, spans)
            counts[f"{name}:predicted"] += len(predicted)
            counts[f"{name}:right"] += len(predicted & gold)
        keep_a, keep_b = annotated(doc_a), annotated(doc_b)
        counts["gold"] += len({(i, j) for i, j in gold if i in keep_a and j in keep_b})
    return dict(counts)


def floors_met(result: dict) -> bool:
    """Overall and per-type precision, recall and findings outside the key within the floors."""
    typed, right = sum(result["typed"].values()), sum(result["tp"].values())
    precision = right / typed if typed else 1.0
    types_ok = all(
        result["typed"][k] == 0 or result["tp"][k] / result["typed"][k] >= floor
        for k, floor in TYPE_PRECISION_FLOORS.items()
    )
    recall = sum(result["found"].values()) / max(sum(result["total"].values()), 1)
    outside = len(result["outside"]) / max(result["pairs"], 1)
    return (
        precision >= PRECISION_FLOOR
        and types_ok
        and recall >= RECALL_FLOOR
        and outside <= OUTSIDE_KEY_CEILING
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (holding ecbplus/)")
    parser.add_argument("--cache", help="folder to keep aligned pairs in (reruns skip the aligner)")
    parser.add_argument("--show", type=int, default=0, help="misses and extra findings to list")
    parser.add_argument("--labels", type=Path, default=LABELS, help="labels file (JSON)")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument(
        "--topics", type=topic_range, help="read only the pairs of these topics (FIRST-LAST)"
    )
    chosen.add_argument("--split", choices=sorted(SPLITS), help="read only this split's pairs")
    parser.add_argument(
        "--check", action="store_true", help="only check the labels' quotes and count them"
    )
    args = parser.parse_args(argv)
    if args.check:
        print(check(read_docs(eval_dir(args.data)), args.labels))
        return 0
    topics = args.topics
    if args.split:
        topics = split_topics(json.loads(args.labels.read_text("utf-8")))[args.split]
    results, seconds = evaluate(eval_dir(args.data), args.cache, args.labels, topics)
    print("# Discrepancy engine on real ECB+ pairs (hand labels)\n")
    for name in (*SPLITS, "all"):
        if name not in results:
            continue
        print(table(results[name], name) + "\n")
        if args.show:
            for line in results[name]["missed"][: args.show]:
                print(f"- missed {line}")
            for line in results[name]["outside"][: args.show]:
                print(f"- outside {line}")
            print()
    links = results["event links"]
    print(
        "### ECB+ event links on the labelled pairs (sentence pairs sharing an annotated event)\n"
    )
    print("| linked by | pairs | right | precision | recall |\n|---|---:|---:|---:|---:|")
    for name in ("aligner", "links", "both"):
        n, r = links[f"{name}:predicted"], links[f"{name}:right"]
        print(
            f"| {name} | {n} | {r} | {r / n if n else 0:.2f} | "
            f"{r / links['gold'] if links['gold'] else 0:.2f} |"
        )
    print(f"\n{links['gold']} gold pairs.\n")
    print(f"{seconds:.1f} s in find_discrepancies.")
    if "held-out" not in results:
        print("No held-out pairs (topics 13-24) read: floors not checked.")
        return 0
    ok = floors_met(results["held-out"])
    print(
        f"Held-out floors (precision >= {PRECISION_FLOOR}, {TYPE_PRECISION_FLOORS}, recall >= "
        f"{RECALL_FLOOR}, <= {OUTSIDE_KEY_CEILING} typed findings outside the key per pair): "
        f"{'met' if ok else 'NOT met'}."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
