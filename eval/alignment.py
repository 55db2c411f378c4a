"""Passage alignment on PAN text alignment (02-no-obfuscation): plagdet, precision, recall.

Data: ``alignment/panpc`` under the evaluation folder (see its README). For each of the 500
pairs the suspicious document is article A and the source document is article B; the real
pipeline embeds and aligns them, and alignments that are consecutive on both sides (adjacent
sentence indices in A and in B) are merged into one detection, as a plagiarism detector would
report a copied passage.

Truth: the XML offsets refer to the PAN originals, not to the OCR'd ``.txt`` files here, so the
re-anchored spans of ``02-no-obfuscation.realigned.tsv`` are used (612 of 624 cases). The 12
cases the re-anchoring could not resolve are **excluded**; detections that overlap such a
case's raw XML span (on both sides, PAN's overlap test) are left out of precision too, so a
correct detection of an excluded case is not counted as a false positive.

Measures (Potthast et al., COLING 2010, "An Evaluation Framework for Plagiarism Detection"),
reimplemented from the definitions, over all cases and detections of the corpus:

* a detection r *detects* a case s when they overlap in the suspicious and in the source
  document; ``s ⊓ r`` is then their character intersection (both documents), else empty;
* recall = mean over cases s of |⋃_r (s ⊓ r)| / |s|;
* precision = mean over detections r of |⋃_s (s ⊓ r)| / |r|;
* granularity = mean, over cases detected at least once, of the number of detections of it;
* plagdet = F1(precision, recall) / log2(1 + granularity).

Texts are built directly into Articles (the file text untouched, segmented like
``tests/conftest.make_article``) rather than through ``storytrace.ingest``: PAN documents are
not news pages, and the truth offsets are into the raw files, which whitespace collapsing and
boilerplate removal would both break.

    python -m eval.alignment [--data DIR] [--limit N] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.common import eval_dir, require
from storytrace.align.aligner import SentenceVectors, align, embed_sentences
from storytrace.align.embedder import Embedder, get_embedder
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.models import Alignment, AlignmentKind, Article, Span
from storytrace.text.segment import paragraphs, sentences

log = logging.getLogger(__name__)

SUBSET = "02-no-obfuscation"
# Variants reported: every alignment, and only those the aligner calls (near-)verbatim, which is
# what PAN's "none" obfuscation is (an unedited copy, with OCR noise between the two files).
VARIANTS: dict[str, frozenset[AlignmentKind]] = {
    "all alignments": frozenset(AlignmentKind),
    "verbatim + near-verbatim": frozenset({AlignmentKind.VERBATIM, AlignmentKind.NEAR_VERBATIM}),
}


# --- annotations and measures -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Annotation:
    """A passage of a suspicious document and its counterpart in a source document.

    Used for truth cases and for detections alike, as in PAN; spans are half-open character
    ranges into the files as they are on disk.
    """

    susp: str
    src: str
    susp_span: Span
    src_span: Span
    obfuscation: str = "none"

    def __len__(self) -> int:
        return len(self.susp_span) + len(self.src_span)


def detects(case: Annotation, detection: Annotation) -> bool:
    """PAN's overlap test: same document pair, overlapping in both documents."""
    return (
        case.susp == detection.susp
        and case.src == detection.src
        and case.susp_span.overlaps(detection.susp_span)
        and case.src_span.overlaps(detection.src_span)
    )


def _covered(span: Span, others: Iterable[Span]) -> int:
    """Characters of ``span`` inside the union of ``others`` (overlaps counted once)."""
    pieces = sorted(
        (max(span.start, o.start), min(span.end, o.end)) for o in others if span.overlaps(o)
    )
    total, reach = 0, span.start
    for start, end in pieces:
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def _coverage(target: Annotation, others: Sequence[Annotation]) -> float:
    """|⋃ (target ⊓ o)| / |target| over the ``others`` that overlap it on both sides."""
    hits = [o for o in others if detects(target, o)]
    if not hits or not len(target):
        return 0.0
    chars = _covered(target.susp_span, (o.susp_span for o in hits)) + _covered(
        target.src_span, (o.src_span for o in hits)
    )
    return chars / len(target)


