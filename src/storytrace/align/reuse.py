"""How much of an article corresponds to the other one, by kind of correspondence."""

from __future__ import annotations

from storytrace.align.aligner import AlignmentResult
from storytrace.models import AlignmentKind, Article, ReuseSummary, Span


def reuse_summary(article: Article, result: AlignmentResult, side: str) -> ReuseSummary:
    """Characters of the article's sentences by the kind of alignment covering them."""
    by_kind = dict.fromkeys(AlignmentKind, 0)
    total = 0
    for sentence in article.sentences:
        total += len(sentence)
        for alignment in result.alignments:
            span: Span = alignment.a if side == "a" else alignment.b
            if span.contains(sentence):
                by_kind[alignment.kind] += len(sentence)
                break
    matched = sum(by_kind.values())
    return ReuseSummary(
        total_chars=total,
        verbatim_chars=by_kind[AlignmentKind.VERBATIM],
        near_verbatim_chars=by_kind[AlignmentKind.NEAR_VERBATIM],
        paraphrase_chars=by_kind[AlignmentKind.PARAPHRASE],
        unmatched_chars=total - matched,
    )
