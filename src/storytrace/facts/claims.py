"""Negation and modality between paired predicates of two corresponding passages.

Negation first: when the two sides disagree on polarity ("declined to comment" / "commented")
the pair is a NEGATION finding and its modality is not compared. Otherwise certainty levels
that differ by ``modality.MIN_GAP`` or more are a MODALITY finding ("will invade shortly" /
"could invade soon").
"""

from __future__ import annotations

from collections.abc import Sequence

from storytrace.facts.context import Passage, excerpt, finding
from storytrace.facts.modality import MIN_GAP, certainty
from storytrace.facts.polarity import DENIALS, polarity
from storytrace.facts.predicates import Predicate, PredicatePair, pair, predicates
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.models import Discrepancy, DiscrepancyType, Severity, TextRef

_MAX_REF_TOKENS = 12


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    reported: set[tuple[int, int]] = set()  # (side, token offset) of markers already reported
    for pp in pair(predicates(pa), predicates(pb)):
        result = _negation(pp, pa, pb) or _modality(pp, pa, pb)
        if result is None:
            continue
        # One hedge or negation over several predicates is one change, reported once.
        markers = _markers(pp, result)
        if markers and markers <= reported:
            continue
        reported |= markers
        found.append(result)
    return found


def _markers(pp: PredicatePair, result: Discrepancy) -> set[tuple[int, int]]:
    if result.type == DiscrepancyType.NEGATION:
        tokens_a, tokens_b = polarity(pp.a.token).triggers, polarity(pp.b.token).triggers
    else:
        tokens_a, tokens_b = certainty(pp.a.token).markers, certainty(pp.b.token).markers
    return {(0, pp.a.sent.base + t.idx) for t in tokens_a} | {
        (1, pp.b.sent.base + t.idx) for t in tokens_b
    }


def predicate_phrase(sent: Sent, token: Token, extra: Sequence[Token] = ()) -> tuple[TextRef, str]:
    """The predicate with its auxiliaries and the given marker words, as a tight reference."""
    tokens = [token, *extra]
    tokens += [
        c for c in token.children if c.dep_ in ("aux", "auxpass", "neg") and abs(c.i - token.i) <= 3
    ]
    if token.pos_ == "AUX":  # a copula: "is crucial", "was a mistake"
        tokens += [
            c for c in token.children if c.dep_ in ("acomp", "attr") and abs(c.i - token.i) <= 4
        ]
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    if last - first > _MAX_REF_TOKENS:
        # Marker far from the predicate: point at the marker words and the predicate only.
        near = [t for t in tokens if abs(t.i - token.i) <= 3] or [token]
        first, last = min(t.i for t in near), max(t.i for t in near)
        far = [t for t in tokens if t not in near]
        if far:
            first = (
                min(first, min(t.i for t in far))
                if (last - min(t.i for t in far)) <= _MAX_REF_TOKENS
                else first
            )
    span = sent.doc[first : last + 1]
    return sent.token_ref(span), sent.text_of(span)


def _negation(pp: PredicatePair, pa: Passage, pb: Passage) -> Discrepancy | None:
    pol_a, pol_b = polarity(pp.a.token), polarity(pp.b.token)
    if pol_a.negative == pol_b.negative:
        return None
    if pp.a.subj and pp.b.subj and pp.a.subj != pp.b.subj:
        return None  # "Klitschko landed jabs" / "Rahman didn't land a punch": two actors
    if not pp.a.verbal and pp.score < 0.7:
        return None
    if _hypothetical(pp.a.token) or _hypothetical(pp.b.token):
        return None  # "would not have placed him ... if they were still fighting"
    if _other_complement(pp.a.token, pp.b.token):
        return None  # "was not one person" / "was a combination": two different claims
    ref_a, text_a = predicate_phrase(pp.a.sent, pp.a.token, pol_a.triggers)
    ref_b, text_b = predicate_phrase(pp.b.sent, pp.b.token, pol_b.triggers)
    negated = "A" if pol_a.negative else "B"
    return finding(
        DiscrepancyType.NEGATION,
        Severity.HIGH,
        ref_a,
        ref_b,
        "negative" if pol_a.negative else "positive",
        "negative" if pol_b.negative else "positive",
        f"A says “{excerpt(text_a)}” where B says “{excerpt(text_b)}”: {negated} denies what "
        f"the other affirms.",
        0.15 + 0.8 * pp.score,
    )


