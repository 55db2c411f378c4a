"""Cited sources: every source an article credits, as structured records.

Method: the article is parsed once with the discrepancy engine's spaCy pipeline and read with
the same attribution grammar (``storytrace.facts.attribution.sources``: subjects of speech
verbs, agents of passive ones, objects of "according to" and "citing"), so "Politico
reported", "according to Reuters" and "citing two people familiar with…" all count. Two more
slots name the channel rather than the speaker: "in a statement to Politico" credits the
outlet, and "in a post on X" / "tweeted" or "in a letter" make the record a social post or a
document. Mentions resolve to identities through the alias tables, so "AP" and "The
Associated Press" are one source.

Kinds: outlets are split into wire agencies and other outlets by ``AGENCIES``; named people and
office holders are officials; places used as governments ("Baku said") and bodies are
organisations; unnamed sources are anonymous.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Token

from storytrace.facts import attribution
from storytrace.facts.context import Passage, Side
from storytrace.language import lexicon
from storytrace.language.mentions import ANON, GROUP, ORG, OUTLET, PERSON, PLACE, ROLE, NameRegistry
from storytrace.language.nlp import ArticleParses, Sent
from storytrace.models import Article, CitedSource, SourceKind, Span

# Wire services: outlets whose copy other outlets republish (canonical names of the alias table).
AGENCIES = frozenset(
    lexicon.key(name)
    for name in (
        "Reuters",
        "Associated Press",
        "Agence France-Presse",
        "Bloomberg",
        "TASS",
        "Interfax",
        "RIA Novosti",
        "Xinhua",
        "Armenpress",
        "dpa",
        "Deutsche Presse-Agentur",
        "ANSA",
        "EFE",
        "Kyodo",
        "Yonhap",
        "UPI",
        "Anadolu Agency",
        "PTI",
        "ANI",
    )
)
# Written channels: "said in a letter", "in a statement to Politico".
_DOCUMENTS = frozenset(
    [
        "letter",
        "statement",
        "report",
        "filing",
        "memo",
        "memorandum",
        "release",
        "document",
        "documents",
        "resolution",
        "bill",
        "lawsuit",
        "complaint",
        "ruling",
        "transcript",
    ]
)
# Head words of bodies that publish reports without being news outlets.
_BODY_WORDS = frozenset(
    [
        "committee",
        "council",
        "association",
        "union",
        "party",
        "ministry",
        "department",
        "institute",
        "foundation",
        "organization",
        "organisation",
        "office",
        "commission",
        "coalition",
        "group",
        "center",
        "centre",
        "court",
        "bank",
        "agency",
        "authority",
        "board",
        "federation",
        "league",
        "network",
        "watch",
    ]
)
_PUBLISH_VERBS = frozenset(["publish", "report", "break", "air", "broadcast", "carry"])
_POSTS = frozenset(["post", "tweet", "video", "message", "thread"])
_POST_VERBS = frozenset(["tweet", "post"])
_KINDS = {
    PERSON: SourceKind.OFFICIAL,
    ROLE: SourceKind.OFFICIAL,
    attribution.NAME: SourceKind.OFFICIAL,
    GROUP: SourceKind.OFFICIAL,
    ORG: SourceKind.ORGANISATION,
    PLACE: SourceKind.ORGANISATION,
    ANON: SourceKind.ANONYMOUS,
}


def cited_sources(article: Article) -> tuple[CitedSource, ...]:
    """Every source ``article`` credits, in order of first mention."""
    side = _read(article)
    found: dict[tuple[str, SourceKind], _Found] = {}
    for sent in side.parses.parsed():
        for key, name, kind, mention, where in _sources_in(side, sent):
            entry = found.setdefault((key, kind), _Found(name, kind))
            entry.mentions.add(mention)
            entry.sentences.add(where)
    return tuple(
        CitedSource(
            key=key,
            name=entry.name,
            kind=kind,
            mentions=tuple(sorted(entry.mentions)),
            sentences=tuple(sorted(entry.sentences)),
        )
        for (key, kind), entry in sorted(found.items(), key=lambda item: min(item[1].mentions))
    )


class _Found:
    __slots__ = ("kind", "mentions", "name", "sentences")

    def __init__(self, name: str, kind: SourceKind) -> None:
        self.name = name
        self.kind = kind
        self.mentions: set[Span] = set()
        self.sentences: set[Span] = set()


def _read(article: Article) -> Side:
    parses = ArticleParses(article, "a")
    parses.prefetch(parses.sentence_spans)
    side = Side("a", article, parses)
    registry = NameRegistry()
    registry.add_from(parses.parsed())
    side.index(registry, parses.parsed())
    return side


def _sources_in(side: Side, sent: Sent) -> Iterable[tuple[str, str, SourceKind, Span, Span]]:
    """(key, name, kind, where named, sentence) for each source credited in ``sent``."""
    named_outlets: set[int] = set()
    for source in attribution.sources(Passage(side, [sent])):
        mention = source.mention
        kind = _kind(mention.kind, mention.name, source.cue)
        if kind is None:
            continue
        channel = _channel(source.cue)
        name = mention.name
        if channel is not None and kind is not SourceKind.ANONYMOUS:
            name, kind = f"{mention.name} ({channel[0]})", channel[1]
        key = mention.id if mention.kind != attribution.NAME else f"name:{lexicon.key(name)}"
        if kind in (SourceKind.OUTLET, SourceKind.AGENCY):
            named_outlets.add(mention.start)
        yield key, name, kind, sent.token_ref(mention.ref_tokens()).span, sent.span
    # A news outlet named anywhere in a news article is credited as a source: "first published
    # by Axios", "Axios was the first to report", "(Reporting by Reuters)", "he told CNN".
    for mention in side.mentions(sent):
        if mention.kind == OUTLET and mention.start not in named_outlets:
            named_outlets.add(mention.start)
            kind = _kind(OUTLET, mention.name, sent.doc[mention.start])
            if kind is not None:
                yield (
                    mention.id,
                    mention.name,
                    kind,
                    sent.token_ref(mention.ref_tokens()).span,
                    sent.span,
                )
    # An outlet the tables do not know, as the agent of publishing: "first published by the
    # Daily Planet".
    for token in sent.doc:
        if token.lemma_.lower() not in _PUBLISH_VERBS:
            continue
        for agent in (c for c in token.children if c.dep_ == "agent"):
            for target in (c for c in agent.children if c.dep_ == "pobj"):
                if target.i in named_outlets or side.mention_at(sent, target) is not None:
                    continue
                name_token = attribution.proper_name(sent, target)
                if name_token is not None:
                    named_outlets.add(target.i)
                    yield (
                        f"name:{lexicon.key(name_token.text)}",
                        name_token.text,
                        SourceKind.OUTLET,
                        sent.token_ref(name_token.ref_tokens()).span,
                        sent.span,
                    )
    for outlet in _told_to(side, sent):
        named = lexicon.aliases().lookup(sent.text_of([outlet]))
        if named is not None and named.kind == OUTLET:
            kind = SourceKind.AGENCY if lexicon.key(named.name) in AGENCIES else SourceKind.OUTLET
            yield named.id, named.name, kind, sent.token_ref([outlet]).span, sent.span


def _kind(mention_kind: str, name: str, cue: Token) -> SourceKind | None:
    if mention_kind == OUTLET:
        return SourceKind.AGENCY if lexicon.key(name) in AGENCIES else SourceKind.OUTLET
    if mention_kind == attribution.NAME and cue.lemma_.lower() == "report":
        # "Le Monde reported": a name the tables do not know; "the … Committee reported" is a body.
        if _BODY_WORDS & set(name.lower().split()):
            return SourceKind.ORGANISATION
        return SourceKind.OUTLET
    return _KINDS.get(mention_kind)


def _channel(cue: Token) -> tuple[str, SourceKind] | None:
    """The medium of a speech act: ("post on X", SOCIAL_POST), ("letter", DOCUMENT), or None."""
    if cue.lemma_.lower() == "tweet":
        return ("post on X", SourceKind.SOCIAL_POST)
    if cue.lemma_.lower() in _POST_VERBS:
        return ("post", SourceKind.SOCIAL_POST)
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "via", "through"):
            continue
        for noun in prep.children:
            lemma = noun.lemma_.lower()
            if noun.dep_ != "pobj":
                continue
            if lemma in _POSTS:
                platform = _platform_of(noun)
                return (f"post on {platform}" if platform else "post", SourceKind.SOCIAL_POST)
            if lexicon.key(noun.text) in lexicon.aliases().platforms:
                return (f"post on {noun.text}", SourceKind.SOCIAL_POST)
            if lemma in _DOCUMENTS:
                return (lemma, SourceKind.DOCUMENT)
    return None


def _platform_of(noun: Token) -> str | None:
    platforms = lexicon.aliases().platforms
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "on":
            for target in prep.children:
                if lexicon.key(target.text) in platforms:
                    return target.text
    return None


def _told_to(side: Side, sent: Sent) -> Iterable[Token]:
    """Outlets a statement was given to: "in a statement to Politico", "told Reuters"."""
    for token in sent.doc:
        if token.lower_ == "to" and token.head.lemma_.lower() in _DOCUMENTS | {"interview"}:
            yield from (c for c in token.children if c.dep_ == "pobj")
        elif token.lemma_.lower() == "tell":
            yield from (c for c in token.children if c.dep_ in ("dobj", "dative"))


def by_article(sources: Iterable[CitedSource]) -> dict[str, list[CitedSource]]:
    """Sources grouped by canonical key (an outlet cited twice in two kinds counts once)."""
    grouped: dict[str, list[CitedSource]] = defaultdict(list)
    for source in sources:
        grouped[source.key].append(source)
    return grouped
