"""Spin: the changes a slanted rewrite makes to one statement without changing its words much.

Three, each read from the parse around an event word both sides share ("renew", "renewing"):

- **attribution moved**: one side credits the statement to an outlet's reporting ("One such
  step, according to Politico, is not renewing the waiver"), the other puts it in a named
  person's own mouth ("He stated that the State Department has no plans to renew…");
- **considered stated as decided**: one side frames the event as an option under consideration
  ("one such step is", "is considering", "options include"), the other as a decision ("has no
  plans to", "does not intend to", "decided", "the decision not to");
- **unspecified made specific**: a generic measure ("possible measures", "steps") in one
  becomes a named one ("prospective sanctions", "an embargo") in the same slot of the other.

ATTRIBUTION for the first, MODALITY for the other two (a change in how settled the fact is).
"""

from __future__ import annotations

from collections.abc import Iterator

from storytrace.facts.context import Passage, excerpt, finding
from storytrace.language.mentions import OUTLET, PERSON, ROLE
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.language.syntax import is_according_to, is_speech_verb
from storytrace.language.wordlists import words
from storytrace.models import Discrepancy, DiscrepancyType, Severity

_OPTION_NOUNS = frozenset(words("step option measure possibility idea proposal avenue"))
_CONSIDER_VERBS = frozenset(words("consider weigh explore mull discuss study evaluate review"))
_DECIDE_WORDS = frozenset(words("intend plan decide decision resolve determine commit intention"))
_GENERIC_MEASURES = frozenset(words("measure step action option response consequence way"))
_SPECIFIC_MEASURES = frozenset(
    words(
        """
    sanction embargo ban tariff penalty fine boycott blockade strike airstrike indictment
    expulsion freeze suspension restriction
    """
    )
)
_MAX_HOPS = 6


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for sa in pa.sents:
        for sb in pb.sents:
            for ta, tb in _shared_events(sa, sb):
                found += _moved(pa, pb, sa, sb, ta, tb)
                found += _decided(sa, sb, ta, tb)
            found += _specific(sa, sb)
    return _unique(found)


def _shared_events(sa: Sent, sb: Sent) -> Iterator[tuple[Token, Token]]:
    """Verb tokens of one lemma on both sides, with a shared noun object or subject."""
    verbs_b = [(tb, tb.lemma_.lower()) for tb in sb.doc if tb.pos_ == "VERB"]
    for ta in sa.doc:
        if ta.pos_ != "VERB":
            continue
        lemma_a = ta.lemma_.lower()
        for tb, lemma_b in verbs_b:
            if lemma_b == lemma_a:
                args_a = {c.lemma_.lower() for c in ta.children if c.dep_ in ("dobj", "nsubjpass")}
                args_b = {c.lemma_.lower() for c in tb.children if c.dep_ in ("dobj", "nsubjpass")}
                if args_a & args_b:
                    yield ta, tb


def _governors(token: Token) -> Iterator[Token]:
    hops = 0
    while token.head is not token and hops < _MAX_HOPS:
        token = token.head
        hops += 1
        yield token


def _source(passage: Passage, sent: Sent, event: Token) -> tuple[str, str, Token] | None:
    """Who the clause holding ``event`` is credited to: ("outlet"|"named", name, cue)."""
    chain = [event, *_governors(event)]
    for node in chain:
        # "according to X" hangs off the clause's verb or its subject ("One such step,
        # according to Politico, is …").
        near = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        for child in (t for n in (node, *near) for t in n.subtree if t.head in (n, *near)):
            if child.lower_ != "according":
                continue
            for to in (c for c in child.children if is_according_to(c)):
                for obj in (c for c in to.children if c.dep_ == "pobj"):
                    kind = _kind(passage, sent, obj)
                    if kind:
                        return kind[0], kind[1], child
        if node is not event and is_speech_verb(node):
            for subj in (c for c in node.children if c.dep_ == "nsubj"):
                kind = _kind(passage, sent, subj)
                if kind:
                    return kind[0], kind[1], node
    return None


def _kind(passage: Passage, sent: Sent, token: Token) -> tuple[str, str] | None:
    mention = passage.side.mention_at(sent, token)
    if mention is not None:
        if mention.kind == OUTLET:
            return "outlet", mention.name
        if mention.kind in (PERSON, ROLE):
            return "named", mention.name
    if token.pos_ == "PRON" and token.lower_ in ("he", "she"):
        return "named", f"the speaker (“{token.text}”)"
    return None


