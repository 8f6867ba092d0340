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

A group is also filed under its name without a leading article ("Monos") and as a set of
words ("=cartel sinaloa": "Cartel de Sinaloa" is "the Sinaloa Cartel").

Two people whose full names conflict (`names_conflict`: one is no shorter form of the
other, so they differ on a given name or a surname) are never joined, however many
keys they share; a short name joins only the one person it fits (or fits best: by more of
its names, then by more context, a namesake named beside it being no context), and none
known by the name its document gives another person. A withheld surname ("Carlos N.") is
no evidence at all. Joining is meant to give the same board whatever order documents come
in: stored entities a new document shows to be one are united (`Resolution.unite`), a
full name takes in stored shorter forms of it and a short name stored fuller forms of it,
and the store names every entity by its fullest name (`aliases.entity_id`),
redirecting old ids. Each decision is explained (`Join`). A person's judgements apart
(`split`) are honoured through `apart`.

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
from caseboard.names import fold, fuller_name, identity_key, name_key, name_words, surname_withheld
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
    aliases: list[str] = field(default_factory=list)  # every name it is known by
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
        # the name as written is a key too, besides its cross-language key ("Los Monos" and
        # "Monos" share "monos"): a split of the two keeps a key only one of them has
        keys = {key(_without_title(f, rules)) for f in forms for key in (name_key, lambda n: identity_key(n, entity.type))}
        if entity.type == "ORG":
            keys |= {_word_set_key(f, rules) for f in forms} | {_without_article(f, rules) for f in forms}
        return {k for k in keys if k}
    keys: set[str] = set()
    for form in forms:
        words = _person_words(form, rules)
        if len(words) > 1:
            keys.add(" ".join(words))
            if not surname_withheld(words):  # surnames find candidates; given names alone do not
                keys.update(WEAK + w for w in words[1:])
        elif words:
            keys.add(WEAK + words[0])
    return {k for k in keys if k.strip(WEAK)}


ORDERLESS = "="
_LINKING_WORDS = frozenset({"of", "the", "and"})


def _word_set_key(form: str, rules: EntityRules) -> str:
    """A group's name as a set of its words in English, linking words and articles left
    out, so that "Cartel de Sinaloa", "the Sinaloa Cartel" and "Sinaloa cartel" are one key,
    as are "Ejército de Liberación Nacional" and "National Liberation Army" ("" for a name
    of fewer than two such words)."""
    words = {w for w in identity_key(form, "ORG").split() if w not in rules.particles | rules.articles | _LINKING_WORDS}
    return ORDERLESS + " ".join(sorted(words)) if len(words) > 1 else ""


def _without_article(form: str, rules: EntityRules) -> str:
    """A group's name without its leading article: "Los Monos" -> "monos" ("" if it has none)."""
    words = name_key(form).split()
    return " ".join(words[1:]) if len(words) > 1 and words[0] in rules.articles else ""


def strong(keys: set[str]) -> set[str]:
    return {k for k in keys if not k.startswith(WEAK)}


