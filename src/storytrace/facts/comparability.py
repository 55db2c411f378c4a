"""Is there enough to compare? A pair where one article is an opinion piece or a review, or where
almost no statement of one article has a counterpart in the other, shows few or no changed facts
because there is little to compare, not because the two agree. This module says so in one
warning line, so the report does not read as "no differences".

Two signals, both cheap (no parse):

- ``stance(article)``: how much an article reads as opinion rather than report. Per sentence,
  outside quotation marks: first-person singular ("I", "my"), the writer's "we"/"our" and the
  reader's "you", and evaluative or prescriptive words ("should", "must", "brilliant",
  "disappointing", "frankly"); against them, the share of sentences that carry a reportable fact
  (a number, a date or weekday, an attribution: "said", "told", "according to").
  ``opinion = voice per sentence - FACT_WEIGHT * factual share``.
- ``counterparts(comparison)``: how many sentences of each article sit in an alignment (have a
  counterpart in the other article).

How the constants were chosen (``python -m eval.comparability``, numbers in its docstring):
the stance score was read on 772 ECB+ news documents (reports by many outlets), 40 English news
pages of the Zyte extraction benchmark, and the 11 English opinion columns and reviews of that
benchmark (nytimes.com/opinion, commentisfree "The Guardian view", washingtonexaminer.com/opinion
×2, sputniknews.com/columnists, nationalreview.com, a game review, a laptop review, two product
reviews and a review round-up). ``OPINION_SCORE`` sits between the news and opinion
distributions (see the eval's figures); no real same-story pair with one opinion side exists in
the eval data, so the counterpart thresholds are set on ECB+ same-event pairs so that independent
reports of one event do not trigger the warning (they rest on ``links``, not on alignments), and
the opinion case uses a looser threshold because an opinion side makes low alignment expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def counterparts(comparison: Comparison, side: str) -> tuple[int, int]:
    """(sentences of one side that sit in an alignment, all its sentences)."""
    article = comparison.a if side == "a" else comparison.b
    spans = [al.a if side == "a" else al.b for al in comparison.alignments]
    total = len(article.sentences)
    covered = sum(1 for s in article.sentences if any(s.overlaps(al) for al in spans))
    return covered, total


def warnings(comparison: Comparison) -> tuple[str, ...]:
    """One "little to compare" line when the pair holds few comparable facts, else none."""
    if comparison.story.verdict is StoryVerdict.UNRELATED:
        return ()  # the verdict already says there is nothing to compare
    stances = {"A": stance(comparison.a), "B": stance(comparison.b)}
    counts = {"A": counterparts(comparison, "a"), "B": counterparts(comparison, "b")}
    shares = {k: (c / t if t else 0.0) for k, (c, t) in counts.items()}
    opinion = [k for k, s in stances.items() if s.opinion]
    low = max(shares.values())
    if opinion and low <= FEW_COUNTERPARTS_OPINION:
        why = "; ".join(
            f"{k} reads as an opinion piece or review ({stances[k].describe()})" for k in opinion
        )
    elif low <= FEW_COUNTERPARTS:
        why = "almost no statement of one article has a counterpart in the other"
    else:
        return ()
    covered = ", ".join(
        f"{c} of {t} statements of {k} have a counterpart" for k, (c, t) in counts.items()
    )
    return (f"{PREFIX}: {why}; {covered}; few or no changed facts is not agreement",)


def with_warnings(comparison: Comparison) -> Comparison:
    """``comparison`` with the "little to compare" warning added when it applies."""
    from dataclasses import replace

    found = warnings(comparison)
    return replace(comparison, warnings=comparison.warnings + found) if found else comparison
