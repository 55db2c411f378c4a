"""Bounded fuzz runs (hypothesis, fixed example counts: a few seconds each) of the extractor and
the JSON loaders. The contract under test: any input gives an ``Article`` (or a ``Comparison``)
or a ``StorytraceError`` with a one-line message, never another exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.errors import InputError, SchemaError, StorytraceError
from storytrace.ingest import load_article
from storytrace.ingest.records import parse_records, record_article
from storytrace.models import Article, Comparison
from storytrace.serialize import from_json, to_json

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
TAGS = ["html", "body", "article", "p", "div", "h1", "nav", "script", "title", "meta", "a"]


@st.composite
def markup(draw: st.DrawFn) -> str:
    """HTML-shaped noise: tags (balanced or not), text, entities and stray bytes."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(st.sampled_from(TAGS))
        parts.append(
            draw(
                st.sampled_from(
                    [f"<{tag}>", f"</{tag}>", f"<{tag} class='x'>", "&amp;", "&#0;", "<!--", "-->"]
                )
                | st.text(max_size=30)
            )
        )
    return "".join(parts)


def _one_line(error: StorytraceError) -> None:
    assert "\n" not in str(error)


@FUZZ
@given(
    data=st.one_of(st.binary(max_size=2000), markup().map(str.encode)),
    suffix=st.sampled_from([".html", ".txt", ".json", ".jsonl", ".md", ""]),
)
def test_fuzz_extractor_on_arbitrary_files(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        article = load_article(path)
    except InputError as error:
        _one_line(error)
        return
    assert isinstance(article, Article)
    for span in article.sentences:
        assert 0 <= span.start < span.end <= len(article.text)


@FUZZ
@given(json_values)
def test_fuzz_record_loader_on_arbitrary_json(value: object) -> None:
    text = json.dumps(value)
    try:
        records = parse_records(text, "r.json", json_lines=False)
        for record in records:
            record_article(record, "r.json", _settings())
    except InputError as error:
        _one_line(error)


@FUZZ
@given(st.lists(st.text(max_size=80), max_size=5))
def test_fuzz_json_lines_loader_on_arbitrary_lines(lines: list[str]) -> None:
    try:
        parse_records("\n".join(lines), "r.jsonl", json_lines=True)
    except InputError as error:
        _one_line(error)


@FUZZ
@given(st.one_of(json_values, st.text(max_size=200)))
def test_fuzz_comparison_loader(value: object) -> None:
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        from_json(text, Comparison)
    except SchemaError as error:
        _one_line(error)


@pytest.fixture(scope="module")
def saved_comparison() -> dict[str, object]:
    from conftest import EXAMPLE_A, EXAMPLE_B

    from storytrace.align.embedder import HashingEmbedder
    from storytrace.api import compare_articles
    from storytrace.config import DEFAULT_SETTINGS
    from storytrace.ingest import load_articles

    a, b = load_articles([EXAMPLE_A, EXAMPLE_B])
    comparison = compare_articles(a, b, DEFAULT_SETTINGS, HashingEmbedder(), discrepancies=False)
    return json.loads(to_json(comparison))


def _mutate(data: object, path: list[str | int], value: object) -> object:
    """``data`` with the element at ``path`` (as far as it exists) replaced by ``value``."""
    if not path or not isinstance(data, dict | list):
        return value
    key, rest = path[0], path[1:]
    if isinstance(data, dict) and data:
        name = sorted(data)[_stable(key) % len(data)]
        return {**data, name: _mutate(data[name], rest, value)}
    if isinstance(data, list) and data:
        index = _stable(key) % len(data)
        return [*data[:index], _mutate(data[index], rest, value), *data[index + 1 :]]
    return value


@FUZZ
@given(
    path=st.lists(st.text(max_size=3) | st.integers(0, 50), min_size=1, max_size=5),
    value=json_values,
)
def test_fuzz_comparison_loader_on_mutated_files(
    saved_comparison: dict[str, object], path: list[str | int], value: object
) -> None:
    """A real saved Comparison with one field replaced by a wrong type or shape."""
    text = json.dumps(_mutate(saved_comparison, path, value))
    try:
        from_json(text, Comparison)
    except SchemaError as error:
        _one_line(error)


def _settings():  # type: ignore[no-untyped-def]
    from storytrace.config import DEFAULT_SETTINGS

    return DEFAULT_SETTINGS


def _stable(key: str | int) -> int:
    """A position from a path element, the same in every process (``hash`` of str is salted)."""
    return key if isinstance(key, int) else sum(map(ord, key))
