"""Search and filters over story summaries (the corpus API lists them, biggest first)."""

from __future__ import annotations

from collections.abc import Sequence

from storytrace.corpus import StorySummary


def filter_stories(
    stories: Sequence[StorySummary],
    query: str = "",
    outlet: str = "",
    since: str = "",
    until: str = "",
) -> list[StorySummary]:
    """The stories that match every filter given, in their order.

    ``query``: every word appears in the headline, an outlet, the top discrepancy or the id
    (case-insensitive). ``outlet``: one of the story's outlets contains it. ``since``/``until``
    (YYYY-MM-DD, or a prefix such as 2023-10): the story's dates overlap that range; undated
    stories are left out when a date filter is given.
    """
    words = query.lower().split()
    outlet = outlet.strip().lower()
    since, until = since.strip(), until.strip()
    kept = []
    for story in stories:
        haystack = " ".join(
            [story.story_id, story.title or "", story.top_discrepancy or "", *story.outlets]
        ).lower()
        if any(word not in haystack for word in words):
            continue
        if outlet and not any(outlet in name.lower() for name in story.outlets):
            continue
        if since or until:
            if not story.first_date:
                continue
            if since and (story.last_date or story.first_date) < since:
                continue
            # a prefix bound ("2023-10") covers the whole month: compare on the prefix length
            if until and story.first_date[: len(until)] > until:
                continue
        kept.append(story)
    return kept
