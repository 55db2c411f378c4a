"""People, roles, groups and affiliations that differ between two corresponding passages.

Mentions come from ``mentions`` (NER + parse, canonicalised through the alias tables), so
aliases ("Artsakh"/"Nagorno-Karabakh", "Baku"/Azerbaijan, "the Secretary of State"/Blinken) are
one identity and never differ. What is compared:

* PERSON, changed title: the same person given incompatible titles ("Foreign Minister" vs
  "Defense Minister"), in the passage or, failing that, elsewhere in the other article.
* PERSON, different person: a person (or an unnamed title) only on one side facing another
  only on the other side in the same slot (subject of the same verb, object of the same verb).
  Speakers are left to ``attribution``.
* GROUP, changed group: group mentions in the same slot whose taxonomy facets conflict
  (senators vs representatives, Democrats vs Republicans). When one side is only more specific
  ("senators" vs "lawmakers") the general side's article is searched for what it says about
  the same people elsewhere (group mentions in sentences about the same named persons: "the
  Democratic lawmakers, among them representatives …"); a conflict there is reported with
  lower confidence.
* GROUP, changed affiliation: a person's party differs ("the Democrat from New Jersey" vs
  "a Republican").
* GROUP, different place/organisation in the same slot of the same verb.
"""

from __future__ import annotations

import re

from storytrace.facts.context import Passage, Side, excerpt, finding
from storytrace.language import lexicon
from storytrace.language.mentions import GROUP, ORG, OUTLET, PERSON, PLACE, ROLE, Mention
from storytrace.language.parser import Token
from storytrace.language.syntax import slot
from storytrace.models import Discrepancy, DiscrepancyType, Severity

_ACTOR_SLOTS = frozenset({"agent", "patient", "recipient", "speaker"})


def compare(pa: Passage, pb: Passage) -> list[Discrepancy]:
    ma, mb = pa.mentions(), pb.mentions()
    found: list[Discrepancy] = []
    found += _titles(pa, pb, ma, mb)
    found += _people(ma, mb)
    found += _places(ma, mb)
    found += _groups(pa, pb, ma, mb)
    found += _parties(pa, pb, ma, mb)
    return found


def compare_titles(pa: Passage, pb: Passage) -> list[Discrepancy]:
    """Only the titles of one person (for linked statements: a title belongs to the person, not
    to the statement, so a loose link is enough; swaps of people and places are not)."""
    return _titles(pa, pb, pa.mentions(), pb.mentions())


# A rank word that makes a title another office: "deputy director" is not "director".
# ("former" is not one: a report written later calls the office-holder of the event "former".)
_RANKS = frozenset(["deputy", "vice", "assistant", "associate", "acting", "interim"])


def _titles_compatible(one: str, other: str) -> bool:
    rank_a = {w for w in one.lower().split() if w in _RANKS}
    rank_b = {w for w in other.lower().split() if w in _RANKS}
    if rank_a != rank_b:
        return False
    return lexicon.roles().compatible(one, other) or _shortened(one, other)


def _shortened(one: str, other: str) -> bool:
    """One title is the other written short: the same head word, and every other word of the
    shorter one stands in the longer ("prison spokesman" / "Bureau of Prisons spokesman"): an
    office written out in one article and abbreviated in the other is one office."""
    a, b = (_title_words(t) for t in (one, other))
    if not a or not b or a[-1] != b[-1]:
        return False
    short, full = sorted((a, b), key=len)
    return set(short[:-1]) <= set(full[:-1])


def _title_words(title: str) -> list[str]:
    return [w.removesuffix("s") if len(w) > 4 else w for w in re.findall(r"[a-z]+", title.lower())]


def span_root(mention: Mention) -> Token:
    """The mention's token whose head lies outside it (the one that carries its role)."""
    doc = mention.sent.doc
    for token in doc[mention.start : mention.end]:
        if not (mention.start <= token.head.i < mention.end) or token.head is token:
            return token
    return doc[mention.end - 1]


