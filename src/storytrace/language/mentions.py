"""Entity mentions: people (with their titles and parties), roles, places, organisations,
outlets, groups of people and anonymous sources, each canonicalised to an identity.

Method: spaCy NER and the dependency parse find the mentions; the alias tables and the group
taxonomy (``lexicon``) canonicalise them. NER labels are not trusted on their own (the small
model calls "Azerbaijan" a person and "Blinken" a place now and then): a name in the alias
tables keeps its table kind, and a name the model labels PERSON anywhere in either article is a
person everywhere (``NameRegistry``). Titles are read from the words in front of a name
("US State Secretary Antony Blinken") and from appositions ("Pallone, the Democrat from New
Jersey"), then a role mentioned without a name ("the Secretary of State") resolves to the one
person the article gives that title.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storytrace.language import lexicon
from storytrace.language.lexicon import Facets
from storytrace.language.nlp import Sent
from storytrace.language.parser import Doc, Token
from storytrace.language.syntax import mention_root
from storytrace.language.wordlists import words

PERSON, ROLE, PLACE, ORG, OUTLET, GROUP, ANON, PLATFORM = (
    "person",
    "role",
    "place",
    "org",
    "outlet",
    "group",
    "anon",
    "platform",
)
# Nouns that, unnamed, stand for a source the article does not name.
_ANON_HEADS = frozenset(
    words(
        """
    person people source official officer insider aide diplomat someone individual
    """
    )
)
_ANON_CUES = frozenset(
    words(
        """
    familiar anonymous unnamed unidentified involved knowledgeable briefed senior
    """
    )
)
_PRONOUNS = frozenset(
    ["he", "she", "they", "him", "her", "them", "his", "its", "their", "it", "i", "we", "you"]
)
_HONORIFICS = frozenset(
    ["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord"]
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention in one sentence, with the identity it resolves to."""

    sent: Sent
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    kind: str
    id: str  # "person:blinken", "place:azerbaijan", "role:foreign minister", "group:…", "anon"
    name: str  # what a report shows
    first: str = ""  # first name of a person, to tell two people with one surname apart
    titles: tuple[tuple[str, int, int], ...] = ()  # (canonical title, token start, end)
    facets: Facets = frozenset()  # for groups: taxonomy facets; for people: party
    facet_span: tuple[int, int] | None = None  # tokens that state the facets

    @property
    def head(self) -> Token:
        return mention_root(self.sent.doc[self.end - 1])

    @property
    def text(self) -> str:
        return self.sent.text_of(self.sent.doc[self.start : self.end])

    def ref_tokens(self) -> list[Token]:
        return list(self.sent.doc[self.start : self.end])

    def same_entity(self, other: Mention) -> bool:
        if self.id != other.id:
            return False
        return not (self.first and other.first and self.first != other.first)


@dataclass(slots=True)
class NameRegistry:
    """Surnames the NER called PERSON anywhere in the pair, so a mislabelled repeat still counts."""

    surnames: set[str] = field(default_factory=set)

    def add_from(self, sents: Iterable[Sent]) -> None:
        aliases = lexicon.aliases()
        for sent in sents:
            for ent in sent.doc.ents:
                if ent.label_ != "PERSON" or aliases.lookup(ent.text):
                    continue
                words = _name_words(list(ent))
                if words and not _is_title_word(words[-1]):
                    self.surnames.add(_surname(words))


def _name_words(tokens: Sequence[Token]) -> list[Token]:
    words = [
        t for t in tokens if t.is_alpha or t.text in ("-", "'") or "-" in t.text or "." in t.text
    ]
    while words and (
        _is_title_word(words[0]) or words[0].lower_ in _HONORIFICS or words[0].lower_ == "the"
    ):
        words = words[1:]
    while words and words[-1].lower_ in ("'s", "’s"):
        words = words[:-1]
    return words


def _surname(words: Sequence[Token]) -> str:
    return words[-1].text.lower().removesuffix("'s").removesuffix("’s")


