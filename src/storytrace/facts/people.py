"""People across the two whole articles: a name spelled two ways, one office held by two names,
and one person given two ranks of one office.

Independent newsrooms get people wrong in a few typical ways, wherever in the article the person
stands (so this reads whole articles, not aligned passages):

* **name spelled differently**: the same surname with a first name that is one spelling away
  after English spelling variants are folded ("Catherine"/"Kathryn": c/k, y/i, a silent e), or
  the same first name with a surname one or two letters away ("Teasley"/"Teasely"). Nicknames
  agree ("Dave"/"David", ``NICKNAMES``), initials agree with anything ("W. Mark Felt"/"Mark
  Felt"), and an article that itself uses both spellings names two people (a family). A first
  name that differs in its first sound after folding ("Gurbanguli"/"Kurbanguly") is a
  transliteration of a foreign name, which outlets legitimately spell their own way.
* **one office, two names**: the same title ("general manager", "District Attorney") given to
  two differently named people, one per article, with the same first name (or nicknames of it:
  "Dave X"/"David Y"), neither named in the other article: one of them has the surname wrong.
* **another rank of one office**: one person given the same office at two ranks ("associate
  director of the FBI"/"deputy associate director of the FBI", "deputy director"/"head" of an
  agency). Titles are read in front of the name, in apposition, and as the predicate of the
  person ("Felt was deputy associate director", "worked as", "served as", "was named").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from storytrace.facts.context import Side, excerpt, finding
from storytrace.language import lexicon
from storytrace.language.mentions import PERSON, Mention
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.language.wordlists import words
from storytrace.models import Discrepancy, DiscrepancyType, Severity
from storytrace.text.normalize import edit_distance

# Fitted on the labelled ECB+ fit topics: a rank of office differing for one named person is
# a real difference (1 of 1); a spelling difference is usually real but minor.
RANK_CONFIDENCE = 0.75
SPELLING_CONFIDENCE = 0.6
HOLDER_CONFIDENCE = 0.65

# Common English nicknames and short forms: one name, not a spelling difference. Two names
# are one when a group holds both; spelling variants of one name ("Catherine"/"Kathryn",
# "Stephen"/"Steven") are in different groups, so that they count as spelled differently.
NICKNAMES: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "david dave davey",
        "robert rob bob bobby robbie bert",
        "william will bill billy willie",
        "james jim jimmy jamie",
        "michael mike mickey mick",
        "thomas tom tommy",
        "joseph joe joey",
        "daniel dan danny",
        "christopher chris kit",
        "richard rick rich dick richie",
        "edward ed eddie ted ned",
        "anthony tony",
        "andrew andy drew",
        "benjamin ben benny",
        "charles charlie chuck chas",
        "nicholas nick nicky",
        "matthew matt",
        "stephen steve",
        "steven steve",
        "jonathan jon",
        "john johnny jack",
        "gregory greg",
        "patrick pat paddy",
        "timothy tim timmy",
        "samuel sam sammy",
        "alexander alex al sandy",
        "albert al bert",
        "ronald ron ronnie",
        "donald don donnie",
        "kenneth ken kenny",
        "lawrence larry",
        "gerald jerry gerry",
        "frederick fred freddie",
        "peter pete",
        "philip phil",
        "raymond ray",
        "douglas doug",
        "jeffrey jeff",
        "geoffrey geoff jeff",
        "joshua josh",
        "nathaniel nathan nate",
        "zachary zach zack",
        "elizabeth liz beth betty lizzie eliza",
        "katherine kate katie kathy kat",
        "catherine cathy cate kate",
        "kathryn kate kathy",
        "margaret maggie meg peggy marge",
        "jennifer jen jenny",
        "rebecca becky becca",
        "susan sue susie",
        "deborah debbie deb",
        "debra debbie deb",
        "patricia pat patty trish",
        "victoria vicky tori",
        "christine chris chrissy",
        "christina chris tina",
        "jacqueline jackie",
        "kimberly kim",
        "pamela pam",
        "samantha sam",
        "abigail abby",
        "alexandra alex sandra",
        "barbara barb",
    )
)
_TOP_HEADS = frozenset(words("head chief director leader chairman chairwoman chair"))
# Rank words that make another office of the same head (not "acting"/"interim": tenure).
_RANKS = frozenset(words("deputy vice assistant associate under sub lieutenant"))
# Verbs that make their predicate a title of their subject (or object: "named X chairman").
_AS_VERBS = frozenset(words("serve work act name appoint elect become remain hire promote"))


@dataclass(frozen=True, slots=True)
class Title:
    """An office one article gives a person."""

    sent: Sent
    start: int  # token span of the title words
    end: int
    ranks: frozenset[str]
    head: str
    org: str  # what follows "of" ("the FBI" -> "fbi"), "" when none
    given: str = ""  # the holder's given name as written there ("" for a surname alone)

    @property
    def text(self) -> str:
        return self.sent.text_of(self.sent.doc[self.start : self.end])


@dataclass(slots=True)
class People:
    """One article's people: mentions by surname id, and the titles given to each."""

    mentions: dict[str, list[Mention]]
    titles: dict[str, list[Title]]


