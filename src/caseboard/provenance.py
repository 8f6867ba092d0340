"""What extracted a document's facts: the caseboard version, the spaCy model and its
version, and a hash of the rule files (the built-in tables and a user's `--rules` file).

Stored with every document, so a board says which code made each fact, and
`caseboard ingest --reprocess` finds the documents that the current code would read
differently.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from caseboard import __version__, nlp
from caseboard.rules.entities import EntityRules

RULES_FOLDER = Path(__file__).resolve().parent / "rules"


def current(rules: EntityRules | None = None) -> dict[str, str]:
    """The provenance of an extraction made now with `rules` (the built-in ones if None)."""
    return {
        "caseboard": __version__,
        "model": nlp.model_name(),
        "rules": rules_hash(rules.source if rules else None),
    }


@lru_cache(maxsize=8)
def rules_hash(user_file: str | None = None) -> str:
    """sha256 (first 16 hex digits) of the rule files, by name and content: the built-in
    tables (YAML and the Python that reads them) and `user_file` when given."""
    digest = hashlib.sha256()
    files = sorted(p for p in RULES_FOLDER.iterdir() if p.suffix in (".yaml", ".py"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if user_file:
        digest.update(b"user\0" + Path(user_file).read_bytes())
    return digest.hexdigest()[:16]
