"""How fast storytrace compares articles, and what candidate pruning buys.

    python -m bench.speed [--data DIR] [--words N] [--seed S] [--stages-only]

Prints a markdown table of figures and ratios; asserts nothing (timings depend on the machine,
its load and its thread count, so they are read, not gated). Measured:

* ``storytrace compare`` on the bundled example pair, **cold**: a fresh process running the
  CLI, model load included, until it exits (median of 3 processes);
* ``api.compare`` on the same pair, **warm** (model loaded by a first call), median of 5, once
  with the sentence cache cleared before each call (a new pair in a long-running process) and
  once with it kept (the same pair again);
* a pair of ~5,000-word articles built from real news text (Zyte ground-truth bodies; B is a
  reordered, partly edited copy of A plus unrelated paragraphs), warm, median of 3;
* the same alignment **without candidate pruning** (every n×m sentence pair scored), timed in
  this process on the same vectors: ratio = baseline time / pruned time. The aligner exposes
  the pruning width as ``CANDIDATES_PER_SENTENCE``; the baseline sets it above the sentence
  count, so it is the very same code path, only scoring every pair. Both are timed after an
  untimed first run has cached the clause and merged-passage vectors the aligner embeds, so
  the ratio compares scoring work, not embedding;
* a 1,000-word pair's warm ``compare_articles`` by stage (``api.STAGES``), wall and CPU
  seconds, as it is and as before issue 12's speed round (``VARIANTS``), in alternating runs
  (``--stages-only`` prints only this);
* sentences embedded per second (1,000 distinct real sentences, cache cleared first);
* peak RSS of this process and of the largest CLI child, and the machine's load average
  (on a shared machine every figure scales with the cores left free).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from eval.common import REPO, eval_dir
from storytrace import api
from storytrace.align import aligner
from storytrace.align.aligner import AlignmentResult, align, embed_sentences
from storytrace.align.embedder import Embedder, get_embedder
from storytrace.config import DEFAULT_SETTINGS
from storytrace.facts import find_discrepancies
from storytrace.language.nlp import MAX_SENTENCES, clear_parse_cache
from storytrace.models import Article
from storytrace.text.normalize import words
from storytrace.text.segment import paragraphs, sentences

EXAMPLE_A = REPO / "examples" / "000_01ce3e3c67791a35.txt"
EXAMPLE_B = REPO / "examples" / "002_42821f2fae6c857c.txt"
COLD_RUNS, WARM_RUNS, LONG_RUNS = 3, 5, 3
THROUGHPUT_SENTENCES = 1_000
# A paragraph shorter than this is a heading or a caption, not prose to build articles from.
MIN_PARAGRAPH_WORDS = 15

T = TypeVar("T")


# --- timing helpers --------------------------------------------------------------------------


def timed(call: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def median_time(
    call: Callable[[], object], runs: int, before: Callable[[], None] | None = None
) -> float:
    """Median wall time of ``runs`` calls; ``before`` runs untimed ahead of each (cache reset)."""
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(call)[0])
    return statistics.median(times)


def clear_cache(embedder: Embedder) -> None:
    """Forget cached sentence vectors so that a timing includes embedding them."""
    clear = getattr(embedder, "clear_cache", None)
    if clear is not None:
        clear()


@contextmanager
def all_pairs() -> Iterator[None]:
    """Disable candidate pruning: each sentence's top-k candidates become all sentences."""
    saved = aligner.CANDIDATES_PER_SENTENCE
    aligner.CANDIDATES_PER_SENTENCE = sys.maxsize
    try:
        yield
    finally:
        aligner.CANDIDATES_PER_SENTENCE = saved


@contextmanager
def counting_pair_scores() -> Iterator[list[int]]:
    """Count calls of the pair scorer (candidates and merge checks) during the block."""
    original = aligner.pair_features
    count = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(*args, **kwargs)

    aligner.pair_features = counted  # type: ignore[assignment]
    try:
        yield count
    finally:
        aligner.pair_features = original  # type: ignore[assignment]


