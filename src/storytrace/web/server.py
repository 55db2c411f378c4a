"""``storytrace serve``: check the exposure settings, then run the app under uvicorn.

Loopback by default. Any other address serves whoever can reach it, so it needs a token
(``--token`` or ``STORYTRACE_TOKEN``); on loopback the Host header is checked too, so a web
page that rebinds its own name to 127.0.0.1 cannot talk to the server.
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

from storytrace.config import Settings
from storytrace.errors import ConfigError
from storytrace.web.app import WEB_SETTINGS, WebConfig, create_app

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def web_config(
    host: str,
    db: Path | None,
    token: str | None,
    settings: Settings = WEB_SETTINGS,
    cors_origins: tuple[str, ...] = (),
) -> WebConfig:
    """The app's configuration for serving on ``host``; ConfigError when it would be unsafe."""
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"--host {host} is reachable from other machines: set an access token with --token "
            "or STORYTRACE_TOKEN (or serve on 127.0.0.1)"
        )
    if token is not None and len(token) < 16:
        raise ConfigError("the access token must be at least 16 characters")
    if db is not None and not db.is_file():
        raise ConfigError(f"{db}: no corpus database here; run `storytrace ingest` first")
    allowed = (*LOOPBACK_NAMES, host) if is_loopback(host) and ":" not in host else None
    return WebConfig(
        db=db,
        token=token,
        settings=settings,
        allowed_hosts=allowed,
        cors_origins=cors_origins,
    )


def serve(
    host: str,
    port: int,
    db: Path | None = None,
    token: str | None = None,
    settings: Settings = WEB_SETTINGS,
    cors_origins: tuple[str, ...] = (),
) -> None:
    import uvicorn

    config = web_config(host, db, token, settings, cors_origins)
    logging.getLogger("storytrace").setLevel(logging.INFO)
    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
    )
