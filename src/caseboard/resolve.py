"""The same entity across documents: matching a document's entities to the corpus.

`resolve_entities` decides, for each entity of a new extraction, which stored
entity (if any) it names. Two kinds of keys come from `entity_keys`:

- strong keys identify an entity on their own: a full name or multi-word alias
  (titles left out, accents folded), a country's canonical name, a one-word name
  of an organisation or place ("FBI", "Venezuela");
- weak keys (prefixed `~`) only find candidates: a person's surnames, or a person
  known by one word. A candidate found only that way must have a compatible name
  (same given name, or one name a shorter form of the other, or a near spelling by
  rapidfuzz) and share context: some other entity named in both documents. Two
  people who share a surname are not merged without that evidence.

`Known` is what the store knows about candidate entities; the store supplies it,
so this module stays free of SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from caseboard.aliases import nickname_parts
from caseboard.model import ENTITY_TYPES, Entity, Extraction
from caseboard.names import fold, identity_key, name_key
from caseboard.rules.entities import EntityRules, load_rules

WEAK = "~"
# token_sort_ratio at or above which two person names are one spelling apart
# ("Mohamed Salah" / "Mohammed Salah"); only used together with shared context.
NEAR_SPELLING = 90.0


@dataclass
class Known:
    """A stored entity as seen by the resolver."""

    id: str
    type: str
    name: str
    keys: set[str] = field(default_factory=set)
    # fetches the strong keys of the entities named alongside it in its documents (only
    # those the new document has too): asked only of the few candidates that need it
    load_context: Callable[[], set[str]] = field(default=set, repr=False, compare=False)

    @cached_property
    def context(self) -> set[str]:
        return self.load_context()


# (type, keys) -> stored entities of that type having any of those keys
Lookup = Callable[[str, set[str]], list[Known]]


def _without_title(form: str, rules: EntityRules) -> str:
    """A name form without a leading title: "President Maduro" -> "Maduro"."""
    words = form.split()
    for n in range(min(rules.longest_title, len(words) - 1), 0, -1):
        if " ".join(fold(w) for w in words[:n]) in rules.titles:
            return " ".join(words[n:])
    return form


def _person_words(name: str, rules: EntityRules) -> list[str]:
    """A person's name words for matching: nickname in quotes and particles left out."""
    parts = nickname_parts(name, rules)
    plain = f"{parts[0]} {parts[2]}" if parts else name
    return [w for w in identity_key(_without_title(plain, rules)).split() if w not in rules.particles]


def entity_keys(entity: Entity, rules: EntityRules | None = None) -> set[str]:
    """Every key the store files an entity under: strong keys, and weak keys prefixed `~`."""
    rules = rules or load_rules()
    forms = [entity.name, *entity.aliases]
    if entity.type != "PERSON":
        keys = {identity_key(_without_title(f, rules), entity.type) for f in forms}
        return {k for k in keys if k}
    keys: set[str] = set()
    for form in forms:
        words = _person_words(form, rules)
        if len(words) > 1:
            keys.add(" ".join(words))
            keys.update(WEAK + w for w in words[1:])  # surnames find candidates
        elif words:
            keys.add(WEAK + words[0])
    return {k for k in keys if k.strip(WEAK)}


def strong(keys: set[str]) -> set[str]:
    return {k for k in keys if not k.startswith(WEAK)}


def names_compatible(a: str, b: str, rules: EntityRules | None = None) -> bool:
    """Whether two person names can name one person: "Guerrero" and "Héctor Guerrero
    Flores", "Héctor Guerrero" and "Hector Rusthenford Guerrero Flores", or a near
    spelling. "Ovidio Guzmán" and "Joaquín Guzmán" cannot."""
    rules = rules or load_rules()
    wa, wb = _person_words(a, rules), _person_words(b, rules)
    if not wa or not wb:
        return False
    short, long = sorted((wa, wb), key=len)
    if len(short) == 1:
        return short[0] in long[1:] or short == long
    if fuzz.token_sort_ratio(" ".join(wa), " ".join(wb)) >= NEAR_SPELLING:
        return True
    same_given = short[0] == long[0] or (len(short[0]) == 1 and long[0].startswith(short[0]))
    return same_given and any(w in long[1:] for w in short[1:])


def _other_type(entity: Entity, lookup: Lookup, context: set[str], used: set[str]) -> list[Known]:
    """Stored entities of another type with exactly this full name, named in documents
    that share context with this one: "Tren de Aragua" typed a person here (by the
    model alone, with nothing in the text to correct it) is the stored organisation."""
    full = name_key(entity.name)
    if len(full.split()) < 2:
        return []
    return [
        k
        for kind in ENTITY_TYPES
        if kind != entity.type
        for k in lookup(kind, {full})
        if k.id not in used and k.context & context
    ]


def resolve_entities(extraction: Extraction, lookup: Lookup, taken: Callable[[str], bool]) -> dict[str, str]:
    """Map each local entity id of `extraction` to a corpus-wide id.

    An entity joins a stored entity of the same type that shares a strong key; or,
    failing that, one found by a weak key whose name is compatible and that shares
    context with this document; or, failing that, one of another type with exactly its
    full name and shared context (the entity then takes that type). Otherwise it gets a
    new id, its local id unless that is already used by a different entity (then
    `-2`, `-3` ...).
    """
    rules = load_rules()
    all_keys = {e.id: entity_keys(e, rules) for e in extraction.entities}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for entity in extraction.entities:
        keys = all_keys[entity.id]
        context = set().union(*(strong(k) for i, k in all_keys.items() if i != entity.id)) - strong(keys)
        candidates = [k for k in lookup(entity.type, keys) if k.id not in used]
        by_strong = [k for k in candidates if k.keys & strong(keys)]
        # context is fetched from the store on demand: only for compatible names, only without a strong match
        by_weak = [
            k
            for k in ([] if by_strong else candidates)
            if k.keys & keys and names_compatible(entity.name, k.name, rules) and k.context & context
        ]
        retyped = [] if by_strong or by_weak else _other_type(entity, lookup, context, used)
        # ties go to the shorter id, then the first in code-point order: never to the order
        # the database happened to return the candidates in (SQLite and PostgreSQL differ)
        if by_strong:
            mapping[entity.id] = min(by_strong, key=lambda k: (-len(k.keys & keys), len(k.id), k.id)).id
        elif by_weak:
            mapping[entity.id] = min(by_weak, key=lambda k: (-len(k.context & context), len(k.id), k.id)).id
        elif retyped:
            known = min(retyped, key=lambda k: (-len(k.context & context), len(k.id), k.id))
            mapping[entity.id] = known.id
            entity.type = known.type
            for m in entity.mentions:
                m.type = known.type
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
