"""Scoring predictions against gold files, and the `caseboard eval` command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from caseboard.cli import app
from caseboard.eval import evaluate, evaluate_files, match_entities, score_document

GOLD = {
    "document": {"source": "story.txt"},
    "entities": [
        {"id": "E1", "type": "PERSON", "name": "Héctor Guerrero", "aliases": ["Héctor Guerrero", "Guerrero"]},
        {"id": "E2", "type": "ORG", "name": "Tren de Aragua", "aliases": ["Tren de Aragua"]},
        {"id": "E3", "type": "GPE", "name": "United States", "aliases": ["US", "the United States"]},
        {"id": "E4", "type": "FAC", "name": "Tocorón prison", "aliases": ["Tocorón prison"]},
    ],
    "relations": [
        {"subject": "E1", "relation": "leader_of", "object": "E2", "status": "asserted", "evidence": "..."},
        {"subject": "E2", "relation": "designated_by", "object": "E3", "status": "asserted", "evidence": "..."},
    ],
    "events": [
        {"type": "escape", "date": "2023", "participants": {"agent": ["E1"], "patient": [], "place": ["E4"]},
         "status": "asserted", "evidence": "..."},
        {"type": "designation", "date": None, "participants": {"agent": [], "patient": [], "place": []},
         "status": "asserted", "evidence": "..."},
    ],
}

PREDICTION = {
    "document": {"id": "abc", "source": "/data/story.txt"},
    "entities": [
        {"id": "person:hector-guerrero", "type": "PERSON", "name": "Hector Guerrero", "aliases": ["Hector Guerrero"],
         "mentions": [{"start": 0, "end": 8, "text": "GUERRERO"}]},
        {"id": "org:tren-de-aragua", "type": "PERSON", "name": "Tren de Aragua", "aliases": ["Tren de Aragua"]},
        {"id": "gpe:united-states", "type": "GPE", "name": "United States", "aliases": ["The United States"]},
        {"id": "gpe:aurora", "type": "GPE", "name": "Aurora", "aliases": ["Aurora"]},
    ],
    "relations": [
        {"subject": "person:hector-guerrero", "relation": "leader_of", "object": "org:tren-de-aragua",
         "status": "asserted"},
    ],
    "events": [
        {"type": "escape", "date": "2023", "participants": {"agent": [], "patient": ["person:hector-guerrero"],
         "place": []}, "status": "alleged"},
        {"type": "designation", "date": "2019", "participants": {}, "status": "asserted"},
    ],
}


def test_entities_match_on_type_and_a_shared_form_ignoring_case_accents_and_the():
    mapping = match_entities(PREDICTION["entities"], GOLD["entities"])
    assert mapping == {"person:hector-guerrero": "E1", "gpe:united-states": "E3"}  # Tren typed wrong


def test_entity_scores():
    entities = score_document(PREDICTION, GOLD).counts["entities"]
    assert (entities.tp, entities.predicted, entities.gold) == (2, 4, 4)
    assert entities.precision == entities.recall == entities.f1 == 0.5


def test_relations_need_both_entities_matched():
    relations = score_document(PREDICTION, GOLD).counts["relations"]
    assert (relations.tp, relations.predicted, relations.gold) == (0, 1, 2)  # Tren is not matched


def test_events_match_on_type_date_and_any_role_and_status_is_scored():
    scores = score_document(PREDICTION, GOLD)
    events = scores.counts["events"]
    assert (events.tp, events.predicted, events.gold) == (1, 2, 2)  # the 2019 date is wrong
    assert (scores.status_correct, scores.status_total) == (0, 1)  # alleged vs asserted


def test_alias_pairs_are_scored_on_matched_entities():
    aliases = score_document(PREDICTION, GOLD).counts["aliases"]
    # gold forms: 2 + 1 + 2 + 1; predicted forms: 2 + 1 + 1 + 1; matched: guerrero, hector guerrero, united states
    assert (aliases.tp, aliases.predicted, aliases.gold) == (3, 5, 6)


def test_a_missing_prediction_counts_as_all_missed():
    scores = evaluate([], [GOLD])
    assert scores.counts["entities"].gold == 4 and scores.counts["entities"].tp == 0


def test_export_lines_pair_with_gold_documents_by_source_name(tmp_path):
    other = {"document": {"id": "zzz", "source": "other.txt"}, "entities": []}
    pred = tmp_path / "export.jsonl"
    pred.write_text("\n".join(json.dumps(r) for r in (other, PREDICTION)) + "\n")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([GOLD]))
    scores = evaluate_files(pred, gold)
    assert scores.documents == 1 and scores.counts["entities"].tp == 2


@pytest.mark.parametrize("as_json", [True, False])
def test_eval_command(tmp_path, as_json):
    pred, gold = tmp_path / "pred.json", tmp_path / "gold.json"
    pred.write_text(json.dumps(PREDICTION))
    gold.write_text(json.dumps(GOLD))
    result = CliRunner().invoke(app, ["eval", str(pred), str(gold), *(["--json"] if as_json else [])])
    assert result.exit_code == 0, result.output
    if as_json:
        data = json.loads(result.stdout)
        assert data["entities"]["f1"] == 0.5 and data["status"]["matched"] == 1
    else:
        assert "entities" in result.stdout and "status accuracy" in result.stdout


def test_eval_command_reports_an_unreadable_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(app, ["eval", str(bad), str(bad)])
    assert result.exit_code == 2
