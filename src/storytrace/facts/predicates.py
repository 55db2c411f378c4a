"""Predicates of two corresponding passages, paired so modality and polarity can be compared.

A predicate is a verb, or a noun that can carry a hedge or a "no" ("possible measures", "no
plans"). Two predicates pair when they share a lemma (the best argument overlap wins when a
lemma repeats), when two different verbs have the same subject and object (a synonym: "invade"
/ "attack" Armenia), or when two nouns fill the same slot of the same verb ("pressed Blinken on
possible measures" / "on sanctions"). Pairing is one-to-one and greedy by score.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from storytrace.facts.context import Passage
from storytrace.language.nlp import Sent
from storytrace.language.syntax import is_speech_verb

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_OBJECTS = ("dobj", "obj", "attr", "dative", "oprd")
_LIGHT_VERBS = frozenset({"be", "have", "do", "get", "make", "take", "go", "come", "become"})


@dataclass(frozen=True, slots=True)
class Predicate:
    sent: Sent
    token: Token
    lemma: str
    verbal: bool
    subj: str | None
    obj: str | None
    args: frozenset[str]
    slot: tuple[str, str, str] | None  # nouns: (dep, preposition, governing lemma)


def predicates(passage: Passage) -> list[Predicate]:
    found = []
    for sent, token in passage.tokens():
        if token.pos_ == "VERB" or (
            # A copula is the predicate of its clause: "is crucial", "were in effect".
            token.pos_ == "AUX"
            and token.dep_ not in ("aux", "auxpass")
            and any(c.dep_ in (*_OBJECTS, "acomp", "prep", "npadvmod") for c in token.children)
        ):
            found.append(_verb(passage, sent, token))
        elif token.pos_ == "NOUN" and token.dep_ in (
            "dobj",
            "pobj",
            "nsubj",
            "nsubjpass",
            "attr",
            "conj",
        ):
            found.append(_noun(passage, sent, token))
    return found


def _arg_keys(
    passage: Passage, sent: Sent, token: Token
) -> tuple[str | None, str | None, frozenset[str]]:
    side = passage.side
    subj = obj = None
    args = set()
    for child in token.children:
        targets = [child]
        if child.dep_ == "prep" or child.dep_ == "agent":
            targets = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ not in _SUBJECTS + _OBJECTS:
            continue
        for target in targets:
            key = side.key_of(sent, target)
            if key is None:
                continue
            args.add(key)
            if child.dep_ in ("nsubj", "csubj") or child.dep_ == "agent":
                subj = subj or key
            elif child.dep_ in ("dobj", "obj", "nsubjpass"):
                obj = obj or key
    return subj, obj, frozenset(args)


def _verb(passage: Passage, sent: Sent, token: Token) -> Predicate:
    subj, obj, args = _arg_keys(passage, sent, token)
    return Predicate(sent, token, token.lemma_.lower(), True, subj, obj, args, None)


def _noun(passage: Passage, sent: Sent, token: Token) -> Predicate:
    head = token.head
    prep = ""
    if token.dep_ == "pobj" and head.pos_ == "ADP":
        prep = head.lower_
        head = head.head
    slot = (token.dep_, prep, head.lemma_.lower()) if head is not token else None
    args = frozenset(
        {
            passage.side.key_of(sent, c) or ""
            for c in token.children
            if c.dep_ in ("compound", "amod", "poss")
        }
        - {""}
    )
    return Predicate(sent, token, token.lemma_.lower(), False, None, None, args, slot)


@dataclass(frozen=True, slots=True)
class PredicatePair:
    a: Predicate
    b: Predicate
    score: float  # confidence that the two express the same predication


def pair(a: list[Predicate], b: list[Predicate]) -> list[PredicatePair]:
    scored = []
    for x in a:
        for y in b:
            score = _score(x, y)
            if score > 0:
                scored.append((score, x.token.i + x.sent.base, y.token.i + y.sent.base, x, y))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_a: set[tuple[int, int]] = set()
    used_b: set[tuple[int, int]] = set()
    pairs = []
    for score, _, _, x, y in scored:
        ka, kb = (x.sent.base, x.token.i), (y.sent.base, y.token.i)
        if ka in used_a or kb in used_b:
            continue
        used_a.add(ka)
        used_b.add(kb)
        pairs.append(PredicatePair(x, y, score))
    return pairs


def _score(x: Predicate, y: Predicate) -> float:
    if x.verbal != y.verbal:
        return 0.0
    overlap = len(x.args & y.args) / len(x.args | y.args) if (x.args or y.args) else 0.0
    if x.lemma == y.lemma:
        if (
            x.verbal
            and (x.lemma in _LIGHT_VERBS or is_speech_verb(x.token))
            and overlap == 0
            and (x.args or y.args)
        ):
            return 0.0  # "said" twice about different things
        if not x.verbal and x.slot and y.slot and x.slot[2] != y.slot[2] and overlap == 0:
            return 0.55
        return 0.75 + 0.25 * overlap
    if x.verbal:
        if x.subj and x.obj and x.subj == y.subj and x.obj == y.obj and x.lemma not in _LIGHT_VERBS:
            return 0.6
        return 0.0
    if x.slot and y.slot and x.slot == y.slot and x.slot[1]:
        return 0.6  # "pressed Blinken on possible measures" / "on sanctions"
    return 0.0
