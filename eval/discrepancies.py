"""Measure the discrepancy engine on planted cases (eval/planted.py) and print the example pair.

    python -m eval.discrepancies [--data DIR] [--pairs N] [--faithful N] [--seed S]
                                 [--key-alignments] [--cache DIR]

Every case is compared with the real aligner (``storytrace.api.compare_articles``) unless it is
not importable (or ``--key-alignments`` is given): then the generator's own alignment key is
used, and the output says so. A finding matches a plant when the types are equal and their
references overlap on either side (heading references must name the same block). Reported:
per-type precision and recall over the planted cases, and false positives per faithful pair.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from eval.common import REPO, eval_dir, load_example_pair, require
from eval.planted import HELD_OUT, PLANTABLE, Case, Plant, make_cases
from storytrace.facts import find_discrepancies
from storytrace.models import (
    Alignment,
    AlignmentKind,
    Article,
    Comparison,
    Discrepancy,
    DiscrepancyType,
    ReuseSummary,
    StoryMatch,
    StoryVerdict,
    TextRef,
)

RECALL_FLOOR = 0.9
FP_PER_FAITHFUL_CEILING = 1.0


def key_comparison(case: Case) -> Comparison:
    """A Comparison from the generator's own alignment key (fallback when no aligner)."""
    alignments = tuple(Alignment(a, b, AlignmentKind.PARAPHRASE, 0.9, 0.8) for a, b in case.aligned)
    reuse = ReuseSummary(1, 0, 0, 1, 0)
    return Comparison(
        case.a,
        case.b,
        StoryMatch(StoryVerdict.SAME_STORY, 0.9, 0.9, 0.9),
        alignments,
        tuple(case.unmatched_a),
        tuple(case.unmatched_b),
        reuse,
        reuse,
    )


def cached(
    compare: Callable[[Article, Article], Comparison], folder: Path | None
) -> Callable[[Article, Article], Comparison]:
    """Keep each pair's Comparison on disk (keyed by both texts) so a rerun skips the aligner."""
    if folder is None:
        return compare
    import hashlib

    from storytrace.serialize import from_json, to_json

    folder.mkdir(parents=True, exist_ok=True)

    def run(a: Article, b: Article) -> Comparison:
        digest = hashlib.sha256(to_json(a).encode() + to_json(b).encode()).hexdigest()[:20]
        path = folder / f"{digest}.json"
        if path.exists():
            return from_json(path.read_text("utf-8"), Comparison)
        comparison = compare(a, b)
        path.write_text(to_json(comparison, indent=None), "utf-8")
        return comparison

    return run


def aligner() -> Callable[[Article, Article], Comparison] | None:
    try:
        from storytrace.align.embedder import get_embedder
        from storytrace.api import compare_articles
        from storytrace.config import DEFAULT_SETTINGS

        embedder = get_embedder(DEFAULT_SETTINGS)
    except Exception as error:
        print(f"note: real aligner unavailable ({error}); using the generator's alignment key")
        return None
    return lambda a, b: compare_articles(a, b, DEFAULT_SETTINGS, embedder)


def _overlaps(ref: TextRef | None, span, block: int | None) -> bool:
    if ref is None or span is None:
        return False
    if (ref.block is not None or block is not None) and ref.block != block:
        return False
    return ref.span.start < span.end + 1 and span.start < ref.span.end + 1


# A plant may also cause findings of another, genuinely true type: a word inserted into a
# quote can negate it, a source swapped in "X said" is also a different person.
SECONDARY = {
    DiscrepancyType.QUOTATION: {
        DiscrepancyType.NEGATION,
        DiscrepancyType.MODALITY,
        DiscrepancyType.NUMBER,
        DiscrepancyType.DATE,
    },
    DiscrepancyType.ATTRIBUTION: {DiscrepancyType.PERSON, DiscrepancyType.GROUP},
    DiscrepancyType.PERSON: {DiscrepancyType.ATTRIBUTION},
    DiscrepancyType.GROUP: {DiscrepancyType.PERSON},
}


