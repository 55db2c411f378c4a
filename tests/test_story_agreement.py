"""``compare`` and ``cluster`` agree: a pair ``compare`` calls the same story is a verified
corpus edge, and a pair it does not is not (issue 12: one model, one cut, the same inputs).

Real-looking articles: two outlets' reports of one earthquake, a report of a similar other
earthquake, an unrelated recipe, and the bundled example pair (a rewrite with boilerplate).
"""

from __future__ import annotations

import numpy as np

from storytrace.api import compare_articles
from storytrace.corpus.config import DEFAULT_CORPUS_SETTINGS
from storytrace.corpus.features import featurize
from storytrace.corpus.pipeline import run_stages
from storytrace.models import StoryVerdict
from tests.conftest import make_article

QUAKE_WIRE = (
    "A magnitude 6.1 earthquake struck off Petrolia in northern California early on Tuesday, "
    "the U.S. Geological Survey said. Humboldt County officials reported 12 injuries and "
    "damaged homes in Ferndale and Rio Dell. Pacific Gas and Electric said 70,000 customers "
    "lost power after the shaking, which was felt as far away as Eureka. The sheriff said two "
    "bridges on Highway 211 were closed while engineers inspected them for cracks."
)
QUAKE_LOCAL = (
    "Ferndale residents swept up broken glass on Tuesday after a 6.1 quake centred off "
    "Petrolia shook the Humboldt County coast before dawn. The county counted 12 people hurt. "
    "Rio Dell lost water service when a main broke, and Pacific Gas and Electric restored "
    "power to most of the 70,000 customers who had lost it. Engineers checked two bridges on "
    "Highway 211, and the Geological Survey warned that aftershocks could follow for days."
)
OTHER_QUAKE = (
    "A magnitude 7.3 earthquake hit Kermanshah province in western Iran on Sunday, killing "
    "more than 400 people, Iranian state television said. Rescuers in Sarpol-e Zahab dug "
    "through the rubble of collapsed apartment blocks as aftershocks continued overnight. The "
    "Red Crescent said 70,000 people needed shelter, and hospitals in the province asked for "
    "blood donations as the injured arrived by road from villages near the Iraqi border."
)
RECIPE = (
    "Roast the squash at 200 degrees until the edges caramelise, about forty minutes, then "
    "fold it through the risotto with sage butter and a handful of grated parmesan. Season "
    "with salt, pepper and a squeeze of lemon, and let the rice rest for two minutes before "
    "serving. Toasted pumpkin seeds add crunch; a spoon of mascarpone makes it richer, and "
    "the leftovers reheat well the next day with a splash of stock."
)


def test_cluster_edges_are_exactly_the_pairs_compare_calls_the_same_story(
    example_paths, hashing_embedder
) -> None:
    texts = [QUAKE_WIRE, QUAKE_LOCAL, OTHER_QUAKE, RECIPE]
    texts += [path.read_text(encoding="utf-8") for path in example_paths]
    articles = [make_article(text, f"t{i}.txt") for i, text in enumerate(texts)]
    rows = [
        (a.id, a.text, [s.start for s in a.sentences], [s.end for s in a.sentences])
        for a in articles
    ]
    result = run_stages(featurize(rows, DEFAULT_CORPUS_SETTINGS), DEFAULT_CORPUS_SETTINGS, {})
    edges = {tuple(map(int, pair)) for pair in result.edges.pairs}
    verdicts = {}
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            story = compare_articles(
                articles[i], articles[j], embedder=hashing_embedder, discrepancies=False
            ).story
            verdicts[(i, j)] = story.verdict == StoryVerdict.SAME_STORY
    assert {pair for pair, same in verdicts.items() if same} == edges
    # and the fixture says what it should: one quake told twice, the example pair, no more
    assert edges == {(0, 1), (4, 5)}
    labels = result.labels
    assert labels[0] == labels[1] and labels[4] == labels[5]
    assert len(set(np.asarray(labels).tolist())) == 4
