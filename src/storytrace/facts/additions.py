"""Additions and omissions: passages one article has and the other lacks, ranked by content.

Each unmatched span (a sentence the aligner paired with nothing) is one finding, unless its
content is in fact present in the other article — the aligner may miss a heavily reworded
sentence, and "material present in only one article" must then not be claimed. Content is the
set of entity identities (aliases merged) and content-word lemmas; a span whose content is at
least ``COVERED`` present in some window of two consecutive sentences of the other article is
skipped.

Severity follows what the passage carries: a figure, a quotation, a named person, an
attributed claim, an act of force or an accusation weigh more than background; see ``WEIGHTS``.
"""

from __future__ import annotations

from storytrace.facts import numbers
from storytrace.facts.context import Passage, Side, excerpt, finding
from storytrace.facts.dates import extract as extract_dates
from storytrace.facts.quotes import MIN_WORDS, find_quotes
from storytrace.language.mentions import PERSON, ROLE
from storytrace.language.nlp import Sent
from storytrace.language.syntax import is_speech_verb
from storytrace.language.wordlists import words
from storytrace.models import Discrepancy, DiscrepancyType, Severity, Span, TextRef

COVERED = 0.7  # share of a span's content found in the other article at which it is not "new"
WEIGHTS = {
    "figure": 2,
    "quotation": 2,
    "force or accusation": 2,
    "named person": 1,
    "attributed claim": 1,
    "date": 1,
}
HIGH_AT, MEDIUM_AT = 4, 2
# Predicates of force and blame: what a fact-checker checks first in new material.
_FORCE = frozenset(
    words(
        """
    kill attack invade arrest detain imprison die wound injure shoot bomb shell strike accuse
    blame condemn threaten sanction seize occupy displace expel flee torture execute massacre
    crime genocide cleansing war offensive invasion assault blockade raid
    """
    )
)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})


def content(side: Side, sent: Sent) -> set[str]:
    keys = {m.id for m in side.mentions(sent)}
    for token in sent.doc:
        if (
            token.pos_ in _CONTENT_POS
            and not token.is_stop
            and (token.is_alpha or token.like_num)
            and side.mention_at(sent, token) is None
        ):
            keys.add(token.lemma_.lower())
    return keys


def findings(
    side: Side,
    other: Side,
    spans: tuple[Span, ...],
    kind: DiscrepancyType,
    linked: frozenset[int] = frozenset(),
) -> list[Discrepancy]:
    """One finding per unmatched span whose content the other article lacks.

    ``linked`` holds the start offsets of this side's sentences that ``links`` tied to a
    statement of the other article: a fact present on both sides is compared there, never
    reported here as omitted on one side and added on the other.
    """
    other_sents = other.parses.parsed()
    windows = [content(other, s) for s in other_sents]
    windows = [
        w | (windows[i + 1] if i + 1 < len(windows) else set()) for i, w in enumerate(windows)
    ]
    found = []
    for span in spans:
        sents = side.parses.sentences(span)
        if not sents or all(s.base in linked for s in sents):
            continue
        keys = set().union(*(content(side, s) for s in sents))
        coverage = max((len(keys & w) / len(keys) for w in windows), default=0.0) if keys else 1.0
        if coverage >= COVERED:
            continue
        reasons = _reasons(side, sents, span)
        score = sum(WEIGHTS[r] for r in reasons)
        severity = (
            Severity.HIGH
            if score >= HIGH_AT
            else Severity.MEDIUM
            if score >= MEDIUM_AT
            else Severity.LOW
        )
        text = span.of(side.article.text)
        what = f" with {_join(reasons)}" if reasons else ""
        if kind == DiscrepancyType.ADDITION:
            explanation = f"Only B has this passage{what}: “{excerpt(text)}”."
            a_ref, b_ref = None, TextRef("b", span)
        else:
            explanation = f"B leaves out this passage of A{what}: “{excerpt(text)}”."
            a_ref, b_ref = TextRef("a", span), None
        found.append(
            finding(
                kind,
                severity,
                a_ref,
                b_ref,
                text if kind == DiscrepancyType.OMISSION else None,
                text if kind == DiscrepancyType.ADDITION else None,
                explanation,
                0.5 + 0.45 * (1.0 - coverage),
            )
        )
    return found


def _reasons(side: Side, sents: list[Sent], span: Span) -> list[str]:
    passage = Passage(side, sents)
    reasons = []
    if any(numbers.extract(s) for s in sents):
        reasons.append("figure")
    quotes = find_quotes(span.of(side.article.text), side.label)
    if any(len(q.words) >= MIN_WORDS for q in quotes):
        reasons.append("quotation")
    if any(t.lemma_.lower() in _FORCE for _, t in passage.tokens()):
        reasons.append("force or accusation")
    if any(m.kind in (PERSON, ROLE) for m in passage.mentions()):
        reasons.append("named person")
    if any(is_speech_verb(t) or t.lower_ == "according" for _, t in passage.tokens()):
        reasons.append("attributed claim")
    if any(extract_dates(s, side.published) for s in sents):
        reasons.append("date")
    return reasons


def _join(reasons: list[str]) -> str:
    article = {"force or accusation": "an act of", "attributed claim": "an"}
    words = [f"{article.get(r, 'a')} {r}" for r in reasons]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
