"""The same entity across documents: matching a document's entities to the corpus.

`resolve_entities` decides, for each entity of a new extraction, which stored
entity (if any) it names, from normalised names and type. `Known` is what the
store knows about candidate entities; the store supplies it, so this module
stays free of SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from caseboard.aliases import name_key
from caseboard.model import Entity, Extraction


@dataclass
class Known:
    """A stored entity as seen by the resolver."""

    id: str
    type: str
    name: str
    keys: set[str] = field(default_factory=set)


# (type, keys) -> stored entities of that type having any of those keys
Lookup = Callable[[str, set[str]], list[Known]]


def entity_keys(entity: Entity) -> set[str]:
    """Keys that identify an entity strongly enough to match across documents:
    its full name and every alias of more than one word (a bare surname is too weak)."""
    keys = {name_key(entity.name)}
    keys.update(k for k in (name_key(a) for a in entity.aliases) if len(k.split()) > 1)
    if len(name_key(entity.name).split()) == 1 and entity.type != "PERSON":
        # one-word names of places and organisations (FBI, Venezuela) are identifying
        keys.update(name_key(a) for a in entity.aliases)
    return {k for k in keys if k}


def resolve_entities(extraction: Extraction, lookup: Lookup, taken: Callable[[str], bool]) -> dict[str, str]:
    """Map each local entity id of `extraction` to a corpus-wide id.

    An entity joins a stored entity of the same type that shares one of its
    identifying keys; otherwise it gets a new id, its local id unless that is
    already used by a different entity (then `-2`, `-3` ...).
    """
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for entity in extraction.entities:
        keys = entity_keys(entity)
        candidates = [k for k in lookup(entity.type, keys) if k.id not in used]
        if candidates:
            best = max(candidates, key=lambda k: (len(k.keys & keys), -len(k.id)))
            mapping[entity.id] = best.id
        else:
            ident, n = entity.id, 1
            while taken(ident) or ident in used:
                n += 1
                ident = f"{entity.id}-{n}"
            mapping[entity.id] = ident
        used.add(mapping[entity.id])
    return mapping


def apply_mapping(extraction: Extraction, mapping: dict[str, str]) -> Extraction:
    """Rewrite every entity reference in `extraction` through `mapping` (in place)."""
    for entity in extraction.entities:
        entity.id = mapping.get(entity.id, entity.id)
        for m in entity.mentions:
            m.entity_id = entity.id
    for r in extraction.relations:
        r.subject = mapping.get(r.subject, r.subject)
        r.object = mapping.get(r.object, r.object)
        r.attributed_to = mapping.get(r.attributed_to, r.attributed_to) if r.attributed_to else None
    for e in extraction.events:
        e.participants = {role: [mapping.get(i, i) for i in ids] for role, ids in e.participants.items()}
        e.attributed_to = mapping.get(e.attributed_to, e.attributed_to) if e.attributed_to else None
    for q in extraction.quotes:
        q.speaker = mapping.get(q.speaker, q.speaker) if q.speaker else None
    return extraction
