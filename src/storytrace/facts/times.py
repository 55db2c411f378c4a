"""Times of day: clock times and parts of the day, each read as a window of minutes after midnight.

spaCy's TIME entities (and the part-of-day words in DATE entities: "early Monday", "Tuesday
afternoon") find the phrases. A clock time is a window as wide as its wording allows: "at 2:30
a.m." is 2:30 give or take a few minutes (``EXACT_MINUTES``), "about 2:30 a.m." a quarter of an
hour either side (``ABOUT_MINUTES``), "shortly after 2 a.m." the 20 minutes after it; a part of
the day is its usual hours ("morning" 5-12, "night" 19-06). Two windows that do not overlap
cannot be the same moment: "at about 2:30 a.m." / "shortly after 2 a.m." differ, "about 1:00
am" / "about 1:30 a.m." differ, "early Monday" / "Monday morning" agree.

Times are only compared within one clock: a time given in GMT and one in local time (or one
with a zone and one without) are never held against each other ("3:30 p.m." in one article
and "4:30 p.m. ET" in the other may be the same kickoff). A clock time without a.m./p.m. is
compared on a 12-hour clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storytrace.facts import slots
from storytrace.facts.context import Passage, excerpt, finding
from storytrace.facts.dates import is_dateline
from storytrace.language.nlp import Sent
from storytrace.language.parser import Token
from storytrace.models import Discrepancy, DiscrepancyType, Severity

DAY = 24 * 60
# Two times given to one word of two corresponding passages: usually one moment told two ways,
# but a passage can hold two moments of one event ("began at 8:30, resolved at 9:40").
CONFIDENCE = 0.7
# An exact clock time in a report is rounded by some outlets ("12:45" / "12:47"): a window of
# this many minutes either side. Wider than a typo, narrower than the coarsest rounding people
# notice (a quarter of an hour).
EXACT_MINUTES = 5
# "about/around/approximately 2:30": ten minutes either side. Reporters round to the quarter or
# half hour, so "about 1:00" and "about 1:30" name different half hours (the example
# of a clear difference), while "about 1:00" and "1:08" agree.
ABOUT_MINUTES = 10
# "shortly/just after 2 a.m." and "shortly/just before": the quarter hour on that side, so
# "shortly after 2 a.m." and "about 2:30 a.m." differ (the other example).
SHORTLY_MINUTES = 15
# "after 2 a.m." / "before 2 a.m." without "shortly": the hour on that side.
AFTER_MINUTES = 60

# Parts of the day, as (first minute, last minute); the night runs past midnight.
_PARTS: dict[str, tuple[int, int]] = {
    "dawn": (4 * 60, 7 * 60),
    "daybreak": (4 * 60, 7 * 60),
    "morning": (0, 12 * 60),  # "2 a.m. Tuesday morning": the small hours are morning too
    "midday": (11 * 60, 14 * 60),
    "noon": (12 * 60 - 20, 12 * 60 + 20),
    "lunchtime": (11 * 60 + 30, 14 * 60),
    "afternoon": (12 * 60, 18 * 60 + 30),
    "dusk": (17 * 60, 21 * 60),
    "evening": (17 * 60, 23 * 60 + 30),
    "night": (18 * 60, 30 * 60),
    "tonight": (17 * 60, 30 * 60),
    "overnight": (20 * 60, 31 * 60),
    "midnight": (24 * 60 - 20, 24 * 60 + 20),
}
# "early Monday" (the small hours and the morning), "late Thursday" (evening and night).
_EARLY = (0, 11 * 60)
_LATE = (17 * 60, 30 * 60)
_APPROX = frozenset(["about", "around", "approximately", "roughly", "some", "circa", "c."])
_SHORTLY = frozenset(["shortly", "just", "soon", "right", "moments", "minutes"])
# Zones written after a clock time; "local" stands for "local time".
_ZONES = re.compile(
    r"^(gmt|utc|z|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|bst|cet|cest|ist|jst|aest|"
    r"local|[a-z]+\s+time)$"
)
_CLOCK = re.compile(
    r"(?<![\d:])(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d:])", re.IGNORECASE
)
_MILITARY = re.compile(r"(?<![\d:])([01]\d|2[0-3])([0-5]\d)(?![\d:])")


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A time of day as a window of minutes after midnight (``last`` may pass 24:00)."""

    sent: Sent
    start_char: int  # doc-relative character span of the phrase
    end_char: int
    first: int
    last: int
    zone: str  # "" when none is written
    twelve_hour: bool  # a clock time without a.m./p.m.: compare on a 12-hour clock
    anchor: Token  # the word the time attaches to

    @property
    def text(self) -> str:
        return self.sent.doc.text[self.start_char : self.end_char]

    def normalised(self) -> str:
        def clock(minutes: int) -> str:
            minutes %= DAY
            return f"{minutes // 60:02d}:{minutes % 60:02d}"

        zone = f" {self.zone}" if self.zone else ""
        if self.first == self.last:
            return f"T{clock(self.first)}{zone}"
        return f"T{clock(self.first)}/{clock(self.last)}{zone}"


