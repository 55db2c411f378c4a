"""Modality: how certain a text makes a predicate, on a graded scale from 0 to 1.

Each predicate combines the levels of the markers attached to it in the parse: its modal
auxiliary (will 1.0, would 0.8, can 0.7, could/may 0.5, might 0.4), its epistemic adverbs
(probably 0.7, possibly 0.45, reportedly/allegedly 0.6), hedging adjectives on a noun
("possible measures", "alleged strike"), and the hedging words it is the complement of ("is
considering imposing" 0.5, "has decided to impose" 1.0, "the possibility that X could…", "is
likely to"). Hedges of different strength multiply, hedges of one strength count once (modal
concord: "the possibility that it could" is one hedge). A predicate with no marker is asserted
(1.0). "would" sits close to "will" because reported speech turns one into the other ("said it
would"), and "can"/"could" likewise. Two paired predicates whose levels differ by ``MIN_GAP`` or
more are a discrepancy: the hedge was hardened or softened.
"""

from __future__ import annotations

from dataclasses import dataclass

from storytrace.language.parser import Token
from storytrace.language.syntax import is_speech_verb

MIN_GAP = 0.3  # will (1.0) vs could (0.5) is a change; may (0.5) vs might (0.4) is wording

_MODALS = {
    "will": 1.0,
    "'ll": 1.0,
    "wo": 1.0,
    "shall": 1.0,
    "must": 0.9,
    "should": 0.7,
    "can": 0.7,
    "ca": 0.7,
    "could": 0.5,
    "may": 0.5,
    "might": 0.4,
    "would": 0.8,
}
_ADVERBS = {
    "certainly": 1.0,
    "definitely": 1.0,
    "surely": 1.0,
    "undoubtedly": 1.0,
    "inevitably": 1.0,
    "probably": 0.7,
    "likely": 0.7,
    "presumably": 0.7,
    "possibly": 0.45,
    "perhaps": 0.45,
    "maybe": 0.45,
    "potentially": 0.45,
    "conceivably": 0.4,
    "reportedly": 0.6,
    "allegedly": 0.6,
    "purportedly": 0.6,
    "supposedly": 0.6,
    "apparently": 0.65,
    "seemingly": 0.65,
    "unlikely": 0.25,
}
_ADJECTIVES = {
    "possible": 0.5,
    "potential": 0.5,
    "prospective": 0.5,
    "eventual": 0.6,
    "alleged": 0.6,
    "suspected": 0.6,
    "purported": 0.6,
    "apparent": 0.65,
    "likely": 0.7,
    "probable": 0.7,
    "planned": 0.8,
    "proposed": 0.6,
    "expected": 0.75,
    "rumored": 0.4,
    "rumoured": 0.4,
    "hypothetical": 0.3,
    "unconfirmed": 0.5,
    "presumed": 0.7,
}
# Verbs whose complement they hedge (or make certain).
_GOVERNING_VERBS = {
    "consider": 0.5,
    "weigh": 0.5,
    "mull": 0.5,
    "contemplate": 0.5,
    "explore": 0.5,
    "discuss": 0.5,
    "study": 0.5,
    "eye": 0.5,
    "float": 0.5,
    "hope": 0.5,
    "seek": 0.6,
    "try": 0.6,
    "attempt": 0.6,
    "threaten": 0.6,
    "propose": 0.6,
    "plan": 0.8,
    "intend": 0.8,
    "aim": 0.8,
    "prepare": 0.8,
    "expect": 0.75,
    "anticipate": 0.75,
    "suspect": 0.6,
    "believe": 0.75,
    "allege": 0.6,
    "claim": 0.7,
    "rumor": 0.4,
    "decide": 1.0,
    "agree": 1.0,
    "resolve": 1.0,
    "vow": 0.9,
    "pledge": 0.9,
    "promise": 0.9,
    "confirm": 1.0,
    "seem": 0.65,
    "appear": 0.65,
}
_GOVERNING_ADJECTIVES = {
    "likely": 0.7,
    "unlikely": 0.25,
    "possible": 0.5,
    "poised": 0.85,
    "set": 0.9,
    "certain": 1.0,
    "sure": 1.0,
    "able": 0.7,
    "ready": 0.8,
    "expected": 0.75,
}
_GOVERNING_NOUNS = {
    "possibility": 0.5,
    "prospect": 0.5,
    "chance": 0.5,
    "risk": 0.5,
    "threat": 0.5,
    "likelihood": 0.7,
    "probability": 0.7,
    "plan": 0.8,
    "proposal": 0.6,
    "decision": 1.0,
    "allegation": 0.6,
    "claim": 0.7,
    "rumor": 0.4,
    "rumour": 0.4,
    "suspicion": 0.6,
    "option": 0.5,
    "idea": 0.5,
    # a deal under negotiation or offered is a prospect, one reached is done ("in talks to buy"
    # / "agreed to buy"; "may lead to a deal to buy" / "signed a deal to buy")
    "talk": 0.5,
    "negotiation": 0.5,
    "bid": 0.6,
    "offer": 0.6,
    "deal": 1.0,
    "agreement": 1.0,
}
# Links through which a governor's hedge reaches its complement ("considering imposing",
# "the possibility that X could invade"); adjuncts ("after facing") are not hedged by it.
_CHAIN = frozenset({"xcomp", "ccomp", "acl", "conj"})


