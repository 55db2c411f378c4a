"""Place: one event placed in two different towns by two linked statements.

"The suspect was arrested in Dorchester" / "the suspect was arrested in Milton": the two
statements share the event word (by stem, or through the event table of ``slots``), and each
places it with a preposition of place ("in", "at", "near", "outside") governing a named place
(a GPE or LOC mention, "the town of X"). It is a PLACE finding when the two places differ and
neither article names the other's place anywhere: a town and its region ("in Qeshm" / "in Iran")
often stand in one article together, and then the two are read as compatible, not as a conflict
(no gazetteer is available offline to tell containment otherwise).
"""

from __future__ import annotations

from storytrace.facts import slots
from storytrace.facts.context import Passage, excerpt, finding
from storytrace.facts.links import _LIGHT_VERBS, _stem
from storytrace.language import lexicon
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.models import Discrepancy, DiscrepancyType, Severity

_PLACE_PREPS = frozenset(["in", "at", "near", "outside", "inside"])
_PLACE_LABELS = frozenset(["GPE", "LOC", "FAC"])
_PLACE_NOUNS = frozenset(
    ["town", "city", "village", "county", "province", "state", "district", "region", "island"]
)
# Fitted on the labelled ECB+ fit topics and the planted set: two named places for one event on
# a link are often a real conflict, but a link can tie two events of one kind (two arrests).
CONFIDENCE = 0.6


def _event_key(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or lemma in _LIGHT_VERBS:
        return None
    return _stem(slots.event_of(lemma) or lemma)


def _places_of(verb: Token) -> list[Token]:
    """Named places the verb is placed at: "arrested in Milton", "in the town of Milton"."""
    found = []
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
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
            elif obj.ent_type_ in _PLACE_LABELS and obj.pos_ == "PROPN":
                found.append(obj)
    return found


def _name(token: Token) -> tuple[Token, ...]:
    """The whole name the token heads ("New Haven")."""
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return tuple(ent)
    left = [c for c in token.subtree if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return (*sorted(left, key=lambda t: t.i), token)


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    text_a, text_b = pa.side.article.text.lower(), pb.side.article.text.lower()
    found: list[Discrepancy] = []
    for sa in pa.sents:
        for sb in pb.sents:
            found += _compare_sents(sa, sb, text_a, text_b)
    return found


def _compare_sents(sa: Sent, sb: Sent, text_a: str, text_b: str) -> list[Discrepancy]:
    found = []
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
