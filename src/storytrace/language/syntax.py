"""Dependency-parse helpers shared by the detectors: speech verbs, argument slots, chains.

The lexicons here are grammar, not world knowledge: which verbs report speech, which
prepositions introduce a source. They are read together with the parse (a verb counts as a
speech act when it is a speech verb *and* has a subject or a reported clause), never as bare
string matches.
"""

from __future__ import annotations

from spacy.tokens import Token

from storytrace.language.wordlists import words

# Verbs that report what someone said or published. "tweet", "post" and "write" are speech acts
# like "say": "X tweeted" and "X said in a post on X" report the same act.
SPEECH_VERBS = frozenset(
    words(
        """
    say tell report state add warn tweet post write claim allege announce confirm deny note
    explain argue insist cite inform brief comment remark declare assert acknowledge admit
    reveal disclose stress emphasize emphasise underline underscore reiterate suggest predict
    caution testify quote respond reply answer recount observe mention complain contend maintain
    signal indicate voice express urge
    """
    )
)


def is_speech_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS


def is_according_to(token: Token) -> bool:
    """``token`` is the "to" of "according to"."""
    return (
        token.lower_ == "to"
        and token.head.lower_ in ("according", "accordance")
        and token.head.i == token.i - 1
    )


def mention_root(token: Token) -> Token:
    """Climb from a word of a name to the token that carries the name's syntactic role."""
    current = token
    for _ in range(8):
        if (
            current.dep_ in ("compound", "flat", "appos", "conj", "nmod")
            and current.head is not current
        ):
            current = current.head
        else:
            break
    return current


def slot(token: Token) -> tuple[str, str]:
    """The role a mention plays and the word it depends on: ("agent", "invade"), ("obl:in", …).

    Roles: agent, patient, recipient, speaker (subject of a speech verb, object of
    "according to" or "citing"), obl:<preposition>, poss (owner of a noun), other.
    """
    root = mention_root(token)
    dep, head = root.dep_, root.head
    if dep in ("nsubj", "csubj"):
        return ("speaker" if is_speech_verb(head) else "agent"), head.lemma_.lower()
    if dep in ("nsubjpass",):
        return "patient", head.lemma_.lower()
    if dep in ("dobj", "obj", "oprd"):
        if head.lemma_.lower() == "cite":
            return "speaker", head.lemma_.lower()
        return "patient", head.lemma_.lower()
    if dep == "dative":
        return "recipient", head.lemma_.lower()
    if dep == "pobj":
        prep = head.lower_
        governor = head.head
        if is_according_to(head):
            return "speaker", "according to"
        if prep == "by" and any(c.dep_ == "auxpass" for c in governor.children):
            return "agent", governor.lemma_.lower()
        if prep == "to" and is_speech_verb(governor):
            return "recipient", governor.lemma_.lower()
        return f"obl:{prep}", governor.lemma_.lower()
    if dep == "poss":
        return "poss", head.lemma_.lower()
    if dep == "attr":
        return "attr", head.lemma_.lower()
    return "other", head.lemma_.lower()


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` (itself if it is one)."""
    current = token
    for _ in range(30):
        if current.pos_ == "VERB" or (
            current.pos_ == "AUX" and current.dep_ in ("ROOT", "ccomp", "conj")
        ):
            return current
        if current.head is current:
            return None
        current = current.head
    return None
