"""FollowTheMoney entities, one JSON object per line, for Aleph (`alephclient write-entities`)
and the `ftm` tools.

Each stored document becomes an Article; each entity a Person, Organization or
Address (for places); each merged relation a Directorship, Membership,
Employment or UnknownLink; each merged event an Event. Links and events carry
their status, evidence sentence, source URLs and the Articles that state them
(`proof`). Entities are built with followthemoney's own model, so every value
is cleaned and checked by it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import TextIO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from caseboard import board
from caseboard.corroboration import Evidence, Fact, MergedEvent
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


def ftm_id(*parts: str) -> str:
    """The stable FtM id of a caseboard object (a hash of its caseboard id)."""
    return model.make_entity("Thing").make_id(ID_PREFIX, *parts) or ""


def entities(store: Store) -> Iterator[EntityProxy]:
    """Every FtM entity of the case board: articles, entities, links, events."""
    schema_of: dict[str, str] = {}
    proof: dict[str, list[str]] = defaultdict(list)
    urls: dict[str, list[str]] = defaultdict(list)
    for extraction in store.extractions():
        doc = extraction.document
        article = model.make_entity("Article")
        article.id = ftm_id("document", doc.id)
        article.add("title", doc.title)
        article.add("fileName", doc.source)
        article.add("publishedAt", doc.published)
        article.add("sourceUrl", doc.url)
        article.add("language", doc.lang)
        article.add("bodyText", doc.text)
        yield article
        for entity in extraction.entities:
            proof[entity.id].append(article.id)
            if doc.url:
                urls[entity.id].append(doc.url)
    for row in store.list_entities():
        schema = SCHEMA_BY_TYPE[row["type"]]
        proxy = model.make_entity(schema)
        proxy.id = ftm_id(row["id"])
        proxy.add("name", row["name"])
        proxy.add("alias", [a for a in row["aliases"] if a != row["name"]])
        if schema == "Address":
            proxy.add("full", row["name"])
        proxy.add("proof", proof[row["id"]])
        proxy.add("sourceUrl", urls[row["id"]])
        schema_of[row["id"]] = schema
        yield proxy
    for fact in board.facts(store):
        yield link(fact, schema_of)
    for event in board.timeline(store):
        yield event_entity(event, schema_of)


def link(fact: Fact, schema_of: dict[str, str]) -> EntityProxy:
    """The FtM interval for one merged relation."""
    schema, subject_prop, object_prop = LINK_SCHEMA.get(fact.relation, UNKNOWN_LINK)
    if not _accepts(schema, subject_prop, schema_of[fact.subject]) or not _accepts(
        schema, object_prop, schema_of[fact.object]
    ):
        schema, subject_prop, object_prop = UNKNOWN_LINK
    proxy = model.make_entity(schema)
    proxy.id = ftm_id("relation", fact.subject, fact.relation, fact.object)
    proxy.add(subject_prop, ftm_id(fact.subject))
    proxy.add(object_prop, ftm_id(fact.object))
    proxy.add("role", fact.relation.replace("_", " "))
    proxy.add("status", fact.status)
    _add_support(proxy, fact, fact.evidence)
    return proxy


def event_entity(event: MergedEvent, schema_of: dict[str, str]) -> EntityProxy:
    """The FtM Event for one merged event: people and organisations involved, places as addresses."""
    proxy = model.make_entity("Event")
    people = sorted({i for role in ("agent", "patient") for i in event.participants.get(role, [])})
    places = event.participants.get("place", [])
    proxy.id = ftm_id("event", event.type, event.date or "", *people, *places)
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
    proxy.add("keywords", [event.type, event.status])
    _add_support(proxy, event, event.evidence)
    return proxy


def _accepts(schema: str, prop: str, entity_schema: str) -> bool:
    """Whether `schema.prop` may point at an entity of `entity_schema`."""
    target = model.schemata[schema].properties[prop].range
    return target is not None and model.schemata[entity_schema].is_a(target.name)


def _add_support(proxy: EntityProxy, item: Fact | MergedEvent, evidence: list[Evidence]) -> None:
    """Evidence, counts, source URLs and the stating articles on a link or event."""
    proxy.add(
        "summary",
        f"{item.status}; {item.sources} source(s), {item.independent_sources} independent"
        + (f"; conflict: {item.conflict}" if item.conflict else ""),
    )
    proxy.add("description", [e.text for e in evidence])
    proxy.add("sourceUrl", [e.url for e in evidence if e.url])
    proxy.add("proof", [ftm_id("document", e.doc_id) for e in evidence])


def write(store: Store, stream: TextIO) -> int:
    """Write every FtM entity as one JSON line; return how many."""
    count = 0
    for proxy in entities(store):
        stream.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
