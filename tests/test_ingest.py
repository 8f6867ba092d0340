"""Ingest as a user runs it: bad input never stops a batch, re-runs and kills are safe."""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, caseboard_env, long_report, run_caseboard
from make_pdf import pdf_bytes

from caseboard.export import jsonl
from caseboard.ingest import IngestReport, _counted_as_one, ingest, safe_process, store_results, warm_up
from caseboard.model import Document, Extraction, Failure
from caseboard.read import read_path
from caseboard.store import Store

GUERRERO = (
    'CARACAS, Venezuela — Héctor "Niño" Guerrero, the leader of the Tren de Aragua gang, left Tocorón prison '
    "before the army retook it in September 2023, officials said. Police in Chile and Colombia say cells of "
    'the gang answer to him. "He is a brand as much as a man," said Carolina de los Santos, a sociologist.'
)
AURORA = (
    "AURORA, Colo. — Police in Aurora, Colorado, arrested three men accused of threatening tenants at an "
    "apartment complex, Police Chief Todd Chamberlain said. A spokesman for the property owner denied that "
    "the company had ignored complaints."
)
HTML_WITH_SCRIPT = """<html><head><title>Raid in Santiago</title>
<meta property="article:published_time" content="2024-03-02">
<script>var leak = "SCRIPT-LEAK-MARKER";</script></head>
<body><nav>Home | World | Sports</nav><article><h1>Raid in Santiago</h1>
<p>SANTIAGO, Chile — Detectives of the Policía de Investigaciones raided four houses in the capital on Friday
and detained six people suspected of belonging to a cell of Tren de Aragua, prosecutors said.</p>
<p>The suspects allegedly ran an extortion ring that targeted street vendors near the central market.</p>
<script>document.title = "SCRIPT-LEAK-MARKER";</script>
</article><footer>All rights reserved.</footer></body></html>"""

GOOD_SOURCES = ["good/aurora.txt", "good/guerrero.txt", "good/raid.html", "wire.jsonl:1", "wire.jsonl:3"]
BAD_SOURCES = {
    "binary.txt": "binary",
    "empty.txt": "empty file",
    "invalid-utf8.txt": "undecodable",
    "truncated.pdf": "PDF",
    "wire.jsonl:2": "invalid JSON",
    "huge.txt": "too large",
    "photo.jpg": "unsupported file type",
    "notes [bold] draft.txt": "empty file",  # a name that looks like Rich markup
}


