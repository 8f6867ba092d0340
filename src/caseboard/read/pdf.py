"""PDF files: the text layer of every page, via pypdf."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from caseboard.read.base import RawText, ReadError

# pypdf logs its repairs of damaged files ("EOF marker not found") straight to stderr;
# a file it cannot read becomes a one-line Failure instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(data: bytes, source: str) -> Iterator[RawText]:
    if not data.lstrip().startswith(b"%PDF"):
        raise ReadError("not a PDF: the file does not start with %PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise ReadError(f"unreadable PDF (truncated or damaged): {' '.join(str(exc).split())[:160]}") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ReadError("PDF has no text layer (scanned image? run OCR first)")
    try:
        title = (reader.metadata or {}).get("/Title") or None
    except Exception:  # damaged metadata must not lose the text
        title = None
    yield RawText(text=text, source=source, title=str(title) if title else None)
