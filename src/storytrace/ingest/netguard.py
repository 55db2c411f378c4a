"""SSRF guard for URL fetches made on someone else's behalf (the web app).

When ``Settings.allow_private_urls`` is False, ``fetch_url`` refuses any URL whose host
resolves to an address that is not public: loopback, private (RFC 1918, unique-local IPv6),
link-local (which holds the cloud metadata service, 169.254.169.254), carrier-grade NAT
(100.64/10, where another cloud's metadata lives), multicast, reserved or unspecified. Every
address a name resolves to must be public, not just the first, and the check runs again for
every redirect (httpx calls request hooks for each hop). After connecting, the address actually
connected to is checked too, so a name that re-resolves to an internal address between the
check and the connection (DNS rebinding) gets no response body read.

The CLI leaves the flag at True: a user fetching ``http://localhost:8000/page.html`` on their
own machine is not an attack.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

import httpx

from storytrace.config import Settings
from storytrace.errors import UnreachableError

Resolver = Callable[[str, int], list[str]]

_REFUSAL = (
    "refused: {host} is {address}, not a public address (the server fetches public URLs only)"
)


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnreachableError(host, f"could not resolve the host name ({error})") from error
    return [str(info[4][0]) for info in infos]


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as its IPv4)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str | httpx.URL, resolve: Resolver | None = None) -> None:
    """Raise ``UnreachableError`` unless every address ``url``'s host resolves to is public."""
    parsed = httpx.URL(str(url))
    if parsed.scheme not in ("http", "https"):
        raise UnreachableError(str(url), "refused: only http and https URLs are fetched")
    host = parsed.host
    if not host:
        raise UnreachableError(str(url), "refused: the URL has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = (resolve or _resolve)(host, port)
    if not addresses:
        raise UnreachableError(str(url), f"could not resolve the host name {host}")
    for address in addresses:
        if not is_public(address):
            raise UnreachableError(str(url), _REFUSAL.format(host=host, address=address))


def request_hooks(settings: Settings, resolve: Resolver | None = None) -> dict[str, list[Any]]:
    """httpx ``event_hooks`` that vet each request (the first and every redirect)."""
    if settings.allow_private_urls:
        return {}

    def vet(request: httpx.Request) -> None:
        check_url(request.url, resolve)

    return {"request": [vet]}


def check_peer(response: httpx.Response, settings: Settings) -> None:
    """Refuse a response whose connection went to a non-public address (DNS rebinding)."""
    if settings.allow_private_urls:
        return
    stream = response.extensions.get("network_stream")
    if stream is None:  # an in-memory transport (tests): nothing was connected to
        return
    peer = stream.get_extra_info("server_addr")
    if peer and not is_public(str(peer[0])):
        url = str(response.url)
        raise UnreachableError(url, _REFUSAL.format(host=response.url.host, address=peer[0]))
