"""Passage alignment between two articles, in any order, one-to-one, one-to-many, many-to-one.

The unit is the sentence. Every sentence pair gets a calibrated probability that the two say the
same thing (embedding cosine and lexical overlap, see ``similarity``); pairs are accepted
greedily from the most to the least probable, so a rewrite that reorders paragraphs aligns as
well as a copy (a monotonic alignment would lose every moved paragraph). Accepted pairs then
grow over neighbouring sentences when the merged passage matches better than the single
sentence: that is how a sentence split in two, or two merged into one, becomes one alignment.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

import numpy as np

from storytrace.align.embedder import Embedder
from storytrace.align.fragments import coverage, shared_fragments
from storytrace.align.similarity import (
    cosine_matrix,
    lexical_overlap,
    pair_features,
    paraphrase_probability,
)
from storytrace.config import Settings
from storytrace.models import Alignment, AlignmentKind, Article, Fragment, Span
from storytrace.text.normalize import words

log = logging.getLogger(__name__)

# Sentences per article that are embedded and aligned: ten times a long feature story (the
# longest example and evaluation articles have under 150), so only debris and dumps are cut.
MAX_ALIGN_SENTENCES = 1000
# Pairs examined per sentence: the top-k by cosine in each direction. Reuse is rarely outside
# a sentence's five nearest neighbours; this keeps long articles linear instead of n*m.
CANDIDATES_PER_SENTENCE = 5
# A pair that shares a verbatim run this many times the fragment minimum corresponds even when
# the rest of the sentences differ (a quotation reused in a new frame).
QUOTE_RUN_FACTOR = 2
# Sentences are also scored clause by clause: a rewrite often keeps one clause of a long
# sentence and drops or moves the rest ("Blinken said X and that Y" vs "Blinken said X."), and a
# whole-sentence score (fitted on MSRP, where an added clause means "not a paraphrase") misses
# that correspondence. Clauses shorter than this many words are folded into a neighbour, so
# fragments like "said the two people" never align on their own.
MIN_CLAUSE_WORDS = 6
# Clause vectors are embedded only for the sentences of candidate pairs that pass a cheap gate:
# the pair's sentence cosine reaches CLAUSE_GATE_COSINE, or some clause (or the whole sentence)
# of one shares words with some clause of the other (Dice at least CLAUSE_GATE_DICE). Measured
# (PAN 02-no-obfuscation first 40 pairs, 18,741 candidate pairs; the example pair and four
# 1,000-word news pairs, 1,627): no pair below both reached the alignment threshold by its
# clauses (the lowest that did: word Dice 0.32 at cosine < 0.86), so the alignments are
# unchanged, while 43% of PAN's and 8% of the news pairs' sentences skip their clause vectors.
# ``CLAUSE_GATE = False`` scores every candidate clause by clause (``bench.speed``'s baseline).
CLAUSE_GATE = True
CLAUSE_GATE_COSINE = 0.86
CLAUSE_GATE_DICE = 0.25
# A sentence already settled as a whole gets no clause vectors: its best counterpart scores at
# least this probability and each is the other's best. 0.98 is a copy, give or take a word (the
# e5-small calibration reaches it only at cosine >= 0.995 with word Dice >= 0.94 and length
# ratio >= 0.96; identical sentences score 0.9825, 0.9817 for MiniLM, 0.979 for the hashing test
# double), and the copy's pair is accepted first whatever its clauses score; what
# is lost is only a clause of the copy matching a third sentence. Measured (clause texts
# embedded; alignments against every gated sentence embedded clause by clause): five 1,000-word
# news pairs of ``bench.speed`` and the example pair, 526 -> 156 clause texts, alignments
# identical but one (a copied sentence no longer joined with the next paragraph's first
# sentence, which only shared a clause's words); PAN 02-no-obfuscation first 40 pairs, 2,893 ->
# 2,637, plagdet all alignments 0.507 -> 0.531 (fewer restatements), verbatim + near-verbatim
# 0.683 -> 0.683. At 0.9 (near copies too) the example pair's alignments change, at 0.8 PAN's
# verbatim plagdet drops. ``None`` embeds clauses for every gated sentence (the baseline).
CLAUSE_SKIP_SETTLED: float | None = 0.98
_CLAUSE_BREAK = re.compile(
    r"(?<=[,;:])\s+"  # after clause punctuation
    r"|\s*[—–]\s*"  # at dashes, spaced or not
    r"|\s+(?=(?:and|but|while|whereas) that\b)"  # before a second reported clause
)


@dataclass(frozen=True, slots=True)
class SentenceVectors:
    """Sentence embeddings of one article, computed once and shared by alignment and verdict."""

    article: Article
    vectors: np.ndarray

    @property
    def document(self) -> np.ndarray:
        """Mean of the sentence vectors, normalised: a cheap document embedding."""
        if not len(self.vectors):
            return self.vectors.sum(axis=0)
        mean = self.vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else mean


@dataclass(frozen=True, slots=True)
class AlignmentResult:
    alignments: tuple[Alignment, ...]
    unmatched_a: tuple[Span, ...]
    unmatched_b: tuple[Span, ...]


def embed_sentences(article: Article, embedder: Embedder) -> SentenceVectors:
    article = within_budget(article)
    texts = [span.of(article.text) for span in article.sentences]
    return SentenceVectors(article, embedder.embed(texts))


def within_budget(article: Article) -> Article:
    """The article with at most ``MAX_ALIGN_SENTENCES`` sentences, and one warning if cut.

    Embedding and alignment cost grows with the sentence count (a 20 MB one-line text is 100k
    sentences: minutes of embedding, then quadratic story statistics); a news article has
    30-100. Sentences past the budget are neither aligned nor listed as unmatched.
    """
    if len(article.sentences) <= MAX_ALIGN_SENTENCES:
        return article
    log.warning(
        "%s: %d sentences; aligning only the first %d (MAX_ALIGN_SENTENCES), the rest is "
        "not compared",
        article.source,
        len(article.sentences),
        MAX_ALIGN_SENTENCES,
    )
    return budget_prefix(article)


def budget_prefix(article: Article) -> Article:
    """The article cut after its ``MAX_ALIGN_SENTENCES``-th sentence: same offsets, shorter
    text. Stages that scan the whole text (the fact engine's quotation finder) use it too, so
    their cost is bounded by the same budget; no warning (``within_budget`` gave it)."""
    if len(article.sentences) <= MAX_ALIGN_SENTENCES:
        return article
    sentences = article.sentences[:MAX_ALIGN_SENTENCES]
    cut = sentences[-1].end
    return replace(
        article,
        text=article.text[:cut],
        sentences=sentences,
        paragraphs=tuple(
            Span(p.start, min(p.end, cut)) for p in article.paragraphs if p.start < cut
        ),
        removed=tuple(block for block in article.removed if block.at <= cut),
        headings=tuple(h for h in article.headings if h.end <= cut),
    )


def align(
    a: SentenceVectors, b: SentenceVectors, embedder: Embedder, settings: Settings
) -> AlignmentResult:
    """All corresponding passages of ``a`` and ``b``, and the sentences left over on each side."""
    matcher = _Matcher(a, b, embedder, settings)
    groups = matcher.match()
    alignments = tuple(
        sorted((matcher.build(group) for group in groups), key=lambda al: (al.a.start, al.b.start))
    )
    used_a = {i for group in groups for i in group.a}
    used_b = {j for group in groups for j in group.b}
    return AlignmentResult(
        alignments,
        _unmatched(a.article, used_a),
        _unmatched(b.article, used_b),
    )


@dataclass(slots=True)
class _Group:
    """Sentence indices (contiguous on each side) that correspond, with their probability."""

    a: list[int]
    b: list[int]
    probability: float
    cosine: float


class _Matcher:
    def __init__(
        self, a: SentenceVectors, b: SentenceVectors, embedder: Embedder, settings: Settings
    ) -> None:
        self.a, self.b = a, b
        self.embedder = embedder
        self.settings = settings
        self.text_a = [s.of(a.article.text) for s in a.article.sentences]
        self.text_b = [s.of(b.article.text) for s in b.article.sentences]
        self.cosines = cosine_matrix(a.vectors, b.vectors)
        self.units_a = [[text, *clauses(text)] for text in self.text_a]
        self.units_b = [[text, *clauses(text)] for text in self.text_b]
        # Rows: the sentence vector, then its clauses' (filled by ``_embed_clauses``); a
        # sentence whose clauses were not embedded is scored as a whole.
        self.unit_vectors_a = [vectors[None, :] for vectors in a.vectors]
        self.unit_vectors_b = [vectors[None, :] for vectors in b.vectors]
        # Vectors of merged passages, embedded in one batch ahead of ``_grow``.
        self._merge_vectors: dict[str, np.ndarray] = {}

    def _embed_clauses(
        self,
        pairs: list[tuple[int, int]],
        skip: tuple[set[int], set[int]] = (set(), set()),
    ) -> None:
        """Clause vectors of the sentences in ``pairs`` that have clauses (but those in
        ``skip``, A's and B's), in one model call."""
        wanted_a = sorted({i for i, _ in pairs if len(self.units_a[i]) > 1} - skip[0])
        wanted_b = sorted({j for _, j in pairs if len(self.units_b[j]) > 1} - skip[1])
        todo = [(self.units_a, self.unit_vectors_a, i) for i in wanted_a]
        todo += [(self.units_b, self.unit_vectors_b, j) for j in wanted_b]
        todo = [(units, rows, k) for units, rows, k in todo if len(rows[k]) == 1]
        texts = [clause for units, _, k in todo for clause in units[k][1:]]
        if not texts:
            return
        vectors = iter(self.embedder.embed(texts))
        for units, rows, k in todo:
            rows[k] = np.vstack([rows[k], *(next(vectors) for _ in units[k][1:])])

    def _clause_gate(self, i: int, j: int) -> bool:
        """Whether the pair may correspond clause by clause (see ``CLAUSE_GATE``)."""
        if not CLAUSE_GATE:
            return True
        if self.cosines[i, j] >= CLAUSE_GATE_COSINE:
            return True
        return any(
            lexical_overlap(unit_a, unit_b) >= CLAUSE_GATE_DICE
            for unit_a in self.units_a[i]
            for unit_b in self.units_b[j]
        )

    def probability(self, text_a: str, text_b: str, cosine: float) -> float:
        features = pair_features(text_a, text_b, cosine)
        return paraphrase_probability(features, self.embedder.name)

    def pair_probability(self, i: int, j: int, by_clause: bool = True) -> float:
        """Best calibrated probability over the two sentences and (``by_clause``, and their
        clause vectors embedded) their clauses."""
        rows_a, rows_b = self.unit_vectors_a[i], self.unit_vectors_b[j]
        if not by_clause:
            rows_a, rows_b = rows_a[:1], rows_b[:1]
        cosines = rows_a @ rows_b.T
        return max(
            self.probability(unit_a, unit_b, float(cosines[x, y]))
            for x, unit_a in enumerate(self.units_a[i][: len(rows_a)])
            for y, unit_b in enumerate(self.units_b[j][: len(rows_b)])
        )

    def candidates(self) -> list[tuple[float, int, int]]:
        n, m = self.cosines.shape
        if not n or not m:
            return []
        k_b, k_a = min(CANDIDATES_PER_SENTENCE, m), min(CANDIDATES_PER_SENTENCE, n)
        pairs: set[tuple[int, int]] = set()
        best_b = np.argpartition(-self.cosines, k_b - 1, axis=1)[:, :k_b]
        best_a = np.argpartition(-self.cosines, k_a - 1, axis=0)[:k_a, :]
        pairs.update((i, int(j)) for i in range(n) for j in best_b[i])
        pairs.update((int(i), j) for j in range(m) for i in best_a[:, j])
        # A sentence without words ("***", a lone dash) carries no content to correspond.
        wordless_a = {i for i, text in enumerate(self.text_a) if not words(text)}
        wordless_b = {j for j, text in enumerate(self.text_b) if not words(text)}
        kept = sorted((i, j) for i, j in pairs if i not in wordless_a and j not in wordless_b)
        gated = {(i, j) for i, j in kept if self._clause_gate(i, j)}
        self._embed_clauses(sorted(gated), self._settled(kept))
        scored = [(self.pair_probability(i, j, (i, j) in gated), i, j) for i, j in kept]
        return sorted(scored, reverse=True)

    def _settled(self, kept: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
        """Sentences of A and of B whose whole-sentence best counterpart is certain (see
        ``CLAUSE_SKIP_SETTLED``): mutual best, at that probability or above."""
        if CLAUSE_SKIP_SETTLED is None:
            return set(), set()
        best_a: dict[int, tuple[float, int]] = {}
        best_b: dict[int, tuple[float, int]] = {}
        for i, j in kept:
            probability = self.pair_probability(i, j, by_clause=False)
            if probability > best_a.get(i, (-1.0, -1))[0]:
                best_a[i] = (probability, j)
            if probability > best_b.get(j, (-1.0, -1))[0]:
                best_b[j] = (probability, i)
        pairs = [
            (i, j)
            for i, (probability, j) in best_a.items()
            if probability >= CLAUSE_SKIP_SETTLED and best_b[j][1] == i
        ]
        return {i for i, _ in pairs}, {j for _, j in pairs}

    def match(self) -> list[_Group]:
        used_a: set[int] = set()
        used_b: set[int] = set()
        groups: list[_Group] = []
        scored = self.candidates()
        for probability, i, j in scored:
            if i in used_a or j in used_b:
                continue
            if probability < self.settings.align_threshold and not self._shares_quote(i, j):
                continue
            used_a.add(i)
            used_b.add(j)
            groups.append(_Group([i], [j], probability, float(self.cosines[i, j])))
        self._prefetch_merges(groups, used_a, used_b)
        for group in groups:
            self._grow(group, used_a, used_b)
        return groups + self._restatements(scored, groups, used_a, used_b)

    def _prefetch_merges(self, groups: list[_Group], used_a: set[int], used_b: set[int]) -> None:
        """Embed, in one model call, the merged passages ``_grow`` will try first.

        Only a cache: ``_try_merge`` decides exactly as before, it just finds most of its
        vectors here instead of calling the model once per attempt.
        """
        texts: dict[str, None] = {}
        for group in groups:
            for side in ("a", "b"):
                indices = group.a if side == "a" else group.b
                used = used_a if side == "a" else used_b
                limit = len(self.text_a if side == "a" else self.text_b)
                for neighbour in (indices[0] - 1, indices[-1] + 1):
                    if 0 <= neighbour < limit and neighbour not in used:
                        merge = self._merge_texts(group, side, neighbour)
                        if merge is not None:
                            texts.update(dict.fromkeys(merge))
        todo = [text for text in texts if text not in self._merge_vectors]
        if todo:
            self._merge_vectors.update(zip(todo, self.embedder.embed(todo), strict=True))

    def _restatements(
        self,
        scored: list[tuple[float, int, int]],
        groups: list[_Group],
        used_a: set[int],
        used_b: set[int],
    ) -> list[_Group]:
        """Sentences left over whose best counterpart is already aligned.

        Next to that counterpart's passage, the sentence is the rest of a split (the merged
        embedding did not score higher, but the pieces do correspond) and joins the passage.
        Elsewhere it restates the claim (a lede repeating the key claim, a closing recap) and
        becomes an extra pair, so its facts are still compared instead of being reported as
        added material.
        """
        extra: list[_Group] = []
        for probability, i, j in scored:
            if probability < self.settings.align_threshold:
                break
            free_a, free_b = i not in used_a, j not in used_b
            if free_a == free_b:  # both free would have matched already; both used: nothing new
                continue
            if free_a:
                used_a.add(i)
                holder = next((g for g in groups if j in g.b), None)
                if holder and i in (holder.a[0] - 1, holder.a[-1] + 1):
                    holder.a = sorted([*holder.a, i])
                    continue
            else:
                used_b.add(j)
                holder = next((g for g in groups if i in g.a), None)
                if holder and j in (holder.b[0] - 1, holder.b[-1] + 1):
                    holder.b = sorted([*holder.b, j])
                    continue
            extra.append(_Group([i], [j], probability, float(self.cosines[i, j])))
        return extra

    def _shares_quote(self, i: int, j: int) -> bool:
        spans_a, spans_b = self.a.article.sentences, self.b.article.sentences
        run = self.settings.fragment_min_words * QUOTE_RUN_FACTOR
        return bool(
            shared_fragments(self.a.article.text, spans_a[i], self.b.article.text, spans_b[j], run)
        )

    def _grow(self, group: _Group, used_a: set[int], used_b: set[int]) -> None:
        """Add neighbouring unused sentences while the merged passage matches better."""
        grew = True
        while grew:
            grew = False
            for side in ("a", "b"):
                indices = group.a if side == "a" else group.b
                used = used_a if side == "a" else used_b
                limit = len(self.text_a if side == "a" else self.text_b)
                for neighbour in (indices[0] - 1, indices[-1] + 1):
                    free = 0 <= neighbour < limit and neighbour not in used
                    if free and self._try_merge(group, side, neighbour):
                        used.add(neighbour)
                        grew = True
                        break

    def _merge_texts(self, group: _Group, side: str, neighbour: int) -> tuple[str, str] | None:
        """The merged passage and the other side's text, or None when the neighbour fails the
        cheap filter (it must resemble the other side on its own)."""
        other = group.b if side == "a" else group.a
        pair_cos = [
            self.cosines[neighbour, j] if side == "a" else self.cosines[j, neighbour] for j in other
        ]
        own_texts = self.text_a if side == "a" else self.text_b
        other_text = " ".join((self.text_b if side == "a" else self.text_a)[j] for j in other)
        if self.probability(own_texts[neighbour], other_text, float(max(pair_cos))) < 0.5 * (
            self.settings.align_threshold
        ):
            return None
        indices = sorted([*(group.a if side == "a" else group.b), neighbour])
        return " ".join(own_texts[k] for k in indices), other_text

    def _try_merge(self, group: _Group, side: str, neighbour: int) -> bool:
        texts = self._merge_texts(group, side, neighbour)
        if texts is None:
            return False
        merged, other_text = texts
        indices = sorted([*(group.a if side == "a" else group.b), neighbour])
        missing = [text for text in texts if text not in self._merge_vectors]
        if missing:
            self._merge_vectors.update(zip(missing, self.embedder.embed(missing), strict=True))
        merged_vec, other_vec = self._merge_vectors[merged], self._merge_vectors[other_text]
        cosine = float(merged_vec @ other_vec)
        text_a, text_b = (merged, other_text) if side == "a" else (other_text, merged)
        probability = self.probability(text_a, text_b, cosine)
        if probability <= group.probability:
            return False
        if side == "a":
            group.a = indices
        else:
            group.b = indices
        group.probability, group.cosine = probability, cosine
        return True

    def build(self, group: _Group) -> Alignment:
        sentences_a, sentences_b = self.a.article.sentences, self.b.article.sentences
        span_a = sentences_a[group.a[0]].union(sentences_a[group.a[-1]])
        span_b = sentences_b[group.b[0]].union(sentences_b[group.b[-1]])
        text_a, text_b = self.a.article.text, self.b.article.text
        fragments = shared_fragments(
            text_a, span_a, text_b, span_b, self.settings.fragment_min_words
        )
        kind = self._kind(span_a, span_b, fragments)
        probability = max(group.probability, 1.0 if kind is AlignmentKind.VERBATIM else 0.0)
        return Alignment(span_a, span_b, kind, probability, group.cosine, fragments)

    def _kind(self, span_a: Span, span_b: Span, fragments: tuple[Fragment, ...]) -> AlignmentKind:
        covered = min(
            coverage(span_a, [f.a for f in fragments], self.a.article.text),
            coverage(span_b, [f.b for f in fragments], self.b.article.text),
        )
        if covered >= self.settings.verbatim_coverage:
            return AlignmentKind.VERBATIM
        if covered >= self.settings.near_verbatim_coverage:
            return AlignmentKind.NEAR_VERBATIM
        return AlignmentKind.PARAPHRASE


def clauses(sentence: str) -> list[str]:
    """The clauses of a long sentence (split at , ; : and dashes), short pieces folded in.

    Returns [] for a sentence that is a single clause.
    """
    pieces = [p for p in _CLAUSE_BREAK.split(sentence) if p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1].split()) < MIN_CLAUSE_WORDS:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    if len(merged) > 1 and len(merged[-1].split()) < MIN_CLAUSE_WORDS:
        tail = merged.pop()
        merged[-1] = f"{merged[-1]} {tail}"
    return merged if len(merged) > 1 else []


def _unmatched(article: Article, used: set[int]) -> tuple[Span, ...]:
    """Runs of consecutive unaligned sentences within one paragraph, as passages."""
    runs: list[Span] = []
    previous: int | None = None
    for index, sentence in enumerate(article.sentences):
        if index in used:
            previous = None
            continue
        if previous is not None and _same_paragraph(article, runs[-1], sentence):
            runs[-1] = runs[-1].union(sentence)
        else:
            runs.append(sentence)
        previous = index
    return tuple(runs)


def _same_paragraph(article: Article, left: Span, right: Span) -> bool:
    return "\n\n" not in article.text[left.end : right.start]
