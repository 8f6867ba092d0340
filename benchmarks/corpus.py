"""A synthetic news corpus from our own templates, with the extraction each article plants.

`articles(n, seed)` yields `Article`s: wire-style crime reports about made-up
people, groups, agencies, prisons and places, assembled from the sentence
templates below. Every article also carries the `Extraction` it plants (entities
with exact mention offsets, relations, events with dates, quotes), so the store
and query side can be measured at sizes where running spaCy would take hours
here, through the real `Store.add` path.

`near_copies(articles, rate, seed)` plants lightly edited copies (a sentence
dropped, words swapped, a line added) for measuring near-duplicate detection.
Names come from small syllable tables, so a 100k corpus still has recurring
entities (cross-document resolution has work to do) and a long tail.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from caseboard.aliases import name_key
from caseboard.model import ROLES, Document, Entity, Event, Extraction, Mention, Quote, Relation, Span

FIRST = ["Marta", "Julio", "Elena", "Tomás", "Rosa", "Iván", "Lucía", "Andrés", "Carmen", "Diego", "Nadia",
         "Omar", "Paula", "Sergio", "Teresa", "Víctor", "Yolanda", "Hugo", "Irene", "Joaquín"]
SURNAME_SYLLABLES = ["Qui", "ro", "ga", "Len", "dez", "Car", "de", "nas", "Ma", "ri", "Bel", "tran", "Ur", "bi",
                     "na", "Sal", "va", "tie", "rra", "Mon", "zon", "Ve", "ga", "Lo", "ren", "zo"]
GROUP_WORDS = ["Halcones", "Lobos", "Cóndores", "Pumas", "Serpientes", "Tiburones", "Alacranes", "Toros",
               "Jaguares", "Escorpiones", "Buitres", "Coyotes"]
CITIES = ["Valparaíso", "Antofagasta", "Tacna", "Arica", "Iquique", "Cúcuta", "Maracay", "Guayaquil", "Tumbes",
          "Oruro", "Salta", "Rosario", "Mendoza", "Cusco", "Quito", "Cali"]
COUNTRIES = ["Chile", "Peru", "Colombia", "Venezuela", "Ecuador", "Bolivia", "Argentina"]
AGENCIES = ["National Police", "Investigations Police", "Attorney General's Office", "Anti-Narcotics Directorate",
            "Interior Ministry", "Border Guard"]
PRISON_WORDS = ["Santa Rita", "El Rodeo", "La Picota", "Punta Peuco", "Yare", "San Pedro", "Lurigancho"]
VERBS_SAID = ["said", "told reporters", "said in a statement", "confirmed"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FILLER = [
    "The investigation began after a series of shipments was intercepted at the port.",
    "Officials did not say how many officers took part in the operation.",
    "Local media reported that residents heard gunfire late in the evening.",
    "The case has drawn attention to the growing reach of criminal groups in the region.",
    "Analysts say the groups have expanded into extortion and illegal mining.",
    "The government has promised more funding for police in border areas.",
    "Human rights groups have criticised conditions in the country's prisons.",
    "Court records show the case had been delayed several times.",
    "Prosecutors have until next month to present formal charges.",
    "The authorities seized weapons, cash and several vehicles.",
    "Several of the suspects were later released without charge, according to their lawyers.",
    "The group is believed to control smuggling routes across the mountains.",
    "Residents of the neighbourhood said they had long feared the gang.",
    "A judge ordered the suspects held in pre-trial detention for four months.",
    "The arrests came weeks after a similar operation in the capital.",
    "Police said the suspects used encrypted phones to coordinate deliveries.",
    "Officers found a workshop where drugs were hidden in fruit crates.",
    "The prosecutor's office said it would seek the maximum sentence.",
    "The mayor called for calm and thanked the officers involved.",
    "Several businesses in the area had reported threats and demands for payment.",
    "The operation involved more than two hundred officers and a helicopter.",
    "Family members gathered outside the police station throughout the day.",
    "It was not immediately clear whether the suspects had lawyers.",
    "Experts warn that arrests alone rarely dismantle such networks.",
]


@dataclass
class Article:
    """One synthetic article: its text and the extraction it plants."""

    document: Document
    extraction: Extraction
    copy_of: str | None = None  # id of the article this one is a near-copy of


@dataclass
class _Builder:
    """Assembles text sentence by sentence while recording what each sentence states."""

    source: str
    published: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def sentence(self, template: str, **slots: tuple[str, str, str]) -> Span:
        """Append `template` with `{slot}`s filled by (entity id, type, surface) triples."""
        if self.parts and not self.parts[-1].endswith("\n\n"):
            self.parts.append(" ")
            self.length += 1
        text, cursor, found = "", 0, []
        for match in re.finditer(r"\{(\w+)\}", template):
            text += template[cursor : match.start()]
            ident, kind, surface = slots[match.group(1)]
            found.append((self.length + len(text), ident, kind, surface))
            text += surface
            cursor = match.end()
        text += template[cursor:]
        start = self.length
        for offset, ident, kind, surface in found:
            entity = self.entities.setdefault(ident, Entity(ident, kind, surface))
            if surface not in entity.aliases:
                entity.aliases.append(surface)
            if len(surface) > len(entity.name):
                entity.name = surface
            entity.mentions.append(Mention(offset, offset + len(surface), surface, kind, ident))
        self.parts.append(text)
        self.length += len(text)
        return Span(start, self.length, text)

    def paragraph(self) -> None:
        self.parts.append("\n\n")
        self.length += 2

    def build(self) -> Extraction:
        text = "".join(self.parts).rstrip()
        document = Document(text=text, source=self.source, published=self.published)
        return Extraction(document, list(self.entities.values()), self.relations, self.events, self.quotes)


def _ident(kind: str, name: str) -> str:
    return f"{kind.lower()}:{name_key(name).replace(' ', '-')}"


def _person(rng: random.Random) -> tuple[str, str]:
    surname = "".join(rng.sample(SURNAME_SYLLABLES, 2)).capitalize()
    return f"{rng.choice(FIRST)} {surname}", surname


def _slot(kind: str, name: str, surface: str | None = None) -> tuple[str, str, str]:
    return (_ident(kind, name), kind, surface or name)


def article(index: int, rng: random.Random) -> Article:
    """One article about an arrest (and sometimes an escape) by a made-up group."""
    day = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    b = _Builder(source=f"synthetic/{index:07d}.txt", published=day.isoformat())
    suspect, suspect_short = _person(rng)
    official, official_short = _person(rng)
    group = f"Los {rng.choice(GROUP_WORDS)}"
    city, country = rng.choice(CITIES), rng.choice(COUNTRIES)
    agency = f"{country}'s {rng.choice(AGENCIES)}" if rng.random() < 0.3 else rng.choice(AGENCIES)
    s = {
        "suspect": _slot("PERSON", suspect),
        "short": _slot("PERSON", suspect, suspect_short),
        "official": _slot("PERSON", official),
        "official_short": _slot("PERSON", official, official_short),
        "group": _slot("ORG", group),
        "agency": _slot("ORG", agency),
        "city": _slot("GPE", city),
        "country": _slot("GPE", country),
    }
    weekday = rng.choice(WEEKDAYS)
    arrest = b.sentence(f"Police in {{city}} arrested {{suspect}} on {weekday}, the {{agency}} said.", **s)
    b.events.append(Event("arrest", arrest, day.isoformat(), _roles(agent=[s["agency"]], patient=[s["suspect"]], place=[s["city"]])))
    b.relations.append(Relation(s["suspect"][0], "arrested_by", s["agency"][0], arrest))
    hedge = rng.random() < 0.5
    leads = b.sentence(
        f"{{short}} is {'accused of leading' if hedge else 'the leader of'} {{group}}, which operates in {{city}} and {{country}}.",
        **s,
    )
    b.relations.append(Relation(s["suspect"][0], "leader_of", s["group"][0], leads, "alleged" if hedge else "asserted"))
    b.relations.append(Relation(s["group"][0], "operates_in", s["city"][0], leads))
    for filler in rng.sample(FILLER, rng.randint(4, 8)):
        b.sentence(filler)
    b.paragraph()
    quoted = rng.choice(["This is a heavy blow to organised crime", "The investigation is not over", "Nobody is above the law"])
    said = b.sentence(f'"{quoted}," {{official}}, a spokesperson for the {{agency}}, {rng.choice(VERBS_SAID)}.', **s)
    b.quotes.append(Quote(said.start + 1, said.start + 1 + len(quoted), quoted, s["official"][0], official))
    b.relations.append(Relation(s["official"][0], "employee_of", s["agency"][0], said))
    if rng.random() < 0.35:
        prison = f"{rng.choice(PRISON_WORDS)} prison"
        s["prison"] = _slot("FAC", prison)
        escaped = b.sentence(f"In {day.year - 1}, {{short}} escaped from {{prison}} near {{city}}.", **s)
        b.events.append(Event("escape", escaped, str(day.year - 1), _roles(patient=[s["suspect"]], place=[s["prison"]])))
        b.relations.append(Relation(s["suspect"][0], "escaped_from", s["prison"][0], escaped))
    for filler in rng.sample(FILLER, rng.randint(3, 7)):
        b.sentence(filler)
    b.paragraph()
    b.sentence(f"{{official_short}} said more arrests were expected in the coming weeks.", **s)
    extraction = b.build()
    return Article(extraction.document, extraction)


def _roles(**ids: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    return {role: [slot[0] for slot in ids.get(role, [])] for role in ROLES}


def articles(n: int, seed: int = 1) -> Iterator[Article]:
    """`n` synthetic articles, the same ones for the same seed."""
    rng = random.Random(seed)
    for index in range(n):
        yield article(index, rng)


def near_copy(original: Article, index: int, rng: random.Random) -> Article:
    """A lightly edited copy: one sentence dropped or a line appended, one word changed."""
    sentences = re.split(r"(?<=[.!?\"]) ", original.document.text)
    if len(sentences) > 6 and rng.random() < 0.5:
        del sentences[rng.randrange(1, len(sentences) - 1)]
    else:
        sentences.append("This story has been updated.")
    text = " ".join(sentences)
    words = text.split(" ")
    spot = rng.randrange(len(words))
    words[spot] = {"said": "stated", "the": "a", "in": "within"}.get(words[spot], words[spot])
    document = Document(text=" ".join(words), source=f"synthetic/copy-{index:07d}.txt", published=original.document.published)
    return Article(document, Extraction(document), copy_of=original.document.id)


def with_near_copies(originals: list[Article], rate: float, seed: int = 2) -> list[Article]:
    """`originals` with a near-copy of a random `rate` share of them planted later in the stream."""
    rng = random.Random(seed)
    copied = rng.sample(originals, int(len(originals) * rate))
    corpus = list(originals)
    for index, original in enumerate(copied):
        position = rng.randrange(corpus.index(original) + 1, len(corpus) + 1)
        corpus.insert(position, near_copy(original, index, rng))
    return corpus