def _moved(pa: Passage, pb: Passage, sa: Sent, sb: Sent, ta: Token, tb: Token) -> list[Discrepancy]:
    src_a, src_b = _source(pa, sa, ta), _source(pb, sb, tb)
    if src_a is None or src_b is None or {src_a[0], src_b[0]} != {"outlet", "named"}:
        return []
    outlet, person = (src_a, src_b) if src_a[0] == "outlet" else (src_b, src_a)
    side_outlet = "A" if src_a[0] == "outlet" else "B"
    side_person = "B" if side_outlet == "A" else "A"
    return [
        finding(
            DiscrepancyType.ATTRIBUTION,
            Severity.MEDIUM,
            sa.token_ref(sa.doc[min(src_a[2].i, ta.i) : max(src_a[2].i, ta.i) + 1])
            if abs(src_a[2].i - ta.i) <= 12
            else sa.token_ref(sa.doc[ta.i : ta.i + 1]),
            sb.token_ref(sb.doc[min(src_b[2].i, tb.i) : max(src_b[2].i, tb.i) + 1])
            if abs(src_b[2].i - tb.i) <= 12
            else sb.token_ref(sb.doc[tb.i : tb.i + 1]),
            src_a[1],
            src_b[1],
            f"{side_outlet} credits “{ta.text if side_outlet == 'A' else tb.text}…” to "
            f"{outlet[1]}'s reporting; {side_person} has {person[1]} state it.",
            0.75,
        )
    ]


def _stance(token: Token) -> tuple[str, Token] | None:
    """ "considered" or "decided", with the word that says so, for the clause of ``token``."""
    for node in [token, *_governors(token)]:
        lemma = node.lemma_.lower()
        if lemma in _DECIDE_WORDS:
            return "decided", node
        if lemma in _CONSIDER_VERBS and node.pos_ == "VERB":
            return "considered", node
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in _OPTION_NOUNS:
                return "considered", child
            if child.lemma_.lower() in _DECIDE_WORDS and child.dep_ in ("dobj", "attr"):
                return "decided", child
    return None


def _decided(sa: Sent, sb: Sent, ta: Token, tb: Token) -> list[Discrepancy]:
    st_a, st_b = _stance(ta), _stance(tb)
    if st_a is None or st_b is None or st_a[0] == st_b[0]:
        return []
    firm = "A" if st_a[0] == "decided" else "B"
    wa, wb = st_a[1], st_b[1]
    ref_a = sa.token_ref(sa.doc[min(wa.i, ta.i) : max(wa.i, ta.i) + 1])
    ref_b = sb.token_ref(sb.doc[min(wb.i, tb.i) : max(wb.i, tb.i) + 1])
    return [
        finding(
            DiscrepancyType.MODALITY,
            Severity.MEDIUM,
            ref_a,
            ref_b,
            st_a[0],
            st_b[0],
            f"A has “{excerpt(sa.text_of([wa, ta]))}” where B has "
            f"“{excerpt(sb.text_of([wb, tb]))}”: {firm} states as decided what the other "
            "presents as a step under consideration.",
            0.7,
        )
    ]


def _specific(sa: Sent, sb: Sent) -> list[Discrepancy]:
    """A generic measure on one side, a named one in the same slot on the other."""
    found = []
    # Nouns and their lemmas read once per sentence, not once per token pair (a spaCy token
    # is rebuilt on every access: this loop was a third of a 1,000-word pair's facts stage).
    nouns_a = [(na, na.lemma_.lower()) for na in sa.doc if na.pos_ == "NOUN"]
    nouns_b = [(nb, nb.lemma_.lower()) for nb in sb.doc if nb.pos_ == "NOUN"]
    for na, la in nouns_a:
        for nb, lb in nouns_b:
            generic_a = la in _GENERIC_MEASURES and lb in _SPECIFIC_MEASURES
            generic_b = lb in _GENERIC_MEASURES and la in _SPECIFIC_MEASURES
            if not (generic_a or generic_b) or not _same_slot(na, nb):
                continue
            vague = "A" if generic_a else "B"
            ref_a = sa.token_ref(_with_modifiers(sa, na))
            ref_b = sb.token_ref(_with_modifiers(sb, nb))
            found.append(
                finding(
                    DiscrepancyType.MODALITY,
                    Severity.MEDIUM,
                    ref_a,
                    ref_b,
                    la,
                    lb,
                    f"{vague} has unspecified “{(na if generic_a else nb).text}” where the other "
                    f"names “{(nb if generic_a else na).text}”: a possible measure made specific.",
                    0.7,
                )
            )
    return found


def _same_slot(x: Token, y: Token) -> bool:
    """Both attach the same way to the same governing word ("pressed … on X")."""

    def slot(t: Token) -> tuple[str, str]:
        head = t.head
        if t.dep_ == "pobj":
            return head.lower_, head.head.lemma_.lower()
        return t.dep_, head.lemma_.lower()

    return slot(x) == slot(y)


def _with_modifiers(sent: Sent, noun: Token):  # type: ignore[no-untyped-def]
    start = min([noun.i, *[c.i for c in noun.children if c.dep_ == "amod" and c.i < noun.i]])
    return sent.doc[start : noun.i + 1]


def _unique(found: list[Discrepancy]) -> list[Discrepancy]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in found:
        key = (d.type, d.a.span if d.a else None, d.b.span if d.b else None)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
