"""Request guards of the web app: access token, body size cap, security headers.

Written as plain ASGI middleware (no per-request task switching, no buffering of bodies):

- ``TokenGuard``: when the server has a token, every request must carry it, as
  ``Authorization: Bearer …``, a ``?token=…`` query parameter (a browser's first visit: it gets
  a same-site, HTTP-only cookie and a redirect to the URL without the token), or that cookie.
  Compared in constant time.
- ``BodyLimit``: requests whose body is larger than the cap get 413, whether they declare a
  ``Content-Length`` or stream chunks; nothing past the cap is read.
- ``SecurityHeaders``: a Content-Security-Policy that allows only the app's own scripts (the
  report page adds the hashes of its inline scripts), no framing by other sites, no sniffing,
  no referrer. Cross-site form posts (``Sec-Fetch-Site: cross-site``) are refused.

CORS is closed unless origins are configured: without ``Access-Control-Allow-Origin`` a browser
page from another origin cannot read any answer.
"""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

ASGIApp = Any
Scope = dict[str, Any]

TOKEN_COOKIE = "storytrace_token"
CSP = (
    "default-src 'self'; script-src 'self'{extra}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'self'"
)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}


async def _reply(
    send: Any, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class TokenGuard:
    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        bearer = headers.get("authorization", "")
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header: treat as absent
            cookie = SimpleCookie()
        given = [
            bearer[7:] if bearer.lower().startswith("bearer ") else "",
            *query.get("token", []),
            cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else "",
        ]
        if not any(g and secrets.compare_digest(g.encode(), self.token) for g in given):
            await _reply(
                send,
                401,
                "this server needs its access token: Authorization: Bearer <token>, "
                "or open it once with ?token=<token>",
                [(b"www-authenticate", b"Bearer")],
            )
            return
        if not query.get("token"):
            await self.app(scope, receive, send)
            return
        # A first visit with ?token=: set the cookie and send the browser to the same page
        # without the token, so it stays out of the address bar, history and bookmarks.
        rest = [(k, v) for k, vs in query.items() if k != "token" for v in vs]
        location = (
            scope.get("root_path", "") + scope["path"] + ("?" + urlencode(rest) if rest else "")
        )
        cookie_value = f"{TOKEN_COOKIE}={self.token.decode()}; HttpOnly; SameSite=Strict; Path=/"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"set-cookie", cookie_value.encode()),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body over the {self.max_bytes:,}-byte limit of this server"
        declared = _headers(scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _reply(send, 413, message)
            return
        seen = 0
        started = refused = False

        async def counted() -> dict[str, Any]:
            # Past the cap: answer 413 now, tell the app the client left, drop what it sends.
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            event: dict[str, Any] = await receive()
            if event["type"] == "http.request":
                seen += len(event.get("body", b""))
                if seen > self.max_bytes and not started:
                    refused = True
                    await _reply(send, 413, message)
                    return {"type": "http.disconnect"}
            return event

        async def tracked(event: dict[str, Any]) -> None:
            nonlocal started
            if refused:
                return
            started = started or event["type"] == "http.response.start"
            await send(event)

        await self.app(scope, counted, tracked)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        if scope["method"] == "POST" and headers.get("sec-fetch-site") == "cross-site":
            await _reply(send, 403, "cross-site requests are refused")
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                added = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                ]
                if b"content-security-policy" not in present:
                    added.append((b"content-security-policy", CSP.format(extra="").encode()))
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, with_headers)