def _same_word(a: str, b: str) -> bool:
    """One name word for another: equal once folded, an initial ("J" for "Juan"), or one
    spelling apart in a long word ("Mohamed" / "Mohammed")."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= NEAR_SPELLING


def _within(short: list[str], long: list[str]) -> bool:
    """Whether the words of `short` appear in `long`, in order (a shorter form of it)."""
    it = iter(long)
    return all(any(_same_word(w, x) for x in it) for w in short)


def names_compatible(a: str, b: str, rules: EntityRules | None = None) -> bool:
    """Whether two person names can name one person: one a shorter form of the other
    ("Guerrero", "Héctor Guerrero", "Guerrero Flores" for "Héctor Rusthenford Guerrero
    Flores"), or a near spelling ("Mohamed Salah" / "Mohammed Salah"). A lone given name
    is no shorter form ("Ana" is not "Ana Ruiz"); "Ovidio Guzmán" is not "Joaquín Guzmán",
    nor "Ariel Máximo Cantero" "Ariel Cantero Lazarte" (a father and his son). A name
    whose surname is withheld ("Carlos N.") fits only the same given names so written
    ("Carlos N.", not "Juan Carlos N.", nor "Carlos Pérez")."""
    rules = rules or load_rules()
    wa, wb = _person_words(a, rules), _person_words(b, rules)
    if not wa or not wb:
        return False
    if surname_withheld(wa) or surname_withheld(wb):
        return surname_withheld(wa) == surname_withheld(wb) and len(wa) == len(wb) and all(map(_same_word, wa, wb))
    short, long = sorted((wa, wb), key=len)
    if len(short) == 1:
        return any(_same_word(short[0], w) for w in long[1:]) or (len(long) == 1 and _same_word(short[0], long[0]))
    if len(short) == len(long):
        return all(_same_word(x, y) for x, y in zip(short, long))
    # a shorter form keeps the given name, or is made of surnames only
    return _within(short, long) and (_same_word(short[0], long[0]) or _within(short, long[1:]))


def names_conflict(a: str, b: str, rules: EntityRules | None = None) -> bool:
    """Whether two full person names (two words or more each) name two people: neither is
    a shorter form of the other, so they differ on a given name or a surname. Such names
    are never merged automatically, however much else they share."""
    rules = rules or load_rules()
    wa, wb = _person_words(a, rules), _person_words(b, rules)
    return len(wa) > 1 and len(wb) > 1 and not names_compatible(a, b, rules)


@dataclass
class Join:
    """Why a document's entity took a corpus id, or why two stored entities became one:
    the rule, the key they share (or the name that fits), a score, and the entity joined."""

    entity: str  # the document's local id (the store turns it into the corpus id)
    rule: str
    key: str | None = None
    score: float | None = None
    other: str | None = None  # the stored entity joined, if any


@dataclass
class Resolution:
    """What `resolve_entities` decided: a corpus id for each local id, why, and which
    stored entities the document shows to be one (`unite`: groups of stored ids)."""

    mapping: dict[str, str] = field(default_factory=dict)
    joins: list[Join] = field(default_factory=list)
    unite: list[set[str]] = field(default_factory=list)
    retype: dict[str, str] = field(default_factory=dict)  # stored id -> the type it is now known to have
    # local ids of short names a fuller name of their own document fits: filed without weak
    # keys, so no later full name takes them in on a surname either
    claimed: set[str] = field(default_factory=set)


# judged apart: (type, key) pairs a person has said never name one entity
Apart = Callable[[set[str], set[str]], bool]


def _never_apart(_a: set[str], _b: set[str]) -> bool:
    return False


def _named_keys(known: Known, rules: EntityRules) -> set[str]:
    """The keys a stored entity was found by, and those of its own name: what a person's
    judgement apart (`Apart`) is told about it, whichever key found it."""
    return known.keys | entity_keys(Entity(known.id, known.type, known.name, []), rules)


def _as_other_type(entity: Entity, kind: str, rules: EntityRules) -> set[str]:
    """The multi-word keys `entity`'s full names would have as an entity of type `kind`
    ("La Mara Salvatrucha" as a group: "mara salvatrucha")."""
    forms = sorted(f for f in {entity.name, *entity.aliases} if len(name_key(f).split()) > 1)
    if not forms:
        return set()
    return {k for k in strong(entity_keys(Entity(entity.id, kind, forms[0], forms), rules)) if " " in k}


def _other_types(entity: Entity) -> list[str]:
    """The types a name of this type may have been mistaken for: a person's name for any
    other, any other's for a person's."""
    return [kind for kind in ENTITY_TYPES if kind != entity.type and (entity.type == "PERSON" or kind == "PERSON")]


def lookup_keys(extraction: Extraction, rules: EntityRules | None = None) -> set[str]:
    """Every key `resolve_entities` may look up for `extraction` (for fetching them at once)."""
    rules = rules or load_rules()
    keys: set[str] = set()
    for entity in extraction.entities:
        keys |= entity_keys(entity, rules)
        for kind in _other_types(entity):
            keys |= _as_other_type(entity, kind, rules)
    return keys


def _other_type(entity: Entity, lookup: Lookup, context: set[str], used: set[str], rules: EntityRules) -> list[Known]:
    """Stored entities of another type named by one of this entity's full names, in
    documents that share context with this one: "Tren de Aragua" typed a person here (by
    the model alone, with nothing in the text to correct it) is the stored organisation;
    and the other way round, a stored "person" Mara Salvatrucha is this organisation."""
    found = []
    for kind in _other_types(entity):
        keys = _as_other_type(entity, kind, rules)
        found += [k for k in lookup(kind, keys) if k.id not in used and k.context & context] if keys else []
    return found


def _in_conflict(entity: Entity, keys: set[str], known: Known, rules: EntityRules) -> bool:
    """A stored person whose full name conflicts with this one's, unless one side already
    counts the other's full name among its names (a nickname form, a name a person merged)."""
    return (
        names_conflict(entity.name, known.name, rules)
        and " ".join(_person_words(known.name, rules)) not in keys
        and " ".join(_person_words(entity.name, rules)) not in known.keys
    )


def _one_person(found: list[Known], rules: EntityRules) -> bool:
    """Whether the stored people found can all be one person (no two full names conflict)."""
    return not any(names_conflict(a.name, b.name, rules) for i, a in enumerate(found) for b in found[i + 1 :])


def _unambiguous(found: list[Known], context: set[str], rules: EntityRules) -> list[Known]:
    """`found` if its people can be one; else the one whose names share the most keys with
    this one's (a nickname as well as a surname), then the most context, if it alone does
    (a bare surname joins the one full name it fits, never two people; when it fits two
    equally, it joins neither)."""
    if _one_person(found, rules):
        return found

    def support(k: Known) -> tuple[int, int]:
        return len(k.keys), len(k.context & context)

    ranked = sorted(found, key=lambda k: (tuple(-n for n in support(k)), k.id))
    return [ranked[0]] if support(ranked[0]) > support(ranked[1]) else []


def _telling_context(context: set[str], entity: Entity, rules: EntityRules) -> set[str]:
    """The context that can tell which person `entity` is: the names sharing one of its
    surnames left out. Relatives are named together ("Guille Cantero" beside "Máximo
    Cantero"), so a namesake in both documents tells which family, not which of its members."""
    if entity.type != "PERSON":
        return context
    words = _person_words(entity.name, rules)
    surnames = set(words[1:] or words)
    return {c for c in context if not surnames & set(c.split())}


def _claimed_here(entity: Entity, others: list[Entity], rules: EntityRules) -> bool:
    """Whether a fuller name in the same document fits this short one (whatever type the
    model gave it: "Mario Cardenas Guillen" typed a place): the short form is most likely
    that one, so it does not join another stored person on its surname alone."""
    words = len(_person_words(entity.name, rules))
    if words > 2:  # a full name of its own is no short form
        return False
    return any(
        o is not entity and len(_person_words(o.name, rules)) > words and names_compatible(entity.name, o.name, rules)
        for o in others
    )


def _order(entity: Entity, rules: EntityRules) -> tuple[int, int, str]:
    """Fuller names resolve first: a bare surname then sees the full names the document
    resolved already. The order is the names', not the text's, so it is the same whatever
    the document's layout."""
    words = _person_words(entity.name, rules) if entity.type == "PERSON" else name_key(entity.name).split()
    return (-len(words), ENTITY_TYPES.index(entity.type), name_key(entity.name) + "\0" + entity.id)


def resolve_entities(
    extraction: Extraction,
    lookup: Lookup,
    taken: Callable[[str], bool],
    apart: Apart = _never_apart,
) -> Resolution:
    """Decide the corpus-wide id of each local entity of `extraction`, and why.

    An entity joins the stored entities of its type that share a strong key with it;
    or, failing that, those found by a weak key whose name is compatible and that share
    context with this document; or, failing that, one of another type with exactly its
    full name and shared context (the entity then takes that type). A person never joins
    a stored person whose full name conflicts with its own, nor two people who conflict
    with each other (it then takes the one sharing most context, or none); and no entity
    joins one a person judged apart from it (`apart`). A person with a full name also
    takes in stored shorter forms of it found by a weak key with shared context (the bare
    "Guerrero Flores" of an earlier document): which way round documents come does not
    matter. Several stored entities joined are one (`Resolution.unite`). Otherwise an
    entity gets a new id, its local id unless that is used (then `-2`, `-3` ...).
    """
    rules = load_rules()
    all_keys = {e.id: entity_keys(e, rules) for e in extraction.entities}
    result = Resolution()
    used: set[str] = set()
    for entity in sorted(extraction.entities, key=lambda e: _order(e, rules)):
        keys = all_keys[entity.id]
        context = _telling_context(
            set().union(*(strong(k) for i, k in all_keys.items() if i != entity.id)) - strong(keys), entity, rules
        )
        # a stored entity another of this document's entities joined by a weak key is not
        # this one too; by a strong key it may be (the document kept two names of it apart)
        candidates = [k for k in lookup(entity.type, keys) if not apart(keys, _named_keys(k, rules))]
        if entity.type == "PERSON":
            candidates = [k for k in candidates if not _in_conflict(entity, keys, k, rules)]
        by_strong = [k for k in candidates if k.keys & strong(keys)]
        # context is fetched from the store on demand: only for compatible names, only without a strong match
        fitting = [
            k
            for k in ([] if by_strong else candidates)
            if k.keys & keys
            and names_compatible(entity.name, k.name, rules)
            and not _named_for_another(k, entity, extraction.entities)
            and k.context & context
        ]
        candidates = [k for k in candidates if k.id not in used]
        by_weak = [k for k in fitting if k.id not in used]
        joined = _unambiguous(by_strong, context, rules) if entity.type == "PERSON" and len(by_strong) > 1 else by_strong
        rule = "same name"
        claimed = entity.type == "PERSON" and _claimed_here(entity, extraction.entities, rules)
        if claimed:
            result.claimed.add(entity.id)
        if not by_strong and by_weak and not claimed:
            # the person it fits best may be one another of its document's names took: it is
            # then that one's namesake, and joins nobody
            joined = [k for k in _unambiguous(fitting, context, rules) if k.id not in used]
            rule = "compatible name and shared context"
        if entity.type == "PERSON" and len(_person_words(entity.name, rules)) > 1:
            joined = joined + _shorter_forms(entity, candidates, joined, context, rules, extraction.entities)
        if entity.type == "PERSON" and by_strong and joined and not claimed:
            joined = joined + _fuller_forms(entity, candidates, joined, context, rules)
        retyped = [] if joined and entity.type == "PERSON" else _other_type(entity, lookup, context, used, rules)
        if retyped and entity.type == "PERSON":  # the model's guess gives way to the stored type
            known = max(retyped, key=lambda k: (len(k.context & context), k.id))
            retyped = [known]
            entity.type = known.type
            for m in entity.mentions:
                m.type = known.type
        else:
            for known in retyped:
                result.retype[known.id] = entity.type
        joined = joined + retyped
        # never two entities a person judged apart, whatever links them here
        joined = [
            k for i, k in enumerate(joined) if not any(apart(_named_keys(k, rules), _named_keys(j, rules)) for j in joined[:i])
        ]
        if joined:
            chosen = min(joined, key=lambda k: k.id)
            result.mapping[entity.id] = chosen.id
            for k in joined:
                shared = sorted(k.keys & strong(keys)) or sorted(k.keys & keys)
                score = fuzz.token_sort_ratio(name_key(entity.name), name_key(k.name)) if entity.type == "PERSON" else None
                how = (
                    "same full name and shared context, typed otherwise"
                    if k in retyped
                    else rule
                    if k in by_strong or k in by_weak
                    else "a shorter form of its name, shared context"
                )
                result.joins.append(Join(entity.id, how, shared[0] if shared else None, score, k.id))
            if len(joined) > 1:
                result.unite.append({k.id for k in joined})
            used.update(k.id for k in joined)
        else:
            ident, n = entity.id, 1
            while taken(ident) or ident in used:
                n += 1
                ident = f"{entity.id}-{n}"
            result.mapping[entity.id] = ident
            used.add(ident)
    return result


def _shorter_forms(
    entity: Entity,
    candidates: list[Known],
    joined: list[Known],
    context: set[str],
    rules: EntityRules,
    others_here: list[Entity],
) -> list[Known]:
    """Stored people known only by a shorter form of this full name ("Guerrero Flores",
    "Guerrero"), sharing context, that fit no other stored full name found here, nor are
    known by the name of another person of this document (`others_here`)."""
    others = [k for k in candidates if k not in joined and len(_person_words(k.name, rules)) > 1]
    found = []
    for k in candidates:
        if k in joined or len(_person_words(k.name, rules)) >= len(_person_words(entity.name, rules)):
            continue
        if not names_compatible(k.name, entity.name, rules) or not k.context & context:
            continue
        if _named_for_another(k, entity, others_here):
            continue  # it is known by a name this document gives someone else
        if any(o is not k and names_compatible(k.name, o.name, rules) and names_conflict(o.name, entity.name, rules) for o in others):
            continue  # it fits another person too: it stays apart
        found.append(k)
    return found


def _named_for_another(known: Known, entity: Entity, others: list[Entity]) -> bool:
    """Whether a stored person is known by a name that is not `entity`'s but another
    person's of its document: "Máximo Cantero", also called "Guille", is no shorter form of
    Máximo Ariel Cantero in a document where Guille is his son Ariel "Guille" Cantero."""
    own = {w for f in [entity.name, *entity.aliases] for w in name_words(f)}
    theirs = [{w for f in [o.name, *o.aliases] for w in name_words(f)} for o in others if o is not entity and o.type == "PERSON"]
    return any(
        (words := set(name_words(alias))) - own and any(words <= t for t in theirs) for alias in known.aliases
    )


def _fuller_forms(
    entity: Entity, candidates: list[Known], joined: list[Known], context: set[str], rules: EntityRules
) -> list[Known]:
    """Stored people known by a fuller form of this name, sharing context, when they and the
    stored one this name joined by its own key can be one person (no two full names
    conflict). A fuller name coming after would have taken that one in (`_shorter_forms`):
    joining them now keeps the board the same whichever document came first."""
    words = len(_person_words(entity.name, rules))
    found = [
        k
        for k in candidates
        if k not in joined
        and len(_person_words(k.name, rules)) > words
        and names_compatible(entity.name, k.name, rules)
        and k.context & context
    ]
    return found if found and _one_person(joined + found, rules) else []


def apply_mapping(extraction: Extraction, mapping: dict[str, str]) -> Extraction:
    """Rewrite every entity reference in `extraction` through `mapping` (in place); two
    entities of the document that now have one id become one (names and mentions joined)."""
    merged: dict[str, Entity] = {}
    for entity in extraction.entities:
        entity.id = mapping.get(entity.id, entity.id)
        for m in entity.mentions:
            m.entity_id = entity.id
        first = merged.setdefault(entity.id, entity)
        if first is not entity:
            first.aliases = sorted({*first.aliases, *entity.aliases, entity.name})
            first.name = fuller_name(first.name, entity.name)
            first.mentions = sorted([*first.mentions, *entity.mentions], key=lambda m: m.start)
    extraction.entities = list(merged.values())
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
