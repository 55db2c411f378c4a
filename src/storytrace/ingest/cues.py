"""Block-level cues for telling article body from page furniture in plain text.

Each predicate looks at one block (a paragraph or a line) and answers from its shape:
length, final punctuation, capitalisation, list markers. The few word lists are the
conventions of the genre (the labels news sites put over link lists, the verbs of a call to
action, the networks people are asked to follow), not strings from any one article.

Clutter predicates (share bars, advertisement labels, photo credits, ratings, bare links)
lean on shape first: a short line made only of button words, a credit label followed by a
colon, a line of star glyphs, a block that is only web addresses. Their vocabularies carry
the languages of the pages we see (English, German, French, Spanish, Italian, Portuguese,
Dutch, Nordic, Slavic, Korean, Japanese, Chinese). Checked on the Zyte pages: of the blocks
they name, 98 % are not text of the true body (``python -m eval.extraction``).
"""

from __future__ import annotations

import re

from storytrace.ingest.dates import DATE_PATTERN, TIME_PATTERN, parse_date

# A sentence ends with one of these, possibly followed by closing quotes or brackets.
TERMINAL = ".!?:;…"
_CLOSERS = "\"'”’»)]"
# Headings and labels are short: 20 words covers long news subheads, 150 characters the
# rare wordy one; a body paragraph without final punctuation is almost always longer.
HEADING_MAX_WORDS = 20
HEADING_MAX_CHARS = 150
# A block with at least this many words is body even without final punctuation (a
# paragraph that lost its full stop, a long quote).
LONG_BLOCK_WORDS = 25
SHORT_PROMPT_WORDS = 40  # calls to action are one or two sentences

