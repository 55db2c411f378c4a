"""The web app: FastAPI over ``storytrace.api`` and the corpus API, pages and a JSON API.

Pages are rendered on the server (jinja2, autoescaped: article text is always text); the
little script there is (``static/app.js``) polls job progress and is served by the app, as is
everything else (no CDN). Long work runs as background jobs (``storytrace.web.jobs``); every
page that shows a result has a JSON twin under ``/api``. Models load once per process: the
library caches the embedder (``get_embedder``) and the spaCy pipeline (``load_nlp``), and
``create_app`` warms neither, so the first compare pays the load and the rest do not.

Article inputs: pasted text, uploads, or URLs. URLs go through the CLI's reader with
``allow_private_urls=False`` (the SSRF guard in ``storytrace.ingest.netguard``) and capped size
and time; request bodies are capped (``guard.BodyLimit``).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from storytrace import __version__, api, corpus
from storytrace.config import DEFAULT_SETTINGS, Settings
from storytrace.errors import InputError, StorytraceError, TooFewArticlesError
from storytrace.models import Article, Comparison, StoryTrace
from storytrace.report import html as report_html
from storytrace.serialize import to_data
from storytrace.web.guard import CSP, BodyLimit, SecurityHeaders, TokenGuard
from storytrace.web.inputs import ArticleInput, load_input, load_pair
from storytrace.web.jobs import BusyError, Job, JobRegistry, JobState, Report
from storytrace.web.search import filter_stories

# What the server's own fetches and reads may take: a news page is < 2 MB.
WEB_SETTINGS = DEFAULT_SETTINGS.with_(
    allow_private_urls=False, max_input_bytes=5_000_000, url_timeout_s=10.0
)
MAX_TRACE_ARTICLES = 30
STORY_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Everything ``create_app`` needs; ``storytrace serve`` builds it from its options."""

    db: Path | None = None  # corpus database to browse (opened read-only per request)
    token: str | None = None  # when set, every request must carry it
    settings: Settings = WEB_SETTINGS
    max_request_bytes: int = 12_000_000  # two 5 MB uploads and the form around them
    # Compares whose two texts together are shorter than this answer /api/compare at once;
    # longer ones (and URLs, which wait on other servers) become jobs. The example pair is
    # ~9k characters and takes ~2-4 s cold on two cores, well under a second warm.
    sync_compare_chars: int = 60_000
    workers: int = 2  # compute threads: the models are shared, more threads only queue on cores
    keep_jobs: int = 200
    allowed_hosts: tuple[str, ...] | None = None  # Host header check (DNS rebinding on loopback)
    cors_origins: tuple[str, ...] = field(default=())  # empty: CORS closed


# --- API models ------------------------------------------------------------------------------


class TextIn(BaseModel):
    """An article's text: plain, HTML or JSON, read as a file would be."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    name: str | None = Field(
        default=None, max_length=200, description="shown as its source; its suffix tells the format"
    )


class UrlIn(BaseModel):
    """An article the server fetches (public http(s) addresses only)."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=1, max_length=2000)


ArticleIn = TextIn | UrlIn


class CompareIn(BaseModel):
    a: ArticleIn
    b: ArticleIn
    background: bool = Field(
        default=False, description="always run as a job (202 + job), even when small"
    )


class TraceIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=2, max_length=MAX_TRACE_ARTICLES)


class ErrorOut(BaseModel):
    """Why a request could not be served: one line naming the input and the problem."""

    detail: str


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorOut} for code in codes}


class JobOut(BaseModel):
    id: str
    kind: str
    title: str
    state: str
    stage: str
    done: int
    total: int
    error: str | None
    seconds: float
    status_url: str = ""
    result_url: str = ""


# --- helpers ---------------------------------------------------------------------------------


def _input(given: ArticleIn, label: str) -> ArticleInput:
    if isinstance(given, UrlIn):
        return ArticleInput(label=label, url=given.url)
    if given.name:
        return ArticleInput(label=label, data=given.text.encode(), filename=given.name)
    return ArticleInput(label=label, text=given.text)


def _job_out(job: Job) -> dict[str, Any]:
    return {
        **job.status(),
        "status_url": f"/api/jobs/{job.id}",
        "result_url": f"/api/jobs/{job.id}/result",
    }


def _fragment(result: Comparison | StoryTrace) -> str:
    """The static report's view of ``result`` (same records, same markup, escaped text)."""
    if isinstance(result, Comparison):
        return report_html.render_comparison_fragment(result)
    return report_html.render_trace_fragment(result)


