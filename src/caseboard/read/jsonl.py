"""JSON and JSON Lines: objects with `text` and optional `title`, `url`, `published`, `lang`.

A `.json` file may hold one object or a list of them; a `.jsonl` file one object
per line. A bad line is a Failure naming the line, whatever breaks it (bad syntax,
nesting too deep, an integer too long); the good lines are kept, even when the bad
one holds binary or mis-encoded bytes. A file none of whose lines is JSON is one
Failure, not one a line. Lines end at "\n" only: JSON
strings may hold U+2028 and other characters str.splitlines() would break at.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from caseboard.model import Failure
from caseboard.read.base import RawText, ReadError
from caseboard.read.fields import MAX_SOURCE_CHARS
from caseboard.read.text import decode


def read(data: bytes, source: str) -> Iterator[RawText | Failure]:
    lines = _decode_lines(data)
    content = "\n".join(line for line in lines if isinstance(line, str))
    stripped = content.strip()
    if stripped.startswith("[") or (len(lines) > 1 and stripped.startswith("{")):
        try:  # a JSON list, or one pretty-printed object spread over several lines
            whole = json.loads(stripped)
        except Exception as exc:  # JSONDecodeError, RecursionError (deep nesting), ValueError (huge integers)
            whole, error = None, exc
        if isinstance(whole, list):
            if whole == []:
                raise ReadError("empty JSON list: no documents")
            for index, obj in enumerate(whole):
                yield _record(obj, f"{source}#{index}")
            return
        if whole is not None and (stripped.startswith("[") or isinstance(whole, dict)):
            yield _record(whole, source)
            return
        if len(lines) == 1 and stripped.startswith("["):
            raise ReadError(_invalid(error))
    if not any(isinstance(line, ReadError) or line.strip() for line in lines):
        raise ReadError("no JSON: the file holds only blank lines")  # whitespace str.strip() knows, bytes.strip() not
    found = list(_lines(lines, source))
    bad = [item for item in found if isinstance(item, Failure)]
    if len(bad) > 1 and len(bad) == len(found):
        # not JSON Lines at all (junk bytes, another format): one failure, not one a line
        raise ReadError(f"not JSON Lines: none of its {len(bad):,} lines is a document ({bad[0].reason})")
    yield from found


def _lines(lines: list[str | ReadError], source: str) -> Iterator[RawText | Failure]:
    """One record or Failure per non-blank line: whatever breaks one line costs only that line."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, ReadError):
            yield Failure(f"{source}:{number}", f"line {number}: {line}")
            continue
        if not line.strip():
            continue
        where = source if len(lines) == 1 else f"{source}:{number}"
        try:
            obj = json.loads(line)
        except Exception as exc:  # JSONDecodeError, RecursionError (deep nesting), ValueError (huge integers)
            yield Failure(where, _invalid(exc, f"on line {number}"))
            continue
        yield _record(obj, where)


def _invalid(exc: Exception, where: str = "") -> str:
    """Why a text is not JSON, in one line."""
    if isinstance(exc, json.JSONDecodeError):
        at = f"{where}, column {exc.colno}" if where else f"at line {exc.lineno}, column {exc.colno}"
        return f"invalid JSON {at}: {exc.msg}"
    prefix = f"invalid JSON {where}".rstrip()
    if isinstance(exc, RecursionError):
        return f"{prefix}: nested too deeply"
    if "integer string conversion" in str(exc):
        return f"{prefix}: an integer over {sys.get_int_max_str_digits():,} digits"
    return f"{prefix}: {' '.join(str(exc).split())[:120]}"


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
    url = obj.get("url")
    return RawText(
        text=text,
        # the URL names the document, unless it is too long to be a name: then its line does
        source=url if isinstance(url, str) and url.strip() and len(url) <= MAX_SOURCE_CHARS else where,
        title=_str_or_none(obj.get("title")),
        published=_str_or_none(obj.get("published") or obj.get("date")),
        url=_str_or_none(obj.get("url")),
        lang=_str_or_none(obj.get("lang")),
    )


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
