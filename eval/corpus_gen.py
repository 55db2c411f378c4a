"""Synthetic news corpora with true story labels, built from real article texts.

Corpus clustering cannot be measured without knowing which articles tell the same story, and no
labelled corpus of tens of thousands of news articles ships with the project. So we expand real
bodies (the Zyte extraction benchmark's ground truth, the example pair in ``examples/``, and
optionally the PAN source documents) into stories the way a feed sees them (the tests use
:func:`load_repo_pool` instead: 36 original articles kept in ``tests/fixtures/corpus/articles``):

* **original**: the body as published;
* **copy**: the same body under another outlet's furniture (a credit line, a "read more" line),
  as wire copy republished verbatim;
* **edit**: light newsroom edits: sentences dropped, the tail cut, a local sentence added, a few
  words swapped, a number changed (the reuse a shingle index finds);
* **paraphrase**: the story retold: most words swapped for synonyms, clauses and sentences
  reordered, a share of sentences left out (what only the semantic stage can find);
* **unrelated**: a body used once, in no story;
* **roundup**: a digest stitching paragraphs from two or three stories (a hub, labelled as its
  own story: it must not chain those stories together).

Every real body is used by at most one story, so labels are unambiguous; near-duplicate bodies
in the pool itself are removed first. With ~650 distinct bodies, large corpora have large
stories (a 100k corpus averages ~150 articles per story): that stresses candidate generation
with big near-duplicate buckets, which is the realistic worst case for a feed.

    python -m eval.corpus_gen --n 1000 --seed 1 --out corpus-1k.jsonl [--pan]

Writes one JSON record per line (url, text, date, outlet, title) and a labels file next to it
(``<out>.labels.jsonl``: url, story, variant).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eval.common import REPO, eval_dir

OUTLETS = [
    "Daily Courier",
    "The Morning Ledger",
    "Northern Star",
    "Metro Gazette",
    "City Wire",
    "Evening Herald",
    "Coastal Times",
    "Valley News",
    "Capital Post",
    "The Observer Online",
    "Harbour Chronicle",
    "Plains Tribune",
    "Lakeside Journal",
    "Summit Dispatch",
    "Riverside Echo",
    "National Sentinel",
    "Global Report",
    "Continental Review",
    "Pacific Standard Net",
    "Atlantic Bulletin",
    "Midland Record",
    "Southern Mail",
    "Eastern Monitor",
    "Western Press",
    "Highland Voice",
    "Union Leader Net",
    "Bay Area Digest",
    "Frontier Times",
    "Central Beacon",
    "Island Gazette",
]
CREDITS = [
    "Reporting by staff; editing by the news desk.",
    "This story has been published from a wire agency feed without modifications to the text.",
    "Additional reporting by our correspondents.",
    "Copyright {outlet}. All rights reserved.",
    "Read more news at {outlet}.",
    "Sign up for the {outlet} newsletter for the latest updates.",
]
LOCAL_LINES = [
    "{outlet} has contacted the officials involved for further comment.",
    "Readers in the region can follow live updates on the {outlet} website.",
    "{outlet} will update this story as more information becomes available.",
    "Local officials did not immediately respond to a request for comment from {outlet}.",
]
# Synonyms a rewriting newsroom reaches for. Lower-case keys; case is restored on output.
SYNONYMS: dict[str, list[str]] = {
    "said": ["stated", "told reporters", "noted", "explained"],
    "says": ["states", "notes"],
    "told": ["informed", "advised"],
    "announced": ["unveiled", "declared"],
    "reported": ["disclosed", "revealed"],
    "added": ["continued", "went on to say"],
    "according": ["as per"],
    "people": ["individuals", "persons"],
    "government": ["administration"],
    "president": ["head of state"],
    "company": ["firm", "business"],
    "companies": ["firms"],
    "big": ["large", "major"],
    "large": ["big", "sizeable"],
    "small": ["little", "modest"],
    "new": ["fresh", "novel"],
    "important": ["significant", "key"],
    "many": ["numerous", "lots of"],
    "help": ["assist", "aid"],
    "use": ["utilise", "employ"],
    "used": ["employed", "utilised"],
    "show": ["indicate", "reveal"],
    "shows": ["indicates", "reveals"],
    "begin": ["start"],
    "began": ["started"],
    "start": ["begin", "launch"],
    "started": ["began", "launched"],
    "end": ["finish", "conclude"],
    "ended": ["finished", "concluded"],
    "buy": ["purchase"],
    "bought": ["purchased", "acquired"],
    "get": ["obtain", "receive"],
    "got": ["received"],
    "make": ["create", "produce"],
    "made": ["created", "produced"],
    "plan": ["proposal", "scheme"],
    "plans": ["proposals", "intends"],
    "however": ["but", "nevertheless"],
    "also": ["as well"],
    "because": ["since", "as"],
    "about": ["around", "roughly"],
    "before": ["prior to"],
    "after": ["following"],
    "during": ["throughout", "amid"],
    "while": ["whereas"],
    "increase": ["rise", "growth"],
    "decrease": ["drop", "decline"],
    "rose": ["climbed", "grew"],
    "fell": ["dropped", "declined"],
    "problem": ["issue", "difficulty"],
    "problems": ["issues"],
    "country": ["nation"],
    "countries": ["nations"],
    "city": ["town"],
    "officials": ["authorities"],
    "official": ["representative"],
    "week": ["seven days"],
    "month": ["four weeks"],
    "year": ["twelve months"],
    "years": ["years' time"],
    "think": ["believe"],
    "thinks": ["believes"],
    "want": ["wish", "seek"],
    "wants": ["seeks"],
    "need": ["require"],
    "needs": ["requires"],
    "try": ["attempt"],
    "tried": ["attempted"],
    "ask": ["request"],
    "asked": ["requested"],
    "give": ["provide"],
    "gave": ["provided"],
    "find": ["discover"],
    "found": ["discovered"],
    "work": ["labour"],
    "job": ["position", "post"],
    "money": ["funds", "cash"],
    "car": ["vehicle"],
    "house": ["home", "residence"],
    "children": ["kids", "youngsters"],
    "women": ["females"],
    "men": ["males"],
    "group": ["team", "body"],
    "meeting": ["session", "gathering"],
    "game": ["match", "title"],
    "games": ["titles"],
    "players": ["gamers", "participants"],
    "fast": ["quick", "rapid"],
    "quickly": ["rapidly", "swiftly"],
    "often": ["frequently"],
    "very": ["highly", "extremely"],
    "really": ["truly"],
    "just": ["only", "merely"],
    "still": ["yet", "nonetheless"],
    "now": ["currently", "at present"],
    "soon": ["shortly"],
    "later": ["subsequently"],
    "again": ["once more"],
    "first": ["initial", "earliest"],
    "last": ["previous", "final"],
    "next": ["following", "coming"],
    "whole": ["entire"],
    "each": ["every"],
    "most": ["the majority of"],
    "some": ["certain", "several"],
    "good": ["positive", "favourable"],
    "bad": ["negative", "poor"],
    "hard": ["difficult", "tough"],
    "easy": ["simple", "straightforward"],
    "likely": ["probably", "expected"],
    "high": ["elevated"],
    "low": ["reduced"],
    "major": ["significant", "leading"],
    "recent": ["latest"],
    "around": ["approximately", "about"],
    "nearly": ["almost"],
    "several": ["a number of"],
    "believe": ["consider"],
    "expected": ["anticipated"],
    "including": ["such as"],
    "claimed": ["asserted", "alleged"],
    "warned": ["cautioned"],
    "called": ["labelled", "urged"],
    "decision": ["ruling", "move"],
    "increased": ["raised", "boosted"],
    "left": ["departed"],
    "move": ["step", "shift"],
    "change": ["shift", "alteration"],
    "changes": ["alterations"],
    "report": ["study", "account"],
    "said.": ["stated."],
    "market": ["marketplace"],
    "able": ["capable"],
    "allow": ["permit", "let"],
    "allowed": ["permitted"],
    "keep": ["retain"],
    "kept": ["retained"],
    "leave": ["exit", "quit"],
    "put": ["placed"],
    "set": ["established"],
    "run": ["operate"],
    "runs": ["operates"],
    "looking": ["seeking"],
    "look": ["examine"],
    "see": ["observe", "witness"],
    "saw": ["observed", "witnessed"],
    "way": ["manner", "method"],
}
DROPPABLE = {"also", "very", "just", "still", "really", "actually", "now", "even", "already"}
# Function-word rewrites: a retelling changes the glue between content words, which is what
# breaks word 4-grams (a synonym list alone leaves most shingles of a sentence intact).
FUNCTION_WORDS: dict[str, list[str]] = {
    "the": ["", "this", "that"],
    "a": ["one", "a single"],
    "an": ["one"],
    "of": ["from", "among"],
    "to": ["towards", "in order to"],
    "in": ["within", "inside"],
    "and": ["as well as", "plus"],
    "that": ["which", ""],
    "for": ["on behalf of", "intended for"],
    "on": ["upon", "regarding"],
    "with": ["alongside", "together with"],
    "is": ["remains", "stands as"],
    "was": ["had been"],
    "are": ["remain"],
    "were": ["had been"],
    "has": ["already has"],
    "have": ["already have"],
    "by": ["through", "via"],
    "at": ["in"],
    "from": ["out of"],
    "but": ["yet", "though"],
    "it": ["this"],
    "will": ["is going to", "shall"],
    "would": ["could"],
    "can": ["is able to"],
    "not": ["never"],
    "as": ["since", "while"],
    "or": ["or else"],
    "this": ["the", "that"],
}
_WORD = re.compile(r"[A-Za-z][A-Za-z']*|\S")
_NUMBER = re.compile(r"\b\d{2,}(?:,\d{3})*\b")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z\"“])")
MIN_BODY_CHARS = 600  # shorter bodies are teasers: too little text for a story
MAX_BODY_CHARS = 9000  # long reads are cut at a paragraph boundary near this length
POOL_DUP_JACCARD = 0.2  # pool bodies sharing this share of 4-word shingles count as one text
# ...or this share of their distinct longer words: two outlets' reports of the same event
# (the Zyte set has a few, e.g. two reports of one band's reunion tour) are one story, not two.
POOL_SAME_EVENT_JACCARD = 0.25


@dataclass(frozen=True, slots=True)
class Body:
    key: str
    text: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    url: str
    text: str
    date: str
    outlet: str
    title: str | None
    story: str  # true story label
    variant: str  # original, copy, edit, paraphrase, unrelated, roundup


# --- the pool of real bodies ------------------------------------------------------------------


def load_pool(data: Path | None = None, pan: bool = False) -> list[Body]:
    """Distinct real bodies, deterministic order, near-duplicates removed."""
    root = eval_dir(str(data) if data else None)
    truth = json.loads((root / "extraction" / "zyte" / "ground-truth.json").read_text("utf-8"))
    bodies = [Body(f"zyte:{key}", _cut(item["articleBody"])) for key, item in sorted(truth.items())]
    if pan:
        folder = root / "alignment" / "panpc" / "final_txt_files"
        for path in sorted(folder.glob("*.txt")):
            text = _unwrap(path.read_text("utf-8", errors="replace"))
            bodies.append(Body(f"pan:{path.stem}", _cut(text)))
    bodies = [b for b in bodies if len(b.text) >= MIN_BODY_CHARS]
    return _dedupe(bodies)


REPO_ARTICLES = REPO / "tests" / "fixtures" / "corpus" / "articles"


def load_repo_pool(folder: Path | None = None) -> list[Body]:
    """The pool from the repository's own articles (original fictional news, one per file).

    For tests: a clone has no ``../shared`` benchmark data. Deterministic order (by file name),
    same cutting, length filter and near-duplicate removal as :func:`load_pool`.
    """
    folder = folder or REPO_ARTICLES
    bodies = [
        Body(f"repo:{path.stem}", _cut(path.read_text("utf-8")))
        for path in sorted(folder.glob("*.txt"))
    ]
    bodies = [b for b in bodies if len(b.text) >= MIN_BODY_CHARS]
    return _dedupe(bodies)


def example_pair() -> tuple[str, str]:
    """The bundled pair (a report and its paraphrased rewrite), without their header lines."""
    texts = []
    for name in ("002_42821f2fae6c857c.txt", "000_01ce3e3c67791a35.txt"):
        raw = (REPO / "examples" / name).read_text("utf-8")
        paragraphs = [p.strip() for p in raw.split("\n\n") if len(p.split()) > 12]
        texts.append("\n\n".join(paragraphs))
    return texts[0], texts[1]


def _unwrap(text: str) -> str:
    """PAN files are hard-wrapped OCR text: join lines, keep blank-line paragraphs."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if len(p) > 40)


