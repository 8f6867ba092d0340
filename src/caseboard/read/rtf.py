"""Rich Text Format (.rtf) via striprtf: the text, and the title and author of the
document's {\\info} group."""

from __future__ import annotations

import re
from collections.abc import Iterator

from striprtf.striprtf import rtf_to_text

from caseboard.read.base import RawText, ReadError

_INFO = {name: re.compile(r"\{\\" + name + r"\s+((?:[^{}\\]|\\.)*)\}") for name in ("title", "author")}


def read(data: bytes, source: str) -> Iterator[RawText]:
    head = data.lstrip()[:5]
    if head != b"{\\rtf":
        raise ReadError("not RTF: the file does not start with {\\rtf")
    # RTF is 7-bit: other characters are escapes (\'e9, \u233) that striprtf decodes
    text = data.decode("latin-1")
    info = {name: pattern.search(text[:20_000]) for name, pattern in _INFO.items()}
    yield RawText(
        text=rtf_to_text(text, errors="replace"),
        source=source,
        title=_info_text(info["title"]),
        author=_info_text(info["author"]),
    )


def _info_text(match: re.Match[str] | None) -> str | None:
    if not match:
        return None
    return rtf_to_text("{\\rtf1 " + match.group(1) + "}", errors="replace").strip() or None