# "...its advertiser. All opinions..." : a full stop after a real word, then a new sentence
# (abbreviations such as "U.S." or "vs." have short words before the dot).
_FULL_STOP_INSIDE = re.compile(r"[^\W\d_]{3,}\.[\"'”’)]*\s+[\"'“‘(]*[A-Z]")
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’»)]))\s+")
_LIST_MARKER = re.compile(r"^(?:[-–—•*·▪►]\s|\d{1,2}[.)]\s|\|)")
_RELATIVE_TIME = re.compile(
    r"^(?:about\s+|over\s+)?(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|"
    r"month|year)s?\s+ago$|^(?:yesterday|today|just now)$",
    re.IGNORECASE,
)
_DATE_OR_TIME_LINE = re.compile(
    rf"^(?:(?:updated|published|posted|last updated|date)\s*:?\s*)?"
    rf"(?:{DATE_PATTERN})?(?:{TIME_PATTERN})?\s*$",
    re.IGNORECASE,
)
# "5 min read" on its own, or a duration with a label: "Reading time: 3 minutes".
_READING_TIME = re.compile(r"^\d+\s*(?:min(?:ute)?s?\.?)\s+read$", re.IGNORECASE)
_READING_LABEL = re.compile(
    r"^(?:read(?:ing)? time|tempo de leitura|lesezeit|temps de lecture|lesedauer)\s*:?\s*"
    r"(?:about\s+|ca\.?\s+)?\d+\s*\w+$",
    re.IGNORECASE,
)
# Labels that head a list of links to other articles. Generic words ("Latest", "Related")
# count only on their own: "Latest developments" over a bullet list is a subheading.
_RELATED_LABEL_EXACT = (
    r"recent (?:posts|articles|stories|news)|related(?: posts| articles| stories| news"
    r"| content| coverage| links| reading| topics)?|latest(?: posts| articles| stories| news"
    r"| videos| headlines)?|(?:most )?popular(?: posts| articles| stories| now)?"
    r"|trending(?: now| stories| news| topics)?|recommended(?: for you| reading| stories)?"
    r"|top (?:stories|news|headlines|articles)|more(?: stories| news| articles| like this"
    r"| to read)?|most (?:read|viewed|shared|commented)|read (?:more|next|also|this next)"
    r"|also read|see (?:also|more)|don'?t miss|do not miss|you (?:may|might) also (?:like|enjoy)"
    r"|you (?:may|might) (?:also )?be interested in|further reading|in other news"
    r"|editor'?s picks|other stories|what to read next"
    # de, fr, es, it, pt, nl, ru, ja, zh, ko
    r"|mehr zum thema|das könnte sie auch interessieren|lesen sie auch|auch interessant"
    r"|weitere artikel|ähnliche artikel|meistgelesen|meist gelesen|zum thema"
    r"|(?:à|a) lire (?:aussi|également)|lire aussi|sur le même sujet|dans la même rubrique"
    r"|les plus lus|voir aussi|articles similaires|leer también|lea también|te puede interesar"
    r"|noticias relacionadas|lo más leído|más noticias|también te puede interesar"
    r"|leggi anche|potrebbe interessarti|articoli correlati|i più letti|ti potrebbe interessare"
    r"|leia também|veja também|notícias relacionadas|mais lidas|você também pode gostar"
    r"|lees ook|meer nieuws|meest gelezen|gerelateerde artikelen|ook interessant"
    r"|читайте также|похожие новости|по теме|самое читаемое|популярное"
    r"|関連記事|おすすめ記事|相关文章|相关阅读|相關新聞|관련기사|관련 기사|많이 본 뉴스"
)
# Labels that name where the links go: "More from Reuters", "Most read in world news".
_RELATED_LABEL_PREFIX = (
    r"(?:more|latest|other stories|more stories|read more) (?:from|on|in|about)"
    r"|most (?:read|viewed|popular|shared) (?:in|on|from)|also on|related to"
)
_RELATED_LABEL = re.compile(
    rf"^(?:{_RELATED_LABEL_EXACT})$|^(?:{_RELATED_LABEL_PREFIX})(?:\s+\S+){{1,4}}$",
    re.IGNORECASE,
)
_INLINE_RELATED = re.compile(
    r"^\[?(?:read more|read also|also read|related|see more|see also|more|also|watch|"
    r"read|listen|recommended|related (?:article|story|post|content|link|video|reading)s?"
    r"|leia (?:também|mais)|lesen sie auch|lire aussi|lee también|leggi anche|lees ook"
    r"|mehr dazu|siehe auch|(?:à|a) lire|voir aussi|lea también|veja também|читайте также)"
    r"\s*:\s*(?P<rest>.+?)\]?$",
    re.IGNORECASE,
)
_CTA_START = re.compile(
    r"^(?:please\s+|don'?t forget to\s+|be sure to\s+|make sure to\s+)?"
    r"(?:follow|share (?:this|it|on|with|via|the|your|our)|subscribe|sign up|signup|join"
    r"|download|get|click|tap|listen|watch|donate|register|bookmark|email|send|keep up"
    r"|stay (?:up to date|informed|tuned)|never miss|receive|check out|find us|connect with"
    r"|folg(?:e|en)|abonnier(?:e|en)|teil(?:e|en)|melde|laden sie|hol(?:en sie)? dir"
    r"|suivez|abonnez|partagez|inscrivez|téléchargez|rejoignez|retrouvez"
    r"|síg(?:uenos|ue)|suscríbe(?:te)?|comparte|descarga|únete|sigue"
    r"|segui(?:ci)?|iscriviti|condividi|scarica|seguite"
    r"|siga|sigam|assine|inscreva|compartilhe|baixe"
    r"|volg|abonneer|deel|download|meld je aan"
    r"|подпиш(?:итесь|ись)|подписывайтесь|следите|читайте нас|присоединяйтесь)\b",
    re.IGNORECASE,
)
# Where a call to action sends the reader; bare "us"/"here" are too common in prose.
_CHANNEL = re.compile(
    r"\b(?:facebook|twitter|instagram|telegram|whatsapp|youtube|linkedin|tiktok|reddit"
    r"|pinterest|bluesky|mastodon|e-?mail|newsletters?|inbox|podcasts?|rss|app|notifications?"
    r"|alerts?|subscribe|subscription|journalism"
    r"|канал\w*|рассылк\w*|infolettre|boletín|notifiche|notificações|benachrichtigungen"
    r"|abo|abonnement)\b|\bon x\b|@\w+",
    re.IGNORECASE,
)
# Prompts that need no channel word: "Follow us", "Click here", "Share this article".
_CTA_ALONE = re.compile(
    r"^(?:please\s+)?(?:(?:follow|like|join|support) us\b|support our\b|like our\b|click here"
    r"|tap here|subscribe\b|sign up\b|donate\b|share (?:this|it|on|with)\b"
    r"|read the (?:original|full) (?:article|story|post|report)\b|continue reading\b"
    r"|folgen sie uns\b|suivez-nous\b|síguenos\b|seguici\b|siga-nos\b|volg ons\b"
    r"|abonnieren sie\b|abonnez-vous\b|suscríbete\b|iscriviti\b|inscreva-se\b"
    r"|weiterlesen\b|lire la suite\b|leer más\b|leia mais\b|continua a leggere\b"
    r"|zum original(?:artikel)?\b|lire l'article (?:original|complet)\b"
    r"|(?:leer|ver) (?:el )?artículo (?:original|completo)\b"
    r"|leggi l'articolo (?:originale|completo)\b|leia o artigo (?:original|completo)\b"
    r"|lees het (?:originele|volledige) artikel\b|читать (?:оригинал|полностью|далее)\b"
    r"|hier klicken\b|klicken sie hier\b|cliquez ici\b|haga clic aquí\b|haz clic aquí\b"
    r"|clicca qui\b|clique aqui\b|klik hier\b|jetzt abonnieren\b|newsletter abonnieren\b"
    r"|unterstützen sie uns\b|soutenez-nous\b|apóyanos\b|sostienici\b|apoie\b|steun ons\b"
    r"|подпишитесь\b|подписывайтесь\b)",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Share bars and page tools: a short line made only of these words (and counts) is buttons,
# in whichever language: "Share Tweet Email Copy Link Copied", "Print Article", "Text size".
_TOOL_WORDS = _words(
    """
    facebook twitter x instagram telegram whatsapp youtube linkedin tiktok reddit pinterest
    email e-mail mail print share shares shared tweet tweets pin messenger viber vk sms copy
    copied link url comment comments save saved bookmark flipboard pocket threads bluesky
    mastodon weibo wechat qq reprint reprints size font gift rss
    compartir compartilhar partager teilen condividi delen dela jaa udostępnij поделиться
    imprimir imprimer drucken stampa afdrukken drukuj печать kommentare kommentar
    commentaires commentaire comentarios comentários commenti kopieren kopiert copiar
    copiado copier copié copia enlace lien 공유 공유하기 인쇄 댓글 シェア ツイート 印刷 共有
    分享 打印 评论
    twittern tweeten tweeter tuitear twitta twittare pinnen merken mailen e-mailen printen envoyer
    enviar invia verstuur versturen отправить твитнуть imprimer speichern enregistrer guardar
    salva salvar opslaan vorlesen anhören écouter escuchar ascolta ouvir luisteren
    xing kakaotalk kakao naver hatena mixi douban qzone tumblr vkontakte вконтакте
    одноклассники телеграм твиттер фейсбук ватсап вайбер
    schriftgröße textgröße taille texto testo lettergrootte 카카오톡 페이스북 트위터 スクラップ
    """
)
# Words that may stand between tool words ("Share on Facebook", "Print this article").
_TOOL_FILLERS = _words(
    "on via this the article story text to with us a an your friends order and or"
    " auf per mit den die der artikel beitrag sur par cet cette l'article le la en el este"
    " artículo su questo articolo em o este artigo op deze dit het и на статьей статью"
)
_TOOL_SPLIT = re.compile(r"[\s|/·•,()\[\]:]+")
MAX_TOOL_WORDS = 12
_COPYRIGHT = re.compile(
    r"^(?:©|ⓒ|\(c\)|copyright\s+(?:©|\(c\)|\d{4}))|all rights reserved|alle rechte vorbehalten"
    r"|tous droits réservés|todos los derechos reservados|tutti i diritti riservati"
    r"|todos os direitos reservados|alle rechten voorbehouden|все права защищены"
    r"|無断転載|版权所有|版權所有|무단\s?전재",
    re.IGNORECASE,
)
_TAG_LINE = re.compile(r"^(?:tags?|topics?|filed under|categories|category|keywords)\s*:", re.I)
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av)\s+(?P<rest>.+)$", re.IGNORECASE)
_NAME_PARTICLES = {"de", "da", "del", "der", "di", "van", "von", "bin", "al", "la", "le", "du"}
_NOT_NAME_WORDS = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from",
    "what", "why", "how", "who", "when", "where", "is", "are", "was", "will", "new", "more",
    "our", "your", "my", "this", "that", "about", "read", "share", "comments", "related",
    "recent", "posts", "news", "latest", "home", "menu", "search", "next", "previous",
}  # fmt: skip
_ROLE_WORDS = re.compile(
    r"\b(?:journalist|reporter|writer|editor|analyst|correspondent|columnist|contributor"
    r"|freelance|freelancer|author|blogger|researcher|professor|lecturer|producer|photographer"
    r"|has written|writes about|graduated|based in|works as)\b",
    re.IGNORECASE,
)
_BIO_VERBS = r"(?:is|was|has|writes|covers|reports|joined|works|lives|studied)\b"
_QUOTED_SPEECH = re.compile(r"[“”\"«»]|\b(?:said|says|told)\b")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|[Mm]y|[Mm]e)\b")


