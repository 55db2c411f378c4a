"""The data model every stage shares.

All records are frozen, slotted dataclasses. Every position is a character offset into
``Article.text`` (the clean text) of the article it belongs to, so a saved ``Comparison``
resolves every span from the file alone. ``storytrace.serialize`` turns these records into
JSON and back; bump ``SCHEMA_VERSION`` on any change to a field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# 1.1: ``Article.headings`` (subheadings stay in the text); 1.0 files still load (no headings,
# their subheadings are ``RemovedBlock``s).
# 1.2: ``Comparison.links`` (statements tied by shared anchors); older files load with none.
SCHEMA_VERSION = "1.2"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into one article's clean text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end}): need 0 <= start <= end")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        """The text this span covers in ``text``."""
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def union(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


class RemovalReason(StrEnum):
    """Why extraction took a block out of the article body."""

    SECTION_LABEL = "section label"
    HEADLINE = "headline"
    SUBHEADING = "subheading"  # only in 1.0 data: subheadings now stay in the text
    DATELINE = "date line"
    AUTHOR_BIO = "author bio"
    RELATED_LINKS = "related links"
    SHARE_PROMPT = "share or subscribe prompt"
    ADVERTISEMENT = "advertisement label"
    MEDIA_CREDIT = "photo credit"
    RATING = "rating"
    BARE_LINKS = "bare links"
    PAGE_CHROME = (
        "page chrome"  # menus, footers, cookie notices: whatever the HTML extractor dropped
    )


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """A block of the input that is not article body, kept so nothing is silently lost.

    ``at`` is the offset in the clean text where the block stood, so a reader can put it
    back in context (a subheading sits right before the paragraph it heads).
    """

    text: str
    reason: RemovalReason
    at: int


@dataclass(frozen=True, slots=True)
class Article:
    """One article: clean body text, metadata, and its segmentation."""

    id: str  # short content hash of the clean text: the same body read twice gets the same id
    source: str  # path or URL it was read from
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    language: str | None = None  # ISO 639-1 code
    removed: tuple[RemovedBlock, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    # Subheadings (and a dek under the headline) kept in ``text`` as paragraphs of their own;
    # they are not statements, so no sentence lies inside one.
    headings: tuple[Span, ...] = ()

    def sentence_text(self, index: int) -> str:
        return self.sentences[index].of(self.text)


class AlignmentKind(StrEnum):
    """How closely two corresponding passages share their wording."""

    VERBATIM = "verbatim"  # the same words (after normalising whitespace, quotes and case)
    NEAR_VERBATIM = "near-verbatim"  # mostly the same words, lightly edited
    PARAPHRASE = "paraphrase"  # the same content in other words


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of words that stands identically in both passages (a shared quote, a copied clause)."""

    a: Span
    b: Span


@dataclass(frozen=True, slots=True)
class Alignment:
    """A passage of A that corresponds to a passage of B.

    Each side is one contiguous span of one or more whole sentences, so a sentence split in two
    or two sentences merged into one are a single alignment.
    """

    a: Span
    b: Span
    kind: AlignmentKind
    score: float  # calibrated probability that the two passages say the same thing
    similarity: float  # raw cosine of the sentence embeddings, for diagnostics
    fragments: tuple[Fragment, ...] = ()


@dataclass(frozen=True, slots=True)
class StatementLink:
    """A sentence of A and a sentence of B that speak about the same event, found by what they
    are about rather than by whole-sentence similarity (``facts.links``).

    Independent reports split and combine facts differently, so many corresponding statements
    never align; a link ties them by shared rare *anchors*: an event word ("injured",
    "acquisition") and something more (a person, place or organisation, a counted noun).
    """

    a: Span  # the sentence in A
    b: Span  # the sentence in B
    score: float  # how sure the link is that both speak of one event, 0..1 (fitted on ECB+)
    anchors: tuple[str, ...]  # what the two share, as read: "earthquake", "Qeshm", "injured"


class StoryVerdict(StrEnum):
    SAME_STORY = "same story"
    RELATED = "related"
    UNRELATED = "unrelated"