@pytest.fixture(scope="module")
def bad_input(tmp_path_factory) -> Path:
    """A folder of good documents mixed with every kind of bad input."""
    folder = tmp_path_factory.mktemp("bad-input")
    (folder / "good").mkdir()
    (folder / "good" / "guerrero.txt").write_text(GUERRERO, encoding="utf-8")
    (folder / "good" / "aurora.txt").write_text(AURORA, encoding="utf-8")
    (folder / "good" / "raid.html").write_text(HTML_WITH_SCRIPT, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes [bold] draft.txt").write_bytes(b"\n")
    rng = random.Random(7)
    (folder / "invalid-utf8.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4000)))
    pdf = pdf_bytes("Indictment", GUERRERO * 10)
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "wire.jsonl").write_text(
        json.dumps({"text": "Colombian police arrested an alleged financier of Tren de Aragua in Cúcuta.",
                    "published": "2024-11-14"})
        + "\n{\"text\": \"cut off mid-line\n"
        + json.dumps({"text": "Chilean prosecutors charged twelve people in Arica with extortion.", "title": "Arica"})
        + "\n",
        encoding="utf-8",
    )
    with open(folder / "huge.txt", "w", encoding="utf-8") as big:  # 30 MB: over the 20 MB default limit
        line = "The gang allegedly ran the prison for years, officials said. " * 16 + "\n"
        for _ in range(30_000_000 // len(line) + 1):
            big.write(line)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    return folder


def bad_paths(folder: Path) -> list[str]:
    # a folder walk skips types no reader handles, so the photo is named explicitly
    return [str(folder), str(folder / "photo.jpg")]


@pytest.fixture(scope="module")
def ingested(bad_input, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "board.db"
    first = run_caseboard("ingest", *bad_paths(bad_input), "--db", str(db))
    counts = counts_of(db)
    second = run_caseboard("ingest", *bad_paths(bad_input), "--db", str(db), "--json")
    return db, first, second, counts


def counts_of(db: Path) -> dict[str, int]:
    store = Store.open(str(db), create=False)
    counts = store.counts()
    store.close()
    return counts


def source_name(source: str, folder: Path) -> str:
    return source.removeprefix(str(folder) + "/")


def test_bad_input_ends_with_every_good_document_stored(ingested, bad_input):
    db, first, _, _ = ingested
    store = Store.open(str(db), create=False)
    stored = sorted(source_name(d["source"], bad_input) for d in store.list_documents())
    assert stored == sorted(GOOD_SOURCES)
    raid = next(d for d in store.list_documents() if d["source"].endswith("raid.html"))
    assert "SCRIPT-LEAK-MARKER" not in store.get_document(raid["id"]).text
    assert raid["title"] == "Raid in Santiago" and raid["published"] == "2024-03-02"
    store.close()


def test_every_bad_input_is_a_listed_failure_with_a_one_line_reason(ingested, bad_input):
    db, _, _, _ = ingested
    result = run_caseboard("failures", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    rows = {source_name(r["source"], bad_input): r["reason"] for r in json.loads(result.stdout)}
    assert set(rows) == set(BAD_SOURCES)
    for source, word in BAD_SOURCES.items():
        assert word in rows[source], (source, rows[source])
        assert "\n" not in rows[source] and len(rows[source]) < 300


def test_ingest_reports_failures_and_a_summary_without_a_traceback(ingested, bad_input):
    _, first, _, _ = ingested
    assert first.returncode == 1
    assert "Traceback" not in first.stderr and "Error:" not in first.stderr
    lines = first.stderr.strip().splitlines()
    # one line per failure and the summary, never wrapped at the terminal width
    assert re.match(r"5 added, 0 already stored, 0 near-duplicates, 8 failed, 1 skipped \(not read: see the lines above\) -> sqlite:///", lines[-1])
    # the photo inside the folder is skipped, with the reason, and named explicitly it fails
    assert len(lines) == len(BAD_SOURCES) + 2
    assert all(line.startswith("failed ") for line in lines[:-2])
    assert lines[-2].startswith(f"skipped {bad_input / 'photo.jpg'}: unsupported file type '.jpg'")
    assert f"failed {bad_input / 'notes [bold] draft.txt'}: empty file" in lines
    assert first.stdout == ""


def test_rerunning_leaves_the_same_counts(ingested):
    db, _, second, counts_after_first = ingested
    assert second.returncode == 1
    report = json.loads(second.stdout)
    assert (report["added"], report["unchanged"], report["failed"]) == (0, 5, 8)
    assert "Traceback" not in second.stderr
    assert counts_of(db) == counts_after_first
    assert (counts_after_first["documents"], counts_after_first["failures"]) == (5, 8)


def test_exit_code_is_zero_when_nothing_failed(bad_input, tmp_path):
    result = run_caseboard("ingest", str(bad_input / "good"), "--db", str(tmp_path / "good.db"))
    assert result.returncode == 0, result.stderr
    assert "3 added, 0 already stored, 0 near-duplicates, 0 failed" in result.stderr


# ---- in-process: the library API ---------------------------------------------------


def test_a_crash_in_processing_is_a_failure_and_the_batch_goes_on(tmp_path, monkeypatch):
    from caseboard import pipeline

    real = pipeline.process

    def fragile(document, rules=None):
        if "explode" in document.text:
            raise MemoryError("spaCy ran out of memory\nsecond line")
        return real(document, rules)

    monkeypatch.setattr(pipeline, "process", fragile)
    store = Store.open(str(tmp_path / "board.db"))
    items = [
        Document(text="Please explode now.", source="bomb.txt"),
        Failure("bad.pdf", "not a PDF"),
        Document(text=GUERRERO, source="guerrero.txt"),
    ]
    report = ingest(store, items)
    assert (report.added, report.failed) == (1, 2)
    assert report.failures[0] == Failure("bomb.txt", "processing failed: MemoryError: spaCy ran out of memory second line")
    assert report.summary() == "1 added, 0 already stored, 0 near-duplicates, 2 failed"
    assert {r["source"] for r in store.list_failures()} == {"bomb.txt", "bad.pdf"}
    store.close()


def test_a_document_the_store_cannot_take_is_a_failure_and_the_rest_of_its_batch_is_stored(tmp_path, monkeypatch):
    real = Store._insert_facts

    def fragile(self, conn, doc_id, extraction):
        if extraction.document.source == "bad.txt":
            raise ValueError("no room\nfor this one")
        return real(self, conn, doc_id, extraction)

    monkeypatch.setattr(Store, "_insert_facts", fragile)
    store = Store.open(str(tmp_path / "board.db"))
    items = [
        Document(text=GUERRERO, source="guerrero.txt"),
        Document(text="Yohan José Romero was arrested in Bogotá in 2024, police said.", source="bad.txt"),
        Document(text="Tocorón prison was retaken by the army, the government said.", source="tocoron.txt"),
    ]
    report = ingest(store, items)  # the three share one transaction, which fails
    assert (report.added, report.failed) == (2, 1)
    assert report.failures == [Failure("bad.txt", "storing failed: ValueError: no room for this one")]
    assert sorted(d["source"] for d in store.list_documents()) == ["guerrero.txt", "tocoron.txt"]
    assert not [e for e in store.list_entities() if "Romero" in e["name"]]  # nothing of it half-stored
    store.close()


def test_what_was_processed_is_stored_when_the_run_is_interrupted(tmp_path):
    store = Store.open(str(tmp_path / "board.db"))
    texts = [GUERRERO, "Tocorón prison was retaken by the army, the government said."]

    def interrupted():
        for n, text in enumerate(texts):
            yield safe_process(Document(text=text, source=f"{n}.txt"))
        raise KeyboardInterrupt

    report = IngestReport()
    with pytest.raises(KeyboardInterrupt):
        store_results(store, interrupted(), report)  # fewer than a batch: nothing written before the end
    assert report.added == 2 == len(store.list_documents())
    store.close()


def test_max_docs_stops_the_ingest_and_the_next_run_takes_the_next_ones(tmp_path):
    store = Store.open(str(tmp_path / "board.db"))
    items = [Document(text=f"Story number {n} about Tocorón prison.", source=f"{n}.txt") for n in range(5)]
    first = ingest(store, items, max_docs=2)
    assert (first.added, first.stopped_at_limit) == (2, 2)
    assert "stopped at the limit of 2 new documents per ingest" in first.summary()
    second = ingest(store, items, max_docs=2)
    assert (second.added, second.unchanged, second.stopped_at_limit) == (2, 2, 2)
    last = ingest(store, items, max_docs=2)  # exactly the limit left: nothing more to say
    assert (last.added, last.unchanged, last.stopped_at_limit) == (1, 4, None)
    store.close()


def test_a_document_over_its_time_budget_is_a_failure_and_the_batch_goes_on(tmp_path, monkeypatch):
    from caseboard import pipeline

    real = pipeline.process

    def pathological(document, rules=None):
        while "catastrophic" in document.text:  # pure Python, as a runaway pattern would be
            try:
                time.sleep(0.01)
            except Exception:  # a stage that swallows errors must not swallow the budget
                pass
        return real(document, rules)

    monkeypatch.setattr(pipeline, "process", pathological)
    store = Store.open(str(tmp_path / "board.db"))
    items = [Document(text="A catastrophic page.", source="slow.html"), Document(text=GUERRERO, source="g.txt")]
    started = time.monotonic()
    report = ingest(store, items, timeout=0.5)
    assert time.monotonic() - started < 30
    assert report.added == 1
    assert report.failures == [Failure("slow.html", "timed out: processing took over 0.5 s (raise with --timeout)")]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left to fire later
    store.close()


def test_the_time_budget_holds_in_the_worker_processes_too(tmp_path):
    store = Store.open(str(tmp_path / "board.db"))
    items = [Document(text=f"{GUERRERO} Report {n}.", source=f"{n}.txt") for n in range(3)]
    report = ingest(store, items, workers=2, timeout=0.001)  # no real document fits in a millisecond
    assert report.added == 0
    assert [f.source for f in report.failures] == ["0.txt", "1.txt", "2.txt"]
    assert all(f.reason.startswith("timed out: processing took over 0.001 s") for f in report.failures)
    store.close()


def test_the_time_budget_holds_on_a_thread_and_ends_with_its_document():
    # Dask runs tasks in worker threads, where no SIGALRM can be delivered
    warm_up()
    long = Document(text=long_report(150_000), source="long.txt")  # about 10 s of work when whole

    def long_then_normal() -> tuple[Extraction | Failure, float, Extraction | Failure]:
        started = time.monotonic()
        failed = safe_process(long, timeout=0.3)
        took = time.monotonic() - started
        return failed, took, safe_process(Document(text=GUERRERO, source="g.txt"))

    with ThreadPoolExecutor(max_workers=1) as pool:
        failed, took, normal = pool.submit(long_then_normal).result()
    assert failed == Failure("long.txt", "timed out: processing took over 0.3 s (raise with --timeout)")
    assert took < 5  # stopped at a check between spaCy batches, not at the end
    assert isinstance(normal, Extraction) and normal.entities  # no deadline left behind in the thread


def test_max_docs_on_the_command_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"{n}.txt").write_text(f"Story number {n} about the police in Caracas.", encoding="utf-8")
    db = str(tmp_path / "board.db")
    first = run_caseboard("ingest", str(corpus), "--db", db, "--max-docs", "2")
    assert first.returncode == 0, first.stderr
    assert "2 added, 0 already stored, 0 near-duplicates, 0 failed; stopped at the limit of 2" in first.stderr
    assert "--max-docs" in first.stderr
    second = run_caseboard("ingest", str(corpus), "--db", db, "--max-docs", "2")
    assert "1 added, 2 already stored" in second.stderr and "stopped" not in second.stderr


def test_ctrl_c_stops_cleanly_with_a_summary_and_the_rerun_finishes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    word_salad_corpus(corpus, count=100)  # work left after the first batch of 20 is stored
    db = tmp_path / "board.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "caseboard", "ingest", str(corpus), "--db", str(db)],
        env=caseboard_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        # a shell starts background jobs with Ctrl+C ignored, and children inherit that:
        # the ingest gets the default handling, however the suite was started
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while stored_count(db) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    summary = re.search(r"interrupted: (\d+) added, 0 already stored, 0 near-duplicates, 0 failed; run the same command again", stderr)
    assert summary, stderr
    assert stored_count(db) == int(summary.group(1))
    resumed = run_caseboard("ingest", str(corpus), "--db", str(db))
    assert resumed.returncode == 0, resumed.stderr
    assert f"{100 - int(summary.group(1))} added, {summary.group(1)} already stored" in resumed.stderr


def test_ctrl_c_taken_by_another_thread_still_waits_for_the_batch_to_be_counted():
    # the process-wide signal goes to a thread that does not hold it back (here the
    # sender itself); Python then raises it in the main thread at its next instruction
    done = []
    with pytest.raises(KeyboardInterrupt):
        with _counted_as_one():
            sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT))
            sender.start()
            sender.join()
            time.sleep(0.05)
            done.append("written and counted")
    assert done == ["written and counted"]


def test_near_duplicates_are_counted(tmp_path):
    store = Store.open(str(tmp_path / "board.db"))
    original = (EXAMPLES / "aurora-apartments.txt").read_text(encoding="utf-8")
    copy = (EXAMPLES / "syndicated-aurora-apartments.txt").read_text(encoding="utf-8")
    report = ingest(store, [Document(text=original, source="a.txt"), Document(text=copy, source="b.txt")])
    assert (report.added, report.duplicates) == (2, 1)
    assert isinstance(report, IngestReport)
    store.close()


# ---- killed mid-ingest -------------------------------------------------------------------


def word_salad_corpus(folder: Path, count: int = 30, sentences: int = 20) -> None:
    """`count` distinct documents (no two near-duplicates) built from the demo corpus's words."""
    vocabulary = sorted(set(re.findall(r"[^\W\d_]+", " ".join(p.read_text("utf-8") for p in EXAMPLES.glob("*.txt")))))
    for n in range(count):
        rng = random.Random(n)
        text = " ".join(" ".join(rng.choice(vocabulary) for _ in range(14)).capitalize() + "." for _ in range(sentences))
        (folder / f"doc-{n:02d}.txt").write_text(text, encoding="utf-8")


def stored_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_ingest_leaves_a_consistent_database_and_resumes_without_duplicates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    word_salad_corpus(corpus)
    killed_db, whole_db = tmp_path / "killed.db", tmp_path / "whole.db"

    process = subprocess.Popen(
        [sys.executable, "-m", "caseboard", "ingest", str(corpus), "--db", str(killed_db)],
        env=caseboard_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while stored_count(killed_db) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    with sqlite3.connect(killed_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert 3 <= partial < 30
        # every row belongs to a whole document: nothing half-written survives
        for table in ("mentions", "relations", "events", "quotes"):
            orphans = conn.execute(f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)")
            assert orphans.fetchone()[0] == 0, table
        orphans = conn.execute("SELECT count(*) FROM near_copy_buckets WHERE doc_seq NOT IN (SELECT seq FROM documents)")
        assert orphans.fetchone()[0] == 0
        buckets = conn.execute("SELECT count(*) FROM near_copy_buckets").fetchone()[0]
        assert buckets == partial * 32

    resumed = run_caseboard("ingest", str(corpus), "--db", str(killed_db))
    assert resumed.returncode == 0, resumed.stderr
    assert f"{30 - partial} added, {partial} already stored, 0 near-duplicates, 0 failed" in resumed.stderr

    assert export_lines(killed_db) == export_lines(whole_db, ingest_from=corpus)


def export_lines(db: Path, ingest_from: Path | None = None) -> list[str]:
    """The JSON Lines export of `db`, after an uninterrupted in-process ingest of `ingest_from`."""
    store = Store.open(str(db))
    if ingest_from is not None:
        assert ingest(store, read_path(ingest_from)).added == 30
    stream = io.StringIO()
    assert jsonl.write(store, stream) == 30
    store.close()
    return stream.getvalue().splitlines()


def hostile_folder(folder: Path) -> tuple[list[str], dict[str, str]]:
    """The inputs of issue 20 beside good documents: (good texts, {bad source: reason part})."""
    good = [f"Police in Lima arrested Julio Rojas Vela on Tuesday in raid number {n}, prosecutors said." for n in range(8)]
    folder.mkdir()
    Path(os.fsdecode(bytes(folder) + b"/caf\xe9 \xff.txt")).write_text(good[0])  # D1: not UTF-8
    (folder / "good.txt").write_text(good[1])
    lines = [
        json.dumps({"text": good[2], "url": "https://x.example/\ud800"}),  # D2: lone surrogate escapes
        json.dumps({"text": good[3], "title": "T\ud800\x00itle", "lang": "pt-BR"}),
        "[" * 100_000,  # D5
        '{"text": "x", "n": ' + "9" * 5_000 + "}",
        json.dumps({"text": good[4], "lang": "english-language"}),  # D7
        json.dumps({"text": good[5], "title": "with\x00nul"}),
        json.dumps({"text": good[6], "published": "2024-13-45"}),
        json.dumps({"text": good[7], "published": "May " * 30_000}),  # D4
    ]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n")
    os.mkfifo(folder / "a.txt")  # D3
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "passwd.txt").symlink_to("/etc/passwd")  # D9
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "two\nlines.jsonl").write_bytes(b"\n".join(bytes(random.Random(n).randrange(256) for _ in range(80)) for n in range(250)))
    bad = {
        "a.txt": "named pipe", "zero.txt": "not followed", "passwd.txt": "not followed", "loop.txt": "loop",
        "two\ufffdlines.jsonl": "not JSON Lines", "wire.jsonl:3": "nested too deeply", "wire.jsonl:4": "integer",
        "wire.jsonl:5": "'lang'", "wire.jsonl:7": "impossible date", "wire.jsonl:8": "not a date",
    }
    return [good[n] for n in (0, 1, 2, 3, 5)], bad


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")
def test_no_name_field_or_line_stops_an_ingest_on_either_backend(tmp_path, postgres_server):
    import pg_server

    stored, bad = hostile_folder(tmp_path / "hostile")
    exports = []
    with pg_server.fresh_database(postgres_server) as pg_url:
        for db in (str(tmp_path / "board.db"), pg_url):
            first = run_caseboard("ingest", str(tmp_path / "hostile"), "--db", db, "--timeout", "20")
            assert first.returncode == 1 and "Traceback" not in first.stderr, first.stderr
            failed = [line for line in first.stderr.splitlines() if line.startswith("failed ")]
            assert len(failed) == len(bad), first.stderr
            for source, reason in bad.items():
                [line] = [f for f in failed if f.startswith(f"failed {tmp_path}/hostile/{source}: ")]
                assert reason in line
            assert f"{len(stored)} added" in first.stderr
            again = run_caseboard("ingest", str(tmp_path / "hostile"), "--db", db, "--timeout", "20")
            assert again.returncode == 1 and "Traceback" not in again.stderr
            assert f"0 added, {len(stored)} already stored" in again.stderr
            exported = run_caseboard("export", "--db", db)
            assert sorted(json.loads(line)["document"]["text"] for line in exported.stdout.splitlines()) == sorted(stored)
            exports.append(exported.stdout)
    assert exports[0] == exports[1]
