"""Dates: normalising publication dates to YYYY-MM-DD."""

from __future__ import annotations

import re

import dateparser

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_date(value: str | None) -> str | None:
    """A publication date as YYYY-MM-DD, or None when it cannot be read."""
    if not value:
        return None
    value = value.strip()
    if _ISO.match(value):
        return value
    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None
