"""Bytes to text: refuse binaries early, then find the encoding in order of evidence.

The order is strongest evidence first: a byte-order mark, then the charset an HTML page
declares, then UTF-8 (which random bytes almost never pass), then cp1252 (what legacy
Western pages use, accepted only when the result looks like a Latin-script language), and
only then charset-normalizer's statistical guess.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from lxml import etree
from lxml import html as lxml_html

from storytrace.errors import BinaryInputError, DecodingError, EmptyInputError

# File signatures of formats people drop in by mistake (checked before anything else).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_EXPECTED = "expected text, HTML or JSON"
_SNIFF_BYTES = 8192  # NUL bytes and meta charsets show up in the first few KB
# cp1252 decodes almost any byte string; in real Western-European text most letters are
# still ASCII (French, German, Portuguese news: well under 15 % accented letters). A
# Cyrillic or Greek legacy file read as cp1252 is nearly all accented letters instead.
_MAX_NON_ASCII_LETTERS = 0.3
# charset-normalizer's "chaos" (share of odd characters) above this is not text.
_MAX_CHAOS = 0.2
# Real pages carry the odd stray control character (a \x0b from a CMS, a \x1a from an old
# editor); binaries without NUL bytes have thousands (~12 % of random bytes). The share only
# decides between candidate legacy encodings: text that is valid UTF-8 is read as UTF-8 however
# many escape sequences it holds (they are stripped below), up to _MAX_CONTROL_SHARE_UTF8.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_MAX_CONTROL_SHARE = 0.001
_C0_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE_UTF8 = 0.1  # a text log with colours stays under 5 %; a binary is ~12 %
# Terminal escape sequences (CSI ``ESC [ … m``, OSC ``ESC ] … BEL``, two-byte ``ESC x``) and
# every other C0/C1 control except tab, newline and carriage return. Article text is shown in
# terminals and pages: a ``\x1b[2J`` in a story must not clear a reader's screen, and nothing
# downstream (segmentation, parsing, storage) wants them.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x9b[0-?]*[ -/]*[@-~]"  # C1 CSI
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
)
_STRIPPED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACE_CONTROL = re.compile(r"[\x0b\x0c]")  # vertical tab, form feed: word separators


def strip_controls(text: str) -> str:
    """``text`` without terminal escape sequences and control characters (tab and newlines
    stay; vertical tab and form feed become spaces). Applied to every article's text and
    metadata at ingest, whatever the format, so what is stored and returned is clean."""
    if text.isprintable() or not _has_control(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _SPACE_CONTROL.sub(" ", text)
    return _STRIPPED_CONTROL.sub("", text)


def _has_control(text: str) -> bool:
    return bool(_STRIPPED_CONTROL.search(text) or _SPACE_CONTROL.search(text))


def check_not_binary(data: bytes, source: str) -> None:
    """Refuse known binary formats and anything with NUL bytes, naming what it looks like."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(source, f"binary file (looks like {what}); {_EXPECTED}")
    if _bom_encoding(data) is None and b"\x00" in data[:_SNIFF_BYTES]:
        raise BinaryInputError(source, f"binary file (found NUL bytes); {_EXPECTED}")


def decode(data: bytes, source: str, *, declared: str | None = None, html: bool = False) -> str:
    """Text of ``data``; ``declared`` is a charset from elsewhere (an HTTP header).

    Raises EmptyInputError for nothing-but-whitespace, BinaryInputError for binaries and
    DecodingError when no encoding gives plausible text.
    """
    check_not_binary(data, source)
    text = _decode(data, declared, html)
    if text is None:
        # C0 bytes are controls in every ASCII-compatible encoding (high bytes depend on it)
        share = len(_C0_BYTES.findall(data)) / max(len(data), 1)
        if share > _MAX_CONTROL_SHARE:
            raise BinaryInputError(
                source,
                f"not text: {share:.1%} of it is control characters (at most "
                f"{_MAX_CONTROL_SHARE:.1%} in text that is not UTF-8); {_EXPECTED}",
            )
        raise DecodingError(
            source,
            "could not determine the text encoding (not UTF-8, not cp1252, no charset "
            "declared); save it as UTF-8",
        )
    share = _control_share(text)
    if share > _MAX_CONTROL_SHARE_UTF8:
        raise BinaryInputError(
            source, f"not text: {share:.0%} of it is control characters; {_EXPECTED}"
        )
    text = strip_controls(text.lstrip("\ufeff"))
    if not text.strip():
        raise EmptyInputError(source, "empty file (only whitespace); expected article text")
    return text


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _decode(data: bytes, declared: str | None, html: bool) -> str | None:
    bom = _bom_encoding(data)
    if bom:
        return _try(data, bom)
    utf8 = _try(data, "utf-8", controls_checked=False)
    declared = declared or (sniff_html_charset(data) if html else None)
    if declared and declared != "utf-8":
        # A declared single-byte charset loses to valid multi-byte UTF-8: cp1252 text is
        # practically never valid UTF-8 by accident, while mislabelled UTF-8 pages are common.
        if utf8 is not None and not utf8.isascii():
            return utf8
        text = _try(data, declared)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    text = _try(data, "cp1252")
    if text is not None and _plausible_latin(text):
        return text
    return _guess(data)


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _try(data: bytes, encoding: str, *, controls_checked: bool = True) -> str | None:
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    return text if not controls_checked or _no_control_chars(text) else None


def _no_control_chars(text: str) -> bool:
    """Text holds (almost) no control characters other than tab, newlines and form feed."""
    count = len(_CONTROL.findall(text))
    return count <= _MAX_CONTROL_SHARE * len(text)


def _plausible_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for ch in letters if not ch.isascii())
    return non_ascii / len(letters) <= _MAX_NON_ASCII_LETTERS


def _guess(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        return None
    text = str(best)
    return text if _no_control_chars(text) else None


def sniff_html_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv`` (first 8 KB)."""
    head = data[:_SNIFF_BYTES].decode("latin-1")
    try:
        tree = lxml_html.fromstring(head)
    except (ValueError, etree.ParserError):
        return None
    for meta in tree.iter("meta"):
        charset = meta.get("charset")
        if charset:
            return _normalise_charset(charset)
        if (meta.get("http-equiv") or "").lower() == "content-type":
            return charset_from_content_type(meta.get("content") or "")
    return None


def charset_from_content_type(value: str) -> str | None:
    """``text/html; charset=ISO-8859-1`` → ``iso-8859-1``."""
    for part in value.split(";"):
        key, _, charset = part.strip().partition("=")
        if key.strip().lower() == "charset" and charset.strip():
            return _normalise_charset(charset)
    return None


def _normalise_charset(charset: str) -> str | None:
    name = charset.strip().strip("\"'").lower()
    # Browsers read pages labelled latin-1/ascii as windows-1252 (WHATWG Encoding).
    if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        name = "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
