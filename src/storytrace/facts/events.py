"""One event as both articles tell it: the day, the time of day and the place each gives it.

Independent reports put the when and where of an event in different sentences, which neither
the aligner nor the anchor links (``links``) always pair. Here every event word of each whole
article is read with who it happened to: a content verb (not a light or speech verb) or an event
noun of the ``slots`` table ("death", "quake", "arrest"), with the entities among its core
arguments (subject, object, the noun a relative clause hangs on, the owner of an event noun,
"the death of X"). An event noun that is itself the subject ("the quake struck", "the blast
happened") is the event, whatever its verb. Two occurrences, one per article, are the same
event when their event words agree (the same stem, or one ``slots`` event: "die"/"death") and
they share a participant (the same person, place or organisation by identity), or when both are
the event noun itself.

What is compared, per event: the days (``dates``: only dates resolved to a day or a weekday;
months and years on an event word are often background), the times of day (``times``) and the
kinds of venue (``places``: "at his home" / "at a hospice") and the named places, under the
rule of ``places``: two names differ only when neither article names the other's place. A
difference is reported only when no value one article gives the event agrees with any value the
other gives it, so an article that mentions a second occurrence of the event (an earlier quake,
an earlier arrest) with the right one besides says nothing wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from storytrace.facts import dates, places, slots, times
from storytrace.facts.context import Side, excerpt, finding
from storytrace.facts.links import _LIGHT_VERBS, _stem
from storytrace.language.mentions import ORG, OUTLET, PERSON, PLACE, ROLE
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.language.syntax import is_speech_verb
from storytrace.models import Discrepancy, DiscrepancyType, Severity

# Fitted on the labelled ECB+ fit topics (1-12, 25-31): a day or time two articles give one
# named event is wrong in one of them most of the time, but an event word can also stand for a
# second occurrence the other article does not mention.
DAY_CONFIDENCE = 0.75
TIME_CONFIDENCE = times.CONFIDENCE
VENUE_CONFIDENCE = places.VENUE_CONFIDENCE

_PARTICIPANT_KINDS = frozenset({PERSON, PLACE, ORG, OUTLET, ROLE})
# Nouns that, with "the", name the one person a crime story is about: a participant like a
# name ("the suspect was arrested on Monday" / "the suspect was arrested Tuesday"). "Man" and
# "woman" are left out: stories name several.
_PERSON_NOUNS = frozenset(
    ["suspect", "gunman", "shooter", "attacker", "bomber", "robber", "thief", "driver", "victim"]
)
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "poss", "compound"})
# Verbs whose subject event noun is the event ("the quake struck", "the fire broke out").
_NOUN_IS_EVENT = ""  # participant key of an event noun standing for itself
# Verbs that say where an event itself took place ("the quake struck/hit/was centred near X").
_HAPPEN = frozenset(
    ["strike", "hit", "center", "centre", "locate", "occur", "happen", "jolt", "rock", "shake"]
)
# Nouns that stand for the place of a quake ("the epicentre was near X").
_EPICENTRES = frozenset(["epicenter", "epicentre", "hypocenter", "hypocentre"])
_QUAKE = _stem(slots.event_of("quake") or "earthquake")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An event word of one sentence and who took part."""

    sent: Sent
    token: Token
    event: str
    who: frozenset[str]

    @property
    def placing(self) -> str:
        """What the word says of the place: where the event happened ("struck", "was centred",
        "died") or something else that has a place of its own ("felt in Dubai", "taken to a
        hospital"). Places are compared only between words that place the same thing."""
        lemma = self.token.lemma_.lower()
        if lemma in _HAPPEN or self.token.pos_ == "AUX":
            return "happen"
        return _stem(slots.event_of(lemma) or lemma)


