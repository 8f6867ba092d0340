"""HTML pages: main text, title and date via trafilatura (scripts and boilerplate dropped)."""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from caseboard.read.base import RawText, ReadError
from caseboard.read.text import decode


def read(data: bytes, source: str) -> Iterator[RawText]:
    result = trafilatura.bare_extraction(
        decode(data), with_metadata=True, include_comments=False, include_tables=True
    )
    if result is None or not (result.text or "").strip():
        raise ReadError("no main text found in HTML")
    yield RawText(
        text=result.text,
        source=source,
        title=result.title or None,
        published=result.date or None,
        url=result.url or None,
        lang=result.language or None,
    )
