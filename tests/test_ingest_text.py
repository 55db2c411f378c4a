"""Plain-text cleaning: the two example articles and our own variations."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from storytrace.errors import EmptyInputError, NoArticleBodyError
from storytrace.ingest import clean_text, cues, load_article
from storytrace.ingest.cues import is_share_prompt
from storytrace.models import Article, RemovalReason

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

R = RemovalReason


def removed(article: Article, reason: RemovalReason) -> list[str]:
    return [block.text for block in article.removed if block.reason is reason]


def input_paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


# --- the canonical examples ------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_000() -> Article:
    return load_article(EXAMPLES / "000_01ce3e3c67791a35.txt")


@pytest.fixture(scope="module")
def example_002() -> Article:
    return load_article(EXAMPLES / "002_42821f2fae6c857c.txt")


SUBHEADINGS_000 = [
    "Aliyev wants a corridor between mainland Azerbaijan and the Nakhichevan exclave",
    "Since 2002 the US military support to Azerbaijan is prohibited",
    "Azerbaijan’s military intervention to Nagorno-Karabakh forced ethnic Armenians to flee",
]


def test_ingest_text_000_keeps_every_body_paragraph(example_000: Article) -> None:
    paragraphs = input_paragraphs(EXAMPLES / "000_01ce3e3c67791a35.txt")
    first = paragraphs.index(
        "Azerbaijan may invade Armenia in the coming weeks, according to US State Secretary "
        "Antony Blinken."
    )
    last = next(i for i, p in enumerate(paragraphs) if p.endswith("an alleged drone strike."))
    assert example_000.text.split("\n\n") == paragraphs[first : last + 1]


def test_ingest_text_000_metadata_and_removed_blocks(example_000: Article) -> None:
    assert example_000.title == (
        "Azerbaijan may invade Armenia soon over Nakhichevan corridor – Blinken"
    )
    assert example_000.author == "Mike"
    assert example_000.language == "en"
    assert removed(example_000, R.SECTION_LABEL) == ["Armenia"]
    assert removed(example_000, R.HEADLINE) == [example_000.title]
    assert removed(example_000, R.SUBHEADING) == []
    assert [h.of(example_000.text) for h in example_000.headings] == SUBHEADINGS_000
    bio = removed(example_000, R.AUTHOR_BIO)
    assert bio[0] == "Mike" and bio[1].startswith("Media analyst and journalist.")
    related = removed(example_000, R.RELATED_LINKS)
    assert related[0] == "Recent Posts" and related[-1] == "2 weeks ago"
    assert "3 hours ago" in related and len(related) == 19  # label + 6 × (title, teaser, stamp)


def test_ingest_text_000_subheadings_stay_in_the_text_as_headings(example_000: Article) -> None:
    text = example_000.text
    assert set(example_000.headings) <= set(example_000.paragraphs)
    aliyev = next(h for h in example_000.headings if h.of(text).startswith("Aliyev wants"))
    assert text[aliyev.end :].lstrip().startswith("Azerbaijani President Ilham Aliyev")
    # no sentence is cut from a heading: the aligner and the detectors do not read it
    assert not any(s.overlaps(h) for s in example_000.sentences for h in example_000.headings)
    tail = [b for b in example_000.removed if b.reason is R.RELATED_LINKS]
    assert all(b.at == len(text) for b in tail)


def test_ingest_text_002_date_marker_read_and_removed(example_002: Article) -> None:
    assert example_002.published == "2023-10-13"
    assert removed(example_002, R.DATELINE) == ["date 2023-10-13"]
    assert example_002.removed[0].at == 0
    assert example_002.text.startswith("The State Department is tracking the possibility")


def test_ingest_text_002_keeps_all_paragraphs(example_002: Article) -> None:
    paragraphs = input_paragraphs(EXAMPLES / "002_42821f2fae6c857c.txt")
    paragraphs[0] = paragraphs[0].removeprefix("date 2023-10-13 ")
    assert example_002.text.split("\n\n") == paragraphs
    assert len(example_002.removed) == 1


def test_ingest_text_article_is_complete(example_000: Article) -> None:
    text = example_000.text
    assert example_000.id == hashlib.sha256(text.encode()).hexdigest()[:16]
    assert example_000.source == str(EXAMPLES / "000_01ce3e3c67791a35.txt")
    assert [span.of(text) for span in example_000.paragraphs] == text.split("\n\n")
    assert example_000.sentences and all(
        any(p.contains(s) for p in example_000.paragraphs) for s in example_000.sentences
    )


# --- our own variations ----------------------------------------------------------------------


def test_ingest_text_wire_story_byline_dateline_and_footer() -> None:
    article = load_article(FIXTURES / "wire_byline.txt")
    assert article.title == "Armenia and Azerbaijan agree to resume border demarcation talks"
    assert article.author == "Lena Hovhannisyan and Tom Keller"
    assert article.published == "2024-03-14"
    assert removed(article, R.SECTION_LABEL) == ["World"]
    assert removed(article, R.DATELINE) == ["Published 14 March 2024, 09:30 GMT"]
    assert [h.of(article.text) for h in article.headings] == ["What the talks will cover"]
    assert removed(article, R.SHARE_PROMPT) == [
        "Follow us on Twitter and Facebook for the latest updates."
    ]
    assert removed(article, R.PAGE_CHROME) == ["© 2024 Reuters. All rights reserved."]
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("YEREVAN, March 14 (Reuters) - Armenia and Azerbaijan")
    assert paragraphs[-1].startswith("(Reporting by")  # credits are provenance: kept
    assert len(paragraphs) == 7  # with the subheading


def test_ingest_text_blog_with_inline_and_trailing_links() -> None:
    article = load_article(FIXTURES / "blog_related.txt")
    assert article.title == "Why Germany's heat-pump boom stalled in 2024"
    related = removed(article, R.RELATED_LINKS)
    assert related[0] == "Read more: Berlin cuts heat-pump subsidy budget for 2025"
    assert related[1] == "Related" and "18 January 2024" in related
    assert removed(article, R.SHARE_PROMPT) == [
        "Share this article",
        "Facebook Twitter WhatsApp Email",
    ]
    assert "6 min read" in removed(article, R.PAGE_CHROME)
    assert "Tags: energy, Germany, climate" in removed(article, R.PAGE_CHROME)
    assert len(article.paragraphs) == 4
    assert article.text.endswith("roughly twice the price of a gas boiler.")


def test_ingest_text_author_bio_with_another_name_and_relative_stamps() -> None:
    article = load_article(FIXTURES / "bio_variation.txt")
    assert article.author == "Anna Petrosyan"
    assert removed(article, R.AUTHOR_BIO)[0] == "Anna Petrosyan"
    assert removed(article, R.SHARE_PROMPT) == ["Share this: Facebook, X, Telegram"]
    related = removed(article, R.RELATED_LINKS)
    assert related[0] == "More from us" and "Yesterday" in related and "5 days ago" in related
    assert article.published == "2024-05-14"  # from the wire dateline "Tbilisi, 2024-05-14 —"
    assert article.text.startswith("Georgia's parliament passed a law on Tuesday")
    assert article.text.endswith("Protests are expected to continue this week, organisers said.")


def test_ingest_text_non_english_is_accepted() -> None:
    article = load_article(FIXTURES / "french_news.txt")
    assert article.language == "fr"
    assert article.published == "2023-10-13"
    assert article.title.startswith("L'Arménie et l'Azerbaïdjan relancent")
    assert [h.of(article.text) for h in article.headings] == ["Une carte toujours contestée"]
    assert article.text.split("\n\n")[-1].startswith("« Une commission frontalière")


def test_ingest_text_hard_wrapped_lines_are_joined() -> None:
    article = load_article(FIXTURES / "hard_wrapped.txt")
    assert len(article.paragraphs) == 3
    assert "\n" not in article.paragraphs[0].of(article.text)
    assert article.text.startswith("The city council voted 31 to 12 on Wednesday evening")


def test_ingest_text_lists_are_body_not_subheadings() -> None:
    article = load_article(FIXTURES / "key_points.txt")
    assert article.title == "Storm Ciarán: what we know so far"
    paragraphs = article.text.split("\n\n")
    assert "Key points:" in paragraphs
    assert sum(p.startswith("- ") for p in paragraphs) == 3
    assert removed(article, R.SUBHEADING) == []


@pytest.mark.parametrize("name", ["one_line.txt", "one_line_no_period.txt"])
def test_ingest_text_one_line_body_is_not_a_headline(name: str) -> None:
    article = load_article(FIXTURES / name)
    expected = (FIXTURES / name).read_text(encoding="utf-8").strip()
    assert article.text == expected
    assert article.title is None
    assert article.removed == ()


def test_ingest_text_headline_with_one_paragraph() -> None:
    article = clean_text(
        "Border talks resume\n\nArmenia and Azerbaijan resumed border talks on Tuesday.", "x"
    )
    assert article.title == "Border talks resume"
    assert article.text == "Armenia and Azerbaijan resumed border talks on Tuesday."


def test_ingest_text_time_only_line_under_headline() -> None:
    text = (
        "Border talks resume\n\nUpdated at 1:23 p.m.\n\n"
        "The talks resumed on Tuesday, officials said."
    )
    article = clean_text(text, "x")
    assert removed(article, R.DATELINE) == ["Updated at 1:23 p.m."]
    assert article.published is None
    assert article.text == "The talks resumed on Tuesday, officials said."


def test_ingest_text_prose_date_is_not_a_marker() -> None:
    text = "October 3, 2023, members of Congress pressed Blinken on possible sanctions."
    article = clean_text(text, "x")
    assert article.text == text and article.published is None


def test_ingest_text_quoted_call_to_vote_is_not_a_prompt() -> None:
    quote = (
        "“Matt has my Complete and Total Endorsement. GET OUT and VOTE for your GREAT "
        "Governor, @MattBevin!” Trump tweeted."
    )
    assert not is_share_prompt(quote)
    assert is_share_prompt("Like this story? Share it with a friend!")
    assert not is_share_prompt("Follow the money, investigators said.")
    assert not is_share_prompt("Like Twitter, Facebook said on Tuesday it would cut jobs.")
    assert not is_share_prompt("Share prices of Twitter fell 5 percent on Monday.")
    assert not is_share_prompt("Support for the Telegram app grew, the survey found.")


def test_ingest_text_crlf_and_nbsp_are_normalised() -> None:
    article = clean_text("First\u00a0paragraph here, long enough.\r\n\r\nSecond one here.\r\n", "x")
    assert article.text == "First paragraph here, long enough.\n\nSecond one here."


def test_ingest_text_empty_and_all_furniture() -> None:
    with pytest.raises(EmptyInputError, match=r"^x: empty"):
        clean_text(" \n\t\n", "x")
    with pytest.raises(NoArticleBodyError, match=r"^x: no article body"):
        clean_text("Share this article\n\nFacebook Twitter Email", "x")


# --- things that look like furniture but are body --------------------------------------------


def test_ingest_text_single_newlines_give_the_same_article(example_000: Article) -> None:
    raw = (EXAMPLES / "000_01ce3e3c67791a35.txt").read_text(encoding="utf-8")
    article = clean_text(raw.replace("\n\n", "\n"), "x")
    assert article.text == example_000.text
    assert [b.reason for b in article.removed] == [b.reason for b in example_000.removed]


def test_ingest_text_live_blog_times_are_not_a_link_list() -> None:
    text = (
        "Storm live: rail services suspended\n\n"
        "Winds of more than 100 mph hit the coast overnight, forecasters said.\n\n"
        "14:05\n\nThe rail operator said trains would not run before midday.\n\n"
        "13:40\n\nSchools across Cornwall have closed for the day.\n\n"
        "13:10\n\nMore than a million homes are without power."
    )
    article = clean_text(text, "x")
    assert removed(article, R.RELATED_LINKS) == []
    assert article.text.endswith("More than a million homes are without power.")


def test_ingest_text_title_case_subheading_is_not_an_author() -> None:
    text = (
        "Parliament passes budget\n\n"
        "Parliament passed the budget on Friday after a 14-hour debate, officials said.\n\n"
        "Looking Ahead\n\n"
        "“I expect the opposition to challenge it in court,” the finance minister said."
    )
    article = clean_text(text, "x")
    assert [h.of(article.text) for h in article.headings] == ["Looking Ahead"]
    assert removed(article, R.AUTHOR_BIO) == []
    assert article.author is None
    assert article.text.endswith("the finance minister said.")


def test_ingest_text_generic_label_over_a_list_is_a_subheading() -> None:
    text = (
        "Flood warnings issued\n\n"
        "The Environment Agency issued 40 flood warnings on Thursday, it said.\n\n"
        "Latest developments\n\n"
        "- Rivers in Devon burst their banks overnight\n"
        "- Two roads near Exeter were closed to traffic\n\n"
        "Residents were urged to check the agency's website before travelling."
    )
    article = clean_text(text, "x")
    assert removed(article, R.RELATED_LINKS) == []
    assert "- Two roads near Exeter were closed to traffic" in article.text.split("\n\n")


def test_ingest_text_durations_and_credits_in_body_are_kept() -> None:
    text = (
        "Meal timing for training\n\n"
        "When you eat matters almost as much as what you eat, coaches say.\n\n"
        "Eat 60–90 minutes before your workout\n\n"
        "30 minutes before bed\n\n"
        "(Reporting by Will Dunham; Editing by Tom Brown)"
    )
    article = clean_text(text, "x")
    assert removed(article, R.PAGE_CHROME) == []
    assert article.text.endswith("(Reporting by Will Dunham; Editing by Tom Brown)")
    assert "Eat 60–90 minutes before your workout" in article.text


def test_ingest_text_prose_about_copyright_and_related_words_is_body() -> None:
    text = (
        "Copyright lawsuits against AI firms rose sharply this year, lawyers said.\n\n"
        "More: a quarter of the cases were filed in California.\n\n"
        "Related cases are expected in Europe, where rules differ."
    )
    article = clean_text(text, "x")
    assert article.removed == ()
    assert len(article.paragraphs) == 3


# --- page clutter ----------------------------------------------------------------------------


def test_ingest_text_clutter_is_removed_with_its_reason() -> None:
    text = (
        "Dam repairs to start in spring\n\n"
        "Share Tweet Email Copy Link Copied\n\n"
        "The regional water board will begin repairs on the Old Mill dam in March, its chair "
        "said on Tuesday.\n\n"
        "Photo: AP\n\n"
        "The work is expected to cost 4.2 million euros, according to the board.\n\n"
        "Advertisement\n\n"
        "Residents were told that water levels would be lowered by two metres.\n\n"
        "https://example.org/water-board/report.pdf\n\n"
        "(AP Photo/Evan Vucci)\n\n"
        "The dam, built in 1931, has not been fully repaired since a flood in 1998.\n\n"
        "★★★★☆\n\n"
        "Rating: 4.5 out of 5 stars\n\n"
        "Councillors welcomed the decision and asked for weekly updates.\n\n"
        "Click here to read the full inspection report\n\n"
        "Follow us on Instagram\n\n"
        "Sign up for our newsletter\n\n"
        "Read the original article."
    )
    article = clean_text(text, "x")
    assert len(article.paragraphs) == 5
    assert article.text.endswith("asked for weekly updates.")
    assert removed(article, R.SHARE_PROMPT) == [
        "Share Tweet Email Copy Link Copied",
        "Click here to read the full inspection report",
        "Follow us on Instagram",
        "Sign up for our newsletter",
        "Read the original article.",
    ]
    assert removed(article, R.MEDIA_CREDIT) == ["Photo: AP", "(AP Photo/Evan Vucci)"]
    assert removed(article, R.ADVERTISEMENT) == ["Advertisement"]
    assert removed(article, R.BARE_LINKS) == ["https://example.org/water-board/report.pdf"]
    assert removed(article, R.RATING) == ["★★★★☆", "Rating: 4.5 out of 5 stars"]


def test_ingest_text_clutter_in_other_languages() -> None:
    text = (
        "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.\n\n"
        "Teilen Drucken Kommentare\n\n"
        "Anzeige\n\n"
        "Foto: dpa\n\n"
        "Die Opposition stimmte gegen den Entwurf, wie ein Sprecher mitteilte.\n\n"
        "Partager Imprimer\n\n"
        "Publicidad\n\n"
        "Le conseil municipal a adopté le budget mardi soir après un long débat.\n\n"
        "Folgen Sie uns auf Instagram"
    )
    article = clean_text(text, "x")
    assert len(article.paragraphs) == 3
    assert removed(article, R.SHARE_PROMPT) == [
        "Teilen Drucken Kommentare",
        "Partager Imprimer",
        "Folgen Sie uns auf Instagram",
    ]
    assert removed(article, R.ADVERTISEMENT) == ["Anzeige", "Publicidad"]
    assert removed(article, R.MEDIA_CREDIT) == ["Foto: dpa"]


def test_ingest_text_story_text_that_looks_like_clutter_is_kept() -> None:
    text = (
        "Share prices fell 4 per cent after the results, the exchange said.\n\n"
        "Rescue workers search the rubble in Kahramanmaras (AP Photo/Jane Doe)\n\n"
        "The film scored 4 out of 5 in the audience poll, organisers said on Sunday.\n\n"
        "Reuters photographer Ali Hassan was injured while covering the protest.\n\n"
        "Sources the report lists:\n\n"
        "- Ministry of Interior statement\n\n"
        "https://example.org/ministry/statement\n\n"
        "The incidents reported so far:\n\n"
        "- Kunduz: two polling stations were set on fire on 12 May\n"
        "- Baghlan: a guard was injured on 13 May\n"
        "- Takhar: ballot boxes were stolen on 13 May"
    )
    article = clean_text(text, "x")
    assert article.removed == ()
    assert article.text.endswith("- Takhar: ballot boxes were stolen on 13 May")


def test_ingest_text_trailing_headline_list_is_related_links() -> None:
    text = (
        "Astronomers found a planet orbiting two suns, the team said on Monday.\n\n"
        "The discovery was published in the journal Nature Astronomy.\n\n"
        "You may also like:\n\n"
        "- 15 Amazing Images of Stars\n"
        "- The 11 Biggest Unanswered Questions About Dark Matter"
    )
    article = clean_text(text, "x")
    assert removed(article, R.RELATED_LINKS) == [
        "You may also like:",
        "- 15 Amazing Images of Stars",
        "- The 11 Biggest Unanswered Questions About Dark Matter",
    ]
    lone = clean_text(text.replace("You may also like:\n\n", ""), "x")
    assert len(removed(lone, R.RELATED_LINKS)) == 2


def test_ingest_text_clutter_cues_one_by_one() -> None:
    assert is_share_prompt("Share Tweet Email Copy Link Copied")
    assert is_share_prompt("Print Article")
    assert not is_share_prompt("Share prices fell sharply.")
    assert cues.is_ad_label("Story continues below advertisement")
    assert not cues.is_ad_label("Advertising revenue fell by a third last year.")
    for credit in ("Getty Images", "John Smith/Getty Images", "AFP via Getty Images", "Foto: dpa"):
        assert cues.is_media_credit(credit), credit
    assert not cues.is_media_credit("June 26 -- PPL Center, Allentown, PA")
    assert not cues.is_media_credit("Reuters reported the deal on Tuesday.")
    assert cues.is_bare_links("https://a.example/1 | www.b.example/2")
    assert not cues.is_bare_links("See https://a.example/1 for the report.")


ATTACKS = (
    "Police reported a series of attacks on polling stations over the weekend, officials "
    "said on Monday.\n\n"
    "The electoral commission said voting would continue in all districts despite the "
    "violence.\n\n"
)
INCIDENT_LINES = [
    "Kunduz: two polling stations were set on fire on 12 May",
    "Baghlan: a guard was injured on 13 May and taken to hospital in the city",
    "Takhar: ballot boxes were stolen on 13 May",
    "Badakhshan: a rocket hit an empty school",
    "Balkh: three voters were detained on 14 May",
]


@pytest.mark.parametrize("intro", ["The incidents reported so far:\n\n", ""])
@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_ingest_text_list_the_article_ends_with_is_kept(intro: str, separator: str) -> None:
    # Short unpunctuated lines at the end used to go as page chrome: three of these five.
    article = clean_text(ATTACKS + intro + separator.join(INCIDENT_LINES), "x")
    assert article.text.split("\n\n")[-5:] == INCIDENT_LINES
    assert article.removed == ()


def test_ingest_text_one_labelled_line_at_the_end_is_still_chrome() -> None:
    article = clean_text(ATTACKS + "Source: Valley News Agency", "x")
    assert removed(article, R.PAGE_CHROME) == ["Source: Valley News Agency"]


def test_ingest_text_practical_information_at_the_end_is_kept() -> None:
    text = (
        "The festival opens on Friday with a concert by the city orchestra, the organisers "
        "said, and runs for three weeks with more than forty events.\n\n"
        "Tickets went on sale on Monday and the first two concerts are already sold out.\n\n"
        "VIP : 60,000₩\n\nR : 50,000₩\n\nS : 40,000₩"
    )
    article = clean_text(text, "x")
    assert article.text.endswith("VIP : 60,000₩\n\nR : 50,000₩\n\nS : 40,000₩")
    assert removed(article, R.PAGE_CHROME) == []
