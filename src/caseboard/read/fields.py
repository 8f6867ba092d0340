"""Every value a document carries, made storable where the Document is built.

File names may be any bytes, JSON strings may hold lone surrogates and NUL, and
a `lang` or `published` field may be anything at all. Here each value becomes
text that both SQLite and PostgreSQL store, and that prints on one line: a
value that can be repaired is (undecodable bytes and lone surrogates shown as
U+FFFD, control characters dropped, a long title or source cut), and one that
cannot (an impossible date, a language that is no language code, an over-long
URL) refuses its own document with the reason, never a batch.

The widths here are the store's column widths (store/schema.py reads them), so a value
accepted here fits every backend.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from caseboard.dates import normalise_date
from caseboard.language import detect_language
from caseboard.model import Document, Failure
from caseboard.read.base import RawText

# A source (a path or URL, with ":line" for a JSON line) is a label: cut beyond this. Failures
# are keyed by source, and PostgreSQL indexes at most 2,704 bytes of a key (4 bytes a character).
MAX_SOURCE_CHARS = 500
MAX_TITLE_CHARS = 1_000
# an author ("By Ana Peña and José Ruiz") or a site name: a line, not a paragraph
MAX_NAME_CHARS = 300
MAX_URL_CHARS = 2_000
LANG_WIDTH = 8  # "en", "pt-BR", "zh-Hant"
PUBLISHED_WIDTH = 10  # YYYY-MM-DD
# A publication date longer than this is no date; dateparser's time grows with its input.
MAX_DATE_CHARS = 64

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.I)
_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}(?![\d])")


class Refused(ValueError):
    """A field no repair can make right: the message is the document's failure reason."""


def shown(value: str | Path, limit: int = MAX_SOURCE_CHARS) -> str:
    """A file name or source as one printable, storable line: bytes that are not UTF-8
    (kept by Python as surrogate escapes) and lone surrogates as U+FFFD, control
    characters (a newline in a file name) as U+FFFD too, cut at `limit` characters."""
    text = os.fspath(value)
    try:
        text = os.fsencode(text).decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate no file name can hold (from JSON)
        pass
    return _cut(_CONTROL.sub("\ufffd", _SURROGATE.sub("\ufffd", text)), limit)


def one_line(value: str, limit: int) -> str:
    """Free text (a title) on one line: lone surrogates as U+FFFD, control characters
    (NUL, newlines) as spaces, cut at `limit` characters."""
    return _cut(_CONTROL.sub(" ", _SURROGATE.sub("\ufffd", value)).strip(), limit)


def document(
    raw: RawText, text: str, published: str | None = None, pages: list[list[int]] | None = None
) -> Document | Failure:
    """The Document for what a reader found (`text` already cleaned), or the Failure of
    the one field that cannot be stored. `published` is the default publication date,
    `pages` the [start, end, page] spans of `text`; the language is the reader's (HTML `lang`,
    a JSON `lang` field), else detected from `text`."""
    source = shown(raw.source)
    try:
        return Document(
            text=text,
            source=source,
            title=one_line(raw.title, MAX_TITLE_CHARS) or None if raw.title else None,
            published=publication_date(raw.published) or published,
            url=_url(raw.url),
            lang=_lang(raw.lang) or detect_language(text),
            author=one_line(raw.author, MAX_NAME_CHARS) or None if raw.author else None,
            site=one_line(raw.site, MAX_NAME_CHARS) or None if raw.site else None,
            pages=pages or [],
        )
    except Refused as exc:
        return Failure(source, str(exc))


def publication_date(value: str | None) -> str | None:
    """A publication date as YYYY-MM-DD, None when it cannot be read; Refused when it
    names an impossible day ("2024-13-45") or is too long to be a date."""
    if not value:
        return None
    value = one_line(value, len(value))
    if len(value) > MAX_DATE_CHARS:
        raise Refused(f"'published' is not a date: {len(value):,} characters (a date has at most {MAX_DATE_CHARS})")
    if _ISO_PREFIX.match(value):
        try:
            return date.fromisoformat(value[:PUBLISHED_WIDTH]).isoformat()
        except ValueError:
            raise Refused(f"'published' is an impossible date: {value[:PUBLISHED_WIDTH]!r}") from None
    return normalise_date(value)


def _url(value: str | None) -> str | None:
    if not value:
        return None
    url = _CONTROL.sub("", _SURROGATE.sub("\ufffd", value)).strip()
    if len(url) > MAX_URL_CHARS:
        raise Refused(f"'url' too long: {len(url):,} characters (limit {MAX_URL_CHARS:,})")
    return url or None


def _lang(value: str | None) -> str | None:
    """A language tag of at most LANG_WIDTH characters ("pt-BR"); a longer tag keeps its
    language ("en-US-x-twain" is "en"); None when there is no value (the text tells)."""
    tag = (value or "").strip().replace("_", "-")
    if not tag:
        return None
    if len(tag) <= LANG_WIDTH and _LANG.match(tag):
        return tag
    primary = tag.split("-", 1)[0]
    if _LANG.match(primary):
        return primary
    raise Refused(f"'lang' is not a language code: {shown(tag, 40)!r}")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
