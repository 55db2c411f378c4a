"""Pages in other languages: the article's own text (subheadings, lists, tables) is kept and
the clutter around it (share bars, advertisement labels, photo credits, follow prompts,
"read the original" links, related-link labels) is removed with a named reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.ingest import extract_html
from storytrace.ingest.text import furniture_reason
from storytrace.models import Article
from storytrace.models import RemovalReason as R

PAGES = Path(__file__).parent / "fixtures" / "ingest" / "multilingual"


def read(name: str) -> Article:
    return extract_html((PAGES / name).read_text(encoding="utf-8"), name)


def reasons(article: Article) -> dict[str, R]:
    return {block.text: block.reason for block in article.removed}


# page, language, subheading, list items, clutter → reason
CASES = [
    (
        "de_wahl.html",
        "de",
        ["Was sich für Landwirte ändert", "Die Abstimmung im Detail"],
        ["Meldepflicht ab 2.000 Kubikmetern pro Jahr", "Ausnahmen für Trinkwasserversorger"],
        {
            "Teilen Twittern E-Mail Drucken": R.SHARE_PROMPT,
            "Foto: dpa": R.MEDIA_CREDIT,
            "Anzeige": R.ADVERTISEMENT,
            "Folgen Sie uns auf Facebook und Instagram, um keine Nachrichten zu verpassen.": (
                R.SHARE_PROMPT
            ),
            "Zum Originalartikel": R.SHARE_PROMPT,
            "Mehr zum Thema": R.RELATED_LINKS,
        },
    ),
    (
        "fr_budget.html",
        "fr",
        ["Ce qui change pour les habitants"],
        ["Hausse de 3 centimes par mètre cube", "Gratuité des dix premiers mètres cubes"],
        {
            "Partager Tweeter Imprimer Copier le lien": R.SHARE_PROMPT,
            "Crédit photo : AFP": R.MEDIA_CREDIT,
            "Publicité": R.ADVERTISEMENT,
            "Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité locale.": (
                R.SHARE_PROMPT
            ),
            "Lire l'article original": R.SHARE_PROMPT,
            "À lire aussi": R.RELATED_LINKS,
        },
    ),
    (
        "es_lluvias.html",
        "es",
        ["Los municipios más afectados"],
        ["Villanueva del Río, con 120 vecinos desalojados", "La Vega, sin suministro eléctrico"],
        {
            "Compartir Tuitear WhatsApp Enviar": R.SHARE_PROMPT,
            "Foto: EFE": R.MEDIA_CREDIT,
            "Publicidad": R.ADVERTISEMENT,
            "Síguenos en Facebook, Twitter e Instagram para estar al tanto de la última hora.": (
                R.SHARE_PROMPT
            ),
            "Noticias relacionadas": R.RELATED_LINKS,
        },
    ),
    (
        "ru_most.html",
        "ru",
        ["Что изменится для жителей"],
        ["время в пути до центра сократится на 20 минут", "на набережной появится новая"],
        {
            "Поделиться ВКонтакте Telegram Печать": R.SHARE_PROMPT,
            "Фото: ТАСС": R.MEDIA_CREDIT,
            "Реклама": R.ADVERTISEMENT,
            "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать новости.": (
                R.SHARE_PROMPT
            ),
            "Читайте также": R.RELATED_LINKS,
        },
    ),
]


@pytest.mark.parametrize(("name", "language", "subheadings", "items", "clutter"), CASES)
def test_ingest_multilingual_keeps_the_text_and_names_the_clutter(
    name: str, language: str, subheadings: list[str], items: list[str], clutter: dict[str, R]
) -> None:
    article = read(name)
    assert article.language == language
    assert [h.of(article.text) for h in article.headings] == subheadings
    for item in items:  # list items, link-only ones too, stay in the text
        assert item in article.text
    removed = reasons(article)
    for text, reason in clutter.items():
        assert text not in article.text
        assert removed.get(text) is reason, (text, removed.get(text))
    # the copyright line and the related links are out of the text
    outside = ("©", "Sécheresse", "embalse", "Набережную", "Dürre")
    assert not any(word in article.text for word in outside)


def test_ingest_multilingual_table_is_one_line_per_row() -> None:
    article = read("de_wahl.html")
    paragraphs = article.text.split("\n\n")
    assert "| Regierungsfraktionen | 45 | 0 |" in paragraphs
    assert "| Opposition | 3 | 31 |" in paragraphs
    # the list and the last paragraphs follow in page order
    text = article.text
    assert text.index("Ausnahmen für Trinkwasserversorger") < text.index(
        "Die Opposition kritisierte"
    )
    assert text.index("| Opposition | 3 | 31 |") < text.index("Das Gesetz soll am 1. Januar")


def test_ingest_multilingual_headings_are_not_sentences() -> None:
    article = read("de_wahl.html")
    for heading in article.headings:
        assert not any(s.overlaps(heading) for s in article.sentences)
    assert any(
        article.sentence_text(i).startswith("Landwirte müssen")
        for i in range(len(article.sentences))
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Lees ook: Minister treedt af na kritiek", R.RELATED_LINKS),
        ("Leggi anche: il governo approva la manovra", R.RELATED_LINKS),
        ("Volg ons op Facebook en Instagram", R.SHARE_PROMPT),
        ("Siga-nos no Instagram e no Twitter", R.SHARE_PROMPT),
        ("Iscriviti alla nostra newsletter", R.SHARE_PROMPT),
        ("Leia o artigo original", R.SHARE_PROMPT),
        ("Condividi Stampa Commenti", R.SHARE_PROMPT),
        ("Delen Printen E-mailen", R.SHARE_PROMPT),
        ("Pubblicità", R.ADVERTISEMENT),
        ("Advertentie", R.ADVERTISEMENT),
        ("Weiter nach der Anzeige", R.ADVERTISEMENT),
        ("La suite après cette publicité", R.ADVERTISEMENT),
        ("Foto: ANSA", R.MEDIA_CREDIT),
        ("Фото: РИА Новости", R.MEDIA_CREDIT),
        ("Bewertung: 4 von 5 Sternen", R.RATING),
        ("Tutti i diritti riservati", R.PAGE_CHROME),
    ],
)
def test_ingest_multilingual_clutter_cues(text: str, reason: R) -> None:
    assert furniture_reason(text) is reason


@pytest.mark.parametrize(
    "text",
    [
        # prose that shares words with the cues stays body
        "Die Regierung will die Abgabe teilen und die Einnahmen den Gemeinden geben.",
        "Le canal sera fermé pendant trois semaines pour des travaux, a indiqué la mairie.",
        "Siga el dinero, dijo el fiscal ante el tribunal en la audiencia del martes.",
        "The Band played for three hours.",
        "Watch the canal boats pass by the old mill.",
    ],
)
def test_ingest_multilingual_prose_is_not_clutter(text: str) -> None:
    assert furniture_reason(text) is None