def read(side: Side) -> People:
    memo = side.memo.get("people")
    if isinstance(memo, People):
        return memo
    people = People(defaultdict(list), defaultdict(list))
    for sent in side.parses.parsed():
        for mention in side.entities.of(sent):
            if mention.kind != PERSON:
                continue
            people.mentions[mention.id].append(mention)
            for _, start, end in mention.titles:
                title = _title(sent, start, end)
                if title is not None:
                    people.titles[mention.id].append(replace(title, given=_given(mention)))
        for person, title in _predicate_titles(side, sent):
            people.titles[person].append(title)
    side.memo["people"] = people
    return people


def _title(sent: Sent, start: int, end: int) -> Title | None:
    doc = sent.doc
    tokens = [t for t in doc[start:end] if t.is_alpha or "." in t.text]
    heads = [t for t in tokens if t.lower_.rstrip(".") in lexicon.roles().heads]
    if not heads:
        return None
    head = heads[-1]
    ranks = frozenset(t.lower_ for t in tokens if t.lower_ in _RANKS)
    org = ""
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is not None:
            org = lexicon.key(
                " ".join(t.text for t in obj.subtree if t.dep_ not in ("det", "punct"))
            )
            end = max(end, max(t.i for t in obj.subtree) + 1)
    return Title(sent, start, end, ranks, head.lower_.rstrip("."), org)


def _predicate_titles(side: Side, sent: Sent) -> Iterator[tuple[str, Title]]:
    """ "Felt was deputy associate director of the FBI", "worked as the associate director",
    "was named chief executive", "the deputy director, Laura Fenwick,": the title of the
    subject (or of the named object, or of the name in apposition)."""
    heads = lexicon.roles().heads
    for token in sent.doc:
        if token.pos_ != "NOUN" or token.lower_ not in heads:
            continue
        holder: Token | None = None
        verb = token.head
        if _child(token, ("appos",)) is not None:
            holder = _child(token, ("appos",))  # "The deputy director, Laura Fenwick, said"
        elif token.dep_ == "attr":
            holder = _child(verb, ("nsubj",))
        elif token.dep_ == "oprd":
            holder = _child(verb, ("dobj", "nsubjpass"))
        elif token.dep_ == "pobj" and verb.lower_ == "as" and verb.head.lemma_ in _AS_VERBS:
            holder = _child(verb.head, ("dobj", "nsubjpass")) or _child(verb.head, ("nsubj",))
        if holder is None:
            continue
        if holder.dep_ == "nsubj" and holder.lower_ in ("who", "that") and verb.dep_ == "relcl":
            holder = verb.head  # "Doe, who is the head of the agency"
        mention = side.mention_at(sent, holder)
        if mention is None or mention.kind != PERSON:
            continue
        words_before = [
            t for t in token.lefts if t.dep_ in ("amod", "compound") and t.i >= token.i - 4
        ]
        start = min([token.i, *(t.i for t in words_before)])
        title = _title(sent, start, token.i + 1)
        if title is not None:
            yield mention.id, replace(title, given=_given(mention))


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


