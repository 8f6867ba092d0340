"""Exports: one module per format, each over the store's and the board's queries.

Stream formats write one file (or stdout): `write(store, stream, ...) -> count`.
Folder formats write several files into a folder: `write(store, folder, ...) -> count`.
`OPTIONS` says what else each format takes: `filters` (a `board.Filters`: status, least
independent sources, an entity's neighbourhood, isolated entities), `events` (events as
graph nodes) and `excel` (a byte-order mark for Excel).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from caseboard.export import csv, ftm, graph, jsonl
from caseboard.store import Store

Writer = Callable[..., int]  # (store, stream, **options) -> records written
FolderWriter = Callable[..., int]  # (store, folder, **options) -> records written

FORMATS: dict[str, Writer] = {
    "jsonl": jsonl.write,
    "ftm": ftm.write,
    "graphml": graph.write_graphml,
    "gexf": graph.write_gexf,
}

FOLDER_FORMATS: dict[str, FolderWriter] = {
    "csv": csv.write,
}

# the options each format's writer takes besides the store and where to write
OPTIONS: dict[str, frozenset[str]] = {
    "jsonl": frozenset(),  # whole documents, as extracted: nothing to filter
    "ftm": frozenset({"filters"}),
    "graphml": frozenset({"filters", "events"}),
    "gexf": frozenset({"filters", "events"}),
    "csv": frozenset({"filters", "excel"}),
}


def write(format: str, store: Store, target: TextIO | Path, **options: Any) -> int:
    """Write the board in `format` to `target` (a stream, or a folder for FOLDER_FORMATS)
    with the `options` that format takes (see OPTIONS); return the records written."""
    unknown = set(options) - OPTIONS[format]
    if unknown:
        raise TypeError(f"{format} takes no {', '.join(sorted(unknown))}")
    writer = FOLDER_FORMATS.get(format) or FORMATS[format]
    return writer(store, target, **options)
