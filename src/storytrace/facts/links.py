"""Link statements across the two articles by what they are about, not by sentence similarity.

Independent reports split and combine facts differently, so the aligner (whole-sentence
paraphrase scores) leaves most corresponding statements unpaired. Here every parsed sentence
gets its *anchors*: the entities it names (people, places, organisations, resolved through the
shared ``NameRegistry`` and the alias tables), its content nouns (what a number counts, the
object of an event) and its event words (content verbs and eventive nouns, by lemma). Two
sentences from different articles are linked when they share enough rare anchors: each anchor
weighs by how few sentences of the pair carry it (an inverse document frequency over the two
articles), so the protagonist named in every sentence links nothing on its own, while "injured"
+ "Qeshm" or "aftershock" does.

The links feed the passage detectors (numbers, dates, negation/modality) on sentence pairs the
aligner did not pair, and let the engine drop an addition + omission pair that reports one fact
present on both sides.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storytrace.facts import slots
from storytrace.facts.context import Side
from storytrace.language.nlp import Sent
from storytrace.language.wordlists import words
from storytrace.models import Span, StatementLink

# Verbs that carry no event of their own: reporting, copulas, light verbs.
_LIGHT_VERBS = frozenset(
    words(
        """
    be have do say tell report add state note claim make get take go come give put see know
    think seem appear become remain keep let include use want need try accord
    """
    )
)
# Nouns too general to say what a statement is about.
_GENERIC_NOUNS = frozenset(
    words(
        """
    time year day week month people thing way part lot number percent today yesterday
    morning night evening afternoon statement report news story source official
    """
    )
)
# Name words shared by too many places and organisations to tie two of them together.
_GENERIC_NAMES = frozenset(
    words("center centre national state county city united new north south east west")
)
# A link needs this much shared anchor weight (sum of idf weights) and this share of the
# lighter sentence's anchor weight, and a sentence keeps at most MAX_LINKS_PER_SENTENCE. Chosen
# on the labelled ECB+ pairs (`python -m eval.real_discrepancies`, event links: sentence pairs
# sharing an annotated event), with event words read through the ``slots`` table
# ("acquire"/"buy"): at 3.0 / 0.2 / 2 the links with the aligner reach recall 0.45 at
# precision 0.94 on the fit topics 1-12, 0.38 at 0.95 on held-out 13-24 and 0.37 at 0.51 on
# held-out-2 25-35 (0.35 at 0.52 without the event table). Looser (2.5 / 0.2 / 3: 0.49, 0.43,
# 0.44) ties statements the tests keep apart ("police arrested two men" / "police did not
# arrest the driver") and pairs wrong predicates in the example pair (two extra typed findings).
MIN_SHARED_WEIGHT = 3.0
MIN_SHARED_SHARE = 0.2
MAX_LINKS_PER_SENTENCE = 2
# The links ``Comparison.links`` reports (``export``): a logistic model of each sentence pair,
# P(same event) = sigmoid(cosine * the e5-small cosine of the two sentences + weight *
# min(shared anchor weight, 12) + event * [shares an event word and more] + bias), kept over
# ``threshold``, at most ``per_sentence`` links per sentence. Fitted on ECB+ topics 1-24 (660
# same-event pairs, 30 per topic; a pair of sentences annotated on both sides is positive when
# ECB+ marks an event both mention; `python -m eval.event_links`), never on topics 25-35; the
# threshold and cap are the highest recall at precision >= 0.85 on topics 1-24 (union with the
# aligner: 0.85 / 0.67 there, 0.93 / 0.60 on topics 25-35). The cosine model needs the aligner's
# vectors from the embedder it was fitted for; otherwise the anchor model alone (0.85 / 0.59,
# 0.93 / 0.53). The probability is read on sentences that mention events: on two sentences
# picked at random it overstates.


@dataclass(frozen=True, slots=True)
class LinkModel:
    cosine: float
    weight: float
    event: float
    bias: float
    threshold: float
    per_sentence: int


LINK_MODELS: dict[str, LinkModel] = {
    "e5-small": LinkModel(8.761, 0.199, 0.065, -7.033, threshold=0.725, per_sentence=5),
}
ANCHOR_MODEL = LinkModel(0.0, 0.295, 0.073, 0.277, threshold=0.675, per_sentence=3)
MAX_LINK_WEIGHT = 12.0
# A link this close (share of the lighter sentence's anchor weight) means the two sentences make
# the same statement, so neither is one-sided material. Looser links only pair slots to compare:
# on the planted regression set, suppressing omissions at any link lost a tenth of them.
SAME_STATEMENT = 0.6
SAME_STATEMENT_ANCHORS = 5  # or this many shared anchors, however long the sentences


@dataclass(frozen=True, slots=True)
class Link:
    """Two sentences, one per article, that speak about the same thing."""

    a: Sent
    b: Sent
    score: float  # share of the lighter sentence's anchor weight that is shared, 0..1
    shared: tuple[str, ...]


def anchors(side: Side, sent: Sent) -> tuple[set[str], set[str]]:
    """What the sentence is about (entity ids, content-word stems) and which stems are events.

    A noun and a verb of one stem are one anchor ("damage"/"damaged", "invasion"/"invade" do
    not share a stem, "injury"/"injured" do): reports turn events into nouns and back.
    """
    found: set[str] = set()
    events: set[str] = set()
    names: set[str] = set()  # name words, to tie mentions that resolved differently
    for mention in side.mentions(sent):
        if mention.id and mention.id != "anon":
            found.add(mention.id)
        if mention.kind in ("place", "org") or (
            mention.kind == "person" and mention.end - mention.start == 1
        ):
            # "Morningside" / "Morningside Recovery Center": one place named two ways (and
            # typed two ways: a one-word name is often read as a person's).
            for t in sent.doc[mention.start : mention.end]:
                if (
                    t.pos_ == "PROPN"
                    and len(t.text) >= 3
                    and t.lemma_.lower() not in _GENERIC_NAMES
                ):
                    names.add(t.lemma_.lower())
    found.update(f"n:{name}" for name in names)
    for token in sent.doc:
        if token.is_stop or not token.is_alpha or len(token.text) < 3:
            continue
        lemma = token.lemma_.lower()
        event = slots.event_of(lemma) if token.pos_ in ("VERB", "NOUN", "ADJ") else None
        key = f"w:{_stem(event or lemma)}"
        if event is not None:
            # "acquire"/"buy", "wed"/"married", "quake"/"earthquake": one event told two ways
            found.add(key)
            events.add(key)
        elif token.pos_ == "VERB" and lemma not in _LIGHT_VERBS:
            found.add(key)
            events.add(key)
        elif token.pos_ == "NOUN" and lemma not in _GENERIC_NOUNS:
            found.add(key)
        elif token.pos_ == "ADJ" and token.dep_ in ("amod", "acomp") and lemma.endswith("ed"):
            found.add(key)  # "injured", "wounded": states that are events
            events.add(key)
    return found, events


def _without_repeated_names(shared: set[str]) -> set[str]:
    """Shared keys, less the name words ("n:") of an entity already shared by its identity: a
    name word only ties two mentions that resolved differently, it never counts twice."""
    named = {
        w for k in shared if not k.startswith(("w:", "n:")) for w in k.split(":", 1)[1].split()
    }
    return {k for k in shared if not k.startswith("n:") or k[2:] not in named}


def _stem(lemma: str) -> str:
    """One key for a verb and its participle or nominalisation: injure/injured/injury."""
    for suffix in ("ies", "ied", "ing", "ed", "es", "s", "y", "e"):
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 4:
            return lemma[: -len(suffix)]
    return lemma


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence pair that shares at least one anchor, before any threshold."""

    a: Sent
    b: Sent
    weight: float  # summed idf weight of the shared anchors
    share: float  # share of the lighter sentence's anchor weight that is shared
    shared: tuple[str, ...]
    # the same event word on both sides and something more in common: one statement, for the
    # slot comparisons (``link``)
    event: bool


