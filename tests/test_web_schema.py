"""Property-based tests of the JSON API against its own OpenAPI spec (schemathesis, in process).

Every operation gets a few generated requests (valid and invalid); each answer must be no server
error, a status code and content type the spec documents, and a body that matches the spec's
schema. Bounded: a handful of examples per operation, no shrinking, all within ~30 s.

What is stubbed, and why: generated texts would each load and run the real pipeline, so here
``compare`` runs with the hashing embedder and without the fact engine, and ``trace`` jobs stop
at once; the real pipeline behind the same endpoints is tested in test_web.py and
test_browser.py. The corpus endpoints run for real on a small database.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from fixtures.web import story_db

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

from storytrace import api  # noqa: E402
from storytrace.align.embedder import HashingEmbedder  # noqa: E402
from storytrace.errors import StorytraceError  # noqa: E402
from storytrace.web import WebConfig, create_app  # noqa: E402


def _no_trace(*args: object, **kwargs: object) -> None:
    raise StorytraceError("tracing is switched off in the schema test")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db: Path = story_db(tmp_path_factory)
    patch = pytest.MonkeyPatch()
    fast = partial(api.compare_articles, embedder=HashingEmbedder(), discrepancies=False)
    patch.setattr("storytrace.web.app.api.compare_articles", fast)
    patch.setattr("storytrace.web.app.api.trace_articles", _no_trace)
    patch.setattr("storytrace.corpus.trace_story", _no_trace)
    yield create_app(WebConfig(db=db))
    patch.undo()


def test_api_answers_as_its_spec_says(app) -> None:  # type: ignore[no-untyped-def]
    spec = schemathesis.openapi.from_asgi("/openapi.json", app)
    tested = []
    for found in spec.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case) -> None:  # type: ignore[no-untyped-def]
            # A schema-valid text can still be no article ("x" is below the minimum body);
            # that 422 is the input check, not a spec mismatch, so that one check is off.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
        tested.append(operation.label)
    assert len(tested) == 6, tested
