"""Direct contradictions on a shared event: one article affirms what the other denies.

``claims`` pairs every predicate of two sentences and so runs only on links close enough to be
one statement. Here the pairing is narrower and so safe on looser links: the two verbs must have
the same stem (the event word the link was made on, "checked"/"checked"), and the two verbs'
own arguments must share a content word or name ("into Morningside" on both sides), so "police
arrested two men" / "police did not arrest the driver" is not paired. When one is negated and the
other is not ("never checked into Morningside" / "had checked into Morningside"), the pair is a
typed CONFLICT: a contradiction between the two reports of one event.
"""

from __future__ import annotations

from storytrace.facts import slots
from storytrace.facts.claims import predicate_phrase
from storytrace.facts.context import Passage, excerpt, finding
from storytrace.facts.links import _LIGHT_VERBS, _stem
from storytrace.facts.polarity import polarity
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.models import Discrepancy, DiscrepancyType, Severity

# Dependents that name who or what the event is about (its arguments and their objects).
_ARGUMENT_DEPS = frozenset(
    ["nsubj", "nsubjpass", "dobj", "obj", "prep", "pobj", "attr", "dative", "agent", "npadvmod"]
)
# Fitted on the labelled ECB+ fit topics (1-12) and the planted regression set: a contradiction
# on a shared event with a shared argument is rarely wrong, but the link is looser than a
# sentence alignment, so it starts below the aligned negation finding.
CONFIDENCE = 0.7


def _arguments(token: Token) -> set[str]:
    """Content lemmas (and names) among the verb's arguments, one level of preposition deep."""
    found: set[str] = set()
    for child in token.children:
        if child.dep_ not in _ARGUMENT_DEPS:
            continue
        for t in child.subtree:
            if t.is_stop or not t.is_alpha or len(t.text) < 3:
                continue
            if t.pos_ in ("NOUN", "PROPN"):
                found.add(t.lemma_.lower())
    return found


# Auxiliaries that make a verb a possibility or an obligation, not a reported event.
_MODALS = frozenset(["to", "should", "could", "would", "may", "might", "must", "can", "will"])
# Subjects that deny the event outright: "none were arrested".
_NONE_SUBJECTS = frozenset(["none", "nobody", "noone"])


def _plain_event(token: Token) -> bool:
    """A finite report of the event: no modal or infinitive "to", not a verb's complement
    ("prevented her from performing", "failed to conduct" say it through another verb, and
    on the planted paraphrases such pairs were all the same fact told two ways)."""
    if token.dep_ in ("xcomp", "pcomp", "advcl", "acl", "relcl", "conj"):
        return False
    return not any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS for c in token.children)


def _denied(token: Token) -> bool | None:
    """True when the verb itself is denied ("never checked", "did not arrest", "none were
    arrested"), False when plainly affirmed, None when its polarity comes from elsewhere."""
    pol = polarity(token)
    own = [c for c in token.children if c.dep_ == "neg"]
    none_subject = any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _NONE_SUBJECTS for c in token.children
    )
    if none_subject and not own:
        return True
    if not pol.negative:
        return False
    return True if set(pol.triggers) <= set(own) else None


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for sa in pa.sents:
        for sb in pb.sents:
            verbs_b = [t for t in sb.doc if t.pos_ == "VERB"]
            for ta in sa.doc:
                if ta.pos_ != "VERB" or ta.lemma_.lower() in _LIGHT_VERBS:
                    continue
                stem = _stem(ta.lemma_.lower())
                for tb in verbs_b:
                    if _stem(tb.lemma_.lower()) != stem:
                        continue
                    if not (_plain_event(ta) and _plain_event(tb)):
                        continue
                    neg_a, neg_b = _denied(ta), _denied(tb)
                    if neg_a is None or neg_b is None or neg_a == neg_b:
                        continue
                    pol_a, pol_b = polarity(ta), polarity(tb)
                    if not _arguments(ta) & _arguments(tb):
                        continue
                    ref_a, text_a = predicate_phrase(sa, ta, pol_a.triggers)
                    ref_b, text_b = predicate_phrase(sb, tb, pol_b.triggers)
                    negated = "A" if neg_a else "B"
                    found.append(
                        finding(
                            DiscrepancyType.CONFLICT,
                            Severity.HIGH,
                            ref_a,
                            ref_b,
                            "negative" if neg_a else "positive",
                            "negative" if neg_b else "positive",
                            f"A says “{excerpt(text_a)}” where B says “{excerpt(text_b)}”: "
                            f"{negated} denies the event the other reports.",
                            CONFIDENCE,
                        )
                    )
    return found


