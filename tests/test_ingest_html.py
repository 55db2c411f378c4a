"""HTML extraction: trafilatura's body, our metadata, and the page chrome it dropped."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from storytrace.config import Settings
from storytrace.errors import EmptyInputError, NoArticleBodyError
from storytrace.ingest import extract_html, load_article
from storytrace.ingest.html import MAX_DEPTH, shallow_html
from storytrace.models import Article, RemovalReason

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE_HTML = FIXTURES / "article.html"
FIRST_SENTENCE = "Armenia and Azerbaijan agreed on Thursday to resume talks"

R = RemovalReason


@pytest.fixture(scope="module")
def article() -> Article:
    return load_article(ARTICLE_HTML)


def chrome(article: Article) -> list[str]:
    return [b.text for b in article.removed if b.reason is R.PAGE_CHROME]


def test_ingest_html_body_and_metadata(article: Article) -> None:
    assert article.text.startswith(FIRST_SENTENCE)
    assert article.text.endswith("said Olesya Vartanyan, a regional analyst.")
    assert len(article.paragraphs) == 6  # five and a subheading
    assert article.title == "Armenia and Azerbaijan agree to resume border talks"
    assert article.outlet == "Caucasus Daily"
    assert article.author == "Lena Hovhannisyan"
    assert article.published == "2024-03-14"
    assert article.language == "en"  # from <html lang="en-GB">
    assert article.source == str(ARTICLE_HTML)


def test_ingest_html_subheading_and_page_chrome(article: Article) -> None:
    (subheading,) = article.headings
    assert subheading.of(article.text) == "What the talks will cover"
    assert article.text[subheading.end :].lstrip().startswith("The two sides have never agreed")
    assert not any(s.overlaps(subheading) for s in article.sentences)
    dropped = chrome(article)
    for text in ("Home", "We use cookies to improve your experience. Accept all cookies"):
        assert text in dropped
    assert "Georgia passes foreign agents law despite protests" in dropped
    assert "© 2024 Caucasus Daily. All rights reserved." in dropped
    assert not any("window.dataLayer" in text for text in dropped)  # scripts are not page text
    assert len(dropped) == len(set(dropped))
    menu = next(b for b in article.removed if b.text == "Home")
    footer = next(b for b in article.removed if b.text.startswith("© 2024"))
    assert menu.at == 0 and footer.at == len(article.text)


def test_ingest_html_body_is_never_chrome(article: Article) -> None:
    for block in article.removed:
        assert block.text not in article.text


def test_ingest_html_extract_html_directly_takes_url() -> None:
    html = ARTICLE_HTML.read_text(encoding="utf-8")
    article = extract_html(html, "https://example.org/a", url="https://example.org/a")
    assert article.source == "https://example.org/a"
    assert article.text.startswith(FIRST_SENTENCE)


def test_ingest_html_gzipped_by_name_and_by_magic(tmp_path: Path) -> None:
    data = gzip.compress(ARTICLE_HTML.read_bytes())
    named = tmp_path / "page.html.gz"
    named.write_bytes(data)
    unnamed = tmp_path / "download.bin"  # no telling name: the gzip magic and the markup decide
    unnamed.write_bytes(data)
    for path in (named, unnamed):
        assert load_article(path).text.startswith(FIRST_SENTENCE)


def test_ingest_html_declared_charset_is_used(tmp_path: Path) -> None:
    body = "Le président a déclaré mercredi que la réforme des retraites serait adoptée. " * 3
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"<title>Réforme</title></head><body><article><p>{body}</p><p>{body}</p></article>"
        "</body></html>"
    )
    path = tmp_path / "latin1.html"
    path.write_bytes(page.encode("latin-1"))
    article = load_article(path)
    assert "président a déclaré" in article.text
    assert article.language == "fr"  # no lang attribute: detected from the text


def test_ingest_html_truncated_page_still_extracts(tmp_path: Path) -> None:
    html = ARTICLE_HTML.read_text(encoding="utf-8")
    cut = html[: html.index("Soviet-era maps") + 5]  # ends mid-paragraph, tags left open
    path = tmp_path / "truncated.html"
    path.write_text(cut, encoding="utf-8")
    article = load_article(path)
    assert article.text.startswith(FIRST_SENTENCE)
    assert article.text.endswith("Sovie")


def test_ingest_html_index_page_has_no_body() -> None:
    with pytest.raises(NoArticleBodyError, match=r"index_page\.html: no article"):
        load_article(FIXTURES / "index_page.html")


def test_ingest_html_body_shorter_than_minimum(tmp_path: Path) -> None:
    path = tmp_path / "stub.html"
    shutil.copy(ARTICLE_HTML, path)
    with pytest.raises(NoArticleBodyError, match="min_body_chars"):
        load_article(path, Settings(min_body_chars=5000))


def test_ingest_html_empty_markup() -> None:
    with pytest.raises(EmptyInputError):
        extract_html("   ", "blank.html")
    with pytest.raises(NoArticleBodyError, match=r"^nothing\.html: "):
        extract_html("<html><body></body></html>", "nothing.html")


INCIDENTS = [
    "Kunduz: two polling stations were set on fire on 12 May",
    "Baghlan: a guard was injured on 13 May",
    "Takhar: ballot boxes were stolen on 13 May",
    "Badakhshan: a rocket hit an empty school on 14 May",
    "Balkh: three voters were detained on 14 May",
]


def test_ingest_html_keeps_a_linked_list_inside_the_article() -> None:
    # trafilatura's precise pass drops link-only paragraphs; they sit among the article's
    # paragraphs, so the broad pass's copies are put back in place. Teasers stay out.
    article = load_article(FIXTURES / "linked_list.html")
    for incident in INCIDENTS:
        assert incident in article.text
    assert article.text.index(INCIDENTS[0]) > article.text.index("extra officers had been sent")
    assert article.text.index(INCIDENTS[-1]) < article.text.index("Observers from three")
    assert "Storm floods the coastal road" not in article.text
    assert "Storm floods the coastal road as rivers burst their banks" in chrome(article)


def _deep_page(depth: int, tag: str = "div") -> str:
    sentence = "The regional council approved the new water budget after a long debate on Tuesday. "
    paragraphs = "".join(f"<p>{sentence * 3}Paragraph {n}.</p>" for n in range(1, 6))
    return (
        "<html><head><title>Deep</title></head><body>"
        f"{f'<{tag}>' * depth}<h2>Council news</h2>{paragraphs}{f'</{tag}>' * depth}"
        "</body></html>"
    )


@pytest.mark.parametrize(("depth", "tag"), [(1000, "div"), (1000, "font"), (5000, "div")])
def test_ingest_html_nested_a_thousand_deep_keeps_its_text(depth: int, tag: str) -> None:
    # libxml2 stops at 256 levels (2,048 with its huge option): the page used to give
    # "no article text found".
    article = extract_html(_deep_page(depth, tag), "deep.html")
    for n in range(1, 6):
        assert f"Paragraph {n}." in article.text
    assert len(article.paragraphs) == 6  # five and the subheading "Council news"
    assert [h.of(article.text) for h in article.headings] == ["Council news"]


def test_ingest_html_shallow_pages_are_not_rewritten() -> None:
    html = ARTICLE_HTML.read_text(encoding="utf-8")
    assert shallow_html(html) is html
    assert shallow_html(_deep_page(150)) == _deep_page(150)
    flat = shallow_html(_deep_page(1000))
    assert flat.count("<div>") == MAX_DEPTH - 2  # under <html> and <body>
    assert "Paragraph 5." in flat


def test_ingest_html_clutter_is_named_whether_or_not_trafilatura_dropped_it() -> None:
    article = load_article(FIXTURES / "cluttered.html")
    assert len(article.paragraphs) == 5
    assert article.text.endswith("weekly updates on the progress of the repairs.")
    reasons = {b.text: b.reason for b in article.removed}
    assert reasons["Share Tweet Email Copy Link Copied"] is R.SHARE_PROMPT
    assert reasons["Photo: AP"] is R.MEDIA_CREDIT
    assert reasons["Getty Images"] is R.MEDIA_CREDIT
    assert reasons["Advertisement"] is R.ADVERTISEMENT
    assert reasons["https://example.org/water-board/old-mill-dam-report-2024.pdf"] is R.BARE_LINKS
    assert reasons["Read the original article."] is R.SHARE_PROMPT
    assert reasons["Sign up for our newsletter to get the latest local news in your inbox."] is (
        R.SHARE_PROMPT
    )
    assert reasons["Riverside Post"] is R.PAGE_CHROME


def test_ingest_html_cli_extract_reads_deep_and_cluttered_pages(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from storytrace.cli import app

    deep = tmp_path / "deep.html"
    deep.write_text(_deep_page(1000), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(deep), "--json"])
    assert result.exit_code == 0, result.output
    assert "Paragraph 5." in result.output
    result = CliRunner().invoke(
        app, ["extract", str(FIXTURES / "cluttered.html"), "--show-boilerplate"]
    )
    assert result.exit_code == 0, result.output
    assert "photo credit" in result.output and "advertisement label" in result.output


def test_ingest_html_deep_page_keeps_entities_and_skips_scripts() -> None:
    page = _deep_page(600).replace(
        "<h2>Council news</h2>",
        "<script>if (a < b && c) { x(); }</script><h2>Council news</h2>"
        "<p>Smith &amp; Sons won the contract for the pipes, the council said on Tuesday.</p>",
    )
    article = extract_html(page, "deep.html")
    assert "Smith & Sons won the contract" in article.text
    assert "x();" not in article.text


def test_ingest_html_article_cut_into_chunks_is_put_back_together() -> None:
    # Some sites cut one article into sibling containers; trafilatura can stop after the
    # first. The paragraphs of the other chunks (same container tag and class, parting at
    # most CHUNK_LEVELS up) are put back in page order; a teaser card is not.
    from storytrace.ingest.html import _continued, _Extraction, _leaf_blocks, _parse

    _, tree = _parse((FIXTURES / "chunked.html").read_text(encoding="utf-8"))
    assert tree is not None
    leaves = _leaf_blocks(tree)
    paragraphs = [text for element, text in leaves if element.tag in ("p", "h3")]
    first_chunk = "\n".join(paragraphs[:2])
    cut = _Extraction(first_chunk, frozenset(), None, None, None, None, None)
    lines = _continued(cut, leaves).text.split("\n")
    assert lines[:2] == paragraphs[:2]
    assert lines[2].startswith("Engineers first proposed")
    assert lines[3] == "Shop owners divided"
    assert lines[-1].startswith("The authority expects the work")
    assert not any("ferry timetable" in line or line == "Advertisement" for line in lines)


def test_ingest_html_heading_in_a_div_of_the_body_is_put_back() -> None:
    from storytrace.ingest.html import _continued, _Extraction, _leaf_blocks, _parse

    page = (
        "<html><body><nav><div>Home</div></nav><article><div class='text'>"
        "<p>The council approved the budget on Tuesday after a long debate in the chamber.</p>"
        "<div class='subheadline'>What the budget pays for</div>"
        "<p>Most of the money goes to schools, roads and the new water plant, officials said.</p>"
        "<figure><div>Photo of the chamber</div></figure>"
        "<p>The opposition voted against it and said it would challenge it in court.</p>"
        "</div></article></body></html>"
    )
    _, tree = _parse(page)
    assert tree is not None
    leaves = _leaf_blocks(tree)
    paragraphs = [text for element, text in leaves if element.tag == "p"]
    cut = _Extraction("\n".join(paragraphs), frozenset(), None, None, None, None, None)
    lines = _continued(cut, leaves).text.split("\n")
    assert lines == [paragraphs[0], "What the budget pays for", *paragraphs[1:]]
