"""The parser seam: what ``facts`` and ``provenance`` read from a parse, and who makes it.

Every detector reads a parse through the shapes below — ``Doc``, ``Token`` and ``TokenSpan`` —
which are the parts of spaCy's objects this code actually uses, and nothing else. The parse is
made by the current ``Parser``: ``SpacyParser`` (``spacy_parser``, spaCy's English pipeline) by
default, or ``FakeParser`` (``fake``, rules over whitespace tokens) in unit tests that should
run without spaCy. ``using(parser)`` swaps the parser for a block; the parse cache in ``nlp``
is emptied whenever the parser changes, so parses of two parsers never mix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, overload


class Token(Protocol):
    """One word or punctuation mark of a parsed sentence."""

    @property
    def i(self) -> int: ...  # position in the Doc
    @property
    def idx(self) -> int: ...  # character offset in Doc.text
    @property
    def text(self) -> str: ...
    @property
    def lower_(self) -> str: ...
    @property
    def lemma_(self) -> str: ...
    @property
    def pos_(self) -> str: ...  # universal part of speech: NOUN, PROPN, VERB, NUM, ...
    @property
    def tag_(self) -> str: ...  # Penn Treebank tag: NN, NNP, VBD, CD, ...
    @property
    def dep_(self) -> str: ...  # dependency label to ``head``; "ROOT" at the root
    @property
    def head(self) -> Token: ...  # the root is its own head
    @property
    def children(self) -> Iterator[Token]: ...
    @property
    def lefts(self) -> Iterator[Token]: ...
    @property
    def rights(self) -> Iterator[Token]: ...
    @property
    def subtree(self) -> Iterator[Token]: ...  # the token and its descendants, in order
    @property
    def ent_type_(self) -> str: ...  # "" outside a named entity
    @property
    def ent_iob_(self) -> str: ...  # "B", "I", "O" (or "" when unset)
    @property
    def like_num(self) -> bool: ...
    @property
    def is_alpha(self) -> bool: ...
    @property
    def is_title(self) -> bool: ...
    @property
    def is_upper(self) -> bool: ...
    @property
    def is_punct(self) -> bool: ...
    @property
    def is_stop(self) -> bool: ...
    @property
    def doc(self) -> Doc: ...
    def __len__(self) -> int: ...


class TokenSpan(Protocol):
    """A slice of a Doc: a named entity (``Doc.ents``) or ``doc[start:end]``."""

    @property
    def start(self) -> int: ...  # token positions
    @property
    def end(self) -> int: ...
    @property
    def start_char(self) -> int: ...
    @property
    def end_char(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def label_(self) -> str: ...  # the entity type: PERSON, GPE, ORG, DATE, CARDINAL, ...
    @property
    def root(self) -> Token: ...
    def __iter__(self) -> Iterator[Token]: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, key: int) -> Token: ...
    @overload
    def __getitem__(self, key: slice) -> TokenSpan: ...


class Doc(Protocol):
    """One parsed text (the engine parses a sentence at a time)."""

    @property
    def text(self) -> str: ...
    @property
    def ents(self) -> tuple[TokenSpan, ...]: ...
    def __iter__(self) -> Iterator[Token]: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, key: int) -> Token: ...
    @overload
    def __getitem__(self, key: slice) -> TokenSpan: ...


class Parser(Protocol):
    """Turns text into ``Doc`` objects. ``name`` tells parses of different parsers apart."""

    @property
    def name(self) -> str: ...

    def parse(self, text: str) -> Doc: ...

    def parse_many(self, texts: Sequence[str]) -> Iterable[Doc]:
        """One Doc per text, in order (a batch where the parser has one)."""
        ...


_current: Parser | None = None


def current() -> Parser:
    """The parser in use: spaCy's English pipeline unless ``use``/``using`` set another."""
    global _current
    if _current is None:
        from storytrace.language.spacy_parser import SpacyParser

        _current = SpacyParser()
    return _current


def use(parser: Parser | None) -> None:
    """Parse with ``parser`` from now on (``None``: back to the default spaCy parser)."""
    global _current
    _current = parser


@contextmanager
def using(parser: Parser) -> Iterator[Parser]:
    """Parse with ``parser`` inside the block, then go back to the parser used before."""
    before = _current
    use(parser)
    try:
        yield parser
    finally:
        use(before)
