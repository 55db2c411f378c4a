"""URL loading against a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from storytrace.config import Settings
from storytrace.errors import InputTooLargeError, UnreachableError
from storytrace.ingest import load_article
from storytrace.ingest.sources import fetch_url

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = (FIXTURES / "article.html").read_bytes()
PLAIN = (FIXTURES / "wire_byline.txt").read_bytes()
SLOW_SECONDS = 1.0
TRICKLE_GAP_S = 0.1


class _Handler(BaseHTTPRequestHandler):
    """A few fixed routes, each exercising one path through the fetcher."""

    def do_GET(self) -> None:
        route = {
            "/article": lambda: self._send(200, ARTICLE, "text/html; charset=utf-8"),
            "/story": lambda: self._send(200, PLAIN, "text/plain"),
            "/story.txt.gz": lambda: self._send(200, gzip.compress(PLAIN), "application/gzip"),
            "/moved": self._redirect,
            "/slow": self._slow,
            "/endless": self._endless,
            "/trickle": self._trickle,
            "/loop": lambda: self._redirect_to("/loop"),
            "/to-file": lambda: self._redirect_to("file:///etc/passwd"),
            "/huge": lambda: self._send(200, b"x" * 5000, "text/plain"),
        }.get(self.path)
        if route is None:
            self._send(404, b"not here", "text/plain")
        else:
            route()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may give up first (timeout, size cap): that is the test.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def _redirect(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/article")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _slow(self) -> None:
        time.sleep(SLOW_SECONDS)
        self._send(200, PLAIN, "text/plain")

    def _endless(self) -> None:
        """No Content-Length: only counting while streaming can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(64):
                self.wfile.write(b"y" * 1024)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _redirect_to(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _trickle(self) -> None:
        """One byte at a time, well within any per-read timeout, for ever (a hostile server)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"z")
                self.wfile.flush()
                time.sleep(TRICKLE_GAP_S)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment must not carry requests meant for 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_ingest_url_html_page(server: str) -> None:
    article = load_article(f"{server}/article")
    assert article.source == f"{server}/article"
    assert article.text.startswith("Armenia and Azerbaijan agreed on Thursday")
    assert article.outlet == "Caucasus Daily"


def test_ingest_url_follows_redirects(server: str) -> None:
    article = load_article(f"{server}/moved")
    assert article.source == f"{server}/moved"
    assert article.title == "Armenia and Azerbaijan agree to resume border talks"


def test_ingest_url_plain_text_and_gzip(server: str) -> None:
    plain = load_article(f"{server}/story")
    assert plain.title == "Armenia and Azerbaijan agree to resume border demarcation talks"
    assert load_article(f"{server}/story.txt.gz").text == plain.text


def test_ingest_url_http_error_status(server: str) -> None:
    with pytest.raises(UnreachableError, match=r"/missing: HTTP 404 Not Found$"):
        load_article(f"{server}/missing")


def test_ingest_url_connection_refused() -> None:
    url = f"http://127.0.0.1:{closed_port()}/article"
    with pytest.raises(UnreachableError, match="could not connect") as caught:
        load_article(url)
    assert str(caught.value).startswith(f"{url}: ")


def test_ingest_url_timeout(server: str) -> None:
    with pytest.raises(UnreachableError, match=r"timed out after 0.2 s"):
        load_article(f"{server}/slow", Settings(url_timeout_s=0.2))


def test_ingest_url_size_cap_from_content_length(server: str) -> None:
    with pytest.raises(InputTooLargeError, match="5,000 bytes"):
        load_article(f"{server}/huge", Settings(max_input_bytes=1000))


def test_ingest_url_size_cap_while_streaming(server: str) -> None:
    with pytest.raises(InputTooLargeError, match="response is larger than"):
        load_article(f"{server}/endless", Settings(max_input_bytes=10_000))


def test_ingest_url_dns_failure_is_named() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    url = "https://no-such-host.invalid/story"
    with pytest.raises(UnreachableError, match="could not resolve the host name"):
        fetch_url(url, Settings(), transport=httpx.MockTransport(refuse))


def test_ingest_url_trickling_server_hits_the_overall_deadline(server: str) -> None:
    """A byte every 0.1 s never trips a 0.5 s per-read timeout; the overall deadline stops it."""
    with pytest.raises(UnreachableError, match=r"took longer than 0.5 s"):
        load_article(f"{server}/trickle", Settings(url_timeout_s=0.5))


def test_ingest_url_redirect_loop(server: str) -> None:
    with pytest.raises(UnreachableError, match="too many redirects"):
        load_article(f"{server}/loop")


def test_ingest_url_redirect_to_a_local_file_is_refused(server: str) -> None:
    """A server must not make us read file:///etc/passwd."""
    with pytest.raises(UnreachableError, match="not a valid URL") as caught:
        load_article(f"{server}/to-file")
    assert "\n" not in str(caught.value)
