"""Attribution: who said or reported it, compared between two corresponding passages.

Sources are read from the parse: the subject of a speech verb ("Politico reported", "Pallone
tweeted", "Pallone said in a post on X"), the agent of a passive one ("was reported by"), the
object of "according to" and of "citing". Each resolves to an identity through ``mentions``; an
unnamed source ("two people familiar with the conversation", "officials who spoke on condition
of anonymity") is the identity "anon". Only identities are compared, never the verbs, so
"tweeted" and "said in a post on X" by the same person agree.

A discrepancy is a source only one side has facing a source only the other has, of a kind that
can replace it: outlet for outlet ("Politico" / "Reuters"), person for person, organisation for
organisation, or a claim moved between an unnamed source and a named one. A source simply
dropped is not reported (rewrites often shorten "X reported, citing Y" to "Y said").
"""

from __future__ import annotations

from dataclasses import dataclass

from storytrace.facts import people
from storytrace.facts.context import Passage, excerpt, finding
from storytrace.language import lexicon
from storytrace.language.mentions import ANON, GROUP, ORG, OUTLET, PERSON, PLACE, ROLE, Mention
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.language.syntax import is_according_to, is_speech_verb
from storytrace.models import Discrepancy, DiscrepancyType, Severity
from storytrace.text.normalize import edit_distance

NAME = "name"  # a proper noun the NER missed ("Le Monde reported")
_CLASS = {
    PERSON: "named",
    ROLE: "named",
    NAME: "named",
    OUTLET: "outlet",
    ANON: "anon",
    ORG: "org",
    PLACE: "org",
    GROUP: "group",
}
# Which kinds of source can stand in for each other: any two of these (a person for an outlet,
# an unnamed source for a named one). Groups ("the members of Congress said") only for groups
# and unnamed sources.
_SOURCE_CLASSES = frozenset({"named", "outlet", "anon", "org"})


@dataclass(frozen=True, slots=True)
class Source:
    sent: Sent
    mention: Mention
    cue: Token  # the speech verb, "according", or "citing"

    @property
    def key(self) -> str:
        return self.mention.id

    @property
    def cls(self) -> str:
        return _CLASS.get(self.mention.kind, "other")


def sources(passage: Passage) -> list[Source]:
    found: list[Source] = []
    for sent, token in passage.tokens():
        targets: list[Token] = []
        if is_speech_verb(token) or token.lemma_.lower() == "cite":
            for child in token.children:
                if child.dep_ in ("nsubj",):
                    targets.append(child)
                elif child.dep_ == "agent":
                    targets += [c for c in child.children if c.dep_ == "pobj"]
                elif child.dep_ == "dobj" and token.lemma_.lower() == "cite":
                    targets.append(child)
        elif is_according_to(token):
            targets += [c for c in token.children if c.dep_ == "pobj"]
        for target in targets:
            for candidate in [target, *[c for c in target.children if c.dep_ == "conj"]]:
                mention = passage.side.mention_at(sent, candidate) or proper_name(sent, candidate)
                if mention is not None and mention.kind in _CLASS:
                    found.append(Source(sent, mention, token))
    return found


def _replaceable(one: str, other: str) -> bool:
    if one in _SOURCE_CLASSES and other in _SOURCE_CLASSES:
        return True
    return {one, other} <= {"group", "anon"}


def same_source(x: Source, y: Source) -> bool:
    if x.key == y.key:
        return x.mention.kind != "person" or x.mention.same_entity(y.mention)
    if lexicon.same_name(x.mention.text, y.mention.text):
        return True
    # "prison spokesman Al Quintero" / "a spokesman for the facility": the named person holds
    # the title the other side gives without a name.
    for named, role in ((x.mention, y.mention), (y.mention, x.mention)):
        if named.kind == PERSON and role.kind == ROLE and role.titles and named.titles:
            # Compared through the head of the named one's title too ("prison spokesman" /
            # "spokesperson"): the unnamed side says less, not something else.
            heads = [w for t in named.titles for w in (t[0], t[0].split()[-1])]
            if any(lexicon.roles().compatible(h, role.titles[0][0]) for h in heads):
                return True
    # "Wee" and "Sui-Lee Wee of the Times": a name the NER cut differently on each side.
    if x.cls == y.cls == "named":
        words_x, words_y = x.mention.text.split(), y.mention.text.split()
        return words_x[-1] in words_y or words_y[-1] in words_x
    return False


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    sa, sb = sources(pa), sources(pb)
    only_a = [x for x in sa if not any(same_source(x, y) for y in sb)]
    only_b = [y for y in sb if not any(same_source(x, y) for x in sa)]
    found = []
    used: set[str] = set()
    for x in only_a:
        for y in only_b:
            if y.key in used or not _replaceable(x.cls, y.cls):
                continue
            used.add(y.key)
            if _spelled_differently(x.mention.text, y.mention.text):
                found.append(_spelling(x, y))
                break
            office = _shared_office(pa, x, pb, y)
            if office is not None:
                found.append(_office_holder(x, y, office))
                break
            ranks = _rank_change(pa, x, pb, y)
            if ranks is not None:
                found.append(_rank(x, y, ranks))
                break
            anon_change = "anon" in (x.cls, y.cls)
            if anon_change:
                how = (
                    "moves the claim from an unnamed source to a named one"
                    if x.cls == "anon"
                    else "moves the claim from a named source to an unnamed one"
                )
                explanation = (
                    f"A attributes it to “{excerpt(x.mention.text)}” and B to "
                    f"“{excerpt(y.mention.text)}”: B {how}."
                )
            else:
                explanation = (
                    f"A attributes it to “{excerpt(x.mention.text)}” but B to "
                    f"“{excerpt(y.mention.text)}”."
                )
            found.append(
                finding(
                    DiscrepancyType.ATTRIBUTION,
                    Severity.MEDIUM,
                    x.sent.token_ref(x.mention.ref_tokens()),
                    y.sent.token_ref(y.mention.ref_tokens()),
                    x.mention.name,
                    y.mention.name,
                    explanation,
                    0.7 if anon_change else 0.8,
                )
            )
            break
    return found


