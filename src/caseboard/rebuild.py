"""The case board built again from its stored documents, keeping what people judged.

`rebuild` re-runs extraction over every stored document (after an upgrade of caseboard,
its model or its rules) and resolves the entities again; `resolve_again` only resolves
them again (after a merge or a split is undone), from the stored extractions. Both store
documents in one order (earliest published first, then by id), so the same documents
give the same board, and apply every standing merge and split after; reviews of facts
hold by themselves (they name a fact by its entities' canonical ids).
"""

from __future__ import annotations

from collections.abc import Callable

from caseboard.ingest import safe_process
from caseboard.model import Extraction, Failure
from caseboard.names import fuller_name
from caseboard.rules.entities import EntityRules
from caseboard.store import Store


def rebuild(
    store: Store,
    rules: EntityRules | None = None,
    timeout: float | None = None,
    on_document: Callable[[str], None] | None = None,
) -> list[Failure]:
    """Extract every stored document again and rebuild the board from the results.
    Nothing is changed until every document is processed; a document that fails now
    keeps its stored extraction (and is returned as a failure)."""
    extractions: list[Extraction] = []
    failures: list[Failure] = []
    for document in store.stored_documents():
        result = safe_process(document, rules, timeout)
        if on_document:
            on_document(document.source)
        if isinstance(result, Failure):
            failures.append(result)
            kept = store.extraction(document.id)
            if kept is not None:
                extractions.append(_as_extracted(kept))
        else:
            extractions.append(result)
    _store_again(store, extractions)
    return failures


def resolve_again(store: Store) -> int:
    """Resolve every stored document's entities again (no extraction): what undoing a
    merge or a split needs. Returns the number of documents."""
    extractions = [_as_extracted(e) for d in store.stored_documents() if (e := store.extraction(d.id)) is not None]
    _store_again(store, extractions)
    return len(extractions)


def _store_again(store: Store, extractions: list[Extraction]) -> None:
    store.clear_extractions()
    for extraction in extractions:
        store.add_again(extraction)
    store.apply_judgements()


def _as_extracted(extraction: Extraction) -> Extraction:
    """A stored extraction with each entity named as its document names it (not by the
    corpus-wide name it took), as extraction gave it."""
    for entity in extraction.entities:
        texts = sorted({m.text for m in entity.mentions})
        entity.name = _fullest(texts) or entity.name
        entity.aliases = texts
    return extraction


def _fullest(names: list[str]) -> str:
    found = ""
    for name in names:
        found = fuller_name(found, name) if found else name
    return found


__all__ = ["rebuild", "resolve_again"]
