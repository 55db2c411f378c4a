"""Untrusted strings become inert text: no markup, no terminal escapes, linear printing."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from storytrace.report import safe
from storytrace.report.words import plural, rate


def test_control_characters_are_shown_not_executed():
    assert safe.clean("a\x1b[2Jb") == "a␛[2Jb"
    assert safe.clean("title\x1b]0;pwned\x07") == "title␛]0;pwned␇"
    assert safe.clean("csi\x9b31m") == "csi\\x9b31m"
    assert safe.clean("rtl\u202eevil") == "rtl\\u202eevil"
    assert safe.clean("tab\tand\nnewline stay") == "tab\tand\nnewline stay"


@given(st.text())
def test_clean_leaves_no_control_character(value):
    cleaned = safe.clean(value)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in cleaned)
    assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)


@given(st.text())
def test_text_prints_any_string_literally_without_crashing(value):
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(safe.text(value), soft_wrap=True)
    assert "\x1b" not in out.getvalue()


def test_markup_in_untrusted_text_is_printed_literally():
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None)
    console.print(safe.text("[/bold] and [bold red]INJECT[/]"))
    assert out.getvalue().strip() == "[/bold] and [bold red]INJECT[/]"


def test_long_text_is_printed_unwrapped_on_one_line():
    body = "word " * (safe.LONG_TEXT // 4)
    out = io.StringIO()
    safe.print_long(Console(file=out, width=80, color_system=None), body + "\x1b[2J")
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].endswith("␛[2J")


def test_one_line_collapses_and_clips():
    assert safe.one_line("a \n\n b   c", 4) == "a b…"
    assert safe.one_line(None) == ""


def test_plural_and_rate_read_naturally():
    assert plural(1, "block") == "1 block" and plural(2, "block") == "2 blocks"
    assert plural(1, "story", "stories") == "1 story"
    assert plural(1204, "story", "stories") == "1,204 stories"
    assert rate(93510.4, "articles") == "94k articles/s"
    assert rate(1234, "articles") == "1.2k articles/s"
    assert rate(42.7, "articles") == "43 articles/s"
    assert rate(0.25, "articles") == "0.25 articles/s"
    assert rate(None, "articles") == "… articles/s"