def mention_slot(mention: Mention) -> tuple[str, str]:
    return slot(span_root(mention))


# --- titles --------------------------------------------------------------------------------


def _titles(pa: Passage, pb: Passage, ma: list[Mention], mb: list[Mention]) -> list[Discrepancy]:
    found = []
    seen: set[str] = set()
    for x in ma:
        if x.kind != PERSON or x.id in seen:
            continue
        ys = [y for y in mb if y.kind == PERSON and y.same_entity(x)]
        if not ys:
            continue
        seen.add(x.id)
        titled_a = [m for m in ma if m.same_entity(x) and m.titles]
        titled_b = [m for m in ys if m.titles]
        from_profile = None
        if titled_a and not titled_b:
            titled_b, from_profile = pb.side.entities.person_titles(x.id), "B"
        elif titled_b and not titled_a:
            titled_a, from_profile = pa.side.entities.person_titles(x.id), "A"
        pairs = [(ta, tb) for ta in titled_a for tb in titled_b]
        if not pairs:
            continue
        if any(
            _titles_compatible(t1[0], t2[0])
            for ta, tb in pairs
            for t1 in ta.titles
            for t2 in tb.titles
        ):
            continue
        ta, tb = pairs[0]
        t1, t2 = ta.titles[0], tb.titles[0]
        where = (
            f" ({from_profile}'s title is from elsewhere in {from_profile})" if from_profile else ""
        )
        found.append(
            finding(
                DiscrepancyType.PERSON,
                Severity.HIGH,
                ta.sent.token_ref(ta.sent.doc[t1[1] : t1[2]]),
                tb.sent.token_ref(tb.sent.doc[t2[1] : t2[2]]),
                t1[0],
                t2[0],
                f"A calls {x.name} “{ta.sent.text_of(ta.sent.doc[t1[1] : t1[2]])}” "
                "but B calls them "
                f"“{tb.sent.text_of(tb.sent.doc[t2[1] : t2[2]])}”: a different office{where}.",
                0.8 if from_profile is None else 0.65,
            )
        )
    return found


# --- different people / places --------------------------------------------------------------


def _people(ma: list[Mention], mb: list[Mention]) -> list[Discrepancy]:
    def people(ms: list[Mention]) -> list[Mention]:
        return [
            m
            for m in ms
            if m.kind in (PERSON, ROLE)
            and mention_slot(m)[0] != "speaker"
            and not _is_possessive_detail(m)
        ]

    only_a = [x for x in people(ma) if not any(_same_person(x, y) for y in mb)]
    only_b = [y for y in people(mb) if not any(_same_person(y, x) for x in ma)]
    return _swaps(only_a, only_b, DiscrepancyType.PERSON, "person")


def _same_person(x: Mention, y: Mention) -> bool:
    if x.kind == PERSON and y.kind == PERSON:
        return x.same_entity(y)
    if x.kind == ROLE and y.kind == ROLE:
        return lexicon.roles().compatible(x.titles[0][0], y.titles[0][0])
    # A named person against an unnamed title: the same when the person holds that title.
    person, role = (x, y) if x.kind == PERSON else (y, x)
    if role.kind != ROLE or person.kind != PERSON:
        return False
    return (
        any(lexicon.roles().compatible(t[0], role.titles[0][0]) for t in person.titles)
        or not person.titles
    )


def _is_possessive_detail(m: Mention) -> bool:
    return mention_slot(m)[0] == "poss"


def _places(ma: list[Mention], mb: list[Mention]) -> list[Discrepancy]:
    found = []
    for kind in (PLACE, ORG, OUTLET):
        xs = [m for m in ma if m.kind == kind and mention_slot(m)[0] != "speaker"]
        ys = [m for m in mb if m.kind == kind and mention_slot(m)[0] != "speaker"]
        only_a = [x for x in xs if not any(_same_named(x, y) for y in mb)]
        only_b = [y for y in ys if not any(_same_named(x, y) for x in ma)]
        typed = DiscrepancyType.PLACE if kind == PLACE else DiscrepancyType.GROUP
        found += _swaps(only_a, only_b, typed, kind, strict=True)
    return found


