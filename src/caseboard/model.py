"""The extraction contract of ../shared/SCHEMA.md, declared once.

Every stage takes and returns these dataclasses; the closed sets below drive
validation, the JSON output, the exports and the docs.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "FAC")

# relation -> (allowed subject types, allowed object types)
RELATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "leader_of": (("PERSON",), ("ORG",)),
    "member_of": (("PERSON",), ("ORG",)),
    "founded_in": (("ORG",), ("FAC", "GPE", "LOC")),
    "located_in": (("FAC", "GPE", "LOC"), ("GPE", "LOC")),
    "operates_in": (("ORG",), ("GPE", "LOC")),
    "held_in": (("PERSON",), ("FAC",)),
    "escaped_from": (("PERSON",), ("FAC",)),
    "designated_by": (("ORG",), ("ORG", "GPE")),
    "indicted_by": (("PERSON", "ORG"), ("ORG",)),
    "arrested_by": (("PERSON",), ("ORG",)),
    "employee_of": (("PERSON",), ("ORG",)),
    "head_of": (("PERSON",), ("ORG", "GPE")),
    "allied_with": (("ORG", "PERSON"), ("ORG", "PERSON")),
    "rival_of": (("ORG", "PERSON"), ("ORG", "PERSON")),
}

EVENT_TYPES: tuple[str, ...] = (
    "arrest",
    "indictment",
    "escape",
    "raid_or_operation",
    "designation",
    "killing",
    "extradition",
    "conviction_or_sentence",
    "takeover",
    "announcement",
)

ROLES: tuple[str, ...] = ("agent", "patient", "place")

STATUSES: tuple[str, ...] = ("asserted", "alleged", "quoted", "denied")

# Entity-id prefixes, e.g. "person:hector-guerrero".
TYPE_PREFIX: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "gpe",
    "LOC": "loc",
    "FAC": "fac",
}


def text_id(text: str) -> str:
    """The document id: sha256 of the extracted text, first 16 hex chars."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class Span:
    """A stretch of `Document.text`; `text == document.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass
class Document:
    """One document as read and cleaned; all offsets refer to `text`."""

    text: str
    source: str
    title: str | None = None
    published: str | None = None
    lang: str = "en"
    url: str | None = None
    duplicate_of: str | None = None
    # [start, end, first_start, first_end] for each passage repeating an earlier one.
    repeated_spans: list[list[int]] = field(default_factory=list)
    id: str = ""
    author: str | None = None
    site: str | None = None
    # [start, end, page] for each page of a paged source (PDF), in order; empty otherwise.
    pages: list[list[int]] = field(default_factory=list)
    # what extracted the stored facts: caseboard version, spaCy model, hash of the rules
    provenance: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = text_id(self.text)

    def span(self, start: int, end: int) -> Span:
        """The span of this document's text between two offsets."""
        return Span(start, end, self.text[start:end])

    def page_at(self, offset: int) -> int | None:
        """The page the text at `offset` is on, None when the source has no pages."""
        for start, end, page in self.pages:
            if start <= offset < end:
                return page
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "lang": self.lang,
            "url": self.url,
            "author": self.author,
            "site": self.site,
            "duplicate_of": self.duplicate_of,
            "repeated_spans": [list(s) for s in self.repeated_spans],
            "pages": [list(p) for p in self.pages],
            "provenance": dict(self.provenance),
            "text": self.text,
        }


@dataclass
class Mention:
    """One occurrence of a named entity in the text."""

    start: int
    end: int
    text: str
    type: str
    entity_id: str | None = None
    # start of an earlier mention the text says is the same entity ("X, aka Y", "X (Y)")
    same_as: int | None = None
    # the title written right before a person's name ("President", "Police Chief")
    title: str | None = None
    # the group noun written right after an organisation's name ("gang" in "the Bel Air gang")
    descriptor: str | None = None
    # the lower-case head written right before a name in a language whose names open with their
    # head ("río" in "el río Guayas", "cártel de" in "el cártel de Sinaloa")
    head_before: str | None = None


