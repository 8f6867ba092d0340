"""The `caseboard` command as a user runs it: a subprocess, JSON on stdout, messages on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_caseboard
from make_pdf import pdf_bytes
from typer.testing import CliRunner

from caseboard.cli import app
from caseboard.model import Extraction, validate

STORY = (
    'CARACAS, Venezuela — Héctor "Niño" Guerrero, the leader of the Tren de Aragua gang, escaped from '
    "Tocorón prison in Aragua state before the army retook it in September, officials said.\n\n"
    "The Federal Bureau of Investigation (FBI) has offered a reward for information about Guerrero, "
    "who allegedly directs cells in Chile, Colombia and the United States.\n\n"
    '"He walked out of the front door," said Rafael de Armas, a former prison official in Valencia.\n\n'
    "The Federal Bureau of Investigation (FBI) has offered a reward for information about Guerrero, "
    "who allegedly directs cells in Chile, Colombia and the United States."
)
PAGE = """<html><head><title>Aurora apartments</title>
<meta property="article:published_time" content="2024-09-05"><script>var x = "SCRIPT-IN-CLI";</script></head>
<body><article><p>AURORA, Colo. — Police Chief Todd Chamberlain said officers arrested members of Tren de Aragua
at two apartment complexes in Aurora, Colorado, last month. A city spokesman denied that the gang controlled
any building in the city.</p></article></body></html>"""
WIRE = [
    {"text": "SANTIAGO, Chile — Chilean police arrested six people suspected of belonging to Tren de Aragua.",
     "title": "Arrests in Santiago", "url": "https://wire.example/santiago", "published": "2024-03-02"},
    {"text": "BOGOTÁ, Colombia — Colombian police arrested an alleged financier of the gang in Villa del Rosario.",
     "title": "Arrest in Colombia", "url": "https://wire.example/bogota", "published": "2024-11-14"},
]


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    """A case board ingested once from a small corpus (one broken file among them)."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "guerrero.txt").write_text(STORY, encoding="utf-8")
    (folder / "aurora.html").write_text(PAGE, encoding="utf-8")
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(w) for w in WIRE) + "\n", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(pdf_bytes("x", STORY)[:300])
    db = tmp_path_factory.mktemp("db") / "board.db"
    result = run_caseboard("ingest", str(folder), "--db", str(db), "--json")
    return folder, str(db), result


def invoke(*args: str):
    """Run a command in-process (no spaCy-loading subprocess) for checks of arguments and messages."""
    return CliRunner().invoke(app, list(args))


