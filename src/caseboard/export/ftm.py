"""FollowTheMoney entities, one JSON object per line, for Aleph (`alephclient write-entities`)
and the `ftm` tools.

Each stored document becomes an Article (title, author, publishedAt, sourceUrl, publisher:
the site name the page carries, else its URL's host); each
entity a Person, Organization or Address (for places), with `country` as an ISO code
where the board says it (a place that is or lies in a country, an organisation operating
in one); each name an entity goes by in a document a Mention, as Aleph's ingest-file
emits them. Each merged relation becomes one Directorship, Membership, Employment or
UnknownLink per document that states it, carrying that document's sentence, status and
URL, so which sentence came from which article is kept; each merged event one Event
(its id from a stable key: it stays the same when a later document adds a participant)
and one Documentation per document telling it, with that document's sentence.

Entities are built with followthemoney's own model, so every value is cleaned and
checked by it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, TextIO
from urllib.parse import urlsplit

from followthemoney import model
from followthemoney.proxy import EntityProxy

from caseboard import board
from caseboard.board import Filters
from caseboard.corroboration import STATUS_STRENGTH, Evidence, Fact, MergedEvent
from caseboard.gazetteer import country_code
from caseboard.model import Document
from caseboard.store import Store

ID_PREFIX = "caseboard"

# caseboard entity type -> FtM schema
SCHEMA_BY_TYPE: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Address",
    "LOC": "Address",
    "FAC": "Address",
}

# relation -> (FtM schema, subject property, object property); anything not listed,
# or whose entities the schema does not accept, becomes an UnknownLink
LINK_SCHEMA: dict[str, tuple[str, str, str]] = {
    "leader_of": ("Directorship", "director", "organization"),
    "head_of": ("Directorship", "director", "organization"),
    "member_of": ("Membership", "member", "organization"),
    "employee_of": ("Employment", "employee", "employer"),
}
UNKNOWN_LINK = ("UnknownLink", "subject", "object")

# Relations whose subject takes the country of their object (a place): where an
# organisation operates or was founded, what a person heads, where a place lies.
COUNTRY_RELATIONS = ("operates_in", "founded_in", "head_of", "located_in")


def ftm_id(*parts: str) -> str:
    """The stable FtM id of a caseboard object (a hash of its caseboard id)."""
    return model.make_entity("Thing").make_id(ID_PREFIX, *parts) or ""


def entities(store: Store, filters: Filters = Filters()) -> Iterator[EntityProxy]:
    """Every FtM entity of the `filters` part of the case board: articles, entities,
    mentions, links, events and their documentation."""
    chosen = board.selection(store, filters)
    kept = {row["id"]: row for row in chosen.entities}
    stated = {e.doc_id for f in chosen.facts for e in f.evidence} | {e.doc_id for v in chosen.events for e in v.evidence}
    countries = _countries(kept, chosen.facts)
    schema_of = {ident: SCHEMA_BY_TYPE[row["type"]] for ident, row in kept.items()}
    proof: dict[str, list[str]] = defaultdict(list)
    urls: dict[str, list[str]] = defaultdict(list)
    for row in sorted(store.list_documents(), key=lambda d: board.source_order(d["published"], d["id"])):
        extraction = store.extraction(row["id"])
        assert extraction is not None
        doc = extraction.document
        named = [e for e in extraction.entities if e.id in kept]
        if filters.entity is not None and not named and doc.id not in stated:
            continue  # a focused export carries only the documents it cites
        places = sorted({c for e in named if schema_of[e.id] == "Address" for c in countries.get(e.id, [])})
        yield article(doc, {e.id: sorted({m.text for m in e.mentions}) for e in named}, schema_of, places)
        for entity in named:
            proof[entity.id].append(ftm_id("document", doc.id))
            if doc.url:
                urls[entity.id].append(doc.url)
            if _accepts("Mention", "resolved", schema_of[entity.id]):
                for name in sorted({m.text for m in entity.mentions}):
                    yield mention(doc.id, entity.id, name, schema_of[entity.id], places)
    for ident, row in kept.items():
        proxy = model.make_entity(schema_of[ident])
        proxy.id = ftm_id(ident)
        proxy.add("name", row["name"])
        proxy.add("alias", [a for a in row["aliases"] if a != row["name"]])
        if proxy.schema.name == "Address":
            proxy.add("full", row["name"])
        proxy.add("country", countries.get(ident, []))
        proxy.add("proof", proof[ident])
        proxy.add("sourceUrl", urls[ident])
        yield proxy
    for fact in chosen.facts:
        yield from links(fact, schema_of)
    for event in chosen.events:
        yield event_entity(event, schema_of, countries)
        yield from documentation(event)


# Article property listing the names of each schema the document mentions, as ingest-file fills them
MENTIONED: dict[str, str] = {"Person": "peopleMentioned", "Organization": "companiesMentioned", "Address": "locationMentioned"}


def article(doc: Document, names: dict[str, list[str]], schema_of: dict[str, str], countries: list[str]) -> EntityProxy:
    """The Article of one stored document, with the names (entity id -> names) it mentions
    and the countries of its places; its publisher is the site it names, else its URL's host."""
    proxy = model.make_entity("Article")
    proxy.id = ftm_id("document", doc.id)
    proxy.add("title", doc.title)
    proxy.add("fileName", doc.source)
    proxy.add("publishedAt", doc.published)
    proxy.add("sourceUrl", doc.url)
    proxy.add("author", doc.author)
    if doc.site:
        proxy.add("publisher", doc.site)
    elif doc.url:
        proxy.add("publisher", urlsplit(doc.url).hostname)
    for ident, forms in names.items():
        proxy.add(MENTIONED[schema_of[ident]], forms)
    proxy.add("detectedCountry", countries)
    proxy.add("language", doc.lang)
    proxy.add("bodyText", doc.text)
    return proxy