def candidates(
    side_a: Side, side_b: Side, sents_a: Sequence[Sent], sents_b: Sequence[Sent]
) -> list[Candidate]:
    """Every sentence pair across the articles that shares an anchor, with its weights."""
    read_a = [anchors(side_a, s) for s in sents_a]
    read_b = [anchors(side_b, s) for s in sents_b]
    df: Counter[str] = Counter()
    for keys, _ in read_a + read_b:
        df.update(keys)
    n = len(read_a) + len(read_b)

    def weight(key: str) -> float:
        return math.log(1 + n / df[key])

    weights_b = [sum(weight(k) for k in kb if not k.startswith("n:")) for kb, _ in read_b]
    found: list[Candidate] = []
    for sa, (ka, ea) in zip(sents_a, read_a, strict=True):
        wa = sum(weight(k) for k in ka if not k.startswith("n:"))
        for sb, (kb, eb), wb in zip(sents_b, read_b, weights_b, strict=True):
            shared = _without_repeated_names(ka & kb)
            if not shared:
                continue
            event = len(shared) >= 2 and bool(shared & (ea | eb))
            ws = sum(weight(k) for k in shared)
            lighter = min(wa, wb)
            share = ws / lighter if lighter else 0.0
            found.append(Candidate(sa, sb, ws, min(1.0, share), tuple(sorted(shared)), event))
    return found


def select(
    found: Sequence[Candidate], min_weight: float, min_share: float, per_sentence: int
) -> list[Link]:
    """The one-statement candidates (``Candidate.event``) over both thresholds, closest first,
    at most ``per_sentence`` links per sentence on either side."""
    kept = [c for c in found if c.event and c.weight >= min_weight and c.share >= min_share]
    kept.sort(key=lambda c: -c.share)
    per_a: Counter[int] = Counter()
    per_b: Counter[int] = Counter()
    chosen = []
    for c in kept:
        if per_a[c.a.base] >= per_sentence or per_b[c.b.base] >= per_sentence:
            continue
        per_a[c.a.base] += 1
        per_b[c.b.base] += 1
        chosen.append(Link(c.a, c.b, c.share, c.shared))
    return chosen


