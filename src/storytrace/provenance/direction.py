"""Direction of derivation between two linked articles: which one took from the other.

Each cue adds log-odds that A is the parent (B derived from A); the sum becomes a probability
and every cue that spoke becomes a reason a reader can check:

* **dates**: the earlier publication date is the parent (``DATE_LOG_ODDS``; a day apart is
  strong evidence, the same day is none);
* **credit**: B credits A's outlet as a source ("according to Politico" in B, A is Politico),
  the strongest text evidence there is (``CREDIT_LOG_ODDS``);
* **containment**: a derived text keeps less than the whole: trims, cuts and summaries make the
  derived article's text more contained in its parent's than the other way round
  (``CONTAINMENT_LOG_ODDS`` per unit of asymmetry; weak, because expansions exist);
* **credit added**: B credits an outlet that A does not, on text it shares with A: rewriters add
  the credit line of the copy they took (weak).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from storytrace.language import lexicon
from storytrace.models import Article, CitedSource, SourceKind
from storytrace.provenance.links import Link, published

DATE_LOG_ODDS = 3.0
CREDIT_LOG_ODDS = 3.0
CONTAINMENT_LOG_ODDS = 2.0
CREDIT_ADDED_LOG_ODDS = 0.5
_OUTLET_KINDS = (SourceKind.OUTLET, SourceKind.AGENCY)


@dataclass(frozen=True, slots=True)
class Direction:
    """Log-odds that ``parent_first`` is right: A (the link's first article) is the parent."""

    log_odds: float
    reasons: tuple[str, ...]

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.log_odds))


def direction(
    link: Link, sources_a: Sequence[CitedSource], sources_b: Sequence[CitedSource]
) -> Direction:
    """Evidence that ``link.a`` is the parent of ``link.b`` (negative: the other way round)."""
    a, b = link.a, link.b
    log_odds = 0.0
    reasons: list[str] = []
    date_a, date_b = published(a), published(b)
    if date_a and date_b and date_a != date_b:
        sign = 1.0 if date_a < date_b else -1.0
        log_odds += sign * DATE_LOG_ODDS
        first, later = ("A", "B") if sign > 0 else ("B", "A")
        reasons.append(
            f"{first} was published first ({min(date_a, date_b)}; {later} {max(date_a, date_b)})"
        )
    elif date_a and date_b:
        reasons.append(f"both published on {date_a}: dates cannot order them")
    else:
        missing = " and ".join(x for x, d in (("A", date_a), ("B", date_b)) if d is None)
        reasons.append(f"no publication date for {missing}")
    if credits(sources_b, a):
        log_odds += CREDIT_LOG_ODDS
        reasons.append(f"B credits A's outlet ({a.outlet})")
    if credits(sources_a, b):
        log_odds -= CREDIT_LOG_ODDS
        reasons.append(f"A credits B's outlet ({b.outlet})")
    asymmetry = link.shared_b - link.shared_a
    if abs(asymmetry) >= 0.1:
        log_odds += CONTAINMENT_LOG_ODDS * asymmetry
        kept, whole = ("B", "A") if asymmetry > 0 else ("A", "B")
        high, low = max(link.shared_a, link.shared_b), min(link.shared_a, link.shared_b)
        reasons.append(
            f"{kept}'s text is more contained in {whole}'s ({high:.0%} vs {low:.0%}), "
            "as in a trimmed or condensed copy"
        )
    added_b = _outlets(sources_b) - _outlets(sources_a) - {_key(a.outlet)}
    added_a = _outlets(sources_a) - _outlets(sources_b) - {_key(b.outlet)}
    if added_b and not added_a:
        log_odds += CREDIT_ADDED_LOG_ODDS
        reasons.append("only B adds a credit to another outlet")
    elif added_a and not added_b:
        log_odds -= CREDIT_ADDED_LOG_ODDS
        reasons.append("only A adds a credit to another outlet")
    return Direction(log_odds, tuple(reasons))


def credits(sources: Sequence[CitedSource], article: Article) -> bool:
    """``sources`` credit ``article``'s outlet."""
    if not article.outlet:
        return False
    return any(
        s.kind in _OUTLET_KINDS and lexicon.same_name(_bare(s.name), article.outlet)
        for s in sources
    )


def _outlets(sources: Sequence[CitedSource]) -> set[str]:
    return {_key(_bare(s.name)) for s in sources if s.kind in _OUTLET_KINDS}


def _bare(name: str) -> str:
    return name.split(" (")[0]


def _key(name: str | None) -> str:
    if not name:
        return ""
    named = lexicon.aliases().lookup(name)
    return lexicon.key(named.name if named else name)
