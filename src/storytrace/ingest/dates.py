"""Dates as news pages print them, read into ISO ``YYYY-MM-DD``.

Plain-text articles carry their date only as a line ("Published 13 October 2023") or glued
to the first sentence (" date 2023-10-13 The State Department..."), and records carry it in
whatever format their producer chose. Only complete dates (day, month, year) count: a bare
"October 3" inside a sentence is content, not metadata.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = (
    # 2023-10-13, 2023/10/13, 2023.10.13 (and an ISO time after a T)
    r"(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?",
    # 13.10.2023 (European), 10/13/2023 (US unless the first number cannot be a month)
    r"(?P<a2>\d{1,2})(?P<sep2>[./])(?P<b2>\d{1,2})[./](?P<y2>\d{4})",
    # 13 October 2023, 13th Oct. 2023
    r"(?P<d3>\d{1,2})" + _ORD + r"\s+" + _MONTH.replace("month", "m3") + r",?\s+(?P<y3>\d{4})",
    # October 13, 2023, Oct. 13th 2023
    _MONTH.replace("month", "m4") + r"\s+(?P<d4>\d{1,2})" + _ORD + r",?\s+(?P<y4>\d{4})",
)
DATE_PATTERN = _WEEKDAY + "(?:" + "|".join(f"(?:{form})" for form in _DATE_FORMS) + ")"
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
# A clock time that may follow a date: 14:05, 5:45 AM PST, 1:23 p.m., 10:00 GMT+2
TIME_PATTERN = (
    r"\s*(?:(?:at|,|\||·|-|–)\s*)?\d{1,2}(?::\d\d){1,2}(?:\s*[ap]\.?m\.?)?"
    r"(?-i:(?:\s*[A-Z]{2,4}(?:[+-]\d{1,2})?)(?![a-z]))?"
)
_TIME = re.compile(TIME_PATTERN, re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """The first complete date in ``text`` as ``YYYY-MM-DD``, or None."""
    match = _DATE.search(text)
    return _iso(match) if match else None


def match_date(text: str, pos: int = 0) -> tuple[str, int] | None:
    """A complete date starting exactly at ``pos``: its ISO form and where it ends."""
    match = _DATE.match(text, pos)
    if match is None:
        return None
    iso = _iso(match)
    return (iso, match.end()) if iso else None


def match_time(text: str, pos: int) -> int:
    """End of a clock time starting at ``pos`` (after optional spaces), else ``pos``."""
    match = _TIME.match(text, pos)
    return match.end() if match else pos


def _iso(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    if parts["y1"]:
        year, month, day = int(parts["y1"]), int(parts["m1"]), int(parts["d1"])
    elif parts["y2"]:
        first, second, year = int(parts["a2"]), int(parts["b2"]), int(parts["y2"])
        # Dots are European (day first); slashes are US (month first) unless impossible.
        day_first = parts["sep2"] == "." or first > 12
        day, month = (first, second) if day_first else (second, first)
    elif parts["y3"]:
        year, month, day = int(parts["y3"]), _month(parts["m3"]), int(parts["d3"])
    else:
        year, month, day = int(parts["y4"]), _month(parts["m4"]), int(parts["d4"])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key[:4], 0) or _MONTHS.get(key[:3], 0)
