"""How long hostile, oversized article text takes: one single-line text per size, compared with
the bundled example B, stage by stage.

    python -m bench.hostile [--sizes 1000000,5000000,19000000] [--embedder hashing|default]

The text is the example A's words repeated on one line (no paragraph break) up to each size, in
characters, under the default 20 MB input limit. Stages: ``load`` (decode, clean, language,
segmentation), ``align`` (embedding and alignment, budget ``MAX_ALIGN_SENTENCES``), ``facts``
(the discrepancy engine, parse budget ``MAX_SENTENCES``); plus the warnings logged. The hashing
embedder (default here) isolates storytrace's own work from the model's speed; ``default`` uses
the configured sentence model. Prints a markdown table; asserts nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from pathlib import Path

from storytrace import api
from storytrace.align.embedder import Embedder, HashingEmbedder, get_embedder
from storytrace.config import DEFAULT_SETTINGS
from storytrace.facts import find_discrepancies
from storytrace.ingest import load_article

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_A = REPO / "examples" / "000_01ce3e3c67791a35.txt"
EXAMPLE_B = REPO / "examples" / "002_42821f2fae6c857c.txt"


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def one_line_text(size: int) -> str:
    words = EXAMPLE_A.read_text("utf-8").split()
    out: list[str] = []
    length = 0
    while length < size:
        word = words[len(out) % len(words)]
        out.append(word)
        length += len(word) + 1
    return " ".join(out)[:size] + "\n"


def measure(size: int, embedder: Embedder, folder: Path) -> dict[str, float]:
    path = folder / f"line_{size}.txt"
    path.write_text(one_line_text(size), encoding="utf-8")
    counter = _Count()
    logging.getLogger().addHandler(counter)
    try:
        started = time.perf_counter()
        article = load_article(path)
        loaded = time.perf_counter()
        other = load_article(EXAMPLE_B)
        comparison = api.compare_articles(
            article, other, DEFAULT_SETTINGS, embedder, discrepancies=False
        )
        aligned = time.perf_counter()
        found = find_discrepancies(comparison)
        done = time.perf_counter()
    finally:
        logging.getLogger().removeHandler(counter)
        path.unlink()
    return {
        "sentences": len(article.sentences),
        "load": loaded - started,
        "align": aligned - loaded,
        "facts": done - aligned,
        "alignments": len(comparison.alignments),
        "discrepancies": len(found),
        "warnings": counter.count,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,5000000,19000000")
    parser.add_argument("--embedder", choices=("hashing", "default"), default="hashing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # counted, not printed
    embedder = HashingEmbedder() if args.embedder == "hashing" else get_embedder(DEFAULT_SETTINGS)
    print("| characters | sentences | load s | align s | facts s | warnings |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            r = measure(size, embedder, Path(folder))
            print(
                f"| {size:,} | {r['sentences']:,} | {r['load']:.1f} | {r['align']:.1f} | "
                f"{r['facts']:.1f} | {r['warnings']} |",
                flush=True,
            )
    print(f"\nload average: {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})")


if __name__ == "__main__":
    main()
