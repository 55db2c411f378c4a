"""Planted discrepancies: faithful paraphrases of real articles, known changes, an answer key.

Source text: the Zyte benchmark's ground-truth article bodies (real news from 126 outlets) and
the bundled example pair. For each case the first sentences of one body become article A; B is
a faithful paraphrase of A — synonyms, aliases, reported-speech restructuring, sentence splits
and merges, absolute/relative date rewriting against B's own publication date — and, in a
planted case, one or two known discrepancies, each recorded with its type and the exact span on
each side (``Plant``). Faithful cases carry no plant: every finding there is a false positive.

Honesty rules (so the score is not the detector grading itself):
* the generator never imports the detector's tables or code (storytrace.facts); its synonym,
  alias, title, group, outlet and hedge lists are written here, independently, and include
  forms the detector's tables do not have (``HELD_OUT`` lists them; eval/discrepancies.py
  prints how many of them the detector's tables miss);
* plants are made with regular expressions over the raw text, not with the detector's parse;
* surface forms vary (digits/words, weekday/month-day, several modal and negation forms).

``make_cases`` is deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from storytrace.models import (
    Article,
    DiscrepancyType,
    RemovalReason,
    RemovedBlock,
    Span,
)
from storytrace.text.segment import paragraphs as segment_paragraphs
from storytrace.text.segment import sentences as segment_sentences

T = DiscrepancyType


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLANTABLE = (
    T.NUMBER,
    T.DATE,
    T.PERSON,
    T.GROUP,
    T.MODALITY,
    T.NEGATION,
    T.ATTRIBUTION,
    T.QUOTATION,
    T.ADDITION,
    T.OMISSION,
    T.INTERNAL_CONTRADICTION,
)

# --- the generator's own vocabulary ---------------------------------------------------------------

SYNONYMS = {  # surface form -> replacements (same inflection)
    "said": ["stated", "noted", "added"],
    "says": ["states", "notes"],
    "big": ["large"],
    "large": ["big", "sizeable"],
    "small": ["little"],
    "buy": ["purchase"],
    "bought": ["purchased"],
    "start": ["begin"],
    "started": ["began"],
    "show": ["demonstrate"],
    "shows": ["demonstrates"],
    "important": ["significant", "key"],
    "many": ["numerous", "a lot of"],
    "company": ["firm"],
    "companies": ["firms"],
    "help": ["assist"],
    "helped": ["assisted"],
    "rise": ["increase"],
    "rose": ["climbed"],
    "fell": ["dropped"],
    "also": ["additionally", "likewise"],
    "quickly": ["rapidly"],
    "need": ["require"],
    "needs": ["requires"],
    "get": ["obtain"],
    "main": ["primary", "principal"],
    "people": ["individuals", "persons"],
    "children": ["kids"],
    "car": ["vehicle"],
    "cars": ["vehicles"],
    "house": ["home"],
    "houses": ["homes"],
    "job": ["position"],
    "jobs": ["positions"],
    "build": ["construct"],
    "built": ["constructed"],
    "begin": ["start"],
    "began": ["started"],
    "however": ["nevertheless"],
    "often": ["frequently"],
    "very": ["extremely", "highly"],
    "difficult": ["hard", "tough"],
    "hard": ["difficult"],
    "recent": ["latest"],
    "recently": ["lately"],
    "around": ["roughly"],
    "before": ["prior to"],
    "about": ["regarding"],
    "told": ["informed"],
    "asked": ["requested"],
    "tried": ["attempted"],
    "end": ["conclusion"],
    "ended": ["concluded"],
    "finished": ["completed"],
    "area": ["region"],
    "city": ["town"],
    "country": ["nation"],
    "expert": ["specialist"],
    "experts": ["specialists"],
    "worried": ["concerned"],
    "concerned": ["worried"],
    "soon": ["shortly"],
    "warned": ["cautioned"],
}
# Words we never swap (they change meaning, or the detector's table word would make it easy).
_NO_SWAP = {"about"}
ALIASES = [  # each group names one thing; the generator swaps within a group
    ["United States", "U.S.", "US", "America"],
    ["United Kingdom", "UK", "Britain"],
    ["European Union", "EU"],
    ["Russia", "Moscow", "the Kremlin"],
    ["China", "Beijing"],
    ["New York City", "NYC"],
    ["Los Angeles", "LA"],
    ["Nagorno-Karabakh", "Artsakh", "Karabakh"],
    ["Azerbaijan", "Baku"],
    ["Ukraine", "Kyiv"],
    ["Germany", "Berlin"],
    ["France", "Paris"],
    ["the State Department", "the US State Department"],
    ["Apple", "Apple Inc."],
    ["Google", "Alphabet's Google"],
    ["Facebook", "Meta's Facebook"],
    ["the Pentagon", "the Defense Department"],
    ["the World Health Organization", "the WHO"],
]
NAMES = [
    "Maria Lopez",
    "James Carter",
    "Anna Weber",
    "David Kim",
    "Sofia Rossi",
    "Omar Haddad",
    "Lena Novak",
    "Peter Olsen",
    "Grace Mensah",
    "Hiro Tanaka",
    "Elena Petrova",
    "Samuel Reed",
]
TITLE_SWAPS = [
    ("Foreign Minister", "Defense Minister"),
    ("Health Secretary", "Education Secretary"),
    ("Finance Minister", "Interior Minister"),
    ("Prime Minister", "President"),
    ("chief executive", "chief financial officer"),
    ("Justice Minister", "Trade Minister"),
    ("Secretary of State", "Secretary of Defense"),
    ("Governor", "Mayor"),
]
GROUP_SWAPS = [
    ("senators", "representatives"),
    ("Democrats", "Republicans"),
    ("police officers", "soldiers"),
    ("civilians", "soldiers"),
    ("protesters", "police officers"),
    ("Republican lawmakers", "Democratic lawmakers"),
    ("House members", "senators"),
    ("students", "teachers"),
    ("journalists", "lawmakers"),
    ("French officials", "German officials"),
    ("rebels", "government troops"),
]
OUTLETS = [
    "Reuters",
    "the Associated Press",
    "Politico",
    "Bloomberg",
    "the BBC",
    "CNN",
    "Le Monde",
    "The Independent",
    "Der Spiegel",
    "Axios",
]
ANONYMOUS = [
    "two people familiar with the matter",
    "an official who asked not to be named",
    "sources close to the talks",
    "a person briefed on the discussions",
]
MODAL_SWAPS = [
    ("will", ["may", "could", "might"]),
    ("may", ["will"]),
    ("could", ["will"]),
    ("might", ["will"]),
    ("is likely to", ["will"]),
    ("would", ["might"]),
    ("is expected to", ["might"]),
    ("plans to", ["is considering whether to"]),
]
HEDGE_DROPS = ["alleged ", "possible ", "suspected ", "reportedly "]
HELD_OUT = {
    "aliases": ["NYC", "LA", "the Kremlin", "Alphabet's Google", "Meta's Facebook", "Apple Inc."],
    "outlets": ["Le Monde", "The Independent", "Der Spiegel"],
    "titles": [
        "chief financial officer",
        "Education Secretary",
        "Trade Minister",
        "Justice Minister",
    ],
    "groups": ["students", "teachers", "journalists", "government troops"],
    "synonyms": ["individuals", "persons", "kids", "specialists"],
}

_MONTHS = list(
    _words("January February March April May June July August September October November December")
)
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "a dozen",
    11: "eleven",
    20: "twenty",
}
_WORD_NUMBERS = {v: k for k, v in _NUMBER_WORDS.items() if v != "a dozen"}


@dataclass(frozen=True, slots=True)
class Plant:
    """One known discrepancy: its type and the exact span on each side (None where absent).

    ``block_a``/``block_b``: the span is inside ``Article.removed[block]`` (a heading).
    """

    type: DiscrepancyType
    a: Span | None
    b: Span | None
    block_a: int | None = None
    block_b: int | None = None
    note: str = ""


@dataclass(slots=True)
class Case:
    id: str
    a: Article
    b: Article
    plants: list[Plant]
    aligned: list[tuple[Span, Span]]  # the generator's own alignment key (sentence groups)
    unmatched_a: list[Span]
    unmatched_b: list[Span]
    source: str

    @property
    def faithful(self) -> bool:
        return not self.plants


# --- one sentence pair ----------------------------------------------------------------------------


@dataclass(slots=True)
class Unit:
    """One A sentence and what B writes for it (``b`` empty: omitted; ``a`` None: added)."""

    a: str | None
    b: list[str]
    marks: list[
        tuple[DiscrepancyType, tuple[int, int] | None, tuple[int, int, int] | None, str]
    ] = field(default_factory=list)
    # marks: (type, span in a, (index in b, start, end) or None, note)
    merge_next: bool = False
    heading: tuple[str, tuple[int, int], tuple[int, int], bool] | None = None
    # heading: (text, span in heading, span in this unit's A sentence, planted?)


def _sub_once(
    pattern: str, text: str, replace: str, rng: random.Random
) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """Replace one random match of ``pattern``: new text, old span, new span."""
    matches = list(re.finditer(pattern, text))
    if not matches:
        return None
    m = rng.choice(matches)
    new = text[: m.start()] + replace + text[m.end() :]
    return new, (m.start(), m.end()), (m.start(), m.start() + len(replace))


# --- faithful paraphrase --------------------------------------------------------------------------


def paraphrase(sentence: str, rng: random.Random) -> str:
    """Synonyms and aliases, and sometimes "X said Y." -> "Y, X said." (meaning kept)."""
    words = re.split(r"(\W+)", sentence)
    # A sentence with any quotation mark may be (part of) a quote: its words stay as they are.
    quoted = any(mark in sentence for mark in '“”"‘’') and bool(
        re.search(r"[“”\"]|‘\w|\w’\W*$", sentence)
    )
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if (
            word == low
            and low in SYNONYMS
            and low not in _NO_SWAP
            and rng.random() < 0.5
            and not quoted
            and not (i > 0 and words[i - 1] == "-")
            and not (i + 1 < len(words) and words[i + 1] == "-")
        ):
            repl = rng.choice(SYNONYMS[low])
            out.append(repl.capitalize() if word[:1].isupper() else repl)
        else:
            out.append(word)
    text = "".join(out)
    for group in ALIASES:
        for name in group:
            # A whole name (not part of a longer one: "Apple Watch"), outside quotes.
            pattern = rf"(?<![\w.’'-])(?<![A-Z][a-z] ){re.escape(name)}(?![\w’'-])(?! [A-Z])"
            found = re.search(pattern, text)
            if found and not quoted and rng.random() < 0.6:
                other = rng.choice([g for g in group if g != name])
                text = text[: found.start()] + other + text[found.end() :]
                break
    reported = re.match(r"^([A-Z][\w.\-’' ]{2,40}?) (said|says) that (.{20,})\.$", text)
    if reported and rng.random() < 0.5 and "“" not in text and '"' not in text:
        rest = reported.group(3)
        text = f"{rest[0].upper()}{rest[1:]}, {reported.group(1)} {reported.group(2)}."
    quoted = re.match(r"^“([^”]{10,}?)[,.]?” ([A-Z][\w.\- ]{2,40}) (said|says)\.$", text)
    if quoted and rng.random() < 0.7:
        text = f"{quoted.group(2)} {quoted.group(3)}: “{quoted.group(1)}.”"
    return text


def _split(sentence: str) -> list[str] | None:
    if "“" in sentence or '"' in sentence:
        return None
    m = re.search(
        r"; (?=[a-z])|, but (?=[a-z])|, and (?=(?:the|a|an|it|he|she|they|we) )", sentence
    )
    if not m or m.start() < 30 or len(sentence) - m.end() < 25:
        return None
    first = sentence[: m.start()] + "."
    rest = sentence[m.end() :]
    lead = "But " if ", but" in m.group() else ""
    return [first, lead + rest[0].upper() + rest[1:] if not lead else lead + rest]


# --- dates ----------------------------------------------------------------------------------------


def weekday_or_date(day: dt.date, published: dt.date | None, rng: random.Random) -> str:
    """How B writes ``day``: a weekday when within the past six days of its publication, else
    the month and day (the generator's own resolution, independent of the detector's)."""
    if published is not None and 0 <= (published - day).days <= 6 and rng.random() < 0.6:
        return f"on {_WEEKDAYS[day.weekday()]}"
    return f"on {_MONTHS[day.month - 1]} {day.day}"


_HARD_RELATIVE = re.compile(
    r"\b(?:last|next|this|coming|past|previous|following) (?:week|month|year|weekend)\b|"
    r"\btomorrow\b|\btonight\b|\bago\b|\bearlier this\b|\blater this\b|"
    r"\b(?:will|’ll|'ll)\b[^.]*\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
)


_RELATIVE_DAY = re.compile(
    r"\b(?:today|yesterday|tomorrow|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)


def shift_relative(
    text: str, pub_a: dt.date | None, pub_b: dt.date | None, rng: random.Random
) -> str:
    """Rewrite "today", "yesterday" and weekdays so they mean in B (published ``pub_b``) the day
    they meant in A (published ``pub_a``)."""
    if pub_a is None or pub_b is None or pub_a == pub_b:
        return text

    def replace(match: re.Match[str]) -> str:
        if _inside_quote_text(text, match.start()):
            return match.group(0)
        word = match.group(2)
        capital = word[0].isupper() and word.lower() in ("today", "yesterday")
        if word.lower() == "today":
            day = pub_a
        elif word.lower() == "yesterday":
            day = pub_a - dt.timedelta(days=1)
        else:
            day = _resolve_weekday(word, pub_a)
        phrase = weekday_or_date(day, pub_b, rng)
        phrase = phrase if match.group(1) else phrase.removeprefix("on ")
        return phrase[0].upper() + phrase[1:] if capital else phrase

    pattern = rf"(?<!\ba )\b(on )?({'|'.join(_WEEKDAYS)}|[Tt]oday|[Yy]esterday)\b(?!s)"
    return re.sub(pattern, replace, text)


def _resolve_weekday(name: str, published: dt.date) -> dt.date:
    back = (published.weekday() - _WEEKDAYS.index(name)) % 7
    return published - dt.timedelta(days=back)


# --- plants ---------------------------------------------------------------------------------------

_NOT_COUNTED = r"(?:percent|years?|days?|months?|weeks?|hours?|minutes?|am|pm|a\.m|p\.m)\b"
_NUMBER = rf"(?<![\w.,$])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?= (?!{_NOT_COUNTED})[a-z])"
_TIME_PLURALS = r"(?:years|days|months|weeks|hours|minutes|decades|times)\b"
_NUMBER_WORD = (
    rf"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twenty)"
    rf"(?= (?!{_TIME_PLURALS})[a-z]+s\b)"
)


def plant_number(unit: Unit, rng: random.Random) -> bool:
    a, b = unit.a or "", unit.b[0]
    for pattern in (_NUMBER, _NUMBER_WORD):
        candidates = [
            m
            for m in re.finditer(pattern, a)
            if not _year_like(m.group())
            and m.group() in b
            and not re.search(r"[A-Z]\S* $", a[: m.start()])  # "Week 13", "S&P 500": a name
            and not _inside_quote_text(a, m.start())
        ]
        if candidates:
            m = rng.choice(candidates)
            old = m.group()
            new = _other_number(old, rng)
            pos = b.find(old)
            unit.b[0] = b[:pos] + new + b[pos + len(old) :]
            unit.marks.append(
                (T.NUMBER, (m.start(), m.end()), (0, pos, pos + len(new)), f"{old} -> {new}")
            )
            return True
    return False


def _year_like(text: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text))


def _other_number(old: str, rng: random.Random) -> str:
    if old in _WORD_NUMBERS:
        value = _WORD_NUMBERS[old]
        choices = [w for k, w in _NUMBER_WORDS.items() if k != value and w != "a dozen"]
        return rng.choice(choices)
    value = float(old.replace(",", ""))
    factor = rng.choice([0.5, 0.6, 0.75, 1.25, 1.5, 2.0, 3.0])
    new = value * factor
    if "." in old:
        text = f"{new:.1f}"
        return text if text != old else f"{value + 1.5:.1f}"
    new_int = round(new) if round(new) != value else int(value) + 2
    return f"{new_int:,}" if "," in old or new_int >= 10000 else str(new_int)


def plant_modality(unit: Unit, rng: random.Random) -> bool:
    a, b = unit.a or "", unit.b[0]
    for old, news in rng.sample(MODAL_SWAPS, len(MODAL_SWAPS)):
        pattern = rf"(?<![\w’']){re.escape(old)} (?=[a-z]+\b)"
        ma = re.search(pattern, a)
        mb = re.search(pattern, b)
        if ma and mb and not _inside_quote_text(b, mb.start()):
            new = rng.choice(news) + " "
            unit.b[0] = b[: mb.start()] + new + b[mb.end() :]
            unit.marks.append(
                (
                    T.MODALITY,
                    (ma.start(), ma.end() - 1),
                    (0, mb.start(), mb.start() + len(new) - 1),
                    f"{old} -> {new.strip()}",
                )
            )
            return True
    for hedge in HEDGE_DROPS:
        ma, mb = a.find(hedge), b.find(hedge)
        if ma >= 0 and mb >= 0 and not _inside_quote_text(b, mb):
            unit.b[0] = b[:mb] + b[mb + len(hedge) :]
            end = b.find(" ", mb + 1)
            unit.marks.append(
                (
                    T.MODALITY,
                    (ma, ma + len(hedge) - 1),
                    (0, mb, end if end > 0 else mb + 1),
                    f"dropped {hedge.strip()}",
                )
            )
            return True
    return False


def _inside_quote_text(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


_AUX = (
    r"\b(is|are|was|were|has|have|had|will|can|could|would|should|did|does|do)\b "
    r"(?!not\b|n’t|n't|been\b|to\b)(?=[a-z]+\b)"
)


def plant_negation(unit: Unit, rng: random.Random) -> bool:
    a, b = unit.a or "", unit.b[0]
    m_decl = re.search(r"\bdeclined to comment\b", b)
    if m_decl and rng.random() < 0.8:
        ma = re.search(r"\bdeclined to comment\b", a)
        if ma:
            unit.b[0] = b[: m_decl.start()] + "commented" + b[m_decl.end() :]
            unit.marks.append(
                (
                    T.NEGATION,
                    (ma.start(), ma.end()),
                    (0, m_decl.start(), m_decl.start() + 9),
                    "declined to comment -> commented",
                )
            )
            return True
    m_not = re.search(r"\b(is|are|was|were|has|have|had|will|can|did|does|do) not (?=[a-z]+\b)", b)
    if m_not and not _inside_quote_text(b, m_not.start()) and rng.random() < 0.5:
        ma = re.search(re.escape(m_not.group()), a)
        if ma:
            new = m_not.group(1) + " "
            if m_not.group(1) in ("did", "does", "do"):
                new = ""  # "did not provide" -> "provided" is not simple; fall through
            else:
                unit.b[0] = b[: m_not.start()] + new + b[m_not.end() :]
                word_end = re.search(r"\b", unit.b[0][m_not.start() + len(new) + 1 :])
                end = m_not.start() + len(new) + 1 + (word_end.start() if word_end else 0)
                unit.marks.append(
                    (
                        T.NEGATION,
                        (ma.start(), ma.end()),
                        (0, m_not.start(), max(end, m_not.start() + len(new))),
                        "removed not",
                    )
                )
                return True
    candidates = [m for m in re.finditer(_AUX, b) if not _inside_quote_text(b, m.start())]
    if not candidates:
        return False
    m = rng.choice(candidates)
    ma = re.search(re.escape(m.group()), a)
    if not ma:
        return False
    form = (
        rng.choice(["not", "not", "never"])
        if m.group(1) in ("has", "have", "had", "will", "can", "could", "would", "should")
        else "not"
    )
    insert = f"{m.group(1)} {form} "
    unit.b[0] = b[: m.start()] + insert + b[m.end() :]
    verb = re.match(r"[a-z]+", unit.b[0][m.start() + len(insert) :])
    end = m.start() + len(insert) + (verb.end() if verb else 0)
    unit.marks.append(
        (
            T.NEGATION,
            (ma.start(), ma.end() + (verb.end() if verb else 0)),
            (0, m.start(), end),
            f"inserted {form}",
        )
    )
    return True


def plant_quote(unit: Unit, rng: random.Random) -> bool:
    a, b = unit.a or "", unit.b[0]
    quotes_b = [m for m in re.finditer(r"“([^”]{20,})”", b)]
    if not quotes_b:
        return False
    m = rng.choice(quotes_b)
    inner = m.group(1)
    ma = a.find(inner.rstrip(".,"))
    if ma < 0:
        return False
    words = list(re.finditer(r"[A-Za-z]{4,}", inner))
    if len(words) < 4:
        return False
    choice = rng.random()
    w = rng.choice(words[1:-1])
    if choice < 0.5 and w.group().lower() in SYNONYMS:
        replacement = SYNONYMS[w.group().lower()][0]
    elif choice < 0.8:
        replacement = (
            rng.choice(["never", "not", "rarely", "always", "definitely"]) + " " + w.group()
        )
    else:
        replacement = ""
    new_inner = inner[: w.start()] + replacement + inner[w.end() :]
    new_inner = re.sub(r"  +", " ", new_inner)
    start = m.start(1)
    unit.b[0] = b[:start] + new_inner + b[m.end(1) :]
    a_start = ma + w.start()
    unit.marks.append(
        (
            T.QUOTATION,
            (a_start, a_start + len(w.group())),
            (0, start + w.start(), start + w.start() + max(len(replacement), 1)),
            f"{w.group()} -> {replacement or '(dropped)'}",
        )
    )
    return True


_PROPER = r"(?:the )?[A-Z][\w.&\-]+(?: [A-Z][\w.&\-]+){0,2}"


def plant_attribution(unit: Unit, rng: random.Random) -> bool:
    a, b = unit.a or "", unit.b[0]
    patterns = [
        r"(?:according to|reported by) ((?:the )?[A-Z][\w.&\-]*(?: [A-Z][\w.&\-]*){0,3})",
        rf"({_PROPER}) (?:said|reported|told|stated|noted|added|wrote)\b",
        rf"(?:said|reported|stated|noted|added|wrote),? ({_PROPER})",
    ]
    for pattern in patterns:
        for mb in re.finditer(pattern, b):
            name = mb.group(1)
            if not _looks_like_source(name):
                continue
            if _inside_quote_text(b, mb.start()):
                continue
            ma = a.find(name)
            if ma < 0:
                continue
            new = rng.choice([o for o in OUTLETS + NAMES + ANONYMOUS if o.lower() != name.lower()])
            start = mb.start(1)
            unit.b[0] = b[:start] + new + b[mb.end(1) :]
            unit.marks.append(
                (
                    T.ATTRIBUTION,
                    (ma, ma + len(name)),
                    (0, start, start + len(new)),
                    f"{name} -> {new}",
                )
            )
            return True
    return False


_NOT_NAMES = frozenset(
    _words(
        """
    The It He She They We I This That These Those But In On A An Some Many Most Others Its Their
    His Her Our Your Officials Police Experts Analysts Critics Sources Both All Big New Old
    Great Little North South East West Central United
    """
    )
)


def _looks_like_source(name: str) -> bool:
    """A person or outlet name, not a pronoun, a stray capital or an abbreviation."""
    words = name.removeprefix("the ").split()
    if not words or words[0] in _NOT_NAMES or name.endswith("."):
        return False
    if len(words) == 1 and (len(words[0]) < 3 or words[0].isupper()) and name not in OUTLETS:
        return False
    return not any(name in group for group in ALIASES)


def plant_person(unit: Unit, rng: random.Random, article: str = "") -> bool:
    a, b = unit.a or "", unit.b[0]
    for old, new in rng.sample(TITLE_SWAPS, len(TITLE_SWAPS)):
        for first, second in ((old, new), (new, old)):
            mb = re.search(rf"\b{re.escape(first)} (?=[A-Z][a-z]+ [A-Z])", b)
            ma = re.search(rf"\b{re.escape(first)}\b", a)
            if mb and ma:
                unit.b[0] = b[: mb.start()] + second + b[mb.start() + len(first) :]
                unit.marks.append(
                    (
                        T.PERSON,
                        (ma.start(), ma.end()),
                        (0, mb.start(), mb.start() + len(second)),
                        f"{first} -> {second}",
                    )
                )
                return True
    # A name in an object position ("met X", "with X", "to X").
    for mb in re.finditer(
        r"\b(met|with|to|by|against|for|replaced|named|appointed|visited|called) "
        r"([A-Z][a-z]+ [A-Z][a-z]+)\b(?! (?:said|told|says|reported))",
        b,
    ):
        name = mb.group(2)
        if not _looks_like_source(name) or any(name.split()[0] in g for g in ALIASES):
            continue
        if (
            name.split()[0] in _MONTHS + _WEEKDAYS
            or name.split()[1]
            in (
                "Street",
                "House",
                "University",
                "Department",
                "Ministry",
                "Council",
                "Party",
                "Court",
            )
            or _inside_quote_text(b, mb.start())
        ):
            continue
        ma = a.find(name)
        # A person is named in full once and then by surname alone: that tells a name from a
        # product or a place ("Hong Kong" never appears as "Kong").
        surname = name.split()[1]
        alone = len(
            re.findall(rf"(?<!{re.escape(name.split()[0])} )\b{re.escape(surname)}\b", article)
        )
        if ma < 0 or alone < 1:
            continue
        new = rng.choice([n for n in NAMES if n != name])
        start = mb.start(2)
        unit.b[0] = b[:start] + new + b[mb.end(2) :]
        unit.marks.append(
            (T.PERSON, (ma, ma + len(name)), (0, start, start + len(new)), f"{name} -> {new}")
        )
        return True
    return False


def plant_group(unit: Unit, rng: random.Random) -> bool:
    a, b = unit.a or "", unit.b[0]
    for old, new in rng.sample(GROUP_SWAPS, len(GROUP_SWAPS)):
        for first, second in ((old, new), (new, old)):
            mb = re.search(rf"\b{re.escape(first)}\b", b)
            ma = re.search(rf"\b{re.escape(first)}\b", a)
            if mb and ma and not _inside_quote_text(b, mb.start()):
                unit.b[0] = b[: mb.start()] + second + b[mb.end() :]
                unit.marks.append(
                    (
                        T.GROUP,
                        (ma.start(), ma.end()),
                        (0, mb.start(), mb.start() + len(second)),
                        f"{first} -> {second}",
                    )
                )
                return True
    return False


def plant_date(
    unit: Unit, rng: random.Random, pub_a: dt.date | None, pub_b: dt.date | None
) -> bool:
    a, b = unit.a or "", unit.b[0]
    m = re.search(rf"\b({'|'.join(_MONTHS)}) (\d{{1,2}})\b(?!,? \d{{4}})", b)
    ma = re.search(re.escape(m.group()), a) if m else None
    if m and ma and not _inside_quote_text(b, m.start()):
        day = int(m.group(2))
        new_day = (
            day + rng.choice([-3, -2, 2, 3, 5])
            if 4 <= day <= 24
            else (day + 3 if day < 4 else day - 4)
        )
        new = f"{m.group(1)} {new_day}"
        unit.b[0] = b[: m.start()] + new + b[m.end() :]
        unit.marks.append(
            (
                T.DATE,
                (ma.start(), ma.end()),
                (0, m.start(), m.start() + len(new)),
                f"{m.group()} -> {new}",
            )
        )
        return True
    m = re.search(rf"\bon ({'|'.join(_WEEKDAYS)})\b", b)
    ma = re.search(re.escape(m.group()), a) if m else None
    if m and ma and pub_a is not None:
        other = rng.choice([d for d in _WEEKDAYS if d != m.group(1)])
        new = f"on {other}"
        unit.b[0] = b[: m.start()] + new + b[m.end() :]
        unit.marks.append(
            (
                T.DATE,
                (ma.start() + 3, ma.end()),
                (0, m.start() + 3, m.start() + len(new)),
                f"{m.group()} -> {new}",
            )
        )
        return True
    return False


# --- injected sentence pairs (when the article has no host for a type) ----------------------------

_INJECT = {
    T.NUMBER: [
        (
            "Officials said {n} {noun} had been affected.",
            ["people", "homes", "schools", "vehicles", "villages"],
        ),
        (
            "At least {n} {noun} were involved, according to local reports.",
            ["people", "workers", "families"],
        ),
        ("The figure later rose to {n} {noun}.", ["cases", "complaints", "applications"]),
        ("Organisers counted {n} {noun} at the site.", ["volunteers", "visitors", "tents"]),
    ],
    T.MODALITY: [
        "Officials said the new rules {m} take effect next year.",
        "The company {m} announce further job cuts, analysts said.",
        "The ministry {m} approve the project after the review.",
        "Investigators {m} release their findings in the spring.",
    ],
    T.NEGATION: [
        ("The agency {pos} the allegations in a statement.", "confirmed", "did not confirm"),
        ("The spokesperson {pos} on the report.", "commented", "declined to comment"),
        ("The mayor {pos} the plan at the meeting.", "supported", "did not support"),
        ("Police {pos} details of the arrest.", "provided", "did not provide"),
        ("The board {pos} the merger.", "approved", "refused to approve"),
    ],
    T.ATTRIBUTION: [
        "{src} reported that the talks would resume next month.",
        "The deal is worth more than it first appeared, according to {src}.",
        "{src} said the decision had already been made.",
    ],
    T.PERSON: [
        "{title} {name} met {other} in the capital to discuss the plan.",
        "The proposal was presented by {title} {name} to the committee.",
    ],
    T.GROUP: [
        "A group of {g} visited the site the following day.",
        "The letter was signed by dozens of {g}.",
        "{G} criticised the decision in a joint statement.",
    ],
    T.QUOTATION: [
        "“We will not accept any delay to this process,” {name} said.",
        "“The numbers show a clear and lasting improvement in safety,” {name} told reporters.",
        "“This was never about money, it was about fairness,” {name} said.",
    ],
}


def inject(
    kind: DiscrepancyType,
    rng: random.Random,
    pub_a: dt.date | None,
    pub_b: dt.date | None,
    faithful: bool,
) -> Unit | None:
    """A new sentence pair carrying ``kind``: changed when planted, equivalent when faithful."""
    if kind == T.NUMBER:
        template, nouns = rng.choice(_INJECT[T.NUMBER])
        noun = rng.choice(nouns)
        n = rng.choice([3, 8, 12, 40, 120, 1500, 2300, 100000])
        a_num = _NUMBER_WORDS.get(n, f"{n:,}") if n < 13 and rng.random() < 0.5 else f"{n:,}"
        if faithful:
            b_num = {
                12: "12",
                1500: "1.5 thousand" if rng.random() < 0.2 else "1,500",
                100000: "100,000",
            }.get(n, a_num)
            if a_num == "a dozen":
                b_num = "12"
        else:
            b_num = (
                _other_number(f"{n:,}", rng)
                if n >= 13
                else rng.choice([w for k, w in _NUMBER_WORDS.items() if k != n and w != "a dozen"])
            )
        return _pair(template, "{n}", a_num, b_num, T.NUMBER, noun=noun, planted=not faithful)
    if kind == T.MODALITY:
        template = rng.choice(_INJECT[T.MODALITY])
        a_m = rng.choice(["will", "could", "may"])
        if faithful:
            b_m = {"will": "will", "could": "might", "may": "could"}[a_m]
        else:
            b_m = {"will": rng.choice(["could", "may", "might"]), "could": "will", "may": "will"}[
                a_m
            ]
        return _pair(template, "{m}", a_m, b_m, T.MODALITY, planted=not faithful)
    if kind == T.NEGATION:
        template, pos, neg = rng.choice(_INJECT[T.NEGATION])
        b_val = pos if faithful else neg
        return _pair(template, "{pos}", pos, b_val, T.NEGATION, planted=not faithful)
    if kind == T.ATTRIBUTION:
        template = rng.choice(_INJECT[T.ATTRIBUTION])
        src = rng.choice(OUTLETS)
        other = src if faithful else rng.choice([o for o in OUTLETS + ANONYMOUS if o != src])
        return _pair(
            template, "{src}", src, other, T.ATTRIBUTION, capital=True, planted=not faithful
        )
    if kind == T.PERSON:
        template = rng.choice(_INJECT[T.PERSON])
        title = rng.choice(TITLE_SWAPS)
        name, other = rng.sample(NAMES, 2)
        filled = template.replace("{name}", name).replace("{other}", other)
        if faithful:
            return _pair(filled, "{title}", title[0], title[0], T.PERSON, planted=not faithful)
        if "{other}" in template and rng.random() < 0.5:
            third = rng.choice([n for n in NAMES if n not in (name, other)])
            base = template.replace("{title}", title[0]).replace("{name}", name)
            return _pair(base, "{other}", other, third, T.PERSON, planted=not faithful)
        return _pair(filled, "{title}", title[0], title[1], T.PERSON, planted=not faithful)
    if kind == T.GROUP:
        template = rng.choice(_INJECT[T.GROUP])
        one, two = rng.choice(GROUP_SWAPS)
        key = "{G}" if "{G}" in template else "{g}"
        first = one[0].upper() + one[1:] if key == "{G}" else one
        second = (two[0].upper() + two[1:] if key == "{G}" else two) if not faithful else first
        return _pair(template, key, first, second, T.GROUP, planted=not faithful)
    if kind == T.DATE:
        if pub_a is None:
            day = dt.date(2023, rng.randint(1, 12), rng.randint(1, 28))
            a_phrase = f"on {_MONTHS[day.month - 1]} {day.day}"
        else:
            day = pub_a - dt.timedelta(days=rng.randint(1, 6))
            a_phrase = (
                f"on {_WEEKDAYS[day.weekday()]}"
                if rng.random() < 0.6
                else f"on {_MONTHS[day.month - 1]} {day.day}"
            )
        if faithful:
            b_phrase = (
                weekday_or_date(day, pub_b, rng)
                if pub_b is not None
                else f"on {_MONTHS[day.month - 1]} {day.day}"
            )
        else:
            other = day + dt.timedelta(days=rng.choice([-4, -2, 2, 3]))
            b_phrase = (
                weekday_or_date(other, pub_b, rng)
                if pub_b is not None
                else f"on {_MONTHS[other.month - 1]} {other.day}"
            )
            if pub_b is None or b_phrase == a_phrase:
                b_phrase = f"on {_MONTHS[other.month - 1]} {other.day}"
        template = rng.choice(
            [
                "The agreement was signed {d}, officials said.",
                "The first reports of the incident emerged {d}.",
                "The committee met {d} to review the proposal.",
            ]
        )
        unit = _pair(template, "{d}", a_phrase, b_phrase, T.DATE, planted=not faithful)
        if unit is not None and unit.marks:  # reference the date words, not "on"
            kind_, sa, sb, note = unit.marks[0]
            unit.marks[0] = (kind_, (sa[0] + 3, sa[1]), (sb[0], sb[1] + 3, sb[2]), note)
        return unit
    if kind == T.QUOTATION:
        template = rng.choice(_INJECT[T.QUOTATION]).replace("{name}", rng.choice(NAMES))
        unit = Unit(template, [template])
        if not faithful and not plant_quote(unit, rng):
            return None
        return unit
    return None


def _pair(
    template: str,
    slot: str,
    a_value: str,
    b_value: str,
    kind: DiscrepancyType,
    capital: bool = False,
    noun: str = "",
    planted: bool = True,
) -> Unit:
    template = template.replace("{noun}", noun)

    def fill(value: str) -> tuple[str, int]:
        pos = template.index(slot)
        if capital and pos == 0:
            value = value[0].upper() + value[1:]
        text = template[:pos] + value + template[pos + len(slot) :]
        return text[0].upper() + text[1:], pos

    a_text, pos = fill(a_value)
    b_text, _ = fill(b_value)
    unit = Unit(a_text, [b_text])
    if planted and a_value != b_value:
        unit.marks.append(
            (
                kind,
                (pos, pos + len(a_value)),
                (0, pos, pos + len(b_value)),
                f"{a_value} -> {b_value}",
            )
        )
    return unit


# --- headings -------------------------------------------------------------------------------------


def make_heading(
    sentence: str, rng: random.Random, contradict: bool
) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """A subheading from a paragraph's first sentence: its main clause, negated if ``contradict``.

    Returns the heading text, the span of the changed words in it, and the matching span in the
    sentence.
    """
    clause = re.split(r"(?<=\w)[,;:](?= )|(?<=\w)\.$| — | – ", sentence)[0]
    words = clause.split()
    if len(words) < 5 or len(words) > 14 or "“" in clause or '"' in clause:
        return None
    m = re.search(r"\b(is|are|was|were|has|have|had|will|can)\b (?!not\b|been\b)(?=[a-z]+)", clause)
    if m is None:
        return None
    if not contradict:
        return clause, (m.start(), m.end()), (m.start(), m.end())
    heading = clause[: m.end()] + "not " + clause[m.end() :]
    verb = re.match(r"[a-z]+", heading[m.end() + 4 :])
    end = m.end() + 4 + (verb.end() if verb else 0)
    return heading, (m.start(), end), (m.start(), m.end() + (verb.end() if verb else 0))


# --- whole cases ----------------------------------------------------------------------------------


def source_bodies(data: Path, extra: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """(id, sentences) of every usable body: at least 8 sentences of ordinary length."""
    truth = json.loads((data / "extraction" / "zyte" / "ground-truth.json").read_text("utf-8"))
    bodies = [(key[:12], item["articleBody"]) for key, item in sorted(truth.items())] + extra
    usable = []
    for key, body in bodies:
        body = re.sub(r"[ \t]+", " ", body)
        sents = [s.of(body).replace("\n", " ") for s in segment_sentences(body)]
        sents = [s for s in sents if 6 <= len(s.split()) <= 60 and s[-1:] in '.”"’!?']
        if len(sents) >= 8:
            usable.append((key, sents))
    return usable


def make_cases(
    data: Path,
    n_planted: int = 200,
    n_faithful: int = 100,
    seed: int = 7,
    extra: list[tuple[str, str]] | None = None,
) -> list[Case]:
    rng = random.Random(seed)
    bodies = source_bodies(data, extra or [])
    cases = []
    kinds = list(PLANTABLE)
    for i in range(n_planted + n_faithful):
        faithful = i >= n_planted
        key, sents = bodies[i % len(bodies)]
        wanted: list[DiscrepancyType] = []
        if not faithful:
            wanted = [kinds[(2 * i) % len(kinds)]]
            if rng.random() < 0.5:
                second = kinds[(2 * i + 1) % len(kinds)]
                if second != wanted[0]:
                    wanted.append(second)
        case = _make_case(
            f"{'f' if faithful else 'p'}{i:03d}-{key}", key, sents, wanted, rng, bodies
        )
        cases.append(case)
    return cases


def _make_case(
    case_id: str,
    key: str,
    sents: list[str],
    wanted: list[DiscrepancyType],
    rng: random.Random,
    bodies: list[tuple[str, list[str]]],
) -> Case:
    start = rng.randint(0, max(0, len(sents) - 12))
    chosen = sents[start : start + rng.randint(8, 12)]
    pub_a = (
        None if rng.random() < 0.1 else dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 360))
    )
    pub_b = None if pub_a is None else pub_a + dt.timedelta(days=rng.choice([0, 0, 1, 2]))
    if pub_a is not None and any(
        _HARD_RELATIVE.search(s) or (_RELATIVE_DAY.search(s) and re.search('[“”"]', s))
        for s in chosen
    ):
        pub_b = pub_a  # relative phrases we do not rewrite: keep B's dateline the same
    units = [Unit(s, [shift_relative(paraphrase(s, rng), pub_a, pub_b, rng)]) for s in chosen]
    faithful = not wanted
    # Faithful structure changes: splits and merges.
    for unit in units:
        if rng.random() < 0.15:
            parts = _split(unit.b[0])
            if parts:
                unit.b = parts
    for index in range(len(units) - 1):
        if (
            rng.random() < 0.1
            and len(units[index].b) == 1
            and len(units[index + 1].b) == 1
            and len(units[index].a or "") < 120
        ):
            units[index].merge_next = True
    # Dates written differently but meaning the same (needs both publication dates).
    extra_kinds = [T.DATE, T.NUMBER, T.MODALITY, T.QUOTATION]
    planted_units: list[Unit] = []
    for kind in wanted:
        unit = _plant(kind, units, rng, pub_a, pub_b, bodies, key)
        if unit is not None:
            planted_units.append(unit)
    for kind in extra_kinds:
        if rng.random() < 0.5:
            added = inject(kind, rng, pub_a, pub_b, faithful=True)
            if added is not None:
                units.insert(rng.randint(0, len(units)), added)
    heading_plan = None
    if T.INTERNAL_CONTRADICTION in wanted or (faithful and rng.random() < 0.4):
        heading_plan = T.INTERNAL_CONTRADICTION in wanted
    return _assemble(case_id, key, units, pub_a, pub_b, heading_plan, rng)


def _plant(
    kind: DiscrepancyType,
    units: list[Unit],
    rng: random.Random,
    pub_a: dt.date | None,
    pub_b: dt.date | None,
    bodies: list[tuple[str, list[str]]],
    key: str,
) -> Unit | None:
    if kind == T.INTERNAL_CONTRADICTION:
        return None  # made in _assemble
    if kind == T.ADDITION:
        others = [s for k, ss in bodies if k != key for s in ss]
        text = rng.choice(others)
        unit = Unit(None, [text])
        unit.marks.append((T.ADDITION, None, (0, 0, len(text)), "added"))
        units.insert(rng.randint(1, len(units)), unit)
        return unit
    if kind == T.OMISSION:
        candidates = [
            u for u in units[1:] if u.a and len(u.b) == 1 and not u.marks and not u.merge_next
        ]
        if not candidates:
            return None
        unit = rng.choice(candidates)
        index = units.index(unit)
        if index > 0:
            units[index - 1].merge_next = False
        unit.b = []
        unit.marks.append((T.OMISSION, (0, len(unit.a or "")), None, "omitted"))
        return unit
    planter = {
        T.NUMBER: plant_number,
        T.MODALITY: plant_modality,
        T.NEGATION: plant_negation,
        T.QUOTATION: plant_quote,
        T.ATTRIBUTION: plant_attribution,
        T.PERSON: plant_person,
        T.GROUP: plant_group,
    }.get(kind)
    hosts = [u for u in units if u.a and len(u.b) == 1 and not u.marks]
    rng.shuffle(hosts)
    article = " ".join(u.a or "" for u in units)
    for unit in hosts:
        if kind == T.DATE:
            ok = plant_date(unit, rng, pub_a, pub_b)
        elif kind == T.PERSON:
            ok = plant_person(unit, rng, article)
        else:
            ok = planter(unit, rng) if planter else False
        if ok:
            return unit
    unit = inject(kind, rng, pub_a, pub_b, faithful=False)
    if unit is not None:
        units.insert(rng.randint(0, len(units)), unit)
    return unit


def _assemble(
    case_id: str,
    key: str,
    units: list[Unit],
    pub_a: dt.date | None,
    pub_b: dt.date | None,
    heading_plan: bool | None,
    rng: random.Random,
) -> Case:
    # Paragraphs of 2-3 units; merges never cross a paragraph break.
    groups: list[list[Unit]] = []
    i = 0
    while i < len(units):
        size = rng.choice([2, 3])
        groups.append(units[i : i + size])
        i += size
    for group in groups:
        group[-1].merge_next = False
    a_parts: list[str] = []
    b_parts: list[str] = []
    plants: list[Plant] = []
    aligned: list[tuple[Span, Span]] = []
    unmatched_a: list[Span] = []
    unmatched_b: list[Span] = []
    a_len = b_len = 0
    removed: list[RemovedBlock] = []
    heading_done = False
    for g_index, group in enumerate(groups):
        if a_parts:
            a_len += 2
        if b_parts:
            b_len += 2
        a_sentences: list[str] = []
        b_sentences: list[str] = []
        a_cursor, b_cursor = a_len, b_len
        pending_merge: tuple[Unit, int, list[int]] | None = None
        for unit in group:
            a_start = None
            if unit.a is not None:
                if a_sentences:
                    a_cursor += 1
                a_start = a_cursor
                a_sentences.append(unit.a)
                a_cursor += len(unit.a)
            b_starts = []
            if (
                pending_merge is not None
                and unit.b
                and unit.a is not None
                and b_sentences[-1].endswith(".")
                and _lowerable(unit.b[0])  # "first; the second" reads right, "first; Every" not
            ):
                # Merge this unit's B into the previous B sentence: "first; second".
                _prev_unit, _prev_a_start, prev_b_starts = pending_merge
                text = unit.b[0]
                joint = (
                    b_sentences[-1][:-1]
                    + "; "
                    + (text[0].lower() + text[1:] if _lowerable(text) else text)
                )
                b_cursor -= len(b_sentences[-1])
                b_sentences[-1] = joint
                second_start = prev_b_starts[-1] + len(joint) - len(text)
                b_cursor += len(joint)
                b_starts = [second_start]
                span_b = Span(prev_b_starts[-1], prev_b_starts[-1] + len(joint))
                aligned[-1] = (Span(aligned[-1][0].start, a_start + len(unit.a)), span_b)
                _record(
                    plants,
                    unit,
                    a_start,
                    b_starts,
                    unit.b,
                    text_offset_fix=len(text) - len(unit.b[0]),
                )
                pending_merge = None
                continue
            for text in unit.b:
                if b_sentences:
                    b_cursor += 1
                b_starts.append(b_cursor)
                b_sentences.append(text)
                b_cursor += len(text)
            if unit.a is not None and unit.b:
                aligned.append(
                    (
                        Span(a_start, a_start + len(unit.a)),
                        Span(b_starts[0], b_starts[-1] + len(unit.b[-1])),
                    )
                )
            elif unit.a is not None:
                unmatched_a.append(Span(a_start, a_start + len(unit.a)))
            else:
                for s, text in zip(b_starts, unit.b, strict=True):
                    unmatched_b.append(Span(s, s + len(text)))
            _record(plants, unit, a_start, b_starts, unit.b)
            pending_merge = (
                (unit, a_start, b_starts) if unit.merge_next and unit.b and unit.a else None
            )
        # A heading over this paragraph (once per case, not the first paragraph).
        if (
            heading_plan is not None
            and not heading_done
            and g_index >= 1
            and group[0].a
            and not group[0].marks
        ):
            made = make_heading(group[0].a, rng, contradict=heading_plan)
            if made is not None:
                text, h_span, s_span = made
                removed.append(RemovedBlock(text, RemovalReason.SUBHEADING, a_len))
                if heading_plan:
                    plants.append(
                        Plant(
                            T.INTERNAL_CONTRADICTION,
                            Span(*h_span),
                            Span(a_len + s_span[0], a_len + s_span[1]),
                            block_a=len(removed) - 1,
                            note=text,
                        )
                    )
                heading_done = True
        a_text = " ".join(a_sentences)
        b_text = " ".join(b_sentences)
        if a_text:
            a_parts.append(a_text)
            a_len += len(a_text)
        elif a_parts:
            a_len -= 2
        if b_text:
            b_parts.append(b_text)
            b_len += len(b_text)
        elif b_parts:
            b_len -= 2
    a_full = "\n\n".join(a_parts)
    b_full = "\n\n".join(b_parts)
    article_a = _article(f"{case_id}-a", a_full, pub_a, tuple(removed))
    article_b = _article(f"{case_id}-b", b_full, pub_b, ())
    return Case(case_id, article_a, article_b, plants, aligned, unmatched_a, unmatched_b, key)


def _lowerable(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first in (
        "The",
        "A",
        "An",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "But",
        "In",
        "On",
        "At",
        "He",
        "She",
        "They",
        "We",
        "There",
    )


def _record(
    plants: list[Plant],
    unit: Unit,
    a_start: int | None,
    b_starts: list[int],
    b_texts: list[str],
    text_offset_fix: int = 0,
) -> None:
    for kind, span_a, span_b, note in unit.marks:
        a = (
            Span(a_start + span_a[0], a_start + span_a[1])
            if span_a is not None and a_start is not None
            else None
        )
        b = None
        if span_b is not None and b_starts:
            index, lo, hi = span_b
            base = b_starts[min(index, len(b_starts) - 1)]
            b = Span(base + lo, base + hi)
        plants.append(Plant(kind, a, b, note=note))


def _article(
    article_id: str, text: str, published: dt.date | None, removed: tuple[RemovedBlock, ...]
) -> Article:
    return Article(
        id=article_id,
        source=article_id,
        text=text,
        published=published.isoformat() if published else None,
        language="en",
        removed=removed,
        paragraphs=segment_paragraphs(text),
        sentences=segment_sentences(text),
    )
