"""Word lists written as one readable block of text (the lexicons of the detectors)."""

from __future__ import annotations


def words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text``, in order."""
    return tuple(text.split())