def matches(finding: Discrepancy, plant: Plant, secondary: bool = False) -> bool:
    """Same type (or, with ``secondary``, a type the plant also truly causes) and overlapping refs.

    Any change inside quotation marks also alters the quote, so QUOTATION is secondary to all.
    """
    also = SECONDARY.get(plant.type, set()) | {DiscrepancyType.QUOTATION}
    if finding.type != plant.type and not (secondary and finding.type in also):
        return False
    return _overlaps(finding.a, plant.a, plant.block_a) or _overlaps(
        finding.b, plant.b, plant.block_b
    )


def evaluate(cases: list[Case], compare: Callable[[Article, Article], Comparison] | None) -> dict:
    found_plants: Counter = Counter()
    total_plants: Counter = Counter()
    true_findings: Counter = Counter()
    all_findings: Counter = Counter()
    faithful_fp: list[int] = []
    faithful_by_type: Counter = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    false_pos: list[str] = []
    seconds = 0.0
    for case in cases:
        comparison = compare(case.a, case.b) if compare else key_comparison(case)
        started = time.perf_counter()
        findings = find_discrepancies(comparison)
        seconds += time.perf_counter() - started
        for plant in case.plants:
            total_plants[plant.type] += 1
            if any(matches(f, plant) for f in findings):
                found_plants[plant.type] += 1
            else:
                misses[plant.type.value].append(f"{case.id}: {plant.note}")
        for finding in findings:
            all_findings[finding.type] += 1
            if any(matches(finding, p, secondary=True) for p in case.plants):
                true_findings[finding.type] += 1
            elif len(false_pos) < 400:
                a = finding.a.resolve(comparison) if finding.a else ""
                b = finding.b.resolve(comparison) if finding.b else ""
                false_pos.append(f"{case.id} {finding.type.value}: {a[:60]!r} | {b[:60]!r}")
        if case.faithful:
            faithful_fp.append(len(findings))
            for finding in findings:
                faithful_by_type[finding.type] += 1
    return {
        "found": found_plants,
        "total": total_plants,
        "true": true_findings,
        "all": all_findings,
        "faithful_fp": faithful_fp,
        "faithful_by_type": faithful_by_type,
        "misses": misses,
        "false_pos": false_pos,
        "seconds": seconds,
    }