def macro_recall(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean share of each case's characters (both documents) that detections cover.

    PAN conventions for the degenerate corpus: nothing to find and nothing found is 1.
    """
    if not cases:
        return 1.0 if not detections else 0.0
    by_pair = _by_pair(detections)
    return sum(_coverage(c, by_pair.get((c.susp, c.src), [])) for c in cases) / len(cases)


def macro_precision(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Recall with the roles swapped: the share of each detection that lies inside cases."""
    return macro_recall(detections, cases)


def granularity(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean number of detections per detected case; 1 when nothing is detected."""
    by_pair = _by_pair(detections)
    counts = [sum(detects(c, d) for d in by_pair.get((c.susp, c.src), [])) for c in cases]
    detected = [n for n in counts if n]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet(precision: float, recall: float, gran: float) -> float:
    """F1 discounted by granularity: a case reported in two pieces costs log2(3)/log2(2)."""
    if precision <= 0 and recall <= 0:
        return 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return f1 / math.log2(1 + gran)


def _by_pair(annotations: Iterable[Annotation]) -> dict[tuple[str, str], list[Annotation]]:
    index: dict[tuple[str, str], list[Annotation]] = {}
    for annotation in annotations:
        index.setdefault((annotation.susp, annotation.src), []).append(annotation)
    return index


@dataclass(frozen=True, slots=True)
class Scores:
    cases: int
    detections: int
    detected_cases: int
    precision: float
    recall: float
    granularity: float
    plagdet: float


def score(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> Scores:
    precision = macro_precision(cases, detections)
    recall = macro_recall(cases, detections)
    gran = granularity(cases, detections)
    by_pair = _by_pair(detections)
    detected = sum(any(detects(c, d) for d in by_pair.get((c.susp, c.src), [])) for c in cases)
    return Scores(
        cases=len(cases),
        detections=len(detections),
        detected_cases=detected,
        precision=precision,
        recall=recall,
        granularity=gran,
        plagdet=plagdet(precision, recall, gran),
    )


# --- data ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Truth:
    pairs: list[tuple[str, str]]
    cases: list[Annotation]  # re-anchored
    excluded: list[Annotation]  # unresolved: raw XML spans, only used to spare their detections


def load_truth(root: Path) -> Truth:
    """Pairs in file order and the re-anchored cases (the unresolved ones set aside)."""
    pairs_file = require(root / SUBSET / "pairs", "the PAN pairs list")
    tsv = require(root / f"{SUBSET}.realigned.tsv", "the re-anchored PAN truth")
    pairs = [
        (fields[0], fields[1])
        for fields in (line.split() for line in pairs_file.read_text().splitlines())
        if len(fields) == 2
    ]
    cases, excluded = [], []
    with tsv.open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["status"] == "realigned":
                susp = Span(int(row["susp_start"]), int(row["susp_end"]))
                src = Span(int(row["src_start"]), int(row["src_end"]))
                target = cases
            else:
                offset, length = int(row["this_offset"]), int(row["this_length"])
                susp = Span(offset, offset + length)
                offset, length = int(row["source_offset"]), int(row["source_length"])
                src = Span(offset, offset + length)
                target = excluded
            target.append(
                Annotation(row["suspicious"], row["source"], susp, src, row["obfuscation"])
            )
    return Truth(pairs, cases, excluded)


def read_article(path: Path) -> Article:
    """The file's text, untouched, segmented: truth offsets index the raw file."""
    text = path.read_text(encoding="utf-8")
    return Article(
        id=path.stem,
        source=str(path),
        text=text,
        language="en",
        paragraphs=paragraphs(text),
        sentences=sentences(text, "en"),
    )


# --- detections ---------------------------------------------------------------------------------


def _sentence_range(article: Article, span: Span) -> tuple[int, int]:
    """First and last index of the sentences an alignment span covers."""
    inside = [i for i, s in enumerate(article.sentences) if span.contains(s)]
    if not inside:  # an alignment is whole sentences; anything else is an aligner bug
        raise ValueError(f"{article.source}: alignment span {span} covers no whole sentence")
    return inside[0], inside[-1]


def to_detections(
    alignments: Sequence[Alignment],
    a: Article,
    b: Article,
    kinds: frozenset[AlignmentKind],
) -> list[Annotation]:
    """Merge alignments consecutive on both sides into passages, PAN's unit of detection.

    Alignment X continues passage P when X's first sentence in A follows P's last in A and X's
    first in B follows P's last in B: a copied passage that the aligner found sentence by
    sentence becomes one detection instead of n (which granularity would punish).
    """
    ranges = sorted(
        (*_sentence_range(a, al.a), *_sentence_range(b, al.b))
        for al in alignments
        if al.kind in kinds
    )
    passages: list[list[int]] = []  # [a_first, a_last, b_first, b_last]
    open_ends: dict[tuple[int, int], list[int]] = {}
    for a_first, a_last, b_first, b_last in ranges:
        passage = open_ends.pop((a_first - 1, b_first - 1), None)
        if passage is None:
            passage = [a_first, a_last, b_first, b_last]
            passages.append(passage)
        else:
            passage[1], passage[3] = a_last, b_last
        open_ends[(a_last, b_last)] = passage
    return [
        Annotation(
            Path(a.source).name,
            Path(b.source).name,
            a.sentences[a_first].union(a.sentences[a_last]),
            b.sentences[b_first].union(b.sentences[b_last]),
        )
        for a_first, a_last, b_first, b_last in passages
    ]


# --- run ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    pairs: int = 0
    documents: int = 0
    sentences: int = 0
    embed_s: float = 0.0
    align_s: float = 0.0


def evaluate(
    root: Path, limit: int | None, settings: Settings, embedder: Embedder | None = None
) -> dict[str, object]:
    truth = load_truth(root)
    pairs = truth.pairs[:limit] if limit else truth.pairs
    embedder = embedder or get_embedder(settings)
    run = Run(pairs=len(pairs))

    # Embed every document once: suspicious documents recur across pairs.
    vectors: dict[tuple[str, str], SentenceVectors] = {}
    needed = sorted({("susp", s) for s, _ in pairs} | {("final_txt_files", r) for _, r in pairs})
    started = time.perf_counter()
    for count, (folder, name) in enumerate(needed, 1):
        article = read_article(require(root / folder / name, f"PAN document {folder}/{name}"))
        vectors[(folder, name)] = embed_sentences(article, embedder)
        run.sentences += len(article.sentences)
        if count % 50 == 0:
            log.info("embedded %d/%d documents (%d sentences)", count, len(needed), run.sentences)
    run.embed_s = time.perf_counter() - started
    run.documents = len(needed)

    detections: dict[str, list[Annotation]] = {name: [] for name in VARIANTS}
    kinds_found = dict.fromkeys(AlignmentKind, 0)
    per_pair: list[dict[str, object]] = []  # for --out: what was found where, to inspect misses
    started = time.perf_counter()
    for count, (susp, src) in enumerate(pairs, 1):
        va, vb = vectors[("susp", susp)], vectors[("final_txt_files", src)]
        result = align(va, vb, embedder, settings)
        for alignment in result.alignments:
            kinds_found[alignment.kind] += 1
        for name, kinds in VARIANTS.items():
            detections[name].extend(to_detections(result.alignments, va.article, vb.article, kinds))
        per_pair.append(
            {
                "susp": susp,
                "src": src,
                "alignments": [
                    [al.a.start, al.a.end, al.b.start, al.b.end, str(al.kind), round(al.score, 3)]
                    for al in result.alignments
                ],
            }
        )
        if count % 50 == 0:
            log.info("aligned %d/%d pairs", count, len(pairs))
    run.align_s = time.perf_counter() - started

    chosen = set(pairs)
    cases = [c for c in truth.cases if (c.susp, c.src) in chosen]
    excluded = [c for c in truth.excluded if (c.susp, c.src) in chosen]
    obfuscations = sorted({c.obfuscation for c in cases})
    pair_obfuscation = {(c.susp, c.src): c.obfuscation for c in [*cases, *excluded]}
    results: dict[str, dict[str, dict[str, object]]] = {}
    spared: dict[str, int] = {}
    for name, found in detections.items():
        kept = [d for d in found if not any(detects(x, d) for x in excluded)]
        spared[name] = len(found) - len(kept)
        results[name] = {}
        for obfuscation in obfuscations:
            results[name][obfuscation] = asdict(
                score(
                    [c for c in cases if c.obfuscation == obfuscation],
                    [d for d in kept if pair_obfuscation.get((d.susp, d.src)) == obfuscation],
                )
            )
    return {
        "subset": SUBSET,
        "embedder": embedder.name,
        "settings": {"align_threshold": settings.align_threshold},
        "run": asdict(run),
        "cases": len(cases),
        "excluded_unresolved_cases": len(excluded),
        "detections_spared_as_unresolved": spared,
        "alignments_by_kind": {str(k): v for k, v in kinds_found.items()},
        "results": results,
        "pairs": per_pair,
    }


def render(report: dict[str, object]) -> str:
    run = report["run"]
    assert isinstance(run, dict)
    lines = [
        f"PAN text alignment, {report['subset']}: {run['pairs']} pairs, {run['documents']} "
        f"documents, {run['sentences']} sentences; embedder {report['embedder']}; "
        f"embedding {run['embed_s']:.0f} s, alignment {run['align_s']:.0f} s.",
        f"{report['cases']} re-anchored cases scored; {report['excluded_unresolved_cases']} "
        "unresolved cases excluded (detections overlapping them left out of precision: "
        f"{report['detections_spared_as_unresolved']}).",
        f"Alignments by kind: {report['alignments_by_kind']}.",
        "",
        "| detections from | obfuscation | cases | detections | detected | precision | recall "
        "| granularity | plagdet |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    results = report["results"]
    assert isinstance(results, dict)
    for variant, by_obfuscation in results.items():
        for obfuscation, s in by_obfuscation.items():
            lines.append(
                f"| {variant} | {obfuscation} | {s['cases']} | {s['detections']} | "
                f"{s['detected_cases']} | {s['precision']:.3f} | {s['recall']:.3f} | "
                f"{s['granularity']:.3f} | {s['plagdet']:.3f} |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="evaluation data folder (holding alignment/panpc/)")
    parser.add_argument("--limit", type=int, help="evaluate only the first N pairs")
    parser.add_argument("--out", type=Path, help="also write the report as JSON to this file")
    parser.add_argument("--embedder", default=DEFAULT_SETTINGS.embedder)
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_SETTINGS.align_threshold,
        help="alignment threshold (calibrated probability) to evaluate",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    root = require(eval_dir(args.data) / "alignment" / "panpc", "the PAN text alignment subset")
    settings = DEFAULT_SETTINGS.with_(embedder=args.embedder, align_threshold=args.threshold)
    report = evaluate(root, args.limit, settings)
    print(render(report))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
