"""World knowledge as data: alias groups, roles, and the group taxonomy (``language/data/*.json``).

Kept apart from the code so a reviewer can extend a table without touching a detector, and so
the evaluation can hold some names out of it (``eval/planted.py`` uses its own lists). Every
lookup normalises the mention the same way: case-folded, typographic quotes and dashes made
plain, a leading "the" and a trailing possessive dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from storytrace.language.wordlists import words
from storytrace.text.normalize import normalize

_POSSESSIVE = re.compile(r"(?:'s|')$")
# Legal-form suffixes: "Apple Inc." and "Apple" are one company.
_CORPORATE = re.compile(
    r",?\s+(?:inc|incorporated|ltd|limited|corp|corporation|co|plc|llc|ag|sa|gmbh)\.?$"
)
_SPACES = re.compile(r"\s+")


def key(text: str) -> str:
    """Lookup form of a mention: 'The U.S. State Department’s' -> 'u.s. state department'."""
    norm = _SPACES.sub(" ", normalize(text)).strip(" ,;:")
    norm = _POSSESSIVE.sub("", norm).strip()
    if norm.startswith("the "):
        norm = norm[4:]
    norm = _CORPORATE.sub("", norm)
    return norm.replace(" - ", "-").replace(" -", "-").replace("- ", "-")


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("storytrace.language").joinpath("data").joinpath(name).read_text("utf-8")
    )
    return data


@dataclass(frozen=True, slots=True)
class Named:
    """A known place, organisation or outlet: ``kind`` and its canonical display name."""

    kind: str  # "place" | "org" | "outlet"
    name: str

    @property
    def id(self) -> str:
        return f"{self.kind}:{key(self.name)}"


@dataclass(frozen=True, slots=True)
class Aliases:
    names: dict[str, Named]
    demonyms: dict[str, Named]
    platforms: frozenset[str]

    def lookup(self, text: str) -> Named | None:
        """The place/organisation/outlet ``text`` names, through any of its aliases."""
        k = key(text)
        found = self.names.get(k) or (self.names.get(k + ".") if "." in k else None)
        if found is None and k.endswith(" government"):
            found = self.names.get(k.removesuffix(" government").strip())
        return found

    def demonym(self, text: str) -> Named | None:
        return self.demonyms.get(key(text))


@cache
def aliases() -> Aliases:
    data = _load("aliases.json")
    names: dict[str, Named] = {}
    for kind, section in (("place", "places"), ("org", "organisations"), ("outlet", "outlets")):
        for group in data[section]:
            named = Named(kind, group[0])
            for alias in group:
                names.setdefault(key(alias), named)
    demonyms = {}
    for adjective, place in data["demonyms"].items():
        target = names.get(key(place), Named("place", place))
        demonyms[key(adjective)] = target
        demonyms[key(adjective) + "s"] = target  # "Armenians" (the people) -> Armenia
    return Aliases(names, demonyms, frozenset(key(p) for p in data["platforms"]))


@dataclass(frozen=True, slots=True)
class Roles:
    canonical: dict[str, str]  # any title -> canonical title
    heads: frozenset[str]
    generic: frozenset[str]

    def canonical_title(self, words: str) -> str:
        k = key(words)
        k = re.sub(r"\b(?:inc|ltd|corp|plc|llc|co)\.?(?=\s|$)", "", k)  # "Apple Inc. analyst"
        k = _SPACES.sub(" ", k).strip()
        return self.canonical.get(k, k)

    def compatible(self, one: str, other: str) -> bool:
        """Same office, or one is a generic form of the other ("minister" / "foreign minister")."""
        a, b = self.canonical_title(one), self.canonical_title(other)
        if a == b:
            return True
        head_a, head_b = a.split()[-1], b.split()[-1]
        if a in self.generic and (head_a == head_b or a in b.split()):
            return True
        if b in self.generic and (head_a == head_b or b in a.split()):
            return True
        # The bare office against its full form: "Judge" / "Superior Court Judge", "Sheriff" /
        # "Los Angeles County Sheriff" (the fuller one only says where); a rank word is a
        # different office ("director" / "deputy director").
        bare, full = (a, b) if len(a.split()) < len(b.split()) else (b, a)
        if len(bare.split()) == 1 and head_a == head_b and not set(full.split()) & _RANK_WORDS:
            return True
        # A title that only adds words to the other ("deputy foreign minister" is not
        # "foreign minister", but "acting foreign minister" is): treat added words as a change
        # unless they are honorific or temporal.
        extra = set(a.split()) ^ set(b.split())
        return extra <= _NEUTRAL_TITLE_WORDS


# Words that make a different, lower office out of the same head word.
_RANK_WORDS = frozenset(
    words("deputy vice assistant associate under lieutenant sub junior second first principal")
)

# Words that do not change which office a title names: tenure, and the kind of organisation
# ("company spokesperson" = "firm spokesperson"; the portfolio, "health" vs "education", does).
_NEUTRAL_TITLE_WORDS = frozenset(
    words(
        """
    acting current then former outgoing incoming top senior chief company firm corporation
    agency government department ministry office organisation organization business
    """
    )
)


@cache
def roles() -> Roles:
    data = _load("roles.json")
    canonical: dict[str, str] = {}
    for group in data["aliases"]:
        for alias in group:
            canonical.setdefault(key(alias), group[0])
    return Roles(canonical, frozenset(data["heads"]), frozenset(data["generic"]))


Facets = frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Groups:
    terms: dict[str, dict[str, Any]]
    modifiers: dict[str, dict[str, str]]
    kind_parent: dict[str, str]
    disjoint: dict[str, frozenset[frozenset[str]]]
    disjoint_kinds: frozenset[frozenset[str]]

    def term(self, phrase: str) -> dict[str, Any] | None:
        k = key(phrase)
        found = self.terms.get(k)
        if found is None and k.endswith("s"):
            found = self.terms.get(k[:-1])
        return found

    def _kind_line(self, kind: str) -> list[str]:
        line = [kind]
        while line[-1] in self.kind_parent and len(line) < 10:
            line.append(self.kind_parent[line[-1]])
        return line

    def conflict(self, one: Facets, other: Facets) -> tuple[str, str, str] | None:
        """The first facet given disjoint values by the two mentions, as (facet, one, other)."""
        a, b = dict(one), dict(other)
        for facet in sorted(set(a) & set(b)):
            x, y = a[facet], b[facet]
            if x == y:
                continue
            if facet == "kind":
                line_x, line_y = self._kind_line(x), self._kind_line(y)
                if x in line_y or y in line_x:
                    continue
                if any(frozenset((p, q)) in self.disjoint_kinds for p in line_x for q in line_y):
                    return facet, x, y
                continue
            if facet == "nationality" or frozenset((x, y)) in self.disjoint.get(facet, frozenset()):
                return facet, x, y
        return None

    def refines(self, specific: Facets, general: Facets) -> bool:
        """``specific`` says all that ``general`` says and more (senators vs lawmakers)."""
        a, b = dict(specific), dict(general)
        if not set(b) <= set(a) or a == b:
            return False
        for facet, value in b.items():
            if facet == "kind":
                if value not in self._kind_line(a[facet]):
                    return False
            elif a[facet] != value:
                return False
        return True


@cache
def groups() -> Groups:
    data = _load("groups.json")
    return Groups(
        terms={key(k): v for k, v in data["terms"].items()},
        modifiers={key(k): v for k, v in data["modifiers"].items()},
        kind_parent=dict(data["kinds"]),
        disjoint={
            facet: frozenset(frozenset(pair) for pair in pairs)
            for facet, pairs in data["disjoint"].items()
        },
        disjoint_kinds=frozenset(frozenset(pair) for pair in data["disjoint_kinds"]),
    )


_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "&"})


def acronym_of(short: str, long: str) -> bool:
    """``short`` is the initials of ``long``: "NYC" / "New York City", "WHO" / "World Health
    Organization" (a general rule, so the alias table need not list every acronym)."""
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isupper()):
        return False
    words = [w for w in re.split(r"[\s-]+", long) if w and w.lower() not in _ACRONYM_SKIP]
    return len(words) == len(letters) and all(
        w[0].upper() == c for w, c in zip(words, letters, strict=True)
    )


def same_name(one: str, other: str) -> bool:
    """Two spellings of one name: equal after normalising, or one the acronym of the other."""
    return key(one) == key(other) or acronym_of(one, other) or acronym_of(other, one)