def _cut(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    kept: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if size and size + len(paragraph) > MAX_BODY_CHARS:
            break
        kept.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(kept)


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i : i + 4])) for i in range(max(0, len(words) - 3))}


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 5}


def _jaccard(a: set, b: set) -> float:  # type: ignore[type-arg]
    return len(a & b) / max(1, len(a | b))


def _dedupe(bodies: list[Body]) -> list[Body]:
    kept: list[tuple[Body, set[int], set[str]]] = []
    for body in bodies:
        shingles, words = _shingles(body.text), _content_words(body.text)
        duplicate = any(
            _jaccard(shingles, other) >= POOL_DUP_JACCARD
            or _jaccard(words, other_words) >= POOL_SAME_EVENT_JACCARD
            for _, other, other_words in kept
        )
        if not duplicate:
            kept.append((body, shingles, words))
    return [body for body, _, _ in kept]


# --- variants ---------------------------------------------------------------------------------


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph) if s.strip()]


def copy_variant(text: str, rng: random.Random, outlet: str) -> str:
    credit = rng.choice(CREDITS).format(outlet=outlet)
    return f"{text}\n\n{credit}"


def edit_variant(text: str, rng: random.Random, outlet: str) -> str:
    """Light edits: what a newsroom does to wire copy before publishing it."""
    paragraphs = [split_sentences(p) for p in text.split("\n\n")]
    keep_paragraphs = max(2, round(len(paragraphs) * rng.uniform(0.7, 1.0)))
    paragraphs = paragraphs[:keep_paragraphs]
    edited: list[str] = []
    for sentences in paragraphs:
        kept = [s for s in sentences if rng.random() > 0.1] or sentences[:1]
        kept = [_swap_words(s, rng, 0.08) for s in kept]
        edited.append(" ".join(kept))
    if rng.random() < 0.4:
        index = rng.randrange(len(edited))
        edited[index] = _NUMBER.sub(lambda m: _bump(m.group(), rng), edited[index], count=1)
    if rng.random() < 0.6:
        edited.insert(
            rng.randrange(1, len(edited) + 1), rng.choice(LOCAL_LINES).format(outlet=outlet)
        )
    return "\n\n".join(edited)


