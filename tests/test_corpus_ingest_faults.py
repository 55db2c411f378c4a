"""Ingest under faults: killed parents take their workers along, SIGKILL at random points loses
nothing and stores nothing twice, failures are recorded once however often a run resumes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storytrace.corpus import CorpusSettings, ingest_corpus, open_store

ONE = CorpusSettings(workers=1, batch_size=4)
BODY = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "Officials said the plan adds 120 teachers and repairs two bridges.\n\n"
    "Critics argued that the spending was too high, while supporters praised the investment."
)
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _jsonl(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"text": f"Story {i}. {BODY}", "title": f"Story {i}"}) + "\n")
    return path


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever reaps in this container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@LINUX
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_killed_ingest_takes_its_workers_and_resource_tracker_along(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """`kill -9` / `kill -TERM` of `storytrace ingest` used to leave two workers (~430 MB each)
    and multiprocessing's resource tracker running with parent 1."""
    corpus = _jsonl(tmp_path / "r.jsonl", 3000)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "storytrace", "ingest", "--db", str(tmp_path / "c.duckdb")]
    parent = subprocess.Popen(
        [*command, "--workers", "2", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # not a pipe: an orphan holding it would block the test
        env=env,
    )
    try:
        give_up = time.monotonic() + 120  # a bound for a loaded CI machine, not a measurement
        workers: list[int] = []
        while len(workers) < 2:
            assert parent.poll() is None, "ingest ended before its workers started"
            assert time.monotonic() < give_up, "workers never started"
            workers = [p for p in _children(parent.pid) if b"spawn_main" in _cmdline(p)]
            time.sleep(0.05)
        family = _children(parent.pid)  # workers and the resource tracker
        assert any(b"resource_tracker" in _cmdline(p) for p in family)
        parent.send_signal(sig)
        parent.wait(timeout=60)
        deadline = time.monotonic() + 30
        while any(_running(p) for p in family) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [p for p in family if _running(p)]
    finally:
        if parent.poll() is None:
            parent.kill()
    for pid in left:  # clean up before failing, so a regression does not leak processes
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"still running after the parent died: {left}"
    if sig == signal.SIGTERM:
        assert parent.returncode == 130  # TERM ends the run like Ctrl-C


@LINUX
def test_sigkill_at_random_points_then_resume_stores_each_article_once(tmp_path: Path) -> None:
    """Kill an ingest (forked, in-process) at random moments many times, then finish it: every
    article is stored exactly once and nothing half-written survives (DuckDB's WAL replays)."""
    n = 120
    corpus = _jsonl(tmp_path / "r.jsonl", n)
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")  # one failure to keep, once
    db = tmp_path / "c.duckdb"
    inputs = [str(corpus), str(tmp_path / "bad.txt")]
    rng = random.Random(15)
    kills = 0
    for _ in range(12):
        pid = os.fork()
        if pid == 0:  # the child: ingest until killed
            try:
                ingest_corpus(inputs, db, corpus=CorpusSettings(workers=1, batch_size=3))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 1.5))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        kills += os.WIFSIGNALED(status)
    report = ingest_corpus(inputs, db, corpus=ONE)
    with open_store(db, read_only=True) as store:
        con = store.con
        sources = [r[0] for r in con.execute("SELECT source FROM articles").fetchall()]
        sentences = con.execute("SELECT count(DISTINCT article_id) FROM sentences").fetchone()
        dup_spans = con.execute(
            "SELECT count(*) FROM (SELECT article_id, idx FROM sentences GROUP BY ALL "
            "HAVING count(*) > 1)"
        ).fetchone()
        failures = con.execute("SELECT source FROM failures").fetchall()
    assert kills >= 1, "no run was killed mid-way: the test did not test anything"
    assert sorted(sources) == sorted(f"{corpus}#{i}" for i in range(1, n + 1))
    assert sentences == (n,) and dup_spans == (0,)
    assert failures == [(str(tmp_path / "bad.txt"),)]
    assert report.stored + report.skipped == n


def test_failures_are_recorded_once_across_resumes(tmp_path: Path) -> None:
    """Two bad files and three runs: two failure rows (it was six), each with the latest run."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n....")
    db = tmp_path / "c.duckdb"
    runs = [ingest_corpus([str(tmp_path / "in")], db, corpus=ONE) for _ in range(3)]
    assert [len(r.failures) for r in runs] == [2, 2, 2]  # retried each time, in case of a fix
    with open_store(db, read_only=True) as store:
        rows = store.con.execute("SELECT source, run_id FROM failures ORDER BY source").fetchall()
        assert store.count("articles") == 1
    assert [Path(source).name for source, _ in rows] == ["empty.txt", "image.html"]
    assert {run for _, run in rows} == {runs[-1].run_id}
    (tmp_path / "in" / "empty.txt").write_text(BODY + " Fixed.", encoding="utf-8")
    ingest_corpus([str(tmp_path / "in")], db, corpus=ONE)
    with open_store(db, read_only=True) as store:
        assert store.count("failures") == 1  # a fixed input's failure goes when it is stored


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_not_an_empty_file_and_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")  # opening it for reading would block for ever
    (tmp_path / "in" / "good.txt").write_text(BODY, encoding="utf-8")
    report = ingest_corpus([str(tmp_path / "in")], tmp_path / "c.duckdb", corpus=ONE)
    assert report.stored == 1
    (failure,) = report.failures
    assert failure.reason.startswith("is a FIFO (named pipe), not a regular file")