@dataclass
class Entity:
    """A real-world entity as named in a document (or, after resolution, a corpus)."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "aliases": list(self.aliases),
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
        }


@dataclass
class Relation:
    """A typed link between two entities, with the sentence that states it."""

    subject: str
    relation: str
    object: str
    evidence: Span
    status: str = "asserted"
    attributed_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "status": self.status,
            "attributed_to": self.attributed_to,
            "evidence": asdict(self.evidence),
        }


@dataclass
class Event:
    """A dated happening with its participants by role."""

    type: str
    evidence: Span
    date: str | None = None
    participants: dict[str, list[str]] = field(default_factory=lambda: {r: [] for r in ROLES})
    status: str = "asserted"
    attributed_to: str | None = None
    # every other sentence of the document that tells the same event (headline, lede, body)
    more_evidence: list[Span] = field(default_factory=list)
    # while reading: whether the patient phrase names several ("eleven members of the gang"),
    # so that the group standing in for them is not one of its men (not stored)
    for_several: bool = field(default=False, compare=False, repr=False)
    # ... or one unnamed holder of a role ("a leader of the gang was captured": leader_of), whom
    # the document may name in another telling (not stored)
    for_one: str | None = field(default=None, compare=False, repr=False)
    # ... and whether the phrase hedges that role ("an alleged leader of the gang") (not stored)
    for_one_alleged: bool = field(default=False, compare=False, repr=False)
    # ... or a pronoun ("his arrest"), which retells an event of someone already in the text (not stored)
    by_pronoun: bool = field(default=False, compare=False, repr=False)
    # whether it is told as one more ("police also arrested X"): someone else's than the one
    # told before (not stored)
    additive: bool = field(default=False, compare=False, repr=False)
    # whether it is told only as a state someone is in ("X, who faces charges"), which retells an
    # event of its kind the document tells otherwise, if it does (not stored)
    retold: bool = field(default=False, compare=False, repr=False)
    # which step of its kind it tells, where a kind has several ("plea" of a conviction_or_sentence):
    # tellings of two steps are two events (not stored)
    stage: str = field(default="", compare=False, repr=False)
    # whether the telling names nobody ("the grand jury returned the indictment on May 16"):
    # it only lends its date and sentence to the one event of its kind it tells (not stored)
    nameless: bool = field(default=False, compare=False, repr=False)
    # (person, role, group, hedged): who an unnamed holder turned out to be, once tellings are one,
    # and whether the role was only alleged (not stored)
    named_holders: list[tuple[str, str, str, bool]] = field(default_factory=list, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "date": self.date,
            "participants": {r: list(self.participants.get(r, [])) for r in ROLES},
            "status": self.status,
            "attributed_to": self.attributed_to,
            "evidence": asdict(self.evidence),
            "more_evidence": [asdict(s) for s in self.more_evidence],
        }


@dataclass
class Quote:
    """A direct quotation and who said it (speaker is an entity id or None)."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass
