"""OpenDocument text (.odt) via odfpy: headings and paragraphs in order, and the title and
author (dc:creator, else the initial creator) of its metadata."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.parsers.expat import ExpatError

from odf import dc, meta, teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load

from caseboard.read.base import RawText, ReadError, opened_zip

_BLOCKS = {(TEXTNS, "p"), (TEXTNS, "h")}  # paragraphs and headings


def read(data: bytes, source: str) -> Iterator[RawText]:
    opened_zip(data, ".odt")
    try:
        document = load(io.BytesIO(data))
    except (KeyError, ValueError, ExpatError, zipfile.BadZipFile) as exc:
        raise ReadError(f"unreadable .odt: {' '.join(str(exc).split())[:160] or type(exc).__name__}") from None
    blocks: list[str] = []
    _collect(document.text, blocks)
    yield RawText(
        text="\n\n".join(b.strip() for b in blocks if b.strip()),
        source=source,
        title=_first(document, dc.Title),
        author=_first(document, dc.Creator) or _first(document, meta.InitialCreator),
        lang=_first(document, dc.Language),
    )


def _collect(node, blocks: list[str]) -> None:
    """Paragraphs and headings in document order (a paragraph inside a list or table too)."""
    for child in node.childNodes:
        if getattr(child, "qname", None) in _BLOCKS:
            blocks.append(teletype.extractText(child))
        elif child.nodeType == child.ELEMENT_NODE:
            _collect(child, blocks)


def _first(document, kind) -> str | None:
    found = document.meta.getElementsByType(kind)
    value = teletype.extractText(found[0]).strip() if found else ""
    return value or None
