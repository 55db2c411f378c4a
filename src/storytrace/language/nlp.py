"""Parsing: one spaCy pipeline, loaded once per process; each sentence parsed once per call.

Only the sentences a comparison needs (aligned, unmatched, and the paragraphs under headings)
are parsed, in one batch per article, by the current ``parser.Parser`` (spaCy unless a test
swapped in the fake), and every detector reads the same ``Sent``.
A ``Sent`` is a ``parser.Doc`` plus where it stands: which article ("a"/"b"), the offset of its
first character in the clean text (or in a removed block's text), so any token maps back to an
exact ``TextRef``.

Budget: at most ``MAX_SENTENCES`` sentences per article per call, each cut at
``MAX_SENTENCE_CHARS`` characters (a "sentence" longer than that is a list or extraction debris,
and the parser's cost grows with its length). The parse is the engine's main cost; see the
package docstring for measured times.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storytrace.language import parser as parsers
from storytrace.language.parser import Doc, Token, TokenSpan
from storytrace.models import Article, Span, TextRef
from storytrace.text.segment import sentences as segment_sentences

log = logging.getLogger(__name__)

MAX_SENTENCES = 2000
MAX_SENTENCE_CHARS = 1500

# Parses kept per process, keyed by sentence text: ``trace`` and corpus stories compare one
# article with several others, and the parse is the engine's main cost. Docs are only read.
PARSE_CACHE_SIZE = 50_000
_parse_cache: dict[str, Doc] = {}
_cache_parser: list[str] = []  # name of the parser that made the cached parses


def clear_parse_cache() -> None:
    """Forget every parse (benchmarks time a cold engine; tests start clean)."""
    _parse_cache.clear()


def _parser() -> parsers.Parser:
    """The current parser; the cache is emptied when it is not the one that filled it."""
    parser = parsers.current()
    if _cache_parser != [parser.name]:
        _parse_cache.clear()
        _cache_parser[:] = [parser.name]
    return parser


def parse_all(texts: Sequence[str]) -> list[Doc]:
    """Parses of ``texts`` (one parser batch for those not parsed before in this process)."""
    parser = _parser()
    missing = list(dict.fromkeys(t for t in texts if t not in _parse_cache))
    if missing:
        if len(_parse_cache) + len(missing) > PARSE_CACHE_SIZE:
            _parse_cache.clear()
        for text, doc in zip(missing, parser.parse_many(missing), strict=True):
            _parse_cache[text] = doc
    return [_parse_cache[t] for t in texts]


def parse_one(text: str) -> Doc:
    """One parse outside the cache (headings: read once per comparison)."""
    return _parser().parse(text)


@dataclass(frozen=True, slots=True)
class Sent:
    """One parsed sentence and where its characters stand in the article."""

    doc: Doc
    side: str  # "a" or "b"
    base: int  # offset of doc.text[0] in the article text (or in the block text)
    index: int  # position among the article's parsed units, for reading order
    block: int | None = None  # index into Article.removed when this is a heading
    # ``doc.text``, read once: spaCy rebuilds a Doc's text from its tokens on every access
    # (a Token object per token), and detectors ask for spans and texts thousands of times per
    # comparison (issue 12: 0.3-0.6 s of a 1,000-word pair's facts stage).
    text: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.doc.text)

    @property
    def span(self) -> Span:
        return Span(self.base, self.base + len(self.text))

    def ref(self, start_char: int, end_char: int) -> TextRef:
        """A TextRef for doc-relative character offsets."""
        return TextRef(self.side, Span(self.base + start_char, self.base + end_char), self.block)

    def token_ref(self, tokens: Iterable[Token] | TokenSpan) -> TextRef:
        toks = list(tokens)
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t.text) for t in toks)
        return self.ref(start, end)

    def text_of(self, tokens: Iterable[Token] | TokenSpan) -> str:
        toks = sorted(tokens, key=lambda t: t.i)
        if not toks:
            return ""
        return self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


@dataclass(slots=True)
class ArticleParses:
    """Lazily parsed sentences of one article, keyed by their span."""

    article: Article
    side: str
    sentence_spans: tuple[Span, ...] = ()
    _parsed: dict[Span, Sent] = field(default_factory=dict)
    _headings: dict[int | Span, Sent] = field(default_factory=dict)

    _starts: list[int] = field(default_factory=list)
    _index: dict[Span, int] = field(default_factory=dict)
    _over_budget: bool = False

    def __post_init__(self) -> None:
        spans = self.article.sentences or segment_sentences(self.article.text)
        self.sentence_spans = tuple(sorted(spans))
        self._starts = [s.start for s in self.sentence_spans]
        self._index = {s: i for i, s in enumerate(self.sentence_spans)}

    def covering(self, span: Span) -> list[Span]:
        """Sentence spans inside (or overlapping) ``span``; the span itself if none."""
        spans = self.sentence_spans
        i = max(bisect.bisect_right(self._starts, span.start) - 1, 0)
        inside = []
        while i < len(spans) and spans[i].start < span.end:
            if spans[i].overlaps(span):
                inside.append(spans[i])
            i += 1
        return inside or [span]

    def prefetch(self, spans: Iterable[Span]) -> None:
        wanted: list[Span] = []
        for span in spans:
            for sentence in self.covering(span):
                if sentence not in self._parsed and sentence not in wanted:
                    wanted.append(sentence)
        room = MAX_SENTENCES - len(self._parsed)
        if len(wanted) > room:
            if not self._over_budget:  # one warning per article, not one per passage
                log.warning(
                    "%s: parsing at most %d sentences (MAX_SENTENCES); facts in the rest are "
                    "not compared",
                    self.article.source,
                    MAX_SENTENCES,
                )
                self._over_budget = True
            wanted = wanted[: max(room, 0)]
        wanted.sort()
        texts = [s.of(self.article.text)[:MAX_SENTENCE_CHARS] for s in wanted]
        for span, doc in zip(wanted, parse_all(texts), strict=True):
            position = self._position(span)
            self._parsed[span] = Sent(doc, self.side, span.start, position)

    def _position(self, span: Span) -> int:
        found = self._index.get(span)
        return found if found is not None else bisect.bisect_left(self._starts, span.start)

    def sentences(self, span: Span) -> list[Sent]:
        """Parsed sentences of a passage (parsing any not yet parsed)."""
        spans = self.covering(span)
        missing = [s for s in spans if s not in self._parsed]
        if missing:
            self.prefetch(missing)
        return [self._parsed[s] for s in spans if s in self._parsed]

    def parsed(self) -> list[Sent]:
        """Every sentence parsed so far, in reading order."""
        return sorted(self._parsed.values(), key=lambda s: s.base)

    def heading(self, block: int | Span) -> Sent:
        """A heading parsed whole: a removed block (by index) or a heading span of the text."""
        if block not in self._headings:
            if isinstance(block, Span):  # kept in the text: offsets into the text
                text = block.of(self.article.text)[:MAX_SENTENCE_CHARS]
                self._headings[block] = Sent(parse_one(text), self.side, block.start, -1)
            else:
                text = self.article.removed[block].text[:MAX_SENTENCE_CHARS]
                self._headings[block] = Sent(parse_one(text), self.side, 0, -1, block)
        return self._headings[block]


def sentence_tokens(sents: Sequence[Sent]) -> Iterable[tuple[Sent, Token]]:
    for sent in sents:
        for token in sent.doc:
            yield sent, token