def _same_named(x: Mention, y: Mention) -> bool:
    if x.id == y.id or lexicon.same_name(x.name, y.name) or lexicon.same_name(x.text, y.text):
        return True
    # "the gulf" / "the Persian Gulf": a common noun naming the place the other names in full.
    for short, full in ((x.text, y.text), (y.text, x.text)):
        word = short.lower().removeprefix("the ").strip()
        generic = short[:1].islower() or short.lower().startswith("the ")
        if generic and word and " " not in word and full.lower().endswith(" " + word):
            return True
    return False


def _swaps(
    only_a: list[Mention],
    only_b: list[Mention],
    kind: DiscrepancyType,
    noun: str,
    strict: bool = False,
) -> list[Discrepancy]:
    found = []
    used: set[int] = set()
    for x in only_a:
        sx = mention_slot(x)
        for j, y in enumerate(only_b):
            if j in used:
                continue
            sy = mention_slot(y)
            same_verb = sx == sy
            singletons = len(only_a) == 1 and len(only_b) == 1 and sx[0] == sy[0]
            if not (same_verb or (singletons and not strict)):
                continue
            if sx[0] in ("other", "poss", "attr") and not same_verb:
                continue
            if (
                x.kind == ROLE
                and y.kind == ROLE
                and lexicon.roles().compatible(x.titles[0][0], y.titles[0][0])
            ):
                continue
            if _short_form(x.text, y.text):
                continue
            used.add(j)
            actor = sx[0] in _ACTOR_SLOTS
            found.append(
                finding(
                    kind,
                    Severity.HIGH if actor else Severity.MEDIUM,
                    x.sent.token_ref(x.ref_tokens()),
                    y.sent.token_ref(y.ref_tokens()),
                    x.name,
                    y.name,
                    f"Where A names {noun} “{excerpt(x.text)}”, B names “{excerpt(y.text)}” in the "
                    f"same role ({_slot_words(sx)}).",
                    (0.8 if same_verb else 0.6) * (1.0 if actor else 0.85),
                )
            )
            break
    return found


def _short_form(one: str, other: str) -> bool:
    """One name is a run of the other's words: "Saints" / "New Orleans Saints", "Joique Bell" /
    "RB Joique Bell" (the short form of one name, not a different one)."""
    a, b = (re.findall(r"[\w.]+", t.lower()) for t in (one, other))
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    if not short or short == full:
        return False
    n = len(short)
    return any(full[i : i + n] == short for i in range(len(full) - n + 1))


def _slot_words(s: tuple[str, str]) -> str:
    role, verb = s
    if role.startswith("obl:"):
        return f"“{role[4:]}” of “{verb}”"
    return {"agent": "subject", "patient": "object", "recipient": "recipient"}.get(
        role, role
    ) + f" of “{verb}”"


# --- groups --------------------------------------------------------------------------------


