"""The SSRF guard: what the server refuses to fetch, on the first request and on each redirect."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from storytrace.config import DEFAULT_SETTINGS
from storytrace.errors import UnreachableError
from storytrace.ingest import netguard
from storytrace.ingest.sources import fetch_url

GUARDED = DEFAULT_SETTINGS.with_(allow_private_urls=False)
PAGE = (
    b"<html><body><article><p>"
    + b"A real article paragraph. " * 20
    + b"</p></article></body></html>"
)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.100.100.200",  # carrier-grade NAT range, another cloud's metadata
        "0.0.0.0",
        "::1",
        "fd00:ec2::254",  # unique-local IPv6 (a metadata address)
        "fe80::1%eth0",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "224.0.0.1",
    ],
)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not netguard.is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert netguard.is_public(address)


def test_every_resolved_address_must_be_public() -> None:
    def resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.1.2.3"]  # one public, one internal: refused

    with pytest.raises(UnreachableError, match=r"10\.1\.2\.3, not a public address"):
        netguard.check_url("http://mixed.example/a", resolve)
    netguard.check_url("https://public.example/a", lambda h, p: ["93.184.216.34"])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/",
    ],
)
def test_literal_and_local_names_are_refused_without_network(url: str) -> None:
    with pytest.raises(UnreachableError, match="not a public address"):
        fetch_url(url, GUARDED)


def test_a_redirect_to_an_internal_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    names = {"news.example": ["93.184.216.34"], "internal.example": ["10.0.0.7"]}
    monkeypatch.setattr(netguard, "_resolve", lambda host, port: names[host])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"location": "http://internal.example/secret"})
        return httpx.Response(200, content=b"secret")

    with pytest.raises(UnreachableError, match=r"internal\.example is 10\.0\.0\.7"):
        fetch_url("http://news.example/story", GUARDED, httpx.MockTransport(handler))
    assert seen == ["http://news.example/story"]  # the internal URL was never requested


def test_the_cli_default_still_fetches_local_urls(server: str) -> None:
    raw = fetch_url(server + "/page.html", DEFAULT_SETTINGS)
    assert raw.data == PAGE


def test_a_name_that_rebinds_to_loopback_gets_no_body_read(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check sees a public address; the connection then goes to 127.0.0.1 (DNS rebinding).
    monkeypatch.setattr(netguard, "_resolve", lambda host, port: ["93.184.216.34"])
    with pytest.raises(UnreachableError, match=r"localhost is 127\.0\.0\.1, not a public address"):
        fetch_url(server.replace("127.0.0.1", "localhost") + "/page.html", GUARDED)
    netguard.check_url(server.replace("127.0.0.1", "localhost"))  # the first check passed


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
