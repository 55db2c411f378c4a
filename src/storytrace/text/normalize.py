"""Word tokens with offsets, normalised so that typography does not hide a match.

Numbers and names are kept as they are (lower-cased): a lexical stage that strips them would
call "100,000 fled" and "120,000 fled" the same sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A word: letters/digits with inner apostrophes, hyphens, and number punctuation (100,000; 3.5).
_WORD = re.compile(r"\w+(?:[’'\-.,]\w+)*", re.UNICODE)
TYPOGRAPHY = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    norm: str


@lru_cache(maxsize=1 << 17)
def normalize(word: str) -> str:
    """Case-folded, accent-preserving, typographic quotes and dashes made plain."""
    return plain_typography(unicodedata.normalize("NFKC", word)).casefold()


def plain_typography(text: str) -> str:
    """Curly quotes and dashes made plain, by ``str.replace``: ``str.translate`` with a dict
    table looks every character up in Python (a third of the corpus signatures stage once)."""
    for fancy, plain in TYPOGRAPHY.items():
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Word tokens of ``text``; offsets are shifted by ``offset`` (the text's position)."""
    return [
        Token(offset + match.start(), offset + match.end(), normalize(match.group()))
        for match in _WORD.finditer(text)
    ]


def words(text: str) -> list[str]:
    return [token.norm for token in tokens(text)]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: a name or a number written with a letter or digit changed."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