@dataclass(frozen=True, slots=True)
class Certainty:
    level: float
    markers: tuple[Token, ...]  # the words that set the level (empty when asserted plainly)

    def describe(self) -> str:
        return " ".join(m.text for m in self.markers) if self.markers else "(stated as fact)"


def certainty(token: Token) -> Certainty:
    """The certainty the sentence gives the predicate ``token`` (a verb or a noun)."""
    marks: list[tuple[float, Token]] = []
    source = token
    # A coordinated verb without its own auxiliary or subject shares the first verb's ("could
    # plan and invade"); after "but" it does not ("may seem odd, but looking closer…").
    if (
        token.dep_ == "conj"
        and token.pos_ == "VERB"
        and not any(c.dep_ in ("aux", "nsubj", "nsubjpass") for c in token.children)
        and not any(c.lower_ == "but" for c in token.head.children if c.dep_ == "cc")
    ):
        source = token.head
    for child in source.children:
        word = child.lower_
        if child.dep_ == "aux" and child.tag_ == "MD" and word in _MODALS:
            marks.append((_MODALS[word], child))
        elif child.dep_ == "advmod" and word in _ADVERBS:
            marks.append((_ADVERBS[word], child))
        elif (
            child.dep_ in ("amod", "advmod")
            and word in _ADJECTIVES
            and token.pos_ in ("NOUN", "PROPN")
        ):
            marks.append((_ADJECTIVES[word], child))
    # "treated as potentially suspicious", "is possibly dangerous": a hedge on the predicate's
    # complement hedges what the predicate states.
    for complement in (
        c
        for c in source.children
        if c.dep_ in ("acomp", "oprd") or (c.dep_ == "prep" and c.lower_ == "as")
    ):
        heads = [complement, *[g for g in complement.children if g.dep_ in ("pobj", "amod")]]
        marks += [
            (_ADVERBS[a.lower_], a)
            for head_word in heads
            for a in head_word.children
            if a.dep_ == "advmod" and a.lower_ in _ADVERBS
        ]
    if token.pos_ in ("NOUN", "PROPN"):
        # A noun is hedged by its own adjectives and by a hedging verb it is the object of
        # ("considering sanctions"), not by whatever governs the clause it sits in.
        head = token.head
        if token.dep_ in ("dobj", "obj") and head.lemma_.lower() in _GOVERNING_VERBS:
            marks.append((_GOVERNING_VERBS[head.lemma_.lower()], head))
        marks += _considered_step(token)
    else:
        marks += _governors(token) + _considered_step(token)
    if not marks:
        return Certainty(1.0, ())
    # Hedges of different strength multiply ("we believe it could" is less sure than "it
    # could"); hedges of one strength are harmonic and count once ("the possibility that it
    # could", "would likely", "may possibly" = one hedge).
    bands: dict[int, float] = {}
    for value, _ in marks:
        band = 0 if value >= 0.9 else 1 if value > 0.5 else 2
        bands[band] = min(bands.get(band, 1.0), value)
    level = 1.0
    for value in bands.values():
        level *= value
    markers = tuple(
        sorted({t for value, t in marks if value < 1.0} or {t for _, t in marks}, key=lambda t: t.i)
    )
    return Certainty(round(level, 3), markers)


