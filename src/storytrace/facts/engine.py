"""The discrepancy engine: a Comparison in, ranked typed Discrepancy records out.

Steps, each a pure function of the Comparison:
1. parse once: every sentence of every alignment, unmatched span and heading paragraph of each
   article, in one spaCy batch per article (``nlp``);
2. read mentions in both articles and canonicalise them (``mentions``, ``lexicon``);
3. per alignment, compare the two passages: numbers, dates, people and groups, negation and
   modality of paired predicates, attribution (``numbers``, ``dates``, ``entities``,
   ``claims``, ``attribution``);
4. across the articles: quotations (``quotes``); unmatched spans as additions and omissions
   (``additions``); each article's headings against their own bodies (``headings``); the day,
   time of day and place each article gives one event (``events``); people's names and offices
   (``people``);
5. drop duplicates (the same finding reached through two alignments), scale confidence by how
   sure the aligner was that the passages correspond, calibrate it per type on real labelled
   pairs and rank by calibrated confidence × severity (``calibration``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from storytrace.align.aligner import SentenceVectors, budget_prefix
from storytrace.facts import (
    additions,
    attribution,
    calibration,
    claims,
    conflicts,
    dates,
    entities,
    events,
    headings,
    links,
    numbers,
    people,
    places,
    quotes,
    spin,
    times,
)
from storytrace.facts.context import Passage, Side
from storytrace.facts.runner import Detector, Runner, detector
from storytrace.language.mentions import NameRegistry
from storytrace.language.nlp import ArticleParses
from storytrace.models import Comparison, Discrepancy, DiscrepancyType, Span, StatementLink

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES: frozenset[str] = frozenset({"en"})

T = DiscrepancyType

# Every detector, one line each: a name, the types it may emit, its function. ``runner.Runner``
# runs them and drops (or, in strict mode, raises on) any finding that breaks its declaration.
# Detectors run on every aligned pair of passages.
PASSAGE_DETECTORS: tuple[Detector[Passage], ...] = (
    detector("numbers", {T.NUMBER}, numbers.compare),
    detector("dates", {T.DATE}, dates.compare),
    detector("entities", {T.PERSON, T.GROUP, T.PLACE}, entities.compare),
    detector("claims", {T.NEGATION, T.MODALITY}, claims.compare),
    detector("attribution", {T.ATTRIBUTION, T.PERSON}, attribution.compare),
    detector("spin", {T.ATTRIBUTION, T.MODALITY}, spin.compare),
    detector("states", {T.CONFLICT}, conflicts.compare_states),
    detector("places", {T.PLACE}, places.compare),
    detector("times", {T.DATE}, times.compare),
)
# Detectors run over sentence pairs linked by shared anchors (``links``) that no alignment
# pairs: the slots where independent reports of one event differ.
LINK_DETECTORS: tuple[Detector[Passage], ...] = (
    detector("numbers.linked", {T.NUMBER}, numbers.compare_linked),
    detector("dates.linked", {T.DATE}, dates.compare_linked),
    detector("titles", {T.PERSON}, entities.compare_titles),
    detector("claims", {T.NEGATION, T.MODALITY}, claims.compare),
    detector("conflicts", {T.CONFLICT}, conflicts.compare),
    detector("states", {T.CONFLICT}, conflicts.compare_states),
    detector("places", {T.PLACE}, places.compare),
    detector("spin", {T.ATTRIBUTION, T.MODALITY}, spin.compare),
    detector("times", {T.DATE}, times.compare),
)
# Negation and modality pair predicates inside the two sentences: on a loose link they pair
# the wrong ones (on the planted regression set they tripled the false positives), so they run
# only on links close enough to be one statement. Dates and sources are compared on aligned
# passages only: on links they paired one event's date or source with another's.
_NEEDS_CLOSE_LINK = frozenset({"claims"})


def _article_counts(side_a: Side, side_b: Side) -> list[Discrepancy]:
    return numbers.compare_articles(side_a.parses.parsed(), side_b.parses.parsed())


def _headings(side_a: Side, side_b: Side) -> list[Discrepancy]:
    return headings.findings(side_a) + headings.findings(side_b)


# Detectors run once over the two whole articles.
ARTICLE_DETECTORS: tuple[Detector[Side], ...] = (
    detector("numbers.articles", {T.NUMBER}, _article_counts),
    detector("numbers.contacts", {T.NUMBER}, numbers.compare_contacts),
    detector("numbers.records", {T.NUMBER}, numbers.compare_records),
    detector("quotes", {T.QUOTATION}, quotes.compare),
    detector("headings", {T.INTERNAL_CONTRADICTION}, _headings),
    detector("events.days", {T.DATE}, events.compare_days),
    detector("events.times", {T.DATE}, events.compare_times),
    detector("events.venues", {T.PLACE}, events.compare_venues),
    detector("events.places", {T.PLACE}, events.compare_named_places),
    detector("people.ranks", {T.PERSON}, people.compare_ranks),
    detector("people.names", {T.PERSON}, people.compare_names),
)


@dataclass(frozen=True, slots=True)
class _Unmatched:
    """One side's unmatched spans, read for material the other side lacks (``additions``)."""

    side: Side
    other: Side
    spans: tuple[Span, ...]
    kind: DiscrepancyType
    covered: frozenset[int]  # sentence starts present on both sides: never one-sided


