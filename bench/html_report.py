"""Render time and size of the HTML report for generated pairs of growing length.

``python -m bench.html_report``: builds Comparison records directly (no model), every other
sentence aligned and a changed fact in each aligned sentence, and prints words, seconds (best
of five) and kilobytes. The renderer is one pass over sorted offsets, so the time should grow
linearly with the text; the last column is the time per 1,000 words.
"""

from __future__ import annotations

import time

from storytrace.models import (
    Alignment,
    AlignmentKind,
    Article,
    Comparison,
    Discrepancy,
    DiscrepancyType,
    ReuseSummary,
    Severity,
    Span,
    StoryMatch,
    StoryVerdict,
    TextRef,
)
from storytrace.report.html import render_comparison
from storytrace.text.segment import paragraphs, sentences


def pair(words: int) -> Comparison:
    lines = [
        f"Sentence {i} says that {i * 7} people met the minister in town {i % 13} on day {i}."
        for i in range(words // 15 + 1)
    ]
    text_a, text_b = " ".join(lines), " ".join(s.replace("met", "saw") for s in lines)
    a, b = (
        Article(n, n, t, paragraphs=paragraphs(t), sentences=sentences(t))
        for n, t in (("a", text_a), ("b", text_b))
    )
    alignments, facts = [], []
    for i in range(0, len(lines), 2):
        sa, sb = a.sentences[i], b.sentences[i]
        alignments.append(Alignment(sa, sb, AlignmentKind.PARAPHRASE, 0.8, 0.8))
        value = str(i * 7)
        na, nb = text_a.index(value, sa.start), text_b.index(value, sb.start)
        facts.append(
            Discrepancy(
                DiscrepancyType.NUMBER,
                Severity.HIGH,
                TextRef("a", Span(na, na + len(value))),
                TextRef("b", Span(nb, nb + len(value))),
                value,
                value,
                f"number {i}",
                0.7,
            )
        )
    reuse = ReuseSummary(len(text_a), 0, 0, len(text_a) // 2, len(text_a) // 2)
    return Comparison(
        a,
        b,
        StoryMatch(StoryVerdict.SAME_STORY, 0.9, 0.9, 0.5),
        tuple(alignments),
        tuple(a.sentences[1::2]),
        tuple(b.sentences[1::2]),
        reuse,
        reuse,
        tuple(facts),
    )


def main() -> None:
    print(f"{'words':>8} {'passages':>9} {'facts':>6} {'seconds':>8} {'KB':>7} {'s/1k words':>11}")
    for words in (1_000, 5_000, 20_000, 80_000):
        comparison = pair(words)
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            document = render_comparison(comparison)
            best = min(best, time.perf_counter() - started)
        print(
            f"{words:>8,} {len(comparison.alignments):>9,} {len(comparison.changed_facts):>6,} "
            f"{best:>8.3f} {len(document.encode()) / 1000:>7.0f} {best / words * 1000:>11.4f}"
        )


if __name__ == "__main__":
    main()
