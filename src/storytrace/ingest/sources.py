"""Raw bytes from a file or a URL, within the size limit, gunzipped when compressed.

Every failure becomes an ``InputError`` naming the source, so the CLI can print it as is.
The size limit is checked before reading (``stat`` for files, ``Content-Length`` and a
running count for URLs, a capped read for gzip) so a huge input never lands in memory.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import stat
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import httpx

from storytrace.config import Settings
from storytrace.errors import (
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
    UnreachableError,
    UnsupportedInputError,
)
from storytrace.ingest.decode import charset_from_content_type
from storytrace.ingest.netguard import check_peer, request_hooks

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
USER_AGENT = "storytrace/0.1 (+https://pypi.org/project/storytrace/)"


@dataclass(frozen=True, slots=True)
class RawInput:
    """What was read, before decoding: the bytes and what the source says about them."""

    data: bytes
    source: str  # as the user gave it, for messages and Article.source
    name: str  # file name or URL path, without a .gz suffix: tells the format
    url: str | None = None  # final URL after redirects, for URL inputs
    content_type: str | None = None  # media type from the HTTP header, lower case
    charset: str | None = None  # charset from the HTTP header


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, settings: Settings) -> RawInput:
    """Bytes of a local file or a URL, decompressed when gzipped."""
    raw = (
        fetch_url(source, settings) if is_url(source) else read_file(Path(source), source, settings)
    )
    return gunzip(raw, settings)


def special_file(path: str | os.PathLike[str]) -> str | None:
    """What a path is when it is neither a regular file nor a folder (``a FIFO``), else None.

    Reading a FIFO, a socket or a terminal blocks until someone writes to it, and its size
    says nothing (a FIFO reports 0 bytes, which read as "empty file"): such paths are refused
    before they are opened.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def not_regular_problem(what: str) -> str:
    return f"is {what}, not a regular file; expected an article file"


def read_file(path: Path, source: str, settings: Settings) -> RawInput:
    """A local file's bytes; the size is checked before reading."""
    if not path.exists():
        raise InputNotFoundError(source, "no such file")
    if path.is_dir():
        raise UnsupportedInputError(source, "is a directory; expected an article file")
    special = special_file(path)
    if special:
        raise UnsupportedInputError(source, not_regular_problem(special))
    size = path.stat().st_size
    _check_size(size, source, settings)
    if size == 0:
        raise EmptyInputError(source, "empty file; expected article text")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputNotFoundError(source, f"cannot read file ({error.strerror})") from error
    return RawInput(data=data, source=source, name=path.name)


def fetch_url(
    url: str, settings: Settings, transport: httpx.BaseTransport | None = None
) -> RawInput:
    """GET ``url`` following redirects, streaming so the size cap holds mid-download.

    ``settings.url_timeout_s`` bounds the whole fetch (redirects, headers and body together),
    not only each read: a server that trickles one byte every few seconds never trips a
    per-read timeout, so the deadline is checked after every response and every piece of the
    body. A single read still waits at most ``url_timeout_s``, so the worst case is twice it.
    ``transport`` lets tests swap in ``httpx.MockTransport``; normal use leaves it None.
    """
    log.debug("fetching %s", url)
    deadline = time.monotonic() + settings.url_timeout_s

    def check_deadline(_: httpx.Response) -> None:
        _check_deadline(deadline, url, settings)

    try:
        with (
            httpx.Client(
                follow_redirects=True,
                timeout=settings.url_timeout_s,
                headers={"User-Agent": USER_AGENT},
                transport=transport,
                # SSRF guard when serving (netguard) on each request; the overall deadline on
                # each response, redirects included.
                event_hooks={**request_hooks(settings), "response": [check_deadline]},
            ) as client,
            client.stream("GET", url) as response,
        ):
            check_peer(response, settings)
            if response.status_code >= 400:
                phrase = response.reason_phrase or "error"
                raise UnreachableError(url, f"HTTP {response.status_code} {phrase}")
            data = _read_capped(response, url, settings, deadline)
            content_type = response.headers.get("content-type", "")
            final_url = str(response.url)
    except httpx.HTTPError as error:
        raise UnreachableError(url, _describe(error, settings)) from error
    media_type, _, params = content_type.partition(";")
    return RawInput(
        data=data,
        source=url,
        name=httpx.URL(final_url).path.rsplit("/", 1)[-1],
        url=final_url,
        content_type=media_type.strip().lower() or None,
        charset=charset_from_content_type(params),
    )


def _check_deadline(deadline: float, url: str, settings: Settings) -> None:
    if time.monotonic() > deadline:
        raise UnreachableError(
            url,
            f"timed out: the download took longer than {settings.url_timeout_s:g} s "
            "(settings.url_timeout_s)",
        )


def _read_capped(response: httpx.Response, url: str, settings: Settings, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit():
        _check_size(int(declared), url, settings)
    buffer = bytearray()
    for chunk in response.iter_bytes():  # each network read as it comes: the deadline holds
        buffer.extend(chunk)
        _check_deadline(deadline, url, settings)
        if len(buffer) > settings.max_input_bytes:
            raise InputTooLargeError(url, _too_large(settings, "response is larger than"))
    if not buffer:
        raise EmptyInputError(url, "the server sent an empty response")
    return bytes(buffer)


def _describe(error: httpx.HTTPError, settings: Settings) -> str:
    """A reason a person can act on, from httpx's exception."""
    if isinstance(error, httpx.TimeoutException):
        return f"timed out after {settings.url_timeout_s:g} s"
    if isinstance(error, httpx.TooManyRedirects):
        return "too many redirects"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"not a valid URL ({error})"
    message = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        lowered = message.lower()
        if "name or service" in lowered or "nodename" in lowered or "resolution" in lowered:
            return f"could not resolve the host name ({message})"
        return f"could not connect ({message})"
    return f"request failed ({message})"


def gunzip(raw: RawInput, settings: Settings) -> RawInput:
    """Decompress gzip data (found by its magic bytes), capped at the size limit."""
    if not raw.data.startswith(GZIP_MAGIC):
        return raw
    limit = settings.max_input_bytes
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw.data)) as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise UnsupportedInputError(raw.source, f"corrupt gzip data ({error})") from error
    if len(data) > limit:
        raise InputTooLargeError(raw.source, _too_large(settings, "decompresses to more than"))
    if not data:
        raise EmptyInputError(raw.source, "empty file (gzip holds nothing); expected article text")
    name = raw.name[:-3] if raw.name.lower().endswith(".gz") else raw.name
    return RawInput(data, raw.source, name, raw.url, raw.content_type, raw.charset)


def _check_size(size: int, source: str, settings: Settings) -> None:
    if size > settings.max_input_bytes:
        raise InputTooLargeError(source, _too_large(settings, f"{size:,} bytes, more than"))


def _too_large(settings: Settings, what: str) -> str:
    return f"{what} the {settings.max_input_bytes:,}-byte limit (settings.max_input_bytes)"
