"""Language of an article: what the page declares, else py3langid on the text.

py3langid ships its model inside the wheel (no download) and classifies a news article in
well under a millisecond once loaded; loading takes about 0.8 s, so it happens on first use.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Below this many letters an identification is a guess (a headline, a caption).
MIN_LETTERS = 20
# Normalised probability under which we say "unknown" rather than guess; on news text the
# top language is usually above 0.99, mixed or very short text falls well below 0.5.
MIN_CONFIDENCE = 0.5
# The first few thousand characters decide; the rest only costs time.
SAMPLE_CHARS = 4000
_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code from a tag such as ``en-US`` or ``pt_BR``; None when not one."""
    if not value:
        return None
    match = _CODE.match(value.strip())
    return match.group(1).lower() if match else None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when it is too short or too mixed to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return None
    return language_code(code)


@functools.cache
def _identifier() -> Any:
    """py3langid restricted to languages with an ISO 639-1 code: its 3-letter extras (such
    as Nigerian Pidgin next to English) split the probability of short English texts."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([label for label in identifier.labels if len(label) == 2])
    return identifier
