"""Dates: every date phrase resolved to an interval of days against its article's publication date.

spaCy's DATE entities find the phrases; durations ("three decades", "nine-month") are dropped.
Weekdays follow news usage: "on Wednesday" is the most recent Wednesday up to the publication
day (the next one when the clause is in the future tense). Future spans ("in the coming weeks")
and "earlier/later this month" are read by our own rules; every other relative or absolute
phrase goes to dateparser with ``RELATIVE_BASE`` set to the publication date (offline, and never
"now", so the result is a pure function of the article). The granularity dateparser reports
(day, week, month, year) widens the point into an interval, so "September" and "last month"
(in an October article) agree and "on Wednesday" and "on Monday" do not.

An article without a publication date keeps only its absolute dates; one without a year
("October 3") is compared on month and day alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from storytrace.facts import slots
from storytrace.facts.context import Passage, excerpt, finding
from storytrace.language.nlp import Sent
from storytrace.language.parser import Doc, TokenSpan
from storytrace.language.syntax import governing_verb
from storytrace.models import Discrepancy, DiscrepancyType, Severity

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_RELATIVE = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|ago|last|next|this|coming|following|earlier|later|"
    r"past|recent|recently|previous|upcoming|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|weekend|now|current)\b",
    re.IGNORECASE,
)
_NUMBER_WORD = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|a few|few|several|many|some|the)"
)
_DURATION = re.compile(
    rf"^(?:for\s+|over\s+|the\s+)?(?:past\s+|last\s+|next\s+|first\s+|previous\s+)?"
    rf"(?:{_NUMBER_WORD}[\s-]+)?(?:\w+[\s-]+)?(?:second|minute|hour|day|night|week|month|year|"
    rf"decade|century|centuries)s?(?:[\s-]+(?:long|old))?$",
    re.IGNORECASE,
)
_FUTURE_SPAN = re.compile(
    r"(?:in\s+)?(?:the\s+)?(?:coming|following|next(?:\s+few)?|upcoming)\s+(days|weeks|months|years)",
    re.IGNORECASE,
)
_WITHIN_PERIOD = re.compile(
    r"(earlier|later)\s+(?:this|in\s+the)\s+(week|month|year)", re.IGNORECASE
)
_MONTH = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DECADE = re.compile(r"^(?:the\s+)?(1[89]\d0|20\d0)s$", re.IGNORECASE)
_SPAN_DAYS = {"days": 10, "weeks": 35, "months": 190, "years": 800}
_VAGUE = frozenset({"recently", "recent", "now", "currently", "current", "the past", "previously"})


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date phrase as a closed interval of days; ``year_known`` False compares month/day only."""

    sent: Sent
    start_char: int  # doc-relative character span of the phrase
    end_char: int
    first: dt.date
    last: dt.date
    granularity: str  # day, week, month, year, range
    year_known: bool
    relative: bool
    anchor: str  # lemma of the word the date attaches to
    year_inferred: bool = False  # "June 9": the year comes from the publication date
    anchor_i: int = -1  # token index of the word the date attaches to

    @property
    def text(self) -> str:
        return self.sent.doc.text[self.start_char : self.end_char]

    def normalised(self) -> str:
        if self.granularity == "weekday":
            return calendar.day_name[self.first.weekday()]
        if not self.year_known:
            if self.granularity == "day":
                return self.first.strftime("--%m-%d")
            return self.first.strftime("--%m")
        if self.granularity == "day":
            return self.first.isoformat()
        if self.granularity == "month":
            return self.first.strftime("%Y-%m")
        if self.granularity == "year":
            return str(self.first.year)
        if self.granularity == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


def extract(sent: Sent, published: dt.date | None) -> list[DateValue]:
    """Resolved dates of one sentence; relative ones only when ``published`` is known."""
    found = []
    for ent in sent.doc.ents:
        if ent.label_ != "DATE":
            continue
        value = _resolve_entity(sent, _with_day(sent.doc, ent), published)
        if value is not None:
            found.append(value)
    return found


def _with_day(doc: Doc, ent: TokenSpan) -> TokenSpan:
    """The DATE entity with the day number before its month: spaCy often reads only "February"
    of "19 February" at the start of a line ("- 19 February: a car ..."), a month where the text
    gives a day (a dated list read "February" against "February 19" as another month)."""
    if ent.start > 0 and _MONTH.match(ent.text):
        day = doc[ent.start - 1]
        if day.text.isdigit() and 1 <= int(day.text) <= 31:
            return doc[ent.start - 1 : ent.end]
    return ent


