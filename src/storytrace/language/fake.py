"""``FakeParser``: parses made from a few fixed rules, for unit tests that should not need spaCy.

Rules (enough for a detector's unit test to say what it means, nothing like a real parse):

* tokens: runs of word characters (with inner ``.``/``,`` between digits: "5.1", "1,200") and
  single punctuation marks; whitespace separates and is never a token;
* numbers: a token of digits is ``NUM`` (tag ``CD``, ``like_num``), attached as ``nummod`` to
  the next noun or name, and a ``CARDINAL`` entity; number words ("five") are ``NUM`` too;
* names: a run of capitalised words not at the start of the sentence (or at the start and
  followed by another capitalised word) is ``PROPN`` (tag ``NNP``) and one ``PERSON`` entity;
* verbs: a word from a short list of verbs, or ending in "ed", is ``VERB`` (tag ``VBD``); the
  first verb is the root (else the first token) and every other token hangs from it (``nsubj``
  for the last noun or name before the root, ``dobj`` for nouns after it, ``punct``, ``dep``);
* lemma: the lower-cased word (no lemmatiser).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:'\w+)?|[^\w\s]")
_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "billion",
        "dozen",
    ]
)
_FUNCTION_WORDS = {
    **dict.fromkeys(("the", "a", "an", "this", "that", "these", "those"), "DET"),
    **dict.fromkeys(("in", "on", "at", "of", "for", "to", "from", "by", "with"), "ADP"),
    **dict.fromkeys(("and", "or", "but"), "CCONJ"),
    **dict.fromkeys(("he", "she", "it", "they", "we", "i", "you"), "PRON"),
    **dict.fromkeys(("is", "are", "was", "were", "be", "been", "has", "have", "had"), "AUX"),
    **dict.fromkeys(("will", "would", "may", "might", "could", "can"), "AUX"),
    **dict.fromkeys(("not", "never"), "PART"),
}
_VERBS = frozenset(("said", "says", "hurt", "killed", "died", "told", "signed", "reported"))
_STOP = frozenset(_FUNCTION_WORDS)
_TAGS = {"NUM": "CD", "PROPN": "NNP", "VERB": "VBD", "NOUN": "NN", "PUNCT": "."}


@dataclass(eq=False)
class FakeToken:
    doc: FakeDoc = field(repr=False)
    i: int
    idx: int
    text: str
    pos_: str = "NOUN"
    dep_: str = "dep"
    head_i: int = 0
    ent_type_: str = ""
    ent_iob_: str = "O"

    @property
    def lower_(self) -> str:
        return self.text.lower()

    @property
    def lemma_(self) -> str:
        return self.text.lower()

    @property
    def tag_(self) -> str:
        return _TAGS.get(self.pos_, self.pos_)

    @property
    def head(self) -> FakeToken:
        return self.doc.tokens[self.head_i]

    @property
    def children(self) -> Iterator[FakeToken]:
        return (t for t in self.doc.tokens if t.head_i == self.i and t.i != self.i)

    @property
    def lefts(self) -> Iterator[FakeToken]:
        return (t for t in self.children if t.i < self.i)

    @property
    def rights(self) -> Iterator[FakeToken]:
        return (t for t in self.children if t.i > self.i)

    @property
    def subtree(self) -> Iterator[FakeToken]:
        inside = {self.i}
        changed = True  # heads may stand after their dependents: repeat until nothing is added
        while changed:
            changed = False
            for t in self.doc.tokens:
                if t.i not in inside and t.head_i in inside and t.head_i != t.i:
                    inside.add(t.i)
                    changed = True
        return (t for t in self.doc.tokens if t.i in inside)

    @property
    def like_num(self) -> bool:
        return self.text[0].isdigit() or self.lower_ in _NUMBER_WORDS

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_title(self) -> bool:
        return self.text.istitle()

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()

    @property
    def is_punct(self) -> bool:
        return self.pos_ == "PUNCT"

    @property
    def is_stop(self) -> bool:
        return self.lower_ in _STOP

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return self.text


@dataclass(frozen=True)
class FakeSpan:
    doc: FakeDoc = field(repr=False)
    start: int
    end: int
    label_: str = ""

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if self.start < self.end else 0

    @property
    def end_char(self) -> int:
        if self.start >= self.end:
            return self.start_char
        last = self.doc.tokens[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char : self.end_char]

    @property
    def root(self) -> FakeToken:
        tokens = self.doc.tokens[self.start : self.end]
        outside = [t for t in tokens if not self.start <= t.head_i < self.end or t.head_i == t.i]
        return (outside or tokens)[0]

    def __iter__(self) -> Iterator[FakeToken]:
        return iter(self.doc.tokens[self.start : self.end])

    def __len__(self) -> int:
        return self.end - self.start

    @overload
    def __getitem__(self, key: int) -> FakeToken: ...
    @overload
    def __getitem__(self, key: slice) -> FakeSpan: ...
    def __getitem__(self, key: int | slice) -> FakeToken | FakeSpan:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self))
            return FakeSpan(self.doc, self.start + start, self.start + max(start, stop))
        return self.doc.tokens[self.start : self.end][key]


@dataclass(eq=False)
class FakeDoc:
    text: str
    tokens: list[FakeToken] = field(default_factory=list)
    ents: tuple[FakeSpan, ...] = ()

    def __iter__(self) -> Iterator[FakeToken]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    @overload
    def __getitem__(self, key: int) -> FakeToken: ...
    @overload
    def __getitem__(self, key: slice) -> FakeSpan: ...
    def __getitem__(self, key: int | slice) -> FakeToken | FakeSpan:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return FakeSpan(self, start, max(start, stop))
        return self.tokens[key]


class FakeParser:
    """Parses by the rules in the module docstring; deterministic, instant, no model."""

    name = "fake"

    def parse(self, text: str) -> FakeDoc:
        doc = FakeDoc(text)
        doc.tokens = [
            FakeToken(doc, i, m.start(), m.group()) for i, m in enumerate(_TOKEN.finditer(text))
        ]
        tokens = doc.tokens
        for t in tokens:
            t.pos_ = _pos(t, tokens)
        ents: list[FakeSpan] = []
        i = 0
        while i < len(tokens):  # runs of names, and numbers, are entities
            label = {"PROPN": "PERSON", "NUM": "CARDINAL"}.get(tokens[i].pos_)
            end = i + 1
            while label and end < len(tokens) and tokens[end].pos_ == tokens[i].pos_:
                end += 1
            if label:
                ents.append(FakeSpan(doc, i, end, label))
                for k in range(i, end):
                    tokens[k].ent_type_ = label
                    tokens[k].ent_iob_ = "B" if k == i else "I"
            i = end
        doc.ents = tuple(ents)
        root = next((t.i for t in tokens if t.pos_ == "VERB"), 0)
        for t in tokens:
            t.head_i, t.dep_ = _attach(t, tokens, root)
        return doc

    def parse_many(self, texts: Sequence[str]) -> Iterable[FakeDoc]:
        return [self.parse(text) for text in texts]


def _pos(token: FakeToken, tokens: list[FakeToken]) -> str:
    word = token.text
    if not word[0].isalnum():
        return "PUNCT"
    if word[0].isdigit() or word.lower() in _NUMBER_WORDS:
        return "NUM"
    if word.lower() in _FUNCTION_WORDS:
        return _FUNCTION_WORDS[word.lower()]
    if word[0].isupper():
        following = tokens[token.i + 1].text if token.i + 1 < len(tokens) else ""
        if token.i > 0 or following[:1].isupper():
            return "PROPN"
    if word.lower() in _VERBS or word.lower().endswith("ed"):
        return "VERB"
    return "NOUN"


def _attach(token: FakeToken, tokens: list[FakeToken], root: int) -> tuple[int, str]:
    if token.i == root:
        return root, "ROOT"
    if token.pos_ == "PUNCT":
        return root, "punct"
    if token.pos_ == "NUM":
        counted = next((t for t in tokens[token.i + 1 :] if t.pos_ in ("NOUN", "PROPN")), None)
        if counted is not None:
            return counted.i, "nummod"
    before = [t.i for t in tokens[:root] if t.pos_ in ("NOUN", "PROPN")]
    if before and token.i == before[-1]:
        return root, "nsubj"
    if token.pos_ in ("NOUN", "PROPN") and token.i > root:
        return root, "dobj"
    return root, "dep"