def _one_sided(added: _Unmatched, omitted: _Unmatched) -> list[Discrepancy]:
    return [
        d
        for u in (added, omitted)
        for d in additions.findings(u.side, u.other, u.spans, u.kind, u.covered)
    ]


# Runs last: what the typed findings above cover is never also one-sided.
ONE_SIDED_DETECTOR: Detector[_Unmatched] = detector(
    "additions", {T.ADDITION, T.OMISSION}, _one_sided
)


def supported(comparison: Comparison) -> bool:
    """Both articles in a supported language (an unknown language is tried as English)."""
    return all(
        (article.language or "en").split("-")[0].lower() in SUPPORTED_LANGUAGES
        for article in (comparison.a, comparison.b)
    )


def find_discrepancies(comparison: Comparison) -> tuple[Discrepancy, ...]:
    """Typed fact discrepancies between the two articles, most severe and surest first."""
    return analyse(comparison)[0]


def analyse(
    comparison: Comparison, vectors: tuple[SentenceVectors, SentenceVectors] | None = None
) -> tuple[tuple[Discrepancy, ...], tuple[StatementLink, ...]]:
    """The discrepancies (``find_discrepancies``) and the statement links (``links.export``:
    sentence pairs about the same event, by shared anchors and, given the aligner's sentence
    ``vectors``, their cosine), from one parse."""
    if not supported(comparison):
        return (), ()
    # Bounded per article like the aligner (alignments and unmatched passages lie in the prefix)
    comparison = replace(comparison, a=budget_prefix(comparison.a), b=budget_prefix(comparison.b))
    side_a, side_b = _prepare(comparison)
    runner = Runner({"a": side_a.article, "b": side_b.article})
    found: list[tuple[Discrepancy, float]] = []
    for alignment in comparison.alignments:
        pa = Passage(side_a, side_a.parses.sentences(alignment.a))
        pb = Passage(side_b, side_b.parses.sentences(alignment.b))
        if not pa.sents or not pb.sents:
            continue
        weight = 0.7 + 0.3 * max(0.0, min(1.0, alignment.score))
        for det in PASSAGE_DETECTORS:
            found += [(d, weight) for d in runner.run(det, pa, pb)]
    found_links = links.candidates(side_a, side_b, side_a.parses.parsed(), side_b.parses.parsed())
    linked = links.select(
        found_links, links.MIN_SHARED_WEIGHT, links.MIN_SHARED_SHARE, links.MAX_LINKS_PER_SENTENCE
    )
    found += _linked(comparison, runner, side_a, side_b, linked)
    for whole in ARTICLE_DETECTORS:
        found += [(d, 1.0) for d in runner.run(whole, side_a, side_b)]
    # A statement linked to one of the other article, or holding one side of a typed finding,
    # is present on both sides: never also an addition or an omission.
    close = [lk for lk in linked if links.same_statement(lk)]
    in_a = frozenset(lk.a.base for lk in close) | _referenced(side_a, found, "a")
    in_b = frozenset(lk.b.base for lk in close) | _referenced(side_b, found, "b")
    added = _Unmatched(side_b, side_a, comparison.unmatched_b, T.ADDITION, in_b)
    omitted = _Unmatched(side_a, side_b, comparison.unmatched_a, T.OMISSION, in_a)
    found += [(d, 1.0) for d in runner.run(ONE_SIDED_DETECTOR, added, omitted)]
    return _rank(_dedupe(found)), links.export(found_links, _similarity(comparison, vectors))


def statement_links(comparison: Comparison) -> list[tuple[Span, Span]]:
    """Sentence pairs (A's span, B's span) that ``links`` ties by shared anchors: what the
    engine compares beyond the aligner's pairs (measured on ECB+ event links by the eval)."""
    if not supported(comparison):
        return []
    side_a, side_b = _prepare(comparison)
    return [
        (lk.a.span, lk.b.span)
        for lk in links.link(side_a, side_b, side_a.parses.parsed(), side_b.parses.parsed())
    ]


