"""The language layer shared by ``facts`` and ``provenance``: parse, mentions and lexicons.

=================  ============================================================================
``parser``         the seam: the ``Doc``/``Token``/``TokenSpan`` shapes detectors read, the
                   ``Parser`` protocol, and the current parser (``using`` swaps it)
``spacy_parser``   the default parser: spaCy's English pipeline, loaded once per process
``fake``           ``FakeParser``: rule-made parses for unit tests that need no spaCy model
``nlp``            the parse cache: each needed sentence parsed once (budget inside), ``Sent``
``lexicon``        alias groups, titles and the group taxonomy, read from ``data/*.json``
``mentions``       people + titles + parties, roles, places, organisations, outlets, groups,
                   anonymous sources: NER + dependency parse, canonicalised through ``lexicon``
``syntax``         parse helpers: speech verbs, argument slots
``wordlists``      word lists written as one block of text
=================  ============================================================================
"""
