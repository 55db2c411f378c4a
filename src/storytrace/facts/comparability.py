"""Is there enough to compare? A pair where one article is an opinion piece or a review, or where
almost no statement of one article has a counterpart in the other, shows few or no changed facts
because there is little to compare, not because the two agree. This module says so in one
warning line, so the report does not read as "no differences".

Two signals:

- ``stance(article)``: how much an article reads as opinion rather than report. Per sentence,
  outside quotation marks: first-person singular ("I", "my"), the writer's "we"/"our" and the
  reader's "you", and evaluative or prescriptive words ("should", "must", "brilliant",
  "disappointing", "frankly"); against them, the share of sentences that carry a reportable fact
  (a number, a date or weekday, an attribution: "said", "told", "according to").
  ``opinion = voice per sentence - FACT_WEIGHT * factual share``.
- ``counterparts(comparison)``: how many sentences of each article have a counterpart in the
  other: sit in an alignment or, when the alignments alone leave little, in one of the engine's
  statement links (a parse, which the parse cache then serves to the engine).

How the constants were chosen (``python -m eval.comparability --pairs 43``, on 2026-12-05):

- Stance, read on 772 ECB+ news documents, the 138 English pages of the Zyte extraction
  benchmark not marked as blogs, opinion or reviews by their URL (mostly news, with some advice
  columns, guides and company blogs), and the benchmark's 11 English opinion columns and reviews
  (nytimes.com/opinion, "The Guardian view", washingtonexaminer.com/opinion ×2,
  sputniknews.com/columnists, a nationalreview.com column, a game review, a laptop review, two
  product reviews, a review round-up; listed in ``eval.comparability.OPINION``). With
  ``FACT_WEIGHT`` 1.0 and ``OPINION_SCORE`` -0.1, 8 of 11 opinion pieces (73%) read as opinion
  against 6% of the ECB+ documents (mostly celebrity blogs) and 16% of the Zyte pages (advice
  columns, gift guides, blogs); the three missed are political editorials written in the third
  person (NYT, Guardian, Sputnik). Other cuts (documents of 4+ sentences): 0.5 / 0.1 flagged
  5% of ECB+ and 8 of 11, about the same; 1.0 / 0.0 flagged 5% and 7 of 11; 1.5 / -0.1, 5% and
  5 of 11. Eleven pieces is a small sample: treat the threshold as a rough cut, which is why the
  stance alone never warns.
- Counterparts, on the 43 labelled ECB+ same-event pairs (independent reports of one event by
  different outlets): the larger side's share of sentences in an alignment has median 0.18 (14
  pairs at or below 0.10), so alignments alone would warn on a third of real same-event pairs;
  counting the engine's statement links too, the median is 0.50 and 6 pairs are at or below
  ``FEW_COUNTERPARTS`` (0.10): pairs of 2-sentence briefs, or a 23-sentence article against an
  11-sentence one sharing one statement. 8 of the 43 get the warning (2 more through a side that
  reads as opinion: celebrity gossip blogs). ``FEW_COUNTERPARTS_OPINION`` (0.35) is about the
  median aligned share of a real same-event pair: an opinion side that aligns less than that has
  little to compare. No real pair of a news report and an opinion piece on one story exists in
  the eval data, so that case is held by a written pair (``tests/fixtures/badinput/``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storytrace.language.wordlists import words
from storytrace.models import Article, Comparison, Span, StoryVerdict

# Words that show the writer's voice. First person singular counts fully; "we"/"our" and "you"
# also occur in news (a quoted official's "we" outside marks, "you" in service pieces), so they
# count half.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|mine|myself)\b")
_WE_YOU = re.compile(r"\b(?:we|us|our|ours|ourselves|you|your|yours|yourself)\b", re.IGNORECASE)
# Evaluative, prescriptive and stance words: what a column or review says about what it reports.
_EVALUATIVE = frozenset(
    words(
        """
    should shouldn't must mustn't ought needn't
    surely clearly obviously frankly arguably honestly admittedly undoubtedly thankfully sadly
    unfortunately fortunately simply perhaps certainly indeed truly really
    best worst better worse great greatest terrible awful brilliant excellent superb fantastic
    wonderful amazing disappointing impressive mediocre dreadful absurd ridiculous shameful
    disgraceful outrageous pathetic laughable stunning beautiful ugly boring dull fun enjoyable
    love loved hate hated favourite favorite nice lovely gorgeous pleasant annoying frustrating
    excellent solid decent poor weak strong overpriced worth worthwhile recommend
    arrogance arrogant hypocrisy hypocritical cynical naive foolish reckless shameless dishonest
    """
    )
)
_WORD = re.compile(r"[A-Za-z’']+")
# A reportable fact: a number, a date word, or an attribution.
_FACT = re.compile(
    r"\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|yesterday|today|tonight)\b|\b(?:said|says|told|according to|reported|"
    r"announced|confirmed|stated|added|testified|wrote)\b"
)
# Quoted words are the speaker's, not the writer's: masked before counting (across sentence and
# paragraph breaks, as a quotation split over paragraphs runs; bounded, for a mark left open).
_QUOTED = re.compile(r"“[^”]{0,800}”|\"[^\"]{0,800}\"|``.{0,800}?''|‘[^’]{20,800}’", re.DOTALL)

# The stance score: voice and evaluation per sentence, less FACT_WEIGHT × the factual share.
FACT_WEIGHT = 1.0
OPINION_SCORE = -0.1  # at or above: the article reads as opinion (see the module docstring)
MIN_SENTENCES = 4  # fewer sentences say nothing about stance
# Counterpart thresholds: the share of an article's sentences in an alignment.
FEW_COUNTERPARTS = 0.10  # same story, yet at most this share aligned on both sides
FEW_COUNTERPARTS_OPINION = 0.35  # one side is opinion and at most this share aligned
PREFIX = "little to compare"  # how the warning starts (the terminal report looks for it)


@dataclass(frozen=True, slots=True)
class Stance:
    """How an article reads: its opinion score and the figures behind it."""

    score: float
    voice: float  # first/second person and evaluative words per sentence, outside quotes
    factual: float  # share of sentences with a number, a date or an attribution
    sentences: int

    @property
    def opinion(self) -> bool:
        return self.sentences >= MIN_SENTENCES and self.score >= OPINION_SCORE

    def describe(self) -> str:
        return (
            f"{self.voice:.2f} first-person or evaluative words a sentence, "
            f"{self.factual:.0%} of sentences with a number, date or attribution"
        )


def stance(article: Article) -> Stance:
    """Read ``article`` for the writer's voice against reportable facts (see the module doc)."""
    spans = article.sentences or (Span(0, len(article.text)),)
    masked = _QUOTED.sub(lambda m: " " * len(m.group()), article.text)
    voice = 0.0
    factual = 0
    counted = 0
    for span in spans:
        text = span.of(article.text)
        if not text.strip():
            continue
        counted += 1
        outside = span.of(masked)
        voice += len(_FIRST_PERSON.findall(outside)) + 0.5 * len(_WE_YOU.findall(outside))
        voice += sum(1 for w in _WORD.findall(outside) if w.lower() in _EVALUATIVE)
        if _FACT.search(text):
            factual += 1
    if not counted:
        return Stance(0.0, 0.0, 0.0, 0)
    per_sentence = voice / counted
    share = factual / counted
    return Stance(round(per_sentence - FACT_WEIGHT * share, 3), per_sentence, share, counted)


