"""End to end: `storytrace trace` on the bundled example pair (real extractor and embedder)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import EXAMPLE_A, EXAMPLE_B

from storytrace.models import SourceKind, StoryTrace
from storytrace.serialize import from_json

CLI = [sys.executable, "-m", "storytrace.cli"]


def run(*args: str | Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> tuple[StoryTrace, Path, str]:
    """The example folder plus an empty file, traced with every output."""
    folder = tmp_path_factory.mktemp("set")
    for path in (EXAMPLE_A, EXAMPLE_B):
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_text("\n")
    out = tmp_path_factory.mktemp("out")
    result = run(
        "trace",
        folder,
        "--json",
        out / "trace.json",
        "--graphml",
        out / "graph.graphml",
        "--dot",
        out / "graph.dot",
    )
    assert result.returncode == 0, result.stderr
    trace = from_json((out / "trace.json").read_text("utf-8"), StoryTrace)
    return trace, out, result.stdout


def test_trace_example_pair_has_no_direct_edge_and_a_politico_upstream(traced):
    trace, _, stdout = traced
    ids = {a.id for a in trace.articles}
    assert len(ids) == 2
    assert [u.name for u in trace.upstream] == ["Politico"]
    assert {d.parent for d in trace.derivations} == {trace.upstream[0].id}
    assert {d.child for d in trace.derivations} == ids
    assert "Politico (inferred upstream)" in stdout


def test_trace_example_pair_lists_cited_sources_and_fact_versions(traced):
    trace, _, _ = traced
    for entry in trace.sources:
        kinds = {s.name: s.kind for s in entry.sources}
        assert kinds.get("Politico") is SourceKind.OUTLET
        assert SourceKind.ANONYMOUS in kinds.values()
    values = {v.value for f in trace.facts for v in f.versions}
    assert {"a small group of senators", "a group of lawmakers"} <= values
    dated = next(a for a in trace.articles if a.published)
    assert trace.timeline[0] == dated.id  # the undated article goes after the dated one


def test_trace_skips_an_unreadable_file_with_a_warning(traced):
    trace, _, _ = traced
    assert any("empty.txt" in w and "skipped" in w for w in trace.warnings)


def test_trace_graph_exports_match_the_json(traced):
    trace, out, _ = traced
    graph = nx.read_graphml(out / "graph.graphml")
    assert set(graph.edges) == {(d.parent, d.child) for d in trace.derivations}
    dot = (out / "graph.dot").read_text("utf-8")
    assert dot.startswith("digraph story {")
    assert all(f'"{d.parent}" -> "{d.child}"' in dot for d in trace.derivations)


def test_trace_one_article_is_one_line_exit_2():
    result = run("trace", EXAMPLE_A, timeout=60)
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and EXAMPLE_A.name in lines[0] and "two" in lines[0]


def test_trace_missing_folder_is_one_line_exit_2(tmp_path):
    result = run("trace", tmp_path / "nowhere", EXAMPLE_B, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nowhere" in result.stderr
