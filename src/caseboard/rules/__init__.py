"""Pattern tables as data: one YAML file per concern, with the loaders that read them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def load_table(name: str) -> dict[str, Any]:
    """The table `rules/<name>.yaml` as plain data."""
    with open(RULES_DIR / f"{name}.yaml", encoding="utf-8") as stream:
        return yaml.safe_load(stream)
