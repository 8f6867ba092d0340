"""A batch of inputs into the store: read -> process -> store, failures recorded.

Nothing raised by one input stops the batch: bad files and documents the
pipeline cannot process are recorded in the store's `failures` table with a
one-line reason. A document already stored (same text, same id) is skipped
before any processing, so re-running an ingest only does what is left.

Extraction may run in parallel (`workers`, or a Dask scheduler): workers only
return extractions, in input order, and this module alone writes them, so the
database sees one writer and the result equals a one-process run.

Limits keep one request bounded: `max_docs` stops an ingest after that many new
documents (re-running takes the next ones), and `timeout` gives each document a
time budget (budget.py: in local processes and on Dask worker threads alike),
after which it is recorded as failed and the batch goes on.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from caseboard import nlp, pipeline, provenance, scale
from caseboard.budget import TimeBudgetExceeded, time_budget
from caseboard.model import Document, Extraction, Failure, Skipped
from caseboard.nlp import ModelMissing
from caseboard.read import URL, DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, iter_files, read_file, read_path
from caseboard.read.fields import shown
from caseboard.rules.entities import EntityRules
from caseboard.store import Store

# Documents stored per transaction, and the longest (seconds) a processed one waits for
# the rest of its batch. At 100k documents one commit a document cost SQLite a sixth of
# its write time (benchmarks/RESULTS.md, "Store scaling"); a batch of 20 loses at most 20 documents'
# processing to a crash, and a re-run redoes them.
WRITE_BATCH = 20
WRITE_WAIT = 2.0

# Seconds one document may take: a news article needs well under one, the longest
# document read (1,000,000 characters) tens.
DEFAULT_TIMEOUT = 300.0


@dataclass
class IngestReport:
    """What one ingest did."""

    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    # stored documents extracted again (`reprocess`)
    reprocessed: int = 0
    # files left unread on purpose (unsupported types in a folder, hidden files, attachments)
    skipped: list[Skipped] = field(default_factory=list)
    # set when the ingest stopped at its max_docs limit with documents left unread
    stopped_at_limit: int | None = None

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.unchanged} already stored, "
            f"{self.duplicates} near-duplicates, {self.failed} failed"
        )
        if self.reprocessed:
            text += f", {self.reprocessed} re-extracted"
        if self.skipped:
            text += f", {len(self.skipped)} skipped (not read: see the lines above)"
        if self.stopped_at_limit is not None:
            text += (
                f"; stopped at the limit of {self.stopped_at_limit:,} new documents per ingest with more left: "
                "run again to take the next ones, or raise --max-docs"
            )
        return text


def input_files(paths: Iterable[str | Path], follow_links: bool = False) -> list[str | Path | Failure]:
    """Expand folders to their files (stdin `-` stays as it is), for progress totals; a path
    that cannot be followed (missing, a link loop, a link out of its folder) is its Failure."""
    files: list[str | Path | Failure] = []
    for path in paths:
        if str(path) == "-":
            files.append(path)
        elif URL.match(str(path)):
            files.extend(read_path(path))  # its Failure: save the page first
        else:
            files.extend(iter_files(Path(path), follow_links))
    return files


def read_all(
    files: Iterable[str | Path | Failure],
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
    on_file: Callable[[str], None] | None = None,
    timeout: float | None = None,
    stdin_name: str = "-",
) -> Iterator[Document | Failure]:
    """Documents and failures from each file in turn (`input_files`); `on_file` is told when
    one is done. Reading and extracting a document get `timeout` seconds."""
    for file in files:
        if isinstance(file, Failure):
            yield file
        elif str(file) == "-":
            yield from read_path(file, max_bytes, max_chars, published, timeout, stdin_name=stdin_name)
        else:
            yield from read_file(Path(file), max_bytes, max_chars, published, timeout)
        if on_file:
            on_file(file.source if isinstance(file, Failure) else shown(file))


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load the model and the lazily read tables once per process, outside any document's budget."""
    pipeline.process(Document(text="Ana Peña was arrested in Caracas by the police, officials said.", source="warm-up"))


def safe_process(
    document: Document, rules: EntityRules | None = None, timeout: float | None = None
) -> Extraction | Failure:
    """`pipeline.process` within `timeout` seconds, with any crash or overrun a Failure naming the document."""
    try:
        if timeout:
            warm_up()
        with time_budget(timeout):
            extraction = pipeline.process(document, rules)
        extraction.document.provenance = provenance.current(rules)
        return extraction
    except ModelMissing as exc:  # a Spanish document without the Spanish model: said, never read as English
        return Failure(document.source, str(exc))
    except TimeBudgetExceeded:
        return Failure(document.source, f"timed out: processing took over {timeout:g} s (raise with --timeout)")
    except Exception as exc:  # one pathological document must not stop a batch
        return Failure(document.source, _reason("processing failed", exc))


def process_item(
    item: Document | Failure, rules: EntityRules | None = None, timeout: float | None = None
) -> Extraction | Failure:
    """A document processed, or a read failure passed through (what a worker runs)."""
    return safe_process(item, rules, timeout) if isinstance(item, Document) else item