def paraphrase_variant(text: str, rng: random.Random, outlet: str) -> str:
    """The story retold: synonyms, clause and sentence order changed, some sentences left out."""
    paragraphs = [split_sentences(p) for p in text.split("\n\n")]
    retold: list[str] = []
    for sentences in paragraphs:
        kept = [s for s in sentences if rng.random() > 0.25]
        if not kept:
            continue
        kept = [_retell(s, rng) for s in kept]
        if len(kept) > 1 and rng.random() < 0.5:
            rng.shuffle(kept)
        retold.append(" ".join(kept))
    if len(retold) > 3 and rng.random() < 0.5:  # move a later paragraph up, as rewrites do
        moved = retold.pop(rng.randrange(2, len(retold)))
        retold.insert(1, moved)
    if rng.random() < 0.5:
        retold.append(rng.choice(LOCAL_LINES).format(outlet=outlet))
    return "\n\n".join(retold) or text


def _retell(sentence: str, rng: random.Random) -> str:
    sentence = _swap_words(sentence, rng, 0.85, FUNCTION_WORDS, 0.45)
    sentence = _move_attribution(sentence)
    parts = sentence.rstrip(".").split(", ")
    if len(parts) == 2 and rng.random() < 0.5 and len(parts[1].split()) > 3:
        first, second = parts
        sentence = f"{second[0].upper()}{second[1:]}, {first[0].lower()}{first[1:]}."
    return sentence


