"""Fields made storable where a Document is built: names, surrogates, NUL, widths, dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseboard.model import Document, Failure
from caseboard.read.base import RawText
from caseboard.read.fields import MAX_SOURCE_CHARS, document, shown


def built(**fields) -> Document | Failure:
    return document(RawText(text="Police arrested two men.", source=fields.pop("source", "wire.jsonl:1"), **fields), "Police arrested two men.")


def test_a_file_name_that_is_not_utf8_is_shown_with_a_replacement():
    name = Path("/corpus") / b"caf\xe9\xff.txt".decode("utf-8", "surrogateescape")
    assert shown(name) == "/corpus/caf\ufffd\ufffd.txt"
    shown(name).encode("utf-8")  # storable and printable


def test_a_newline_in_a_name_keeps_its_failure_on_one_line():
    assert "\n" not in shown("/corpus/two\nlines.txt")


def test_lone_surrogates_and_nul_are_replaced_in_every_field():
    doc = built(source="https://x.example/\ud800", url="https://x.example/\ud800", title="T\ud800\x00itle")
    assert isinstance(doc, Document)
    assert doc.url == "https://x.example/\ufffd" and doc.source == "https://x.example/\ufffd"
    assert doc.title == "T\ufffd itle"
    for value in (doc.url, doc.source, doc.title):
        value.encode("utf-8")


def test_long_sources_and_titles_are_cut_to_their_column():
    doc = built(source="x" * 10_000, title="y" * 10_000)
    assert len(doc.source) == MAX_SOURCE_CHARS and len(doc.title) == 1_000


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"published": "2024-13-45"}, "impossible date"),
        ({"published": "2024-02-30T10:00:00Z"}, "impossible date"),
        ({"published": "May " * 30_000}, "not a date"),
        ({"lang": "english-language"}, "not a language code"),
        ({"url": "https://x.example/" + "a" * 5_000}, "'url' too long"),
    ],
)
def test_a_field_no_repair_can_store_refuses_its_document_with_a_reason(fields, reason):
    failure = built(**fields)
    assert isinstance(failure, Failure) and reason in failure.reason and "\n" not in failure.reason


@pytest.mark.parametrize(("lang", "stored"), [(None, "en"), ("pt-BR", "pt-BR"), ("en_US", "en-US"), ("en-US-x-twain", "en")])
def test_language_tags_fit_their_column(lang, stored):
    assert built(lang=lang).lang == stored


def test_dates_that_can_be_read_are_normalised():
    assert built(published="2024-03-05T10:00:00+02:00").published == "2024-03-05"
    assert built(published="March 4, 2024").published == "2024-03-04"


def test_a_document_without_a_language_tag_gets_the_language_of_its_text():
    spanish = (
        "La policía detuvo el martes en Bogotá a tres presuntos integrantes de la banda, "
        "según informó la Fiscalía, que los acusa de extorsión y de secuestro en varios barrios de la ciudad."
    )
    english = (
        "Police arrested three alleged members of the gang in Bogota on Tuesday, prosecutors said, "
        "accusing them of extortion and kidnapping in several neighbourhoods of the city."
    )

    def read(text: str, lang: str | None = None) -> str:
        return document(RawText(text=text, source="wire.txt", lang=lang), text).lang

    assert read(spanish) == "es"
    assert read(english) == "en"
    assert read(spanish, lang="en") == "en"  # the reader's metadata wins
    assert read("Tren de Aragua leader escaped from Tocorón.") == "en"  # too short to tell
