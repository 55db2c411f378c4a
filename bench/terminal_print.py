"""Terminal printing of long single-line texts: rich's wrapping against ``report.safe``.

    python -m bench.terminal_print [--sizes 1 2 4] [--new-only 20]

`storytrace extract` used to print the body with ``console.print(text)``; rich wraps a line in
time that grows faster than its length (issue 15: 1/2/4 MB took 4/7/19 s, 20 MB never ended).
``report.safe.print_long`` cleans control characters and hands long texts to the terminal
unwrapped. Both print into a file at 80 columns, so only rendering is timed (no extraction).
Prints a markdown table: seconds for each path and the ratio.
"""

from __future__ import annotations

import argparse
import io
import random
import time

from rich.console import Console

from storytrace.report import safe

WORDS = [
    "the",
    "state",
    "department",
    "said",
    "azerbaijan",
    "could",
    "invade",
    "armenia",
    "in",
    "the",
    "coming",
    "weeks",
]


def line(megabytes: float, seed: int = 1) -> str:
    """One line of words, ``megabytes`` long, no newline (the hostile case of issue 15)."""
    rng = random.Random(seed)
    size = int(megabytes * 1_000_000)
    parts: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(WORDS)
        parts.append(word)
        total += len(word) + 1
    return " ".join(parts)[:size]


def timed(render: object, text: str) -> float:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    started = time.perf_counter()
    render(console, text)  # type: ignore[operator]
    return time.perf_counter() - started


def old(console: Console, text: str) -> None:
    console.print(text, highlight=False, markup=False)


def new(console: Console, text: str) -> None:
    safe.print_long(console, text, highlight=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4])
    parser.add_argument("--new-only", type=float, nargs="*", default=[20])
    args = parser.parse_args()
    print("| MB | rich wrap (before) s | report.safe (now) s | ratio |")
    print("|---:|---:|---:|---:|")
    for size in args.sizes:
        text = line(size)
        before, now = timed(old, text), timed(new, text)
        print(f"| {size:g} | {before:.2f} | {now:.3f} | {before / max(now, 1e-6):,.0f}x |")
    for size in args.new_only:
        text = line(size)
        print(f"| {size:g} | (not run) | {timed(new, text):.3f} | |")


if __name__ == "__main__":
    main()