# --- test material ----------------------------------------------------------------------------


def make_article(text: str, name: str) -> Article:
    """An Article straight from body text (the texts are built clean; extraction is not timed)."""
    return Article(
        id=name,
        source=name,
        text=text,
        language="en",
        paragraphs=paragraphs(text),
        sentences=sentences(text, "en"),
    )


def news_bodies(data: str | None) -> list[list[str]]:
    """Prose paragraphs of each Zyte ground-truth body; the example pair if Zyte is absent."""
    path = eval_dir(data) / "extraction" / "zyte" / "ground-truth.json"
    if path.exists():
        records = json.loads(path.read_text(encoding="utf-8"))
        bodies = [record["articleBody"] for _, record in sorted(records.items())]
    else:
        print(
            f"note: {path} not found; building the long pair from the example texts",
            file=sys.stderr,
        )
        bodies = [EXAMPLE_A.read_text(encoding="utf-8"), EXAMPLE_B.read_text(encoding="utf-8")]
    result = []
    for body in bodies:
        prose = [p.strip() for p in body.split("\n\n") if len(words(p)) >= MIN_PARAGRAPH_WORDS]
        if prose:
            result.append(prose)
    return result


_NUMBER = re.compile(r"\b\d+\b")
_INSERTS = ("reportedly", "also", "now", "officially", "still")


def edit_sentence(sentence: str, rng: random.Random) -> str:
    """A light newsroom edit: a word dropped, a number changed, an adverb slipped in."""
    tokens = sentence.split()
    if len(tokens) < 6:
        return sentence
    choice = rng.random()
    if choice < 0.35:
        del tokens[rng.randrange(1, len(tokens) - 1)]
    elif choice < 0.6 and _NUMBER.search(sentence):
        return _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), sentence, count=1)
    elif choice < 0.8:
        tokens.insert(rng.randrange(1, len(tokens) - 1), rng.choice(_INSERTS))
    else:
        i = rng.randrange(1, len(tokens) - 2)
        tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
    return " ".join(tokens)


def edit_paragraph(paragraph: str, rng: random.Random) -> str:
    pieces = [span.of(paragraph) for span in sentences(paragraph, "en")]
    return " ".join(edit_sentence(p, rng) if rng.random() < 0.5 else p for p in pieces)


def long_pair(bodies: list[list[str]], target_words: int, seed: int) -> tuple[str, str]:
    """A (~target_words of real news) and B: A's paragraphs reordered in blocks, 10% dropped,
    30% lightly edited, plus unrelated paragraphs worth ~15% of A's words.

    Repeats the material with a copy number when the source text is too short, so the sizes
    hold even on the example-pair fallback (those repeats then align with each other, which
    makes the pair harder, not easier).
    """
    rng = random.Random(seed)
    order = bodies[:]
    rng.shuffle(order)
    a_pars: list[str] = []
    count, used_bodies = 0, 0
    for copy in itertools.count():
        for index, body in enumerate(order):
            used_bodies = max(used_bodies, index + 1)
            for paragraph in body:
                text = paragraph if not copy else f"{paragraph} (Update {copy}.)"
                a_pars.append(text)
                count += len(words(text))
                if count >= target_words:
                    break
            if count >= target_words:
                break
        if count >= target_words:
            break
    # Unrelated: bodies A never touched (other stories), or edited repeats on the fallback.
    unrelated = [p for body in order[used_bodies:] for p in body] if not copy else []
    unrelated = unrelated or [edit_paragraph(p, rng) for body in order for p in body]

    kept = [p for p in a_pars if rng.random() >= 0.10]
    kept = [edit_paragraph(p, rng) if rng.random() < 0.30 else p for p in kept]
    blocks = [kept[i : i + 3] for i in range(0, len(kept), 3)]
    rng.shuffle(blocks)
    b_pars = [p for block in blocks for p in block]
    extra_words, budget = 0, 0.15 * count
    for paragraph in unrelated:
        if extra_words >= budget:
            break
        b_pars.insert(rng.randrange(len(b_pars) + 1), paragraph)
        extra_words += len(words(paragraph))
    return "\n\n".join(a_pars), "\n\n".join(b_pars)