def _resolve_entity(sent: Sent, ent: TokenSpan, published: dt.date | None) -> DateValue | None:
    text = ent.text.strip()
    low = text.lower()
    if low in _VAGUE:
        return None
    if (
        _DURATION.match(low)
        and "ago" not in low
        and not _RELATIVE_POINT.search(low)
        and not _FUTURE_SPAN.search(low)
    ):
        return None
    relative = bool(_RELATIVE.search(low))
    weekday_only = _weekday_only(low) if relative and published is None else None
    if relative and published is None and weekday_only is None:
        return None  # nothing to resolve it against; the caller says so in its explanation
    before = sent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in ("a", "every", "each", "any") or re.search(r"(day|end)s\b", low):
        return None  # "on a Monday", "Mondays", "weekends": a kind of day, not a date
    anchor_token = ent.root.head
    for _ in range(3):
        # "Tuesday morning", "on Monday night": the time of day is part of the date phrase
        if anchor_token.pos_ == "ADP" or (
            anchor_token.ent_type_ in ("DATE", "TIME") and anchor_token.head is not anchor_token
        ):
            anchor_token = anchor_token.head
        else:
            break
    anchor = anchor_token.lemma_.lower()
    future = _is_future(ent)
    if weekday_only is not None:
        day = _UNDATED_WEEK + dt.timedelta(days=weekday_only)
        interval: tuple[dt.date, dt.date, str, bool] | None = (day, day, "weekday", False)
    else:
        interval = _interval(low, published, future)
    if interval is None:
        return None
    first, last, granularity, year_known = interval
    if before in _FROM_WORDS and granularity != "weekday":
        last, granularity = first + _OPEN_SPAN, "range"  # "since September": from then on
    elif before in _UNTIL_WORDS and granularity != "weekday":
        first, granularity = last - _OPEN_SPAN, "range"  # "until May": up to then
    # An absolute date written without its year ("June 9") has its year only by inference.
    inferred = not relative and not _YEAR.search(low) and not _DECADE.match(low)
    return DateValue(
        sent,
        ent.start_char,
        ent.end_char,
        first,
        last,
        granularity,
        year_known,
        relative,
        anchor,
        inferred,
        anchor_token.i,
    )


# A date after these words bounds a span, it is not the day of an event: "in the fifth
# operation since September" / "captured the pirates on Friday" do not disagree.
_FROM_WORDS = frozenset(["since", "after", "from"])
_UNTIL_WORDS = frozenset(["until", "till", "before", "by"])
_OPEN_SPAN = dt.timedelta(days=3660)  # the open end of such a span: ten years, for arithmetic

# A weekday named in an article without a publication date ("died on Friday"): which week is
# unknown, which day of the week is not, so two weekdays given for one event still differ. The
# value is kept as that weekday of a fixed week (2001-01-01 was a Monday), granularity "weekday".
_UNDATED_WEEK = dt.date(2001, 1, 1)
_WEEKDAY_ONLY = re.compile(
    r"^(?:(?:on|early|late|last|this|past)\s+)*(monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?$"
)


def _weekday_only(low: str) -> int | None:
    """The weekday of a phrase that names only a weekday ("on Friday", "early Monday")."""
    found = _WEEKDAY_ONLY.match(low)
    return _WEEKDAYS[found.group(1)] if found else None


_RELATIVE_POINT = re.compile(
    r"\b(last|this|next|previous|coming)\s+(week|month|year|weekend)\b", re.IGNORECASE
)


def _is_future(ent: TokenSpan) -> bool:
    verb = governing_verb(ent.root)
    if verb is None:
        return False
    # Any modal points ahead: "will/could/may be announced on Friday" is the coming Friday.
    return any(c.tag_ == "MD" and c.lower_ not in ("would",) for c in verb.children) or (
        verb.lemma_ == "go" and verb.tag_ == "VBG"
    )


def _interval(
    low: str, published: dt.date | None, future: bool
) -> tuple[dt.date, dt.date, str, bool] | None:
    decade = _DECADE.match(low)
    if decade:
        start = int(decade.group(1))
        return dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "range", True
    if published is not None:
        span = _FUTURE_SPAN.search(low)
        if span:
            return (
                published,
                published + dt.timedelta(days=_SPAN_DAYS[span.group(1).lower()]),
                "range",
                True,
            )
        within = _WITHIN_PERIOD.search(low)
        if within:
            first, last = _period_bounds(published, within.group(2).lower())
            if within.group(1).lower() == "earlier":
                return first, published, "range", True
            return published, last, "range", True
        weekday = next((d for name, d in _WEEKDAYS.items() if re.search(rf"\b{name}\b", low)), None)
        if weekday is not None and not _MONTH.search(low):  # "Saturday, May 18": the date rules
            return _weekday(published, weekday, low, future)
    return _dateparser(low, published)


