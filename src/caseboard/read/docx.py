"""Word documents (.docx) via python-docx: paragraphs and table cells in order, and the
title and author of the document's core properties."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from caseboard.read.base import RawText, ReadError, opened_zip


def read(data: bytes, source: str) -> Iterator[RawText]:
    opened_zip(data, ".docx")  # refuses a zip bomb before python-docx unpacks it
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReadError(f"unreadable .docx: {' '.join(str(exc).split())[:160] or type(exc).__name__}") from None
    blocks = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            blocks.append(block.text)
        elif isinstance(block, Table):
            blocks.extend(cell.text for row in block.rows for cell in row.cells)
    properties = document.core_properties
    yield RawText(
        text="\n\n".join(b.strip() for b in blocks if b.strip()),
        source=source,
        title=properties.title or None,
        author=properties.author or None,
        lang=properties.language or None,
    )
