"""PDF files: the text layer of every page via pypdf's layout mode, as paragraphs.

Each page is read as laid out (indentation and blank lines kept), running headers
and footers ("CONFIDENTIAL" atop every page) and page numbers ("Page 2 of 4",
"- 3 -") are dropped, and the lines are joined into paragraphs (lines.py, the same
joining as hard-wrapped text). Where each page starts in the text is kept, so
evidence can cite its page.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from itertools import accumulate

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from caseboard.read.base import RawText, ReadError
from caseboard.read.lines import PDF_SLACK, unwrap

# pypdf logs its repairs of damaged files ("EOF marker not found") straight to stderr;
# a file it cannot read becomes a one-line Failure instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# At most this many lines, set apart by a blank line, make a running header or footer.
MARGIN_LINES = 3
# A line at the margin of at least this share of the pages (and of two) runs on every page.
RUNNING_SHARE = 0.5
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:page|p\.|pg\.?)?\s*#(?:\s*(?:of|/)\s*#)?(?:\s*-)?$")


def read(data: bytes, source: str) -> Iterator[RawText]:
    if not data.lstrip().startswith(b"%PDF"):
        raise ReadError("not a PDF: the file does not start with %PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [(page.extract_text(extraction_mode="layout") or "").split("\n") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, ZeroDivisionError) as exc:
        raise ReadError(f"unreadable PDF (truncated or damaged): {' '.join(str(exc).split())[:160]}") from exc
    pages = [_dedented(lines) for lines in without_running_lines(pages)]
    lines = [line for page in pages for line in page]
    if not any(line.strip() for line in lines):
        raise ReadError("PDF has no text layer (scanned image? run OCR first)")
    firsts = [0, *accumulate(len(page) for page in pages)][:-1]  # each page's first line
    joined = unwrap(lines, "words", slack=PDF_SLACK, page_starts=frozenset(firsts))
    page_starts: list[tuple[int, int]] = []
    for number, (first, page) in enumerate(zip(firsts, pages), 1):
        if page:  # a page with no text has no span
            page_starts.append((joined.starts[first], number))
    try:
        metadata = reader.metadata or {}
        title, author = metadata.get("/Title") or None, metadata.get("/Author") or None
    except Exception:  # damaged metadata must not lose the text
        title = author = None
    yield RawText(
        text=joined.text,
        source=source,
        title=str(title) if title else None,
        author=str(author) if author else None,
        page_starts=page_starts,
    )


def without_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """The pages without their running headers and footers (the same line at the same place
    from the top or the bottom of at least half the pages, the page's number aside) and
    without page numbers at the top or bottom."""
    keys = [_margin_keys(lines, number) for number, lines in enumerate(pages, 1)]
    seen = Counter(key for page in keys for key in set(page.values()))
    running = {key for key, count in seen.items() if count >= 2 and count >= RUNNING_SHARE * len(pages)}
    kept = []
    for lines, page in zip(pages, keys):
        drop = {i for i, key in page.items() if key in running or _PAGE_NUMBER.match(_DIGITS.sub("#", key[1]))}
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _margin_keys(lines: list[str], page: int) -> dict[int, tuple[int, str]]:
    """The lines where running headers and footers sit, by index: the lines above the page's
    first blank line and below its last (at most MARGIN_LINES of each, else only the outermost
    line), each with its place (1, 2, 3 from the top; -1, -2, -3 from the bottom) and its
    text as compared (`_key`)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return {}
    top = [i for n, i in enumerate(filled) if i - filled[0] == n]  # the lines before the first gap
    bottom = [i for n, i in enumerate(reversed(filled)) if filled[-1] - i == n]
    top = top if len(top) <= MARGIN_LINES else top[:1]
    bottom = bottom if len(bottom) <= MARGIN_LINES else bottom[:1]
    keys = {i: (place, _key(lines[i], page)) for place, i in enumerate(top, 1)}
    keys.update({i: (-place, _key(lines[i], page)) for place, i in enumerate(bottom, 1)})
    return keys


def _key(line: str, page: int) -> str:
    """A margin line as compared across pages: case, spacing and the page's number ignored
    ("Case 1:24-cr-7 Page 3 of 12" runs on every page; "Paragraph 45: ..." does not)."""
    return _DIGITS.sub(lambda m: "#" if m.group().lstrip("0") == str(page) else m.group(), " ".join(line.lower().split()))


def _dedented(lines: list[str]) -> list[str]:
    """A page's lines without the indentation they all share (the page's left margin), and
    without blank lines at its top and bottom: a paragraph goes on across a page break."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    lines = lines[filled[0] : filled[-1] + 1]
    cut = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return [line[cut:].rstrip() for line in lines]