def _groups(pa: Passage, pb: Passage, ma: list[Mention], mb: list[Mention]) -> list[Discrepancy]:
    groups = lexicon.groups()
    ga = [m for m in ma if m.kind == GROUP]
    gb = [m for m in mb if m.kind == GROUP]
    found = []
    used: set[int] = set()
    for x in ga:
        sx = mention_slot(x)
        for j, y in enumerate(gb):
            if j in used:
                continue
            sy = mention_slot(y)
            if not (sx == sy or (len(ga) == 1 and len(gb) == 1)):
                continue
            if x.id == y.id:
                used.add(j)
                break
            conflict = groups.conflict(x.facets, y.facets)
            evidence = None
            if conflict is None:
                if groups.refines(x.facets, y.facets):
                    evidence = _contrary_evidence(x, y, pb.side, pa, pb)
                elif groups.refines(y.facets, x.facets):
                    evidence = _contrary_evidence(y, x, pa.side, pa, pb)
                if evidence is None:
                    if (
                        sx == sy
                        or groups.refines(x.facets, y.facets)
                        or groups.refines(y.facets, x.facets)
                    ):
                        used.add(j)
                        break
                    continue
                conflict = evidence[1]
            used.add(j)
            actor = sx[0] in _ACTOR_SLOTS
            facet, one, other = conflict
            if evidence is None:
                text = (
                    f"A says “{excerpt(x.text)}” where B says “{excerpt(y.text)}”: "
                    f"different {facet} ({one} vs {other})."
                )
                confidence = 0.85 if sx == sy else 0.7
            else:
                mention, _ = evidence
                general_side = "B" if mention.sent.side == "b" else "A"
                text = (
                    f"A says “{excerpt(x.text)}” where B says “{excerpt(y.text)}”, and "
                    f"{general_side} elsewhere identifies them as “{excerpt(mention.text)}”: "
                    f"different {facet} ({one} vs {other})."
                )
                confidence = 0.65
            found.append(
                finding(
                    DiscrepancyType.GROUP,
                    Severity.HIGH if actor else Severity.MEDIUM,
                    x.sent.token_ref(x.ref_tokens()),
                    y.sent.token_ref(y.ref_tokens()),
                    _facet_value(x),
                    _facet_value(y),
                    text,
                    confidence,
                )
            )
            break
    return found


def _facet_value(m: Mention) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(m.facets))


def _contrary_evidence(
    specific: Mention, general: Mention, general_side: Side, pa: Passage, pb: Passage
) -> tuple[Mention, tuple[str, str, str]] | None:
    """What the general side's article says elsewhere about the same people, if it conflicts.

    "The same people" = group mentions that are compatible with the general mention and stand
    in sentences about a person named in both passages (the one the group met, briefed, …).
    """
    groups = lexicon.groups()
    anchors = {m.id for m in pa.mentions() if m.kind == PERSON} & {
        m.id for m in pb.mentions() if m.kind == PERSON
    }
    if not anchors:
        return None
    for sent in general_side.parses.parsed():
        mentions = general_side.mentions(sent)
        if not anchors & {m.id for m in mentions}:
            continue
        for m in mentions:
            if m.kind != GROUP or m is general:
                continue
            if not (
                groups.refines(m.facets, general.facets)
                or m.facets == general.facets
                or groups.conflict(m.facets, general.facets) is None
            ):
                continue
            conflict = groups.conflict(specific.facets, m.facets)
            if conflict is not None and conflict[0] != "kind":
                if specific.sent.side == "b":
                    conflict = (conflict[0], conflict[2], conflict[1])
                return m, conflict
    return None


# --- party affiliation ---------------------------------------------------------------------


def _parties(pa: Passage, pb: Passage, ma: list[Mention], mb: list[Mention]) -> list[Discrepancy]:
    groups = lexicon.groups()
    found = []
    seen: set[str] = set()
    for x in ma:
        if x.kind != PERSON or x.id in seen or not any(y.same_entity(x) for y in mb):
            continue
        seen.add(x.id)
        px = next((m for m in ma if m.same_entity(x) and m.facets), None)
        py = next((m for m in mb if m.same_entity(x) and m.facets), None)
        if px is None and py is None:
            continue
        px = px or pa.side.entities.person_party(x.id)
        py = py or pb.side.entities.person_party(x.id)
        if px is None or py is None or px.facet_span is None or py.facet_span is None:
            continue
        conflict = groups.conflict(px.facets, py.facets)
        if conflict is None:
            continue
        ta = px.sent.doc[px.facet_span[0] : px.facet_span[1]]
        tb = py.sent.doc[py.facet_span[0] : py.facet_span[1]]
        found.append(
            finding(
                DiscrepancyType.GROUP,
                Severity.HIGH,
                px.sent.token_ref(ta),
                py.sent.token_ref(tb),
                conflict[1],
                conflict[2],
                f"A gives {x.name} the affiliation “{px.sent.text_of(ta)}” "
                f"but B “{py.sent.text_of(tb)}”.",
                0.8,
            )
        )
    return found