def link(
    side_a: Side, side_b: Side, sents_a: Sequence[Sent], sents_b: Sequence[Sent]
) -> list[Link]:
    """Sentence pairs across the articles that share an event and enough rare anchors: the
    links the fact detectors compare slots on."""
    found = candidates(side_a, side_b, sents_a, sents_b)
    return select(found, MIN_SHARED_WEIGHT, MIN_SHARED_SHARE, MAX_LINKS_PER_SENTENCE)


@dataclass(frozen=True, slots=True)
class SentenceSimilarity:
    """Cosines of the aligner's sentence vectors, A's sentences (rows) by B's (columns)."""

    embedder: str  # which model made them: the link model is fitted per embedder
    spans_a: tuple[Span, ...]
    spans_b: tuple[Span, ...]
    cosines: np.ndarray


def export(
    found: Sequence[Candidate], similarity: SentenceSimilarity | None = None
) -> tuple[StatementLink, ...]:
    """The links ``Comparison.links`` reports: statements about the same event, in A's order.

    Every sentence pair gets a probability from a small logistic model (``LinkModel``) of its
    shared anchor weight, whether it shares an event word and more (``Candidate.event``) and,
    where the aligner's vectors come from a fitted embedder, their cosine; pairs over the
    model's threshold are kept, most probable first, at most ``per_sentence`` per sentence.
    Looser than the links the detectors compare slots on (``link``): a
    correspondence is worth showing where a slot comparison would pair the wrong predicates.
    """
    fitted = LINK_MODELS.get(similarity.embedder) if similarity is not None else None
    model = fitted or ANCHOR_MODEL
    by_pair: dict[tuple[Span, Span], Candidate] = {(c.a.span, c.b.span): c for c in found}
    keys = set(by_pair)
    if fitted is not None and similarity is not None:
        # a pair that shares no anchor needs this cosine on its own
        floor = (_logit(model.threshold) - model.bias) / model.cosine
        for i, j in zip(*np.nonzero(similarity.cosines >= floor), strict=True):
            keys.add((similarity.spans_a[i], similarity.spans_b[j]))
        rows = {span: i for i, span in enumerate(similarity.spans_a)}
        cols = {span: j for j, span in enumerate(similarity.spans_b)}
    scored: list[tuple[float, Span, Span]] = []
    for key in keys:
        c = by_pair.get(key)
        z = model.bias
        if c is not None:
            z += model.weight * min(c.weight, MAX_LINK_WEIGHT) + model.event * c.event
        if fitted is not None and similarity is not None:
            i, j = rows.get(key[0]), cols.get(key[1])
            if i is None or j is None:
                continue  # past the aligner's budget: not compared
            z += model.cosine * float(similarity.cosines[i, j])
        probability = 1.0 / (1.0 + math.exp(-z))
        if probability >= model.threshold:
            scored.append((probability, *key))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    per_a: Counter[Span] = Counter()
    per_b: Counter[Span] = Counter()
    chosen = []
    for probability, a, b in scored:
        if per_a[a] >= model.per_sentence or per_b[b] >= model.per_sentence:
            continue
        per_a[a] += 1
        per_b[b] += 1
        c = by_pair.get((a, b))
        shown = _readable(Link(c.a, c.b, c.share, c.shared)) if c is not None else ()
        chosen.append(StatementLink(a=a, b=b, score=round(probability, 3), anchors=shown))
    return tuple(sorted(chosen, key=lambda lk: (lk.a, lk.b)))


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _readable(lk: Link) -> tuple[str, ...]:
    """The shared anchors as the words of A's sentence ("earthquake", "Qeshm"), or the
    entity's canonical name when A's words do not show it."""
    words: dict[str, str] = {}
    for token in lk.a.doc:
        if not token.is_alpha:
            continue
        lemma = token.lemma_.lower()
        words.setdefault(f"w:{_stem(slots.event_of(lemma) or lemma)}", token.text)
        words.setdefault(f"n:{lemma}", token.text)
    out = []
    for key in lk.shared:
        rest = key.partition(":")[2]
        name = rest.split()
        as_written = " ".join(t.text for t in lk.a.doc if t.text.lower() in name)
        out.append(words.get(key) or as_written or rest or key)
    return tuple(dict.fromkeys(out))


def same_statement(lk: Link) -> bool:
    """Close enough to be one statement told twice, not two statements on one topic."""
    if len(lk.shared) >= SAME_STATEMENT_ANCHORS:
        return True
    return len(lk.shared) >= 3 and lk.score >= SAME_STATEMENT
