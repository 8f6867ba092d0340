"""A small hand-made case board for the web, browser and export tests.

Built from `model.Extraction` objects stored with `Store.add`, so the pages and
exports have relations, events, quotes, a near-duplicate, a repeated passage and
a hostile document to show, whatever the extraction stages find today.
"""

from __future__ import annotations

from pathlib import Path

from caseboard.model import Document, Entity, Event, Extraction, Mention, Quote, Relation, Span
from caseboard.store import Store

GUERRERO = "person:hector-guerrero"
TREN = "org:tren-de-aragua"
TOCORON = "fac:tocoron-prison"
COLOMBIA = "gpe:colombia"
CHAMBERLAIN = "person:todd-chamberlain"
POLICE = "org:aurora-police-department"
USA = "gpe:united-states"
FBI = "org:fbi"
EVIL = "org:b-onmouseover-alert-3-evil-corp-b"

ARTICLE_A = (
    "Hector Guerrero, the leader of Tren de Aragua, escaped from Tocoron prison in 2023. "
    "Investigators say Tren de Aragua allegedly operates in Colombia through local cells. "
    '"We will find him," said Todd Chamberlain, chief of the Aurora Police Department. '
    "The gang was founded in Tocoron prison a decade earlier.\n\n"
    "Subscribe to our newsletter for more stories like this.\n\n"
    "Subscribe to our newsletter for more stories like this."
)

ARTICLE_B = (
    "Tren de Aragua was designated a terrorist organization by the United States in July 2024. "
    "Guerrero denied being a member of Tren de Aragua in a statement. "
    "Hector Guerrero, the leader of Tren de Aragua, was arrested by the FBI, officials said."
)

HOSTILE = (
    "Breaking: <script>window.pwned = 1; alert(1)</script> Hector Guerrero was seen "
    '<a href="javascript:alert(2)">here</a> <img src=x onerror="window.pwned = 2"> '
    "<!-- a hidden comment --> near Tocoron prison, where <b onmouseover=alert(3)>Evil Corp</b> "
    "runs a raid on the prison."
)

HOSTILE_TITLE = "<script>window.pwned = 3</script>Hostile page"