def table(result: dict, n_faithful: int) -> str:
    lines = [
        "| type | plants | recall | findings | precision | FP in faithful pairs |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in PLANTABLE:
        total, found = result["total"][kind], result["found"][kind]
        alls, true = result["all"][kind], result["true"][kind]
        recall = f"{found / total:.2f}" if total else "–"
        precision = f"{true / alls:.2f}" if alls else "–"
        lines.append(
            f"| {kind.value} | {total} | {recall} | {alls} | {precision} | "
            f"{result['faithful_by_type'][kind]} |"
        )
    total = sum(result["total"].values())
    found = sum(result["found"].values())
    alls = sum(result["all"].values())
    true = sum(result["true"].values())
    fp = sum(result["faithful_fp"])
    lines.append(
        f"| **all** | {total} | {found / max(total, 1):.2f} | {alls} | "
        f"{true / max(alls, 1):.2f} | {fp} |"
    )
    rate = fp / max(n_faithful, 1)
    lines.append("")
    lines.append(
        f"False positives per faithful-paraphrase pair: **{rate:.2f}** "
        f"({fp} findings over {n_faithful} pairs; ceiling {FP_PER_FAITHFUL_CEILING})."
    )
    return "\n".join(lines)


def held_out_report() -> str:
    """How many of the generator's own names the detector's tables do not know."""
    from storytrace.language import lexicon

    aliases, roles, groups = lexicon.aliases(), lexicon.roles(), lexicon.groups()
    unknown = {
        "aliases": [x for x in HELD_OUT["aliases"] if aliases.lookup(x) is None],
        "outlets": [x for x in HELD_OUT["outlets"] if aliases.lookup(x) is None],
        "titles": [
            x
            for x in HELD_OUT["titles"]
            if roles.canonical_title(x) not in roles.canonical.values()
        ],
        "groups": [x for x in HELD_OUT["groups"] if groups.term(x.split()[-1]) is None],
    }
    return "; ".join(
        f"{k}: {len(v)}/{len(HELD_OUT[k])} unknown to the detector" for k, v in unknown.items()
    )


def example_pair(compare: Callable[[Article, Article], Comparison] | None) -> None:
    print("\n## Example pair (examples/000 = A, examples/002 = B)\n")
    pair = load_example_pair()
    if pair is None:
        return
    a, b = pair
    if compare is None:
        print("(no aligner: skipped)")
        return
    comparison = compare(a, b)
    for d in find_discrepancies(comparison):
        ra = d.a.resolve(comparison) if d.a else ""
        rb = d.b.resolve(comparison) if d.b else ""
        print(
            f"- **{d.severity.value} {d.type.value}** ({d.confidence:.2f}) "
            f"A: “{ra[:70]}” B: “{rb[:70]}” — {d.explanation}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (holding extraction/)")
    parser.add_argument("--pairs", type=int, default=200, help="planted pairs (default 200)")
    parser.add_argument(
        "--faithful", type=int, default=None, help="faithful pairs (default pairs/2)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--key-alignments",
        action="store_true",
        help="use the generator's alignment key instead of the real aligner",
    )
    parser.add_argument("--show", type=int, default=15, help="misses and false positives to list")
    parser.add_argument("--cache", help="folder to keep aligned pairs in (reruns skip the aligner)")
    args = parser.parse_args(argv)
    data = eval_dir(args.data)
    require(data / "extraction" / "zyte" / "ground-truth.json", "the Zyte ground truth")
    n_faithful = args.pairs // 2 if args.faithful is None else args.faithful
    extra = _example_bodies()
    cases = make_cases(data, args.pairs, n_faithful, args.seed, extra)
    compare = None if args.key_alignments else aligner()
    if compare is not None and args.cache:
        compare = cached(compare, Path(args.cache))
    how = (
        "the real aligner (storytrace.api.compare_articles)"
        if compare
        else "the generator's alignment key"
    )
    print(
        f"# Discrepancy engine on planted cases\n\n{args.pairs} planted + {n_faithful} faithful "
        f"pairs, seed {args.seed}, alignments from {how}.\n"
        f"Held-out vocabulary: {held_out_report()}.\n"
    )
    started = time.perf_counter()
    result = evaluate(cases, compare)
    print(table(result, n_faithful))
    print(
        f"\n{time.perf_counter() - started:.0f} s in all, "
        f"{result['seconds']:.0f} s in find_discrepancies."
    )
    if args.show:
        print("\n### Missed plants (first few per type)\n")
        for kind, items in sorted(result["misses"].items()):
            for item in items[: max(1, args.show // 5)]:
                print(f"- {kind}: {item}")
        print("\n### False positives (first few)\n")
        for item in result["false_pos"][: args.show]:
            print(f"- {item}")
    example_pair(compare)
    floors_ok = (
        all(
            result["found"][k] / result["total"][k] >= RECALL_FLOOR
            for k in PLANTABLE
            if result["total"][k]
        )
        and sum(result["faithful_fp"]) / max(n_faithful, 1) <= FP_PER_FAITHFUL_CEILING
    )
    print(
        f"\nTargets (recall >= {RECALL_FLOOR} per type, "
        f"<= {FP_PER_FAITHFUL_CEILING} FP per faithful "
        f"pair): {'met' if floors_ok else 'NOT met'}."
    )
    return 0


def _example_bodies() -> list[tuple[str, str]]:
    """The example pair's bodies as two more source articles (through extraction when it works)."""
    bodies = []
    try:
        from storytrace.ingest import load_article

        for name in ("000_01ce3e3c67791a35.txt", "002_42821f2fae6c857c.txt"):
            bodies.append((name[:3], load_article(str(REPO / "examples" / name)).text))
    except Exception:
        return []
    return bodies


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["evaluate", "key_comparison", "main", "matches"]
