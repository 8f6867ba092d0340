"""CSV for spreadsheets: a folder holding entities.csv, facts.csv and events.csv.

One row per entity, per merged relation and per merged event, with names next
to ids, status, source counts, evidence sentences and source URLs. A cell that
a spreadsheet would run as a formula (starting with = + - @) is prefixed with
an apostrophe: article text is hostile input.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from caseboard import board
from caseboard.corroboration import Evidence
from caseboard.model import ROLES
from caseboard.store import Store

FILES = ("entities.csv", "facts.csv", "events.csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ENTITY_COLUMNS = ["id", "type", "name", "aliases", "documents", "mentions"]
FACT_COLUMNS = [
    "subject", "subject_name", "relation", "object", "object_name", "status", "attributed_to",
    "sources", "independent_sources", "conflict", "evidence", "documents", "source_urls",
]
EVENT_COLUMNS = [
    "date", "type", "status", "attributed_to", *ROLES, *(f"{role}_names" for role in ROLES),
    "sources", "independent_sources", "conflict", "evidence", "documents", "source_urls",
]


def write(store: Store, folder: Path) -> int:
    """Write the three CSV files into `folder` (created if missing); return the rows written."""
    folder.mkdir(parents=True, exist_ok=True)
    facts = board.facts(store)
    events = board.timeline(store)
    names = {**board.names(store, facts), **board.names(store, events)}

    def name(ident: str | None) -> str:
        return names.get(ident, {}).get("name", "") if ident else ""

    entity_rows = [{**e, "aliases": "; ".join(e["aliases"])} for e in store.list_entities()]
    fact_rows = [
        {
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
        for f in facts
    ]
    event_rows = [
        {
            "date": e.date,
            "type": e.type,
            "status": e.status,
            "attributed_to": e.attributed_to,
            **{role: " ".join(e.participants.get(role, [])) for role in ROLES},
            **{f"{role}_names": "; ".join(name(i) for i in e.participants.get(role, [])) for role in ROLES},
            "sources": e.sources,
            "independent_sources": e.independent_sources,
            "conflict": e.conflict,
            **_evidence_columns(e.evidence),
        }
        for e in events
    ]
    tables = zip(FILES, (ENTITY_COLUMNS, FACT_COLUMNS, EVENT_COLUMNS), (entity_rows, fact_rows, event_rows))
    for filename, columns, rows in tables:
        _write_table(folder / filename, columns, rows)
    return len(entity_rows) + len(fact_rows) + len(event_rows)


def _evidence_columns(evidence: list[Evidence]) -> dict[str, str]:
    return {
        "evidence": "\n".join(e.text for e in evidence),
        "documents": " ".join(dict.fromkeys(e.doc_id for e in evidence)),
        "source_urls": " ".join(dict.fromkeys(e.url for e in evidence if e.url)),
    }


def _write_table(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
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
