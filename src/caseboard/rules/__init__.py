"""Pattern tables as data: one YAML file per concern, with the loaders that read them.

A concern's words in another language live beside it as `<name>.<lang>.yaml`
(facts.es.yaml next to facts.yaml) and are merged into it: lists are joined,
mappings merged key by key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def load_table(name: str, lang: str | None = None) -> dict[str, Any]:
    """The table `rules/<name>.yaml` as plain data, merged with `rules/<name>.<lang>.yaml`;
    without `lang`, with every language's file. The readers of facts and status look words up
    by the lemmas of a document's own model, so one table holding every language's words still
    matches each document in its own language only; `lang` is for tables read by the text
    itself (date words, parse conversion)."""
    table = _read(RULES_DIR / f"{name}.yaml")
    extras = [RULES_DIR / f"{name}.{lang}.yaml"] if lang else sorted(RULES_DIR.glob(f"{name}.*.yaml"))
    for path in extras:
        if path.exists():
            table = _merged(table, _read(path))
    return table


def languages(name: str) -> list[str]:
    """The languages that have their own words for the table `name`."""
    return sorted(p.suffixes[-2].lstrip(".") for p in RULES_DIR.glob(f"{name}.*.yaml"))


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as stream:
        return yaml.safe_load(stream) or {}


def _merged(base: Any, extra: Any) -> Any:
    """`extra` added to `base`: lists joined, mappings merged by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merged(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [item for item in extra if item not in base]
    return extra