# --- opposite states ------------------------------------------------------------------------

# Fitted like CONFIDENCE: a state and its opposite said of one thing in two linked statements
# ("the climber was still alive" / "the climber was dead") is a contradiction unless the two
# statements speak of different moments, which the link cannot tell; so below CONFIDENCE.
STATE_CONFIDENCE = 0.65


def _holder(token: Token) -> set[str]:
    """What a state is said of: the subject of its copula or verb, the noun it modifies, the
    object of a verb ("the fire destroyed the store"), as lemmas."""
    found: list[Token] = []
    if token.dep_ == "amod":
        found.append(token.head)
    verb = token.head if token.dep_ in ("acomp", "oprd", "xcomp", "attr") else token
    for child in verb.children:
        subject = child.dep_ in ("nsubj", "nsubjpass")
        if subject or (child.dep_ in ("dobj", "obj") and token.pos_ == "VERB"):
            found.append(child)
    if token.dep_ == "relcl" and token.pos_ == "VERB":
        found += [c for c in token.children if c.dep_ in ("dobj", "obj")]
    return {
        t.lemma_.lower()
        for t in found
        if t.pos_ in ("NOUN", "PROPN") and not t.is_stop and len(t.text) >= 3
    }


def _state_negated(token: Token) -> bool:
    verb = token.head if token.dep_ in ("acomp", "oprd", "attr") else token
    return any(c.dep_ == "neg" for c in (*token.children, *verb.children))


def _state_words(sent: Sent) -> list[tuple[Token, str]]:
    states = slots.state_words()
    found = []
    for t in sent.doc:
        if t.pos_ not in ("ADJ", "VERB"):
            continue
        for form in (t.lower_, t.lemma_.lower()):
            if form in states:
                found.append((t, form))
                break
    return found


def compare_states(pa: Passage, pb: Passage) -> list[Discrepancy]:
    """One thing in two opposite states ("still alive" / "dead", "left intact" / "destroyed"),
    or one state affirmed and denied ("was open" / "was not open"), in two linked statements."""
    found: list[Discrepancy] = []
    for sa in pa.sents:
        words_b = [(sb, t, w) for sb in pb.sents for t, w in _state_words(sb)]
        for ta, wa in _state_words(sa):
            for sb, tb, wb in words_b:
                neg_a, neg_b = _state_negated(ta), _state_negated(tb)
                # a state denied on one side only, or two opposite states
                negated = neg_a or neg_b
                clash = (wa == wb and neg_a != neg_b) if negated else slots.opposite(wa, wb)
                if not clash:
                    continue
                shared = _holder(ta) & _holder(tb)
                if not shared:
                    continue
                ref_a, text_a = predicate_phrase(sa, ta)
                ref_b, text_b = predicate_phrase(sb, tb)
                found.append(
                    finding(
                        DiscrepancyType.CONFLICT,
                        Severity.HIGH,
                        ref_a,
                        ref_b,
                        text_a,
                        text_b,
                        f"A says the {sorted(shared)[0]} “{excerpt(text_a)}” where B says "
                        f"“{excerpt(text_b)}”: the two cannot both hold.",
                        STATE_CONFIDENCE,
                    )
                )
    return found
