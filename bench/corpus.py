"""Corpus-mode benchmark: quality against true labels, per-stage throughput, memory, baseline.

    python -m bench.corpus --n 1000 [--engine local|spark|both] [--baseline] [--pan] [--repeat 3]
                           [--device cuda]

Each phase runs in a fresh subprocess so its peak memory (ru_maxrss) is its own:
generate (eval/corpus_gen.py, not timed as part of storytrace) -> ingest (all cores) ->
cluster (local and/or spark) -> baseline (datasketch MinHash + MinHashLSH, same 4-word
shingles, same 32x4 banding, same 0.5 Jaccard acceptance, connected components).
With ``--repeat N`` the local engine and the baseline each run N times, alternating, each in a
fresh process, and the run with the median time is reported (with every time kept): on a
shared 2-core VM one run can be 20 % off. Spark runs once. Prints markdown tables and writes
bench/results/corpus-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def phase_generate(args: argparse.Namespace) -> dict:
    from eval.corpus_gen import generate, load_pool, write

    started = time.perf_counter()
    count = write(generate(args.n, args.seed, load_pool(pan=args.pan)), Path(args.corpus))
    return {"articles": count, "seconds": time.perf_counter() - started}


def phase_ingest(args: argparse.Namespace) -> dict:
    from storytrace.corpus import ingest_corpus

    started = time.perf_counter()
    report = ingest_corpus([args.corpus], Path(args.db))
    seconds = time.perf_counter() - started
    return {
        "stored": report.stored,
        "failed": len(report.failures),
        "seconds": seconds,
        "rate": report.stored / seconds,
        "peak_mb": _peak_mb(),
        "workers_peak_mb": _children_peak_mb(),
    }


def _labels(args: argparse.Namespace) -> dict[str, dict]:
    labels = {}
    with open(args.corpus + ".labels.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            labels[record["url"]] = record
    return labels


def _quality(args: argparse.Namespace, store, ids: list[str], predicted: list[str]) -> dict:
    from storytrace.corpus.metrics import join_rate, quality

    labels = _labels(args)
    url_of = dict(store.con.execute("SELECT id, url FROM articles").fetchall())
    truth = [labels[url_of[i]]["story"] for i in ids]
    variants = [labels[url_of[i]]["variant"] for i in ids]
    q = quality(truth, predicted)
    copies_edits = [k for k, v in enumerate(variants) if v in ("original", "copy", "edit")]
    q_ce = quality([truth[k] for k in copies_edits], [predicted[k] for k in copies_edits])
    return {
        "ari": q.ari,
        "precision": q.precision,
        "recall": q.recall,
        "clusters": q.clusters,
        "stories": q.stories,
        "ari_copies_edits": q_ce.ari,
        "join_copy": join_rate(truth, predicted, variants, "copy"),
        "join_edit": join_rate(truth, predicted, variants, "edit"),
        "join_paraphrase": join_rate(truth, predicted, variants, "paraphrase"),
    }


def phase_cluster(args: argparse.Namespace) -> dict:
    from storytrace.corpus.backends import get_engine
    from storytrace.corpus.config import CorpusSettings
    from storytrace.corpus.store import open_store

    settings = CorpusSettings(
        engine=args.engine, spark_master=args.spark_master, device=args.device
    )
    with open_store(args.db, read_only=True) as store:
        started = time.perf_counter()
        result = get_engine(settings).cluster(store)
        seconds = time.perf_counter() - started
        out = {
            "engine": args.engine,
            "device": args.device,
            "seconds": seconds,
            "stages": result.seconds,
            "peak_mb": _peak_mb(),
            "candidates": len(result.candidates.pairs),
            "verified": len(result.edges),
            "n": len(result.ids),
        }
        out["quality"] = _quality(args, store, result.ids, result.story_ids())
        labels_path = Path(args.db + f".{args.engine}.labels.json")
        labels_path.write_text(json.dumps(dict(zip(result.ids, result.story_ids(), strict=True))))
    return out


def phase_baseline(args: argparse.Namespace) -> dict:
    """datasketch MinHash + MinHashLSH: the usual near-duplicate pipeline, same parameters."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from storytrace.corpus.config import CorpusSettings
    from storytrace.corpus.shingles import sentence_words
    from storytrace.corpus.store import open_store

    settings = CorpusSettings()
    k = settings.shingle_words
    with open_store(args.db, read_only=True) as store:
        started = time.perf_counter()
        ids: list[str] = []
        lsh = MinHashLSH(
            num_perm=settings.num_perm, params=(settings.lsh_bands, settings.rows_per_band)
        )
        signatures = []
        for chunk in store.iter_texts(1024):
            for article_id, text, starts, ends in chunk:
                words = [w for s in sentence_words(text, starts, ends) for w in s]
                shingles = {
                    " ".join(words[i : i + k]).encode() for i in range(max(1, len(words) - k + 1))
                }
                minhash = MinHash(num_perm=settings.num_perm, seed=settings.seed)
                minhash.update_batch(list(shingles))
                lsh.insert(str(len(ids)), minhash)
                ids.append(article_id)
                signatures.append(minhash)
        signed = time.perf_counter()
        parent = list(range(len(ids)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        candidates = verified = 0
        for i, minhash in enumerate(signatures):
            for key in lsh.query(minhash):
                j = int(key)
                if j <= i:
                    continue
                candidates += 1
                if minhash.jaccard(signatures[j]) >= settings.duplicate_jaccard:
                    verified += 1
                    parent[find(i)] = find(j)
        roots = [find(i) for i in range(len(ids))]
        first = {}
        for i, root in enumerate(roots):
            first.setdefault(root, ids[i])
        predicted = [first[r] for r in roots]
        seconds = time.perf_counter() - started
        out = {
            "seconds": seconds,
            "signatures_seconds": signed - started,
            "peak_mb": _peak_mb(),
            "candidates": candidates,
            "verified": verified,
            "n": len(ids),
        }
        out["quality"] = _quality(args, store, ids, predicted)
        del np
    return out


PHASES = {
    "generate": phase_generate,
    "ingest": phase_ingest,
    "cluster": phase_cluster,
    "baseline": phase_baseline,
}


def _run_phase(name: str, args: argparse.Namespace, engine: str = "local") -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.corpus",
        "--phase",
        name,
        "--n",
        str(args.n),
        "--seed",
        str(args.seed),
        "--workdir",
        str(args.workdir),
        "--engine",
        engine,
        "--spark-master",
        args.spark_master,
        "--device",
        args.device,
    ] + (["--pan"] if args.pan else [])
    # This checkout's code (src/), not whatever an editable install points at, and bench/, eval/.
    path = [str(REPO / "src"), str(REPO), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict]) -> dict:
    """The run with the median time, with every run's time kept under ``runs``."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return {**ordered[(len(ordered) - 1) // 2], "runs": [r["seconds"] for r in runs]}


def _table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def report(n: int, results: dict) -> str:
    out = [f"### corpus benchmark, n = {n:,} articles (2 cores)"]
    quality_rows, speed_rows = [], []
    for name in ("local", "spark", "baseline"):
        if name not in results:
            continue
        r = results[name]
        q = r["quality"]
        quality_rows.append(
            [
                name,
                f"{q['ari']:.4f}",
                f"{q['ari_copies_edits']:.4f}",
                f"{q['precision']:.4f}",
                f"{q['recall']:.4f}",
                f"{q['join_paraphrase']:.3f}",
                q["clusters"],
                q["stories"],
            ]
        )
        spread = (
            f" ({min(r['runs']):.1f}-{max(r['runs']):.1f}, {len(r['runs'])} runs)"
            if len(r.get("runs", [])) > 1
            else ""
        )
        speed_rows.append(
            [
                name,
                f"{r['seconds']:.1f}{spread}",
                f"{r['n'] / r['seconds']:,.0f}",
                f"{r['peak_mb']:,.0f}",
                r["candidates"],
                r["verified"],
            ]
        )
    out.append(
        _table(
            [
                "pipeline",
                "ARI",
                "ARI copies+edits",
                "pair precision",
                "pair recall",
                "paraphrase join",
                "clusters",
                "true stories",
            ],
            quality_rows,
        )
    )
    out.append("")
    out.append(
        _table(
            [
                "pipeline",
                "cluster s (from stored text; median)",
                "articles/s",
                "peak MB",
                "candidates",
                "verified",
            ],
            speed_rows,
        )
    )
    if "ingest" in results:
        i = results["ingest"]
        out.append("")
        out.append(
            f"ingest: {i['stored']:,} articles in {i['seconds']:.1f} s = {i['rate']:,.0f} "
            f"articles/s; peak MB {i['peak_mb']:,.0f} (+ workers {i['workers_peak_mb']:,.0f})"
        )
    for name in ("local", "spark"):
        if name in results:
            stages = results[name]["stages"]
            n_ = results[name]["n"]
            out.append("")
            out.append(
                _table(
                    ["stage (" + name + ")", "seconds", "articles/s"],
                    [[k, f"{v:.2f}", f"{n_ / v:,.0f}" if v else "—"] for k, v in stages.items()],
                )
            )
    if "baseline" in results and "local" in results:
        ratio = results["baseline"]["seconds"] / results["local"]["seconds"]
        out.append("")
        out.append(
            f"speed-up over the datasketch baseline (end to end from stored text): {ratio:.1f}x"
        )
    if "spark" in results and "local" in results:
        out.append(f"spark labels identical to local: {results.get('identical')}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", default="local", choices=["local", "spark", "both"])
    parser.add_argument("--spark-master", default="local[2]")
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--pan", action="store_true", help="add PAN source documents to the pool")
    parser.add_argument("--repeat", type=int, default=1, help="runs of local and baseline")
    parser.add_argument(
        "--device", default="cpu", choices=["cpu", "cuda"], help="semantic search on a GPU"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/storytrace-bench"))
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.corpus = str(args.workdir / f"corpus-{args.n}-{args.seed}.jsonl")
    args.db = str(args.workdir / f"corpus-{args.n}-{args.seed}.duckdb")
    if args.phase:
        print(json.dumps(PHASES[args.phase](args), default=float))
        return
    results: dict = {}
    if not Path(args.corpus).exists():
        results["generate"] = _run_phase("generate", args)
    ingest_record = Path(args.db + ".ingest.json")  # kept so a later run can report it
    if not Path(args.db).exists():
        results["ingest"] = _run_phase("ingest", args)
        ingest_record.write_text(json.dumps(results["ingest"]))
    elif ingest_record.exists():
        results["ingest"] = json.loads(ingest_record.read_text())
    engines = ["local", "spark"] if args.engine == "both" else [args.engine]
    runs: dict[str, list[dict]] = {}
    for _ in range(args.repeat):  # alternate, so a slow spell hits both pipelines alike
        if "local" in engines:
            runs.setdefault("local", []).append(_run_phase("cluster", args, "local"))
        if args.baseline:
            runs.setdefault("baseline", []).append(_run_phase("baseline", args))
    for name, done in runs.items():
        results[name] = _median_run(done)
    if "spark" in engines:
        results["spark"] = _run_phase("cluster", args, "spark")
    if len(engines) == 2:
        local = json.loads(Path(args.db + ".local.labels.json").read_text())
        spark = json.loads(Path(args.db + ".spark.labels.json").read_text())
        results["identical"] = local == spark
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"corpus-{args.n}.json").write_text(json.dumps(results, indent=2, default=float))
    print(report(args.n, results))


if __name__ == "__main__":
    main()