def find(text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the `nth` occurrence of `phrase` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def entity(text: str, ident: str, kind: str, name: str, *surface: str) -> Entity:
    """An entity with a mention for every occurrence of each surface form."""
    found = Entity(ident, kind, name, aliases=sorted(set(surface) - {name}))
    for form in surface:
        start = text.find(form)
        while start >= 0:
            found.mentions.append(Mention(start, start + len(form), form, kind, ident))
            start = text.find(form, start + len(form))
    found.mentions.sort(key=lambda m: m.start)
    return found


def sentence(text: str, phrase: str) -> Span:
    """The sentence of `text` holding `phrase` (up to and including its full stop)."""
    at = text.index(phrase)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.index(".", at + len(phrase)) + 1
    return Span(start, end, text[start:end])


def article_a(text: str = ARTICLE_A, url: str = "https://news.example/a") -> Extraction:
    repeat = "Subscribe to our newsletter for more stories like this."
    first, second = find(text, repeat), find(text, repeat, 1)
    doc = Document(
        text,
        source="news/a.html",
        title="Gang leader escaped, police say",
        published="2024-03-01",
        url=url,
        repeated_spans=[[second.start, second.end, first.start, first.end]],
    )
    quote = find(text, "We will find him,")
    return Extraction(
        doc,
        entities=[
            entity(text, GUERRERO, "PERSON", "Hector Guerrero", "Hector Guerrero"),
            entity(text, TREN, "ORG", "Tren de Aragua", "Tren de Aragua"),
            entity(text, TOCORON, "FAC", "Tocoron prison", "Tocoron prison"),
            entity(text, COLOMBIA, "GPE", "Colombia", "Colombia"),
            entity(text, CHAMBERLAIN, "PERSON", "Todd Chamberlain", "Todd Chamberlain"),
            entity(text, POLICE, "ORG", "Aurora Police Department", "Aurora Police Department"),
        ],
        relations=[
            Relation(GUERRERO, "leader_of", TREN, sentence(text, "the leader of")),
            Relation(GUERRERO, "escaped_from", TOCORON, sentence(text, "escaped from")),
            Relation(TREN, "operates_in", COLOMBIA, sentence(text, "operates in"), status="alleged"),
            Relation(CHAMBERLAIN, "head_of", POLICE, sentence(text, "chief of")),
            Relation(TREN, "founded_in", TOCORON, sentence(text, "founded in")),
        ],
        events=[
            Event(
                "escape",
                sentence(text, "escaped from"),
                "2023",
                {"agent": [], "patient": [GUERRERO], "place": [TOCORON]},
            ),
        ],
        quotes=[Quote(quote.start, quote.end, quote.text, CHAMBERLAIN, "Todd Chamberlain")],
    )


def article_b() -> Extraction:
    text = ARTICLE_B
    doc = Document(text, source="wire/b.txt", title="US designates gang", published="2024-08-02",
                   url="https://wire.example/b")
    return Extraction(
        doc,
        entities=[
            entity(text, TREN, "ORG", "Tren de Aragua", "Tren de Aragua"),
            entity(text, USA, "GPE", "United States", "United States"),
            entity(text, GUERRERO, "PERSON", "Hector Guerrero", "Hector Guerrero", "Guerrero"),
            entity(text, FBI, "ORG", "FBI", "FBI"),
        ],
        relations=[
            Relation(TREN, "designated_by", USA, sentence(text, "designated")),
            Relation(GUERRERO, "member_of", TREN, sentence(text, "denied being"), status="denied"),
            Relation(GUERRERO, "leader_of", TREN, sentence(text, "the leader of")),
            Relation(GUERRERO, "arrested_by", FBI, sentence(text, "arrested by"), status="quoted",
                     attributed_to=FBI),
        ],
        events=[
            Event(
                "designation",
                sentence(text, "designated"),
                "2024-07",
                {"agent": [USA], "patient": [TREN], "place": []},
            ),
            Event(
                "arrest",
                sentence(text, "arrested by"),
                None,
                {"agent": [FBI], "patient": [GUERRERO], "place": []},
                status="alleged",
            ),
        ],
    )


def hostile() -> Extraction:
    text = HOSTILE
    doc = Document(text, source="javascript:alert(4)", title=HOSTILE_TITLE, published="2024-09-09",
                   url="javascript:alert(5)")
    raid = sentence(text, "runs a raid")
    return Extraction(
        doc,
        entities=[
            entity(text, GUERRERO, "PERSON", "Hector Guerrero", "Hector Guerrero"),
            entity(text, TOCORON, "FAC", "Tocoron prison", "Tocoron prison"),
            entity(text, EVIL, "ORG", "<b onmouseover=alert(3)>Evil Corp</b>", "<b onmouseover=alert(3)>Evil Corp</b>"),
        ],
        relations=[Relation(EVIL, "rival_of", GUERRERO, raid, status="alleged")],
        events=[
            Event("raid_or_operation", raid, "2024-09", {"agent": [EVIL], "patient": [], "place": [TOCORON]}),
        ],
    )


def syndicated_copy() -> Extraction:
    """The same article syndicated elsewhere: a near-duplicate, not independent corroboration."""
    return article_a(ARTICLE_A.replace("a decade earlier", "ten years earlier"), url="https://syndicate.example/a-copy")


def build_board(path: Path) -> Store:
    """A case board at `path`: two articles, a syndicated copy of the first, and a hostile page."""
    store = Store.open(str(path))
    store.add(article_a())
    store.add(article_b())
    store.add(syndicated_copy())
    store.add(hostile())
    return store


# A Spanish article quoting an English statement: the statement's sentence is evidence in English.
ARTICLE_ES = (
    "Héctor Guerrero, líder del Tren de Aragua, fue capturado en Bogotá el martes por la mañana. "
    "Hector Guerrero has led Tren de Aragua for years, the Treasury said in a statement on Tuesday."
)


def spanish_article() -> Extraction:
    """A Spanish document whose two sentences state one fact, in Spanish and in English."""
    text = ARTICLE_ES
    doc = Document(text, source="noticias/es.html", title="Cae el líder", published="2024-03-05", lang="es")
    return Extraction(
        doc,
        entities=[
            entity(text, GUERRERO, "PERSON", "Hector Guerrero", "Héctor Guerrero", "Hector Guerrero"),
            entity(text, TREN, "ORG", "Tren de Aragua", "Tren de Aragua"),
        ],
        relations=[
            Relation(GUERRERO, "leader_of", TREN, sentence(text, "líder del")),
            Relation(GUERRERO, "leader_of", TREN, sentence(text, "has led"), status="quoted"),
        ],
    )