def counterparts(
    comparison: Comparison, side: str, linked: Sequence[tuple[Span, Span]] = ()
) -> tuple[int, int]:
    """(sentences of one side in an alignment or a statement link, all its sentences)."""
    article = comparison.a if side == "a" else comparison.b
    spans = [al.a if side == "a" else al.b for al in comparison.alignments]
    spans += [a if side == "a" else b for a, b in linked]
    total = len(article.sentences)
    covered = sum(1 for s in article.sentences if any(s.overlaps(other) for other in spans))
    return covered, total


def warnings(comparison: Comparison, *, links: bool = True) -> tuple[str, ...]:
    """One "little to compare" line when the pair holds few comparable facts, else none.

    Statements count as compared when the aligner paired them or, with ``links``, when the
    engine's statement links tie them (``engine.statement_links``: a parse, so read only when
    the alignments alone leave little to compare; the parse cache serves the engine after).
    """
    if comparison.story.verdict is StoryVerdict.UNRELATED:
        return ()  # the verdict already says there is nothing to compare
    stances = {"A": stance(comparison.a), "B": stance(comparison.b)}
    opinion = [k for k, s in stances.items() if s.opinion]
    counts = _counts(comparison, ())
    if not _little(counts, opinion):
        return ()
    if links:
        from storytrace.facts.engine import statement_links

        counts = _counts(comparison, statement_links(comparison))
        if not _little(counts, opinion):
            return ()
    if opinion and _share(counts) <= FEW_COUNTERPARTS_OPINION:
        why = "; ".join(
            f"{k} reads as an opinion piece or review ({stances[k].describe()})" for k in opinion
        )
    else:
        why = "almost no statement of one article has a counterpart in the other"
    covered = ", ".join(
        f"{c} of {t} statements of {k} have a counterpart" for k, (c, t) in counts.items()
    )
    return (f"{PREFIX}: {why}; {covered}; few or no changed facts is not agreement",)


def _counts(
    comparison: Comparison, linked: Sequence[tuple[Span, Span]]
) -> dict[str, tuple[int, int]]:
    return {"A": counterparts(comparison, "a", linked), "B": counterparts(comparison, "b", linked)}


def _share(counts: dict[str, tuple[int, int]]) -> float:
    """The larger side's share of sentences with a counterpart."""
    return max((c / t if t else 0.0) for c, t in counts.values())


def _little(counts: dict[str, tuple[int, int]], opinion: list[str]) -> bool:
    share = _share(counts)
    return share <= FEW_COUNTERPARTS or (bool(opinion) and share <= FEW_COUNTERPARTS_OPINION)


def with_warnings(comparison: Comparison, *, links: bool = True) -> Comparison:
    """``comparison`` with the "little to compare" warning added when it applies."""
    found = warnings(comparison, links=links)
    return replace(comparison, warnings=comparison.warnings + found) if found else comparison
