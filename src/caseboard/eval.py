"""Scoring an extraction (or a whole export) against hand-made gold files.

The matching rules are those of SCHEMA.md ("Gold files"): a predicted entity
matches a gold one when the types agree and they share a surface form (compared
case-, accent- and punctuation-insensitively, a leading "the" ignored); a
relation matches when its relation and both matched entities agree; an event
matches when type and date agree and, where the gold names participants, at
least one of them takes part in any role. Matching is one-to-one. Alias clusters
are scored on (entity, surface form) pairs. Status accuracy is counted on
matched relations and events. Several documents are micro-averaged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caseboard.names import name_key

PARTS = ("entities", "aliases", "relations", "events")


class GoldError(ValueError):
    """A prediction or gold file that cannot be read or paired."""


@dataclass
class Count:
    """True positives against the sizes of the predicted and gold sets."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Count) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class Scores:
    """Counts per part, and status agreement on matched relations and events."""

    counts: dict[str, Count] = field(default_factory=lambda: {p: Count() for p in PARTS})
    status_correct: int = 0
    status_total: int = 0
    documents: int = 0

    @property
    def status_accuracy(self) -> float:
        return self.status_correct / self.status_total if self.status_total else 0.0

    def add(self, other: Scores) -> None:
        for part in PARTS:
            self.counts[part].add(other.counts[part])
        self.status_correct += other.status_correct
        self.status_total += other.status_total
        self.documents += other.documents

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            **{part: self.counts[part].to_dict() for part in PARTS},
            "status": {
                "accuracy": round(self.status_accuracy, 4),
                "correct": self.status_correct,
                "matched": self.status_total,
            },
        }


def surface_key(form: str) -> str:
    """Surface forms compare case-, accent- and punctuation-insensitively, without a leading "the"."""
    return name_key(form)


def _forms(entity: dict[str, Any]) -> set[str]:
    forms = {entity.get("name", ""), *entity.get("aliases", [])}
    forms.update(m.get("text", "") for m in entity.get("mentions", []))
    return {k for k in (surface_key(f) for f in forms) if k}


def match_entities(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, str]:
    """One-to-one map of predicted entity ids to gold ids: same type and a shared
    surface form, pairs sharing the most forms first."""
    pairs = []
    gold_forms = [(g, _forms(g)) for g in gold]
    for p in predicted:
        p_forms = _forms(p)
        for g, g_forms in gold_forms:
            shared = len(p_forms & g_forms)
            if shared and p.get("type") == g.get("type"):
                pairs.append((-shared, p["id"], g["id"]))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _, pid, gid in sorted(pairs):
        if pid not in mapping and gid not in used:
            mapping[pid] = gid
            used.add(gid)
    return mapping


def _score_aliases(predicted: list[dict[str, Any]], gold: list[dict[str, Any]], mapping: dict[str, str]) -> Count:
    gold_by_id = {g["id"]: _forms(g) for g in gold}
    count = Count(gold=sum(len(forms) for forms in gold_by_id.values()))
    for p in predicted:
        forms = _forms(p)
        count.predicted += len(forms)
        if p["id"] in mapping:
            count.tp += len(forms & gold_by_id[mapping[p["id"]]])
    return count


def _greedy(predicted: list[Any], gold: list[Any], agree: Any) -> list[tuple[Any, Any]]:
    """One-to-one pairs in order: each predicted item takes the first free gold item it agrees with."""
    free = list(range(len(gold)))
    pairs = []
    for p in predicted:
        for k in free:
            if agree(p, gold[k]):
                pairs.append((p, gold[k]))
                free.remove(k)
                break
    return pairs


def _participants(event: dict[str, Any], mapping: dict[str, str] | None = None) -> set[str]:
    ids = {i for role in event.get("participants", {}).values() for i in role}
    return {mapping.get(i, f"unmatched:{i}") for i in ids} if mapping is not None else ids


def score_document(prediction: dict[str, Any], gold: dict[str, Any]) -> Scores:
    """Scores of one extraction against its gold file."""
    scores = Scores(documents=1)
    p_entities, g_entities = prediction.get("entities", []), gold.get("entities", [])
    mapping = match_entities(p_entities, g_entities)
    scores.counts["entities"] = Count(len(mapping), len(p_entities), len(g_entities))
    scores.counts["aliases"] = _score_aliases(p_entities, g_entities, mapping)

    def mapped(ref: str | None) -> str | None:
        return mapping.get(ref, f"unmatched:{ref}") if ref else None

    p_rel, g_rel = prediction.get("relations", []), gold.get("relations", [])
    rel_pairs = _greedy(
        p_rel,
        g_rel,
        lambda p, g: (mapped(p["subject"]), p["relation"], mapped(p["object"])) == (g["subject"], g["relation"], g["object"]),
    )
    scores.counts["relations"] = Count(len(rel_pairs), len(p_rel), len(g_rel))

    p_ev, g_ev = prediction.get("events", []), gold.get("events", [])
    ev_pairs = _greedy(
        p_ev,
        g_ev,
        lambda p, g: p["type"] == g["type"]
        and p.get("date") == g.get("date")
        and (not _participants(g) or bool(_participants(p, mapping) & _participants(g))),
    )
    scores.counts["events"] = Count(len(ev_pairs), len(p_ev), len(g_ev))

    for p, g in rel_pairs + ev_pairs:
        scores.status_total += 1
        scores.status_correct += p.get("status", "asserted") == g.get("status", "asserted")
    return scores


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """The objects in a JSON file (one object or a list) or a JSON-lines file."""
    raw = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}: neither JSON nor JSON lines ({exc})") from exc
    records = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) for r in records):
        raise GoldError(f"{path}: expected JSON objects")
    return records


def _document_keys(record: dict[str, Any]) -> set[str]:
    doc = record.get("document", {})
    keys = {doc.get("id") or "", Path(doc.get("source") or "").name}
    return {k for k in keys if k}


def pair_documents(
    predictions: list[dict[str, Any]], golds: list[dict[str, Any]]
) -> Iterable[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """Each gold record with its prediction (by document id or source file name);
    a single prediction and a single gold file always pair."""
    if len(predictions) == 1 and len(golds) == 1:
        yield predictions[0], golds[0]
        return
    for gold in golds:
        keys = _document_keys(gold)
        yield next((p for p in predictions if keys & _document_keys(p)), None), gold


def evaluate(predictions: list[dict[str, Any]], golds: list[dict[str, Any]]) -> Scores:
    """Micro-averaged scores over every gold document; a gold document with no
    prediction counts all its items as missed."""
    total = Scores()
    for prediction, gold in pair_documents(predictions, golds):
        total.add(score_document(prediction or {}, gold))
    return total


def evaluate_files(prediction_path: str | Path, gold_path: str | Path) -> Scores:
    """`evaluate` on a prediction file (`extract --json` or `export` output) and a gold file."""
    return evaluate(read_records(prediction_path), read_records(gold_path))
