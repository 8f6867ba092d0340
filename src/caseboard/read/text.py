"""Plain text, in whatever encoding it arrived (detected by charset-normalizer), with its
hard wrapping undone (lines.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from charset_normalizer import from_bytes

from caseboard.read.base import RawText, ReadError
from caseboard.read.lines import unwrap_text

# Among equally plausible legacy encodings, the Western ones the web defaults to
# (WHATWG decodes "latin1" as windows-1252): charset-normalizer otherwise ties cp1252
# with cp1250 on Spanish text and turns "Peña" into "Peńa".
PREFERRED_ENCODINGS: tuple[str, ...] = ("cp1252", "latin_1", "iso8859_15")

# A UTF-8 character cut in two by a line break: GNU `fold -w 72` counts bytes, so a folded
# copy of UTF-8 text puts a newline inside "ú". The newline moves after the character.
_CUT_CHARACTER = re.compile(rb"([\xc2-\xf4][\x80-\xbf]{0,2})(\r?\n)([\x80-\xbf]{1,3})")


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8, else the most plausible encoding; refuse binary."""
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return _CUT_CHARACTER.sub(rb"\1\3\2", data).decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError("undecodable text: not UTF-8 and no plausible encoding found")
    tied = {m.encoding: m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    preferred = next((tied[name] for name in PREFERRED_ENCODINGS if name in tied), best)
    return str(preferred)


def read(data: bytes, source: str) -> Iterator[RawText]:
    yield RawText(text=unwrap_text(decode(data).replace("\r\n", "\n")), source=source)
