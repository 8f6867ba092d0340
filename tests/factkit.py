"""Small case boards built by hand for the fact, status and date tests.

The entity stage is not under test here, so each sentence comes with the
entities it names (name -> type); every occurrence becomes a mention.
"""

from __future__ import annotations

import re

from caseboard import facts, nlp, status
from caseboard.aliases import entity_id
from caseboard.model import Entity, Extraction, Mention
from caseboard.references import References


def entities_in(text: str, names: dict[str, str]) -> list[Entity]:
    """One entity per name, with a mention at each whole-word occurrence (longest names first)."""
    taken: list[tuple[int, int]] = []
    found = []
    for name in sorted(names, key=len, reverse=True):
        kind = names[name]
        ident = entity_id(kind, name)
        mentions = []
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            mentions.append(Mention(match.start(), match.end(), name, kind, ident))
        if mentions:
            found.append(Entity(ident, kind, name, [name], mentions))
    return found


def read(text: str, names: dict[str, str], published: str | None = None, lang: str = "en") -> Extraction:
    """Quotes, relations and events of `text` (in `lang`) with the given entities."""
    annotated = nlp.annotate(text, [(0, len(text))], lang=lang)
    found = entities_in(text, names)
    refs = References(found, text)
    quotes = status.find_quotes(annotated, refs)
    relations, events = facts.extract(annotated, refs, quotes, published)
    return Extraction(document=None, entities=found, relations=relations, events=events, quotes=quotes)  # type: ignore[arg-type]


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    """(subject name, relation, object name) for each relation."""
    names = {e.id: e.name for e in extraction.entities}
    return {(names[r.subject], r.relation, names[r.object]) for r in extraction.relations}


def named(extraction: Extraction, ids: list[str]) -> list[str]:
    names = {e.id: e.name for e in extraction.entities}
    return [names[i] for i in ids]
