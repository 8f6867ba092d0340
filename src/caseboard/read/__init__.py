"""Readers: from a path (file, folder or `-` for stdin) to cleaned Documents.

One module per format; `READERS` maps a file suffix to its reader. A reader
takes the raw bytes and yields `RawText` records (or `Failure`s for parts of a
file, such as one bad JSON line); it raises `ReadError` for a bad file. Nothing
here raises for bad input, so one broken file never stops a batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from caseboard.clean import normalise_text
from caseboard.dates import normalise_date
from caseboard.model import Document, Failure
from caseboard.read import html, jsonl, pdf, text
from caseboard.read.base import RawText, ReadError

# Raw bytes read from one file; larger inputs are refused with a clear message.
DEFAULT_MAX_BYTES = 20_000_000
# Extracted characters per document (spaCy's own default max_length).
DEFAULT_MAX_CHARS = 1_000_000

Reader = Callable[[bytes, str], Iterable[RawText | Failure]]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".md": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".xhtml": html.read,
    ".pdf": pdf.read,
    ".json": jsonl.read,
    ".jsonl": jsonl.read,
    ".ndjson": jsonl.read,
}


def sniff_reader(data: bytes) -> Reader:
    """Pick a reader for data with no file name (stdin) from its first bytes."""
    head = data.lstrip()[:512].lower()
    if head.startswith(b"%pdf"):
        return READERS[".pdf"]
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p")):
        return READERS[".html"]
    if head.startswith((b"{", b"[")):
        return READERS[".json"]
    return READERS[".txt"]


def iter_files(path: Path) -> Iterator[Path]:
    """The files under `path` (itself if a file), recursively, in a stable order.

    Inside a folder, hidden files and files of types no reader handles (scripts,
    images, a README without suffix) are skipped; a file named explicitly is
    always returned, so an unsupported one is reported as a failure.
    """
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and Path(name).suffix.lower() in READERS:
                    yield Path(root) / name
    else:
        yield path


def read_bytes(
    data: bytes,
    source: str,
    reader: Reader,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
) -> Iterator[Document | Failure]:
    """Run `reader` on `data`, clean what it returns and build Documents."""
    try:
        for item in reader(data, source):
            if isinstance(item, Failure):
                yield item
                continue
            text = normalise_text(item.text)
            if not text.strip():
                yield Failure(item.source, "no text: the document is empty after extraction")
            elif len(text) > max_chars:
                yield Failure(
                    item.source,
                    f"document too long: {len(text):,} characters (limit {max_chars:,}; raise with --max-chars)",
                )
            else:
                yield Document(
                    text=text,
                    source=item.source,
                    title=item.title,
                    published=normalise_date(item.published) or published,
                    url=item.url,
                    lang=item.lang or "en",
                )
    except ReadError as exc:
        yield Failure(source, str(exc))
    except Exception as exc:  # a parser library crashed on hostile input: record it, go on
        yield Failure(source, f"unreadable: {type(exc).__name__}: {_one_line(exc)}")


def read_path(
    path: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
) -> Iterator[Document | Failure]:
    """Every document (or failure) found at `path`; `-` reads standard input."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield Failure("-", f"input too large: over {max_bytes:,} bytes (raise with --max-bytes)")
            return
        yield from read_bytes(data, "-", sniff_reader(data), max_chars, published)
        return
    path = Path(path)
    if not path.exists():
        yield Failure(str(path), "no such file or folder")
        return
    for file in iter_files(path):
        yield from read_file(file, max_bytes, max_chars, published)


def read_file(
    file: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
) -> Iterator[Document | Failure]:
    """The documents in one file, or a Failure saying why there are none."""
    source = str(file)
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        yield Failure(source, f"unsupported file type {file.suffix or '(no suffix)'!r} (supported: {supported})")
        return
    try:
        size = file.stat().st_size
        if size > max_bytes:
            yield Failure(source, f"file too large: {size:,} bytes (limit {max_bytes:,}; raise with --max-bytes)")
            return
        data = file.read_bytes()
    except OSError as exc:
        yield Failure(source, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Failure(source, "empty file")
        return
    yield from read_bytes(data, source, reader, max_chars, published)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or "no detail"