@dataclass(frozen=True, slots=True)
class StoryMatch:
    """Whether two articles tell the same story, with the evidence behind the score."""

    verdict: StoryVerdict
    score: float  # calibrated probability of "same story"
    # graded: ~1 the same event, ~0.5 a similar other event of the same kind, ~0 unrelated
    document_similarity: float
    aligned_fraction: float  # share of sentences (both sides) that found a counterpart
    # One line a reader can check: what the verdict rests on ("shared people, places and
    # numbers", "too short to judge", "no shared words: different languages?").
    basis: str = ""


@dataclass(frozen=True, slots=True)
class ReuseSummary:
    """How much of one article's text corresponds to the other, by kind of correspondence."""

    total_chars: int
    verbatim_chars: int
    near_verbatim_chars: int
    paraphrase_chars: int
    unmatched_chars: int

    @property
    def reused_fraction(self) -> float:
        if not self.total_chars:
            return 0.0
        return 1.0 - self.unmatched_chars / self.total_chars

    def fraction(self, kind: AlignmentKind) -> float:
        chars = {
            AlignmentKind.VERBATIM: self.verbatim_chars,
            AlignmentKind.NEAR_VERBATIM: self.near_verbatim_chars,
            AlignmentKind.PARAPHRASE: self.paraphrase_chars,
        }[kind]
        return chars / self.total_chars if self.total_chars else 0.0


class DiscrepancyType(StrEnum):
    """What kind of fact differs between two corresponding passages."""

    NUMBER = "number"  # counts, quantities, money, percentages
    DATE = "date"  # absolute or relative dates, resolved against publication dates
    PERSON = "person or role"  # a different person, role or title
    GROUP = "group or affiliation"  # "members of Congress" vs "a small group of senators"
    MODALITY = "modality"  # hedging hardened or softened: "could soon" vs "will"
    NEGATION = "negation"  # "declined to comment" vs "commented"
    ATTRIBUTION = "attribution"  # who said or reported it
    QUOTATION = "quotation"  # quoted words altered, truncated, or given to another speaker
    ADDITION = "addition"  # material only in B
    OMISSION = "omission"  # material only in A
    INTERNAL_CONTRADICTION = "internal contradiction"  # a heading contradicts its own body
    PLACE = "place"  # a different town, country or venue for the same event
    CONFLICT = "conflict"  # a contradiction that fits no slot: "were arrested" vs "none were"

    @property
    def one_sided(self) -> bool:
        """Material only one article has (not a changed fact): additions and omissions."""
        return self in (DiscrepancyType.ADDITION, DiscrepancyType.OMISSION)


class Severity(StrEnum):
    HIGH = "high"  # changes what happened: a toll, a date, who did it, a quote
    MEDIUM = "medium"  # changes how sure or who says so
    LOW = "low"  # background, colour


@dataclass(frozen=True, slots=True)
class TextRef:
    """Exact text a finding points at.

    ``article`` is "a" or "b" (which article of the comparison). ``span`` is an offset into that
    article's clean text, or, when ``block`` is set, into ``Article.removed[block].text`` (a
    headline or subheading that extraction took out of the body).
    """

    article: str
    span: Span
    block: int | None = None

    def resolve(self, comparison: Comparison) -> str:
        article = comparison.a if self.article == "a" else comparison.b
        text = article.text if self.block is None else article.removed[self.block].text
        return self.span.of(text)


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One fact that differs, pointing at the exact text on both sides.

    ``a`` and ``b`` are usually A's and B's side; an addition has no ``a``, an omission no
    ``b``, and an internal contradiction has both in the same article (heading, then body).
    """

    type: DiscrepancyType
    severity: Severity
    a: TextRef | None
    b: TextRef | None
    value_a: str | None  # the normalised value read on each side ("100000", "2023-10-11")
    value_b: str | None
    explanation: str  # one sentence a fact-checker can read
    confidence: float

    @property
    def is_changed_fact(self) -> bool:
        """A typed conflict between the two articles, as opposed to one-sided material."""
        return not self.type.one_sided


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything ``compare`` found for a pair of articles; self-contained on disk."""

    a: Article
    b: Article
    story: StoryMatch
    alignments: tuple[Alignment, ...]
    unmatched_a: tuple[Span, ...]  # sentences of A with no counterpart in B (omitted from B)
    unmatched_b: tuple[Span, ...]  # sentences of B with no counterpart in A (added by B)
    reuse_a: ReuseSummary
    reuse_b: ReuseSummary
    discrepancies: tuple[Discrepancy, ...] = ()
    embedder: str = ""  # which model produced the similarities
    schema_version: str = SCHEMA_VERSION
    warnings: tuple[str, ...] = field(default=())
    # Statements about the same event that share anchors, aligned or not (read with the facts)
    links: tuple[StatementLink, ...] = ()

    @property
    def changed_facts(self) -> tuple[Discrepancy, ...]:
        """Typed conflicts: what a report shows first."""
        return tuple(d for d in self.discrepancies if d.is_changed_fact)

    @property
    def one_sided(self) -> tuple[Discrepancy, ...]:
        """Additions and omissions: material only one article carries."""
        return tuple(d for d in self.discrepancies if not d.is_changed_fact)