def _is_title_word(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in lexicon.roles().heads or word in ("secretary", "minister", "rep", "sen", "gov")


def extract(sent: Sent, registry: NameRegistry) -> list[Mention]:
    """All mentions in one sentence."""
    doc = sent.doc
    aliases = lexicon.aliases()
    taken: set[int] = set()
    mentions: list[Mention] = []

    def add(mention: Mention) -> None:
        mentions.append(mention)
        taken.update(range(mention.start, mention.end))

    reserved = _title_regions(doc)
    for token in doc:
        if token.i in taken or token.i in reserved:
            continue
        group = _group(sent, token, taken)
        if group is not None:
            add(group)

    # Names from the tables, whatever the tagger made of them ("Axios" as an adverb).
    capital = [t.is_title or t.is_upper for t in doc]
    blocked = [t.i in taken or t.i in reserved for t in doc]
    for i in range(len(doc)):
        if not capital[i] or blocked[i] or doc[i].lower_ == "the":
            continue
        for length in (4, 3, 2, 1):
            end = i + length
            if end > len(doc) or not capital[end - 1] or any(blocked[i:end]):
                continue
            window = doc[i:end]
            if any(t.i in taken for t in window):
                continue
            named = aliases.lookup(window.text)
            if named is not None:
                add(Mention(sent, window.start, window.end, named.kind, named.id, named.name))
                break

    for ent in doc.ents:
        if any(t.i in taken or t.i in reserved for t in ent):
            continue
        words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        # "Alphabet's Google": the owner names whose it is; the entity is what follows.
        owner = next((t for t in words[:-1] if t.lower_ in ("'s", "’s")), None)
        if owner is not None:
            words = [t for t in words if t.i > owner.i]
        if not words:
            continue
        text = sent.text_of(words)
        start, end = words[0].i, words[-1].i + 1
        if ent.label_ == "NORP":
            continue  # nationality and party adjectives: read as modifiers of groups and people
        after = doc[ent.end] if ent.end < len(doc) else None
        if after is not None and _is_title_word(after) and aliases.lookup(text) is None:
            continue  # "Health Secretary", "Justice Minister": the portfolio of a title
        named = aliases.lookup(text)
        if named is not None:
            add(Mention(sent, start, end, named.kind, named.id, named.name))
            continue
        if text.lower() in aliases.platforms:
            add(Mention(sent, start, end, PLATFORM, f"platform:{text.lower()}", text))
            continue
        if ent.label_ == "PERSON" or (
            ent.label_ in ("GPE", "ORG", "LOC") and _surname_of(words) in registry.surnames
        ):
            person = _person(sent, words, registry)
            if person is not None:
                add(person)
            continue
        if ent.label_ in ("GPE", "LOC", "FAC"):
            add(Mention(sent, start, end, PLACE, f"place:{lexicon.key(text)}", text))
        elif ent.label_ == "ORG" and not _is_title_word(words[-1]):
            add(Mention(sent, start, end, ORG, f"org:{lexicon.key(text)}", text))

    # Proper nouns the NER skipped: a registered surname, or a name in the tables.
    for token in doc:
        if token.i in taken or token.i in reserved or token.pos_ != "PROPN":
            continue
        word = token.text.lower()
        if word in registry.surnames:
            previous = doc[token.i - 1] if token.i > 0 else None
            if (
                previous is not None
                and previous.pos_ == "PROPN"
                and previous.i not in taken
                and not _is_title_word(previous)
            ):
                words = [previous, token]
            else:
                words = [token]
            person = _person(sent, words, registry)
            if person is not None:
                add(person)
            continue
        named = aliases.lookup(token.text)
        if named is not None:
            add(Mention(sent, token.i, token.i + 1, named.kind, named.id, named.name))
        elif token.tag_ == "NNPS" and aliases.demonym(token.text) is not None:
            add(_people_of(sent, token))
        elif _described_as_person(token):
            person = _person(sent, [token], registry)
            if person is not None:
                add(person)

    for token in doc:
        if token.i in taken:
            continue
        role = _role(sent, token, taken)
        if role is not None:
            add(role)
            continue
        anon = _anonymous(sent, token)
        if anon is not None:
            add(anon)
    return sorted(mentions, key=lambda m: m.start)


def _title_regions(doc: Doc) -> set[int]:
    """Tokens of "<title> of <Name>" ("Secretary of State"): a title, not an organisation."""
    roles = lexicon.roles()
    reserved: set[int] = set()
    for token in doc:
        if token.lower_.rstrip(".") not in roles.heads or token.i + 2 >= len(doc):
            continue
        of, name = doc[token.i + 1], doc[token.i + 2]
        if of.lower_ == "of" and name.is_title and name.ent_type_ != "PERSON":
            end = name.i + 1
            while (
                end < len(doc)
                and doc[end].is_title
                and doc[end].ent_type_ != "PERSON"
                and doc[end].pos_ == "PROPN"
                and doc[end].ent_iob_ == "I"
            ):
                end += 1
            reserved.update(range(token.i, end))
    return reserved


def _people_of(sent: Sent, token: Token) -> Mention:
    """A nationality used as a plural noun ("100,000 Armenians"): a group of people."""
    place = lexicon.aliases().demonym(token.text)
    nationality = place.name if place else token.text
    facets = frozenset({("nationality", nationality)})
    return Mention(
        sent,
        token.i,
        token.i + 1,
        GROUP,
        f"group:nationality={nationality}",
        token.text,
        facets=facets,
        facet_span=(token.i, token.i + 1),
    )


def _described_as_person(token: Token) -> bool:
    """A name the NER missed whose apposition says it is a person: "Pallone, the Democrat from
    New Jersey", "Colonna, the foreign minister"."""
    if not token.is_title:
        return False
    for child in token.children:
        if child.dep_ != "appos":
            continue
        word = child.lemma_.lower().rstrip(".")
        term = lexicon.groups().term(word) or {}
        if word in lexicon.roles().heads or term.get("party"):
            return True
    return False


def _surname_of(words: Sequence[Token]) -> str:
    clean = _name_words(words)
    return _surname(clean) if clean else ""


def _person(sent: Sent, words: Sequence[Token], registry: NameRegistry) -> Mention | None:
    clean = _name_words(words)
    if not clean or _is_title_word(clean[-1]):
        return None
    surname = _surname(clean)
    if surname in _PRONOUNS or not surname[:1].isalpha():
        return None
    first = clean[0].text.lower() if len(clean) > 1 else ""
    start, end = clean[0].i, clean[-1].i + 1
    titles = tuple(_titles(sent, start, end))
    facets, facet_span = _affiliation(sent, clean[-1])
    return Mention(
        sent,
        start,
        end,
        PERSON,
        f"person:{surname}",
        sent.text_of(clean),
        first,
        titles,
        facets,
        facet_span,
    )


def _titles(sent: Sent, start: int, end: int) -> Iterable[tuple[str, int, int]]:
    """Titles written in front of a name or in an apposition to it."""
    doc = sent.doc
    roles = lexicon.roles()
    lexicon.aliases()
    head = doc[end - 1]
    # In front: a contiguous run of capitalised words / "of" / nationality words.
    i = start
    while i > 0:
        previous = doc[i - 1]
        if previous.is_punct or previous.pos_ in (
            "VERB",
            "AUX",
            "PRON",
            "DET",
            "SCONJ",
            "CCONJ",
            "PART",
        ):
            break
        if previous.lower_ == "of" and i - 1 > 0 and doc[i - 2].pos_ in ("PROPN", "NOUN"):
            i -= 1
            continue
        if previous.pos_ in ("PROPN", "NOUN", "ADJ") and (
            previous.is_title
            or previous.lower_.rstrip(".") in roles.heads
            or previous.pos_ == "NOUN"
        ):
            i -= 1
            continue
        break
    run = list(doc[i:start])
    while run and _is_place_word(run[0]):
        run = run[1:]
    while run and run[-1].lower_ == "of":
        run = run[:-1]
    if run and any(t.lower_.rstrip(".") in roles.heads for t in run):
        yield (
            roles.canonical_title(" ".join(t.lower_ for t in run).rstrip(".")),
            run[0].i,
            run[-1].i + 1,
        )
    # Apposition: "Catherine Colonna, the French foreign minister".
    for child in head.children:
        if child.dep_ != "appos":
            continue
        core = [t for t in child.subtree if t.i <= child.i and t.dep_ not in ("det", "punct")]
        core = [t for t in core if not _is_place_word(t)]
        if core and child.lower_.rstrip(".") in roles.heads:
            yield roles.canonical_title(" ".join(t.lower_ for t in core)), core[0].i, core[-1].i + 1


def _is_place_word(token: Token) -> bool:
    """A nationality or country word in front of a title ("French", "US")."""
    aliases = lexicon.aliases()
    return aliases.lookup(token.text) is not None or aliases.demonym(token.text) is not None


def _affiliation(sent: Sent, head: Token) -> tuple[Facets, tuple[int, int] | None]:
    """A party given to a person: "Pallone, the Democrat from New Jersey", "Democratic Rep. X"."""
    groups = lexicon.groups()
    for child in list(head.children) + [t for t in head.lefts]:
        if child.dep_ in ("appos", "amod", "compound", "nmod"):
            word = child.lemma_.lower()
            facets = groups.modifiers.get(word) or (groups.terms.get(word) or {})
            party = facets.get("party") if isinstance(facets, dict) else None
            if party:
                tokens = (
                    [t for t in child.subtree if t.dep_ != "punct"]
                    if child.dep_ == "appos"
                    else [child]
                )
                tokens = [t for t in tokens if t.i <= child.i or t.dep_ != "prep"]
                return frozenset({("party", party)}), (tokens[0].i, tokens[-1].i + 1)
    return frozenset(), None


_MULTIWORD_GROUPS = (
    ("member", "of", "congress"),
    ("member", "of", "the", "house"),
    ("member", "of", "parliament"),
    ("house", "member"),
    ("congress", "member"),
    ("police", "officer"),
    ("administration", "official"),
)


def _group(sent: Sent, token: Token, taken: set[int]) -> Mention | None:
    """A group of people: a taxonomy term as a noun, with its facet-giving modifiers."""
    groups = lexicon.groups()
    doc = sent.doc
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and lemma.endswith("s"):
        lemma = lemma[:-1]  # "Democrats": the small model keeps proper-noun plurals as lemmas
    # Multiword heads ("members of Congress"): match forward from the head noun.
    for multiword in _MULTIWORD_GROUPS:
        if lemma != multiword[0] or token.i + len(multiword) > len(doc):
            continue
        span = doc[token.i : token.i + len(multiword)]
        if tuple(t.lemma_.lower() for t in span) == multiword:
            term = groups.term(" ".join(multiword))
            if term is not None:
                return _group_mention(sent, token, token.i, token.i + len(multiword), term, taken)
    if token.pos_ == "PROPN" and groups.term(lemma) is None:
        return None
    if token.lower_.rstrip(".") in lexicon.roles().heads and token.tag_ in ("NN", "NNP"):
        return None  # a singular title is a person ("the senator said"), read by _role
    term = groups.term(lemma)
    if term is None:
        return None
    if (
        lemma in ("democrat", "republican")
        and token.tag_ not in ("NNS", "NNPS")
        and token.dep_ == "appos"
    ):
        return None  # a person's party, read by _affiliation
    if term.get("needs_context") and not _has_context(token):
        return None
    if lemma == "official" and token.tag_ == "NN":
        return None  # "an official said": an anonymous source, not a group
    return _group_mention(sent, token, token.i, token.i + 1, term, taken)


def _has_context(token: Token) -> bool:
    """A context-dependent term ('representatives', 'forces') counts only when capitalised, with
    a modifier, in "a group of …", or beside another legislator word in the sentence."""
    groups = lexicon.groups()
    if token.text[:1].isupper():
        return True
    if (
        token.dep_ == "pobj"
        and token.head.lower_ == "of"
        and token.head.head.lemma_.lower() in ("group", "delegation", "dozen", "number")
        and not any(c.dep_ in ("compound", "amod") for c in token.children)
    ):
        return True
    if any(c.lemma_.lower() in groups.modifiers for c in token.children):
        return True
    if any(c.pos_ == "PROPN" for c in token.children) or token.head.ent_type_ == "PERSON":
        return True
    for other in token.doc:
        if other is token:
            continue
        term = groups.term(other.lemma_.lower())
        if term and term.get("kind") == "legislator" and not term.get("needs_context"):
            return True
    return False


def _group_mention(
    sent: Sent, head: Token, start: int, end: int, term: dict[str, object], taken: set[int]
) -> Mention:
    groups = lexicon.groups()
    aliases = lexicon.aliases()
    facets = {k: str(v) for k, v in term.items() if k != "needs_context"}
    first = start
    doc = sent.doc
    # Modifiers directly in front of the head ("House Democrats", "Azerbaijani forces").
    while first > 0:
        child = doc[first - 1]
        if child.i in taken or child.dep_ not in (
            "amod",
            "compound",
            "nmod",
            "nummod",
            "det",
            "quantmod",
            "advmod",
            "punct",
        ):
            break
        if child.dep_ == "punct" and child.text != "-":
            break
        word = child.lemma_.lower()
        extra = groups.modifiers.get(word) or groups.modifiers.get(child.lower_)
        if extra:
            for facet, value in extra.items():
                facets.setdefault(facet, value)
        named = aliases.demonym(child.text) if child.pos_ in ("ADJ", "PROPN", "NOUN") else None
        if named is not None:
            facets.setdefault("nationality", named.name)
        first -= 1
    # "a (small) group of senators": extend the span over the collective noun in front.
    if (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.lemma_.lower()
        in (
            "group",
            "delegation",
            "number",
            "dozen",
            "handful",
            "coalition",
            "bloc",
            "majority",
        )
    ):
        collective = head.head.head
        left = min([collective.i, *[t.i for t in collective.lefts]])
        first = min(first, left)
    first = max(first, 0)
    while first in taken and first < start:
        first += 1
    frozen = frozenset(facets.items())
    label = ",".join(f"{k}={v}" for k, v in sorted(facets.items()))
    return Mention(
        sent,
        first,
        end,
        GROUP,
        f"group:{label}",
        sent.text_of(sent.doc[first:end]),
        facets=frozen,
        facet_span=(first, end),
    )


def _role(sent: Sent, token: Token, taken: set[int]) -> Mention | None:
    """A title standing for a person without a name: "the foreign minister said"."""
    roles = lexicon.roles()
    if token.pos_ not in ("NOUN", "PROPN") or token.lower_.rstrip(".") not in roles.heads:
        return None
    if token.head.ent_type_ == "PERSON" or any(c.ent_type_ == "PERSON" for c in token.children):
        return None  # the title of a named person, read with the name
    if token.dep_ == "compound" and token.head.lower_.rstrip(".") in roles.heads:
        return None  # "State Secretary": the head word carries the title
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "poss", "punct")]
    # "Secretary of State": take "of X" after a head word too.
    tail = [t for t in token.subtree if t.i > token.i]
    if tail and tail[0].lower_ == "of" and len(tail) > 1 and tail[1].pos_ == "PROPN":
        words += tail[:2]
    words = [t for t in words if t.i not in taken]
    lexicon.aliases()
    while words and _is_place_word(words[0]):
        words = words[1:]
    if not words:
        return None
    title = roles.canonical_title(" ".join(t.lower_ for t in words))
    if title in roles.generic:
        # "the head of the agency", "the director of the bureau": a generic title made one
        # office by the organisation it heads (a common noun: "of the FBI" is read above)
        of = tail[0] if tail and tail[0].lower_ == "of" and tail[0].head.i == token.i else None
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if of is None or obj is None or obj.pos_ != "NOUN" or obj.i in taken:
            return None
        words += [of, obj]
        title = roles.canonical_title(" ".join(t.lower_ for t in words))
    return Mention(
        sent,
        words[0].i,
        words[-1].i + 1,
        ROLE,
        f"role:{title}",
        sent.text_of(words),
        titles=((title, words[0].i, words[-1].i + 1),),
    )


