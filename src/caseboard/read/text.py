"""Plain text, in whatever encoding it arrived (detected by charset-normalizer)."""

from __future__ import annotations

from collections.abc import Iterator

from charset_normalizer import from_bytes

from caseboard.read.base import RawText, ReadError

# Among equally plausible legacy encodings, the Western ones the web defaults to
# (WHATWG decodes "latin1" as windows-1252): charset-normalizer otherwise ties cp1252
# with cp1250 on Spanish text and turns "Peña" into "Peńa".
PREFERRED_ENCODINGS: tuple[str, ...] = ("cp1252", "latin_1", "iso8859_15")


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8, else the most plausible encoding; refuse binary."""
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
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
    yield RawText(text=decode(data), source=source)
