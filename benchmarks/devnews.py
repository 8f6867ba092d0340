"""dev-news: real news articles with blind gold (benchmarks/dev-news/README.md).

    python benchmarks/devnews.py check               # every gold string in its text; missing texts
    python benchmarks/devnews.py score [--split dev|heldout|all] [--show ID] [--json]
    python benchmarks/devnews.py agreement           # gold/ against gold-second/

`score` runs caseboard's whole pipeline on each text (with its manifest's published date) and
scores it with `caseboard.eval` against its gold. It also counts events told twice: predicted
events of one document that match the same gold event.
"""

from __future__ import annotations

import argparse
from collections import Counter
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseboard.eval import Scores, match_entities, score_document
from caseboard.model import ENTITY_TYPES, EVENT_TYPES, RELATIONS, ROLES, STATUSES

HERE = Path(__file__).resolve().parent / "dev-news"
MANIFEST = HERE / "manifest.jsonl"
TEXTS = HERE / "texts"
GOLD = HERE / "gold"
SECOND = HERE / "gold-second"


@dataclass
class Article:
    id: str
    meta: dict[str, Any]

    @property
    def text_path(self) -> Path:
        return TEXTS / f"{self.id}.txt"

    @property
    def gold_path(self) -> Path:
        return GOLD / f"{self.id}.json"

    @property
    def split(self) -> str:
        return self.meta.get("split", "dev")

    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    def gold(self, folder: Path = GOLD) -> dict[str, Any]:
        return json.loads((folder / f"{self.id}.json").read_text(encoding="utf-8"))


def articles(split: str = "all", lang: str | None = None) -> list[Article]:
    """The manifest's articles of one split (`dev`, `heldout` or `all`) and, if given, one
    language, in manifest order."""
    if not MANIFEST.exists():
        return []
    found = [Article(m["id"], m) for m in map(json.loads, MANIFEST.read_text(encoding="utf-8").splitlines()) if m]
    return [a for a in found if (split == "all" or a.split == split) and lang in (None, a.meta.get("lang"))]


def gold_problems(gold: dict[str, Any], text: str) -> list[str]:
    """Every way a gold file breaks SCHEMA.md's gold shape or quotes text that is not there."""
    problems = []
    ids = {e["id"]: e["type"] for e in gold.get("entities", [])}
    for e in gold.get("entities", []):
        if e["type"] not in ENTITY_TYPES:
            problems.append(f"entity {e['id']}: type {e['type']!r}")
        problems.extend(f"entity {e['id']}: alias {a!r} not in the text" for a in e.get("aliases", []) if a not in text)
    for r in gold.get("relations", []):
        if r["relation"] not in RELATIONS:
            problems.append(f"relation {r['relation']!r} not in the closed set")
        elif r["subject"] in ids and r["object"] in ids:
            subjects, objects = RELATIONS[r["relation"]]
            if ids[r["subject"]] not in subjects or ids[r["object"]] not in objects:
                problems.append(f"relation {r['subject']} {r['relation']} {r['object']}: argument types")
        problems.extend(f"relation {r['relation']}: unknown entity {x}" for x in (r["subject"], r["object"]) if x not in ids)
        if r.get("status", "asserted") not in STATUSES:
            problems.append(f"relation {r['relation']}: status {r.get('status')!r}")
        if r.get("evidence", "") not in text:
            problems.append(f"relation {r['relation']}: evidence not in the text: {r.get('evidence')!r}")
    for e in gold.get("events", []):
        if e["type"] not in EVENT_TYPES:
            problems.append(f"event type {e['type']!r} not in the closed set")
        for role, refs in e.get("participants", {}).items():
            if role not in ROLES:
                problems.append(f"event {e['type']}: role {role!r}")
            problems.extend(f"event {e['type']}: unknown entity {x}" for x in refs if x not in ids)
        if e.get("status", "asserted") not in STATUSES:
            problems.append(f"event {e['type']}: status {e.get('status')!r}")
        if e.get("evidence", "") not in text:
            problems.append(f"event {e['type']}: evidence not in the text: {e.get('evidence')!r}")
    return problems


def check() -> int:
    """Print missing texts (with how to retrieve them) and gold problems; 1 if any."""
    bad = 0
    for article in articles():
        if not article.text_path.exists():
            bad += 1
            print(f"{article.id}: text missing. Retrieve it with the search tool, corpus pages, query "
                  f"{article.meta.get('query')!r}, address {article.meta['url']}; save the excerpt unchanged "
                  f"as {article.text_path.relative_to(HERE.parent.parent)}")
            continue
        text = article.text()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if article.meta.get("sha256") and digest != article.meta["sha256"]:
            print(f"{article.id}: text differs from the one annotated (sha256 {digest[:12]}…)")
        for folder in (GOLD, SECOND):
            path = folder / f"{article.id}.json"
            if path.exists():
                for problem in gold_problems(json.loads(path.read_text(encoding="utf-8")), text):
                    bad += 1
                    print(f"{path.relative_to(HERE)}: {problem}")
        if not article.gold_path.exists():
            bad += 1
            print(f"{article.id}: no gold file")
    print(f"{len(articles())} articles, {bad} problem(s)")
    return 1 if bad else 0


def extract(article: Article) -> dict[str, Any]:
    from caseboard import pipeline
    from caseboard.model import Document

    document = Document(
        text=article.text(), source=article.text_path.name, published=article.meta.get("published"),
        lang=article.meta.get("lang", "en"),
    )
    return pipeline.process(document).to_dict()