def _weekday(
    published: dt.date, weekday: int, low: str, future: bool
) -> tuple[dt.date, dt.date, str, bool]:
    back = (published.weekday() - weekday) % 7
    if "next" in low or (future and "last" not in low):
        ahead = (weekday - published.weekday()) % 7 or 7
        day = published + dt.timedelta(days=ahead)
    else:
        if "last" in low and back == 0:
            back = 7
        day = published - dt.timedelta(days=back)
    return day, day, "day", True


def _period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    if period == "week":
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    if period == "month":
        last_day = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last_day)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


@lru_cache(maxsize=4096)
def _dateparser(low: str, published: dt.date | None) -> tuple[dt.date, dt.date, str, bool] | None:
    from dateparser.date import DateDataParser

    # Without a publication date the base only fills the year, which we then mark unknown.
    base = published or dt.date(2001, 1, 1)
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day, 12),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )
    if not (_MONTH.search(low) or _YEAR.search(low) or _RELATIVE.search(low)):
        return None  # "mid-50s", "the season": dateparser reads too much into these
    cleaned = re.sub(r"^(?:on|in|since|by|from|until|during|as of|the)\s+", "", low)
    cleaned = re.sub(
        r"^(?:early|mid|late|the end of|the start of|the beginning of)[\s-]+", "", cleaned
    )
    data = parser.get_date_data(cleaned)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = data.period or "day"
    year_known = published is not None or bool(_YEAR.search(low))
    if period in ("time", "part_of_day", "hour", "minute", "second"):
        period = "day"
    if period == "day":
        return day, day, "day", year_known
    if period in ("week", "month", "year"):
        first, last = _period_bounds(day, period)
        return first, last, period, year_known
    return None


def compatible(x: DateValue, y: DateValue) -> bool:
    """Do the two intervals share a day (on month/day alone when a year is unknown)?

    A year filled in from the publication date ("June 9" in a 2023 article) is not held against
    a year written out ("June 9, 2020"): the two are compared on month and day. A weekday of an
    undated article is compared by weekday with another weekday or a full date, and agrees with
    anything coarser.
    """
    if x.granularity == "weekday" or y.granularity == "weekday":
        weekday, other = (x, y) if x.granularity == "weekday" else (y, x)
        if other.granularity == "weekday" or (
            other.granularity == "day" and other.year_known and not other.year_inferred
        ):
            return weekday.first.weekday() == other.first.weekday()
        return True
    if x.year_inferred != y.year_inferred and (x.granularity == "day" or y.granularity == "day"):
        x = replace(x, year_known=x.year_known and not x.year_inferred)
        y = replace(y, year_known=y.year_known and not y.year_inferred)
    if x.year_known and y.year_known:
        return x.first <= y.last and y.first <= x.last
    known, unknown = (x, y) if x.year_known else (y, x)
    if not known.year_known:  # neither has a year: compare month (and day) directly
        return _month_days(x) & _month_days(y) != set()
    if (known.last - known.first).days > 370:
        return True
    days = _month_days(unknown)
    current = known.first
    while current <= known.last:
        if (current.month, current.day) in days:
            return True
        current += dt.timedelta(days=1)
    return False


def _month_days(value: DateValue) -> set[tuple[int, int]]:
    if value.granularity == "day":
        return {(value.first.month, value.first.day)}
    days: set[tuple[int, int]] = set()
    current = value.first
    while current <= value.last and (current - value.first).days < 370:
        days.add((current.month, current.day))
        current += dt.timedelta(days=1)
    return days


# Words of a publication stamp ("Published: November 28, 2005", "Updated 9:06 AM EDT").
_STAMP_WORDS = frozenset(
    [
        "published",
        "updated",
        "posted",
        "story",
        "created",
        "last",
        "modified",
        "on",
        "at",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "edt",
        "est",
        "edt",
        "cdt",
        "cst",
        "pdt",
        "pst",
        "gmt",
        "bst",
        "utc",
        "uk",
        "et",
        "akdt",
        "ist",
    ]
)