class Extraction:
    """Everything found in one document: the JSON object of SCHEMA.md."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "document": self.document.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
        }
        if self.document.pages:  # evidence from a paged source says its page ("p. 3")
            for fact in data["relations"] + data["events"]:
                for span in [fact["evidence"], *fact.get("more_evidence", [])]:
                    span["page"] = self.document.page_at(span["start"])
            for quote in data["quotes"]:
                quote["page"] = self.document.page_at(quote["start"])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """Rebuild an extraction from its JSON form (as printed by `extract --json`)."""
        d = data["document"]
        document = Document(
            text=d["text"],
            source=d.get("source", ""),
            title=d.get("title"),
            published=d.get("published"),
            lang=d.get("lang", "en"),
            url=d.get("url"),
            duplicate_of=d.get("duplicate_of"),
            repeated_spans=[list(s) for s in d.get("repeated_spans", [])],
            id=d.get("id", ""),
            author=d.get("author"),
            site=d.get("site"),
            pages=[list(p) for p in d.get("pages", [])],
            provenance=dict(d.get("provenance") or {}),
        )
        entities = [
            Entity(
                id=e["id"],
                type=e["type"],
                name=e["name"],
                aliases=list(e.get("aliases", [])),
                mentions=[
                    Mention(m["start"], m["end"], m["text"], e["type"], e["id"])
                    for m in e.get("mentions", [])
                ],
            )
            for e in data.get("entities", [])
        ]
        relations = [
            Relation(
                subject=r["subject"],
                relation=r["relation"],
                object=r["object"],
                evidence=_span(r["evidence"]),
                status=r.get("status", "asserted"),
                attributed_to=r.get("attributed_to"),
            )
            for r in data.get("relations", [])
        ]
        events = [
            Event(
                type=e["type"],
                evidence=_span(e["evidence"]),
                date=e.get("date"),
                participants={r: list(e.get("participants", {}).get(r, [])) for r in ROLES},
                status=e.get("status", "asserted"),
                attributed_to=e.get("attributed_to"),
                more_evidence=[_span(s) for s in e.get("more_evidence", [])],
            )
            for e in data.get("events", [])
        ]
        quotes = [
            Quote(q["start"], q["end"], q["text"], q.get("speaker"), q.get("speaker_name"))
            for q in data.get("quotes", [])
        ]
        return cls(document, entities, relations, events, quotes)


def _span(data: dict[str, Any]) -> Span:
    return Span(data["start"], data["end"], data["text"])


def validate(extraction: Extraction) -> list[str]:
    """Every way `extraction` breaks the contract; an empty list means valid."""
    problems: list[str] = []
    text = extraction.document.text

    def check_span(where: str, start: int, end: int, quoted: str) -> None:
        if not (0 <= start <= end <= len(text)) or text[start:end] != quoted:
            problems.append(f"{where}: text[{start}:{end}] does not equal {quoted!r}")

    ids = set()
    for entity in extraction.entities:
        ids.add(entity.id)
        if entity.type not in ENTITY_TYPES:
            problems.append(f"entity {entity.id}: unknown type {entity.type!r}")
        for m in entity.mentions:
            check_span(f"entity {entity.id} mention", m.start, m.end, m.text)
    for r in extraction.relations:
        if r.relation not in RELATIONS:
            problems.append(f"relation {r.relation!r} is not in the closed set")
        for ref in (r.subject, r.object):
            if ref not in ids:
                problems.append(f"relation {r.relation}: unknown entity {ref!r}")
        if r.status not in STATUSES:
            problems.append(f"relation {r.relation}: unknown status {r.status!r}")
        check_span(f"relation {r.relation} evidence", r.evidence.start, r.evidence.end, r.evidence.text)
    for e in extraction.events:
        if e.type not in EVENT_TYPES:
            problems.append(f"event type {e.type!r} is not in the closed set")
        if e.status not in STATUSES:
            problems.append(f"event {e.type}: unknown status {e.status!r}")
        for role, refs in e.participants.items():
            if role not in ROLES:
                problems.append(f"event {e.type}: unknown role {role!r}")
            problems.extend(f"event {e.type}: unknown entity {ref!r}" for ref in refs if ref not in ids)
        for span in (e.evidence, *e.more_evidence):
            check_span(f"event {e.type} evidence", span.start, span.end, span.text)
    for q in extraction.quotes:
        check_span("quote", q.start, q.end, q.text)
        if q.speaker is not None and q.speaker not in ids:
            problems.append(f"quote: unknown speaker {q.speaker!r}")
    for s in extraction.document.repeated_spans:
        if len(s) != 4 or not (0 <= s[2] <= s[3] <= s[0] <= s[1] <= len(text)):
            problems.append(f"repeated span {s} is out of order or out of range")
    return problems


@dataclass
class Failure:
    """An input that could not be turned into a document, and why (one line)."""

    source: str
    reason: str



@dataclass
class Skipped(Failure):
    """An input left unread on purpose (a file type no reader handles, found in a folder or
    attached to an email): reported and counted, but no failure of the batch."""
