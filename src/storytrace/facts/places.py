"""Place: one event placed in two different towns by two linked statements.

"The suspect was arrested in Dorchester" / "the suspect was arrested in Milton": the two
statements share the event word (by stem, or through the event table of ``slots``), and each
places it with a preposition of place ("in", "at", "near", "outside") governing a named place
(a GPE or LOC mention, "the town of X"). It is a PLACE finding when the two places differ and
neither article names the other's place anywhere: a town and its region ("in Qeshm" / "in Iran")
often stand in one article together, and then the two are read as compatible, not as a conflict
(no gazetteer is available offline to tell containment otherwise).

Venues: the same event placed at two different kinds of place named by common nouns ("died at
his home" / "died at a hospice near his home", "arrested at a hotel" / "arrested at his
apartment"), or at one place and next to it ("in the courthouse" / "outside the courthouse").
Venue nouns fall into classes (``VENUES``: a home, a hospital, a jail, a court, ...); a cell is
in a jail and a courtroom in a court, so those share a class, and a word that says only "a
place" ("room", "building", "scene", "facility") is no venue. The event word may be a verb or an
event noun of the ``slots`` table ("his death at home"), and a place attached to the noun that
governs it ("the cause of his death at home") counts for it.
"""

from __future__ import annotations

from storytrace.facts import slots
from storytrace.facts.context import Passage, excerpt, finding
from storytrace.facts.links import _LIGHT_VERBS, _stem
from storytrace.language import lexicon
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.language.wordlists import words
from storytrace.models import Discrepancy, DiscrepancyType, Severity

_PLACE_PREPS = frozenset(["in", "at", "near", "outside", "inside"])
_DIRECTIONS = frozenset(
    words(
        """
    north south east west northeast northwest southeast southwest north-east north-west
    south-east south-west
    """
    )
)
_PLACE_LABELS = frozenset(["GPE", "LOC", "FAC"])
_PLACE_NOUNS = frozenset(
    ["town", "city", "village", "county", "province", "state", "district", "region", "island"]
)
# Fitted on the labelled ECB+ fit topics and the planted set: two named places for one event on
# a link are often a real conflict, but a link can tie two events of one kind (two arrests).
CONFIDENCE = 0.6
# Two kinds of venue for one event word of two corresponding sentences: as for named places.
VENUE_CONFIDENCE = 0.6


