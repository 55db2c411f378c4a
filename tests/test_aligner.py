"""Unit tests of passage alignment (``storytrace.align.aligner``).

Most tests use the bag-of-words ``HashingEmbedder``: it makes sentences similar exactly when
they share words, so these texts are built to share (or not share) words on purpose. One test
loads the real default embedder for a paraphrase that shares few words.
"""

from __future__ import annotations

import pytest
from conftest import make_article

from storytrace.align.aligner import AlignmentResult, align, embed_sentences
from storytrace.align.embedder import Embedder, HashingEmbedder, get_embedder
from storytrace.config import DEFAULT_SETTINGS
from storytrace.models import AlignmentKind, Article, Span

FLOOD = (
    "Heavy rain flooded the river district of Porto Alegre on Tuesday night.\n\n"
    "The civil defence agency said 1,200 people had been evacuated from their homes. "
    "Emergency shelters opened in three schools and a sports hall.\n\n"
    "Mayor Sebastião Melo asked residents to avoid the riverside roads until the water recedes. "
    "Forecasters expect more storms over the weekend."
)

UNRELATED = (
    "The central bank left its benchmark interest rate unchanged at 4.5 percent. "
    "Analysts had expected the decision after inflation slowed for a third month.\n\n"
    "Shares of regional lenders rose slightly in afternoon trading."
)


def run(text_a: str, text_b: str, embedder: Embedder) -> tuple[Article, Article, AlignmentResult]:
    a, b = make_article(text_a, "a.txt"), make_article(text_b, "b.txt")
    result = align(
        embed_sentences(a, embedder), embed_sentences(b, embedder), embedder, DEFAULT_SETTINGS
    )
    check_partition(a, [al.a for al in result.alignments], result.unmatched_a)
    check_partition(b, [al.b for al in result.alignments], result.unmatched_b)
    return a, b, result


def check_partition(article: Article, aligned: list[Span], unmatched: tuple[Span, ...]) -> None:
    """Every sentence is either aligned or in exactly one unmatched run, and no span cuts one.

    An aligned sentence may sit in several alignments (a restated claim pairs with the same
    counterpart twice), but it is never also reported as unmatched.
    """
    for sentence in article.sentences:
        text = sentence.of(article.text)
        in_aligned = [s for s in aligned if s.contains(sentence)]
        in_unmatched = [s for s in unmatched if s.contains(sentence)]
        assert bool(in_aligned) != bool(in_unmatched), f"{text!r}: aligned and unmatched"
        assert len(in_unmatched) <= 1, f"{text!r} is in {len(in_unmatched)} unmatched runs"
        cut = [
            s for s in [*aligned, *unmatched] if s.overlaps(sentence) and not s.contains(sentence)
        ]
        assert not cut, f"a span cuts sentence {text!r}"


def counterpart(result: AlignmentResult, a: Article, b: Article, text_a: str) -> str | None:
    """The B text aligned with the A passage that contains ``text_a``."""
    for alignment in result.alignments:
        if text_a in alignment.a.of(a.text):
            return alignment.b.of(b.text)
    return None


def sentence_index(article: Article, span: Span) -> int:
    return next(i for i, s in enumerate(article.sentences) if span.contains(s))


def test_align_reordered_paragraphs_still_align(hashing_embedder: HashingEmbedder) -> None:
    paragraphs = FLOOD.split("\n\n")
    reordered = "\n\n".join([paragraphs[2], paragraphs[0], paragraphs[1]])
    a, b, result = run(FLOOD, reordered, hashing_embedder)
    assert not result.unmatched_a and not result.unmatched_b
    for sentence in a.sentences:
        text = sentence.of(a.text)
        assert counterpart(result, a, b, text) is not None
        assert text in (counterpart(result, a, b, text) or "")
    order_in_b = [
        sentence_index(b, al.b) for al in sorted(result.alignments, key=lambda al: al.a.start)
    ]
    assert order_in_b != sorted(order_in_b), "a monotonic alignment would have dropped a paragraph"


def test_align_verbatim_sentence_is_labelled_verbatim_with_a_covering_fragment(
    hashing_embedder: HashingEmbedder,
) -> None:
    quote = (
        "Mayor Sebastião Melo asked residents to avoid the riverside roads until the water recedes."
    )
    text_b = UNRELATED + "\n\n" + quote
    a, b, result = run(FLOOD, text_b, hashing_embedder)
    [alignment] = result.alignments
    assert alignment.a.of(a.text) == quote and alignment.b.of(b.text) == quote
    assert alignment.kind is AlignmentKind.VERBATIM
    assert alignment.score == pytest.approx(1.0)
    # A fragment runs from the first word to the last (the full stop is not a word).
    words_a = Span(alignment.a.start, alignment.a.end - 1)
    words_b = Span(alignment.b.start, alignment.b.end - 1)
    assert any(f.a == words_a and f.b == words_b for f in alignment.fragments)


def test_align_light_edit_is_near_verbatim(hashing_embedder: HashingEmbedder) -> None:
    text_a = (
        "The civil defence agency said 1,200 people had been evacuated from their homes "
        "by Wednesday."
    )
    text_b = (
        "The civil defence agency said on Wednesday that 1,200 people had been evacuated "
        "from their homes."
    )
    _, _, result = run(text_a, text_b, hashing_embedder)
    [alignment] = result.alignments
    assert alignment.kind is AlignmentKind.NEAR_VERBATIM
    assert alignment.fragments


