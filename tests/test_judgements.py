"""Judgements by a person (merge, split, review, undo) through the CLI, kept across
later ingests and rebuilds, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from caseboard.aliases import entity_id
from caseboard.cli import app
from caseboard.model import Document, Entity, Extraction, Mention, Relation, Span
from caseboard.rebuild import resolve_again
from caseboard.store import Store


def extraction(text: str, named: list[tuple[str, str]], relations: list[tuple[str, str, str]] = ()) -> Extraction:
    """`text` naming each (name, type) wherever it occurs, with relations between names."""
    found = []
    for name, kind in named:
        ident = entity_id(kind, name)
        at = text.index(name)
        found.append(Entity(ident, kind, name, [name], [Mention(at, at + len(name), name, kind, ident)]))
    ids = {e.name: e.id for e in found}
    rels = [Relation(ids[s], r, ids[o], Span(0, len(text), text), "asserted") for s, r, o in relations]
    return Extraction(Document(text=text, source=f"{abs(hash(text))}.txt"), found, rels)


def cli(db: str, *args: str) -> object:
    judging = args[0] in ("merge", "split", "review")
    result = CliRunner().invoke(app, [*args, "--db", db, *(["--by", "ana"] if judging else [])])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result


GANG_A = extraction("Los Choneros fight Los Lobos in Guayaquil.", [("Los Choneros", "ORG"), ("Los Lobos", "ORG"), ("Guayaquil", "GPE")],
                    [("Los Choneros", "rival_of", "Los Lobos")])
GANG_B = extraction("The Choneros gang controls the port of Guayaquil.", [("Choneros gang", "ORG"), ("Guayaquil", "GPE")])


def test_a_merge_is_kept_explained_and_applied_to_later_documents(store: Store, db_url: str):
    store.add(GANG_A)
    store.add(GANG_B)
    assert len([e for e in store.list_entities("ORG")]) == 3
    judged = cli(db_url, "merge", "Los Choneros", "Choneros gang", "--note", "one gang", "--json")
    assert judged["kind"] == "merge" and judged["verdict"] == "positive" and judged["author"] == "ana"
    merged = judged["entity"]
    assert sorted(e["id"] for e in store.list_entities("ORG")) == sorted([merged, "org:los-lobos"])
    profile = cli(db_url, "profile", "Choneros gang", "--json")
    assert profile["entity"]["id"] == merged
    assert any("merged by ana" in m["rule"] for m in profile["merges"])
    text = cli(db_url, "profile", "Los Choneros", "--merges")
    assert "why these names are one entity" in text.stdout and "merged by ana" in text.stdout
    # a later document naming either name joins the one entity
    later = extraction("Choneros gang members were jailed in Quito.", [("Choneros gang", "ORG"), ("Quito", "GPE")])
    store.add(later)
    assert {e.id for e in later.entities if e.type == "ORG"} == {merged}
    store.add(extraction("Los Choneros leaders were moved to Guayaquil.", [("Los Choneros", "ORG"), ("Guayaquil", "GPE")]))
    every = cli(db_url, "profile", "Los Choneros", "--limit", "0", "--json")["merges"]
    few = cli(db_url, "profile", "Los Choneros", "--limit", "1", "--json")
    assert len(every) > len(few["merges"]) and few["totals"]["merges"] == len(every)
    assert f"of {len(every)}, oldest first" in cli(db_url, "profile", "Los Choneros", "--merges", "--limit", "1").stdout
    # and resolving the whole board again keeps it
    resolve_again(store)
    assert store.entity_totals(store.find_entity("Los Choneros")["id"])["documents"] == 4
    assert store.find_entity("Los Choneros")["id"] == store.find_entity("Choneros gang")["id"]


def test_undoing_a_merge_parts_the_entities_again(store: Store, db_url: str):
    store.add(GANG_A)
    store.add(GANG_B)
    judged = cli(db_url, "merge", "Los Choneros", "Choneros gang", "--json")
    cli(db_url, "judgements", "--undo", str(judged["id"]), "--json")
    assert store.find_entity("Los Choneros")["id"] != store.find_entity("Choneros gang")["id"]
    listed = cli(db_url, "judgements", "--json")
    assert listed[0]["id"] == judged["id"] and listed[0]["undone_at"]


def test_a_split_holds_on_later_ingests_and_resolving_again(store: Store, db_url: str):
    first = extraction("Rafael Caro was seen in Sinaloa.", [("Rafael Caro", "PERSON"), ("Sinaloa", "GPE")])
    second = extraction("Rafael Caro Quintero was arrested in Sinaloa.", [("Rafael Caro Quintero", "PERSON"), ("Sinaloa", "GPE")])
    store.add(first)
    store.add(second)
    joined = store.find_entity("Rafael Caro")["id"]
    assert store.find_entity("Rafael Caro Quintero")["id"] == joined  # the machine's guess: a shorter form
    judged = cli(db_url, "split", joined, "--name", "Rafael Caro", "--note", "a cousin", "--json")
    assert judged["kind"] == "split" and judged["verdict"] == "negative"
    apart = {store.find_entity("Rafael Caro")["id"], store.find_entity("Rafael Caro Quintero")["id"]}
    assert len(apart) == 2
    again = extraction("Rafael Caro spoke in Sinaloa.", [("Rafael Caro", "PERSON"), ("Sinaloa", "GPE")])
    store.add(again)
    assert store.entity_totals(store.find_entity("Rafael Caro Quintero")["id"])["documents"] == 1
    resolve_again(store)
    assert store.find_entity("Rafael Caro")["id"] != store.find_entity("Rafael Caro Quintero")["id"]
    assert store.entity_totals(store.find_entity("Rafael Caro")["id"])["documents"] == 2


def test_a_rejected_fact_is_hidden_shown_with_a_flag_exported_and_undone(store: Store, db_url: str, tmp_path):
    store.add(GANG_A)
    facts = cli(db_url, "facts", "--json")
    assert [(f["relation"], f["review"]) for f in facts] == [("rival_of", None)]
    fact = facts[0]["id"]
    assert fact.startswith("fact-")
    judged = cli(db_url, "review", fact, "--reject", "--note", "they are allies", "--json")
    assert judged["verdict"] == "rejected" and judged["note"] == "they are allies"
    assert cli(db_url, "facts", "--json") == []
    shown = cli(db_url, "facts", "--rejected", "--json")
    assert [(f["id"], f["review"]) for f in shown] == [(fact, "rejected")]
    assert cli(db_url, "profile", "Los Choneros", "--json")["facts"] == []
    cli(db_url, "judgements", "--undo", str(judged["id"]))
    cli(db_url, "review", fact, "--confirm")
    assert [f["review"] for f in cli(db_url, "facts", "--json")] == ["confirmed"]
    CliRunner().invoke(app, ["export", "--db", db_url, "-f", "csv", "-o", str(tmp_path / "csv")])
    rows = (tmp_path / "csv" / "facts.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,review,") and rows[1].startswith(f"{fact},confirmed,")


def test_review_needs_one_verdict_and_a_known_fact(store: Store, db_url: str):
    store.add(GANG_A)
    runner = CliRunner()
    assert runner.invoke(app, ["review", "fact-000000000000", "--reject", "--db", db_url]).exit_code == 1
    assert runner.invoke(app, ["review", "fact-000000000000", "--db", db_url]).exit_code == 2


ONE = (
    "Police in Rosario arrested Ariel Máximo Cantero, the leader of Los Monos, on Monday. "
    "Los Monos is a gang based in Rosario, Argentina."
)
TWO = (
    "The gang known as the Monos clan controls drug sales in Rosario. "
    "Ariel Cantero Lazarte, who leads the Monos clan, was jailed in Argentina."
)
THREE = "Prosecutors in Argentina said Ariel Máximo Cantero still gives orders to Los Monos from prison in Rosario."


def test_judgements_survive_a_later_ingest_and_a_rebuild(tmp_path):
    """Through the real pipeline: a merge, a split and a rejected fact hold after new
    documents are ingested and after `caseboard rebuild` extracts everything again."""
    for name, text in (("one", ONE), ("two", TWO), ("three", THREE)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "cb.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"), "--db", db]).exit_code == 0
    store = Store.open(db)
    father, son = store.find_entity("Ariel Máximo Cantero")["id"], store.find_entity("Ariel Cantero Lazarte")["id"]
    assert father != son
    assert store.find_entity("Monos")["id"] == store.find_entity("Los Monos")["id"]
    leads = next(f for f in cli(db, "facts", "--json") if f["subject"] == father and f["relation"] == "leader_of")
    cli(db, "review", leads["id"], "--reject", "--note", "he led it before")
    cli(db, "split", "Los Monos", "--name", "Monos", "--note", "the clan is the family, not the gang")
    cli(db, "merge", "Argentina", "Rosario", "--note", "a test of a merge the machine would never make")

    def holds() -> None:
        assert store.find_entity("Monos")["id"] != store.find_entity("Los Monos")["id"]
        assert store.find_entity("Argentina")["id"] == store.find_entity("Rosario")["id"]
        assert all(f["id"] != leads["id"] for f in cli(db, "facts", "--json"))
        assert [f["review"] for f in cli(db, "facts", "--rejected", "--json") if f["id"] == leads["id"]] == ["rejected"]

    holds()
    assert runner.invoke(app, ["ingest", str(tmp_path / "three.txt"), "--db", db]).exit_code == 0
    holds()
    assert store.entity_totals(store.find_entity("Ariel Máximo Cantero")["id"])["documents"] == 2
    rebuilt = runner.invoke(app, ["rebuild", "--db", db, "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(rebuilt.stdout)["documents"] == 3
    holds()
    assert [j["kind"] for j in cli(db, "judgements", "--json")] == ["review", "split", "merge"]


def test_a_merge_of_two_people_holds_for_a_later_document_naming_either(store: Store, db_url: str):
    store.add(extraction("Ariel Máximo Cantero was jailed in Rosario.", [("Ariel Máximo Cantero", "PERSON"), ("Rosario", "GPE")]))
    store.add(extraction("Ariel Cantero Lazarte was jailed in Rosario.", [("Ariel Cantero Lazarte", "PERSON"), ("Rosario", "GPE")]))
    merged = cli(db_url, "merge", "Ariel Máximo Cantero", "Ariel Cantero Lazarte", "--json")["entity"]
    later = extraction("Ariel Cantero Lazarte spoke in Rosario.", [("Ariel Cantero Lazarte", "PERSON"), ("Rosario", "GPE")])
    store.add(later)
    assert [e.id for e in later.entities if e.type == "PERSON"] == [merged]


def test_an_unsure_merge_is_kept_but_changes_nothing(store: Store, db_url: str):
    store.add(GANG_A)
    store.add(GANG_B)
    judged = cli(db_url, "merge", "Los Choneros", "Choneros gang", "--unsure", "--note", "maybe", "--json")
    assert judged["verdict"] == "unsure"
    assert store.find_entity("Los Choneros")["id"] != store.find_entity("Choneros gang")["id"]
    resolve_again(store)
    assert store.find_entity("Los Choneros")["id"] != store.find_entity("Choneros gang")["id"]
    assert [j["verdict"] for j in cli(db_url, "judgements", "--json")] == ["unsure"]


def test_a_split_by_one_mention_moves_its_document_only_and_survives_a_later_ingest_and_a_rebuild(tmp_path):
    texts = {
        "full": "Police in Rosario arrested Ariel Máximo Cantero, the leader of Los Monos, on Monday.",
        "seen": "Police said Ariel Cantero was seen in Rosario with members of Los Monos.",
        "orders": "Prosecutors said Ariel Cantero still gives orders to Los Monos from a prison in Rosario.",
        "later": "Ariel Máximo Cantero was moved to another prison near Rosario, Los Monos members said.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "cb.db")
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", *(str(tmp_path / f"{n}.txt") for n in ("full", "seen", "orders")), "--db", db])
    assert ingested.exit_code == 0, ingested.output
    store = Store.open(db)
    docs = {d["source"].rsplit("/", 1)[-1]: d["id"] for d in store.list_documents()}
    mentions = cli(db, "profile", "Ariel Máximo Cantero", "--json")["mentions"]
    assert {m["doc_id"] for m in mentions} == {docs["full.txt"], docs["seen.txt"], docs["orders.txt"]}
    seen = next(m["id"] for m in mentions if m["doc_id"] == docs["seen.txt"])
    judged = cli(db, "split", "Ariel Máximo Cantero", "--mention", seen, "--note", "his cousin", "--json")
    assert judged["kind"] == "split" and judged["doc_id"] == docs["seen.txt"]
    listed = CliRunner().invoke(app, ["judgements", "--db", db], terminal_width=200)
    assert f"(document {docs['seen.txt']})" in listed.stdout

    def holds() -> None:
        father = store.find_entity("Ariel Máximo Cantero")["id"]
        named = {m["doc_id"] for m in cli(db, "profile", father, "--json")["mentions"]}
        assert docs["seen.txt"] not in named and docs["orders.txt"] in named

    holds()
    assert runner.invoke(app, ["ingest", str(tmp_path / "later.txt"), "--db", db]).exit_code == 0
    holds()
    assert runner.invoke(app, ["rebuild", "--db", db]).exit_code == 0
    holds()
    assert store.entity_totals(store.find_entity("Ariel Máximo Cantero")["id"])["documents"] == 3


def test_split_needs_one_of_a_name_or_a_mention_of_the_entity(store: Store, db_url: str):
    store.add(GANG_A)
    runner = CliRunner()
    assert runner.invoke(app, ["split", "Los Choneros", "--db", db_url]).exit_code == 2
    assert runner.invoke(app, ["split", "Los Choneros", "--name", "x", "--mention", "y:0", "--db", db_url]).exit_code == 2
    other = store.entity_mentions("org:los-lobos")[0]["id"]
    assert runner.invoke(app, ["split", "Los Choneros", "--mention", other, "--db", db_url]).exit_code == 1
    assert runner.invoke(app, ["split", "Los Choneros", "--mention", "nothing", "--db", db_url]).exit_code == 1
