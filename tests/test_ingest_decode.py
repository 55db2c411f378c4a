"""Control characters and terminal escapes: stripped at ingest from every format, so stored and
returned article text is clean; text that is mostly controls is refused as not text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace.corpus import CorpusSettings, ingest_corpus, open_store
from storytrace.errors import BinaryInputError
from storytrace.ingest import load_article
from storytrace.ingest.decode import decode, strip_controls

BODY = (
    "Armenia and Azerbaijan agreed on Tuesday to resume border talks, officials said.\n\n"
    "The commissions will meet in April, according to a joint statement.\n"
)
HOSTILE = "\x1b[2J\x1b[31m\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\"
CONTROL = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r")


def has_controls(text: str) -> bool:
    return any(ch in CONTROL or ch == "\x1b" for ch in text)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[2Jb", "ab"),
        ("\x1b[1;31mred\x1b[0m", "red"),
        ("title\x1b]0;window title\x07 end", "title end"),
        ("link \x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\", "link text"),
        ("bell\x07 and nul\x00 and del\x7f and c1\x85\x9b31m.", "bell and nul and del and c1."),
        ("tab\tnew\nline\r\n", "tab\tnew\nline\r\n"),
        ("page\x0cbreak\x0bvt", "page break vt"),
        ("plain text", "plain text"),
    ],
)
def test_strip_controls(raw: str, clean: str) -> None:
    assert strip_controls(raw) == clean
    assert strip_controls(clean) == clean  # idempotent


def test_escape_sequences_in_a_text_file_are_stripped(tmp_path: Path) -> None:
    """It was refused as "could not determine the text encoding" above 0.1 % controls."""
    path = tmp_path / "evil.txt"
    body = BODY.replace("Tuesday", f"Tuesday{HOSTILE}") * 3
    path.write_text(f"Border talks{HOSTILE}\n\n{body}", encoding="utf-8")
    article = load_article(path)
    assert not has_controls(article.text)
    assert "Tuesday to resume" in article.text
    for span in article.sentences:  # offsets are into the cleaned text
        assert span.of(article.text).strip() == span.of(article.text)


def test_jsonl_escapes_are_stripped_from_text_and_metadata(tmp_path: Path) -> None:
    """JSON ``\\u001b`` escapes never reach the byte decoder: records are cleaned on their own."""
    path = tmp_path / "r.jsonl"
    record = {"text": f"{HOSTILE}{BODY}", "title": f"Talks{HOSTILE}", "author": "A\x1b[8m B"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    article = load_article(f"{path}#1")
    assert not has_controls(article.text)
    assert article.title == "Talks"
    assert article.author == "A B"
    report = ingest_corpus([str(path)], tmp_path / "c.duckdb", corpus=CorpusSettings(workers=1))
    assert report.stored == 1
    with open_store(tmp_path / "c.duckdb", read_only=True) as store:
        text, title = store.con.execute("SELECT text, title FROM articles").fetchone()  # type: ignore[misc]
    assert not has_controls(text) and title == "Talks"


def test_mostly_control_characters_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 32)) * 50 + b" some words")
    with pytest.raises(BinaryInputError, match=r"noise.txt: not text: \d+% of it is control"):
        load_article(path)


def test_legacy_text_with_many_controls_says_so(tmp_path: Path) -> None:
    """Not UTF-8 and full of controls: the message names the controls, not the encoding."""
    data = ("Caf\xe9 cr\xe8me \x1b[31m" * 40).encode("cp1252")
    with pytest.raises(BinaryInputError, match="control characters"):
        decode(data, "x.txt")
