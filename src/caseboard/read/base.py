"""What every reader returns, and the error it raises for bad input."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass
class RawText:
    """What a reader found: text plus whatever metadata the format carries."""

    text: str
    source: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    lang: str | None = None
    author: str | None = None
    # the site or publication that carried it ("Front Range Courier")
    site: str | None = None
    # (offset in `text`, page number) where each page of a paged format starts
    page_starts: list[tuple[int, int]] | None = None


class ReadError(Exception):
    """Bad input: the message is the one-line reason recorded as a failure."""


@dataclass
class Attachment:
    """A file inside a document (an email's attachment): read as a document of its own, by
    the reader its file name calls for. `source` names it inside its container."""

    data: bytes
    name: str
    source: str


# A zip container (.docx, .odt) may unpack to this many bytes at most: a few kilobytes of
# zip can claim gigabytes (a zip bomb), and the parsers unpack whole parts into memory.
MAX_UNZIPPED_BYTES = 200_000_000


def opened_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """`data` as a zip archive whose members unpack to at most MAX_UNZIPPED_BYTES; ReadError
    for anything else."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        claimed = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReadError(f"unreadable {kind} (not a zip container): {' '.join(str(exc).split())[:120]}") from None
    if claimed > MAX_UNZIPPED_BYTES:
        raise ReadError(f"{kind} unpacks to {claimed:,} bytes (limit {MAX_UNZIPPED_BYTES:,}): refused")
    return archive
