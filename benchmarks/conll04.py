"""Relations on CoNLL04 (real 1980s-90s newswire sentences with gold relations), scored with
the mapping of ../shared/data/conll04/README.md, the same way as ../shared/tools/score_conll04.py:

  Work_For    <- employee_of, head_of, member_of, leader_of (subject PERSON)
  OrgBased_In <- located_in, operates_in, founded_in (subject ORG)
  Located_In  <- located_in (subject GPE/LOC/FAC)
  Kill        <- a killing event, agent PERSON -> patient PERSON
  Live_In     <- nothing (no residence relation in the schema; reported apart, not in micro)

Each sentence is one document run through `pipeline.process` in this process. A predicted
relation counts when both of its gold argument strings equal (folded) a mention of the
predicted subject and object.

    python benchmarks/conll04.py [dev|train] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "conll04"
LABELS = ("Work_For", "OrgBased_In", "Located_In", "Kill")
WORK_FOR = frozenset({"employee_of", "head_of", "member_of", "leader_of"})
ORG_BASED_IN = frozenset({"located_in", "operates_in", "founded_in"})


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\"'`.,]", " ", text).split())


def detokenize(tokens: list[str]) -> str:
    """Penn-Treebank tokens joined as readable text (no space before punctuation)."""
    text = ""
    for token in tokens:
        if text and not re.fullmatch(r"[.,;:!?')\]]|'s|n't", token) and not text.endswith(("(", "[", "$")):
            text += " "
        text += token
    return text


def _spans(tags: list[str]) -> list[tuple[int, int]]:
    found, start = [], None
    for i, tag in enumerate(tags):
        if tag.startswith("U-"):
            found.append((i, i + 1))
        elif tag.startswith("B-"):
            start = i
        elif tag.startswith("L-") and start is not None:
            found.append((start, i + 1))
            start = None
    return found


@dataclass
class Example:
    text: str
    gold: set[tuple[str, str, str]]  # (folded head, label, folded tail)


def read_split(split: str) -> list[Example]:
    examples = []
    for item in json.loads((DATA / f"conll04_{split}.json").read_text(encoding="utf-8")):
        names = [" ".join(item["tokens"][a:b]) for a, b in _spans(item["tags"])]
        gold = {(fold(names[r["head"]]), r["type"], fold(names[r["tail"]])) for r in item["relations"]}
        examples.append(Example(detokenize(item["tokens"]), gold))
    return examples


def predicted(extraction: dict[str, Any]) -> tuple[set[tuple[str, str, str]], dict[str, set[str]]]:
    """caseboard's facts as CoNLL04 labels, and each entity's folded surface forms."""
    types = {e["id"]: e["type"] for e in extraction["entities"]}
    forms = {e["id"]: {fold(m["text"]) for m in e["mentions"]} | {fold(e["name"])} for e in extraction["entities"]}
    found = set()
    for r in extraction["relations"]:
        kind = types.get(r["subject"])
        if r["relation"] in WORK_FOR and kind == "PERSON":
            found.add((r["subject"], "Work_For", r["object"]))
        elif r["relation"] in ORG_BASED_IN and kind == "ORG":
            found.add((r["subject"], "OrgBased_In", r["object"]))
        elif r["relation"] == "located_in" and kind in ("GPE", "LOC", "FAC"):
            found.add((r["subject"], "Located_In", r["object"]))
    for event in extraction["events"]:
        if event["type"] == "killing":
            for agent in event["participants"]["agent"]:
                for patient in event["participants"]["patient"]:
                    if types.get(agent) == "PERSON" and types.get(patient) == "PERSON":
                        found.add((agent, "Kill", patient))
    return found, forms


@dataclass
class Outcome:
    """Per-label counts, and the sentences that went wrong (for reading errors)."""

    tp: Counter
    predicted: Counter
    gold: Counter
    errors: list[dict[str, Any]]

    def prf(self, labels: tuple[str, ...] = LABELS) -> tuple[float, float, float]:
        tp = sum(self.tp[k] for k in labels)
        p_n = sum(self.predicted[k] for k in labels)
        g_n = sum(self.gold[k] for k in labels)
        p = tp / p_n if p_n else 0.0
        r = tp / g_n if g_n else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def figures(self) -> dict[str, Any]:
        per_label = {k: dict(zip(("p", "r", "f1"), self.prf((k,))), gold=self.gold[k]) for k in LABELS}
        return {"labels": per_label, "micro": dict(zip(("p", "r", "f1"), self.prf()), gold=sum(self.gold[k] for k in LABELS))}


def score(examples: list[Example]) -> Outcome:
    from caseboard import pipeline
    from caseboard.model import Document

    tp: Counter = Counter()
    n_pred: Counter = Counter()
    n_gold: Counter = Counter()
    errors = []
    for example in examples:
        extraction = pipeline.process(Document(text=example.text, source="conll04")).to_dict()
        found, forms = predicted(extraction)
        gold = {g for g in example.gold if g[1] in LABELS}
        n_gold.update(g[1] for g in gold)
        used: set[tuple[str, str, str]] = set()
        wrong = []
        for subject, label, obj in found:
            n_pred[label] += 1
            hit = next(
                (g for g in gold if g not in used and g[1] == label and g[0] in forms[subject] and g[2] in forms[obj]),
                None,
            )
            if hit is None:
                wrong.append((min(forms[subject]), label, min(forms[obj])))
            else:
                used.add(hit)
                tp[label] += 1
        missed = sorted(gold - used)
        if wrong or missed:
            errors.append({"text": example.text, "spurious": sorted(wrong), "missed": missed})
    return Outcome(tp, n_pred, n_gold, errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", nargs="?", default="dev", choices=("dev", "train"))
    parser.add_argument("--errors", type=int, default=0, help="print the first N sentences with errors")
    parser.add_argument("--label", default=None, help="only errors involving this label")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"CoNLL04 not found at {DATA}")
        return 0
    outcome = score(read_split(args.split))
    shown = 0
    for error in outcome.errors:
        if args.label and not any(x[1] == args.label for x in error["spurious"] + error["missed"]):
            continue
        if shown >= args.errors:
            break
        shown += 1
        print(error["text"])
        for x in error["missed"]:
            print("   missed  ", x)
        for x in error["spurious"]:
            print("   spurious", x)
    for label, f in outcome.figures()["labels"].items():
        print(f"{label:12} P {f['p']:.3f} R {f['r']:.3f} F1 {f['f1']:.3f} (gold {f['gold']})")
    print("micro", json.dumps({k: round(v, 3) for k, v in outcome.figures()["micro"].items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
