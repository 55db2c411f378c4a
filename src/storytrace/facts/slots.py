"""Tables for comparing the slots of linked statements, read from ``language/data/slots.json``.

* counted nouns: nouns that count the same things ("shops"/"stores", "guns"/"rifles"), so two
  figures about one event can be compared when the two reports name the counted thing two ways;
* events: words that report one event ("acquire"/"buy", "wed"/"married", "quake"/"earthquake"),
  so ``links`` ties two statements that word the event differently;
* opposites: states that cannot both hold of one thing ("alive"/"dead", "intact"/"destroyed"),
  for ``conflicts``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "language" / "data" / "slots.json"


@cache
def _table() -> dict[str, list[list[str]]]:
    return json.loads(_DATA.read_text("utf-8"))


@cache
def _groups(name: str) -> dict[str, str]:
    return {word: group[0] for group in _table()[name] for word in group}


def counted_class(lemma: str) -> str:
    """The name of the counted-noun group of ``lemma`` (the lemma itself when it has none)."""
    return _groups("counted_nouns").get(lemma, lemma)


def event_of(lemma: str) -> str | None:
    """The event a word reports, when the table lists it."""
    return _groups("events").get(lemma)


@cache
def _opposites() -> frozenset[tuple[str, str]]:
    pairs = _table()["opposites"]
    return frozenset((a, b) for a, b in pairs) | frozenset((b, a) for a, b in pairs)


def opposite(one: str, other: str) -> bool:
    """The two states cannot both hold of one thing."""
    return (one, other) in _opposites()


def state_words() -> frozenset[str]:
    """Every word of the opposites table."""
    return frozenset(w for pair in _table()["opposites"] for w in pair)