# --- ranks ------------------------------------------------------------------------------------


def rank_change(one: str, other: str) -> bool:
    """Two written titles name one office at two ranks ("deputy director of the agency" /
    "agency head"): the same head word (or two words for the top of an organisation), the same
    organisation where both name one, and different rank words."""
    x, y = _parts(one), _parts(other)
    if x is None or y is None or x[0] == y[0]:
        return False
    heads = x[1] == y[1] or (x[1] in _TOP_HEADS and y[1] in _TOP_HEADS)
    return heads and (not x[2] or not y[2] or x[2] == y[2])


def _parts(title: str) -> tuple[frozenset[str], str, str] | None:
    """(rank words, head word, organisation) of a written title."""
    found = re.findall(r"[a-z]+", title.lower())
    before, _, after = " ".join(found).partition(" of ")
    words_before = [w for w in before.split() if w != "the"]
    heads = [w for w in words_before if w in lexicon.roles().heads]
    if not heads:
        return None
    head = heads[-1]
    org = " ".join(w for w in after.split() if w != "the")
    if not org:  # "agency head": the organisation in front
        org = " ".join(w for w in words_before[: words_before.index(head)] if w not in _RANKS)
    ranks = frozenset(w for w in words_before if w in _RANKS)
    return ranks, head, org


def _same_office(x: Title, y: Title) -> bool:
    heads = x.head == y.head or (x.head in _TOP_HEADS and y.head in _TOP_HEADS)
    return heads and (not x.org or not y.org or x.org == y.org)


def compare_ranks(side_a: Side, side_b: Side) -> list[Discrepancy]:
    """One person given one office at two ranks, with no title of theirs agreeing."""
    pa, pb = read(side_a), read(side_b)
    found = []
    for person, titles_a in pa.titles.items():
        titles_b = pb.titles.get(person, [])
        pairs = [
            (x, y)
            for x in titles_a
            for y in titles_b
            if _same_office(x, y) and _same_holder(x.given, y.given)
        ]
        if not pairs or any(x.ranks == y.ranks for x, y in pairs):
            continue
        x, y = pairs[0]
        name = pa.mentions[person][0].name
        found.append(
            finding(
                DiscrepancyType.PERSON,
                Severity.HIGH,
                x.sent.token_ref(x.sent.doc[x.start : x.end]),
                y.sent.token_ref(y.sent.doc[y.start : y.end]),
                x.text,
                y.text,
                f"A gives {name} the office “{excerpt(x.text)}” but B “{excerpt(y.text)}”: "
                "another rank of the office.",
                RANK_CONFIDENCE,
            )
        )
    return found


def _same_holder(one: str, other: str) -> bool:
    """Two holders of one surname are one person unless both given names are written and
    differ ("Mark Felt" and his daughter "Joan Felt")."""
    return not one or not other or _same_given(one, other)


# --- names ------------------------------------------------------------------------------------


def _given(mention: Mention) -> str:
    """The first given name written in full ("W. Mark Felt" -> "mark"); initials when the name
    has only initials ("A.J."); "" when the name is a surname alone."""
    parts = mention.name.split()
    if len(parts) < 2:
        return ""
    given = [p.lower() for p in parts[:-1]]
    full = [p for p in given if len(p.strip(".")) > 1 and "." not in p]
    return full[0] if full else "".join(given).replace(".", "")


def _same_given(one: str, other: str) -> bool:
    return one == other or any(one in group and other in group for group in NICKNAMES)


