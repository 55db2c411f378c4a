"""The fake parser: rule-made parses of the ``parser.Doc`` shape, and the seam that swaps it in."""

from __future__ import annotations

from storytrace.language import nlp
from storytrace.language import parser as parsers
from storytrace.language.fake import FakeParser


def test_tokens_numbers_and_names() -> None:
    doc = FakeParser().parse("Officials said 40 people were hurt in New Springfield on Monday.")
    assert [t.text for t in doc] == [
        "Officials", "said", "40", "people", "were", "hurt", "in", "New", "Springfield", "on",
        "Monday", ".",
    ]  # fmt: skip
    assert all(doc.text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    forty = doc[2]
    assert (forty.pos_, forty.tag_, forty.like_num, forty.ent_type_) == (
        "NUM",
        "CD",
        True,
        "CARDINAL",
    )
    assert (forty.dep_, forty.head.text) == ("nummod", "people")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("40", "CARDINAL"),
        ("New Springfield", "PERSON"),
        ("Monday", "PERSON"),
    ]
    assert doc[0].pos_ == "NOUN"  # a capitalised first word alone is not a name
    assert [doc[7].ent_iob_, doc[8].ent_iob_] == ["B", "I"]


def test_tree_shape_root_children_subtree_and_slices() -> None:
    doc = FakeParser().parse("Police arrested 12 men, 3.5 km away.")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert root.text == "arrested" and root.head is root
    assert all(t.head is root or t.dep_ == "nummod" for t in doc if t is not root)
    assert doc[1].pos_ == "VERB" and [t.text for t in doc[2].head.subtree] == ["12", "men"]
    assert "3.5" in [t.text for t in doc]
    span = doc[2:4]
    assert (span.text, span.start_char, span.end_char, len(span)) == ("12 men", 16, 22, 2)
    assert span.root.text == "men" and span[0].text == "12" and span[1:].text == "men"
    assert {t.text for t in root.lefts} == {"Police"}
    assert "men" in {t.text for t in root.rights}


def test_the_parse_cache_goes_through_the_current_parser_and_never_mixes_parsers() -> None:
    text = "Forty people were hurt."
    with parsers.using(FakeParser()) as fake:
        assert parsers.current() is fake
        first = nlp.parse_all([text])[0]
        assert type(first).__name__ == "FakeDoc"
        assert nlp.parse_all([text])[0] is first  # cached
        assert type(nlp.parse_one(text)).__name__ == "FakeDoc"
    assert parsers.current() is not fake
    with parsers.using(FakeParser()):  # a new parser of the same name may reuse the cache
        assert nlp.parse_all([text])[0] is first


class _Other(FakeParser):
    name = "other"


def test_switching_to_a_parser_of_another_name_empties_the_cache() -> None:
    text = "Forty people were hurt."
    with parsers.using(FakeParser()):
        first = nlp.parse_all([text])[0]
    with parsers.using(_Other()):
        assert nlp.parse_all([text])[0] is not first