def _surname(text: str) -> str:
    return text.split()[-1].lower() if text.split() else ""


def _spelled_differently(one: str, other: str) -> bool:
    """One person's surname spelled two ways ("Wolfe" / "Ilene Wolff"): not two sources."""
    a, b = _surname(one), _surname(other)
    if a == b or len(a) < 4 or len(b) < 4 or a[:3] != b[:3] or abs(len(a) - len(b)) > 1:
        return False
    return edit_distance(a, b) <= 2 and (len(one.split()) == 1 or len(other.split()) == 1)


# One-word titles that one person holds at a time in a story's place or organisation; other
# one-word titles ("senator", "judge", "officer") have many holders.
_ONE_HOLDER = frozenset(
    ["mayor", "governor", "sheriff", "president", "premier", "chancellor", "ceo", "coach", "pope"]
)


def _titles_of(passage: Passage, mention: Mention) -> list[str]:
    titles = [t[0] for t in mention.titles]
    if mention.kind == PERSON:
        titles += [t[0] for m in passage.side.entities.person_titles(mention.id) for t in m.titles]
    return titles


def _shared_office(pa: Passage, x: Source, pb: Passage, y: Source) -> str | None:
    """The office both sources hold, when two named people hold one office ("police chief
    Dan Ortiz said" / "police chief Ray Kim said"): the statement is credited to the same
    office, and what differs is who holds it, a person difference, not an attribution one. A
    title that names no one office ("official", "spokesman" without more) does not count."""
    if x.mention.kind != PERSON or y.mention.kind != PERSON:
        return None
    roles = lexicon.roles()
    for one in _titles_of(pa, x.mention):
        for other in _titles_of(pb, y.mention):
            if one in roles.generic or other in roles.generic:
                continue
            shorter = min(one, other, key=len)
            if roles.compatible(one, other) and (
                len(shorter.split()) > 1 or shorter in _ONE_HOLDER
            ):
                return shorter
    return None


def _rank_change(pa: Passage, x: Source, pb: Passage, y: Source) -> tuple[str, str] | None:
    """The two titles, when the two sources hold one office at two ranks ("the deputy director
    of the agency said" / "the head of the agency said"): who said it is then a person or role
    difference (the issue's "deputy director" vs "head" of an agency)."""
    if x.mention.kind not in (PERSON, ROLE) or y.mention.kind not in (PERSON, ROLE):
        return None
    for one in _titles_of(pa, x.mention):
        for other in _titles_of(pb, y.mention):
            if people.rank_change(one, other):
                return one, other
    return None


def _rank(x: Source, y: Source, titles: tuple[str, str]) -> Discrepancy:
    return finding(
        DiscrepancyType.PERSON,
        Severity.MEDIUM,
        x.sent.token_ref(x.mention.ref_tokens()),
        y.sent.token_ref(y.mention.ref_tokens()),
        titles[0],
        titles[1],
        f"A credits it to “{excerpt(x.mention.text)}” and B to “{excerpt(y.mention.text)}”: "
        "one office at two ranks.",
        0.7,
    )


def _office_holder(x: Source, y: Source, office: str) -> Discrepancy:
    return finding(
        DiscrepancyType.PERSON,
        Severity.MEDIUM,
        x.sent.token_ref(x.mention.ref_tokens()),
        y.sent.token_ref(y.mention.ref_tokens()),
        x.mention.name,
        y.mention.name,
        f"A credits the {office} as “{excerpt(x.mention.text)}” and B as "
        f"“{excerpt(y.mention.text)}”: one office, two different names.",
        0.7,
    )


def _spelling(x: Source, y: Source) -> Discrepancy:
    return finding(
        DiscrepancyType.PERSON,
        Severity.LOW,
        x.sent.token_ref(x.mention.ref_tokens()),
        y.sent.token_ref(y.mention.ref_tokens()),
        x.mention.name,
        y.mention.name,
        f"A names the source “{excerpt(x.mention.text)}” and B “{excerpt(y.mention.text)}”: "
        "the same person's name spelled differently.",
        0.6,
    )


def proper_name(sent: Sent, token: Token) -> Mention | None:
    """A capitalised name heading the subject that no table or NER label covers."""
    if token.pos_ != "PROPN" or not token.is_title:
        return None
    words = [c for c in token.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"] + [
        token
    ]
    start, end = min(t.i for t in words), token.i + 1
    text = sent.text_of(sent.doc[start:end])
    return Mention(sent, start, end, NAME, f"name:{lexicon.key(text)}", text)


def speaker_of(passage: Passage, sent: Sent, start_char: int, end_char: int) -> Mention | None:
    """The source of the speech verb nearest to a quotation in ``sent`` (outside the quote)."""
    best: tuple[int, Mention] | None = None
    for source in sources(Passage(passage.side, [sent])):
        cue = source.cue
        if start_char <= cue.idx < end_char:
            continue
        distance = min(abs(cue.idx - start_char), abs(cue.idx - end_char))
        if best is None or distance < best[0]:
            best = (distance, source.mention)
    return best[1] if best else None
