"""Stories as the user sees them: listings, and one story's articles, reuse and discrepancies.

``story_view`` gathers what the store knows about one story into plain records; rendering is
the CLI's job. ``storytrace.corpus.analysis`` fills a story's alignments and discrepancies on
demand; ``trace_story`` runs the provenance tracer (``storytrace trace``) on a story's
articles, the earliest ``max_articles`` of them (tracing aligns every pair of a small set, so it
is bounded for stories of hundreds of copies).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.corpus.errors import StoreError
from storytrace.corpus.store import CorpusStore
from storytrace.models import Article, StoryTrace

if TYPE_CHECKING:  # provenance imports spaCy: not at CLI start
    from storytrace.provenance.trace import Progress

DEFAULT_TRACE_ARTICLES = 30
SHORT_ID_CHARS = 8  # story ids are shown this long, longer only where two would look alike
LISTED_CANDIDATES = 10  # an ambiguous prefix lists this many matching ids


@dataclass(frozen=True, slots=True)
class StorySummary:
    story_id: str
    size: int
    first_date: str | None
    last_date: str | None
    outlets: tuple[str, ...]
    title: str | None  # the earliest article's title or first words
    discrepancies: int  # stored so far (``story`` computes them for the pairs it aligns)
    top_discrepancy: str | None = None  # the most severe, surest one


@dataclass(frozen=True, slots=True)
class PairReuse:
    a: str
    b: str
    method: str  # lexical or alignment
    jaccard: float
    aligned_a: float
    aligned_b: float
    cosine: float
    # From the aligner, once the pair was analysed: share of A's text by kind of alignment.
    verbatim_a: float | None = None
    near_verbatim_a: float | None = None
    paraphrase_a: float | None = None


@dataclass(frozen=True, slots=True)
class StoryView:
    summary: StorySummary
    articles: list[Article]  # date order, undated last, then by id
    pairs: list[PairReuse]
    discrepancies: list[dict[str, Any]]

    def to_data(self) -> dict[str, Any]:
        """The JSON shape of ``story --json`` and ``/api/stories/{id}`` (one definition for both);
        DuckDB values that JSON lacks (dates, decimals) become text."""
        return {
            "summary": _plain(asdict(self.summary)),
            "articles": [
                {
                    "id": a.id,
                    "source": a.source,
                    "outlet": a.outlet,
                    "published": a.published,
                    "title": a.title,
                }
                for a in self.articles
            ],
            "pairs": [_plain(asdict(p)) for p in self.pairs],
            "discrepancies": [_plain(d) for d in self.discrepancies],
        }


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if value is None or isinstance(value, str | int | float | bool) else str(value)
        for key, value in row.items()
    }


def list_stories(store: CorpusStore, limit: int = 20, min_size: int = 2) -> list[StorySummary]:
    """Biggest stories first (ties: earliest, then id)."""
    _require_clusters(store)
    rows = store.con.execute(
        """
        WITH members AS (
            SELECT c.story_id, a.id, a.published, a.outlet, a.title, a.text
            FROM clusters c JOIN articles a ON a.id = c.article_id
        ), firsts AS (
            SELECT story_id, arg_min(coalesce(title, left(text, 80)),
                                     coalesce(published, '9999') || id) AS title
            FROM members GROUP BY story_id
        ), counts AS (
            SELECT c.story_id, count(*) AS n,
                   arg_max(d.type || ': ' || d.explanation,
                           (CASE d.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END)
                           + d.confidence) AS top
            FROM discrepancies d JOIN clusters c ON c.article_id = d.a GROUP BY c.story_id
        )
        SELECT m.story_id, count(*) AS size, min(published), max(published),
               list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL),
               any_value(f.title), coalesce(any_value(k.n), 0), any_value(k.top)
        FROM members m JOIN firsts f USING (story_id) LEFT JOIN counts k USING (story_id)
        GROUP BY m.story_id HAVING count(*) >= ?
        ORDER BY size DESC, min(published) NULLS LAST, m.story_id
        LIMIT ?
        """,
        [min_size, limit],
    ).fetchall()
    return [
        StorySummary(
            r[0], r[1], r[2], r[3], tuple(r[4] or ()), _one_line(r[5]), int(r[6]), _one_line(r[7])
        )
        for r in rows
    ]


def story_view(store: CorpusStore, story_id: str) -> StoryView:
    _require_clusters(store)
    ids = [
        r[0]
        for r in store.con.execute(
            "SELECT a.id FROM clusters c JOIN articles a ON a.id = c.article_id "
            "WHERE c.story_id = ? ORDER BY a.published NULLS LAST, a.id",
            [story_id],
        ).fetchall()
    ]
    if not ids:
        raise StoreError(str(store.path), f"no story {story_id!r}; `storytrace stories` lists them")
    articles = [store.article(i) for i in ids]
    pairs = [
        PairReuse(*row)
        for row in store.con.execute(
            """
            WITH kinds AS (
                SELECT l.a, l.b,
                       sum(CASE kind WHEN 'verbatim' THEN a_end - a_start ELSE 0 END) AS v,
                       sum(CASE kind WHEN 'near-verbatim' THEN a_end - a_start ELSE 0 END) AS nv,
                       sum(CASE kind WHEN 'paraphrase' THEN a_end - a_start ELSE 0 END) AS p
                FROM alignments l GROUP BY l.a, l.b
            )
            SELECT p.a, p.b, p.method, p.jaccard, p.aligned_a, p.aligned_b, p.cosine,
                   k.v / length(t.text), k.nv / length(t.text), k.p / length(t.text)
            FROM pairs p JOIN articles t ON t.id = p.a
            LEFT JOIN kinds k ON k.a = p.a AND k.b = p.b
            WHERE p.a IN (SELECT unnest(?::VARCHAR[])) AND p.b IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY k.v IS NULL, greatest(p.jaccard, (p.aligned_a + p.aligned_b) / 2) DESC,
                     p.a, p.b
            """,
            [ids, ids],
        ).fetchall()
    ]
    cursor = store.con.execute(
        "SELECT * FROM discrepancies WHERE a IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, "
        "confidence DESC, a, b, idx LIMIT 50",
        [ids],
    )
    columns = [d[0] for d in cursor.description]
    discrepancies = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    dates = [a.published for a in articles if a.published]
    summary = StorySummary(
        story_id,
        len(articles),
        min(dates) if dates else None,
        max(dates) if dates else None,
        tuple(sorted({a.outlet for a in articles if a.outlet})),
        _one_line(articles[0].title or articles[0].text[:80]),
        len(discrepancies),
    )
    return StoryView(summary, articles, pairs, discrepancies)


def trace_story(
    store: CorpusStore,
    story_id: str,
    max_articles: int = DEFAULT_TRACE_ARTICLES,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
) -> StoryTrace:
    """The derivation graph of one story (its earliest ``max_articles`` articles)."""
    from storytrace.provenance import trace_articles

    articles: list[Article] = list(story_view(store, story_id).articles)
    result = trace_articles(articles[:max_articles], settings, progress=progress)
    if len(articles) > max_articles:
        note = f"traced the earliest {max_articles} of the story's {len(articles)} articles"
        result = replace(result, warnings=(note, *result.warnings))
    return result


def short_ids(store: CorpusStore, ids: list[str]) -> dict[str, str]:
    """The shortest prefix of each id (at least ``SHORT_ID_CHARS``) no other story shares."""
    every = sorted(
        r[0] for r in store.con.execute("SELECT DISTINCT story_id FROM clusters").fetchall()
    )
    shown = {}
    for story_id in ids:
        at = bisect_left(every, story_id)
        shared = 0
        for neighbour in every[max(0, at - 1) : at + 2]:
            if neighbour != story_id:
                shared = max(shared, _common_prefix(story_id, neighbour))
        shown[story_id] = story_id[: max(SHORT_ID_CHARS, shared + 1)]
    return shown


def resolve_story_id(store: CorpusStore, prefix: str) -> str:
    """The story whose id is ``prefix`` or starts with it; an error names the candidates."""
    _require_clusters(store)
    if not prefix:
        raise StoreError(str(store.path), "empty story id; `storytrace stories` lists them")
    found = [
        r[0]
        for r in store.con.execute(
            "SELECT DISTINCT story_id FROM clusters WHERE starts_with(story_id, ?) "
            "ORDER BY story_id LIMIT ?",
            [prefix, LISTED_CANDIDATES + 1],
        ).fetchall()
    ]
    if prefix in found or len(found) == 1:
        return prefix if prefix in found else found[0]
    if not found:
        raise StoreError(str(store.path), f"no story {prefix!r}; `storytrace stories` lists them")
    listed = ", ".join(found[:LISTED_CANDIDATES]) + (" …" if len(found) > LISTED_CANDIDATES else "")
    raise StoreError(
        str(store.path), f"story id {prefix!r} is ambiguous: it starts {listed}; give more of it"
    )


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _require_clusters(store: CorpusStore) -> None:
    if not store.count("clusters"):
        raise StoreError(str(store.path), "no stories yet; run `storytrace cluster` first")


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split())[:100] if text else None
