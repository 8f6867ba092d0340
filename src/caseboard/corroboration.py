"""Facts across a corpus: identical facts merged, their sources counted, conflicts flagged.

`sources` counts the documents that state a fact; `independent_sources` counts
near-duplicate groups, so a syndicated copy of an article is not corroboration.

The store counts (`Store.relation_tallies`, `Store.event_tallies`: one `Tally` per
fact or per telling of an event, however many documents state it); merging works on
those counts, and the evidence sentences are fetched afterwards, only for the facts
shown and only as many as asked (`Store.relation_evidence`, `Store.event_evidence`).
The store merges with these functions as it writes and keeps the results per fact and
per entity (`Store._summarise`), so a profile of an entity named in ten thousand
documents reads its fifty best supported facts from an index.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caseboard.language import sentence_language
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
    # the document it is a near-duplicate copy of, if it is one
    duplicate_of: str | None = None
    lang: str | None = None  # the language of its document

    @property
    def sentence_lang(self) -> str | None:
        """The language of the sentence itself: its document's unless it is long enough to
        tell and written in another (language.sentence_language)."""
        return sentence_language(self.text, self.lang)


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
    # evidence sentences in all: `evidence` holds only the first few when a view asks for few
    evidence_count: int = 0
    # a stable id (`fact_id`), and what a person said of the fact: confirmed, rejected or None
    id: str = ""
    review: str | None = None


def fact_id(subject: str, relation: str, obj: str) -> str:
    """A merged fact's id, from what it says (its entities' canonical ids and relation):
    the same in every view, after every rebuild, whatever order documents came in."""
    return "fact-" + hashlib.sha1(f"{subject}\t{relation}\t{obj}".encode()).hexdigest()[:12]


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
    # evidence sentences in all: `evidence` holds only the first few when a view asks for few
    evidence_count: int = 0
    # the store's keys of the tellings merged here, and the id of each one's first
    # evidence row, for fetching their evidence
    tellings: list[tuple[Any, ...]] = field(default_factory=list, repr=False)
    first_rows: list[int] = field(default_factory=list, repr=False)

    @property
    def position(self) -> tuple[int, str | None, str, int]:
        """Where it stands in a timeline (undated last, then date, type, first evidence row):
        what the next page starts after (`Store.merged_events(after=...)`)."""
        return (int(self.date is None), self.date, self.type, self.first_rows[0] if self.first_rows else 0)


@dataclass
class Tally:
    """How the corpus states one fact, or one telling of an event: counted, not listed."""

    key: tuple[Any, ...]  # (subject, relation, object), or the telling's key (see Store.event_tallies)
    statuses: Counter[str]  # status -> evidence sentences
    speakers: Counter[tuple[str, str]]  # (status, speaker) -> evidence sentences
    documents: set[str]
    groups: set[str]  # near-duplicate groups: the independent sources
    first: int  # id of its first evidence row, so ties keep ingest order
    # for events: the telling's type, date, participants, and (when it names nobody) its group and text
    event: dict[str, Any] = field(default_factory=dict)

    def absorb(self, other: Tally) -> None:
        self.statuses.update(other.statuses)
        self.speakers.update(other.speakers)
        self.documents |= other.documents
        self.groups |= other.groups
        self.first = min(self.first, other.first)


def evidence(row: dict[str, Any]) -> Evidence:
    """An Evidence from one of the store's evidence rows."""
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
        duplicate_of=row["group"] if row["group"] != row["doc_id"] else None,
        lang=row.get("lang"),
    )


def merged_status(tally: Tally) -> tuple[str, str | None, str | None]:
    """(status, attributed_to, conflict) of everything that states one fact."""
    statuses = tally.statuses
    conflict = None
    if statuses.get("denied") and len(statuses) > 1:
        others = ", ".join(f"{s} in {n}" for s, n in sorted(statuses.items()) if s != "denied")
        conflict = f"denied in {statuses['denied']} source(s), {others}"
    status = max(statuses, key=lambda s: (STATUS_STRENGTH[s], statuses[s]))
    speakers = {who: n for (said, who), n in tally.speakers.items() if said == status and who}
    speaker = min(speakers, key=lambda who: (-speakers[who], who)) if speakers else None
    return status, speaker, conflict