def _considered_step(token: Token) -> list[tuple[float, Token]]:
    """A hedge from the governor of a complement's object or of an object's modifier.

    The parser reads "considered moving production" either way: "moving" the complement and
    "production" its object, or "moving" a modifier of "production", the object. Both words are
    hedged by "considered" in both parses, else the same words on two sides read as a change."""
    head = token.head
    complement_object = token.dep_ in ("dobj", "obj") and head.dep_ == "xcomp"
    object_modifier = token.dep_ == "amod" and token.pos_ == "VERB" and head.dep_ in ("dobj", "obj")
    if not (complement_object and token.pos_ in ("NOUN", "PROPN")) and not object_modifier:
        return []
    value = _GOVERNING_VERBS.get(head.head.lemma_.lower())
    return [] if value is None else [(value, head.head)]


def _governors(token: Token) -> list[tuple[float, Token]]:
    """Hedges from the words a verb is the complement of, up to the nearest speech verb."""
    marks: list[tuple[float, Token]] = []
    current = token
    for _ in range(6):
        head = current.head
        if head is current or current.dep_ not in _CHAIN:
            break
        if current.dep_ == "conj" and (
            head.pos_ != "VERB" or any(c.lower_ == "but" for c in head.children if c.dep_ == "cc")
        ):
            break
        lemma = head.lemma_.lower()
        if (
            current.dep_ != "conj"
            and head.pos_ in ("VERB", "AUX")
            and lemma in _GOVERNING_VERBS
            # "police who claim he pointed" hedges; "tweeted, claiming that …" only reports
            and not (lemma == "claim" and head.tag_ == "VBG")
        ):
            marks.append((_GOVERNING_VERBS[lemma], head))
            for aux in head.children:
                if aux.dep_ == "aux" and aux.tag_ == "MD" and aux.lower_ in _MODALS:
                    marks.append((_MODALS[aux.lower_], aux))
        elif head.pos_ == "AUX" and lemma == "be" and current.dep_ in ("xcomp", "ccomp"):
            # "would have been to leave": the copula's modal reaches its complement.
            marks += [
                (_MODALS[a.lower_], a)
                for a in head.children
                if a.dep_ == "aux" and a.tag_ == "MD" and a.lower_ in _MODALS
            ]
        elif head.pos_ == "ADJ" and lemma in _GOVERNING_ADJECTIVES:
            marks.append((_GOVERNING_ADJECTIVES[lemma], head))
        elif head.pos_ == "NOUN" and lemma in _GOVERNING_NOUNS and current.dep_ in ("acl", "ccomp"):
            marks.append((_GOVERNING_NOUNS[lemma], head))
            # "may lead to a deal to buy", "could reach an agreement to sell": the verb that
            # has the noun as its object hedges it too.
            verb = head.head if head.dep_ == "dobj" else head.head.head
            if head.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX"):
                marks += [
                    (_MODALS[a.lower_], a)
                    for a in verb.children
                    if a.dep_ == "aux" and a.tag_ == "MD" and a.lower_ in _MODALS
                ]
            break
        if is_speech_verb(head):
            break
        current = head
    return marks
