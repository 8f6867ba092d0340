"""Facts across a corpus: identical facts merged, their sources counted, conflicts flagged.

`sources` counts the documents that state a fact; `independent_sources` counts
near-duplicate groups, so a syndicated copy of an article is not corroboration.
Input rows come from `Store.relation_rows` / `Store.event_rows`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caseboard.model import ROLES

# When sources disagree on status, the merged fact shows the firmest one that is stated.
STATUS_STRENGTH: dict[str, int] = {"asserted": 3, "alleged": 2, "quoted": 1, "denied": 0}


@dataclass
class Evidence:
    """One sentence, in one document, that states a fact."""

    doc_id: str
    source: str
    title: str | None
    published: str | None
    url: str | None
    start: int
    end: int
    text: str
    status: str
    attributed_to: str | None = None
    date: str | None = None


@dataclass
class Fact:
    """A relation as the corpus states it."""

    subject: str
    relation: str
    object: str
    status: str
    attributed_to: str | None
    sources: int
    independent_sources: int
    evidence: list[Evidence] = field(default_factory=list)
    conflict: str | None = None


@dataclass
class MergedEvent:
    """An event as the corpus states it."""

    type: str
    date: str | None
    participants: dict[str, list[str]]
    status: str
    attributed_to: str | None
    sources: int
    independent_sources: int
    evidence: list[Evidence] = field(default_factory=list)
    conflict: str | None = None


def _evidence(row: dict[str, Any]) -> Evidence:
    return Evidence(
        doc_id=row["doc_id"],
        source=row["source"],
        title=row.get("title"),
        published=row.get("published"),
        url=row.get("url"),
        start=row["start"],
        end=row["end"],
        text=row["text"],
        status=row["status"],
        attributed_to=row.get("attributed_to"),
        date=row.get("date"),
    )


def _counts(rows: list[dict[str, Any]]) -> tuple[int, int]:
    return len({r["doc_id"] for r in rows}), len({r["group"] for r in rows})


def merged_status(rows: list[dict[str, Any]]) -> tuple[str, str | None, str | None]:
    """(status, attributed_to, conflict) for rows that state the same fact."""
    statuses = Counter(r["status"] for r in rows)
    conflict = None
    if statuses.get("denied") and len(statuses) > 1:
        others = ", ".join(f"{s} in {n}" for s, n in sorted(statuses.items()) if s != "denied")
        conflict = f"denied in {statuses['denied']} source(s), {others}"
    status = max(statuses, key=lambda s: (STATUS_STRENGTH[s], statuses[s]))
    speakers = Counter(r.get("attributed_to") for r in rows if r["status"] == status and r.get("attributed_to"))
    return status, (speakers.most_common(1)[0][0] if speakers else None), conflict


def merge_relations(rows: Iterable[dict[str, Any]]) -> list[Fact]:
    """One Fact per (subject, relation, object), keeping all its evidence."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["subject"], row["relation"], row["object"]), []).append(row)
    facts = []
    for (subject, relation, obj), group in groups.items():
        status, speaker, conflict = merged_status(group)
        sources, independent = _counts(group)
        facts.append(
            Fact(subject, relation, obj, status, speaker, sources, independent, [_evidence(r) for r in group], conflict)
        )
    return facts


def _compatible(a: str, b: str) -> bool:
    """Dates agree when one refines the other (2023 and 2023-09 do; 2023 and 2024 don't)."""
    return a.startswith(b) or b.startswith(a)


def _named(row: dict[str, Any]) -> frozenset[str]:
    """Everyone and everything an event row names, whatever the role (parsers differ on roles)."""
    return frozenset(i for role in ROLES for i in row["participants"].get(role, []))


def _event_groups(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows telling the same event: of one type, and naming only participants that a fuller
    telling names too ("Guerrero escaped" joins "Guerrero escaped from Tocorón")."""
    fullest: list[tuple[str, frozenset[str], list[int]]] = []
    unnamed: dict[tuple[Any, ...], list[int]] = {}
    order = sorted(range(len(rows)), key=lambda n: -len(_named(rows[n])))
    for n in order:
        row, names = rows[n], _named(rows[n])
        if not names:  # with nobody named, only the same sentence in a near-duplicate is the same event
            key = (row["type"], row.get("date"), row["group"], " ".join(row["text"].split()).lower())
            unnamed.setdefault(key, []).append(n)
            continue
        for kind, members, group in fullest:
            if kind == row["type"] and names <= members:
                group.append(n)
                break
        else:
            fullest.append((row["type"], names, [n]))
    groups = [group for _, _, group in fullest] + list(unnamed.values())
    return [[rows[n] for n in sorted(group)] for group in sorted(groups, key=min)]


def merge_events(rows: Iterable[dict[str, Any]]) -> list[MergedEvent]:
    """One event per telling of the same happening; differing dates of one event are flagged as a conflict."""
    merged = []
    for group in _event_groups(list(rows)):
        status, speaker, conflict = merged_status(group)
        dates = sorted({r["date"] for r in group if r.get("date")}, key=len, reverse=True)
        date = dates[0] if dates else None
        clashing = [d for d in dates if not _compatible(d, date)] if date else []
        if clashing:
            dated = ", ".join(sorted(set(dates)))
            conflict = "; ".join(filter(None, [conflict, f"sources give different dates: {dated}"]))
        participants = {role: sorted({i for r in group for i in r["participants"].get(role, [])}) for role in ROLES}
        sources, independent = _counts(group)
        merged.append(
            MergedEvent(
                group[0]["type"],
                date,
                participants,
                status,
                speaker,
                sources,
                independent,
                [_evidence(r) for r in group],
                conflict,
            )
        )
    return merged