def extract(sent: Sent) -> list[TimeValue]:
    """Times of day in one sentence."""
    doc = sent.doc
    found: list[TimeValue] = []
    for ent in doc.ents:
        if ent.label_ not in ("TIME", "DATE"):
            continue
        tokens = list(ent)
        words = [t.lower_ for t in tokens]
        # Words in front of the entity that say how exact it is ("shortly after", "about").
        before = [doc[i].lower_ for i in range(max(0, ent.start - 2), ent.start)]
        window = _window(" ".join(words), before, ent.label_ == "TIME")
        if window is None:
            continue
        first, last, twelve = window
        inside = next((w.strip(".") for w in words[1:] if _ZONES.match(w.strip("."))), "")
        zone = inside or _zone(sent, ent.end)
        found.append(
            TimeValue(
                sent, ent.start_char, ent.end_char, first, last, zone, twelve, _anchor(ent.root)
            )
        )
    # A clock time and a part of the day for one word ("2 a.m. Tuesday morning"): the clock
    # time says it all.
    clocked = {v.anchor.i for v in found if v.last - v.first <= 3 * AFTER_MINUTES}
    return [v for v in found if v.last - v.first <= 3 * AFTER_MINUTES or v.anchor.i not in clocked]


def _window(low: str, before: list[str], is_time: bool) -> tuple[int, int, bool] | None:
    words = low.split()
    context = before + words
    if any(
        w in ("until", "till", "from", "since", "between", "to", "and", "every", "each")
        for w in context
    ):
        return None  # a span or a habit, not one moment
    if is_time:
        clock = _clock(low)
        if clock is not None:
            minutes, twelve = clock
            return (*_qualified(minutes, context), twelve)
    parts = [w for w in words if w in _PARTS]
    if len(parts) == 1:
        first, last = _PARTS[parts[0]]
        middle = (first + last) // 2
        if "early" in words or "early" in before[-1:]:
            last = min(last, middle + 120)  # the first half, and two hours of slack
        elif "late" in words or "late" in before[-1:]:
            first = max(first, middle - 120)
        return first, last, False
    if parts:
        return None
    # "early Monday", "late Thursday": a day with its part of the day
    if (
        not is_time
        and ("early" in words or "late" in words)
        and re.search(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun|to|yester)day\b", low)
    ):
        return (*(_EARLY if "early" in words else _LATE), False)
    return None


def _clock(low: str) -> tuple[int, bool] | None:
    """Minutes after midnight of the one clock time in ``low`` (and whether a.m./p.m. is
    missing); None when there is none or more than one."""
    if "noon" in low.split():
        return 12 * 60, False
    if "midnight" in low.split():
        return 24 * 60, False
    military = _MILITARY.findall(low)
    matches = [m for m in _CLOCK.finditer(low) if m.group(2) or m.group(3)]
    if len(matches) + len(military) != 1:
        return None
    if military:
        hours, minutes = (int(x) for x in military[0])
        return hours * 60 + minutes, False
    match = matches[0]
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    half = (match.group(3) or "").lower().replace(".", "").replace(" ", "")
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half == "pm" else 0)
        return hours * 60 + minutes, False
    return hours * 60 + minutes, hours <= 12