def events_told_twice(prediction: dict[str, Any], gold: dict[str, Any]) -> int:
    """Predicted events beyond the first that tell one and the same gold event. A predicted
    event tells the gold event of its type that shares a participant and whose date it does
    not contradict, the one of its own date first (an extradition in 2007 and one in 2015 are
    two events, however alike their people), then one no other prediction tells yet (two
    undated sentences of one man, his conviction and his sentencing, are two events)."""
    mapping = match_entities(prediction.get("entities", []), gold.get("entities", []))
    told: Counter[int] = Counter()
    golds = gold.get("events", [])
    for p in prediction.get("events", []):
        people = {mapping.get(i) for r in p["participants"].values() for i in r}
        candidates = [
            n for n, g in enumerate(golds)
            if p["type"] == g["type"] and _same_time(p.get("date"), g.get("date"))
            and (not (g_people := {i for r in g.get("participants", {}).values() for i in r}) or people & g_people)
        ]
        if candidates:
            told[min(candidates, key=lambda n: (golds[n].get("date") != p.get("date"), told[n]))] += 1
    return sum(n - 1 for n in told.values())


def _same_time(one: str | None, other: str | None) -> bool:
    """Whether two dates may be one time: either unknown, or one a prefix of the other."""
    return not one or not other or one.startswith(other) or other.startswith(one)


@dataclass
class Report:
    scores: Scores
    twice: int
    articles: int
    with_twice: list[str]
    missing: int = 0

    def figures(self) -> dict[str, Any]:
        d = self.scores.to_dict()
        d["events_told_twice"] = self.twice
        d["articles_with_events_told_twice"] = self.with_twice
        return d


def score(split: str = "dev", only: str | None = None, lang: str = "en") -> Report:
    total, twice, with_twice, n, missing = Scores(), 0, [], 0, 0
    for article in articles(split, None if only else lang):
        if only and article.id != only:
            continue
        if not article.text_path.exists() or not article.gold_path.exists():
            missing += 1
            continue
        n += 1
        prediction, gold = extract(article), article.gold()
        total.add(score_document(prediction, gold))
        extra = events_told_twice(prediction, gold)
        twice += extra
        if extra:
            with_twice.append(article.id)
        if only:
            show(prediction, gold)
    if missing:
        print(f"dev-news {split}: {missing} text(s) missing, scored without them; "
              "`python benchmarks/devnews.py check` says how to retrieve them", file=sys.stderr)
    return Report(total, twice, n, with_twice, missing)


def show(prediction: dict[str, Any], gold: dict[str, Any]) -> None:
    """A side-by-side reading of one article: what was found and what the gold has."""
    names = {e["id"]: e["name"] for e in prediction["entities"]}
    gnames = {e["id"]: e["name"] for e in gold["entities"]}
    print("ENTITIES (predicted):", ", ".join(f"{e['name']}/{e['type']}" for e in prediction["entities"]))
    print("ENTITIES (gold):     ", ", ".join(f"{e['name']}/{e['type']}" for e in gold["entities"]))
    print("RELATIONS (predicted):")
    for r in prediction["relations"]:
        print(f"   {names[r['subject']]} {r['relation']} {names[r['object']]} [{r['status']}]")
    print("RELATIONS (gold):")
    for r in gold["relations"]:
        print(f"   {gnames[r['subject']]} {r['relation']} {gnames[r['object']]} [{r.get('status')}]  | {r['evidence'][:90]}")
    print("EVENTS (predicted):")
    for e in prediction["events"]:
        parts = {k: [names[i] for i in v] for k, v in e["participants"].items() if v}
        print(f"   {e['type']} {e['date']} {parts} [{e['status']}] | {e['evidence']['text'][:90]}")
    print("EVENTS (gold):")
    for e in gold["events"]:
        parts = {k: [gnames[i] for i in v] for k, v in e["participants"].items() if v}
        print(f"   {e['type']} {e.get('date')} {parts} [{e.get('status')}] | {e['evidence'][:90]}")


def agreement() -> dict[str, Any]:
    """Two blind annotations of the same articles scored against each other (first as gold)."""
    total = Scores()
    pairs = 0
    for article in articles():
        second = SECOND / f"{article.id}.json"
        if not second.exists() or not article.gold_path.exists():
            continue
        pairs += 1
        other = article.gold(SECOND)
        as_prediction = {
            "entities": [{**e, "mentions": [{"text": a} for a in e.get("aliases", [])]} for e in other["entities"]],
            "relations": other.get("relations", []),
            "events": other.get("events", []),
        }
        total.add(score_document(as_prediction, article.gold()))
    return {"articles": pairs, **total.to_dict()}


def print_scores(label: str, figures: dict[str, Any]) -> None:
    print(f"{label}: {figures['documents']} articles")
    for part in ("entities", "aliases", "relations", "events"):
        c = figures[part]
        print(f"  {part:10} P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f}  ({c['tp']}/{c['predicted']} predicted, {c['gold']} gold)")
    s = figures["status"]
    print(f"  status accuracy {s['accuracy']:.3f} ({s['correct']}/{s['matched']})")
    if "events_told_twice" in figures:
        print(f"  events told twice: {figures['events_told_twice']} in {figures['articles_with_events_told_twice']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("check", "score", "agreement"))
    parser.add_argument("--split", default="dev", choices=("dev", "heldout", "all"))
    parser.add_argument("--show", default=None, help="score one article and print its facts beside the gold")
    parser.add_argument("--lang", default="en", help="the articles of this language (en, es)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.command == "check":
        return check()
    if args.command == "agreement":
        figures = agreement()
        print(json.dumps(figures, indent=2) if args.json else "")
        if not args.json:
            print_scores("agreement (gold-second scored against gold)", {"documents": figures["articles"], **figures})
        return 0
    report = score("all" if args.show else args.split, args.show, args.lang)
    figures = report.figures()
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_scores(f"dev-news {args.lang} {args.split}", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
