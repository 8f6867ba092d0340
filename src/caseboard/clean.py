"""Normalisation of extracted text, and passages a document repeats.

`normalise_text` runs before the document id is computed, so every offset in
the case board refers to the normalised text. `repeated_passages` finds
passages that repeat an earlier passage of the same document (scrapers often
paste an article twice); facts are read from the first occurrence only.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters other than tab and newline (C0 and C1), lone surrogates, and
# invisible characters that split a name in two ("Toco\u00adrón" with a soft hyphen).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u00ad\u200b\u2060\ufeff]")
# Unicode's other line breaks, as newlines.
_LINE_BREAKS = str.maketrans({"\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"})
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")
# Sentence-sized units: a line, or a sentence ending in . ! ? (with closing quotes).
_UNIT = re.compile(r"[^\n]+?(?:[.!?][\"'”’»)]*(?=\s)|$)", re.M)
_WORD = re.compile(r"\w+")

# A repeated unit must be at least this long to count: short lines ("Advertisement",
# "Read more") repeat without being copies of a passage.
MIN_REPEAT_CHARS = 40


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control or invisible characters, no trailing spaces, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _units(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) for each sentence-sized unit; key ignores case and spacing."""
    units = []
    for match in _UNIT.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            key = " ".join(_WORD.findall(text[start:end].lower()))
            units.append((start, end, key))
    return units


def repeated_passages(text: str) -> list[list[int]]:
    """`[start, end, first_start, first_end]` for each passage repeating an earlier one.

    Consecutive repeated units that copy consecutive earlier units merge into one
    passage, so a whole article pasted twice gives a single span.
    """
    units = _units(text)
    first_seen: dict[str, int] = {}
    spans: list[list[int]] = []
    previous_source = -2
    for index, (start, end, key) in enumerate(units):
        following = previous_source + 1
        if spans and 0 < following < index and units[following][2] == key and units[following][1] <= spans[-1][0]:
            source = following  # the copy goes on, through short units too ("Officials said so.")
        else:
            source = first_seen.get(key) if len(key) >= MIN_REPEAT_CHARS else None
        if source is None:
            first_seen.setdefault(key, index)
            previous_source = -2
            continue
        first_start, first_end = units[source][0], units[source][1]
        if spans and source == previous_source + 1 and spans[-1][1] <= start:
            gap = text[spans[-1][1]:start]
            if not gap.strip():
                spans[-1][1] = end
                spans[-1][3] = max(spans[-1][3], first_end)
                previous_source = source
                continue
        spans.append([start, end, first_start, first_end])
        previous_source = source
    return spans


def unique_regions(text: str, repeated: list[list[int]]) -> list[tuple[int, int]]:
    """The (start, end) stretches of `text` outside every repeated passage."""
    regions = []
    cursor = 0
    for start, end, _, _ in sorted(repeated):
        if start > cursor:
            regions.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(text):
        regions.append((cursor, len(text)))
    return [(s, e) for s, e in regions if text[s:e].strip()]
