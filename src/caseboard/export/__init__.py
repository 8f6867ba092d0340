"""Exports: one module per format, each over the store's and the board's queries.

Stream formats write one file (or stdout): `write(store, stream) -> count`.
Folder formats write several files into a folder: `write(store, folder) -> count`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from caseboard.export import csv, ftm, graph, jsonl
from caseboard.store import Store

Writer = Callable[[Store, TextIO], int]
FolderWriter = Callable[[Store, Path], int]

FORMATS: dict[str, Writer] = {
    "jsonl": jsonl.write,
    "ftm": ftm.write,
    "graphml": graph.write_graphml,
    "gexf": graph.write_gexf,
}

FOLDER_FORMATS: dict[str, FolderWriter] = {
    "csv": csv.write,
}