def _qualified(minutes: int, context: list[str]) -> tuple[int, int]:
    shortly = bool(set(context) & _SHORTLY)
    if "after" in context or "past" in context:
        return minutes, minutes + (SHORTLY_MINUTES if shortly else AFTER_MINUTES)
    if "before" in context:
        return minutes - (SHORTLY_MINUTES if shortly else AFTER_MINUTES), minutes
    if "by" in context:
        return minutes - 3 * AFTER_MINUTES, minutes
    if set(context) & _APPROX:
        return minutes - ABOUT_MINUTES, minutes + ABOUT_MINUTES
    if "nearly" in context or "almost" in context:
        return minutes - ABOUT_MINUTES, minutes
    return minutes - EXACT_MINUTES, minutes + EXACT_MINUTES


def _zone(sent: Sent, end: int) -> str:
    """The zone written right after the time: "GMT", "(0633 GMT)" is its own time, "local time",
    "ET", "Tehran time"."""
    doc = sent.doc
    following = [doc[i].lower_.strip(".") for i in range(end, min(end + 2, len(doc)))]
    for size in (2, 1):
        words = " ".join(following[:size])
        if len(following) >= size and _ZONES.match(words):
            return "local" if words == "local time" else words
    return ""


def _anchor(root: Token) -> Token:
    """The word a time phrase attaches to: its head, past prepositions, other time and date
    words and "local time" ("at about 2:30 a.m. local time on Sunday" attaches to the verb)."""
    token = root.head
    for _ in range(4):
        if token.head.i == token.i:
            break
        if (
            token.pos_ == "ADP"
            or token.ent_type_ in ("DATE", "TIME")
            or token.lemma_.lower() in ("time", "local")
            or token.lower_ in _PARTS
        ):
            token = token.head
        else:
            break
    return token


def compatible(x: TimeValue, y: TimeValue) -> bool:
    """Could the two windows hold the same moment? Times in different clocks always could."""
    if x.zone != y.zone:
        return True
    period = 12 * 60 if (x.twelve_hour or y.twelve_hour) else DAY
    for shift in (-2 * DAY, -DAY, -period, 0, period, DAY, 2 * DAY):
        if x.first <= y.last + shift and y.first + shift <= x.last:
            return True
    return False


def _same_word(x: TimeValue, y: TimeValue) -> bool:
    """Both times attach to one word, or to two words for one event ("died"/"death")."""
    one, other = x.anchor.lemma_.lower(), y.anchor.lemma_.lower()
    event = slots.event_of(one)
    return one == other or (event is not None and event == slots.event_of(other))


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    """Times of day two corresponding passages give one word ("arrested at 2 a.m." / "arrested
    at 4 a.m."), when no time either side gives that word agrees with the other side's."""
    times_a = [t for s in pa.sents if not is_dateline(s) for t in extract(s)]
    times_b = [t for s in pb.sents if not is_dateline(s) for t in extract(s)]
    found = []
    for x in times_a:
        ys = [y for y in times_b if _same_word(x, y)]
        if not ys or any(compatible(x, y) for y in ys):
            continue
        y = ys[0]
        if any(compatible(z, y) for z in times_a if _same_word(z, y)):
            continue
        found.append(time_finding(x, y, x.anchor.text, CONFIDENCE))
    return found


def time_finding(x: TimeValue, y: TimeValue, event: str, confidence: float) -> Discrepancy:
    """A's time x and B's time y for the word `event` cannot be the same moment."""
    return finding(
        DiscrepancyType.DATE,
        Severity.MEDIUM,
        x.sent.ref(x.start_char, x.end_char),
        y.sent.ref(y.start_char, y.end_char),
        x.normalised(),
        y.normalised(),
        f"A puts “{excerpt(event)}” at “{excerpt(x.text)}” but B at "
        f"“{excerpt(y.text)}”: the two cannot be the same time of day.",
        confidence,
    )