def word_count(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    """Ends with sentence punctuation, allowing closing quotes or brackets after it."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL and not stripped.endswith(("…", "..."))


def is_truncated(text: str) -> bool:
    """Ends in an ellipsis: a teaser cut off by a link list, or a "read more..." label."""
    return text.rstrip().rstrip(_CLOSERS).endswith(("…", "..."))


def is_list_item(text: str) -> bool:
    return bool(_LIST_MARKER.match(text))


def is_heading_like(text: str) -> bool:
    """Short, capitalised, no final punctuation, one sentence: a headline, subheading, label."""
    first = text.lstrip("\"'“‘«([")[:1]
    return (
        not _FULL_STOP_INSIDE.search(text)
        and 0 < word_count(text) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and not ends_sentence(text)
        and not is_truncated(text)
        and not text.rstrip().endswith((",", "-", "–", "—"))
        and (first.isupper() or first.isdigit())
        and not is_list_item(text)
    )


def is_body_like(text: str) -> bool:
    """A paragraph of prose: ends as a sentence does, or is too long to be anything else."""
    words = word_count(text)
    return (ends_sentence(text) and words >= 4) or (
        words >= LONG_BLOCK_WORDS and not is_truncated(text)
    )


def is_timestamp(text: str) -> bool:
    """A line that is only a time stamp: "3 hours ago", "2 Oct 2023", "Updated 14:05"."""
    stripped = text.strip()
    if _RELATIVE_TIME.match(stripped):
        return True
    return any(ch.isdigit() for ch in stripped) and bool(_DATE_OR_TIME_LINE.match(stripped))


def date_line(text: str) -> str | None:
    """ISO date of a line that is only a (labelled) date, maybe with a time."""
    stripped = text.strip()
    return parse_date(stripped) if _DATE_OR_TIME_LINE.match(stripped) else None


def is_reading_time(text: str) -> bool:
    """ "5 min read", "Reading time: 3 minutes"."""
    stripped = text.strip()
    return bool(_READING_TIME.match(stripped) or _READING_LABEL.match(stripped))


def is_related_label(text: str) -> bool:
    """A short label over a list of links: "Recent Posts", "Read more", "You may also like"."""
    stripped = text.strip().rstrip(":…. ")
    return (
        0 < word_count(stripped) <= 6
        and not ends_sentence(stripped)
        and bool(_RELATED_LABEL.match(stripped))
    )


def inline_related(text: str) -> bool:
    """One link to another article inside the body: "Read more: <headline>"."""
    match = _INLINE_RELATED.match(text.strip())
    if match is None:
        return False
    rest = match.group("rest").rstrip()
    return word_count(rest) <= HEADING_MAX_WORDS and not rest.endswith(".")


def is_share_prompt(text: str) -> bool:
    """A call to share, subscribe or follow, or a bare row of network names."""
    if word_count(text) > SHORT_PROMPT_WORDS:
        return False
    if is_tool_row(text):
        return True
    for sentence in _unquoted_sentences(text.strip()):
        sentence = sentence.lstrip("\"'“‘([").strip()
        if _CTA_ALONE.match(sentence) or (_CTA_START.match(sentence) and _CHANNEL.search(sentence)):
            return True
    return False


def _unquoted_sentences(text: str) -> list[str]:
    """Sentences that do not start inside a quotation ("Get out and vote!" in a quoted tweet
    is reported speech, not a prompt)."""
    result = []
    curly = 0
    straight = False
    for sentence in _SENTENCE_BREAK.split(text):
        if curly <= 0 and not straight:
            result.append(sentence)
        curly += sentence.count("“") + sentence.count("«")
        curly -= sentence.count("”") + sentence.count("»")
        straight ^= sentence.count('"') % 2 == 1
    return result


def is_copyright(text: str) -> bool:
    return word_count(text) <= 30 and bool(_COPYRIGHT.search(text.strip()))


def is_tag_line(text: str) -> bool:
    """ "Tags: Armenia, Azerbaijan", "Filed under: Politics"."""
    return word_count(text) <= 30 and bool(_TAG_LINE.match(text.strip()))


def is_name_like(text: str) -> bool:
    """One to four capitalised words and nothing else: a person's name on its own line."""
    words = text.strip().split()
    if not 1 <= len(words) <= 4 or len(text) > 50:
        return False
    for word in words:
        bare = word.strip(".,")
        if bare.lower() in _NAME_PARTICLES:
            continue
        if bare.lower() in _NOT_NAME_WORDS or not bare[:1].isupper():
            return False
        if not all(ch.isalpha() or ch in "-'’." for ch in bare):
            return False
    return True


def is_bio_like(text: str, name: str | None = None) -> bool:
    """A short paragraph about the author: a role or first person outside any quotation, or
    the author's first name followed by "is/writes/covers..."."""
    if word_count(text) > 120 or _QUOTED_SPEECH.search(text):
        return False  # bios do not quote people; a story's last paragraph often does
    if name and re.match(rf"{re.escape(name.split()[0])}\s+(?:\w+\s+)?{_BIO_VERBS}", text):
        return True
    return bool(_ROLE_WORDS.search(text) or _FIRST_PERSON.search(text))


def byline(text: str) -> str | None:
    """Author named by a byline ("By Jane Doe and John Roe, Reuters"), else None."""
    match = _BYLINE.match(text.strip())
    if not match or word_count(text) > 16:
        return None
    names = re.split(r"\s*[,|·•]\s*|\s+(?:on|-|–|—)\s+", match.group("rest"))[0].strip()
    parts = re.split(r"\s+(?:and|&|und|et|y|e)\s+", names)
    if all(is_name_like(part) for part in parts):
        return names
    return None


def is_tool_row(text: str) -> bool:
    """A row of buttons: share, print, copy link, comment counts, text size."""
    tokens = [t.lower().strip(".!'’\"") for t in _TOOL_SPLIT.split(text.strip())]
    tokens = [t for t in tokens if t and not t.isdigit() and t not in "+-"]
    if not 0 < len(tokens) <= MAX_TOOL_WORDS:
        return False
    core = [t for t in tokens if t in _TOOL_WORDS]
    return bool(core) and all(t in _TOOL_WORDS or t in _TOOL_FILLERS for t in tokens)


# An advertisement label standing alone, in the languages of the pages we see.
_AD_LABEL = re.compile(
    r"^(?:advertisement|advertising|advert|ads?|sponsored(?: content| post| links?)?"
    r"|paid (?:content|post|partnership)|partner content|promoted(?: content| stories)?"
    r"|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|publicidade|reklama|реклама"
    r"|advertentie|annonce|annons|mainos|reklame|hirdetés|διαφήμιση|reklam|إعلان|广告|廣告"
    r"|anuncio|annuncio|anúncio|advertorial|sponsoris[ée]|gesponsert|patrocinado|sponsorizzato"
    r"|gesponsord|contenu sponsorisé|contenido patrocinado|contenuto sponsorizzato"
    r"|weiter nach der anzeige|lesen sie nach der anzeige weiter"
    r"|(?:la suite|l'article continue) (?:après|sous) (?:la|cette) publicité"
    r"|(?:el artículo )?contin[úu]a (?:después de|tras) la publicidad"
    r"|(?:l'articolo )?continua dopo la pubblicità|continua depois da publicidade"
    r"|広告|광고|ad feedback|report (?:this )?ad|skip (?:this )?ad)$"
    r"|^(?:the )?(?:story|article|text|content|page) continues (?:below|after)\b",
    re.IGNORECASE,
)
MAX_AD_WORDS = 8


def is_ad_label(text: str) -> bool:
    """ "Advertisement", "Anzeige", "Story continues below advertisement"."""
    stripped = text.strip().strip("-–—·•|[]()").strip().rstrip(".:")
    return 0 < word_count(stripped) <= MAX_AD_WORDS and bool(_AD_LABEL.match(stripped))


# Photo credits: a credit label ("Photo:", "Image credit:", "Foto:") or a picture agency
# with at most a photographer's name around it. A caption that says something is kept.
_CREDIT_LABEL = re.compile(
    r"^\(?\s*(?:(?:main|header|cover|top|lead|featured|hero)\s+)?"
    r"(?:photo(?:graph)?s?|images?|pictures?|pics?|illustrations?|credits?"
    r"|fotos?|fotó|bild(?:er)?|imagen(?:es)?|immagin[ei]|cr[ée]dits?(?: photos?)?|cr[ée]dito"
    r"|foto(?:grafia|grafía)?|фото(?:графия)?|снимок|zdjęcie|kuva|bildquelle|crédit photo"
    r"|写真|사진)"
    r"(?:\s+(?:credits?|source))?\s*(?::|©|\||(?:by|von|par|de|di|door)\s)",
    re.IGNORECASE,
)
_AGENCY = re.compile(
    r"(?:^|[\s(/©])(?:getty(?: images)?|ap photo|associated press|reuters|afp|epa(?:-efe)?"
    r"|efe|shutterstock|alamy|istock(?:photo)?|dpa|picture alliance|pa (?:wire|images|media)"
    r"|ansa|xinhua|imago|keystone|anadolu|sipa|tass|kyodo|yonhap|corbis|wireimage|filmmagic"
    r"|zuma(?: press)?|rex features|abaca|unsplash|pixabay|pexels|apa|belga|anp|lusa|aap|pti"
    r"|europa press|télam|notimex|agência brasil|ria novosti|риа новости|тасс|итар-тасс"
    r"|연합뉴스|뉴시스|newsis|imago images|sven simon|action press"
    r"|adobe ?stock|fotolia|123rf|dreamstime|colourbox|panthermedia|mauritius images)"
    r"(?=$|[\s)/,;])",
    re.IGNORECASE,
)
_CREDIT_FILLERS = _words(
    "photo photos image images picture pic via by credit courtesy of file handout staff"
)
MAX_CREDIT_WORDS = 12
MAX_CREDIT_NAME_WORDS = 4  # what is left besides the agency: a photographer's name


def is_media_credit(text: str) -> bool:
    """A credit line on its own: "Photo: AP", "Getty Images", "(AP Photo/Evan Vucci)"."""
    stripped = text.strip()
    if not 0 < word_count(stripped) <= MAX_CREDIT_WORDS or _FULL_STOP_INSIDE.search(stripped):
        return False
    if _CREDIT_LABEL.match(stripped):
        return True
    if not _AGENCY.search(stripped) or ends_sentence(stripped.rstrip(")")):
        return False
    rest = _AGENCY.sub(" ", stripped)
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", rest) if w.lower() not in _CREDIT_FILLERS]
    return len(words) <= MAX_CREDIT_NAME_WORDS and all(w[:1].isupper() for w in words)


def has_credit(text: str) -> bool:
    """Ends with a picture agency's credit in brackets: "... (AP Photo/Jane Doe)"."""
    bracket = text.rstrip().rfind("(")
    return text.rstrip().endswith(")") and bracket >= 0 and bool(_AGENCY.search(text[bracket:]))


_STARS = re.compile(r"[★☆⭐✩✭✮✯]")
_RATING = re.compile(
    r"^(?:(?:our |user |editor'?s? |overall )?(?:rating|rated|score|verdict|note|bewertung"
    r"|valoración|valutazione|avaliação|notation|оценка)\s*:?\s*)?"
    r"\d+(?:[.,]\d+)?\s*(?:/|out of|of|von|sur|de|su|из)\s*(?:5|10|100)"
    r"(?:\s*(?:stars?|sternen?|étoiles|estrellas|stelle|estrelas|points?|pts))?"
    r"(?:\s*\(?\d[\d,.]*\s*\w+\)?)?$",
    re.IGNORECASE,
)
MAX_RATING_WORDS = 10


def is_rating(text: str) -> bool:
    """ "4.5 out of 5 stars", "Rating: 8/10", "★★★★☆ (120 reviews)"."""
    stripped = text.strip().rstrip(".")
    if not 0 < word_count(stripped) <= MAX_RATING_WORDS:
        return False
    if len(_STARS.findall(stripped)) >= 3:
        return True
    return bool(_RATING.match(stripped))


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def is_bare_links(text: str) -> bool:
    """A block that is only web addresses (with separators or arrows between them)."""
    if not _URL.search(text):
        return False
    rest = _URL.sub(" ", text)
    return not any(ch.isalnum() for ch in rest)


def strip_list_marker(text: str) -> str:
    return _LIST_MARKER.sub("", text, count=1).strip()


# Words that stay lower case in a title-case headline.
_MINOR_WORDS = _words("a an the and or but nor of to in on at by for with from as vs via is are")
TITLE_CASE_SHARE = 0.75


def is_title_case(text: str) -> bool:
    """Headline capitalisation: most words other than short function words are capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() not in _MINOR_WORDS]
    if len(words) < 3:
        return False
    capitalised = sum(w[:1].isupper() for w in words)
    return capitalised >= TITLE_CASE_SHARE * len(words)


# "Kunduz: two polling stations were set on fire", "Baghlan – a guard was injured": a
# short label, a colon or dash, and at least three words of what it is about.
_LIST_ENTRY = re.compile(r"^[^\W\d_][^:–—]{0,40}?(?::|\s[–—-])\s+\S+(?:\s+\S+){2,}$")


def is_list_entry(text: str) -> bool:
    """An entry of a list without markers: a label, then what happened or what it is."""
    return bool(_LIST_ENTRY.match(text.strip())) and not _URL.search(text)


# "VIP : 60,000₩", "Tickets: 25 euros", "Dates: 29 November – 20 January": a label and a
# value with a number, as an article's practical-information box lists them.
_INFO_ENTRY = re.compile(r"^[^\W\d_][^:]{0,24}?\s?:\s*\S[^:]*\d")


def is_info_entry(text: str) -> bool:
    """A "label: value" line whose value has a number (a price, a date, a phone number)."""
    stripped = text.strip()
    return (
        word_count(stripped) <= 10
        and bool(_INFO_ENTRY.match(stripped))
        and not _URL.search(stripped)
        and not is_timestamp(stripped)
        and not is_reading_time(stripped)
    )