def _event_key(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or lemma in _LIGHT_VERBS:
        return None
    return _stem(slots.event_of(lemma) or lemma)


def _event_or_noun_key(token: Token) -> str | None:
    """``_event_key``, or the event of an event noun of the ``slots`` table ("death", "arrest")."""
    if token.pos_ == "NOUN":
        event = slots.event_of(token.lemma_.lower())
        return _stem(event) if event else None
    return _event_key(token)


# Kinds of place named by common nouns, one class per kind; a part stands with its whole (a
# cell is in a jail, a courtroom in a court, a ward in a hospital). A modifier can make another
# kind ("nursing home", "police station"): ``_VENUE_COMPOUNDS`` reads those first.
VENUES: dict[str, str] = {
    word: kind
    for kind, members in {
        "home": "home house residence apartment flat condo condominium mansion bedroom",
        "hospice": "hospice",
        "hospital": "hospital clinic infirmary ward icu",
        "care home": "",
        "jail": "jail prison penitentiary cell lockup",
        "court": "court courthouse courtroom",
        "hotel": "hotel motel inn hostel",
        "school": "school classroom campus university college",
        "church": "church cathedral chapel mosque synagogue temple",
        "office": "office headquarters",
        "restaurant": "restaurant cafe bar pub nightclub club",
        "shop": "shop store supermarket mall",
        "station": "station",
        "airport": "airport",
        "stadium": "stadium arena",
        "street": "street road highway freeway motorway",
    }.items()
    for word in members.split()
}
_VENUE_COMPOUNDS: dict[tuple[str, str], str] = {
    ("nursing", "home"): "care home",
    ("care", "home"): "care home",
    ("retirement", "home"): "care home",
    ("funeral", "home"): "funeral home",
    ("police", "station"): "police station",
    ("train", "station"): "train station",
    ("railway", "station"): "train station",
    ("bus", "station"): "bus station",
    ("gas", "station"): "gas station",
    ("petrol", "station"): "gas station",
    ("fire", "station"): "fire station",
    ("medical", "center"): "hospital",
    ("medical", "centre"): "hospital",
    ("detention", "center"): "jail",
    ("detention", "centre"): "jail",
}
# "in" and "at" place the event there; "near" and "outside" next to it.
_AT = frozenset(["in", "at", "inside", "into", "within"])
_NEAR = frozenset(["near", "outside", "beside", "nearby"])


def _venue_kind(noun: Token) -> str | None:
    if noun.pos_ != "NOUN":
        return None  # a named venue ("Cedars-Sinai") is compared by name, not by kind
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.dep_ in ("compound", "amod"):
            kind = _VENUE_COMPOUNDS.get((child.lemma_.lower(), lemma))
            if kind is not None:
                return kind
    return VENUES.get(lemma)


Venue = tuple[str, str, Token]  # relation ("at"/"near"), kind, the venue noun


def venues_of(token: Token) -> list[Venue]:
    """(relation "at"/"near", kind, noun) of the venues the event word is placed at."""
    holders = [token]
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        holders.append(token.head.head)  # "the cause of his death at home"
    found = []
    for holder in holders:
        for prep in holder.children:
            word = prep.lower_
            if prep.dep_ != "prep" or word not in _AT | _NEAR:
                continue
            for obj in prep.children:
                kind = _venue_kind(obj) if obj.dep_ == "pobj" else None
                if kind is not None:
                    found.append(("near" if word in _NEAR else "at", kind, obj))
    return found


def venues_agree(x: Venue, y: Venue) -> bool:
    """One kind of place with one relation to the event."""
    return x[0] == y[0] and x[1] == y[1]


def venue_finding(
    sa: Sent,
    x: Venue,
    sb: Sent,
    y: Venue,
    event: Token,
    confidence: float,
) -> Discrepancy:
    def phrase(sent: Sent, venue: Venue) -> list[Token]:
        noun = venue[2]  # "at a hospice", without what follows ("near his home")
        return sorted([noun.head, *(t for t in noun.subtree if t.i <= noun.i)], key=lambda t: t.i)

    ta, tb = phrase(sa, x), phrase(sb, y)
    return finding(
        DiscrepancyType.PLACE,
        Severity.MEDIUM,
        sa.token_ref(ta),
        sb.token_ref(tb),
        f"{x[0]} {x[1]}",
        f"{y[0]} {y[1]}",
        f"A places “{excerpt(event.text)}” “{excerpt(sa.text_of(ta))}” where B places it "
        f"“{excerpt(sb.text_of(tb))}”: {_venue_words(x)} is not {_venue_words(y)}.",
        confidence,
    )


def _venue_words(venue: Venue) -> str:
    return f"{'near' if venue[0] == 'near' else 'at'} a {venue[1]}"


def _places_of(verb: Token) -> list[Token]:
    """Named places the verb is placed at: "arrested in Milton", "in the town of Milton"."""
    found = []
    preps = list(verb.children)
    # "struck 10 km north of Qeshm": a direction from a named place places the event near it
    preps += [
        c
        for d in verb.children
        if d.lower_ in _DIRECTIONS
        for c in d.children
        if c.dep_ == "prep" and c.lower_ == "of"
    ]
    for prep in preps:
        if prep.dep_ != "prep":
            continue
        if prep.lower_ not in _PLACE_PREPS and not (
            prep.lower_ == "of" and prep.head.lower_ in _DIRECTIONS
        ):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if obj.lemma_.lower() in _PLACE_NOUNS and of is not None:
                # "in the town of Milton": a place by what it is called, whatever the NER says
                target = next((c for c in of.children if c.dep_ == "pobj"), obj)
                if target.pos_ == "PROPN":
                    found.append(target)
            elif obj.pos_ == "PROPN" and (
                obj.ent_type_ in _PLACE_LABELS or _misread_place(prep, obj)
            ):
                found.append(obj)
    return found


def _misread_place(prep: Token, obj: Token) -> bool:
    """A name the NER calls a person after "in"/"near"/"outside" ("arrested in Dorchester",
    "60 km southwest of Bandar Abbas"): events happen in places, not in people. A possessive
    ("in Smith's house") or a title in front keeps it a person."""
    if obj.ent_type_ != "PERSON" or prep.lower_ not in ("in", "near", "outside", "of"):
        return False
    return not any(
        c.dep_ in ("case", "poss") or c.lower_.rstrip(".") in lexicon.roles().heads
        for c in obj.subtree
    )


def _name(token: Token) -> tuple[Token, ...]:
    """The whole name the token heads ("New Haven")."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return tuple(ent)
    left = [c for c in token.subtree if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return (*sorted(left, key=lambda t: t.i), token)


def named_places_of(token: Token) -> list[tuple[Token, ...]]:
    """The whole names of the named places the word is placed at."""
    return [_name(t) for t in _places_of(token)]


def names_agree(name_a: str, name_b: str, text_a: str, text_b: str) -> bool:
    """One place, or a place and what contains it: both articles name both places."""
    return lexicon.same_name(name_a, name_b) or name_a.lower() in text_b or name_b.lower() in text_a


def place_finding(
    sa: Sent, xa: tuple[Token, ...], sb: Sent, xb: tuple[Token, ...], event: Token, conf: float
) -> Discrepancy:
    name_a, name_b = sa.text_of(xa), sb.text_of(xb)
    return finding(
        DiscrepancyType.PLACE,
        Severity.HIGH,
        sa.token_ref(xa),
        sb.token_ref(xb),
        name_a,
        name_b,
        f"A places “{excerpt(event.text)}” in {name_a} where B places it in "
        f"{name_b}: neither article names the other's place.",
        conf,
    )


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    text_a, text_b = pa.side.article.text.lower(), pb.side.article.text.lower()
    found: list[Discrepancy] = []
    for sa in pa.sents:
        for sb in pb.sents:
            found += _compare_sents(sa, sb, text_a, text_b)
    return found


def _compare_venues(sa: Sent, sb: Sent) -> list[Discrepancy]:
    """Venues of one event word in two corresponding sentences, when none agree."""
    found = []
    events_b = [(t, _event_or_noun_key(t)) for t in sb.doc]
    for ta in sa.doc:
        key = _event_or_noun_key(ta)
        venues_a = venues_of(ta) if key is not None else []
        if not venues_a:
            continue
        venues_b = [(tb, v) for tb, kb in events_b if kb == key for v in venues_of(tb)]
        if not venues_b or any(venues_agree(x, y) for x in venues_a for _, y in venues_b):
            continue
        found.append(venue_finding(sa, venues_a[0], sb, venues_b[0][1], ta, VENUE_CONFIDENCE))
    return found


def _compare_sents(sa: Sent, sb: Sent, text_a: str, text_b: str) -> list[Discrepancy]:
    found = _compare_venues(sa, sb)
    verbs_b = [(t, _event_key(t)) for t in sb.doc]
    for ta in sa.doc:
        key = _event_key(ta)
        if key is None:
            continue
        places_a = _places_of(ta)
        if not places_a:
            continue
        for tb, key_b in verbs_b:
            if key_b != key:
                continue
            for pa_tok in places_a:
                for pb_tok in _places_of(tb):
                    name_a = sa.text_of(_name(pa_tok))
                    name_b = sb.text_of(_name(pb_tok))
                    if lexicon.same_name(name_a, name_b):
                        continue  # "New York City" / "NYC"
                    if name_a.lower() in text_b or name_b.lower() in text_a:
                        continue  # both articles name both places: containment, not conflict
                    found.append(
                        finding(
                            DiscrepancyType.PLACE,
                            Severity.HIGH,
                            sa.token_ref(_name(pa_tok)),
                            sb.token_ref(_name(pb_tok)),
                            name_a,
                            name_b,
                            f"A places “{excerpt(ta.text)}” in {name_a} where B places it in "
                            f"{name_b}: neither article names the other's place.",
                            CONFIDENCE,
                        )
                    )
    return found
