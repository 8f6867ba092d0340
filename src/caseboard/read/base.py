"""What every reader returns, and the error it raises for bad input."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RawText:
    """What a reader found: text plus whatever metadata the format carries."""

    text: str
    source: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    lang: str | None = None
    author: str | None = None
    # the site or publication that carried it ("Front Range Courier")
    site: str | None = None
    # (offset in `text`, page number) where each page of a paged format starts
    page_starts: list[tuple[int, int]] | None = None


class ReadError(Exception):
    """Bad input: the message is the one-line reason recorded as a failure."""