def is_dateline(sent: Sent) -> bool:
    """A line that only stamps when the article was published: its date is not a fact of the
    story, and two outlets publishing a day apart is no discrepancy."""
    rest = [
        t
        for t in sent.doc
        if t.is_alpha and t.ent_type_ not in ("DATE", "TIME") and t.lower_ not in _STAMP_WORDS
    ]
    return len(rest) <= 1 and len(sent.doc) <= 14


_DAY = re.compile(r"^(?:(?:\d{4}|-)-\d\d-\d\d|[MTWFS][a-z]+day)$")  # a date, or a weekday


def compare_linked(pa: Passage, pb: Passage) -> list[Discrepancy]:
    """``compare`` for linked sentences: only dates attached to the same word are compared, and
    only days ("arrested on Monday" / "arrested Tuesday morning"). A link ties two statements
    about one event, not one clause: on the labelled ECB+ fit topics, years and months on links
    ("this year" / "2014") were background dates of other events."""
    return [
        d
        for d in compare(pa, pb, strict=True)
        if _DAY.match(d.value_a or "") and _DAY.match(d.value_b or "")
    ]


def compare(
    pa: Passage, pb: Passage, names: tuple[str, str] = ("A", "B"), strict: bool = False
) -> list[Discrepancy]:
    """Dates of two corresponding passages that cannot be the same day, week or month.

    A date on one side is compared with the other side's dates only when it attaches to the
    same word, or when each side has exactly one date: two passages that mention two events
    each must not have one event's date held against the other's.
    """
    dates_a = [d for s in pa.sents if not is_dateline(s) for d in extract(s, pa.side.published)]
    dates_b = [d for s in pb.sents if not is_dateline(s) for d in extract(s, pb.side.published)]

    if not dates_a or not dates_b:
        return []
    found = []
    used: set[int] = set()
    for x in dates_a:
        if any(compatible(x, y) for y in dates_b):
            continue
        candidates = [
            (j, y)
            for j, y in enumerate(dates_b)
            if j not in used
            and (
                _same_anchor(x, y)
                or (not strict and len(dates_a) == 1 and len(dates_b) == 1 and not _undated(x, y))
            )
        ]
        if not candidates:
            continue
        j, y = candidates[0]
        if any(compatible(z, y) for z in dates_a):
            continue
        used.add(j)
        fine = x.granularity in ("day", "weekday") and y.granularity in ("day", "weekday")
        note = _undated_note(pa, pb)
        confidence = (0.85 if _same_anchor(x, y) else 0.7) * (1.0 if fine else 0.85)
        found.append(
            finding(
                DiscrepancyType.DATE,
                Severity.HIGH if fine else Severity.MEDIUM,
                x.sent.ref(x.start_char, x.end_char),
                y.sent.ref(y.start_char, y.end_char),
                x.normalised(),
                y.normalised(),
                f"{names[0]} dates it “{excerpt(x.text)}” ({x.normalised()}) "
                f"but {names[1]} “{excerpt(y.text)}” "
                f"({y.normalised()}): the two cannot be the same {_unit(x, y)}{note}.",
                confidence,
            )
        )
    return found


def _undated(x: DateValue, y: DateValue) -> bool:
    """A weekday of an undated article: which week is not known, so it is held only against a
    date of the same word (on the ECB+ fit topics, lone weekdays of two aligned passages were
    different events: an injury and the decision it led to)."""
    return "weekday" in (x.granularity, y.granularity)


def _same_anchor(x: DateValue, y: DateValue) -> bool:
    """Both dates attach to one word, or to two words for one event ("wed"/"married")."""
    event = slots.event_of(x.anchor)
    return x.anchor == y.anchor or (event is not None and event == slots.event_of(y.anchor))


def _unit(x: DateValue, y: DateValue) -> str:
    order = ["day", "week", "month", "year", "range"]
    coarse = max(order.index(_day_unit(x.granularity)), order.index(_day_unit(y.granularity)))
    return {"range": "period"}.get(order[coarse], order[coarse])


def _day_unit(granularity: str) -> str:
    return "day" if granularity == "weekday" else granularity


def _undated_note(pa: Passage, pb: Passage) -> str:
    missing = [p.side.name for p in (pa, pb) if p.side.published is None]
    if not missing:
        return ""
    return (
        f" ({' and '.join(missing)} has no publication date, so only its absolute dates "
        "were compared)"
    )