def _modality(pp: PredicatePair, pa: Passage, pb: Passage) -> Discrepancy | None:
    if pp.score < 0.55:
        return None
    cert_a, cert_b = certainty(pp.a.token), certainty(pp.b.token)
    gap = abs(cert_a.level - cert_b.level)
    if gap < MIN_GAP - 1e-9:
        return None
    if _shared_hedge_only(pp.a, pp.b):
        return None
    if _denied(pp.a.token) or _denied(pp.b.token):
        return None  # "discounted rumors that he was Deep Throat" / "insisted he was not"
    if _hypothetical(pp.a.token) or _hypothetical(pp.b.token):
        return None  # "it would have been nice if they could have won it" / "to win"
    if _other_complement(pp.a.token, pp.b.token):
        return None  # "could have been Deep Throat" / "is one of the candidates"
    firm = pp.a.token if cert_a.level > cert_b.level else pp.b.token
    if _infinitive(firm):
        return None  # "should have played it safe" / "10:03 to play"
    ref_a, text_a = predicate_phrase(pp.a.sent, pp.a.token, cert_a.markers)
    ref_b, text_b = predicate_phrase(pp.b.sent, pp.b.token, cert_b.markers)
    firmer = "A" if cert_a.level > cert_b.level else "B"
    return finding(
        DiscrepancyType.MODALITY,
        Severity.MEDIUM,
        ref_a,
        ref_b,
        f"{cert_a.level:.2f} ({cert_a.describe()})",
        f"{cert_b.level:.2f} ({cert_b.describe()})",
        f"A has “{excerpt(text_a)}” where B has “{excerpt(text_b)}”: {firmer} states with more "
        f"certainty what the other hedges.",
        min(0.95, pp.score * (0.55 + gap)),
    )


def _hypothetical(token: Token) -> bool:
    """A conditional asserts nothing: the predicate has an "if" clause ("would not have placed
    him if they were still fighting") or is one ("if they could have won it")."""

    def conditional(clause: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)

    if token.dep_ == "advcl" and conditional(token):
        return True
    return any(c.dep_ == "advcl" and conditional(c) for c in token.children)


def _complement(token: Token) -> Token | None:
    if token.lemma_.lower() != "be":
        return None
    return next((c for c in token.children if c.dep_ in ("attr", "acomp")), None)


def _other_complement(a: Token, b: Token) -> bool:
    """Two copulas saying different things of their subject ("was not one person" / "was a
    combination"): not one claim asserted and denied."""
    ca, cb = _complement(a), _complement(b)
    return ca is not None and cb is not None and ca.lemma_.lower() != cb.lemma_.lower()


def _infinitive(token: Token) -> bool:
    """A "to" infinitive on a noun or clause ("with 10:03 to play") or a gerund after a
    preposition ("apart from adding") asserts nothing to be firmer about."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    gerund = (
        token.tag_ == "VBG"
        and token.dep_ == "pcomp"
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    )  # "on what could be triggering it" has its own auxiliary: asserted, not bare
    # "decided to impose" (a complement) is asserted with its governor; "10:03 to play" is not.
    loose = token.dep_ in ("acl", "relcl", "advcl", "amod", "npadvmod")
    return gerund or (loose and any(c.tag_ == "TO" for c in token.children))


def _denied(token: Token) -> bool:
    """The claim is rejected ("discounted rumors that he was"): its hedge is not the writer's."""
    return any(t.lemma_.lower() in DENIALS for t in polarity(token).triggers)


def _shared_hedge_only(a: Predicate, b: Predicate) -> bool:
    """Nouns whose only tie is an inherited governor far away, or one noun under two different
    verbs ("died of apparent heart disease" / "had been suffering from heart disease")."""
    if a.verbal or b.verbal or a.slot == b.slot:
        return False
    if a.lemma != b.lemma:
        return True
    return a.slot is not None and b.slot is not None and a.slot[2] != b.slot[2]
