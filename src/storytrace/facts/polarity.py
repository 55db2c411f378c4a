"""Polarity: is a predicate asserted or denied, read from the dependency parse.

A predicate is negative when an odd number of these stand over it: its own ``neg`` dependent
("did not provide"); "no" on the noun it belongs to or that governs it ("has no plans to
renew", "gave no reason"); "without" ("without providing details"); a negative-implicative verb
it is the complement of ("declined to comment", "refused to", "failed to", "avoid a clause that
prohibits"), or the "from" clause of a preventing verb ("barred X from leaving"); a negated
control verb ("did not agree to renew"). A negated speech verb is not propagated: "did not say
that X happened" does not deny X.
"""

from __future__ import annotations

from dataclasses import dataclass

from storytrace.language.parser import Token
from storytrace.language.syntax import is_speech_verb
from storytrace.language.wordlists import words

# Verbs whose complement did not happen when they did: "declined to comment" -> no comment.
NEGATIVE_IMPLICATIVES = frozenset(
    words(
        """
    decline refuse fail avoid neglect forgo forego evade escape omit abstain cease stop quit
    halt skip waive circumvent dodge resist
    """
    )
)
# Verbs whose "from" complement is kept from happening: "prohibits the US from giving".
PREVENTIVES = frozenset(
    ["prevent", "prohibit", "bar", "ban", "block", "stop", "keep", "forbid", "restrain", "preclude"]
)
# Verbs whose clausal complement they reject: "denied that it had attacked".
DENIALS = frozenset(["deny", "reject", "dismiss", "refute", "dispute", "discount"])
# Nouns for a claim whose "that" clause a denial verb rejects: "discounted rumors that he was".
CLAIM_NOUNS = frozenset(
    words(
        """
    rumor rumour report claim allegation suggestion speculation idea notion assertion
    """
    )
)


# Adverbs that all but deny what they modify.
_NEAR_NEGATIONS = frozenset(["barely", "hardly", "scarcely"])


@dataclass(frozen=True, slots=True)
class Polarity:
    negative: bool
    triggers: tuple[Token, ...]  # the words that make it negative (empty when positive)


def polarity(token: Token) -> Polarity:
    """Polarity of the predicate ``token`` (a verb, or a noun with "no")."""
    triggers: list[Token] = []
    triggers += [c for c in token.children if c.dep_ == "neg"]
    # "barely landed a punch" / "didn't land a clean punch": near-negation, same denial.
    triggers += [c for c in token.children if c.dep_ == "advmod" and c.lower_ in _NEAR_NEGATIONS]
    if token.pos_ in ("NOUN", "PROPN"):
        triggers += [c for c in token.children if c.dep_ == "det" and c.lower_ in ("no", "zero")]
    # Walk up while the link keeps the scope of a negation.
    child = token
    for _ in range(12):
        head = child.head
        if head is child:
            break
        dep = child.dep_
        lemma = head.lemma_.lower()
        if dep in ("pobj", "pcomp") and head.lower_ == "without":
            triggers.append(head)
            child = head
            continue
        if (
            dep == "pcomp"
            and head.lower_ == "from"
            and head.head.lemma_.lower() in PREVENTIVES
            and not (head.i > 0 and head.doc[head.i - 1].lower_ in ("apart", "aside"))
        ):
            triggers.append(head.head)
            child = head.head
            continue
        if dep in ("pcomp", "pobj") and head.pos_ == "ADP":
            break
        if dep == "xcomp":
            if lemma in NEGATIVE_IMPLICATIVES:
                triggers.append(head)
            triggers += [c for c in head.children if c.dep_ == "neg"]
            child = head
            continue
        if dep == "ccomp" and lemma in DENIALS:
            triggers.append(head)
            break
        if (
            dep in ("acl", "ccomp")
            and head.lemma_.lower() in CLAIM_NOUNS
            and head.dep_ in ("dobj", "obj")
            and head.head.lemma_.lower() in DENIALS
        ):
            # "discounted rumors that he was Deep Throat": the rejected claim is denied.
            triggers.append(head.head)
            break
        if dep in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            # "no plans to renew": the noun's own "no" covers its clause.
            triggers += [c for c in head.children if c.dep_ == "det" and c.lower_ == "no"]
            # "avoid a clause of the Act that prohibits": the avoided thing does not apply.
            noun = head
            while (
                noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN"
            ):
                noun = noun.head.head
            if noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in NEGATIVE_IMPLICATIVES:
                triggers.append(noun.head)
                triggers += [c for c in noun.head.children if c.dep_ == "neg"]
            break
        if (
            dep in ("dobj", "obj")
            and lemma in NEGATIVE_IMPLICATIVES
            and token.pos_ in ("NOUN", "PROPN")
        ):
            triggers.append(head)
            break
        if dep == "conj":
            # Coordinated verbs share a negation only through the first one's auxiliary
            # ("did not call or write"): rare enough to leave; stop here.
            break
        if is_speech_verb(head) or dep in ("ccomp", "advcl", "parataxis"):
            break
        break
    negative = len(triggers) % 2 == 1
    return Polarity(negative, tuple(sorted(set(triggers), key=lambda t: t.i)) if negative else ())