def distinct_sentences(bodies: list[list[str]], n: int) -> list[str]:
    seen: dict[str, None] = {}
    for body in bodies:
        for paragraph in body:
            for span in sentences(paragraph, "en"):
                seen.setdefault(span.of(paragraph), None)
    found = list(seen)
    if len(found) < n:  # the fallback texts are short: number the copies to keep them distinct
        found = [f"{s} ({i})" for i in range(n // max(1, len(found)) + 1) for s in found]
    return found[:n]


# --- measurements -----------------------------------------------------------------------------


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("storytrace")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from storytrace.cli import main; main()"]


def cold_cli(runs: int) -> float:
    """Median time for a fresh process to run ``storytrace compare`` on the example pair."""
    command = [*cli_command(), "compare", str(EXAMPLE_A), str(EXAMPLE_B)]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(
                f"error: {' '.join(command)} exited {done.returncode}: {done.stderr[-500:]}"
            )
    return statistics.median(times)


def same_alignments(x: AlignmentResult, y: AlignmentResult) -> int:
    return len({(al.a, al.b) for al in x.alignments} & {(al.a, al.b) for al in y.alignments})


def run(data: str | None, target_words: int, seed: int) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    settings = DEFAULT_SETTINGS
    load_before = os.getloadavg()[0]

    cold = cold_cli(COLD_RUNS)
    rows.append(
        (
            "`storytrace compare` example pair, cold",
            f"{cold:.2f} s",
            f"fresh process incl. model load, to exit; median of {COLD_RUNS}",
        )
    )

    load_s, embedder = timed(lambda: get_embedder(settings))
    api.compare(EXAMPLE_A, EXAMPLE_B, settings)  # first call: warms imports, caches, allocator
    fresh = median_time(
        lambda: api.compare(EXAMPLE_A, EXAMPLE_B, settings),
        WARM_RUNS,
        before=lambda: clear_cache(embedder),
    )
    cached = median_time(lambda: api.compare(EXAMPLE_A, EXAMPLE_B, settings), WARM_RUNS)
    rows.append(("model load in-process", f"{load_s:.2f} s", f"embedder {embedder.name}"))
    rows.append(
        (
            "`api.compare` example pair, warm",
            f"{fresh:.3f} s",
            f"median of {WARM_RUNS}; sentence cache cleared before each (new text)",
        )
    )
    rows.append(
        (
            "`api.compare` example pair, warm, cached",
            f"{cached:.3f} s",
            f"median of {WARM_RUNS}; same pair again, sentence vectors cached",
        )
    )

    bodies = news_bodies(data)
    rows.extend(stage_breakdown(bodies, embedder, seed))
    text_a, text_b = long_pair(bodies, target_words, seed)
    a, b = make_article(text_a, "long-a"), make_article(text_b, "long-b")
    rows.append(
        (
            "long pair: words A / B",
            f"{len(words(text_a)):,} / {len(words(text_b)):,}",
            f"sentences {len(a.sentences)} / {len(b.sentences)}; Zyte bodies, seed {seed}",
        )
    )
    whole = median_time(
        lambda: api.compare_articles(a, b, settings, embedder),
        LONG_RUNS,
        before=lambda: (clear_cache(embedder), clear_parse_cache()),
    )
    clear_cache(embedder)
    embed_s, (va, vb) = timed(lambda: (embed_sentences(a, embedder), embed_sentences(b, embedder)))
    rows.append(
        (
            "`compare_articles` long pair, warm",
            f"{whole:.2f} s",
            f"median of {LONG_RUNS}, cache cleared; embedding alone {embed_s:.2f} s",
        )
    )

    aligned_only = api.compare_articles(a, b, settings, embedder, discrepancies=False)
    clear_parse_cache()
    facts_s, findings = timed(lambda: find_discrepancies(aligned_only))
    rows.append(
        (
            "fact engine (`find_discrepancies`) long pair",
            f"{facts_s:.2f} s",
            f"parse cache empty; {len(findings)} findings; at most "
            f"{MAX_SENTENCES:,} sentences per article are parsed (the documented budget)",
        )
    )

    def align_once() -> AlignmentResult:
        return align(va, vb, embedder, settings)

    # The first (untimed) run of each caches the clause and merged-passage vectors the aligner
    # embeds, so the timed runs compare scoring work, which is what pruning changes.
    with counting_pair_scores() as pruned_count:
        pruned_result = align_once()
    pruned = median_time(align_once, LONG_RUNS)
    with all_pairs():
        with counting_pair_scores() as full_count:
            full_result = align_once()
        full = median_time(align_once, LONG_RUNS)
    n, m = len(a.sentences), len(b.sentences)
    rows.append(
        (
            "`align` long pair, pruned (ours)",
            f"{pruned:.2f} s",
            f"median of {LONG_RUNS}, vectors cached; {pruned_count[0]:,} pair scores; "
            f"{len(pruned_result.alignments)} alignments",
        )
    )
    rows.append(
        (
            "`align` long pair, all n×m pairs (baseline)",
            f"{full:.2f} s",
            f"median of {LONG_RUNS}, vectors cached; {full_count[0]:,} pair scores "
            f"(n×m = {n * m:,} sentence pairs); "
            f"{len(full_result.alignments)} alignments, "
            f"{same_alignments(pruned_result, full_result)} identical to ours",
        )
    )
    rows.append(
        (
            "speed-up of pruning (baseline / ours)",
            f"{full / pruned:.1f}×",
            "alignment stage only, same vectors, same process; >1 means pruning saves time",
        )
    )

    sample = distinct_sentences(bodies, THROUGHPUT_SENTENCES)
    clear_cache(embedder)
    encoded_before = getattr(embedder, "encoded", None)
    seconds, _ = timed(lambda: embedder.embed(sample))
    encoded = (
        embedder.encoded - encoded_before  # type: ignore[attr-defined]
        if encoded_before is not None
        else len(sample)
    )
    rows.append(
        (
            "embedding throughput",
            f"{encoded / seconds:,.0f} sentences/s",
            f"{encoded:,} distinct real sentences encoded in {seconds:.2f} s",
        )
    )

    self_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows.append(
        (
            "machine",
            f"{os.cpu_count()} CPUs",
            f"1-min load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end "
            "(figures scale with free cores)",
        )
    )
    rows.append(
        (
            "peak RSS",
            f"{self_mib:,.0f} MiB",
            f"this process; largest CLI child {child_mib:,.0f} MiB",
        )
    )
    return rows


STAGE_RUNS = 3


def compare_stages(
    a: Article, b: Article, embedder: Embedder
) -> tuple[dict[str, float], int, float]:
    """Seconds per stage of one warm ``compare_articles`` on new text, the texts the model
    encoded (sentence vectors and parses forgotten first, as for a pair never seen before), and
    the CPU seconds the process spent (all threads: on a machine shared with other jobs, wall
    time measures the others too; CPU time is the work itself)."""
    clear_cache(embedder)
    clear_parse_cache()
    encoded = getattr(embedder, "encoded", 0)
    timings: dict[str, float] = {}
    cpu = time.process_time()
    api.compare_articles(a, b, DEFAULT_SETTINGS, embedder, timings=timings)
    cpu = time.process_time() - cpu
    return timings, getattr(embedder, "encoded", 0) - encoded, cpu


# What ``stage_breakdown`` compares, alternating in one process: the settings before issue 12's
# speed round (every gated sentence embedded clause by clause, every stage in line) and now.
VARIANTS: dict[str, dict[tuple[Any, str], Any]] = {
    "baseline: clauses of settled pairs embedded, stages in line": {
        (aligner, "CLAUSE_SKIP_SETTLED"): None,
        (api, "PREFETCH"): False,
    },
    "ours: settled pairs skip their clauses, loads and parse in a thread": {},
}


@contextmanager
def variant(changes: dict[tuple[Any, str], Any]) -> Iterator[None]:
    saved = {key: getattr(*key) for key in changes}
    try:
        for (owner, name), value in changes.items():
            setattr(owner, name, value)
        yield
    finally:
        for (owner, name), value in saved.items():
            setattr(owner, name, value)


def stage_breakdown(
    bodies: list[list[str]], embedder: Embedder, seed: int
) -> list[tuple[str, str, str]]:
    """Where a 1,000-word pair's warm ``compare`` time goes (issue 12: < 1 s warm), for each of
    ``VARIANTS``, alternating in this process so that all see the same machine load."""
    text_a, text_b = long_pair(bodies, 1_000, seed + 1)
    segment_s, (a, b) = timed(lambda: (make_article(text_a, "k-a"), make_article(text_b, "k-b")))
    compare_stages(a, b, embedder)  # untimed: loads the parser and word tables once
    runs: dict[str, list[tuple[dict[str, float], int, float]]] = {name: [] for name in VARIANTS}
    for _ in range(STAGE_RUNS):
        for name, changes in VARIANTS.items():
            with variant(changes):
                runs[name].append(compare_stages(a, b, embedder))
    rows = []
    totals, cpus = {}, {}
    for name in VARIANTS:
        stages = {
            stage: statistics.median(t.get(stage, 0.0) for t, _, _ in runs[name])
            for stage in api.STAGES
        }
        totals[name] = statistics.median(sum(t.values()) for t, _, _ in runs[name])
        cpus[name] = statistics.median(cpu for _, _, cpu in runs[name])
        encoded = statistics.median(n for _, n, _ in runs[name])
        breakdown = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in stages.items())
        rows.append(
            (
                f"1,000-word pair, warm, new text, by stage ({name})",
                f"{totals[name]:.2f} s",
                f"{len(words(text_a)):,} / {len(words(text_b)):,} words, "
                f"{len(a.sentences)} / {len(b.sentences)} sentences; median of {STAGE_RUNS}: "
                f"{breakdown}; CPU {cpus[name]:.2f} s (all threads); segment {segment_s:.3f} s; "
                f"{encoded:.0f} texts embedded",
            )
        )
    baseline, ours = list(VARIANTS)
    rows.append(
        (
            "speed-up (baseline / ours)",
            f"{totals[baseline] / totals[ours]:.2f}× wall, {cpus[baseline] / cpus[ours]:.2f}× CPU",
            "whole warm compare, same pair, same process, runs alternating",
        )
    )
    return rows


def stages_only(data: str | None, seed: int) -> list[tuple[str, str, str]]:
    """Only the stage table (``--stages-only``): model load, extraction, the stage breakdown."""
    load_before = os.getloadavg()[0]
    load_s, embedder = timed(lambda: get_embedder(DEFAULT_SETTINGS))
    rows = [("model load in-process", f"{load_s:.2f} s", f"embedder {embedder.name}")]
    extract_s, _ = timed(lambda: api.load_articles([EXAMPLE_A, EXAMPLE_B], DEFAULT_SETTINGS))
    rows.append(("extract + segment the example pair", f"{extract_s:.3f} s", "first call"))
    rows.extend(stage_breakdown(news_bodies(data), embedder, seed))
    rows.append(
        (
            "machine",
            f"{os.cpu_count()} CPUs",
            f"1-min load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end "
            "(figures scale with free cores)",
        )
    )
    return rows


def render(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| measurement | value | notes |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {notes} |" for name, value, notes in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="evaluation data folder (for the Zyte bodies)")
    parser.add_argument("--words", type=int, default=5_000, help="size of the long articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--stages-only",
        action="store_true",
        help="only the 1,000-word pair's warm stage table (a minute, not ten)",
    )
    args = parser.parse_args(argv)
    if args.stages_only:
        print(render(stages_only(args.data, args.seed)))
    else:
        print(render(run(args.data, args.words, args.seed)))


if __name__ == "__main__":
    main()
