"""Quotations: quoted words compared character for character between the two articles.

Quotes are found in the clean text with curly, straight, single-curly and guillemet marks, so
they are matched across the whole articles, not only inside aligned passages (a rewrite often
moves a quote to another paragraph). Two quotes pair when most of their words correspond
(``MIN_PAIR_RATIO``). Typography, spacing, the case of the first letter and punctuation at the
edges are normalised — outlets differ in house style there — and nothing else is:

* altered words -> QUOTATION (the reference points at the differing words on each side);
* truncation -> QUOTATION only when the cut words change the meaning (a negation, a modal, a
  number, "but"/"unless"/"if"/"only"); quoting a fragment of a longer quote is normal;
* the same words given to another speaker -> QUOTATION (the speaker is the source of the
  nearest speech verb, see ``attribution.speaker_of``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from storytrace.facts.attribution import speaker_of
from storytrace.facts.context import Passage, Side, excerpt, finding
from storytrace.language.mentions import PERSON, Mention
from storytrace.language.nlp import Sent
from storytrace.language.wordlists import words
from storytrace.models import Discrepancy, DiscrepancyType, Severity, Span, TextRef
from storytrace.text.normalize import Token
from storytrace.text.normalize import tokens as word_tokens

MIN_PAIR_RATIO = 0.6
MIN_WORDS = 3
# A quotation split by an attribution ("It will not be easy," she said. "Costs are ...") or run
# over paragraphs (the paragraph's closing mark left out, as English style has it) reads as a
# short quote plus words the marks do not enclose. The words cut from the shorter quote count as
# kept when they stand right next to it in its own article: within SPLIT_WINDOW characters, in
# order, with at most SPLIT_GAP other words among them (the attribution).
SPLIT_WINDOW = 2000
SPLIT_GAP = 12
_PATTERNS = (
    re.compile(r"“([^“”]{1,3000})”"),
    re.compile(r'"([^"\n]{1,3000})"'),
    re.compile(r"(?<!\w)‘([^‘’\n]{1,800}?)’(?!\w)"),
    re.compile(r"«\s?([^«»]{1,3000}?)\s?»"),
    re.compile(r"„([^„“”]{1,3000})[“”]"),
    # Treebank-style marks, as tokenised corpora and some wire feeds write them: ``words''
    re.compile(r"``\s?([^`\n]{1,3000}?)\s?''"),
)
_MEANING_WORDS = frozenset(
    words(
        """
    not no never n't nothing none nobody neither nor but unless if only except without may might
    could would should must will can cannot won't don't didn't isn't wasn't aren't weren't
    hasn't haven't hadn't doesn't shouldn't wouldn't couldn't
    """
    )
)
_TYPOGRAPHY = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}
)


@dataclass(frozen=True, slots=True)
class Quote:
    side: str
    start: int  # offsets of the quoted words (inside the marks) in the clean text
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return [t.norm for t in word_tokens(self.text)]

    def norm(self) -> str:
        text = unicodedata.normalize("NFKC", self.text).translate(_TYPOGRAPHY)
        text = re.sub(r"\s+", " ", text).strip().strip(".,;:!?…-— '\"").strip()
        return text[:1].lower() + text[1:]


def find_quotes(text: str, side: str) -> list[Quote]:
    found: list[Quote] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if any(q.start < end and start < q.end for q in found):
                continue
            found.append(Quote(side, start, end, match.group(1)))
    return sorted(found, key=lambda q: q.start)


def compare(side_a: Side, side_b: Side) -> list[Discrepancy]:
    quotes_a = [q for q in find_quotes(side_a.article.text, "a") if len(q.words) >= MIN_WORDS]
    quotes_b = [q for q in find_quotes(side_b.article.text, "b") if len(q.words) >= MIN_WORDS]
    scored = []
    for i, qa in enumerate(quotes_a):
        for j, qb in enumerate(quotes_b):
            ratio = _similarity(qa.words, qb.words)
            if ratio >= MIN_PAIR_RATIO:
                scored.append((ratio, i, j))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    found: list[Discrepancy] = []
    for ratio, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        qa, qb = quotes_a[i], quotes_b[j]
        texts = (side_a.article.text, side_b.article.text)
        result = _compare_pair(qa, qb, quotes_a, quotes_b, ratio, texts)
        if result is None:
            result = _speaker(qa, qb, side_a, side_b)
        if result is not None:
            found.append(result)
    return found


def _similarity(wa: list[str], wb: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    shorter = min(len(wa), len(wb))
    containment = matched / shorter if shorter else 0.0
    # A fragment quoted from a longer quote pairs by containment, a rewording by ratio.
    return max(matcher.ratio(), containment if shorter >= MIN_WORDS + 1 else 0.0)


def _compare_pair(
    qa: Quote,
    qb: Quote,
    all_a: list[Quote],
    all_b: list[Quote],
    ratio: float,
    texts: tuple[str, str] = ("", ""),
) -> Discrepancy | None:
    if qa.norm() == qb.norm():
        return None
    wa, wb = qa.words, qb.words
    if wa == wb:
        return None  # case or punctuation only
    tokens_a, tokens_b = word_tokens(qa.text, qa.start), word_tokens(qb.text, qb.start)
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]

    def changed(explanation: str, confidence: float) -> Discrepancy:
        return finding(
            DiscrepancyType.QUOTATION,
            Severity.HIGH,
            _ref("a", qa, tokens_a, ops, True),
            _ref("b", qb, tokens_b, ops, False),
            qa.norm(),
            qb.norm(),
            explanation,
            confidence,
        )

    inserts_only = all(op[0] == "delete" for op in ops) or all(op[0] == "insert" for op in ops)
    if inserts_only and _contiguous(wa, wb):
        longer, _shorter, _long_tokens, long_quote = (
            (wa, wb, tokens_a, qa) if len(wa) > len(wb) else (wb, wa, tokens_b, qb)
        )
        others = all_b if long_quote is qa else all_a
        cut = [
            w
            for op in ops
            for w in longer[
                (op[1] if long_quote is qa else op[3]) : (op[2] if long_quote is qa else op[4])
            ]
        ]
        if _covered_elsewhere(cut, others):
            return None
        short_quote, short_text = (qb, texts[1]) if long_quote is qa else (qa, texts[0])
        bounds = [(op[1], op[2]) if long_quote is qa else (op[3], op[4]) for op in ops]
        if all(
            _continued_nearby(longer[lo:hi], short_text, short_quote, leading=lo == 0)
            for lo, hi in bounds
        ):
            return None  # a quotation split in the shorter article, not cut
        meaningful = [w for w in cut if w in _MEANING_WORDS or any(ch.isdigit() for ch in w)]
        if not meaningful:
            return None
        shorter_side = "B" if long_quote is qa else "A"
        return changed(
            f"{shorter_side} cuts the quote “{excerpt(long_quote.text)}”, dropping "
            f"“{' '.join(cut[:12])}”, which changes what was said.",
            0.8,
        )
    changed_a = [w for op in ops for w in wa[op[1] : op[2]]]
    changed_b = [w for op in ops for w in wb[op[3] : op[4]]]
    return changed(
        f"The quote differs: A has “{excerpt(' '.join(changed_a) or '…', 60)}” where B has "
        f"“{excerpt(' '.join(changed_b) or '…', 60)}” (A: “{excerpt(qa.text, 70)}”).",
        min(0.95, 0.5 + 0.5 * ratio),
    )


def _contiguous(wa: list[str], wb: list[str]) -> bool:
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _covered_elsewhere(cut: list[str], others: list[Quote]) -> bool:
    """The cut words stand in another quote of the shortening article (a quote split in two)."""
    if not cut:
        return True
    for other in others:
        words = other.words
        n = len(cut)
        if any(words[i : i + n] == cut for i in range(len(words) - n + 1)):
            return True
    return False


def _continued_nearby(segment: list[str], text: str, quote: Quote, leading: bool) -> bool:
    """``segment`` (cut from the start of the quote when ``leading``, else from its end) stands
    right before or after ``quote`` in ``text``, in order (see ``SPLIT_GAP``)."""
    if not segment or not text:
        return not segment
    if leading:
        before = word_tokens(text[max(0, quote.start - SPLIT_WINDOW) : quote.start])
        return _follows(segment[::-1], [t.norm for t in reversed(before)])
    after = word_tokens(text[quote.end : quote.end + SPLIT_WINDOW])
    return _follows(segment, [t.norm for t in after])


def _follows(segment: list[str], near: list[str]) -> bool:
    """``segment`` is a subsequence of ``near`` that starts within its first SPLIT_GAP words and
    leaves out at most SPLIT_GAP words in all."""
    for i, word in enumerate(near[: SPLIT_GAP + 1]):
        if word != segment[0]:
            continue
        k, j = 1, i + 1
        while k < len(segment) and j < len(near) and j - k <= SPLIT_GAP:
            if near[j] == segment[k]:
                k += 1
            j += 1
        if k == len(segment):
            return True
    return False


def _ref(
    side: str,
    quote: Quote,
    toks: list[Token],
    ops: Sequence[tuple[str, int, int, int, int]],
    is_a: bool,
) -> TextRef:
    """The differing words of ``quote`` (the whole quote when this side only lost words)."""
    indices = []
    for op in ops:
        lo, hi = (op[1], op[2]) if is_a else (op[3], op[4])
        indices += list(range(lo, hi))
    if not indices or not toks:
        return TextRef(side, Span(quote.start, quote.end))
    first, last = toks[min(indices)], toks[min(max(indices), len(toks) - 1)]
    return TextRef(side, Span(first.start, last.end))


def _speaker(qa: Quote, qb: Quote, side_a: Side, side_b: Side) -> Discrepancy | None:
    ma = _quote_speaker(side_a, qa)
    mb = _quote_speaker(side_b, qb)
    if ma is None or mb is None:
        return None
    m_a, sent_a = ma
    m_b, sent_b = mb
    if m_a.id == m_b.id or (m_a.kind == PERSON and m_b.kind == PERSON and m_a.same_entity(m_b)):
        return None
    if m_a.kind != m_b.kind and "person" not in (m_a.kind, m_b.kind):
        return None
    return finding(
        DiscrepancyType.QUOTATION,
        Severity.HIGH,
        sent_a.token_ref(m_a.ref_tokens()),
        sent_b.token_ref(m_b.ref_tokens()),
        m_a.name,
        m_b.name,
        f"A gives the words “{excerpt(qa.text, 60)}” to {m_a.name}, B to {m_b.name}.",
        0.75,
    )


def _quote_speaker(side: Side, quote: Quote) -> tuple[Mention, Sent] | None:
    for sent in side.parses.parsed():
        span = sent.span
        if span.start <= quote.start < span.end or span.start < quote.end <= span.end:
            found = speaker_of(
                Passage(side, [sent]), sent, quote.start - sent.base, quote.end - sent.base
            )
            if found is not None and found.kind in (
                "person",
                "role",
                "outlet",
                "org",
                "group",
                "name",
            ):
                return found, sent
    return None
