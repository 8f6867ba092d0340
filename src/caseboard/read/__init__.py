"""Readers: from a path (file, folder or `-` for stdin) to cleaned Documents.

One module per format; `READERS` maps a file suffix to its reader. A reader
takes the raw bytes and yields `RawText` records (or `Failure`s for parts of a
file, such as one bad JSON line); it raises `ReadError` for a bad file. Nothing
here raises for bad input, so one broken file never stops a batch.

Only regular files are read, each read bounded by `max_bytes` whatever the file
claims to be; inside a folder, symbolic links that lead out of it are not
followed unless asked (`follow_links`), and a link loop is reported as one.
Reading and extracting a document share its time budget (`timeout`, budget.py).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from caseboard.budget import TimeBudgetExceeded, time_budget
from caseboard.clean import normalise_text
from caseboard.dates import normalise_date
from caseboard.model import Document, Failure, Skipped
from caseboard.read import docx, eml, fields, html, jsonl, msg, odt, pdf, rtf, text
from caseboard.read.base import Attachment, RawText, ReadError

# Raw bytes read from one file; larger inputs are refused with a clear message.
DEFAULT_MAX_BYTES = 20_000_000
# Extracted characters per document (spaCy's own default max_length).
DEFAULT_MAX_CHARS = 1_000_000

Reader = Callable[[bytes, str], Iterable[RawText | Attachment | Failure]]

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
    ".docx": docx.read,
    ".odt": odt.read,
    ".rtf": rtf.read,
    ".eml": eml.read,
    ".msg": msg.read,
}

# an argument that is a URL ("https://...") rather than a file
URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)

# An attachment inside an attachment ... is read this deep, no deeper.
MAX_ATTACHMENT_DEPTH = 3


def sniff_reader(data: bytes) -> Reader:
    """Pick a reader for data with no file name (stdin) from its first bytes."""
    head = data.lstrip()[:512].lower()
    if head.startswith(b"%pdf"):
        return READERS[".pdf"]
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p")):
        return READERS[".html"]
    if head.startswith(b"{\\rtf"):
        return READERS[".rtf"]
    if head.startswith((b"{", b"[")):
        return READERS[".json"]
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return READERS[".docx"]
    if data.startswith(b"PK\x03\x04") and b"application/vnd.oasis.opendocument.text" in data[:256]:
        return READERS[".odt"]
    if data.startswith(msg.OLE_SIGNATURE):
        return READERS[".msg"]
    if eml.looks_like_email(data):
        return READERS[".eml"]
    return READERS[".txt"]


def iter_files(path: Path, follow_links: bool = False) -> Iterator[Path | Failure]:
    """The files under `path` (itself if a file), recursively, in a stable order, and a
    Failure for each path that cannot be followed (missing, a link loop, a link out of the folder).

    Inside a folder, hidden files and files of types no reader handles (scripts,
    images, a README without suffix) are skipped, each reported as Skipped with its
    reason; a file named explicitly is always returned, so an unsupported one is
    reported as a failure. A symbolic
    link inside the folder is followed only when its target is inside the folder
    too, or with `follow_links`.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        yield Failure(fields.shown(path), _os_reason(exc, "no such file or folder"))
        return
    if not stat.S_ISDIR(info.st_mode):
        yield path
        return
    yield from _walk(path, Path(os.path.realpath(path)), follow_links, {(info.st_dev, info.st_ino)})


