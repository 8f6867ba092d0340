"""HTML pages: main text, title, date, author and site name via trafilatura (scripts and
boilerplate dropped)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura

from caseboard.read.base import RawText, ReadError
from caseboard.read.text import decode

# The publication date from markup only (meta tags, <time>, the URL): htmldate's
# extensive search reads dates out of the page text, and a "© 2023" footer became
# a publication date of 2023-01-01 that every relative date resolved against.
DATE_SEARCH = {"extensive_search": False, "original_date": True}
# trafilatura's time grows with a page's paragraphs (benchmarks/reading.py: 4 MB of them take
# about 8 s); a page this long is no article, and is refused before it is parsed.
MAX_HTML_CHARS = 10_000_000
# The page's declared language, <html lang="es-MX">: trafilatura reports one only when asked
# to filter by language.
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.I)


def read(data: bytes, source: str) -> Iterator[RawText]:
    page = decode(data)
    if len(page) > MAX_HTML_CHARS:
        raise ReadError(f"HTML page too large to extract: {len(page):,} characters (limit {MAX_HTML_CHARS:,})")
    result = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=DATE_SEARCH,
    )
    if result is None or not (result.text or "").strip():
        raise ReadError("no main text found in HTML")
    yield RawText(
        text=result.text,
        source=source,
        title=result.title or None,
        published=result.date or None,
        url=result.url or None,
        lang=result.language or _declared_language(page),
        author=result.author or None,
        site=result.sitename or None,
    )


def _declared_language(page: str) -> str | None:
    found = _HTML_LANG.search(page[:20_000])
    return found.group(1) if found else None