def mention(doc_id: str, entity_id: str, name: str, schema: str, countries: list[str]) -> EntityProxy:
    """A Mention of a person's or organisation's name in a document, resolved to its entity
    (what ingest-file emits), with the countries of the places the document names as context."""
    proxy = model.make_entity("Mention")
    proxy.id = ftm_id("mention", doc_id, entity_id, name)
    proxy.add("name", name)
    proxy.add("document", ftm_id("document", doc_id))
    proxy.add("resolved", ftm_id(entity_id))
    proxy.add("detectedSchema", schema)
    proxy.add("contextCountry", countries)
    return proxy


def _countries(kept: dict[str, dict[str, Any]], facts: list[Fact]) -> dict[str, list[str]]:
    """Entity id -> ISO codes: a place's own (it names a country or a state), else those of
    the places the board says it lies in; an organisation's or person's through
    COUNTRY_RELATIONS to places."""
    own = {i: code for i, row in kept.items() if row["type"] != "PERSON" and row["type"] != "ORG"
           for code in [country_code(row["name"])] if code}
    found: dict[str, set[str]] = {i: {code} for i, code in own.items()}
    for fact in facts:
        if fact.relation in COUNTRY_RELATIONS and fact.subject not in own and fact.object in own:
            found.setdefault(fact.subject, set()).add(own[fact.object])
    for fact in facts:  # one more hop: an organisation operating in a place that lies in a country
        if fact.relation in COUNTRY_RELATIONS and fact.subject not in found and fact.object in found:
            found.setdefault(fact.subject, set()).update(found[fact.object])
    return {i: sorted(codes) for i, codes in found.items()}


def _by_document(evidence: list[Evidence]) -> dict[str, list[Evidence]]:
    """Evidence sentences grouped by their document, documents in the order first cited."""
    grouped: dict[str, list[Evidence]] = {}
    for e in evidence:
        grouped.setdefault(e.doc_id, []).append(e)
    return grouped


def _strongest(evidence: list[Evidence]) -> str:
    return max((e.status for e in evidence), key=lambda s: STATUS_STRENGTH[s])


