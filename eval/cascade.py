"""Measure provenance tracing ("who took from whom") on simulated news cascades with an answer key.

    python -m eval.cascade [--data DIR] [--sizes 5,20,100] [--cascades N] [--seed S]
                           [--limit-unrelated K] [--key-trace]

No labelled set of real cascades exists, so we grow them from real article bodies (the Zyte
extraction benchmark's ground truth and the bundled example pair; the tests use the repository's
own 36 articles). A cascade is a tree: a root article published by a well-known outlet, and
articles that each took their text from one earlier article by one operation, **copy**
(verbatim, perhaps trimmed), **edit** (sentences dropped, one added, words swapped),
**paraphrase** (every sentence retold, light reordering) or **summary** (a shorter account).
Children are made from their parent's text, so changes are inherited. The root's direct
children credit the root's outlet in their text ("according to Politico"). A quarter of the
derived articles change a number (a planted fact mutation their descendants inherit). Dates
never run backwards along an edge; some articles have none. Half the cascades hide the root: its
children cite it, and the tracer should infer it as an upstream node. Each cascade also holds
one or two unrelated articles. Input order is shuffled.

Every cascade goes through ``storytrace.api.trace_articles`` (``--key-trace`` scores the answer
key itself instead: a check of the generator and the scorer, no tracer needed). Reported per
size: precision and recall of derivation edges taken undirected (an upstream node stands for the
hidden root when its name is the root's outlet; an edge to an unrelated article is a false
positive), direction accuracy on the edges found, upstream recovery (hidden-root cascades),
unrelated articles excluded, mutations localised (a fact version with the new number that
first appears in the article where it was planted), kind accuracy, and seconds per cascade.
Then the example pair, traced: the two articles should share an upstream Politico node and
have no edge between them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from eval.common import eval_dir, load_example_pair, require
from eval.corpus_gen import (
    CREDITS,
    LOCAL_LINES,
    OUTLETS,
    Body,
    _retell,
    _swap_words,
    example_pair,
    load_pool,
    split_sentences,
)
from eval.planted import (
    _NUMBER,
    _NUMBER_WORD,
    _article,
    _inside_quote_text,
    _other_number,
    _year_like,
    paraphrase,
)
from storytrace.models import (
    Article,
    Derivation,
    DerivationKind,
    DiscrepancyType,
    FactHistory,
    FactVersion,
    SourceKind,
    StoryTrace,
    UpstreamSource,
)

ROOT = "ROOT"  # the parent key of the root's children when the root is hidden
OPS = ("copy", "edit", "paraphrase", "summary")
OP_KIND = {
    "copy": DerivationKind.VERBATIM,
    "edit": DerivationKind.EDITED,
    "paraphrase": DerivationKind.PARAPHRASED,
    "summary": DerivationKind.SUMMARISED,
}
OP_WEIGHTS = (0.2, 0.3, 0.3, 0.2)
# Real outlets the root is published by (all in storytrace's alias table, so they read as
# outlets); the value is how a sentence names it.
ROOT_OUTLETS = {
    "Politico": "Politico",
    "Reuters": "Reuters",
    "Associated Press": "the Associated Press",
    "Bloomberg": "Bloomberg",
    "The Washington Post": "The Washington Post",
    "Axios": "Axios",
}
# Parent choice: weight by depth (nothing hangs below depth 4, so trees are 1-4 deep), damped
# for later nodes: cascades fan out from the root and the first rewrites.
DEPTH_WEIGHT = {0: 4.0, 1: 1.0, 2: 0.45, 3: 0.2}
EARLY_DAMPING = 0.1
MIN_ROOT_SENTENCES = 8
MAX_ROOT_SENTENCES = 30  # long reads are cut at a paragraph boundary (keeps 100-article runs sane)
MUTATION_RATE = 0.35  # of non-copy derived articles (~25% of all derived articles)
UNDATED_RATE = 0.15
DELAY_DAYS = (0, 0, 0, 1, 1, 2)  # a child's date after its parent's: mostly the same day
BASE_DAY = dt.date(2024, 1, 1)
_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "a dozen": 12,
}


# --- the answer key -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Edge:
    """A true derivation: ``child`` (an article id) took its text from ``parent``.

    ``parent`` is an article id, or ``ROOT`` when the root is hidden (not in the set).
    """

    parent: str
    child: str
    op: str  # copy | edit | paraphrase | summary


@dataclass(frozen=True, slots=True)
class Mutation:
    """A number changed in ``node`` (an article id); its descendants inherit ``new``."""

    node: str
    old: str
    new: str


@dataclass(slots=True)
class Cascade:
    """One simulated cascade: what the tracer gets, and the answer key."""

    name: str
    articles: list[Article]  # the input, shuffled (the root is absent when hidden)
    root: Article  # kept even when hidden, for inspection
    hidden_root: bool
    root_outlet: str  # a key of ROOT_OUTLETS
    edges: list[Edge]
    mutations: list[Mutation]
    unrelated: list[str]  # Article.source of the articles from other stories
    depth: dict[str, int] = field(default_factory=dict)  # article id -> depth (root 0)

    @property
    def root_key(self) -> str:
        """How edges name the root: ``ROOT`` when hidden, else its article id."""
        return ROOT if self.hidden_root else self.root.id

    def key(self) -> dict[str, Any]:
        """The answer key as plain data (JSON-able), with article sources for reading."""
        source = {a.id: a.source for a in [*self.articles, self.root]}
        return {
            "name": self.name,
            "hidden_root": self.hidden_root,
            "root": self.root.id,
            "root_outlet": self.root_outlet,
            "edges": [
                {
                    "parent": e.parent,
                    "child": e.child,
                    "op": e.op,
                    "parent_source": source.get(e.parent, e.parent),
                    "child_source": source[e.child],
                }
                for e in self.edges
            ],
            "mutations": [{"node": m.node, "old": m.old, "new": m.new} for m in self.mutations],
            "unrelated": list(self.unrelated),
        }


# --- the generator --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    article: Article
    paragraphs: list[list[str]]
    day: dt.date  # true date (also for articles published without one)
    depth: int
    outlet: str


def make_cascade(
    pool: Sequence[Body],
    size: int,
    seed: int,
    hide_root: bool = False,
    unrelated: int = 1,
    name: str | None = None,
) -> Cascade:
    """A cascade of ``size`` articles (root included) from one body of ``pool``.

    Deterministic for a seed and pool. With ``hide_root`` the root is left out of the input
    (``size - 1`` story articles); ``unrelated`` articles from other bodies are added.
    """
    if size < 2:
        raise ValueError("a cascade needs at least 2 articles (a root and one child)")
    rng = random.Random(seed)
    name = name or f"cascade-{seed}"
    eligible = [b for b in pool if _sentence_count(b.text) >= MIN_ROOT_SENTENCES]
    if not eligible or len(pool) < unrelated + 1:
        raise ValueError("pool too small: no body with enough sentences or too few others")
    body = rng.choice(eligible)
    root_paragraphs = _cap(_split(body.text), MAX_ROOT_SENTENCES)
    root_text = _join(root_paragraphs)
    outlet = _mentioned_outlet(root_text) or rng.choice(list(ROOT_OUTLETS))
    root_day = BASE_DAY + dt.timedelta(days=rng.randrange(365))
    width = max(2, len(str(size - 1)))
    root = _make_article(root_text, f"{name}/n{0:0{width}d}-root", outlet, root_day)
    nodes = [_Node(root, root_paragraphs, root_day, 0, outlet)]
    edges: list[Edge] = []
    mutations: list[Mutation] = []
    texts = {root.id}
    numbers = _numbers(root_text)  # every number the cascade has used so far
    local = rng.sample(OUTLETS, len(OUTLETS))
    for index in range(1, size):
        parent = _pick_parent(nodes, rng)
        child_outlet = local[(index - 1) % len(local)]
        op = _pick_op(parent.paragraphs, rng)
        paragraphs = _derive(op, parent.paragraphs, rng, child_outlet)
        if parent.depth == 0:
            paragraphs = _cite(paragraphs, op, outlet, root_day, rng)
        planted: tuple[str, str] | None = None
        if op != "copy" and rng.random() < MUTATION_RATE:
            planted = _mutate(paragraphs, rng, numbers)
        text = _join(paragraphs)
        while _content_id(text) in texts:  # two copies of one parent: keep every id unique
            paragraphs = [
                *paragraphs,
                [rng.choice(CREDITS + LOCAL_LINES).format(outlet=child_outlet)],
            ]
            text = _join(paragraphs)
        texts.add(_content_id(text))
        numbers |= _numbers(text)
        day = parent.day + dt.timedelta(days=rng.choice(DELAY_DAYS))
        published = None if rng.random() < UNDATED_RATE else day
        source = f"{name}/n{index:0{width}d}-{op}"
        article = _make_article(text, source, child_outlet, published)
        nodes.append(_Node(article, paragraphs, day, parent.depth + 1, child_outlet))
        parent_key = ROOT if hide_root and parent.depth == 0 else parent.article.id
        edges.append(Edge(parent_key, article.id, op))
        if planted:
            mutations.append(Mutation(article.id, *planted))
    others = [b for b in pool if b.key != body.key]
    extra: list[Article] = []
    for j, other in enumerate(rng.sample(others, unrelated)):
        text = _join(_cap(_split(other.text), MAX_ROOT_SENTENCES))
        day = root_day + dt.timedelta(days=rng.randint(-2, 3))
        extra.append(_make_article(text, f"{name}/u{j}-unrelated", rng.choice(OUTLETS), day))
    story = [n.article for n in nodes[1:]] if hide_root else [n.article for n in nodes]
    articles = story + extra
    rng.shuffle(articles)
    return Cascade(
        name=name,
        articles=articles,
        root=root,
        hidden_root=hide_root,
        root_outlet=outlet,
        edges=edges,
        mutations=mutations,
        unrelated=[a.source for a in extra],
        depth={n.article.id: n.depth for n in nodes},
    )


def _content_id(text: str) -> str:
    """Same rule as ``storytrace.ingest.build.article_id`` (not imported: it pulls extraction)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _make_article(text: str, source: str, outlet: str, published: dt.date | None) -> Article:
    article = _article(_content_id(text), text, published, ())
    return replace(article, source=source, outlet=outlet)