def _move_attribution(sentence: str) -> str:
    """ "X, he said." -> "He said X." — the commonest reordering in rewrites."""
    match = re.match(
        r"^(.{20,}?),?[\"”]? (\w+(?: \w+)?) (said|stated|noted|explained)\.$", sentence
    )
    if not match or len(match.group(2).split()) > 2:
        return sentence
    body, who, verb = match.groups()
    body = body.strip('“”"')
    return f"{who[0].upper()}{who[1:]} {verb} that {body[0].lower()}{body[1:]}."


def _swap_words(
    sentence: str,
    rng: random.Random,
    rate: float,
    glue: dict[str, list[str]] | None = None,
    glue_rate: float = 0.0,
) -> str:
    out: list[str] = []
    for token in re.split(r"(\s+)", sentence):
        key = token.lower()
        if key in DROPPABLE and rng.random() < rate:
            continue
        choices = SYNONYMS.get(key)
        rate_here = rate
        if not choices and glue and key in glue:
            choices, rate_here = glue[key], glue_rate
        if choices and rng.random() < rate_here:
            word = rng.choice(choices)
            if not word:
                continue
            token = word[0].upper() + word[1:] if token[:1].isupper() else word
        out.append(token)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _bump(number: str, rng: random.Random) -> str:
    value = int(number.replace(",", ""))
    changed = max(1, value + rng.choice([-1, 1]) * max(1, value // rng.choice([5, 10, 20])))
    return f"{changed:,}" if "," in number else str(changed)


def roundup(texts: list[str], rng: random.Random) -> str:
    """A digest: the opening paragraphs of two or three stories in one article."""
    parts = []
    for text in texts:
        paragraphs = text.split("\n\n")
        parts.extend(paragraphs[: max(2, len(paragraphs) // 2)])
    return "\n\n".join(parts)


# --- the corpus ------------------------------------------------------------------------------


VARIANT_WEIGHTS = {"copy": 0.3, "edit": 0.4, "paraphrase": 0.3}
UNRELATED_SHARE = 0.15  # share of the pool used once, in no story
ROUNDUP_SHARE = 0.01  # share of articles that are digests of several stories


def generate(n: int, seed: int = 0, pool: list[Body] | None = None) -> Iterator[Record]:
    """``n`` articles with true story labels. Deterministic for a given seed and pool."""
    rng = random.Random(seed)
    pool = list(pool if pool is not None else load_pool())
    rng.shuffle(pool)
    n_unrelated = min(max(1, round(len(pool) * UNRELATED_SHARE)), max(1, n // 10))
    n_roundups = round(n * ROUNDUP_SHARE)
    n_story_articles = n - n_unrelated - n_roundups
    # Stories: as many as the pool allows while keeping each story at >= 2 articles on average.
    stories = pool[n_unrelated:][: max(1, min(len(pool) - n_unrelated, n_story_articles // 3))]
    unrelated = pool[:n_unrelated]
    sizes = _story_sizes(len(stories), n_story_articles, rng)
    base_day = dt.date(2024, 1, 1)
    story_texts: list[str] = []
    example, rewrite = example_pair()
    for index, (body, size) in enumerate(zip(stories, sizes, strict=True)):
        label = f"story-{index:05d}"
        day = base_day + dt.timedelta(days=rng.randrange(365))
        text = example if index == 0 else body.text  # story 0 is the bundled pair's story
        story_texts.append(text)
        if index == 0 and size > 1:  # with the pair's real, human-written rewrite as one member
            yield _record(label, "paraphrase", rewrite, day + dt.timedelta(days=1), rng)
            size -= 1
        yield from _story(label, text, size, day, rng)
    for index, body in enumerate(unrelated):
        day = base_day + dt.timedelta(days=rng.randrange(365))
        yield _record(f"unrelated-{index:05d}", "unrelated", body.text, day, rng)
    for index in range(n_roundups):
        picked = rng.sample(story_texts, k=min(len(story_texts), rng.choice([2, 3])))
        day = base_day + dt.timedelta(days=rng.randrange(365))
        yield _record(f"roundup-{index:05d}", "roundup", roundup(picked, rng), day, rng)


def _story_sizes(stories: int, articles: int, rng: random.Random) -> list[int]:
    """Heavy-tailed sizes (few big stories, many small), each >= 2, summing to ``articles``."""
    weights = [rng.paretovariate(1.3) for _ in range(stories)]
    spare = max(0, articles - 2 * stories)
    total = sum(weights)
    sizes = [2 + int(spare * w / total) for w in weights]
    for index in range(articles - sum(sizes)):
        sizes[index % stories] += 1
    return sizes


def _story(label: str, text: str, size: int, day: dt.date, rng: random.Random) -> Iterator[Record]:
    yield _record(label, "original", text, day, rng)
    kinds, weights = zip(*VARIANT_WEIGHTS.items(), strict=True)
    for _ in range(size - 1):
        kind = rng.choices(kinds, weights)[0]
        outlet = rng.choice(OUTLETS)
        variant = {"copy": copy_variant, "edit": edit_variant, "paraphrase": paraphrase_variant}[
            kind
        ]
        published = day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3]))
        yield _record(label, kind, variant(text, rng, outlet), published, rng, outlet)


def _record(
    label: str, variant: str, text: str, day: dt.date, rng: random.Random, outlet: str | None = None
) -> Record:
    outlet = outlet or rng.choice(OUTLETS)
    digest = hashlib.sha1(f"{label}|{variant}|{rng.random()}".encode()).hexdigest()[:12]
    slug = outlet.lower().replace(" ", "")
    url = f"https://{slug}.example/{day.isoformat()}/{digest}"
    return Record(url, text, day.isoformat(), outlet, None, label, variant)


def write(records: Iterator[Record], out: Path) -> int:
    """Write the corpus JSONL and its labels file; return the number of articles."""
    count = 0
    labels_path = out.with_name(out.name + ".labels.jsonl")
    with (
        out.open("w", encoding="utf-8") as corpus,
        labels_path.open("w", encoding="utf-8") as labels,
    ):
        for record in records:
            corpus.write(
                json.dumps(
                    {
                        "url": record.url,
                        "text": record.text,
                        "date": record.date,
                        "outlet": record.outlet,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            labels.write(
                json.dumps({"url": record.url, "story": record.story, "variant": record.variant})
                + "\n"
            )
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--pan", action="store_true", help="add the PAN source documents to the pool"
    )
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    pool = load_pool(args.data, pan=args.pan)
    count = write(generate(args.n, args.seed, pool), args.out)
    print(f"wrote {count} articles from {len(pool)} real bodies to {args.out}")


if __name__ == "__main__":
    main()
