"""Provenance of extraction (provenance.py), and re-extracting stored documents
(ingest.reprocess, `caseboard ingest --reprocess`)."""

from __future__ import annotations

import json

from conftest import run_caseboard

from caseboard import __version__, nlp, provenance
from caseboard.ingest import ingest, reprocess, safe_process
from caseboard.model import Document
from caseboard.rules.entities import load_rules
from caseboard.store import Store

TEXT = (
    "Comisario Pedro Vargas said the Zetas and Los Zetas are the same group. "
    "Police arrested Pedro Vargas in Monterrey on Monday, officials said."
)
WATCH = "names:\n  - {name: Los Zetas, type: ORG, aliases: [Zetas]}\ntitles: [comisario]\n"


def test_provenance_names_version_model_and_rules(tmp_path):
    rules_file = tmp_path / "watch.yaml"
    rules_file.write_text(WATCH)
    built_in = provenance.current()
    assert built_in["caseboard"] == __version__
    assert built_in["model"] == nlp.model_name()
    with_rules = provenance.current(load_rules(str(rules_file)))
    assert with_rules["rules"] != built_in["rules"]
    assert len(built_in["rules"]) == 16


def test_extraction_records_its_provenance():
    result = safe_process(Document(text=TEXT, source="a.txt"))
    assert result.document.provenance == provenance.current()
    assert result.to_dict()["document"]["provenance"] == provenance.current()


def _entities(store: Store, doc_id: str) -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in store.extraction(doc_id).entities}


def test_reprocess_re_extracts_only_documents_another_provenance_made(tmp_path):
    rules_file = tmp_path / "watch.yaml"
    rules_file.write_text(WATCH)
    rules = load_rules(str(rules_file))
    store = Store.open(str(tmp_path / "board.db"))
    try:
        ingest(store, [Document(text=TEXT, source="a.txt")])
        [doc_id] = [d["id"] for d in store.list_documents()]
        assert store.get_document(doc_id).provenance == provenance.current()
        assert store.documents_extracted_otherwise(provenance.current()) == []
        assert reprocess(store).reprocessed == 0

        assert store.documents_extracted_otherwise(provenance.current(rules)) == [doc_id]
        report = reprocess(store, rules=rules)
        assert (report.reprocessed, report.failed) == (1, 0)
        expected = safe_process(Document(text=TEXT, source="a.txt"), rules)
        assert _entities(store, doc_id) == {(e.type, e.name) for e in expected.entities}
        # entities only the old extraction named are gone, not left dangling
        assert store.counts()["entities"] == len(expected.entities)
        assert store.counts()["relations"] == len(expected.relations)
        assert store.get_document(doc_id).provenance == provenance.current(rules)
        assert reprocess(store, rules=rules).reprocessed == 0
    finally:
        store.close()


def test_ingest_reprocess_on_the_command_line(tmp_path):
    db = tmp_path / "board.db"
    story = tmp_path / "story.txt"
    story.write_text(TEXT)
    rules_file = tmp_path / "watch.yaml"
    rules_file.write_text(WATCH)
    assert run_caseboard("ingest", str(story), "--db", str(db)).returncode == 0
    result = run_caseboard("ingest", "--reprocess", "--rules", str(rules_file), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["added"], report["reprocessed"]) == (0, 1)
    nothing = run_caseboard("ingest", "--db", str(db))
    assert nothing.returncode == 2 and "--reprocess" in nothing.stderr
