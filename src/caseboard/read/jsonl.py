"""JSON and JSON Lines: objects with `text` and optional `title`, `url`, `published`, `lang`.

A `.json` file may hold one object or a list of them; a `.jsonl` file one object
per line. A bad line is a Failure naming the line; the good lines are kept, even
when the bad one holds binary or mis-encoded bytes. Lines end at "\n" only: JSON
strings may hold U+2028 and other characters str.splitlines() would break at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from caseboard.model import Failure
from caseboard.read.base import RawText, ReadError
from caseboard.read.text import decode


def read(data: bytes, source: str) -> Iterator[RawText | Failure]:
    lines = _decode_lines(data)
    content = "\n".join(line for line in lines if isinstance(line, str))
    stripped = content.strip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ReadError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
        if items == []:
            raise ReadError("empty JSON list: no documents")
        for index, obj in enumerate(items if isinstance(items, list) else [items]):
            yield _record(obj, f"{source}#{index}")
        return
    if len(lines) > 1 and stripped.startswith("{"):
        try:  # one pretty-printed object spread over several lines
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, dict):
            yield _record(whole, source)
            return
    if not any(isinstance(line, ReadError) or line.strip() for line in lines):
        raise ReadError("no JSON: the file holds only blank lines")  # whitespace str.strip() knows, bytes.strip() not
    for number, line in enumerate(lines, start=1):
        if isinstance(line, ReadError):
            yield Failure(f"{source}:{number}", f"line {number}: {line}")
            continue
        if not line.strip():
            continue
        where = source if len(lines) == 1 else f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(f"{source}:{number}", f"invalid JSON on line {number}, column {exc.colno}: {exc.msg}")
            continue
        yield _record(obj, where)


def _decode_lines(data: bytes) -> list[str | ReadError]:
    """The file's lines as text; a line that cannot be decoded is its ReadError."""
    lines: list[str | ReadError] = []
    try:
        lines.extend(data.decode("utf-8-sig").split("\n"))
    except UnicodeDecodeError:
        for raw in data.split(b"\n"):  # one binary or legacy-encoded line must not cost the others
            try:
                lines.append(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                try:
                    lines.append(decode(raw))
                except ReadError as exc:
                    lines.append(exc)
    if len(lines) > 1 and lines[-1] == "":  # the file's final newline ends a line, it opens none
        lines.pop()
    return lines


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