def test_align_sentence_split_in_two_is_one_alignment(hashing_embedder: HashingEmbedder) -> None:
    text_a = (
        "The civil defence agency said 1,200 people had been evacuated from their homes, and that "
        "emergency shelters had opened in three schools and a sports hall."
    )
    text_b = (
        "The civil defence agency said 1,200 people had been evacuated from their homes. "
        "Emergency shelters had opened in three schools and a sports hall, the agency said."
    )
    a, b, result = run(text_a, text_b, hashing_embedder)
    [alignment] = result.alignments
    assert alignment.a == a.sentences[0]
    assert len(b.sentences) == 2
    assert alignment.b == b.sentences[0].union(b.sentences[1])


def test_align_two_sentences_merged_into_one_are_one_alignment(
    hashing_embedder: HashingEmbedder,
) -> None:
    text_a = "Police arrested two men on Sunday. Both were charged with arson on Monday."
    text_b = "Police arrested two men on Sunday, and both were charged with arson on Monday."
    a, b, result = run(text_a, text_b, hashing_embedder)
    [alignment] = result.alignments
    assert alignment.a == a.sentences[0].union(a.sentences[1])
    assert alignment.b == b.sentences[0]


def test_align_wordless_separators_do_not_align(hashing_embedder: HashingEmbedder) -> None:
    _, _, result = run(
        "Rain fell all day.\n\n***\n\nThe river rose.",
        "Markets were calm.\n\n* * *\n\nBonds slipped.",
        hashing_embedder,
    )
    assert result.alignments == ()


def test_align_added_and_omitted_sentences_are_unmatched(hashing_embedder: HashingEmbedder) -> None:
    omitted = "Emergency shelters opened in three schools and a sports hall."
    added = "A spokesperson for the state utility said power had been cut to 40,000 households."
    text_b = FLOOD.replace(omitted, added)
    a, b, result = run(FLOOD, text_b, hashing_embedder)
    assert [s.of(a.text) for s in result.unmatched_a] == [omitted]
    assert [s.of(b.text) for s in result.unmatched_b] == [added]
    assert len(result.alignments) == len(a.sentences) - 1


def test_align_restated_claim_pairs_with_the_same_counterpart(
    hashing_embedder: HashingEmbedder,
) -> None:
    """A lede repeated as a closing recap is compared again, not reported as omitted."""
    claim = "Officials said 12 people died when the storm hit the coast."
    text_a = f"{claim} Roads were closed across the region.\n\nIn short: {claim.lower()}"
    text_b = f"Roads were closed across the region.\n\n{claim}"
    a, b, result = run(text_a, text_b, hashing_embedder)
    assert result.unmatched_a == () and result.unmatched_b == ()
    targets = [
        al.b.of(b.text) for al in result.alignments if claim.lower() in al.a.of(a.text).lower()
    ]
    assert targets == [claim, claim]


def test_align_unrelated_texts_give_no_alignments(hashing_embedder: HashingEmbedder) -> None:
    a, b, result = run(FLOOD, UNRELATED, hashing_embedder)
    assert result.alignments == ()
    # Everything is unmatched (check_partition), as one run per paragraph.
    assert len(result.unmatched_a) == len(a.paragraphs)
    assert len(result.unmatched_b) == len(b.paragraphs)


@pytest.mark.parametrize(
    ("text_a", "text_b"), [("", ""), ("", FLOOD), (FLOOD, ""), ("  \n\n ", FLOOD)]
)
def test_align_empty_articles_do_not_crash(
    hashing_embedder: HashingEmbedder, text_a: str, text_b: str
) -> None:
    a, b, result = run(text_a, text_b, hashing_embedder)
    assert result.alignments == ()
    assert len(result.unmatched_a) == len(a.paragraphs)  # one unmatched run per paragraph
    assert len(result.unmatched_b) == len(b.paragraphs)


def test_align_sorts_alignments_by_position_in_a(hashing_embedder: HashingEmbedder) -> None:
    paragraphs = FLOOD.split("\n\n")
    _, _, result = run(FLOOD, "\n\n".join(reversed(paragraphs)), hashing_embedder)
    starts = [al.a.start for al in result.alignments]
    assert starts == sorted(starts)


PARAPHRASES = [
    (
        "The company said quarterly profit rose 12 percent to $3.1 billion, beating analysts' "
        "forecasts.",
        "Quarterly earnings climbed 12 percent to $3.1 billion, the firm said, topping Wall Street "
        "expectations.",
    ),
    (
        "Firefighters battled the blaze for six hours before bringing it under control early on "
        "Sunday.",
        "It took fire crews six hours to contain the fire, which was brought under control in the "
        "early hours of Sunday.",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("said", "rewritten"), PARAPHRASES, ids=["earnings", "fire"])
def test_align_true_paraphrase_with_the_default_embedder(said: str, rewritten: str) -> None:
    """Half the words differ: only a real sentence embedder can tell these say the same thing."""
    embedder = get_embedder(DEFAULT_SETTINGS)
    text_a = FLOOD.split("\n\n")[0] + "\n\n" + said
    text_b = rewritten + "\n\n" + UNRELATED
    a, b, result = run(text_a, text_b, embedder)
    [alignment] = result.alignments
    assert alignment.a.of(a.text) == said and alignment.b.of(b.text) == rewritten
    assert alignment.kind is AlignmentKind.PARAPHRASE
    assert DEFAULT_SETTINGS.align_threshold <= alignment.score <= 1.0
    assert [s.of(a.text) for s in result.unmatched_a] == [FLOOD.split("\n\n")[0]]