def _split(text: str) -> list[list[str]]:
    paragraphs = [split_sentences(p.strip()) for p in text.split("\n\n") if p.strip()]
    return [p for p in paragraphs if p]


def _join(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _sentence_count(text: str) -> int:
    return sum(len(p) for p in _split(text))


def _cap(paragraphs: list[list[str]], limit: int) -> list[list[str]]:
    kept: list[list[str]] = []
    for paragraph in paragraphs:
        if sum(map(len, kept)) >= limit:
            break
        kept.append(paragraph)
    return kept


def _mentioned_outlet(text: str) -> str | None:
    """A root body that already names a real outlet (the example pair credits Politico) is
    that outlet's story: crediting another outlet on top would make the key ambiguous."""
    for outlet in ROOT_OUTLETS:
        if re.search(rf"\b{re.escape(_bare(outlet))}\b", text):
            return outlet
    return None


def _bare(outlet: str) -> str:
    return re.sub(r"^the ", "", outlet, flags=re.IGNORECASE)


def _pick_parent(nodes: list[_Node], rng: random.Random) -> _Node:
    weights = [
        DEPTH_WEIGHT.get(n.depth, 0.0) / (1 + EARLY_DAMPING * i) for i, n in enumerate(nodes)
    ]
    return rng.choices(nodes, weights)[0]


def _pick_op(paragraphs: list[list[str]], rng: random.Random) -> str:
    op = rng.choices(OPS, OP_WEIGHTS)[0]
    count = sum(map(len, paragraphs))
    if op == "summary" and count < 6:  # too short to summarise: rewrite it instead
        op = rng.choice(["edit", "paraphrase"])
    if op == "edit" and count < 4:
        op = "paraphrase"
    return op


def _derive(
    op: str, paragraphs: list[list[str]], rng: random.Random, outlet: str
) -> list[list[str]]:
    return {"copy": _copy, "edit": _edit, "paraphrase": _paraphrase, "summary": _summary}[op](
        [list(p) for p in paragraphs], rng, outlet
    )


def _copy(paragraphs: list[list[str]], rng: random.Random, outlet: str) -> list[list[str]]:
    """Verbatim, sometimes without the last paragraph, often with the copier's credit line."""
    if len(paragraphs) >= 4 and rng.random() < 0.5:
        paragraphs = paragraphs[:-1]
    if rng.random() < 0.7:
        paragraphs.append([rng.choice(CREDITS).format(outlet=outlet)])
    return paragraphs


def _edit(paragraphs: list[list[str]], rng: random.Random, outlet: str) -> list[list[str]]:
    """1-2 sentences dropped (never the lead), one local sentence added, a few words swapped."""
    places = [(p, s) for p, sents in enumerate(paragraphs) for s in range(len(sents))][1:]
    drop = set(rng.sample(places, min(len(places) - 2, rng.choice([1, 2]))))
    edited = [
        [_swap_words(s, rng, 0.08) for j, s in enumerate(sents) if (i, j) not in drop]
        for i, sents in enumerate(paragraphs)
    ]
    edited = [p for p in edited if p]
    line = rng.choice(LOCAL_LINES).format(outlet=outlet)
    if rng.random() < 0.5:
        edited.insert(rng.randint(1, len(edited)), [line])
    else:
        edited[rng.randrange(len(edited))].append(line)
    return edited


def _paraphrase(paragraphs: list[list[str]], rng: random.Random, outlet: str) -> list[list[str]]:
    """Every sentence retold; sentences shuffled within a few paragraphs, two paragraphs
    swapped now and then (the lead stays first)."""
    retold = [[_retell(s, rng) for s in sents] for sents in paragraphs]
    for sents in retold[1:]:
        if len(sents) > 1 and rng.random() < 0.3:
            rng.shuffle(sents)
    if len(retold) > 3 and rng.random() < 0.4:
        i = rng.randrange(1, len(retold) - 1)
        retold[i], retold[i + 1] = retold[i + 1], retold[i]
    return retold


def _summary(paragraphs: list[list[str]], rng: random.Random, outlet: str) -> list[list[str]]:
    """30-50% of the sentences, mostly from the top, some cut to their main clause."""
    sentences = [s for p in paragraphs for s in p]
    k = max(3, round(len(sentences) * rng.uniform(0.3, 0.5)))
    rest = list(range(1, len(sentences)))
    picked = {0}
    while len(picked) < k and rest:
        index = rng.choices(rest, [1 / (1 + 0.15 * i) for i in rest])[0]
        rest.remove(index)
        picked.add(index)
    kept = []
    for index in sorted(picked):
        sentence = sentences[index]
        if index and rng.random() < 0.4:
            sentence = _shorten(sentence)
        kept.append(paraphrase(sentence, rng) if rng.random() < 0.5 else sentence)
    grouped: list[list[str]] = []
    while kept:
        take = rng.choice([2, 3])
        grouped.append(kept[:take])
        kept = kept[take:]
    return grouped


_CUT_BEFORE = re.compile(
    r", (?=(?:which|while|whereas|but|as|after|before|saying|adding|including|according|a|an|"
    r"with|since|though|although)\b)"
)


def _shorten(sentence: str) -> str:
    """Drop a long sentence's trailing clause ("..., a rise that will ...", "..., which ...")
    when at least eight words stay (never inside a quote)."""
    if any(q in sentence for q in '“”"') or len(sentence.split()) <= 16:
        return sentence
    for match in reversed(list(_CUT_BEFORE.finditer(sentence))):
        if len(sentence[: match.start()].split()) >= 8:
            return sentence[: match.start()] + "."
    return sentence


def _cite(
    paragraphs: list[list[str]], op: str, outlet: str, day: dt.date, rng: random.Random
) -> list[list[str]]:
    """Credit the root's outlet, the way rewrites do (a copy adds a line, leaving text as is)."""
    name = ROOT_OUTLETS[outlet]
    capital = name[0].upper() + name[1:]
    weekday = day.strftime("%A")
    lines = [
        f"{capital} first reported the news on {weekday}.",
        f"This story was first published by {name}.",
        f"{capital} was the first to report the story on {weekday}.",
    ]
    if op == "copy":
        return [*paragraphs, [rng.choice(lines)]]
    first = paragraphs[0][0]
    style = rng.randrange(4)
    if style == 0:
        text = _join(paragraphs)
        lead = first if _proper_start(first, text) else first[0].lower() + first[1:]
        paragraphs[0][0] = f"According to {name}, {lead}"
    elif style in (1, 2) and first.endswith(".") and not any(q in first for q in '“”"'):
        tail = f"{name} reported" if style == 1 else f"as first reported by {name}"
        paragraphs[0][0] = f"{first[:-1]}, {tail}."
    else:
        paragraphs[0].append(rng.choice(lines[::2]))
    return paragraphs


def _proper_start(sentence: str, text: str) -> bool:
    """Whether the first word keeps its capital after "According to X, ": it does unless the
    article also writes it in lower case (then it is an ordinary word, not a name)."""
    first = sentence.split()[0] if sentence.split() else ""
    if not first[:1].isupper() or first in {"I", "I'm", "I’m"}:
        return True
    if first in _COMMON_STARTS:
        return False
    return re.search(rf"\b{re.escape(first.lower())}\b", text) is None


_COMMON_STARTS = frozenset(
    {"The", "A", "An", "It", "Its", "This", "That", "These", "Those", "In", "On", "At"}
    | {"He", "She", "They", "We", "There"}
)


def _mutate(
    paragraphs: list[list[str]], rng: random.Random, known: set[float]
) -> tuple[str, str] | None:
    """Change one number in one sentence; the new value must be new to the cascade, so the fact
    version it makes first appears here (and in this article's descendants) only."""
    places = [(p, s) for p, sents in enumerate(paragraphs) for s in range(len(sents))]
    rng.shuffle(places)
    seen = known | _numbers(_join(paragraphs))
    for p, s in places:
        sentence = paragraphs[p][s]
        candidates = _plantable(sentence)
        if not candidates:
            continue
        match = rng.choice(candidates)
        old = match.group()
        new = _other_number(old, rng)
        if _numbers(new) & seen:
            continue
        paragraphs[p][s] = sentence[: match.start()] + new + sentence[match.end() :]
        return old, new
    return None


def _plantable(sentence: str) -> list[re.Match[str]]:
    """Numbers counting something (planted's patterns), outside quotes and names ("Aurora-2",
    "Week 13", "S&P 500"), digits before words."""
    for pattern in (_NUMBER, _NUMBER_WORD):
        found = [
            m
            for m in re.finditer(pattern, sentence)
            if not _year_like(m.group())
            and not re.search(r"[A-Z]\S* $|[-:/]$", sentence[: m.start()])
            and not _inside_quote_text(sentence, m.start())
        ]
        if found:
            return found
    return []


def _numbers(text: str) -> set[float]:
    """Every number in ``text``, digits or (small) words: "1,500" and "1500" are one."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())
    for word, value in _NUMBER_WORDS.items():
        text = re.sub(rf"\b{word}\b", str(value), text)
    return {float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)}


# --- the scorer -----------------------------------------------------------------------------------


def same_outlet(name: str, outlet: str) -> bool:
    """``name`` (an upstream node's) is ``outlet``: equal after dropping case, "the" and
    punctuation, or its initials ("AP"). Written here, not taken from storytrace's tables."""

    def norm(text: str) -> str:
        text = re.sub(r"[^\w\s]", " ", text.lower().replace("’", "'").replace("'s", ""))
        return re.sub(r"^the ", "", " ".join(text.split()))

    if norm(name) == norm(outlet):
        return True
    initials = "".join(w[0] for w in norm(outlet).split() if w not in {"of", "and"})
    letters = name.replace(".", "").strip()
    return len(initials) >= 2 and letters.isupper() and letters.lower() == initials


def _is_root_upstream(node: UpstreamSource, outlet: str) -> bool:
    return same_outlet(node.name, outlet) or same_outlet(node.id.rsplit(":", 1)[-1], outlet)


def score(cascade: Cascade, trace: StoryTrace) -> dict[str, Any]:
    """Counts (summable over cascades) and rates for one traced cascade against its key."""
    true = {(e.parent, e.child): e.op for e in cascade.edges}
    true_pairs = {frozenset(pair): pair for pair in true}
    root_nodes = {
        u.id
        for u in trace.upstream
        if cascade.hidden_root and _is_root_upstream(u, cascade.root_outlet)
    }
    predicted: dict[tuple[str, str], DerivationKind] = {}
    for d in trace.derivations:
        parent, child = (ROOT if n in root_nodes else n for n in (d.parent, d.child))
        predicted.setdefault((parent, child), d.kind)
    pairs = {frozenset(pair) for pair in predicted}
    unrelated_ids = {a.id for a in cascade.articles if a.source in set(cascade.unrelated)}
    in_edges = {node for pair in predicted for node in pair}
    by_op = {op: [0, 0, 0, 0] for op in OPS}  # true, found, direction right, kind right
    for pair, op in true.items():
        by_op[op][0] += 1
        if frozenset(pair) in pairs:
            by_op[op][1] += 1
    direction_right = direction_total = kind_right = 0
    for pair, kind in predicted.items():
        match = true_pairs.get(frozenset(pair))
        if match is None:
            continue
        direction_total += 1
        if pair == match:
            direction_right += 1
            by_op[true[match]][2] += 1
            if OP_KIND[true[match]] == kind:
                kind_right += 1
                by_op[true[match]][3] += 1
    upstream = None
    if cascade.hidden_root:
        children = {e.child for e in cascade.edges if e.parent == ROOT}
        # the best single node: how many of the root's children it is the parent of
        best = max(
            (
                sum(
                    any(d.parent == u and d.child == c for d in trace.derivations) for c in children
                )
                for u in root_nodes
            ),
            default=0,
        )
        upstream = int(bool(root_nodes) and 2 * best >= len(children))
    mutations_found = sum(_localised(m, trace) for m in cascade.mutations)
    counts = {
        "true_edges": len(true_pairs),
        "predicted_edges": len(pairs),
        "correct_edges": len(pairs & set(true_pairs)),
        "edges_to_unrelated": sum(1 for pair in pairs if pair & unrelated_ids),
        "direction_right": direction_right,
        "direction_total": direction_total,
        "kind_right": kind_right,
        "upstream_hits": upstream or 0,
        "upstream_total": int(cascade.hidden_root),
        "unrelated_excluded": sum(
            a.source in trace.unrelated and a.id not in in_edges
            for a in cascade.articles
            if a.id in unrelated_ids
        ),
        "unrelated_total": len(unrelated_ids),
        "mutations_found": mutations_found,
        "mutations_total": len(cascade.mutations),
        "by_op": by_op,
    }
    return {**counts, **rates(counts), "upstream_recovery": upstream}


def _localised(mutation: Mutation, trace: StoryTrace) -> bool:
    wanted = _numbers(mutation.new)
    return any(
        version.first == mutation.node and wanted <= _numbers(version.value)
        for history in trace.facts
        for version in history.versions
    )


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def rates(counts: dict[str, Any]) -> dict[str, float | None]:
    """Rates from (possibly summed) counts; None where nothing was there to measure."""
    return {
        "precision": _ratio(counts["correct_edges"], counts["predicted_edges"]),
        "recall": _ratio(counts["correct_edges"], counts["true_edges"]),
        "direction_accuracy": _ratio(counts["direction_right"], counts["direction_total"]),
        "kind_accuracy": _ratio(counts["kind_right"], counts["direction_right"]),
        "upstream_rate": _ratio(counts["upstream_hits"], counts["upstream_total"]),
        "unrelated_rate": _ratio(counts["unrelated_excluded"], counts["unrelated_total"]),
        "mutation_rate": _ratio(counts["mutations_found"], counts["mutations_total"]),
    }


def aggregate(scores: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Micro-averaged: counts summed over cascades, then the rates."""
    keys = [k for k, v in scores[0].items() if isinstance(v, int) and k != "upstream_recovery"]
    total: dict[str, Any] = {k: sum(s[k] for s in scores) for k in keys}
    total["by_op"] = {op: [sum(s["by_op"][op][i] for s in scores) for i in range(4)] for op in OPS}
    return {**total, **rates(total)}


def key_trace(cascade: Cascade) -> StoryTrace:
    """The trace a perfect tracer would return (the answer key as a ``StoryTrace``)."""
    upstream: tuple[UpstreamSource, ...] = ()
    root_id = f"upstream:outlet:{_bare(cascade.root_outlet).lower()}"
    if cascade.hidden_root:
        children = tuple(e.child for e in cascade.edges if e.parent == ROOT)
        upstream = (
            UpstreamSource(root_id, cascade.root_outlet, SourceKind.OUTLET, children, ("key",)),
        )
    derivations = tuple(
        Derivation(
            root_id if e.parent == ROOT else e.parent, e.child, OP_KIND[e.op], 1.0, 1.0, ("key",)
        )
        for e in cascade.edges
    )
    facts = tuple(
        FactHistory(
            DiscrepancyType.NUMBER,
            (
                FactVersion(m.old, (), None, ()),
                FactVersion(m.new, (m.node,), m.node, ()),
            ),
            "planted",
        )
        for m in cascade.mutations
    )
    story = tuple(a for a in cascade.articles if a.source not in cascade.unrelated)
    return StoryTrace(
        articles=story,
        sources=(),
        upstream=upstream,
        derivations=derivations,
        timeline=tuple(a.id for a in story),
        facts=facts,
        unrelated=tuple(cascade.unrelated),
    )


# --- the run --------------------------------------------------------------------------------------

DEFAULT_CASCADES = {5: 6, 20: 6, 100: 2}


Row = tuple[int, dict[str, Any], float, float, list[str]]


def tracer() -> Callable[[Cascade], StoryTrace] | None:
    """``storytrace.api.trace_articles`` on a cascade's input, or None when this checkout does
    not have it (yet)."""
    try:
        from storytrace.api import trace_articles
    except ImportError:
        return None
    return lambda cascade: trace_articles(cascade.articles)


def cascades_per_size(sizes: Sequence[int], cascades: int | None) -> dict[int, int]:
    return {s: cascades if cascades is not None else DEFAULT_CASCADES.get(s, 2) for s in sizes}


def run(
    pool: Sequence[Body],
    counts: dict[int, int],
    seed: int,
    limit_unrelated: int,
    trace: Callable[[Cascade], StoryTrace],
) -> list[Row]:
    """Per size: (size, aggregate, mean articles per cascade, seconds per cascade, failures).

    Half the cascades hide the root; they alternate between 1 and 2 unrelated articles (at most
    ``limit_unrelated``).
    """
    rows = []
    for size, n in counts.items():
        scores, seconds, articles, failures = [], 0.0, 0, []
        for i in range(n):
            cascade = make_cascade(
                pool,
                size,
                seed=seed * 100_000 + size * 100 + i,
                hide_root=i % 2 == 1,
                unrelated=min(limit_unrelated, 1 + (i // 2) % 2),
                name=f"cascade-{size}-{i}",
            )
            articles += len(cascade.articles)
            started = time.perf_counter()
            try:
                result = trace(cascade)
            except Exception as error:  # one failure must not lose the other cascades' scores
                failures.append(f"{cascade.name}: {type(error).__name__}: {error}")
                result = StoryTrace(tuple(cascade.articles), (), (), (), (), ())
            seconds += time.perf_counter() - started
            scores.append(score(cascade, result))
        rows.append((size, aggregate(scores), articles / n, seconds / n, failures))
    return rows


def table(rows: list[Row], n: dict[int, int]) -> str:
    def f(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    lines = [
        "| size | cascades | articles | edges P | R | direction acc | upstream recovery "
        "| unrelated excluded | mutation localisation | kind acc | seconds per cascade |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, agg, articles, seconds, _ in rows:
        lines.append(
            f"| {size} | {n[size]} | {articles:.1f} | {f(agg['precision'])} | {f(agg['recall'])} "
            f"| {f(agg['direction_accuracy'])} | {f(agg['upstream_rate'])} "
            f"| {f(agg['unrelated_rate'])} | {f(agg['mutation_rate'])} "
            f"| {f(agg['kind_accuracy'])} | {seconds:.1f} |"
        )
    lines += [
        "",
        "Recall by operation (true edges found / direction right / kind right):",
        "",
        "| size | " + " | ".join(OPS) + " |",
        "|---:|" + "---:|" * len(OPS),
    ]
    for size, agg, *_ in rows:
        cells = [
            f"{found}/{dir_ok}/{kind_ok} of {total}"
            for total, found, dir_ok, kind_ok in (agg["by_op"][op] for op in OPS)
        ]
        lines.append(f"| {size} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def example_pair_trace() -> None:
    """Trace the bundled pair: both rewrite Politico's report, neither copies the other."""
    print("\n## Example pair (examples/000 and examples/002)\n")
    pair = load_example_pair()
    if pair is None:
        return
    a, b = pair
    from storytrace.api import trace_articles

    result = trace_articles([a, b])
    names = {a.id: "000", b.id: "002", **{u.id: u.name for u in result.upstream}}
    for d in result.derivations:
        print(
            f"- {names.get(d.parent, d.parent)} -> {names.get(d.child, d.child)}: "
            f"{d.kind.value} ({d.confidence:.2f}; {'; '.join(d.reasons)})"
        )
    for u in result.upstream:
        cited = ", ".join(names.get(c, c) for c in u.cited_by)
        print(f"- upstream {u.id} ({u.name}, {u.kind.value}) cited by {cited}")
    direct = any({d.parent, d.child} == {a.id, b.id} for d in result.derivations)
    politico = [u for u in result.upstream if same_outlet(u.name, "Politico")]
    common = any(
        {d.child for d in result.derivations if d.parent == u.id} >= {a.id, b.id} for u in politico
    )
    ok = not direct and common
    print(
        f"\nExpected no direct edge and a common upstream Politico node: "
        f"{'yes' if ok else 'NO'} (direct edge: {direct}, common Politico parent: {common})."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="evaluation data folder (holding extraction/)")
    parser.add_argument("--sizes", default="5,20,100", help="articles per cascade, root included")
    parser.add_argument(
        "--cascades", type=int, default=None, help="cascades per size (default 6, 6, 2)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--limit-unrelated", type=int, default=2, help="most unrelated articles per cascade"
    )
    parser.add_argument(
        "--key-trace",
        action="store_true",
        help="score the answer key itself (checks generator and scorer; no tracer)",
    )
    args = parser.parse_args(argv)
    trace = key_trace if args.key_trace else tracer()
    if trace is None:
        print(
            "error: storytrace.api.trace_articles is not importable in this checkout, so there "
            "is nothing to evaluate (--key-trace checks the generator and scorer alone).",
            file=sys.stderr,
        )
        return 2
    data = eval_dir(args.data)
    require(data / "extraction" / "zyte" / "ground-truth.json", "the Zyte ground truth")
    pool = [*load_pool(data), Body("example:002", example_pair()[0])]
    counts = cascades_per_size([int(s) for s in args.sizes.split(",") if s.strip()], args.cascades)
    how = "the answer key (--key-trace)" if args.key_trace else "storytrace.api.trace_articles"
    print(
        f"# Provenance tracing on simulated cascades\n\n{len(pool)} source bodies, seed "
        f"{args.seed}, traced by {how}. Half the cascades hide the root; each has 1-"
        f"{max(1, args.limit_unrelated)} unrelated articles. Edges are scored undirected, "
        "counts summed over cascades.\n"
    )
    rows = run(pool, counts, args.seed, args.limit_unrelated, trace)
    print(table(rows, counts))
    for *_, failures in rows:
        for failure in failures:
            print(f"\nfailed: {failure}")
    if not args.key_trace:
        example_pair_trace()
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "ROOT",
    "Cascade",
    "Edge",
    "Mutation",
    "aggregate",
    "key_trace",
    "main",
    "make_cascade",
    "rates",
    "same_outlet",
    "score",
]