def links(fact: Fact, schema_of: dict[str, str]) -> Iterator[EntityProxy]:
    """The FtM intervals of one merged relation: one per document stating it, with that
    document's sentences, status and URL, and the merged figures in `summary`."""
    schema, subject_prop, object_prop = LINK_SCHEMA.get(fact.relation, UNKNOWN_LINK)
    if not _accepts(schema, subject_prop, schema_of[fact.subject]) or not _accepts(
        schema, object_prop, schema_of[fact.object]
    ):
        schema, subject_prop, object_prop = UNKNOWN_LINK
    for doc_id, told in _by_document(fact.evidence).items():
        proxy = model.make_entity(schema)
        proxy.id = ftm_id("relation", fact.subject, fact.relation, fact.object, doc_id)
        proxy.add(subject_prop, ftm_id(fact.subject))
        proxy.add(object_prop, ftm_id(fact.object))
        proxy.add("role", fact.relation.replace("_", " "))
        proxy.add("status", _strongest(told))
        _add_source(proxy, told)
        proxy.add("summary", _summary(fact))
        yield proxy


def event_entity(event: MergedEvent, schema_of: dict[str, str], countries: dict[str, list[str]]) -> EntityProxy:
    """The FtM Event for one merged event: people and organisations involved, places as
    addresses, the countries of its places; its id from `board.event_key`."""
    proxy = model.make_entity("Event")
    people = sorted({i for role in ("agent", "patient") for i in event.participants.get(role, [])})
    places = event.participants.get("place", [])
    proxy.id = ftm_id("event", board.event_key(event))
    proxy.add("name", f"{event.type.replace('_', ' ')} {event.date or '(undated)'}")
    proxy.add("date", event.date)
    for ident in people:
        if _accepts("Event", "involved", schema_of[ident]):
            proxy.add("involved", ftm_id(ident))
        else:  # a place named as agent or patient ("raid on the prison")
            proxy.add("addressEntity", ftm_id(ident))
    for ident in event.participants.get("agent", []):
        if _accepts("Event", "organizer", schema_of[ident]):
            proxy.add("organizer", ftm_id(ident))
    proxy.add("addressEntity", [ftm_id(i) for i in places])
    proxy.add("country", sorted({c for i in places for c in countries.get(i, [])}))
    proxy.add("keywords", [event.type, event.status])
    proxy.add("summary", _summary(event))
    proxy.add("description", [e.text for e in event.evidence])
    proxy.add("sourceUrl", [e.url for e in event.evidence if e.url])
    proxy.add("proof", [ftm_id("document", e.doc_id) for e in event.evidence])
    return proxy


def documentation(event: MergedEvent) -> Iterator[EntityProxy]:
    """One Documentation per document telling the event, with that document's sentences."""
    event_id = ftm_id("event", board.event_key(event))
    for doc_id, told in _by_document(event.evidence).items():
        proxy = model.make_entity("Documentation")
        proxy.id = ftm_id("documentation", event_id, doc_id)
        proxy.add("document", ftm_id("document", doc_id))
        proxy.add("entity", event_id)
        proxy.add("role", f"tells of the {event.type.replace('_', ' ')}")
        proxy.add("status", _strongest(told))
        _add_source(proxy, told)
        yield proxy


def _accepts(schema: str, prop: str, entity_schema: str) -> bool:
    """Whether `schema.prop` may point at an entity of `entity_schema`."""
    target = model.schemata[schema].properties[prop].range
    return target is not None and model.schemata[entity_schema].is_a(target.name)


def _summary(item: Fact | MergedEvent) -> str:
    return (
        f"across sources: {item.status}; {item.sources} source(s), {item.independent_sources} independent"
        + (f"; conflict: {item.conflict}" if item.conflict else "")
        + (f"; reviewed: {item.review}" if isinstance(item, Fact) and item.review else "")
    )


def _add_source(proxy: EntityProxy, told: list[Evidence]) -> None:
    """One document's sentences, its URL and its Article on a link or documentation."""
    proxy.add("description", [e.text for e in sorted(told, key=lambda e: e.start)])
    proxy.add("sourceUrl", [e.url for e in told if e.url])
    proxy.add("proof", ftm_id("document", told[0].doc_id))
    proxy.add("date", told[0].published)  # when the source said it


def write(store: Store, stream: TextIO, filters: Filters = Filters()) -> int:
    """Write every FtM entity of the `filters` part of the board as one JSON line; return how many."""
    count = 0
    for proxy in entities(store, filters):
        stream.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
