"""CSV for spreadsheets: a folder holding documents.csv, entities.csv, facts.csv and events.csv.

One row per document, per entity, per merged relation and per merged event, with names
next to ids, status, source counts, evidence sentences and source URLs; `documents`
columns hold ids that documents.csv resolves. A cell holding several values joins them
with one separator everywhere (`SEPARATOR`). `excel=True` starts each file with a UTF-8
byte-order mark, so Excel on Windows reads accents right. A cell that a spreadsheet
would run as a formula (starting with = + - @) is prefixed with an apostrophe: article
text is hostile input.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from caseboard import board
from caseboard.board import Filters
from caseboard.corroboration import Evidence
from caseboard.model import ROLES
from caseboard.store import Store

FILES = ("documents.csv", "entities.csv", "facts.csv", "events.csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = " | "  # between the values of a multi-valued cell, in every column

DOCUMENT_COLUMNS = ["id", "title", "published", "author", "site", "source", "url", "lang", "duplicate_of", "chars"]
ENTITY_COLUMNS = ["id", "type", "name", "aliases", "documents", "mentions"]
FACT_COLUMNS = [
    "id", "review", "subject", "subject_name", "relation", "object", "object_name", "status", "attributed_to",
    "sources", "independent_sources", "conflict", "evidence", "evidence_languages", "documents", "source_urls",
]
EVENT_COLUMNS = [
    "date", "type", "status", "attributed_to", *ROLES, *(f"{role}_names" for role in ROLES),
    "sources", "independent_sources", "conflict", "evidence", "evidence_languages", "documents", "source_urls",
]


def write(store: Store, folder: Path, filters: Filters = Filters(), excel: bool = False) -> int:
    """Write the four CSV files of the `filters` part of the board into `folder` (created
    if missing); with `excel`, with a byte-order mark. Return the rows written."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = board.selection(store, filters)
    names = {**board.names(store, chosen.facts), **board.names(store, chosen.events)}

    def name(ident: str | None) -> str:
        return names.get(ident, {}).get("name", "") if ident else ""

    stated = {e.doc_id for f in chosen.facts for e in f.evidence} | {e.doc_id for v in chosen.events for e in v.evidence}
    document_rows = sorted(
        (d for d in store.list_documents() if filters.entity is None or d["id"] in stated),
        key=lambda d: board.source_order(d["published"], d["id"]),
    )
    entity_rows = [{**e, "aliases": SEPARATOR.join(e["aliases"])} for e in chosen.entities]
    fact_rows = [
        {
            "id": f.id,
            "review": f.review,
            "subject": f.subject,
            "subject_name": name(f.subject),
            "relation": f.relation,
            "object": f.object,
            "object_name": name(f.object),
            "status": f.status,
            "attributed_to": f.attributed_to,
            "sources": f.sources,
            "independent_sources": f.independent_sources,
            "conflict": f.conflict,
            **_evidence_columns(f.evidence),
        }
        for f in chosen.facts
    ]
    event_rows = [
        {
            "date": e.date,
            "type": e.type,
            "status": e.status,
            "attributed_to": e.attributed_to,
            **{role: SEPARATOR.join(e.participants.get(role, [])) for role in ROLES},
            **{f"{role}_names": SEPARATOR.join(name(i) for i in e.participants.get(role, [])) for role in ROLES},
            "sources": e.sources,
            "independent_sources": e.independent_sources,
            "conflict": e.conflict,
            **_evidence_columns(e.evidence),
        }
        for e in chosen.events
    ]
    tables = zip(
        FILES,
        (DOCUMENT_COLUMNS, ENTITY_COLUMNS, FACT_COLUMNS, EVENT_COLUMNS),
        (document_rows, entity_rows, fact_rows, event_rows),
    )
    for filename, columns, rows in tables:
        _write_table(folder / filename, columns, rows, excel)
    return len(document_rows) + len(entity_rows) + len(fact_rows) + len(event_rows)


def _evidence_columns(evidence: list[Evidence]) -> dict[str, str]:
    return {
        "evidence": SEPARATOR.join(" ".join(e.text.split()) for e in evidence),
        # one per evidence sentence: its document's language, unless the sentence is in another
        "evidence_languages": SEPARATOR.join(e.sentence_lang or "" for e in evidence),
        "documents": SEPARATOR.join(dict.fromkeys(e.doc_id for e in evidence)),
        "source_urls": SEPARATOR.join(dict.fromkeys(e.url for e in evidence if e.url)),
    }


def _write_table(path: Path, columns: list[str], rows: Iterable[dict[str, Any]], excel: bool) -> None:
    with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> Any:
    """The value as a spreadsheet should see it: None empty, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
