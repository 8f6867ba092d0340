"""Alias clusters inside one document: which mentions name the same entity."""

from __future__ import annotations

from collections import Counter, defaultdict

from anyascii import anyascii

from caseboard.model import TYPE_PREFIX, Entity, Mention


def name_key(name: str) -> str:
    """A matching key: accents folded, case and punctuation ignored, a leading "the" dropped."""
    words = "".join(c if c.isalnum() else " " for c in anyascii(name).lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def entity_id(kind: str, name: str) -> str:
    """A readable, stable id such as `person:hector-guerrero`."""
    return f"{TYPE_PREFIX[kind]}:{name_key(name).replace(' ', '-') or 'unnamed'}"


def alias_clusters(mentions: list[Mention]) -> list[Entity]:
    """Group mentions of one type whose names are equal, or whose name is the
    last word(s) of a longer name of the same type (a surname after a full name)."""
    by_key: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[(m.type, name_key(m.text))].append(m)
    # Longest names first, so short forms attach to the fullest name they end.
    keys = sorted(by_key, key=lambda k: (-len(k[1].split()), k))
    owner: dict[tuple[str, str], tuple[str, str]] = {}
    for key in keys:
        kind, words = key[0], key[1].split()
        for full in keys:
            if full == key or full[0] != kind or full in owner:
                continue
            full_words = full[1].split()
            if len(full_words) > len(words) and full_words[-len(words):] == words:
                owner[key] = full
                break
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for key, ms in by_key.items():
        groups[owner.get(key, key)].extend(ms)
    entities = []
    for (kind, _), ms in groups.items():
        ms.sort(key=lambda m: m.start)
        forms = Counter(m.text for m in ms)
        name = max(forms, key=lambda f: (len(name_key(f).split()), forms[f], len(f)))
        ident = entity_id(kind, name)
        for m in ms:
            m.entity_id = ident
        entities.append(Entity(ident, kind, name, sorted(forms), ms))
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities
