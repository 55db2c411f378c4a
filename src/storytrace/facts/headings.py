"""Internal contradictions: a headline or subheading that its own body contradicts.

No NLI model runs offline (see STACK.md), so a heading is checked with the typed comparisons
used between articles, applied to the heading and the paragraph(s) it heads:

* a predicate of the heading found in the body (same lemma, the sentence sharing at least
  ``MIN_SHARED`` entities or content words with the heading) with the opposite polarity:
  "Since 2002 the US military support to Azerbaijan is prohibited" over "the United States has
  provided the waiver, allowing it to avoid a clause … that prohibits …" (the body's "prohibits"
  stands under "avoid", a negative implicative);
* the same predicate stated as fact in the heading and hedged in the body (or the reverse);
* numbers and dates about the same thing that cannot agree.

The heading's reference uses ``block`` (its index in ``Article.removed``) and an offset into
that block's text.
"""

from __future__ import annotations

from dataclasses import replace

from storytrace.facts import dates, numbers
from storytrace.facts.additions import content
from storytrace.facts.claims import predicate_phrase
from storytrace.facts.context import Passage, Side, excerpt, finding
from storytrace.facts.modality import MIN_GAP, certainty
from storytrace.facts.polarity import polarity
from storytrace.facts.predicates import pair, predicates
from storytrace.models import Discrepancy, DiscrepancyType, RemovalReason, Severity, Span

HEADINGS = (RemovalReason.HEADLINE, RemovalReason.SUBHEADING)
MIN_SHARED = 2  # entities/content words a body sentence shares with the heading
MAX_PARAGRAPHS = {RemovalReason.HEADLINE: 2, RemovalReason.SUBHEADING: 3}


def heading_blocks(side: Side) -> list[tuple[int, list[Span]]]:
    """Each heading block with the paragraphs it heads (up to the next heading)."""
    article = side.article
    paragraphs = _paragraphs(side)
    blocks = [(i, b) for i, b in enumerate(article.removed) if b.reason in HEADINGS]
    result = []
    for n, (index, block) in enumerate(blocks):
        later = [b.at for _, b in blocks[n + 1 :] if b.at > block.at]
        stop = min(later) if later else len(article.text) + 1
        body = [p for p in paragraphs if block.at <= p.start < stop][: MAX_PARAGRAPHS[block.reason]]
        if body:
            result.append((index, body))
    return result


def _paragraphs(side: Side) -> tuple[Span, ...]:
    if side.article.paragraphs:
        return side.article.paragraphs
    from storytrace.text.segment import paragraphs

    return paragraphs(side.article.text)


def findings(side: Side) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for index, body_spans in heading_blocks(side):
        heading = Passage(side, [side.parses.heading(index)])
        body_sents = [s for span in body_spans for s in side.parses.sentences(span)]
        if not body_sents:
            continue
        reason = side.article.removed[index].reason.value
        heading_keys = content(side, heading.sents[0])
        related = [s for s in body_sents if len(content(side, s) & heading_keys) >= MIN_SHARED]
        if related:
            found += _claims(heading, Passage(side, related), reason)
        body = Passage(side, body_sents)
        names = (f"The {reason}", "its paragraph")
        for other in numbers.compare(heading, body, names) + dates.compare(heading, body, names):
            found.append(replace(other, type=DiscrepancyType.INTERNAL_CONTRADICTION))
    return found


def _claims(heading: Passage, body: Passage, reason: str) -> list[Discrepancy]:
    found = []
    for pp in pair(predicates(heading), predicates(body)):
        if pp.a.lemma != pp.b.lemma or pp.score < 0.75:
            continue
        pol_h, pol_b = polarity(pp.a.token), polarity(pp.b.token)
        ref_h, text_h = predicate_phrase(pp.a.sent, pp.a.token, pol_h.triggers)
        ref_b, text_b = predicate_phrase(pp.b.sent, pp.b.token, pol_b.triggers)
        if pol_h.negative != pol_b.negative:
            stance = "denies" if pol_b.negative else "asserts"
            found.append(
                finding(
                    DiscrepancyType.INTERNAL_CONTRADICTION,
                    Severity.HIGH,
                    ref_h,
                    ref_b,
                    "negative" if pol_h.negative else "positive",
                    "negative" if pol_b.negative else "positive",
                    f"The {reason} “{excerpt(heading.sents[0].doc.text)}” "
                    "is contradicted by its own "
                    f"paragraph, which {stance} it: “{excerpt(text_b)}”.",
                    0.75 * pp.score + 0.1,
                )
            )
            continue
        cert_h, cert_b = certainty(pp.a.token), certainty(pp.b.token)
        if cert_h.level - cert_b.level >= MIN_GAP:
            found.append(
                finding(
                    DiscrepancyType.INTERNAL_CONTRADICTION,
                    Severity.MEDIUM,
                    ref_h,
                    ref_b,
                    f"{cert_h.level:.2f}",
                    f"{cert_b.level:.2f}",
                    f"The {reason} states “{excerpt(text_h)}” with more certainty than its own "
                    f"paragraph (“{excerpt(text_b)}”).",
                    0.6 * pp.score + 0.1,
                )
            )
    return found
