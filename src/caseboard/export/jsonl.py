"""JSON Lines: one SCHEMA.md extraction object per stored document, corpus-wide entity ids."""

from __future__ import annotations

import json
from typing import TextIO

from caseboard.store import Store


def write(store: Store, stream: TextIO) -> int:
    """Write every stored document's extraction as one JSON line; return how many."""
    count = 0
    for extraction in store.extractions():
        stream.write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count