def _fold(name: str) -> str:
    """English spelling variants folded: "Catherine" and "Kathryn" both "katrin"."""
    name = name.lower()
    name = name.replace("ph", "f").replace("ck", "k").replace("y", "i")
    name = re.sub(r"c(?=[aoulr]|$)", "k", name)
    name = re.sub(r"(?<=[tkgrs])h", "", name)
    name = re.sub(r"(.)\1", r"\1", name)
    name = re.sub(r"e(?=[rn]?$)", "", name) if len(name) > 4 else name
    return name


def _spelling_of_given(one: str, other: str) -> bool:
    if not one or not other or one == other or "." in one + other:
        return False
    if _same_given(one, other) or min(len(one), len(other)) < 4:
        return False
    a, b = _fold(one), _fold(other)
    return a[:1] == b[:1] and edit_distance(a, b) <= 1


def _spelling_of_surname(one: str, other: str) -> bool:
    if one == other or min(len(one), len(other)) < 5 or one[:2] != other[:2]:
        return False
    return edit_distance(one, other) <= (1 if min(len(one), len(other)) < 7 else 2)


def compare_names(side_a: Side, side_b: Side) -> list[Discrepancy]:
    """A person's name spelled two ways, and one office given to two names (see the module)."""
    pa, pb = read(side_a), read(side_b)
    found: list[Discrepancy] = []
    for person, xs in pa.mentions.items():
        ys = pb.mentions.get(person, [])
        given_a = {_given(m) for m in xs} - {""}
        given_b = {_given(m) for m in ys} - {""}
        if len(given_a) == 1 and len(given_b) == 1:
            one, other = next(iter(given_a)), next(iter(given_b))
            if _spelling_of_given(one, other):
                found.append(
                    _spelling(
                        next(m for m in xs if _given(m) == one),
                        next(m for m in ys if _given(m) == other),
                    )
                )
    surnames_a, surnames_b = set(pa.mentions), set(pb.mentions)
    for person_a in sorted(surnames_a - surnames_b):
        for person_b in sorted(surnames_b - surnames_a):
            named_a, named_b = _named(pa.mentions[person_a]), _named(pb.mentions[person_b])
            if named_a is None or named_b is None:
                continue
            x, y = named_a, named_b
            if not _same_given(_given(x), _given(y)):
                continue
            surname_a, surname_b = person_a.split(":", 1)[1], person_b.split(":", 1)[1]
            if _spelling_of_surname(surname_a, surname_b):
                found.append(_spelling(x, y))
            elif _share_office(pa.titles.get(person_a, []), pb.titles.get(person_b, [])):
                found.append(_holder(x, y))
    return found


def _named(mentions: list[Mention]) -> Mention | None:
    """A mention with a given name, when the article gives the surname one given name only."""
    named = [m for m in mentions if _given(m)]
    if not named or not all(_same_given(_given(m), _given(named[0])) for m in named):
        return None
    return named[0]


def _share_office(xs: list[Title], ys: list[Title]) -> bool:
    return any(
        x.ranks == y.ranks and x.head == y.head and (not x.org or not y.org or x.org == y.org)
        for x in xs
        for y in ys
    )


def _spelling(x: Mention, y: Mention) -> Discrepancy:
    return finding(
        DiscrepancyType.PERSON,
        Severity.LOW,
        x.sent.token_ref(x.ref_tokens()),
        y.sent.token_ref(y.ref_tokens()),
        x.name,
        y.name,
        f"A writes “{excerpt(x.text)}” and B “{excerpt(y.text)}”: the same person's name spelled "
        "differently.",
        SPELLING_CONFIDENCE,
    )


def _holder(x: Mention, y: Mention) -> Discrepancy:
    return finding(
        DiscrepancyType.PERSON,
        Severity.MEDIUM,
        x.sent.token_ref(x.ref_tokens()),
        y.sent.token_ref(y.ref_tokens()),
        x.name,
        y.name,
        f"A gives the office to “{excerpt(x.text)}” and B to “{excerpt(y.text)}”: one first "
        "name, two surnames, and neither article names the other's.",
        HOLDER_CONFIDENCE,
    )
