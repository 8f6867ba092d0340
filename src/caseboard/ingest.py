"""A batch of inputs into the store: read -> process -> store, failures recorded.

Nothing raised by one input stops the batch: bad files and documents the
pipeline cannot process are recorded in the store's `failures` table with a
one-line reason. A document already stored (same text, same id) is skipped
before any processing, so re-running an ingest only does what is left.

Extraction may run in parallel (`workers`, or a Dask scheduler): workers only
return extractions, in input order, and this module alone writes them, so the
database sees one writer and the result equals a one-process run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from caseboard import pipeline, scale
from caseboard.model import Document, Extraction, Failure
from caseboard.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, iter_files, read_file, read_path
from caseboard.rules.entities import EntityRules
from caseboard.store import Store


@dataclass
class IngestReport:
    """What one ingest did."""

    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return (
            f"{self.added} added, {self.unchanged} already stored, "
            f"{self.duplicates} near-duplicates, {self.failed} failed"
        )


def input_files(paths: Iterable[str | Path]) -> list[str | Path]:
    """Expand folders to their files (stdin `-` stays as it is), for progress totals."""
    files: list[str | Path] = []
    for path in paths:
        if str(path) == "-" or not Path(path).exists():
            files.append(path)
        else:
            files.extend(iter_files(Path(path)))
    return files


def read_all(
    files: Iterable[str | Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
    on_file: Callable[[str], None] | None = None,
) -> Iterator[Document | Failure]:
    """Documents and failures from each file in turn; `on_file` is told when one is done."""
    for file in files:
        if str(file) == "-" or not Path(file).exists():
            yield from read_path(file, max_bytes, max_chars, published)
        else:
            yield from read_file(Path(file), max_bytes, max_chars, published)
        if on_file:
            on_file(str(file))


def safe_process(document: Document, rules: EntityRules | None = None) -> Extraction | Failure:
    """`pipeline.process`, with any crash turned into a Failure naming the document."""
    try:
        return pipeline.process(document, rules)
    except Exception as exc:  # one pathological document must not stop a batch
        detail = " ".join(str(exc).split())[:200]
        return Failure(document.source, f"processing failed: {type(exc).__name__}: {detail}")


def process_item(item: Document | Failure, rules: EntityRules | None = None) -> Extraction | Failure:
    """A document processed, or a read failure passed through (what a worker runs)."""
    return safe_process(item, rules) if isinstance(item, Document) else item


def store_result(store: Store, result: Extraction | Failure, report: IngestReport) -> None:
    """Write one processed document (or its failure) and count it in `report`."""
    if isinstance(result, Failure):
        store.add_failure(result)
        report.failures.append(result)
        return
    stored = store.add(result)
    if not stored.added:
        report.unchanged += 1
        return
    report.added += 1
    if stored.duplicate_of:
        report.duplicates += 1


def ingest(
    store: Store,
    documents: Iterable[Document | Failure],
    report: IngestReport | None = None,
    rules: EntityRules | None = None,
    workers: int = 1,
    dask: str | None = None,
) -> IngestReport:
    """Process and store each document (one transaction each), skipping stored ones.

    With `workers` > 1 or a `dask` scheduler address, processing runs in
    parallel; storing stays here, in input order.
    """
    report = report or IngestReport()

    def pending() -> Iterator[Document | Failure]:
        for item in documents:
            if isinstance(item, Document) and store.has_document(item.id):
                report.unchanged += 1
                continue
            yield item

    process = partial(process_item, rules=rules)  # picklable: it travels to the workers
    for result in scale.ordered_map(process, pending(), workers=workers, dask=dask):
        store_result(store, result, report)
    return report
