"""What every detector reads: both articles parsed once, their mentions, and passages of them.

``Side`` holds one article's parses and entities; ``Passage`` is the parsed sentences of one
side of an alignment (or an unmatched span, or a heading's paragraph). ``finding`` builds a
``Discrepancy`` so every detector clamps confidence and words its output the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Token

from storytrace.language.mentions import ArticleEntities, Mention, NameRegistry, extract
from storytrace.language.nlp import ArticleParses, Sent
from storytrace.models import (
    Article,
    Discrepancy,
    DiscrepancyType,
    Severity,
    Span,
    TextRef,
)


@dataclass(slots=True)
class Side:
    """One article of the pair: its parses, mentions and publication date."""

    label: str  # "a" or "b"
    article: Article
    parses: ArticleParses
    entities: ArticleEntities = field(default_factory=ArticleEntities)
    _by_token: dict[tuple[int, int], Mention] = field(default_factory=dict)
    # Per-article results detectors reuse across passages (keyed by detector), filled lazily.
    memo: dict[str, object] = field(default_factory=dict)

    @property
    def published(self) -> dt.date | None:
        return publication_date(self.article.published)

    @property
    def name(self) -> str:
        return self.label.upper()

    def index(self, registry: NameRegistry, sents: Iterable[Sent]) -> None:
        for sent in sents:
            if self.entities.of(sent) or _key(sent) in self.entities.by_sent:
                continue
            mentions = extract(sent, registry)
            self.entities.add(sent, mentions)
            for mention in mentions:
                for i in range(mention.start, mention.end):
                    self._by_token[(_key(sent), i)] = mention

    def mentions(self, sent: Sent) -> list[Mention]:
        return [self.entities.resolve(m) for m in self.entities.of(sent)]

    def mention_at(self, sent: Sent, token: Token) -> Mention | None:
        found = self._by_token.get((_key(sent), token.i))
        return self.entities.resolve(found) if found is not None else None

    def key_of(self, sent: Sent, token: Token) -> str | None:
        """Identity of an argument: the entity it names, else its lemma (nouns only)."""
        mention = self.mention_at(sent, token)
        if mention is not None:
            return mention.id
        for child in token.children:
            if child.dep_ in ("compound", "flat"):
                inner = self.mention_at(sent, child)
                if inner is not None:
                    return inner.id
        if token.pos_ in ("NOUN", "PROPN", "NUM"):
            return token.lemma_.lower()
        return None


def publication_date(value: str | None) -> dt.date | None:
    """The article's ISO publication date as a date, or None when absent or unreadable."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _key(sent: Sent) -> int:
    return sent.base if sent.block is None else -1 - sent.block


@dataclass(slots=True)
class Passage:
    side: Side
    sents: list[Sent]

    def tokens(self) -> Iterator[tuple[Sent, Token]]:
        for sent in self.sents:
            for token in sent.doc:
                yield sent, token

    def mentions(self) -> list[Mention]:
        return [m for sent in self.sents for m in self.side.mentions(sent)]

    @property
    def span(self) -> Span:
        return Span(self.sents[0].span.start, self.sents[-1].span.end)


def finding(
    kind: DiscrepancyType,
    severity: Severity,
    a: TextRef | None,
    b: TextRef | None,
    value_a: str | None,
    value_b: str | None,
    explanation: str,
    confidence: float,
) -> Discrepancy:
    return Discrepancy(
        type=kind,
        severity=severity,
        a=a,
        b=b,
        value_a=value_a,
        value_b=value_b,
        explanation=explanation,
        confidence=round(min(1.0, max(0.0, confidence)), 3),
    )


def excerpt(text: str, limit: int = 80) -> str:
    """A short quotable form of ``text`` for explanations."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
