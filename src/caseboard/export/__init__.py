"""Exports: one module per format, each a `write(store, stream) -> count` over the store's queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from caseboard.export import jsonl
from caseboard.store import Store

Writer = Callable[[Store, TextIO], int]

FORMATS: dict[str, Writer] = {
    "jsonl": jsonl.write,
}
