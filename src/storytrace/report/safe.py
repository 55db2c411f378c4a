"""Untrusted strings (article text, titles, authors, URLs, file names) as inert terminal text.

rich reads ``[bold]`` in a plain ``str`` as markup (``[/bold]`` alone raises MarkupError) and
passes ESC, OSC and other control characters to the terminal untouched, so a hostile article
could crash a report, hide words, clear the screen or retitle the window. Every renderer builds
what came from outside through :func:`text`, which returns a ``rich.text.Text`` (never parsed as
markup) with control characters replaced by visible escapes.

Printing is linear in the text size: :func:`print_long` hands texts over ``LONG_TEXT`` to the
terminal unwrapped (rich's own wrapping grows faster than linear: 1 MB took 1.4 s, 4 MB ~20 s).
"""

from __future__ import annotations

import os
import re
import sys

from rich.console import Console
from rich.text import Text

# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI on some
# terminals), and the bidirectional overrides/isolates that reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LONG_TEXT = 20_000  # characters; above this a text is printed without rich's word wrapping


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "␡"
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


def clean(value: object) -> str:
    """``value`` as a string with every control character shown, not executed."""
    return _CONTROL.sub(_escape, str(value))


def text(value: object | None, style: str = "", *, empty: str = "—") -> Text:
    """Untrusted ``value`` as a Text in ``style`` (``empty``, dimmed, when it is None or blank)."""
    if value is None or str(value) == "":
        return Text(empty, style="dim")
    return Text(clean(value), style=style)


def one_line(value: object | None, limit: int | None = None) -> str:
    """Whitespace collapsed to single spaces, clipped to ``limit`` characters with an ellipsis."""
    flat = " ".join(clean(value or "").split())
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat


def print_long(console: Console, body: Text | str, **kwargs: object) -> None:
    """Print ``body`` (already safe); long texts skip rich's wrapping so time stays linear."""
    content = body if isinstance(body, Text) else Text(clean(body))
    if len(content) > LONG_TEXT:
        console.print(content, soft_wrap=True, **kwargs)  # type: ignore[arg-type]
    else:
        console.print(content, **kwargs)  # type: ignore[arg-type]


EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for `yes | head`


def quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class PipeConsole(Console):
    """A console that ends quietly with status 141 when its reader goes away (``| head``).

    rich's default exits 1, which reads as a failure in ``set -o pipefail`` scripts although
    nothing went wrong.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        quiet_stdout()
        raise SystemExit(EXIT_BROKEN_PIPE)
