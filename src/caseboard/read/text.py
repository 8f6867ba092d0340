"""Plain text, in whatever encoding it arrived (detected by charset-normalizer)."""

from __future__ import annotations

from collections.abc import Iterator

from charset_normalizer import from_bytes

from caseboard.read.base import RawText, ReadError


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8, else the most plausible encoding; refuse binary."""
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ReadError("undecodable text: not UTF-8 and no plausible encoding found")
    return str(best)


def read(data: bytes, source: str) -> Iterator[RawText]:
    yield RawText(text=decode(data), source=source)