def _walk(folder: Path, root: Path, follow_links: bool, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    """A folder's files, then its sub-folders' (each by name); `seen` holds the folders on the
    way down, so a link back up is a loop."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield Failure(fields.shown(folder), _os_reason(exc, "folder vanished while being read"))
        return
    folders: list[tuple[Path, tuple[int, int]]] = []
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            yield Skipped(fields.shown(path), "hidden: not read (name it to read it)")
            continue
        readable = path.suffix.lower() in READERS
        try:
            info = os.stat(path)  # through a link: what would be read
        except OSError as exc:
            if readable or entry.is_symlink():
                yield Failure(fields.shown(path), _os_reason(exc, "broken symbolic link"))
            continue
        is_folder = stat.S_ISDIR(info.st_mode)
        if not (is_folder or readable):
            yield Skipped(fields.shown(path), _unsupported(path.suffix.lower()))
            continue
        if entry.is_symlink() and not follow_links:
            target = Path(os.path.realpath(path))
            if not target.is_relative_to(root):
                yield Failure(
                    fields.shown(path),
                    f"symbolic link out of the folder (to {fields.shown(target, 200)}): not followed (use --follow-links)",
                )
                continue
            if is_folder:
                continue  # its files are read where they are
        if is_folder:
            folders.append((path, (info.st_dev, info.st_ino)))
        else:
            yield path
    for path, key in folders:
        if key in seen:
            yield Failure(fields.shown(path), "symbolic link loop: the folder contains itself")
            continue
        yield from _walk(path, root, follow_links, seen | {key})


def read_bytes(
    data: bytes,
    source: str,
    reader: Reader,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
    timeout: float | None = None,
    depth: int = 0,
) -> Iterator[Document | Failure]:
    """Run `reader` on `data`, clean what it returns and build Documents.

    Extracting each document (parsing, date reading) runs in a time budget of
    `timeout` seconds; a reader that runs over it ends its file with a Failure.
    An attachment is read by the reader of its suffix, with a budget of its own.
    """
    source = fields.shown(source)
    if timeout:
        _warm_up()
    items = iter(reader(data, source))
    while True:
        in_reader = True
        try:
            with time_budget(timeout):
                item = next(items, None)
                if item is None:
                    return
                in_reader = False
                if isinstance(item, (Failure, Attachment)):
                    result = item
                else:
                    result = _document(item, max_chars, published)
        except TimeBudgetExceeded:
            where = source if in_reader else fields.shown(item.source)
            yield Failure(where, f"timed out: reading took over {timeout:g} s (raise with --timeout)")
            if in_reader:
                return
            continue
        except ReadError as exc:
            yield Failure(source, str(exc))
            return
        except Exception as exc:  # a parser library crashed on hostile input: record it, go on
            yield Failure(source, f"unreadable: {type(exc).__name__}: {_one_line(exc)}")
            return
        if isinstance(result, Attachment):
            yield from _attachment(result, max_chars, published, timeout, depth + 1)
        else:
            yield result


def _attachment(
    item: Attachment, max_chars: int, published: str | None, timeout: float | None, depth: int
) -> Iterator[Document | Failure]:
    """The documents of an email's attachment, read by the reader its name calls for."""
    source = fields.shown(item.source)
    suffix = Path(item.name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        yield Skipped(source, f"attachment not read: {_unsupported(suffix)}")
    elif depth > MAX_ATTACHMENT_DEPTH:
        yield Skipped(source, f"attachment not read: nested over {MAX_ATTACHMENT_DEPTH} deep")
    elif not item.data.strip():
        yield Failure(source, "empty attachment")
    else:
        yield from read_bytes(item.data, source, reader, max_chars, published, timeout, depth)


def _unsupported(suffix: str) -> str:
    supported = ", ".join(sorted(READERS))
    return f"unsupported file type {fields.shown(suffix) or '(no suffix)'!r} (supported: {supported})"


def _document(item: RawText, max_chars: int, published: str | None) -> Document | Failure:
    text, pages = _normalised_with_pages(item)
    if not text.strip():
        return Failure(fields.shown(item.source), "no text: the document is empty after extraction")
    if len(text) > max_chars:
        return Failure(
            fields.shown(item.source),
            f"document too long: {len(text):,} characters (limit {max_chars:,}; raise with --max-chars)",
        )
    return fields.document(item, text, published, pages)


# Marks where each page starts while the text is normalised (a noncharacter: never text).
_PAGE_MARK = "\ufdd0"


def _normalised_with_pages(item: RawText) -> tuple[str, list[list[int]]]:
    """The normalised text, and [start, end, page] for each page of it: the reader's page
    offsets are marked in the text, and read back after normalising moved them."""
    if not item.page_starts:
        return normalise_text(item.text), []
    raw = item.text.replace(_PAGE_MARK, "")
    marked, cursor = [], 0
    for offset, _ in item.page_starts:
        marked += [raw[cursor:offset], _PAGE_MARK]
        cursor = offset
    text = normalise_text("".join(marked) + raw[cursor:])
    starts = [i for i, char in enumerate(text) if char == _PAGE_MARK]
    starts = [at - n for n, at in enumerate(starts)]
    text = text.replace(_PAGE_MARK, "")
    ends = starts[1:] + [len(text)]
    pages = [[start, end, page] for start, end, (_, page) in zip(starts, ends, item.page_starts) if end > start]
    return text, pages


@lru_cache(maxsize=1)
def _warm_up() -> None:
    """Load what the readers load lazily (dateparser's languages, trafilatura's tables) once,
    outside any document's budget."""
    normalise_date("5 May 2024")
    list(html.read(b"<html><body><article><p>Police arrested two men in Lima on Monday.</p></article></body></html>", "warm-up"))


def read_path(
    path: str | Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
    timeout: float | None = None,
    follow_links: bool = False,
    stdin_name: str = "-",
) -> Iterator[Document | Failure]:
    """Every document (or failure) found at `path`; `-` reads standard input, named
    `stdin_name` (so two documents piped in are told apart)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield Failure(stdin_name, f"input too large: over {max_bytes:,} bytes (raise with --max-bytes)")
            return
        yield from read_bytes(data, stdin_name, sniff_reader(data), max_chars, published, timeout)
        return
    if URL.match(str(path)):
        yield Failure(fields.shown(path), f"a URL, not a file: save the page first (caseboard reads files), e.g. curl -o page.html {fields.shown(path, 200)}")
        return
    for file in iter_files(Path(path), follow_links):
        if isinstance(file, Failure):
            yield file
        else:
            yield from read_file(file, max_bytes, max_chars, published, timeout)


def read_file(
    file: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    published: str | None = None,
    timeout: float | None = None,
) -> Iterator[Document | Failure]:
    """The documents in one file, or a Failure saying why there are none."""
    source = fields.shown(file)
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        yield Failure(source, _unsupported(file.suffix.lower()))
        return
    try:
        data = read_regular_file(file, max_bytes)
    except ReadError as exc:
        yield Failure(source, str(exc))
        return
    if not data.strip():
        yield Failure(source, "empty file")
        return
    yield from read_bytes(data, source, reader, max_chars, published, timeout)


def read_regular_file(file: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; ReadError for anything else.

    The type is checked before opening (opening a device can act) and again on the open
    file, whose size is taken then (`fstat`): the file read is the one checked. The read
    itself stops at `max_bytes` + 1, whatever the size said.
    """
    try:
        _check_regular(os.stat(file).st_mode)
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ReadError(_os_reason(exc, "no such file or folder")) from None
    try:
        info = os.fstat(fd)
        _check_regular(info.st_mode)
        if info.st_size > max_bytes:
            raise ReadError(f"file too large: {info.st_size:,} bytes (limit {max_bytes:,}; raise with --max-bytes)")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise ReadError(f"file too large: over {max_bytes:,} bytes (raise with --max-bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(_os_reason(exc, "cannot read file")) from None
    finally:
        os.close(fd)


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise ReadError(f"not a regular file ({kind}): skipped")


def _os_reason(exc: OSError, missing: str) -> str:
    """An OSError as a reason: a link loop and a missing file named as such."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: the link leads back to itself"
    if exc.errno == errno.ENOENT:
        return missing
    return f"cannot read file: {exc.strerror or exc}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or "no detail"
