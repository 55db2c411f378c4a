"""End to end in a real browser: Debian's Chromium driven by Playwright, against the real server.

One server for the whole module, started as a user starts it (``storytrace serve --db …`` on a
free port; it binds 127.0.0.1 by default), with a corpus built by ``storytrace ingest`` and
``cluster``. Every page the tests open is checked with axe-core (serious or critical violations
fail the test) and saved as a screenshot (``STORYTRACE_SCREENSHOTS=docs/screenshots`` refreshes
the README's).

Skipped only when /usr/bin/chromium is absent (``.ci/run`` installs it); Playwright's own browser
downloads are never used.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_A, EXAMPLE_B, REPO
from fixtures.web import story_db

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

# Screenshots go to a temporary folder; STORYTRACE_SCREENSHOTS=docs/screenshots refreshes the
# README's (so an ordinary test run leaves the working tree clean).
SHOTS_ENV = "STORYTRACE_SCREENSHOTS"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MODEL_LOAD_MS = 180_000  # the server's first compare loads the models (seconds on a busy CI)
HOSTILE = '<script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> '


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    db = story_db(tmp_path_factory)
    port = _free_port()
    log = (folder / "server.log").open("w")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("STORYTRACE_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "storytrace", "serve", "--port", str(port), "--db", str(db)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((folder / "server.log").read_text()) from None
                time.sleep(0.3)
        # the default bind is loopback (uvicorn says where it listens)
        assert f"running on http://127.0.0.1:{port}" in (folder / "server.log").read_text()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    # reduced motion: the report scrolls partners into view at once (steady screenshots)
    context = browser.new_context(viewport={"width": 1280, "height": 860}, reduced_motion="reduce")
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()
    assert not dialogs, f"a page opened a dialog: {dialogs}"  # article text ran as script


def check_accessibility(page: Page) -> None:
    """axe-core on the page as it stands; serious or critical violations fail the test."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        source = (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
        page.evaluate(source)
    found: list[dict[str, Any]] = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map("
        "n => n.target.join(' ') + ': ' + n.failureSummary)})))"
    )
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, indent=1)


def shoot(page: Page, name: str) -> None:
    folder = Path(os.environ.get(SHOTS_ENV) or Path(tempfile.gettempdir()) / "storytrace-shots")
    folder = folder if folder.is_absolute() else REPO / folder
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), type="png")


def submit_pair(page: Page, base: str, a: str, b: str) -> None:
    page.goto(base + "/")
    page.fill("#a_text", a)
    page.fill("#b_text", b)
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/jobs/"))
    page.wait_for_selector(".st-cmp", timeout=MODEL_LOAD_MS)


def test_compare_the_example_pair(server: str, page: Page) -> None:
    page.goto(server + "/")
    check_accessibility(page)
    shoot(page, "compare-form")
    submit_pair(
        page,
        server,
        EXAMPLE_A.read_text(encoding="utf-8"),
        EXAMPLE_B.read_text(encoding="utf-8"),
    )
    shoot(page, "compare-report")
    facts = page.locator(".fact-item")
    assert facts.count() >= 2
    assert page.locator('.fact-item[data-type="modality"]').count() >= 1  # the hardened hedge
    # click a passage of A: its partner in B lights up
    passage = page.locator('.psg[data-side="a"][data-pair]').first
    pair = (passage.get_attribute("data-pair") or "").split()[0]  # "0 1": aligned to two
    passage.click()
    partner = page.locator(f'.psg[data-side="b"][data-pair~="{pair}"]').first
    expect(partner).to_have_class(re.compile(r"\bis-active\b"))
    expect(passage).to_have_class(re.compile(r"\bis-active\b"))
    shoot(page, "compare-linked")
    # a changed fact links to its text on both sides
    fact = facts.first.get_attribute("data-fact")
    facts.first.locator("a.go").first.click()
    expect(page.locator(f'mark.m-fact.is-active[data-fact~="{fact}"]').first).to_be_visible()
    assert page.locator(f'mark.m-fact.is-active[data-fact~="{fact}"]').count() >= 2
    check_accessibility(page)


def test_article_markup_shows_as_text(server: str, page: Page) -> None:
    submit_pair(
        page,
        server,
        EXAMPLE_A.read_text(encoding="utf-8"),
        HOSTILE + EXAMPLE_B.read_text(encoding="utf-8"),
    )
    text_b = page.locator('.pane[data-side="b"]').inner_text()
    assert "<script>window.pwned = 1</script>" in text_b
    assert page.evaluate("window.pwned") is None
    assert page.locator(".pane script, .pane img").count() == 0


def test_trace_a_set_by_upload(server: str, page: Page) -> None:
    page.goto(server + "/trace")
    page.set_input_files("#files", [str(EXAMPLE_A), str(EXAMPLE_B)])
    page.get_by_role("button", name="Trace").click()
    page.wait_for_selector(".st-trace", timeout=MODEL_LOAD_MS)
    node = page.locator("svg.graph a.node").first
    node.click()
    expect(node).to_have_class(re.compile(r"\bis-active\b"))
    check_accessibility(page)


def test_open_a_story(server: str, page: Page) -> None:
    page.goto(server + "/stories")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 1
    check_accessibility(page)
    shoot(page, "stories")
    page.fill("#q", "no-such-story-words")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.stories")).to_have_count(0)
    page.goto(server + "/stories")
    page.locator("table.stories a").first.click()
    expect(page.locator(".timeline li")).to_have_count(3)  # the example pair and the reprint
    # the trace runs in the background; its view (graph, fact history) appears in place
    page.wait_for_selector(".st-trace svg.graph", timeout=MODEL_LOAD_MS)
    shoot(page, "story")
    history = page.locator("#t-history li.history")
    assert history.count() >= 1  # the reprint changed a number and a date
    node = page.locator("svg.graph a.node").first
    node.click()
    expect(node).to_have_class(re.compile(r"\bis-active\b"))
    check_accessibility(page)


def test_static_report_opened_from_a_file(server: str, page: Page, tmp_path: Path) -> None:
    payload = json.dumps(
        {
            "a": {"text": EXAMPLE_A.read_text(encoding="utf-8")},
            "b": {"text": EXAMPLE_B.read_text(encoding="utf-8")},
            "background": True,
        }
    ).encode()
    request = urllib.request.Request(
        server + "/api/compare", data=payload, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        job = json.load(answer)
    deadline = time.monotonic() + MODEL_LOAD_MS / 1000
    while json.load(urllib.request.urlopen(server + job["status_url"]))["state"] != "done":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    report = tmp_path / "report.html"
    with urllib.request.urlopen(f"{server}/jobs/{job['id']}/report.html") as answer:
        report.write_bytes(answer.read())
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    passage = page.locator('.psg[data-side="b"][data-pair]').first
    pair = (passage.get_attribute("data-pair") or "").split()[0]  # "0 1": aligned to two
    passage.click()
    partner = page.locator(f'.psg[data-side="a"][data-pair~="{pair}"]').first
    expect(partner).to_have_class(re.compile(r"\bis-active\b"))
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    check_accessibility(page)
