"""JSON and JSON Lines: objects with `text` and optional `title`, `url`, `published`, `lang`.

A `.json` file may hold one object or a list of them; a `.jsonl` file one object
per line. A bad line is a Failure naming the line; the good lines are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from caseboard.model import Failure
from caseboard.read.base import RawText, ReadError
from caseboard.read.text import decode


def read(data: bytes, source: str) -> Iterator[RawText | Failure]:
    content = decode(data)
    stripped = content.strip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ReadError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
        for index, obj in enumerate(items if isinstance(items, list) else [items]):
            yield _record(obj, f"{source}#{index}")
        return
    lines = content.splitlines()
    if len(lines) > 1 and stripped.startswith("{"):
        try:  # one pretty-printed object spread over several lines
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, dict):
            yield _record(whole, source)
            return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = source if len(lines) == 1 else f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(f"{source}:{number}", f"invalid JSON on line {number}, column {exc.colno}: {exc.msg}")
            continue
        yield _record(obj, where)


def _record(obj: Any, where: str) -> RawText | Failure:
    if not isinstance(obj, dict):
        return Failure(where, f"expected a JSON object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Failure(where, "missing or empty 'text' field")
    return RawText(
        text=text,
        source=str(obj.get("url") or where),
        title=_str_or_none(obj.get("title")),
        published=_str_or_none(obj.get("published") or obj.get("date")),
        url=_str_or_none(obj.get("url")),
        lang=_str_or_none(obj.get("lang")),
    )


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
