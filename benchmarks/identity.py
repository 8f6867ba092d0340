"""Identity across documents on dev-news: is one real person or group one id on the board?

    python benchmarks/identity.py [--split dev|heldout|all] [--texts DIR] [--orders] [--json] [--write]

Every article of the split (with its manifest's published date) is stored on one fresh
board, as `caseboard ingest` would. Each article's stored entities are matched to its gold
entities by surface form and type, as `caseboard.eval.match_entities` matches them; each
matched (article, gold entity) is then an item whose predicted cluster is its board id and
whose gold cluster is its gold `corpus_id`. Printed:

- cross-document B-cubed precision, recall and F1 of those clusters (over matched items:
  what entity recognition missed is scored elsewhere);
- distinct gold persons merged into one board id (the issue's bar: 0), with the names;
- with `--orders`, whether the articles stored in reverse order give the same ids;
- two journalist's questions over the board, and how many hold: who leads a group, under
  its one id, across the articles that say so (each gold `leader_of` pair of corpus ids:
  the board has that fact between the board ids of the two); and which people share a
  surname and must stay apart (each pair of gold persons with one last name: two ids);
- the gold entities named in both English and Spanish articles, and how many of them the
  board holds under one id (with the names of those it keeps apart).

`--write` puts the figures in their section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devnews import TEXTS, Article, articles  # noqa: E402
from results import replace_section  # noqa: E402

from caseboard.eval import match_entities  # noqa: E402
from caseboard.model import Document  # noqa: E402
from caseboard.pipeline import process  # noqa: E402
from caseboard.store import Store  # noqa: E402


def board_of(found: list[Article], texts: Path, folder: Path, name: str) -> tuple[Store, dict[str, str]]:
    """A board holding the articles, in the given order; article id -> document id."""
    store = Store.open(str(folder / f"{name}.db"))
    ids = {}
    for article in found:
        text = (texts / f"{article.id}.txt").read_text(encoding="utf-8")
        extraction = process(Document(
            text=text, source=f"{article.id}.txt", published=article.meta.get("published"), lang=article.meta.get("lang", "en")
        ))
        ids[article.id] = store.add(extraction).id
    return store, ids


def items(store: Store, found: list[Article], doc_ids: dict[str, str]) -> list[dict[str, Any]]:
    """One item per gold entity of each article matched to a stored entity of it."""
    out = []
    for article in found:
        extraction = store.extraction(doc_ids[article.id])
        if extraction is None:
            continue
        predicted = [{"id": e.id, "type": e.type, "name": e.name, "aliases": e.aliases} for e in extraction.entities]
        gold = article.gold()["entities"]
        by_id = {g["id"]: g for g in gold}
        for pid, gid in match_entities(predicted, gold).items():
            g = by_id[gid]
            out.append({"article": article.id, "predicted": pid, "gold": g["corpus_id"], "type": g["type"], "name": g["name"]})
    return out


def b_cubed(found: list[dict[str, Any]]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of predicted against gold clusters."""
    by_predicted, by_gold = defaultdict(list), defaultdict(list)
    for i, item in enumerate(found):
        by_predicted[item["predicted"]].append(i)
        by_gold[item["gold"]].append(i)
    precision = recall = 0.0
    for item in found:
        same_predicted, same_gold = by_predicted[item["predicted"]], by_gold[item["gold"]]
        both = sum(1 for j in same_predicted if found[j]["gold"] == item["gold"])
        precision += both / len(same_predicted)
        recall += both / len(same_gold)
    n = len(found) or 1
    p, r = precision / n, recall / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "items": len(found)}


def questions(store: Store, found: list[Article], scored: list[dict[str, Any]]) -> dict[str, Any]:
    """The journalist's questions: leaders found under one id, namesakes kept apart."""
    from caseboard import board
    from caseboard.names import name_words

    board_id: dict[str, str] = {}
    for gold_id in {i["gold"] for i in scored}:  # the board id most of its items have
        ids = [i["predicted"] for i in scored if i["gold"] == gold_id]
        board_id[gold_id] = max(sorted(set(ids)), key=ids.count)
    leaders: dict[tuple[str, str], set[str]] = defaultdict(set)
    people: dict[str, str] = {}
    for article in found:
        gold = article.gold()
        corpus = {g["id"]: g["corpus_id"] for g in gold["entities"]}
        for g in gold["entities"]:
            if g["type"] == "PERSON":
                people[g["corpus_id"]] = g["name"]
        for r in gold["relations"]:
            if r["relation"] == "leader_of":
                leaders[(corpus[r["subject"]], corpus[r["object"]])].add(article.id)
    facts = {(f.subject, f.object) for f in board.merged_facts(store, None, relation="leader_of", rejected=True)}
    asked = [pair for pair in sorted(leaders) if pair[0] in board_id and pair[1] in board_id]
    answered = [pair for pair in asked if (board_id[pair[0]], board_id[pair[1]]) in facts]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for corpus_id, name in sorted(people.items()):
        words = [w for w in name_words(name) if len(w) > 2]
        if corpus_id in board_id and words:
            by_surname[words[-1]].append(corpus_id)
    pairs = [(a, b) for ids in by_surname.values() for i, a in enumerate(ids) for b in ids[i + 1 :]]
    apart = [pair for pair in pairs if board_id[pair[0]] != board_id[pair[1]]]
    return {
        "leaders_asked": len(asked),
        "leaders_answered": len(answered),
        "leaders_in_several_articles": sum(1 for pair in asked if len(leaders[pair]) > 1),
        "leaders_in_several_articles_answered": sum(1 for pair in answered if len(leaders[pair]) > 1),
        "namesakes": len(pairs),
        "namesakes_apart": len(apart),
        "namesakes_together": [list(pair) for pair in pairs if pair not in apart],
    }