def _event_word(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    listed = slots.event_of(lemma)
    if token.pos_ == "NOUN":
        return _stem(listed) if listed else None
    if token.pos_ != "VERB":
        return None
    if listed is not None:
        return _stem(listed)  # "announce" is speech, and also the event of a deal
    if lemma in _LIGHT_VERBS or is_speech_verb(token):
        return None
    return _stem(lemma)


def occurrence(side: Side, sent: Sent, token: Token) -> Occurrence | None:
    """The event the word reports, with its participants; None when it reports none."""
    if token.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _EPICENTRES for c in token.children
    ):
        return Occurrence(sent, token, _QUAKE, frozenset({_NOUN_IS_EVENT}))
    event = _event_word(token)
    if event is None:
        return None
    if token.pos_ == "VERB":
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN":
                noun = slots.event_of(child.lemma_.lower())
                if noun is not None:
                    return Occurrence(sent, token, _stem(noun), frozenset({_NOUN_IS_EVENT}))
    who = frozenset(_participants(side, sent, token))
    if not who:
        if token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "ROOT"):
            return Occurrence(sent, token, event, frozenset({_NOUN_IS_EVENT}))
        return None
    return Occurrence(sent, token, event, who)


def _participants(side: Side, sent: Sent, token: Token) -> Iterator[str]:
    arguments = [c for c in token.children if c.dep_ in _ARGUMENT_DEPS]
    arguments += [
        g
        for c in token.children
        if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if token.dep_ in ("relcl", "acl") and token.head.i != token.i:
        arguments.append(token.head)  # "Felt, who died Thursday", "a man arrested on Monday"
    for argument in arguments:
        mention = side.mention_at(sent, argument)
        if mention is None:
            for child in argument.children:
                if child.dep_ in ("compound", "flat"):
                    mention = side.mention_at(sent, child) or mention
        if mention is not None and mention.kind in _PARTICIPANT_KINDS and mention.id != "anon":
            yield mention.id
        elif (
            mention is None
            and argument.lemma_.lower() in _PERSON_NOUNS
            and any(c.lower_ == "the" for c in argument.children)
        ):
            yield f"n:{argument.lemma_.lower()}"  # "the suspect was arrested on Monday"


def occurrences(side: Side) -> dict[int, dict[int, Occurrence]]:
    """Every event word of the article: sentence base -> token index -> occurrence (memoised)."""
    memo = side.memo.get("events.occurrences")
    if memo is not None:
        return memo  # type: ignore[return-value]
    table: dict[int, dict[int, Occurrence]] = {}
    for sent in side.parses.parsed():
        found: dict[int, Occurrence] = {}
        for token in sent.doc:
            occ = occurrence(side, sent, token)
            if occ is not None:
                found[token.i] = occ
        table[sent.base] = found
    side.memo["events.occurrences"] = table
    return table


ValueT = TypeVar("ValueT")


def _by_event(
    side: Side, values: Callable[[Sent], list[tuple[int, ValueT]]], placing: bool
) -> dict[str, list[tuple[Occurrence, ValueT]]]:
    """Values attached to event words, grouped by event (and by what the word places)."""
    table = occurrences(side)
    grouped: dict[str, list[tuple[Occurrence, ValueT]]] = defaultdict(list)
    for sent in _story_sents(side):
        events = table.get(sent.base, {})
        if not events:
            continue
        for anchor_i, value in values(sent):
            occ = events.get(anchor_i)
            if occ is not None:
                grouped[f"{occ.event}/{occ.placing}" if placing else occ.event].append((occ, value))
    return grouped


def _story_sents(side: Side) -> list[Sent]:
    """The article's parsed sentences less its date lines (memoised: read by four detectors)."""
    memo = side.memo.get("events.sents")
    if memo is None:
        memo = [s for s in side.parses.parsed() if not dates.is_dateline(s)]
        side.memo["events.sents"] = memo
    return memo  # type: ignore[return-value]


def _conflicts(
    side_a: Side,
    side_b: Side,
    values: Callable[[Side], Callable[[Sent], list[tuple[int, ValueT]]]],
    compatible: Callable[[ValueT, ValueT], bool],
    placing: bool = False,
) -> Iterator[tuple[Occurrence, ValueT, Occurrence, ValueT]]:
    """Pairs of values for one event (shared event and participant) that no value agrees with."""
    in_a = _by_event(side_a, values(side_a), placing)
    in_b = _by_event(side_b, values(side_b), placing)
    for event, items_a in in_a.items():
        items_b = in_b.get(event, [])
        keys = {k for o, _ in items_a for k in o.who} & {k for o, _ in items_b for k in o.who}
        for key in sorted(keys):
            xs = [(o, v) for o, v in items_a if key in o.who]
            ys = [(o, v) for o, v in items_b if key in o.who]
            if any(compatible(x, y) for _, x in xs for _, y in ys):
                continue
            (oa, x), (ob, y) = xs[0], ys[0]
            yield oa, x, ob, y
            break  # one finding per event


def _days(side: Side) -> Callable[[Sent], list[tuple[int, dates.DateValue]]]:
    def read(sent: Sent) -> list[tuple[int, dates.DateValue]]:
        return [
            (d.anchor_i, d)
            for d in dates.extract(sent, side.published)
            if d.granularity in ("day", "weekday")
        ]

    return read


def _times(side: Side) -> Callable[[Sent], list[tuple[int, times.TimeValue]]]:
    def read(sent: Sent) -> list[tuple[int, times.TimeValue]]:
        return [(t.anchor.i, t) for t in times.extract(sent)]

    return read


def compare_days(side_a: Side, side_b: Side) -> list[Discrepancy]:
    """Days the two articles give one event that cannot be the same day."""
    found = []
    for oa, x, _ob, y in _conflicts(side_a, side_b, _days, dates.compatible):
        found.append(
            finding(
                DiscrepancyType.DATE,
                Severity.HIGH,
                x.sent.ref(x.start_char, x.end_char),
                y.sent.ref(y.start_char, y.end_char),
                x.normalised(),
                y.normalised(),
                f"A dates “{excerpt(oa.token.text)}” “{excerpt(x.text)}” ({x.normalised()}) but "
                f"B “{excerpt(y.text)}” ({y.normalised()}), and neither article gives the event "
                "a day the other agrees with.",
                DAY_CONFIDENCE,
            )
        )
    return found


def compare_times(side_a: Side, side_b: Side) -> list[Discrepancy]:
    """Times of day the two articles give one event that cannot be the same moment."""
    return [
        times.time_finding(x, y, oa.token.text, TIME_CONFIDENCE)
        for oa, x, _ob, y in _conflicts(side_a, side_b, _times, times.compatible)
    ]


def _venues(side: Side) -> Callable[[Sent], list[tuple[int, tuple[Sent, places.Venue]]]]:
    def read(sent: Sent) -> list[tuple[int, tuple[Sent, places.Venue]]]:
        return [(t.i, (sent, v)) for t in sent.doc for v in places.venues_of(t)]

    return read


def _venues_agree(x: tuple[Sent, places.Venue], y: tuple[Sent, places.Venue]) -> bool:
    return places.venues_agree(x[1], y[1])


def compare_venues(side_a: Side, side_b: Side) -> list[Discrepancy]:
    """Kinds of place the two articles give one event that cannot be the same place."""
    return [
        places.venue_finding(x[0], x[1], y[0], y[1], oa.token, VENUE_CONFIDENCE)
        for oa, x, _ob, y in _conflicts(side_a, side_b, _venues, _venues_agree, placing=True)
    ]


def compare_named_places(side_a: Side, side_b: Side) -> list[Discrepancy]:
    """Named places the two articles give one event, when neither names the other's place."""
    text_a, text_b = side_a.article.text.lower(), side_b.article.text.lower()
    Named = tuple[Sent, tuple[Token, ...]]

    def read(side: Side) -> Callable[[Sent], list[tuple[int, Named]]]:
        def of(sent: Sent) -> list[tuple[int, Named]]:
            return [(t.i, (sent, n)) for t in sent.doc for n in places.named_places_of(t)]

        return of

    def agree(x: Named, y: Named) -> bool:
        return places.names_agree(x[0].text_of(x[1]), y[0].text_of(y[1]), text_a, text_b)

    return [
        places.place_finding(x[0], x[1], y[0], y[1], oa.token, places.CONFIDENCE)
        for oa, x, _ob, y in _conflicts(side_a, side_b, read, agree, placing=True)
    ]