def json_out(*args: str):
    result = run_caseboard(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_ingest_json_report(board):
    folder, db, result = board
    assert result.returncode == 1  # the broken PDF
    report = json.loads(result.stdout)
    assert (report["added"], report["unchanged"], report["duplicates"], report["failed"]) == (4, 0, 0, 1)
    assert report["failures"][0]["source"] == str(folder / "broken.pdf")
    assert report["database"] == f"sqlite:///{db}"
    assert not Path(f"{db}-wal").exists()  # the board is one file once ingest is done


def test_extract_json_follows_the_contract(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    data = json_out("extract", str(path), "--published", "2023-09-21", "--json")
    assert set(data) >= {"document", "entities", "relations", "events", "quotes"}
    document = data["document"]
    assert set(document) >= {"id", "source", "title", "published", "lang", "duplicate_of", "repeated_spans", "text"}
    assert document["published"] == "2023-09-21" and document["source"] == str(path)
    assert len(document["id"]) == 16
    text = document["text"]
    # the repeated FBI paragraph is reported, and nothing is read from it
    [[start, end, first_start, first_end]] = document["repeated_spans"]
    assert text[start:end] == text[first_start:first_end]
    spans = [m for e in data["entities"] for m in e["mentions"]]
    spans += [r["evidence"] for r in data["relations"]] + [e["evidence"] for e in data["events"]] + data["quotes"]
    assert spans, "no entities found at all"
    for s in spans:
        assert text[s["start"] : s["end"]] == s["text"]
        assert not (start <= s["start"] < end)
    assert validate(Extraction.from_dict(data)) == []
    assert any("Guerrero" in e["name"] for e in data["entities"] if e["type"] == "PERSON")


def test_extract_reads_stdin(tmp_path):
    result = run_caseboard("extract", "-", "--json", stdin=PAGE.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"]["source"] == "-"
    assert data["document"]["published"] == "2024-09-05"
    assert "SCRIPT-IN-CLI" not in data["document"]["text"]


def test_extract_json_of_a_pdf_gives_pages_and_the_page_of_each_evidence(tmp_path):
    path = tmp_path / "filing.pdf"
    text = "\n\n".join([STORY] * 3)
    path.write_bytes(pdf_bytes("Filing", text, footer="Page {page} of {pages}", lines_per_page=10))
    data = json_out("extract", str(path), "--json")
    pages = data["document"]["pages"]
    assert [p for _, _, p in pages] == list(range(1, len(pages) + 1)) and len(pages) > 1
    assert "Page 1 of" not in data["document"]["text"]
    spans = [r["evidence"] for r in data["relations"]] + [e["evidence"] for e in data["events"]]
    assert spans
    for span in spans:
        [page] = [p for start, end, p in pages if start <= span["start"] < end]
        assert span["page"] == page


def test_stdin_documents_are_named_by_source_name(tmp_path):
    db = tmp_path / "board.db"
    for name in ("tip-1.txt", "tip-2.txt"):
        result = run_caseboard("ingest", "-", "--source-name", name, "--db", str(db), stdin=b"   ")
        assert result.returncode == 1
    failed = json.loads(run_caseboard("failures", "--db", str(db), "--json").stdout)
    assert sorted(r["source"] for r in failed) == ["tip-1.txt", "tip-2.txt"]


def test_a_url_argument_says_to_save_the_page_first(tmp_path):
    result = invoke("extract", "https://example.org/news/story.html")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "a URL, not a file: save the page first (caseboard reads files), e.g. curl -o page.html https://example.org/news/story.html" in message
    assert "no such file" not in message


def test_extract_of_a_bad_file_is_one_line_on_stderr(tmp_path):
    path = tmp_path / "nothing.txt"
    path.write_bytes(b"")
    result = invoke("extract", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert " ".join(result.stderr.split()) == f"caseboard: {path}: empty file"


def test_docs_json(board):
    _, db, _ = board
    rows = json_out("docs", "--db", db, "--json")
    assert len(rows) == 4
    assert {r["title"] for r in rows} >= {"Aurora apartments", "Arrests in Santiago", "Arrest in Colombia"}
    assert {"id", "source", "published", "lang", "duplicate_of", "chars"} <= set(rows[0])
    assert {r["lang"] for r in rows} == {"en"}
    limited = invoke("docs", "--db", db, "--json", "--limit", "2")
    assert limited.exit_code == 0 and len(json.loads(limited.stdout)) == 2


def test_entities_json(board):
    _, db, _ = board
    rows = json_out("entities", "--db", db, "--json")
    assert rows and {"id", "type", "name", "aliases", "documents", "mentions"} <= set(rows[0])
    counts = [(r["documents"], r["mentions"]) for r in rows]
    assert counts == sorted(counts, reverse=True)  # most widely mentioned first
    gpes = json.loads(invoke("entities", "--db", db, "--json", "--type", "gpe").stdout)
    assert gpes and all(r["type"] == "GPE" for r in gpes)


def test_search_json(board):
    _, db, _ = board
    found = json_out("search", "tocoron", "--db", db, "--json")
    assert [d["source"] for d in found["documents"]] == [str(board[0] / "guerrero.txt")]
    for hostile in ["') OR 1=1 --", '"', "*", "NEAR"]:
        result = invoke("search", hostile, "--db", db, "--json")
        assert result.exit_code == 0, result.output
        assert set(json.loads(result.stdout)) == {"documents", "entities", "latest_first"}


def test_failures_json(board):
    folder, db, _ = board
    [row] = json_out("failures", "--db", db, "--json")
    assert row["source"] == str(folder / "broken.pdf")
    assert row["reason"] and "\n" not in row["reason"]


def test_summary_json(board):
    _, db, _ = board
    summary = json_out("summary", "--db", db, "--json")
    assert summary["documents"] == 4 and summary["failures"] == 1 and summary["entities"] > 0


def test_export_jsonl_to_stdout_and_to_a_file(board, tmp_path):
    _, db, _ = board
    result = run_caseboard("export", "--db", db, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    ids = {r["id"] for r in json.loads(invoke("docs", "--db", db, "--json").stdout)}
    for line in lines:
        extraction = Extraction.from_dict(json.loads(line))
        assert validate(extraction) == []
        assert extraction.document.id in ids
    out = tmp_path / "board.jsonl"
    written = run_caseboard("export", "--db", db, "-o", str(out))
    assert written.returncode == 0 and written.stdout == ""
    assert "wrote 4 records" in written.stderr
    assert out.read_text(encoding="utf-8").splitlines() == lines


def test_unknown_export_format_is_a_usage_error(board):
    _, db, _ = board
    result = invoke("export", "--db", db, "--format", "xlsx")
    assert result.exit_code == 2
    assert "unknown format 'xlsx'" in result.stderr and "Traceback" not in result.stderr


def test_commands_on_a_missing_board_say_so_without_a_traceback(tmp_path):
    result = invoke("docs", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no case board at" in result.stderr
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash
    assert not (tmp_path / "none.db").exists()


def test_top_level_help_lists_every_command():
    result = run_caseboard("--help")
    assert result.returncode == 0
    for command in app.registered_commands:
        assert command.name in result.stdout


@pytest.mark.parametrize("command", [c.name for c in app.registered_commands])
def test_every_command_has_help(command):
    # in-process: the same Typer app without a spaCy-loading subprocess per command
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "--help" in result.output
    first_line = result.output.split("\n\n")[1].strip()
    assert len(first_line) > 10  # a real description, not an empty docstring


@pytest.mark.parametrize("command", ["ingest", "extract"])
@pytest.mark.parametrize("value", ["March 5, 2024", "2024-13-45", "yesterday", "20240305"])
def test_published_must_be_a_real_iso_date(command, value, tmp_path):
    # it is stored as the document's date and resolves "last year": free text must not get in
    path = tmp_path / "story.txt"
    path.write_text("A story.", encoding="utf-8")
    db = ["--db", str(tmp_path / "b.db")] if command == "ingest" else []
    result = invoke(command, str(path), "--published", value, *db)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "b.db").exists()


def test_ingest_reads_stdin(tmp_path):
    db = str(tmp_path / "stdin.db")
    result = CliRunner().invoke(app, ["ingest", "-", "--db", db, "--published", "2024-01-02", "--json"], input=STORY)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 1
    [row] = json.loads(invoke("docs", "--db", db, "--json").stdout)
    assert (row["source"], row["published"]) == ("-", "2024-01-02")


def test_tables_print_bracketed_document_text_verbatim():
    from rich.console import Console

    from caseboard.cli import _table

    console = Console(width=200, record=True)
    console.print(_table("t", ["snippet"], [["after the [operation] at [Tocorón] prison [/b]"]]))
    assert "after the [operation] at [Tocorón] prison [/b]" in console.export_text()


@pytest.fixture(scope="module")
def made_board(tmp_path_factory):
    """The hand-made board of the export and web tests: no spaCy run needed."""
    from board_fixture import build_board

    path = tmp_path_factory.mktemp("made") / "board.db"
    build_board(path).close()
    return str(path)


def test_version_prints_the_version():
    from caseboard import __version__

    result = run_caseboard("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"caseboard {__version__}"


def test_an_unknown_entity_type_is_a_usage_error_naming_the_valid_ones(made_board):
    result = invoke("entities", "--db", made_board, "--type", "PEOPLE")
    assert result.exit_code == 2
    assert "unknown entity type 'PEOPLE'" in result.stderr
    assert "PERSON, ORG, GPE, LOC, FAC" in result.stderr
    assert invoke("entities", "--db", made_board, "--type", "person").exit_code == 0  # any case


def test_piped_tables_keep_long_ids_and_names_on_one_line(made_board):
    # CliRunner's stdout is not a terminal, as with `caseboard entities | grep ...`
    result = invoke("entities", "--db", made_board)
    assert result.exit_code == 0
    evil = [line for line in result.stdout.splitlines() if "org:b-onmouseover-alert-3-evil-corp-b" in line]
    assert len(evil) == 1 and "<b onmouseover=alert(3)>Evil Corp</b>" in evil[0]
    docs = invoke("docs", "--db", made_board).stdout
    assert any("Gang leader escaped, police say" in line and "news/a.html" in line for line in docs.splitlines())


def test_export_into_a_missing_folder_creates_it(made_board, tmp_path):
    out = tmp_path / "new" / "deeper" / "board.gexf"
    result = invoke("export", "--db", made_board, "-f", "gexf", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert "creating folder" in result.stderr
    folder = tmp_path / "also" / "new"
    assert invoke("export", "--db", made_board, "-f", "csv", "-o", str(folder)).exit_code == 0
    assert (folder / "documents.csv").exists()


def test_export_to_an_unwritable_place_says_so_without_a_traceback(made_board, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    into_file = invoke("export", "--db", made_board, "-f", "ftm", "-o", str(blocker / "board.ftm.json"))
    assert into_file.exit_code == 1 and "cannot write" in into_file.stderr
    assert isinstance(into_file.exception, SystemExit)
    folder_for_file = invoke("export", "--db", made_board, "-f", "ftm", "-o", str(tmp_path))
    assert folder_for_file.exit_code == 2 and "is a folder" in folder_for_file.stderr
    file_for_folder = invoke("export", "--db", made_board, "-f", "csv", "-o", str(blocker))
    assert file_for_folder.exit_code == 2 and "is a file" in file_for_folder.stderr


SPANISH_STORY = (
    "La Policía Nacional detuvo el martes en Bogotá a tres presuntos integrantes del Tren de Aragua, "
    "según informó la Fiscalía, que los acusa de extorsión y de secuestro en varios barrios de la ciudad."
)


def test_a_spanish_document_without_the_spanish_model_is_refused_with_how_to_add_it(tmp_path, monkeypatch):
    from caseboard import nlp

    monkeypatch.setenv("CASEBOARD_MODEL_ES", "no_such_spanish_model")
    nlp._load.cache_clear()
    try:
        path = tmp_path / "nota.txt"
        path.write_text(SPANISH_STORY, encoding="utf-8")
        result = invoke("extract", str(path), "--json")
        assert result.exit_code == 1 and result.stdout == ""
        assert "no Spanish spaCy model installed" in result.stderr and "make spanish" in result.stderr
        db = str(tmp_path / "board.db")
        result = invoke("ingest", str(path), "--db", db, "--json")
        assert result.exit_code == 1
        [failure] = json.loads(result.stdout)["failures"]
        assert "make spanish" in failure["reason"]
    finally:
        nlp._load.cache_clear()
