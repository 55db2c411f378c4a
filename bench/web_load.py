"""Load on the web app: many concurrent compares on loopback, errors, latency and memory.

    python -m bench.web_load [--requests 200] [--rounds 2] [--workers 2]

Starts ``storytrace serve`` on a free 127.0.0.1 port (a real uvicorn process, as a user runs
it), sends one warm-up compare of the example pair (the models load), then ``--rounds`` rounds
of ``--requests`` concurrent ``POST /api/compare`` of the same pair over HTTP. Prints a
markdown table: errors, p50 / p99 / max latency, throughput, and the server's resident memory
(RSS, from /proc) after the warm-up and after each round. Exits non-zero when any request
fails or when RSS grows by more than ``--max-growth`` between the first and the last round
(memory must stay flat: jobs are bounded, compute runs on a fixed pool of threads).

Latency here is mostly queueing: the server computes on ``--workers`` threads (the default of
``storytrace serve``: 2), so request N waits for the N-1 before it. Every request is the same
pair, so after the warm-up the embedder's sentence cache and the parser's cache answer most of
the work; the figure is the server's overhead plus the warm aligner and fact engine, not a
cold compare (bench/speed.py times those).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_A = REPO / "examples" / "000_01ce3e3c67791a35.txt"
EXAMPLE_B = REPO / "examples" / "002_42821f2fae6c857c.txt"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def one(client: httpx.AsyncClient, body: dict[str, object]) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        response = await client.post("/api/compare", json=body)
        status = response.status_code
        if status == 200 and response.json()["story"]["verdict"] != "same story":
            status = -1  # a wrong answer counts as an error
    except httpx.HTTPError:
        status = 0
    return time.perf_counter() - started, status


async def burst(base: str, n: int, body: dict[str, object]) -> tuple[list[float], list[int], float]:
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:
        started = time.perf_counter()
        results = await asyncio.gather(*(one(client, body) for _ in range(n)))
        wall = time.perf_counter() - started
    return [r[0] for r in results], [r[1] for r in results], wall


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-growth", type=float, default=0.15, help="allowed RSS growth")
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "storytrace", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    body = {
        "a": {"text": EXAMPLE_A.read_text(encoding="utf-8")},
        "b": {"text": EXAMPLE_B.read_text(encoding="utf-8")},
    }
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/healthz", timeout=2)
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the server did not start", file=sys.stderr)
                    return 2
                time.sleep(0.3)
        started = time.perf_counter()
        latency, status, _ = asyncio.run(burst(base, 1, body))
        warm_up = time.perf_counter() - started
        if status != [200]:
            print(f"warm-up compare failed: HTTP {status[0]}", file=sys.stderr)
            return 1
        memory = [rss_mb(server.pid)]
        rows = []
        failures = 0
        for round_number in range(1, args.rounds + 1):
            latency, status, wall = asyncio.run(burst(base, args.requests, body))
            memory.append(rss_mb(server.pid))
            errors = sum(1 for s in status if s != 200)
            failures += errors
            rows.append(
                f"| {round_number} | {args.requests} | {errors} | "
                f"{statistics.median(latency):.2f} | {percentile(latency, 0.99):.2f} | "
                f"{max(latency):.2f} | {args.requests / wall:.1f} | {memory[-1]:.0f} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()[0]
    print(
        f"warm-up compare (models load): {warm_up:.1f} s; server RSS after it: {memory[0]:.0f} MB; "
        f"load average {load:.1f} on {os.cpu_count()} cores\n"
    )
    print("| round | concurrent requests | errors | p50 s | p99 s | max s | requests/s | RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    growth = (memory[-1] - memory[1]) / memory[1]
    print(f"\nRSS growth from round 1 to round {args.rounds}: {growth:+.1%}")
    if failures:
        print(f"FAIL: {failures} requests failed", file=sys.stderr)
        return 1
    if growth > args.max_growth:
        print(f"FAIL: memory grew by {growth:.1%} (> {args.max_growth:.0%})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
