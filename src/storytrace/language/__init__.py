"""The language layer shared by ``facts`` and ``provenance``: parse, mentions and lexicons.

=================  ============================================================================
``nlp``            loads spaCy once; parses each needed sentence once per call (budget inside)
``lexicon``        alias groups, titles and the group taxonomy, read from ``data/*.json``
``mentions``       people + titles + parties, roles, places, organisations, outlets, groups,
                   anonymous sources: NER + dependency parse, canonicalised through ``lexicon``
``syntax``         parse helpers: speech verbs, argument slots
``wordlists``      word lists written as one block of text
=================  ============================================================================
"""
