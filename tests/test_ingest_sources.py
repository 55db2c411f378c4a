"""Reading files and decoding bytes: every bad input gets its own one-line error."""

from __future__ import annotations

import gzip
import os
import random
from pathlib import Path

import pytest

from storytrace.config import Settings
from storytrace.errors import (
    BinaryInputError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    UnsupportedInputError,
)
from storytrace.ingest import load_article
from storytrace.ingest.decode import decode

BODY = (
    "Armenia and Azerbaijan agreed on Tuesday to resume border talks, officials said.\n\n"
    "The commissions will meet in April, according to a joint statement.\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_one_line(error: InputError, source: Path | str) -> None:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{source}: ")


def test_ingest_sources_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputNotFoundError) as caught:
        load_article(missing)
    assert_one_line(caught.value, missing)
    assert "no such file" in str(caught.value)


def test_ingest_sources_directory(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedInputError, match="is a directory"):
        load_article(tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", "\ufeff  \n".encode()])
def test_ingest_sources_empty_or_whitespace(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "empty.txt", content)
    with pytest.raises(EmptyInputError) as caught:
        load_article(path)
    assert_one_line(caught.value, path)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"GARBAGE\x00\x01\x02 more", "found NUL bytes"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(40)), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    ],
)
def test_ingest_sources_binary(tmp_path: Path, data: bytes, what: str) -> None:
    path = write(tmp_path, "notes.bin", data)
    with pytest.raises(BinaryInputError) as caught:
        load_article(path)
    assert_one_line(caught.value, path)
    assert what in str(caught.value)
    assert "expected text, HTML or JSON" in str(caught.value)


def test_ingest_sources_cp1252_text(tmp_path: Path) -> None:
    text = "Le café de la gare a fermé, a déclaré le maire à la presse. “Quelle tristesse”, dit-il."
    path = write(tmp_path, "legacy.txt", text.encode("cp1252"))
    assert load_article(path).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_ingest_sources_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "bom.txt", BODY.encode(encoding))
    assert load_article(path).text == BODY.strip()


def test_ingest_sources_cyrillic_legacy_encoding(tmp_path: Path) -> None:
    text = (
        "Премьер-министр Армении заявил в среду, что переговоры о границе возобновятся "
        "в апреле. Об этом сообщили официальные лица обеих стран."
    )
    path = write(tmp_path, "ru.txt", text.encode("cp1251"))
    article = load_article(path)
    assert article.text == text
    assert article.language == "ru"


def test_ingest_sources_undecodable_bytes(tmp_path: Path) -> None:
    rng = random.Random(7)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    path = write(tmp_path, "noise.txt", noise)
    with pytest.raises(DecodingError) as caught:
        load_article(path)
    assert_one_line(caught.value, path)


def test_ingest_sources_decode_prefers_real_utf8_over_wrong_declaration() -> None:
    data = "Zürich – the café opened".encode()
    assert decode(data, "x", declared="iso-8859-1") == "Zürich – the café opened"


def test_ingest_sources_too_large_checked_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", BODY.encode() * 10)
    with pytest.raises(InputTooLargeError, match="max_input_bytes") as caught:
        load_article(path, Settings(max_input_bytes=100))
    assert_one_line(caught.value, path)


def test_ingest_sources_gzip_bomb_is_capped(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.txt.gz", gzip.compress(b"a " * 50_000))
    assert path.stat().st_size < 1000
    with pytest.raises(InputTooLargeError, match="decompresses to more than"):
        load_article(path, Settings(max_input_bytes=10_000))


def test_ingest_sources_corrupt_gzip(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.txt.gz", gzip.compress(BODY.encode())[:20])
    with pytest.raises(UnsupportedInputError, match="corrupt gzip"):
        load_article(path)


def test_ingest_sources_gzipped_text(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt.gz", gzip.compress(BODY.encode()))
    assert load_article(path).text == BODY.strip()


def test_ingest_sources_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    path = write(tmp_path, "story.dat", BODY.encode())
    assert load_article(path).text == BODY.strip()


def test_ingest_sources_warc_is_unsupported(tmp_path: Path) -> None:
    path = write(tmp_path, "crawl.warc", b"WARC/1.0\r\nWARC-Type: response\r\n\r\n")
    with pytest.raises(UnsupportedInputError, match="WARC"):
        load_article(path)


def test_ingest_sources_pathlike_and_str_agree(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", BODY.encode())
    assert load_article(path) == load_article(os.fspath(path))


def test_ingest_sources_shift_jis_text(tmp_path: Path) -> None:
    text = (
        "東京都は火曜日、新しい予算案を承認したと発表した。"
        "教員を百二十人増やし、二つの橋を修理する計画だという。\n\n"
        "批判する人々は支出が多すぎると述べたが、支持者は投資を歓迎した。\n"
    ) * 3
    path = write(tmp_path, "tokyo.txt", text.encode("shift_jis"))
    article = load_article(path)
    assert "新しい予算案を承認した" in article.text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_ingest_sources_fifo_is_refused_without_reading(tmp_path: Path) -> None:
    """A FIFO reports size 0 ("empty file" before) and reading it blocks until a writer comes."""
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(UnsupportedInputError, match="is a FIFO") as caught:
        load_article(path)
    assert_one_line(caught.value, path)