def merge_relations(tallies: Iterable[Tally]) -> list[Fact]:
    """One Fact per (subject, relation, object), in ingest order, without evidence yet."""
    facts = []
    for tally in sorted(tallies, key=lambda t: t.first):
        subject, relation, obj = tally.key
        status, speaker, conflict = merged_status(tally)
        fact = Fact(subject, relation, obj, status, speaker, len(tally.documents), len(tally.groups), conflict=conflict)
        fact.evidence_count = sum(tally.statuses.values())
        fact.id = fact_id(subject, relation, obj)
        facts.append(fact)
    return facts


def _compatible(a: str, b: str) -> bool:
    """Dates agree when one refines the other (2023 and 2023-09 do; 2023 and 2024 don't)."""
    return a.startswith(b) or b.startswith(a)


def _named(event: dict[str, Any]) -> frozenset[str]:
    """Everyone and everything a telling names, whatever the role (parsers differ on roles)."""
    return frozenset(i for role in ROLES for i in event["participants"].get(role, []))


def _unnamed_key(event: dict[str, Any]) -> tuple[Any, ...]:
    """What tells apart the events of tellings naming nobody (see `_event_groups`)."""
    return (event["type"], event.get("date"), event["group"], " ".join(event["text"].split()).lower())


def may_regroup(group: list[dict[str, Any]], told: dict[str, Any]) -> bool:
    """Whether a new telling `told` may change the merged event of tellings `group` (each
    as `Tally.event`) when merged with them (`_event_groups`): it may join it (its fullest
    telling names all `told` names, or, naming nobody, it is the same sentence), or draw
    from it a telling that names only some of what `told` names. Every other merged event
    stays as it was, so a writer merges again only these and the new tellings."""
    if not group or told["type"] != group[0]["type"]:
        return False
    names = _named(told)
    if not names:
        return any(_unnamed_key(t) == _unnamed_key(told) for t in group)
    named = [_named(t) for t in group]
    return names <= frozenset().union(*named) or any(n and n <= names for n in named)


def _event_groups(tallies: list[Tally]) -> list[list[Tally]]:
    """Tellings of the same event: of one type, and naming only participants that a fuller
    telling names too ("Guerrero escaped" joins "Guerrero escaped from Tocorón").
    Fullest tellings first; each joins the earliest group that names all its participants
    (found through an index by type and participant, not by trying every group)."""
    fullest: list[tuple[frozenset[str], list[Tally]]] = []
    naming: dict[tuple[str, str], list[int]] = {}  # (type, participant) -> groups naming it, in order
    unnamed: dict[tuple[Any, ...], list[Tally]] = {}
    for tally in sorted(tallies, key=lambda t: (-len(_named(t.event)), t.first)):
        event, names = tally.event, _named(tally.event)
        if not names:  # with nobody named, only the same sentence in a near-duplicate is the same event
            unnamed.setdefault(_unnamed_key(event), []).append(tally)
            continue
        candidates = min((naming.get((event["type"], n), []) for n in names), key=len)
        joined = next((g for g in candidates if names <= fullest[g][0]), None)
        if joined is not None:
            fullest[joined][1].append(tally)
            continue
        fullest.append((names, [tally]))
        for n in names:
            naming.setdefault((event["type"], n), []).append(len(fullest) - 1)
    groups = [group for _, group in fullest] + list(unnamed.values())
    return sorted(groups, key=lambda group: min(t.first for t in group))


def merge_events(tallies: Iterable[Tally]) -> list[MergedEvent]:
    """One event per telling of the same happening, without evidence yet; differing dates
    of one event are flagged as a conflict."""
    merged = []
    for group in _event_groups(list(tallies)):
        total = Tally((), Counter(), Counter(), set(), set(), min(t.first for t in group))
        for tally in group:
            total.absorb(tally)
        status, speaker, conflict = merged_status(total)
        dates = sorted({t.event["date"] for t in group if t.event.get("date")}, key=len, reverse=True)
        date = dates[0] if dates else None
        clashing = [d for d in dates if not _compatible(d, date)] if date else []
        if clashing:
            dated = ", ".join(sorted(set(dates)))
            conflict = "; ".join(filter(None, [conflict, f"sources give different dates: {dated}"]))
        participants = {
            role: sorted({i for t in group for i in t.event["participants"].get(role, [])}) for role in ROLES
        }
        event = MergedEvent(
            group[0].event["type"],
            date,
            participants,
            status,
            speaker,
            len(total.documents),
            len(total.groups),
            conflict=conflict,
            evidence_count=sum(total.statuses.values()),
            tellings=[t.key for t in group],
            first_rows=sorted(t.first for t in group),
        )
        merged.append(event)
    return merged