def store_results(store: Store, results: Iterable[Extraction | Failure], report: IngestReport) -> None:
    """Write processed documents, up to WRITE_BATCH per transaction, and failures; count them in `report`.

    A batch is written once full, or once its first document has waited WRITE_WAIT
    seconds when the next result arrives, and before a failure (so rows land in input
    order). What was processed is written even when the run is interrupted.
    """
    batch: list[Extraction] = []
    since = 0.0

    def flush() -> None:
        nonlocal batch
        waiting, batch = batch, []
        _write(store, waiting, report)

    try:
        for result in results:
            if isinstance(result, Skipped):
                report.skipped.append(result)
                continue
            if isinstance(result, Failure):
                flush()
                _record_failure(store, result, report)
                continue
            if not batch:
                since = time.monotonic()
            batch.append(result)
            if len(batch) >= WRITE_BATCH or time.monotonic() - since >= WRITE_WAIT:
                flush()
    finally:
        flush()


@contextmanager
def _counted_as_one() -> Iterator[None]:
    """Ctrl+C waits until a batch is written and counted: the summary an interrupted
    ingest prints then says exactly what the board holds.

    The signal is held by a handler of our own, not masked: a mask covers only the main
    thread, and another thread (a progress bar's, a library's) takes the signal for the
    whole process, after which Python raises it in the main thread mid-batch."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held and callable(previous):
        previous(signal.SIGINT, None)
    elif held and previous == signal.SIG_DFL:
        raise KeyboardInterrupt


def _write(store: Store, batch: list[Extraction], report: IngestReport) -> None:
    """One transaction for the batch; if it fails, one per document, so a document the
    store cannot take is recorded as failed and cannot roll back the others."""
    if not batch:
        return
    with _counted_as_one():
        _write_counted(store, batch, report)


def _write_counted(store: Store, batch: list[Extraction], report: IngestReport) -> None:
    try:
        stored = store.add_many(batch)
    except Exception:
        stored = []
        for extraction in batch:
            try:
                stored.append(store.add(extraction))
            except Exception as exc:
                _record_failure(store, Failure(extraction.document.source, _reason("storing failed", exc)), report)
    for one in stored:
        if not one.added:
            report.unchanged += 1
            continue
        report.added += 1
        if one.duplicate_of or one.original_of:
            report.duplicates += 1


def _record_failure(store: Store, failure: Failure, report: IngestReport) -> None:
    store.add_failure(failure)
    report.failures.append(failure)


def _reason(what: str, exc: Exception) -> str:
    """`what`, the exception's type and its message on one line, cut at 200 characters."""
    detail = " ".join(str(exc).split())[:200]
    return f"{what}: {type(exc).__name__}: {detail}"


def ingest(
    store: Store,
    documents: Iterable[Document | Failure],
    report: IngestReport | None = None,
    rules: EntityRules | None = None,
    workers: int = 1,
    dask: str | None = None,
    max_docs: int | None = None,
    timeout: float | None = None,
) -> IngestReport:
    """Process and store each document (WRITE_BATCH to a transaction), skipping stored ones.

    With `workers` > 1 or a `dask` scheduler address, processing runs in
    parallel; storing stays here, in input order. At most `max_docs` new
    documents are processed (stored ones do not count, so the next run goes on
    from there); each gets `timeout` seconds.
    """
    report = report or IngestReport()

    def pending() -> Iterator[Document | Failure]:
        taken = 0
        for item in documents:
            if isinstance(item, Document) and store.has_document(item.id):
                report.unchanged += 1
                continue
            if isinstance(item, Document):
                if max_docs is not None and taken >= max_docs:
                    report.stopped_at_limit = max_docs
                    return
                taken += 1
            yield item

    process = partial(process_item, rules=rules, timeout=timeout)  # picklable: it travels to the workers
    results = scale.ordered_map(process, pending(), workers=workers, dask=dask, preload=nlp.load_model)
    store_results(store, results, report)
    return report


def reprocess(
    store: Store,
    report: IngestReport | None = None,
    rules: EntityRules | None = None,
    workers: int = 1,
    dask: str | None = None,
    timeout: float | None = None,
) -> IngestReport:
    """Extract again every stored document whose facts were extracted by another caseboard
    version, model or rules than now (`provenance.current`), and replace its facts. A
    document that fails now keeps its old facts and is recorded as failed."""
    report = report or IngestReport()
    stale = store.documents_extracted_otherwise(provenance.current(rules))

    def stored() -> Iterator[Document | Failure]:
        for doc_id in stale:
            document = store.get_document(doc_id)
            if document is not None:
                yield document

    process = partial(process_item, rules=rules, timeout=timeout)
    for result in scale.ordered_map(process, stored(), workers=workers, dask=dask):
        if isinstance(result, Failure):
            _record_failure(store, result, report)
            continue
        try:
            store.replace_extraction(result)
        except Exception as exc:
            _record_failure(store, Failure(result.document.source, _reason("storing failed", exc)), report)
            continue
        report.reprocessed += 1
    return report
