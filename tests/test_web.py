"""The web app through its HTTP interface (FastAPI's TestClient): pages, JSON API, jobs, guards.

The compare tests run the real pipeline on the example pair once (the models load once per
process); the guards (token, body size, CORS, host, SSRF) need no model.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_A, EXAMPLE_B, REPO
from fixtures.web import story_db

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storytrace import api, cli
from storytrace.align.embedder import get_embedder
from storytrace.errors import ConfigError
from storytrace.language.nlp import load_nlp
from storytrace.serialize import to_data
from storytrace.web import WEB_SETTINGS, WebConfig, create_app
from storytrace.web.jobs import BusyError, JobRegistry, JobState
from storytrace.web.server import is_loopback, web_config

TOKEN = "s3cret-token-0123456789"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.fixture(scope="module")
def pair() -> tuple[str, str]:
    return EXAMPLE_A.read_text(encoding="utf-8"), EXAMPLE_B.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def compared(client: TestClient, pair: tuple[str, str]) -> dict[str, Any]:
    a, b = pair
    response = client.post("/api/compare", json={"a": {"text": a}, "b": {"text": b}})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return story_db(tmp_path_factory)


def wait(client: TestClient, job_id: str, seconds: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"/api/jobs/{job_id}").json()
        if status["state"] in ("done", "failed"):
            return status  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still running after {seconds} s")


# --- pages -----------------------------------------------------------------------------------


def test_pages_use_only_the_apps_own_assets(client: TestClient) -> None:
    for path in ("/", "/trace"):
        page = client.get(path)
        assert page.status_code == 200
        assert "<form" in page.text
        for url in re.findall(r'(?:src|href|action)="([^"]+)"', page.text):
            assert url.startswith(("/", "#", "?")), f"{path} loads {url} from elsewhere"
    assert "fetch(" in client.get("/static/app.js").text
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/docs").status_code == 404  # the interactive docs would load a CDN


def test_openapi_spec_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/compare",
        "/api/trace",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/jobs/{job_id}",
        "/api/jobs/{job_id}/result",
    } <= set(spec["paths"])


# --- compare ---------------------------------------------------------------------------------


def test_api_compare_returns_the_same_findings_as_the_cli_json(
    compared: dict[str, Any],
) -> None:
    expected = to_data(api.compare(EXAMPLE_A, EXAMPLE_B))
    assert compared["story"] == expected["story"]
    assert compared["discrepancies"] == expected["discrepancies"]
    assert compared["alignments"] == expected["alignments"]
    assert compared["a"]["source"] == "pasted text A"
    # models load once per process: the server's settings share the CLI's cached instances
    assert get_embedder(WEB_SETTINGS) is get_embedder()
    assert load_nlp.cache_info().misses == 1
    assert any(d["type"] == "modality" for d in compared["discrepancies"])


def test_compare_form_runs_a_job_and_shows_the_changed_facts(
    client: TestClient, pair: tuple[str, str], compared: dict[str, Any]
) -> None:
    a, b = pair
    posted = client.post("/compare", data={"a_text": a, "b_text": b}, follow_redirects=False)
    assert posted.status_code == 303
    job_id = posted.headers["location"].rsplit("/", 1)[-1]
    assert wait(client, job_id)["state"] == "done"
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200
    changed = [d for d in compared["discrepancies"] if d["type"] not in ("addition", "omission")]
    assert changed
    for finding in changed:
        assert finding["explanation"].split()[0] in page.text
    assert (
        client.get(f"/api/jobs/{job_id}/result").json()["discrepancies"]
        == (compared["discrepancies"])
    )


def test_uploads_are_read_like_files(client: TestClient) -> None:
    files = {
        "a_file": ("a.txt", EXAMPLE_A.read_bytes(), "text/plain"),
        "b_file": ("../../etc/b.txt", EXAMPLE_B.read_bytes(), "text/plain"),
    }
    posted = client.post("/compare", files=files, follow_redirects=False)
    job_id = posted.headers["location"].rsplit("/", 1)[-1]
    assert wait(client, job_id)["state"] == "done"
    result = client.get(f"/api/jobs/{job_id}/result").json()
    assert (result["a"]["source"], result["b"]["source"]) == ("a.txt", "b.txt")


def test_article_markup_is_shown_as_text(client: TestClient, pair: tuple[str, str]) -> None:
    a, b = pair
    hostile = "<script>alert('pwned')</script> " + b.replace(
        "Pallone", "Pallone <img src=x onerror=alert(1)>", 1
    )
    response = client.post("/api/compare", json={"a": {"text": a}, "b": {"text": hostile}})
    assert response.status_code == 200
    assert "<script>alert('pwned')</script>" in response.json()["b"]["text"]
    posted = client.post("/compare", data={"a_text": a, "b_text": hostile}, follow_redirects=False)
    job_id = posted.headers["location"].rsplit("/", 1)[-1]
    assert wait(client, job_id)["state"] == "done"
    page = client.get(f"/jobs/{job_id}").text
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page


def test_missing_article_is_one_clear_message(client: TestClient) -> None:
    page = client.post("/compare", data={"a_text": "some text"})
    assert page.status_code == 422
    assert "article B: give its text, a file, or a URL" in page.text


def test_api_refuses_text_and_url_together(client: TestClient) -> None:
    response = client.post(
        "/api/compare", json={"a": {"text": "x", "url": "https://example.com/"}, "b": {"text": "y"}}
    )
    assert response.status_code == 422
    assert "Extra inputs are not permitted" in response.text


def test_unreadable_input_fails_the_job_with_the_reason(client: TestClient) -> None:
    response = client.post(
        "/api/compare",
        json={"a": {"text": "\x00\x01binary", "name": "blob.bin"}, "b": {"text": "y" * 200}},
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("blob.bin:")
    assert "/tmp" not in response.json()["detail"]  # the temporary path never shows


def test_server_side_fetches_refuse_internal_addresses(client: TestClient) -> None:
    response = client.post(
        "/api/compare",
        json={
            "a": {"url": "http://169.254.169.254/latest/meta-data/"},
            "b": {"url": "http://127.0.0.1:9/"},
        },
    )
    assert response.status_code == 202
    job = response.json()
    status = wait(client, job["id"])
    assert status["state"] == "failed"
    assert "169.254.169.254" in status["error"] and "not a public address" in status["error"]
    result = client.get(job["result_url"])
    assert result.status_code == 409 and "not a public address" in result.json()["detail"]


def test_background_compare_and_job_endpoints(client: TestClient, pair: tuple[str, str]) -> None:
    a, b = pair
    response = client.post(
        "/api/compare", json={"a": {"text": a}, "b": {"text": b}, "background": True}
    )
    assert response.status_code == 202
    job = response.json()
    assert job["status_url"] == f"/api/jobs/{job['id']}"
    assert wait(client, job["id"])["state"] == "done"
    assert client.get(job["result_url"]).json()["story"]["verdict"] == "same story"
    assert client.get("/api/jobs/nope").status_code == 404


# --- trace -----------------------------------------------------------------------------------


def test_trace_api_runs_in_the_background(client: TestClient, pair: tuple[str, str]) -> None:
    a, b = pair
    response = client.post("/api/trace", json={"articles": [{"text": a}, {"text": b}]})
    assert response.status_code == 202
    status = wait(client, response.json()["id"])
    assert status["state"] == "done", status
    trace = client.get(response.json()["result_url"]).json()
    assert len(trace["articles"]) == 2 and trace["timeline"]
    page = client.get(f"/jobs/{status['id']}")
    assert page.status_code == 200


def test_trace_form_needs_two_articles(client: TestClient) -> None:
    page = client.post("/trace", data={"urls": "https://example.com/only-one"})
    assert page.status_code == 422
    assert "at least two articles" in page.text


# --- jobs ------------------------------------------------------------------------------------


def test_a_full_queue_answers_429(pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app()
    registry = app.state.registry

    def full(*args: object, **kwargs: object) -> None:
        raise BusyError("500 requests are waiting; try again in a minute")

    monkeypatch.setattr(registry, "run", full)
    monkeypatch.setattr(registry, "submit", full)
    busy = TestClient(app)
    a, b = pair
    for body in ({"a": {"text": a}, "b": {"text": b}}, {"articles": [{"text": a}, {"text": b}]}):
        path = "/api/compare" if "a" in body else "/api/trace"
        response = busy.post(path, json=body)
        assert response.status_code == 429, path
        assert response.headers["retry-after"] == "60"


def test_job_registry_keeps_a_bounded_table_and_reports_failures() -> None:
    registry = JobRegistry(workers=1, keep=3)
    jobs = [registry.submit("t", str(n), lambda report, n=n: n) for n in range(6)]
    failing = registry.submit("t", "bad", lambda report: 1 / 0)
    registry.run(lambda: None).result(timeout=10)  # the pool ran everything before this
    assert registry.get(failing.id).state is JobState.FAILED  # type: ignore[union-attr]
    assert "ZeroDivisionError" in (failing.error or "")
    assert registry.get(jobs[0].id) is None  # the oldest finished jobs were dropped
    registry.shutdown()
    gate = threading.Event()
    busy = JobRegistry(workers=1, max_pending=2)
    busy.submit("t", "1", lambda report: gate.wait(10))
    busy.submit("t", "2", lambda report: None)
    with pytest.raises(BusyError, match="2 jobs are waiting"):
        busy.submit("t", "3", lambda report: None)
    busy.run(lambda: None, max_waiting=1)
    with pytest.raises(BusyError, match="1 requests are waiting"):
        busy.run(lambda: None, max_waiting=1)
    gate.set()
    busy.shutdown()


# --- guards ----------------------------------------------------------------------------------


def test_token_is_required_on_every_request_when_set() -> None:
    guarded = TestClient(create_app(WebConfig(token=TOKEN)))
    for path in ("/", "/openapi.json", "/api/jobs/x", "/static/app.js"):
        assert guarded.get(path).status_code == 401, path
    assert guarded.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    first = guarded.get(f"/stories?q=x&token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303  # a browser's first visit: cookie, then the URL without it
    assert first.headers["location"] == "/stories?q=x"
    assert "HttpOnly" in first.headers["set-cookie"]
    assert guarded.get("/trace").status_code == 200  # the cookie carries it from now on


def test_cors_is_closed_by_default(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in client.get("/openapi.json", headers=origin).headers
    preflight = client.options(
        "/api/compare",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    opened = TestClient(create_app(WebConfig(cors_origins=("https://ok.example",))))
    allowed = opened.get("/openapi.json", headers={"Origin": "https://ok.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://ok.example"


def test_cross_site_form_posts_are_refused(client: TestClient) -> None:
    response = client.post(
        "/compare", data={"a_text": "x"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403


def test_bodies_over_the_limit_are_refused() -> None:
    small = TestClient(create_app(WebConfig(max_request_bytes=10_000)))
    big = {"a_file": ("a.txt", b"x" * 20_000, "text/plain")}
    assert small.post("/compare", files=big).status_code == 413
    chunks = (b"y" * 4_000 for _ in range(5))  # no Content-Length: counted as it streams
    response = small.post(
        "/api/compare", content=chunks, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_pages_send_a_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_loopback_by_default_and_a_token_when_exposed(tmp_path: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    with pytest.raises(ConfigError, match="--token or STORYTRACE_TOKEN"):
        web_config("0.0.0.0", None, None)
    assert web_config("0.0.0.0", None, TOKEN).token == TOKEN
    with pytest.raises(ConfigError, match="no corpus database"):
        web_config("127.0.0.1", tmp_path / "none.duckdb", None)
    local = web_config("127.0.0.1", None, None)
    guarded = TestClient(create_app(local), base_url="http://127.0.0.1:8000")
    assert guarded.get("/").status_code == 200
    rebound = guarded.get("/", headers={"host": "attacker.example"})
    assert rebound.status_code == 400  # DNS rebinding: a foreign Host name is refused


def test_serve_command_refuses_an_exposed_host_without_token() -> None:
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "storytrace", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--token or STORYTRACE_TOKEN" in done.stderr
    helped = CliRunner().invoke(cli.app, ["serve", "--help"])
    assert "127.0.0.1" in helped.output and "STORYTRACE_TOKEN" in helped.output


# --- corpus ----------------------------------------------------------------------------------


def test_stories_need_a_database(client: TestClient) -> None:
    response = client.get("/api/stories")
    assert response.status_code == 404
    assert "--db" in response.json()["detail"]


def test_stories_and_story_from_a_corpus(corpus_db: Path) -> None:
    browse = TestClient(create_app(WebConfig(db=corpus_db)))
    listed = browse.get("/api/stories").json()
    assert listed["total"] >= 1
    story = listed["stories"][0]
    assert story["size"] == 3  # the example pair and a reprint of B
    assert browse.get("/api/stories", params={"q": "no-such-words-anywhere"}).json()["total"] == 0
    assert browse.get("/api/stories", params={"since": "2999-01-01"}).json()["total"] == 0
    shown = browse.get(f"/api/stories/{story['story_id']}").json()
    assert len(shown["articles"]) == 3
    job = shown["trace_job"]
    assert wait(browse, job["id"])["state"] == "done"
    trace = browse.get(job["result_url"]).json()
    assert trace["derivations"]
    page = browse.get(f"/stories/{story['story_id']}")
    assert page.status_code == 200 and "Timeline" in page.text
    assert browse.get("/stories").status_code == 200
    missing = browse.get("/api/stories/nope")
    assert missing.status_code == 404 and "no story" in missing.json()["detail"]
    assert json.loads(browse.get("/openapi.json").text)["info"]["title"] == "storytrace"
