"""Hard-wrapped lines back into paragraphs: one function for PDF pages and folded text.

A line break inside a paragraph ends a sentence for the pipeline (nlp.py), so a
PDF or a `fold -w 72` copy read line by line gives sentence fragments. Here a
line is joined to the next when the next line's first word would not have fitted
on it (the wrap was forced by the width), unless a blank line or a deeper
indentation starts a new paragraph. Two kinds of wrapping are told apart:

- word wrapping (PDF, `fold -s`, email clients): lines break between words, and a
  word broken with a hyphen is joined again when the joined word is a word;
- cutting at a fixed width (`fold -w 72`): nearly every continued line is exactly
  as wide as the widest, words are cut anywhere, and lines join with nothing between.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Text whose longest line is wider than this is not hard-wrapped (a paragraph a line).
MAX_WRAP_WIDTH = 100
# Share of continued lines that must reach WRAPPED_FILL of the width for text to count as wrapped.
WRAPPED_SHARE = 0.6
WRAPPED_FILL = 0.75
# Proportional fonts make a PDF line's character count vary: a line this close to the
# width still counts as full.
PDF_SLACK = 0.05

_FIRST_WORD = re.compile(r"\S+")
_BROKEN_WORD = re.compile(r"(\w+)-$")
_CONTINUED_WORD = re.compile(r"^([^\W\d_]+)")
_BULLET = re.compile(r"^(?:[-*•–]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_SPACES = re.compile(r"[ \t]{2,}")


@dataclass
class Unwrapped:
    """The joined text, and where each input line starts in it (None for a dropped blank line)."""

    text: str
    starts: list[int | None]


def unwrap_text(text: str) -> str:
    """Plain text with its hard wrapping undone; text that is not hard-wrapped is returned as it is."""
    lines = text.split("\n")
    mode = wrapping(lines)
    if mode is None:
        return text
    return unwrap(lines, mode).text


def wrapping(lines: Sequence[str]) -> str | None:
    """"cut" for text cut at a fixed width, "words" for word-wrapped text, None when the
    lines are not hard-wrapped (each paragraph on one line)."""
    width = max((len(line.rstrip()) for line in lines), default=0)
    inner = [line for line, after in zip(lines, lines[1:]) if line.strip() and after.strip()]
    if not inner or width > MAX_WRAP_WIDTH:
        return None
    full = _full_width(lines)
    if len(inner) >= 2 and sum(map(full, inner)) >= 0.8 * len(inner):
        return "cut"
    if sum(len(line.rstrip()) >= WRAPPED_FILL * width for line in inner) >= WRAPPED_SHARE * len(inner):
        return "words"
    return None


def unwrap(lines: Sequence[str], mode: str = "words", slack: float = 0.0, page_starts: frozenset[int] = frozenset()) -> Unwrapped:
    """Join `lines` into paragraphs separated by blank lines; a line of `page_starts` (the
    first of a page) that does not continue the one before starts a paragraph.

    In "words" mode a line is continued by the next when the next line's first word
    would not have fitted in the width (the longest line, less `slack` of it), the next
    line is not indented deeper than the paragraph (a new paragraph or a heading) and
    starts no list item; a word broken by a hyphen at the line's end is made whole
    again. In "cut" mode lines as wide as the widest are continued as they are.
    """
    width = max((len(line.rstrip()) for line in lines), default=0)
    width_bytes = max((_octets(line.rstrip()) for line in lines), default=0)
    full = _full_width(lines)
    out: list[str] = []
    starts: list[int | None] = []
    size = 0
    separator = ""  # what goes before the next line with text
    paragraph_indent: int | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            starts.append(None)
            if out:
                separator = "\n\n"
            paragraph_indent = None
            continue
        body = line if mode == "cut" else _SPACES.sub(" ", line.strip())
        if out:
            if separator == "\n" and index in page_starts:
                separator = "\n\n"
            out.append(separator)
            size += len(separator)
        starts.append(size)
        out.append(body)
        size += len(body)
        indent = len(line) - len(line.lstrip())
        if paragraph_indent is None:
            paragraph_indent = indent
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not following.strip():
            continue  # a blank line (or the end) follows: it sets the separator
        if mode == "cut":
            joined = full(line)
            separator = "" if joined else "\n"
        else:
            joined = _continues(line, following, width, slack, paragraph_indent, width_bytes)
            separator = " " if joined else "\n"
            hyphen = _hyphen_join(body, following.lstrip()) if joined else None
            if hyphen is not None:  # no space after a hyphen that ends a line inside a word
                out[-1] = body[:-1] + hyphen
                size += len(hyphen) - 1
                separator = ""
        if not joined:
            paragraph_indent = None
    return Unwrapped("".join(out), starts)


def _continues(line: str, following: str, width: int, slack: float, paragraph_indent: int, width_bytes: int) -> bool:
    """Whether `following` continues the paragraph `line` is in (word-wrapped lines): its
    first word would not have fitted, counted in characters or, as GNU fold counts, in bytes."""
    next_indent = len(following) - len(following.lstrip())
    if next_indent > paragraph_indent + 1 or _BULLET.match(following.lstrip()):
        return False
    word = _FIRST_WORD.match(following.lstrip())
    if not word:
        return False
    room = width * (1 - slack) - len(line.rstrip())
    room_bytes = width_bytes * (1 - slack) - _octets(line.rstrip())
    # +2: the space before the word, and the one `fold -s` keeps after it
    return room < len(word.group()) + 2 or room_bytes < _octets(word.group()) + 2


def _octets(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _hyphen_join(line: str, following: str) -> str | None:
    """How a line ending in a hyphen joins the next: "" when the hyphen ends a word cut in
    two ("investi-" / "gation"), "-" when it is part of a compound that keeps it ("Aragua-" /
    "based", "anti-" / "gang", "co-" / "founder"), None when it ends no word (a dash)."""
    broken = _BROKEN_WORD.search(line)
    if not broken or not following[:1].isalnum():
        return None
    rest = _CONTINUED_WORD.match(following)
    head = broken.group(1)
    if rest and head.isalpha() and rest.group(1).islower():
        tail = rest.group(1)
        if _is_word(head + tail) and not (_is_word(head) and _is_word(tail)):
            return ""
    return "-"


def _full_width(lines: Sequence[str]) -> Callable[[str], bool]:
    """A test of whether a line is as wide as the widest in characters, or in UTF-8 bytes as
    most full lines are: GNU fold counts bytes, and a character it cut in two was made whole
    again on the first line (text.decode), which made that line a few bytes longer."""
    chars = max((len(line) for line in lines), default=0)
    octets = Counter(_octets(line) for line in lines if line.strip())
    common = octets.most_common(1)[0][0] if octets else 0
    return lambda line: len(line) == chars or common <= _octets(line) <= common + 3


def _is_word(word: str) -> bool:
    """Whether a hyphen-broken word joined is a word of the language (else the hyphen is
    part of a compound, "anti-gang", and stays)."""
    return word.lower() in _dictionary()


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from spellchecker import SpellChecker  # its English word list, loaded once

    return frozenset(SpellChecker(language="en").word_frequency.dictionary.keys())
