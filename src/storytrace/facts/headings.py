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

Headings are found two ways. Since schema 1.1 subheadings stay in the text and
``Article.headings`` lists their spans; an Article without that list (built by hand, or read
from an older corpus) falls back to its paragraphs that hold no sentence. A headline, and
every subheading of 1.0 data, is a ``RemovedBlock``: its reference uses ``block`` (its index
in ``Article.removed``) and an offset into that block's text.
"""

from __future__ import annotations

from bisect import bisect_left
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


Heading = int | Span  # an index into Article.removed, or a heading's span in the text


def heading_blocks(side: Side) -> list[tuple[Heading, list[Span]]]:
    """Each heading with the paragraphs it heads (up to the next heading)."""
    article = side.article
    in_text = set(text_headings(side))
    paragraphs = [p for p in _paragraphs(side) if p not in in_text]
    # (where its paragraphs start, the heading, its reason)
    found: list[tuple[int, Heading, RemovalReason]] = [
        (b.at, i, b.reason) for i, b in enumerate(article.removed) if b.reason in HEADINGS
    ]
    found += [(span.end, span, RemovalReason.SUBHEADING) for span in in_text]
    found.sort(key=lambda item: item[0])
    result: list[tuple[Heading, list[Span]]] = []
    for n, (at, key, reason) in enumerate(found):
        later = [other for other, _, _ in found[n + 1 :] if other > at]
        stop = min(later) if later else len(article.text) + 1
        body = [p for p in paragraphs if at <= p.start < stop][: MAX_PARAGRAPHS[reason]]
        if body:
            result.append((key, body))
    return result


def text_headings(side: Side) -> tuple[Span, ...]:
    """Headings kept in the text: ``Article.headings``, else paragraphs without a sentence."""
    article = side.article
    if article.headings or not article.sentences:
        return article.headings
    starts = sorted(s.start for s in article.sentences)

    def holds_a_sentence(paragraph: Span) -> bool:
        first = bisect_left(starts, paragraph.start)
        return first < len(starts) and starts[first] < paragraph.end

    return tuple(p for p in _paragraphs(side) if not holds_a_sentence(p))


def heading_reason(side: Side, key: Heading) -> str:
    if isinstance(key, Span):
        return RemovalReason.SUBHEADING.value
    return side.article.removed[key].reason.value


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
        reason = heading_reason(side, index)
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