_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def _script_hashes(document: str) -> str:
    """CSP source list allowing exactly the inline scripts of ``document`` (the report's)."""
    found = {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(document)
    }
    return "".join(" " + h for h in sorted(found))


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The ASGI app. One registry, one set of templates; nothing heavy is loaded here."""
    config = config or WebConfig()
    settings = config.settings
    registry = JobRegistry(workers=config.workers, keep=config.keep_jobs)
    here = resources.files("storytrace.web")
    templates = Jinja2Templates(directory=str(here / "templates"))
    templates.env.globals.update(version=__version__, has_db=config.db is not None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        registry.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="storytrace",
        version=__version__,
        description="Compare news articles, trace a story, browse a corpus. "
        "Every page has a JSON twin here.",
        docs_url=None,  # the interactive docs load their assets from a CDN: not served
        redoc_url=None,
    )
    app.state.registry = registry
    app.state.config = config
    app.mount("/static", StaticFiles(directory=str(here / "static")), name="static")
    app.add_middleware(SecurityHeaders)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"]
        )
    if config.allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts))
    app.add_middleware(BodyLimit, max_bytes=config.max_request_bytes)
    if config.token:
        app.add_middleware(TokenGuard, token=config.token)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    async def compute(work: Callable[[], Any]) -> Any:
        """Run ``work`` on the job pool and wait: compute never runs on more than ``workers``
        threads, however many requests come in (memory stays flat under load)."""
        return await asyncio.wrap_future(registry.run(work))

    # --- compare -----------------------------------------------------------------------------

    def compare_job(a: ArticleInput, b: ArticleInput, report: Report) -> Comparison:
        report("reading the articles", 0, 2)
        article_a, article_b = load_pair(a, b, settings)
        report("aligning and comparing", 1, 2)
        return api.compare_articles(article_a, article_b, settings)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return page(request, "compare.html", error=None)

    @app.post("/compare", include_in_schema=False)
    async def compare_form(request: Request) -> Response:
        form = await request.form(
            max_files=2, max_fields=20, max_part_size=config.max_request_bytes
        )
        try:
            a = await _form_input(form, "a", "A")
            b = await _form_input(form, "b", "B")
        except InputError as error:
            return page(request, "compare.html", status=422, error=str(error))
        job = registry.submit("compare", f"{a.display} vs {b.display}", partial(compare_job, a, b))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/api/compare", responses={202: {"model": JobOut}, **_errors(400, 429)})
    async def compare_api(body: CompareIn) -> Any:
        """Compare two articles: the ``Comparison`` as ``storytrace compare --json`` writes it.

        Small pasted pairs answer at once; URLs, long texts and ``background: true`` answer 202
        with a job to poll at ``status_url`` and fetch at ``result_url``.
        """
        a, b = _input(body.a, "A"), _input(body.b, "B")
        size = sum(len(side.text) for side in (body.a, body.b) if isinstance(side, TextIn))
        if body.background or a.url or b.url or size > config.sync_compare_chars:
            job = registry.submit(
                "compare", f"{a.display} vs {b.display}", partial(compare_job, a, b)
            )
            return JSONResponse(_job_out(job), status_code=202)
        try:
            result = await compute(partial(compare_job, a, b, lambda *_: None))
        except BusyError:
            raise  # 429, not a bad input
        except StorytraceError as error:
            raise HTTPException(400, " ".join(str(error).split())) from error
        return to_data(result)

    # --- trace -------------------------------------------------------------------------------

    def trace_job(inputs: list[ArticleInput], report: Report) -> StoryTrace:
        articles: list[Article] = []
        seen: dict[str, str] = {}
        for number, given in enumerate(inputs, start=1):
            report("reading the articles", number - 1, len(inputs))
            article = load_input(given, settings)
            if article.id in seen:
                continue  # the same text twice: trace keeps one (as a folder with a copy does)
            seen[article.id] = given.display
            articles.append(article)
        if len(articles) < 2:
            raise TooFewArticlesError(
                "trace", f"trace needs at least two different articles; got {len(articles)}"
            )
        return api.trace_articles(articles, settings, progress=report)

    @app.get("/trace", response_class=HTMLResponse, include_in_schema=False)
    def trace_page(request: Request) -> HTMLResponse:
        return page(request, "trace.html", error=None, max_articles=MAX_TRACE_ARTICLES)

    @app.post("/trace", include_in_schema=False)
    async def trace_form(request: Request) -> Response:
        form = await request.form(
            max_files=MAX_TRACE_ARTICLES, max_fields=20, max_part_size=config.max_request_bytes
        )
        inputs: list[ArticleInput] = []
        for upload in form.getlist("files"):
            if isinstance(upload, UploadFile) and upload.filename:
                inputs.append(
                    ArticleInput(
                        label=f"article {len(inputs) + 1}",
                        data=await upload.read(),
                        filename=upload.filename,
                    )
                )
        urls = str(form.get("urls") or "")
        for line in urls.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                inputs.append(ArticleInput(label=f"article {len(inputs) + 1}", url=line.strip()))
        error = None
        if len(inputs) < 2:
            error = "trace needs at least two articles: upload files or list URLs, one a line"
        elif len(inputs) > MAX_TRACE_ARTICLES:
            error = f"at most {MAX_TRACE_ARTICLES} articles per trace on this server"
        if error:
            return page(
                request, "trace.html", status=422, error=error, max_articles=MAX_TRACE_ARTICLES
            )
        job = registry.submit("trace", f"{len(inputs)} articles", partial(trace_job, inputs))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/api/trace", status_code=202, response_model=JobOut, responses=_errors(429))
    def trace_api(body: TraceIn) -> Any:
        """Trace a set of articles (a background job): the ``StoryTrace`` at ``result_url``."""
        inputs = [_input(given, f"article {n}") for n, given in enumerate(body.articles, 1)]
        job = registry.submit("trace", f"{len(inputs)} articles", partial(trace_job, inputs))
        return _job_out(job)

    # --- jobs --------------------------------------------------------------------------------

    def find_job(job_id: str) -> Job:
        job = registry.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r} (finished jobs are kept a while only)")
        return job

    @app.get("/api/jobs/{job_id}", response_model=JobOut, responses=_errors(404))
    def job_status(job_id: str) -> Any:
        """Where a job stands: state, stage, done/total; poll until ``done`` or ``failed``."""
        return _job_out(find_job(job_id))

    @app.get("/api/jobs/{job_id}/result", responses=_errors(404, 409))
    def job_result(job_id: str) -> Any:
        """A finished job's result: a ``Comparison`` or a ``StoryTrace`` as JSON."""
        job = find_job(job_id)
        if job.state is JobState.FAILED:
            raise HTTPException(409, f"job {job_id} failed: {job.error}")
        if job.state is not JobState.DONE:
            raise HTTPException(409, f"job {job_id} is {job.state.value}; poll {job.id} first")
        return to_data(job.result)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: str) -> Response:
        """Progress while the job runs; then the report view of its result, in the app."""
        job = find_job(job_id)
        if job.state is JobState.FAILED:
            return page(request, "job.html", status=422, job=job)
        if job.state is not JobState.DONE:
            return page(request, "job.html", job=job)
        return page(request, "report.html", job=job, fragment=_fragment(job.result))

    @app.get("/jobs/{job_id}/fragment", response_class=HTMLResponse, include_in_schema=False)
    def job_fragment(job_id: str) -> Response:
        """The report view alone, for a page that shows it in place (the story page)."""
        job = finished(job_id)
        return HTMLResponse('<div class="st-report">' + _fragment(job.result) + "</div>")

    @app.get("/jobs/{job_id}/report.html", include_in_schema=False)
    def job_report(job_id: str) -> Response:
        """The static report: one self-contained file, as ``--html`` writes it."""
        job = finished(job_id)
        if isinstance(job.result, Comparison):
            document = report_html.render_comparison(job.result)
        else:
            document = report_html.render_trace(job.result)
        return HTMLResponse(
            document,
            headers={
                "content-security-policy": CSP.format(extra=_script_hashes(document)),
                "content-disposition": f'inline; filename="storytrace-{job.kind}.html"',
            },
        )

    def finished(job_id: str) -> Job:
        job = find_job(job_id)
        if job.state is not JobState.DONE:
            raise HTTPException(409, job.error or f"job {job_id} is {job.state.value}")
        return job

    @app.get("/assets/report.css", include_in_schema=False)
    def report_css() -> Response:
        return Response(report_html.REPORT_CSS, media_type="text/css")

    @app.get("/assets/report.js", include_in_schema=False)
    def report_js() -> Response:
        return Response(report_html.REPORT_JS, media_type="text/javascript")

    # --- corpus ------------------------------------------------------------------------------

    def store() -> corpus.CorpusStore:
        if config.db is None:
            raise HTTPException(404, "no corpus database: start the server with --db FILE")
        try:
            return corpus.open_store(config.db, read_only=True)
        except StorytraceError as error:
            raise HTTPException(503, " ".join(str(error).split())) from error

    def search(
        q: str, outlet: str, since: str, until: str, min_size: int, limit: int, offset: int
    ) -> tuple[list[corpus.StorySummary], int]:
        with store() as opened:
            try:
                found = corpus.list_stories(opened, limit=1_000_000, min_size=min_size)
            except StorytraceError as error:
                raise HTTPException(409, " ".join(str(error).split())) from error
        matched = filter_stories(found, q, outlet, since, until)
        return matched[offset : offset + limit], len(matched)

    @app.get("/api/stories", responses=_errors(404, 409, 503))
    def stories_api(
        q: str = Query("", max_length=200, description="words in the headline, outlet or id"),
        outlet: str = Query("", max_length=200),
        since: str = Query("", max_length=10, description="first date, YYYY-MM-DD"),
        until: str = Query("", max_length=10, description="last date, YYYY-MM-DD"),
        min_size: int = Query(2, ge=1, le=1_000_000),
        limit: int = Query(20, ge=1, le=500),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> Any:
        """Stories, biggest first, as ``storytrace stories --json`` lists them, filtered."""
        found, total = search(q, outlet, since, until, min_size, limit, offset)
        return {"total": total, "stories": [asdict(s) for s in found]}

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        request: Request,
        q: str = Query("", max_length=200),
        outlet: str = Query("", max_length=200),
        since: str = Query("", max_length=10),
        until: str = Query("", max_length=10),
        min_size: int = Query(2, ge=1),
        page_number: int = Query(1, ge=1, alias="page"),
    ) -> HTMLResponse:
        offset = (page_number - 1) * STORY_PAGE_SIZE
        found, total = search(q, outlet, since, until, min_size, STORY_PAGE_SIZE, offset)
        return page(
            request,
            "stories.html",
            stories=found,
            total=total,
            query={"q": q, "outlet": outlet, "since": since, "until": until, "min_size": min_size},
            page_number=page_number,
            pages=max(1, -(-total // STORY_PAGE_SIZE)),
        )

    def view(story_id: str) -> corpus.StoryView:
        with store() as opened:
            try:
                return corpus.story_view(opened, story_id)
            except StorytraceError as error:
                raise HTTPException(404, " ".join(str(error).split())) from error

    def story_trace_job(story_id: str) -> Job:
        """One trace job per story per process (the graph is the slow part of a story page)."""
        key = f"story:{story_id}"
        known = traces.get(key)
        job = registry.get(known) if known else None
        if job is None or job.state is JobState.FAILED:

            def work(report: Report) -> StoryTrace:
                with store() as opened:
                    return corpus.trace_story(
                        opened, story_id, MAX_TRACE_ARTICLES, settings, progress=report
                    )

            job = registry.submit("story-trace", f"story {story_id}", work)
            traces[key] = job.id
        return job

    traces: dict[str, str] = {}

    @app.get("/api/stories/{story_id}", responses=_errors(404, 409, 503))
    def story_api(story_id: str) -> Any:
        """One story as ``storytrace story --json --no-align`` shows it; its trace is a job."""
        found = view(story_id)
        job = story_trace_job(story_id) if len(found.articles) > 1 else None
        return {**found.to_data(), "trace_job": _job_out(job) if job else None}

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        found = view(story_id)
        job = story_trace_job(story_id) if len(found.articles) > 1 else None
        return page(request, "story.html", view=found, job=job)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.exception_handler(BusyError)
    async def _busy(request: Request, error: BusyError) -> Response:
        return JSONResponse({"detail": str(error)}, status_code=429, headers={"retry-after": "60"})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        accept = request.headers.get("accept", "")
        if "text/html" in accept and not request.url.path.startswith("/api/"):
            return page(request, "error.html", status=error.status_code, message=error.detail)
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)

    return app


async def _form_input(form: Any, side: str, label: str) -> ArticleInput:
    """Side ``side`` of the compare form: an upload, else a URL, else pasted text."""
    upload = form.get(f"{side}_file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        if data:
            return ArticleInput(label=label, data=data, filename=upload.filename)
    url = str(form.get(f"{side}_url") or "").strip()
    if url:
        return ArticleInput(label=label, url=url)
    text = str(form.get(f"{side}_text") or "")
    if text.strip():
        return ArticleInput(label=label, text=text)
    raise InputError(f"article {label}", "give its text, a file, or a URL")
