"""Counts and rates as a reader expects them: "1 block", "2 blocks", "1.2k articles/s"."""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``count`` and ``noun``, the noun in the plural unless the count is one."""
    return f"{count:,} {noun if count == 1 else plural_form or noun + 's'}"


def rate(per_second: float | None, unit: str) -> str:
    """Three significant figures at most: "0.42", "8.3", "93", "1.2k", "94k" ``unit``/s.

    Rates come from a few seconds of progress, so more digits would be noise.
    """
    if not per_second or per_second < 0:
        return f"… {unit}/s"
    if per_second >= 10_000:
        shown = f"{per_second / 1000:,.0f}k"
    elif per_second >= 1000:
        shown = f"{per_second / 1000:.1f}k"
    elif per_second >= 10:
        shown = f"{per_second:.0f}"
    elif per_second >= 1:
        shown = f"{per_second:.1f}"
    else:
        shown = f"{per_second:.2f}"
    return f"{shown} {unit}/s"
