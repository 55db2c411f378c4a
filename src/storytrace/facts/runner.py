"""One interface for every detector, and one runner that checks what detectors return.

A ``Detector`` has a ``name``, the ``DiscrepancyType`` values it may emit (``emits``) and a
``run(a, b)`` over the two inputs it compares: two ``Passage`` objects (the passage and link
detectors), two ``Side`` objects (the article detectors), or whatever else the engine hands it.
``detector(name, emits, fn)`` wraps a plain function; ``engine`` registers each detector with one
such line.

``Runner.run(detector, a, b)`` runs one detector and checks every finding it returns:

* its type is one the detector declared;
* its confidence is a number in [0, 1];
* it points at text (``a`` or ``b`` set), and every ``TextRef`` lies inside its article's text
  (or inside the removed block it names): ``0 <= start < end <= len(text)``.

A finding that breaks a rule is logged and dropped, so one faulty detector cannot put a
nonsensical finding into a report. With ``STORYTRACE_STRICT_DETECTORS=1`` (the test suite sets
it) the runner raises ``DetectorContractError`` instead, so the fault is seen where it starts.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from storytrace.models import Article, Discrepancy, DiscrepancyType, TextRef

log = logging.getLogger(__name__)

STRICT_ENV = "STORYTRACE_STRICT_DETECTORS"

InputT = TypeVar("InputT")
InputT_contra = TypeVar("InputT_contra", contravariant=True)


class DetectorContractError(RuntimeError):
    """A detector returned a finding that breaks the runner's rules (strict mode only)."""


class Detector(Protocol[InputT_contra]):
    """What the engine runs: a name, the types it may emit, and a comparison of two inputs."""

    @property
    def name(self) -> str: ...

    @property
    def emits(self) -> frozenset[DiscrepancyType]: ...

    def run(self, a: InputT_contra, b: InputT_contra) -> Iterable[Discrepancy]: ...


@dataclass(frozen=True, slots=True)
class FunctionDetector(Generic[InputT]):
    """A detector made of a plain function of the two inputs."""

    name: str
    emits: frozenset[DiscrepancyType]
    fn: Callable[[InputT, InputT], Iterable[Discrepancy]]

    def run(self, a: InputT, b: InputT) -> Iterable[Discrepancy]:
        return self.fn(a, b)


def detector(
    name: str,
    emits: Iterable[DiscrepancyType],
    fn: Callable[[InputT, InputT], Iterable[Discrepancy]],
) -> FunctionDetector[InputT]:
    """``fn`` as a ``Detector`` named ``name`` that may emit the types in ``emits``."""
    return FunctionDetector(name, frozenset(emits), fn)


def strict_from_env() -> bool:
    return os.environ.get(STRICT_ENV, "").strip() not in ("", "0")


class Runner:
    """Runs detectors over one comparison and keeps only the findings that pass the checks."""

    def __init__(self, articles: Mapping[str, Article], strict: bool | None = None) -> None:
        self.articles = dict(articles)  # "a" / "b" -> the article the detectors read
        self.strict = strict_from_env() if strict is None else strict
        self.dropped = 0

    def run(self, det: Detector[InputT], a: InputT, b: InputT) -> list[Discrepancy]:
        kept = []
        for finding in det.run(a, b):
            problem = self.problem(det, finding)
            if problem is None:
                kept.append(finding)
                continue
            message = f"detector {det.name!r} returned a bad finding ({problem}): {finding!r}"
            if self.strict:
                raise DetectorContractError(message)
            log.warning("%s; dropped", message)
            self.dropped += 1
        return kept

    def problem(self, det: Detector[InputT], finding: Discrepancy) -> str | None:
        """Why ``finding`` breaks the rules, or None when it does not."""
        if finding.type not in det.emits:
            return f"type {finding.type.value!r} is not one it declared"
        confidence = finding.confidence
        if not isinstance(confidence, int | float) or math.isnan(confidence):
            return f"confidence {confidence!r} is not a number"
        if not 0.0 <= confidence <= 1.0:
            return f"confidence {confidence} is outside [0, 1]"
        if finding.a is None and finding.b is None:
            return "it points at no text"
        for ref in (finding.a, finding.b):
            if ref is not None:
                bad = self._ref_problem(ref)
                if bad is not None:
                    return bad
        return None

    def _ref_problem(self, ref: TextRef) -> str | None:
        article = self.articles.get(ref.article)
        if article is None:
            return f"article {ref.article!r} is not one of {sorted(self.articles)}"
        if ref.block is None:
            text = article.text
        elif 0 <= ref.block < len(article.removed):
            text = article.removed[ref.block].text
        else:
            return f"block {ref.block} of article {ref.article!r} does not exist"
        start, end = ref.span.start, ref.span.end
        if not 0 <= start < end <= len(text):
            where = "text" if ref.block is None else f"block {ref.block}"
            return (
                f"span [{start}, {end}) is not inside article {ref.article!r}'s {where} "
                f"({len(text)} characters)"
            )
        return None