def merged_people(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Board ids holding more than one distinct gold person."""
    people = defaultdict(set)
    for item in found:
        if item["type"] == "PERSON":
            people[item["predicted"]].add(item["gold"])
    return [{"id": pid, "gold": sorted(golds)} for pid, golds in sorted(people.items()) if len(golds) > 1]


def across_languages(found: list[dict[str, Any]], languages: dict[str, str]) -> dict[str, Any]:
    """The gold entities named in articles of more than one language, and those among them
    the board holds under one id ("Cártel de Sinaloa" and "Sinaloa Cartel"); the others with
    their ids' names."""
    by_gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in found:
        by_gold[item["gold"]].append(item)
    mixed = {gold: its for gold, its in by_gold.items() if len({languages[i["article"]] for i in its}) > 1}
    split = {gold: sorted({i["name"] for i in its}) for gold, its in mixed.items() if len({i["predicted"] for i in its}) > 1}
    return {"named": len(mixed), "one_id": len(mixed) - len(split), "apart": dict(sorted(split.items()))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "heldout", "all"])
    parser.add_argument("--texts", type=Path, default=TEXTS, help="folder of the article texts (ID.txt)")
    parser.add_argument("--orders", action="store_true", help="also store the articles in reverse order and compare ids")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--write", action="store_true", help="write the figures into benchmarks/RESULTS.md")
    options = parser.parse_args()
    found = [a for a in articles(options.split) if (options.texts / f"{a.id}.txt").exists() and a.gold_path.exists()]
    if not found:
        print(f"no dev-news texts in {options.texts} (see benchmarks/dev-news/README.md)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        store, doc_ids = board_of(found, options.texts, Path(folder), "forward")
        scored = items(store, found, doc_ids)
        figures: dict[str, Any] = {
            "articles": len(found),
            "b_cubed": b_cubed(scored),
            "gold_entities_in_several_articles": sum(
                1 for ids in _articles_by_gold(scored).values() if len(ids) > 1
            ),
            "merged_people": merged_people(scored),
            "across_languages": across_languages(scored, {a.id: a.meta.get("lang", "en") for a in found}),
        }
        figures["questions"] = questions(store, found, scored)
        if options.orders:
            backward, back_ids = board_of(found[::-1], options.texts, Path(folder), "backward")
            again = {(i["article"], i["gold"]): i["predicted"] for i in items(backward, found, back_ids)}
            first = {(i["article"], i["gold"]): i["predicted"] for i in scored}
            figures["same_ids_in_reverse_order"] = first == again
            figures["ids_differing_in_reverse_order"] = sum(1 for k in first if again.get(k) != first[k])
    if options.json:
        print(json.dumps(figures, indent=2))
        return 0
    lines = report(figures, options.split, options.orders)
    print("\n".join(lines))
    if options.write:
        command = "python benchmarks/identity.py" + (" --orders" if options.orders else "") + (
            f" --split {options.split}" if options.split != "dev" else "")
        replace_section(
            "identity",
            "## Identity across documents (`" + command + "`)\n\n"
            + "\n".join(f"    {line}" for line in lines)
            + "\n\nEach article's stored entities are matched to its gold entities by surface form and type; "
            "B-cubed counts over the matched ones, with gold `corpus_id` as the true clusters.",
        )
    return 0


def report(figures: dict[str, Any], split: str, orders: bool) -> list[str]:
    b3 = figures["b_cubed"]
    lines = [
        f"{figures['articles']} {split} articles, {b3['items']} matched gold entities "
        f"({figures['gold_entities_in_several_articles']} gold entities named in several articles)",
        f"cross-document B-cubed: precision {b3['precision']:.3f}  recall {b3['recall']:.3f}  F1 {b3['f1']:.3f}",
        f"distinct gold persons merged into one id: {len(figures['merged_people'])}",
        *(f"  {merged['id']}: {', '.join(merged['gold'])}" for merged in figures["merged_people"]),
    ]
    languages = figures["across_languages"]
    lines += [
        f"named in English and Spanish articles: {languages['named']} gold entities, "
        f"{languages['one_id']} of them under one board id",
        *(f"  apart: {gold} ({' / '.join(names)})" for gold, names in languages["apart"].items()),
    ]
    q = figures["questions"]
    lines += [
        f"who leads which group (gold leader_of pairs, board ids of both matched): {q['leaders_answered']} of "
        f"{q['leaders_asked']} on the board ({q['leaders_in_several_articles_answered']} of "
        f"{q['leaders_in_several_articles']} told by several articles)",
        f"people sharing a last name kept apart: {q['namesakes_apart']} of {q['namesakes']} pairs"
        + (f" (together: {q['namesakes_together']})" if q["namesakes_together"] else ""),
    ]
    if orders:
        lines.append(
            f"same ids in reverse order: {figures['same_ids_in_reverse_order']} "
            f"({figures['ids_differing_in_reverse_order']} differ)"
        )
    return lines


def _articles_by_gold(found: list[dict[str, Any]]) -> dict[str, set[str]]:
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in found:
        by_gold[item["gold"]].add(item["article"])
    return by_gold


if __name__ == "__main__":
    sys.exit(main())