def exported_links(
    comparison: Comparison, vectors: tuple[SentenceVectors, SentenceVectors] | None = None
) -> tuple[StatementLink, ...]:
    """``Comparison.links`` without the detectors: the statement links alone."""
    if not supported(comparison):
        return ()
    comparison = replace(comparison, a=budget_prefix(comparison.a), b=budget_prefix(comparison.b))
    side_a, side_b = _prepare(comparison)
    return links.export(
        links.candidates(side_a, side_b, side_a.parses.parsed(), side_b.parses.parsed()),
        _similarity(comparison, vectors),
    )


def _similarity(
    comparison: Comparison, vectors: tuple[SentenceVectors, SentenceVectors] | None
) -> links.SentenceSimilarity | None:
    """The cosines of the aligner's sentence vectors, for the link model."""
    if vectors is None:
        return None
    va, vb = vectors
    if len(va.vectors) != len(va.article.sentences) or len(vb.vectors) != len(vb.article.sentences):
        return None
    return links.SentenceSimilarity(
        comparison.embedder, va.article.sentences, vb.article.sentences, va.vectors @ vb.vectors.T
    )


def _referenced(side: Side, found: list[tuple[Discrepancy, float]], label: str) -> frozenset[int]:
    """Start offsets of the sentences of ``side`` that typed cross-article findings point into."""
    spans = [
        ref.span
        for d, _ in found
        if d.a is not None and d.b is not None and d.a.article != d.b.article
        for ref in (d.a, d.b)
        if ref.article == label and ref.block is None
    ]
    return frozenset(
        sent.base for sent in side.parses.parsed() if any(sent.span.overlaps(s) for s in spans)
    )


def _linked(
    comparison: Comparison, runner: Runner, side_a: Side, side_b: Side, linked: list[links.Link]
) -> list[tuple[Discrepancy, float]]:
    """Findings on linked sentence pairs that the aligner did not pair."""
    aligned = [(al.a, al.b) for al in comparison.alignments]
    found: list[tuple[Discrepancy, float]] = []
    for lk in linked:
        if any(sa.overlaps(lk.a.span) and sb.overlaps(lk.b.span) for sa, sb in aligned):
            continue
        weight = 0.5 + 0.4 * lk.score
        pa, pb = Passage(side_a, [lk.a]), Passage(side_b, [lk.b])
        for det in LINK_DETECTORS:
            if det.name in _NEEDS_CLOSE_LINK and not links.same_statement(lk):
                continue
            found += [(d, weight) for d in runner.run(det, pa, pb)]
    return found


def _prepare(comparison: Comparison) -> tuple[Side, Side]:
    """Parse what the comparison needs and read the mentions of both articles."""
    sides = []
    for label, article, spans in (
        ("a", comparison.a, [al.a for al in comparison.alignments] + list(comparison.unmatched_a)),
        ("b", comparison.b, [al.b for al in comparison.alignments] + list(comparison.unmatched_b)),
    ):
        parses = ArticleParses(article, label)
        side = Side(label, article, parses)
        wanted = list(spans) + [p for _, body in headings.heading_blocks(side) for p in body]
        parses.prefetch(_dedupe_spans(wanted))
        sides.append(side)
    side_a, side_b = sides
    registry = NameRegistry()
    heading_sents = {
        side.label: [side.parses.heading(i) for i, _ in headings.heading_blocks(side)]
        for side in sides
    }
    for side in sides:
        registry.add_from(side.parses.parsed())
        registry.add_from(heading_sents[side.label])
    for side in sides:
        side.index(registry, side.parses.parsed() + heading_sents[side.label])
    return side_a, side_b


def _dedupe_spans(spans: list[Span]) -> list[Span]:
    return sorted(set(spans))


def _dedupe(found: list[tuple[Discrepancy, float]]) -> list[Discrepancy]:
    best: dict[tuple[object, ...], Discrepancy] = {}
    for discrepancy, weight in found:
        scaled = replace(discrepancy, confidence=round(discrepancy.confidence * weight, 3))
        key = (scaled.type, _ref_key(scaled.a), _ref_key(scaled.b))
        current = best.get(key)
        if current is None or scaled.confidence > current.confidence:
            best[key] = scaled
    return list(best.values())


def _ref_key(ref: object) -> tuple[object, ...] | None:
    if ref is None:
        return None
    return (ref.article, ref.block, ref.span.start, ref.span.end)  # type: ignore[attr-defined]


def _rank(found: list[Discrepancy]) -> tuple[Discrepancy, ...]:
    """Calibrated (``calibration``), then ordered by confidence × severity weight."""

    def position(d: Discrepancy) -> tuple[int, int]:
        a = d.a.span.start if d.a else -1
        b = d.b.span.start if d.b else -1
        return a, b

    ranked = [calibration.calibrated(d) for d in found]
    return tuple(
        sorted(
            ranked,
            key=lambda d: (-calibration.headline_score(d), d.type.value, position(d)),
        )
    )
