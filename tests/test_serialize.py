import json
import os
from pathlib import Path

import pytest

from storytrace.errors import SchemaError
from storytrace.models import (
    Alignment,
    AlignmentKind,
    Article,
    Comparison,
    Fragment,
    RemovalReason,
    RemovedBlock,
    ReuseSummary,
    Span,
    StatementLink,
    StoryMatch,
    StoryVerdict,
)
from storytrace.serialize import from_json, to_json


def _comparison() -> Comparison:
    article = Article(
        id="abc",
        source="a.txt",
        text="One two three four five.",
        published="2023-10-13",
        removed=(RemovedBlock("Recent Posts", RemovalReason.RELATED_LINKS, 24),),
        paragraphs=(Span(0, 24),),
        sentences=(Span(0, 24),),
    )
    alignment = Alignment(
        Span(0, 24),
        Span(0, 24),
        AlignmentKind.VERBATIM,
        1.0,
        0.99,
        (Fragment(Span(0, 23), Span(0, 23)),),
    )
    reuse = ReuseSummary(24, 24, 0, 0, 0)
    return Comparison(
        a=article,
        b=article,
        story=StoryMatch(StoryVerdict.SAME_STORY, 0.9, 0.95, 1.0),
        alignments=(alignment,),
        unmatched_a=(),
        unmatched_b=(Span(0, 3),),
        reuse_a=reuse,
        reuse_b=reuse,
        embedder="hashing",
        warnings=("w",),
        links=(StatementLink(Span(0, 24), Span(0, 24), 0.75, ("three", "five")),),
    )


def test_comparison_round_trips_through_json():
    comparison = _comparison()
    assert from_json(to_json(comparison), Comparison) == comparison


def test_json_carries_schema_version_and_readable_enums():
    data = json.loads(to_json(_comparison()))
    assert data["schema_version"] == "1.2"
    assert data["alignments"][0]["kind"] == "verbatim"
    assert data["a"]["removed"][0]["reason"] == "related links"


def test_incompatible_schema_major_version_is_refused():
    data = json.loads(to_json(_comparison()))
    data["schema_version"] = "2.0"
    with pytest.raises(SchemaError, match=r"schema version 2\.0"):
        from_json(json.dumps(data), Comparison)


def test_bad_enum_value_is_a_schema_error():
    data = json.loads(to_json(_comparison()))
    data["alignments"][0]["kind"] = "copy-paste"
    with pytest.raises(SchemaError, match="copy-paste"):
        from_json(json.dumps(data), Comparison)


def test_span_rejects_inverted_ranges():
    with pytest.raises(ValueError):
        Span(5, 2)


def test_check_output_path_refuses_what_cannot_be_written_and_creates_nothing(
    tmp_path: Path,
) -> None:
    from storytrace.errors import OutputError
    from storytrace.serialize import check_output_path

    check_output_path("-")
    check_output_path(tmp_path / "new.json")
    assert not (tmp_path / "new.json").exists()
    with pytest.raises(OutputError, match="is a directory"):
        check_output_path(tmp_path)
    with pytest.raises(OutputError, match="no such folder"):
        check_output_path(tmp_path / "missing" / "x.json")
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(OutputError, match="Permission denied"):
            check_output_path(locked / "x.json")


def test_schema_1_0_article_without_headings_still_loads() -> None:
    data = json.loads(to_json(_comparison()))
    data["schema_version"] = "1.0"
    for side in ("a", "b"):
        del data[side]["headings"]
    loaded = from_json(json.dumps(data), Comparison)
    assert loaded.a.headings == () and loaded.a.sentences == (Span(0, 24),)


def test_article_headings_round_trip() -> None:
    article = Article(
        id="h",
        source="h.txt",
        text="Heading\n\nOne two three.",
        paragraphs=(Span(0, 7), Span(9, 24)),
        sentences=(Span(9, 24),),
        headings=(Span(0, 7),),
    )
    assert from_json(to_json(article), Article) == article


def test_statement_links_in_json() -> None:
    data = json.loads(to_json(_comparison()))
    assert data["links"] == [
        {
            "a": {"start": 0, "end": 24},
            "b": {"start": 0, "end": 24},
            "score": 0.75,
            "anchors": ["three", "five"],
        }
    ]


def test_schema_1_1_comparison_without_links_still_loads() -> None:
    data = json.loads(to_json(_comparison()))
    data["schema_version"] = "1.1"
    del data["links"]
    loaded = from_json(json.dumps(data), Comparison)
    assert loaded.links == () and loaded.alignments == _comparison().alignments