class SourceKind(StrEnum):
    """What kind of source an article credits."""

    OUTLET = "outlet"  # another news outlet ("Politico reported")
    AGENCY = "agency"  # a wire service ("according to Reuters")
    OFFICIAL = "official"  # a named person or office holder ("Blinken said")
    ORGANISATION = "organisation"  # a body that is not an outlet ("the State Department said")
    SOCIAL_POST = "social post"  # a post on a platform ("said in a post on X", "tweeted")
    DOCUMENT = "document"  # a letter, statement, report or filing
    ANONYMOUS = "anonymous"  # "two people familiar with the conversation"


@dataclass(frozen=True, slots=True)
class CitedSource:
    """One source an article credits, where it is named, and the sentences that rest on it."""

    key: str  # canonical identity: "outlet:politico", "person:pallone", "anon"
    name: str  # as a report shows it
    kind: SourceKind
    mentions: tuple[Span, ...]  # where the article names the source
    sentences: tuple[Span, ...]  # the sentences that rest on it


@dataclass(frozen=True, slots=True)
class ArticleSources:
    """The sources one article credits (``article`` is an ``Article.id``)."""

    article: str
    sources: tuple[CitedSource, ...]


class DerivationKind(StrEnum):
    """How a derived article treats the text it took."""

    VERBATIM = "verbatim"  # copied, perhaps trimmed
    EDITED = "edited"  # copied with light edits, cuts or additions
    PARAPHRASED = "paraphrased"  # the same content in other words
    SUMMARISED = "summarised"  # a shorter account of part of it


@dataclass(frozen=True, slots=True)
class Derivation:
    """A derived-from edge of the story graph: ``child`` took its text from ``parent``.

    ``parent`` is an ``Article.id`` or an ``UpstreamSource.id``; ``confidence`` is the
    probability that the direction is right, and ``reasons`` say what it rests on.
    """

    parent: str
    child: str
    kind: DerivationKind
    confidence: float
    shared: float  # share of the child's text that corresponds to the parent's (0 for upstream)
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UpstreamSource:
    """A source that is not in the set but that articles in it derive from (inferred)."""

    id: str  # "upstream:outlet:politico"
    name: str
    kind: SourceKind
    cited_by: tuple[str, ...]  # article ids
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactVersion:
    """One version of a fact and where it stands: ``(article id, span)`` pairs."""

    value: str
    articles: tuple[str, ...]
    first: str | None  # the article where this version first appears (earliest carrier)
    refs: tuple[tuple[str, Span], ...]


@dataclass(frozen=True, slots=True)
class FactHistory:
    """A fact the articles disagree on: its versions and where each one came in."""

    type: DiscrepancyType
    versions: tuple[FactVersion, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class StoryTrace:
    """How one story travelled across a set of articles; self-contained on disk.

    ``articles`` are the story's articles (unrelated ones are listed by source in
    ``unrelated``, identical copies in ``duplicates`` as (source, id of the kept article)).
    ``timeline`` orders article ids by publication date, undated ones by derivation order.
    """

    articles: tuple[Article, ...]
    sources: tuple[ArticleSources, ...]
    upstream: tuple[UpstreamSource, ...]
    derivations: tuple[Derivation, ...]
    timeline: tuple[str, ...]
    facts: tuple[FactHistory, ...]
    unrelated: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()
    embedder: str = ""
    schema_version: str = SCHEMA_VERSION
    warnings: tuple[str, ...] = field(default=())