def _anonymous(sent: Sent, token: Token) -> Mention | None:
    """An unnamed source: "two people familiar with the conversation", "a senior official"."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in _ANON_HEADS:
        return None
    cues = {t.lemma_.lower() for t in token.subtree} | {t.lower_ for t in token.subtree}
    if not (
        cues & _ANON_CUES
        or "anonymity" in cues
        or any(c.dep_ == "nummod" for c in token.children)
        or token.lemma_.lower() in ("source", "official", "insider", "aide")
    ):
        return None
    first = min([token.i, *[t.i for t in token.lefts]])
    return Mention(
        sent, first, token.i + 1, ANON, "anon", sent.text_of(sent.doc[first : token.i + 1])
    )


@dataclass(slots=True)
class ArticleEntities:
    """Every mention of one article, and who holds which title there."""

    by_sent: dict[int, list[Mention]] = field(default_factory=dict)  # keyed by Sent.base
    titles: dict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )  # title -> person ids
    profiles: dict[str, list[Mention]] = field(default_factory=lambda: defaultdict(list))

    def add(self, sent: Sent, mentions: list[Mention]) -> None:
        self.by_sent[sent.base if sent.block is None else -1 - sent.block] = mentions
        for mention in mentions:
            if mention.kind == PERSON:
                self.profiles[mention.id].append(mention)
                for title, _, _ in mention.titles:
                    self.titles[title].add(mention.id)

    def of(self, sent: Sent) -> list[Mention]:
        return self.by_sent.get(sent.base if sent.block is None else -1 - sent.block, [])

    def resolve(self, mention: Mention) -> Mention:
        """A role-only mention becomes the one person the article gives that title."""
        if mention.kind != ROLE:
            return mention
        holders = self.titles.get(mention.titles[0][0], set())
        if len(holders) == 1:
            person = next(iter(holders))
            return Mention(
                mention.sent,
                mention.start,
                mention.end,
                PERSON,
                person,
                self.profiles[person][0].name,
                self.profiles[person][0].first,
                mention.titles,
            )
        return mention

    def person_titles(self, person: str) -> list[Mention]:
        return [m for m in self.profiles.get(person, []) if m.titles]

    def person_party(self, person: str) -> Mention | None:
        return next((m for m in self.profiles.get(person, []) if m.facets), None)
