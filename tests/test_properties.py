"""Property-based tests: whatever text or bytes arrive, the pipeline and the readers never raise.

The pipeline must return a valid extraction (every offset quotes the text, every id
resolves, types and statuses from the closed sets) for any Unicode text; each reader
must turn any malformed input into documents or one-line failures, keeping the good
parts (the good lines of a JSONL file with bad lines in the middle).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from make_pdf import pdf_bytes

from caseboard import pipeline
from caseboard.clean import normalise_text
from caseboard.model import Document, Extraction, Failure, validate
from caseboard.read import READERS, read_bytes, read_file, sniff_reader

# spaCy takes tens of milliseconds per document: few, bounded examples.
PIPELINE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READER = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces a scraped page is made of: words and names the model will tag, and the awkward rest.
WORDS = st.sampled_from(
    [
        "the", "police", "said", "on", "Tuesday", "in", "Caracas", "Héctor", "Guerrero", "of", "Tren",
        "de", "Aragua", "was", "arrested", "by", "the FBI", "allegedly", "\"We will find him,\" said Ana Peña.",
        "Tocorón prison", "New York", "denied", "2023", "last year", "Mr.", "Dr.", "U.S.", ".", ",", "\n", "\n\n",
    ]
)
AWKWARD = st.sampled_from(
    [
        "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u00ad", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066",
        "\u2028", "\u2029", "\ufeff", "\ufffd", "\ud800", "\udfff", "\r\n", "\r", "\t", "😀", "👩‍👩‍👧", "🇻🇪",
        "שלום", "مرحبا", "Ｆｕｌｌｗｉｄｔｈ", "e\u0301", "ﬁ", "\U0010ffff", "<script>alert(1)</script>",
    ]
)
# Any code point at all, lone surrogates included.
ANY_CHAR = st.characters(codec=None, categories=None)
LONG_TOKEN = st.integers(1_000, 6_000).map(lambda n: "x" * n)
LONG_LINE = st.integers(200, 1_500).map(lambda n: " ".join(["Guerrero"] * n))
PIECE = st.one_of(WORDS, WORDS, WORDS, AWKWARD, st.text(ANY_CHAR, max_size=30), LONG_TOKEN, LONG_LINE)
RAW_TEXT = st.lists(PIECE, min_size=1, max_size=60).map(" ".join)


def without_surrogates(text: str) -> str:
    """Lone surrogates as U+FFFD, as a decoder with errors='replace' gives them."""
    return text.encode("utf-8", "replace").decode("utf-8")


def assert_valid(extraction: Extraction, document: Document) -> None:
    assert extraction.document is document
    assert validate(extraction) == []
    assert len({e.id for e in extraction.entities}) == len(extraction.entities)
    # the JSON form is what every view reads: it must serialise and come back the same
    data = json.loads(json.dumps(extraction.to_dict(), ensure_ascii=False))
    assert Extraction.from_dict(data).to_dict() == extraction.to_dict()


@PIPELINE
@given(RAW_TEXT)
def test_process_gives_a_valid_extraction_for_any_raw_text(raw):
    # no cleaning: control characters, RTL marks and odd line breaks reach the pipeline as they are
    document = Document(text=without_surrogates(raw), source="generated")
    assert_valid(pipeline.process(document), document)


@PIPELINE
@given(RAW_TEXT)
def test_process_gives_a_valid_extraction_for_any_cleaned_text(raw):
    text = normalise_text(raw)
    document = Document(text=text, source="generated")
    assert_valid(pipeline.process(document), document)


@settings(max_examples=200, deadline=None)
@given(st.text(ANY_CHAR, max_size=300))
def test_cleaning_removes_controls_and_surrogates_and_is_stable(raw):
    text = normalise_text(raw)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in text)
    text.encode("utf-8")  # storable as UTF-8
    assert normalise_text(text) == text


def read_all(data: bytes, suffix: str) -> list[Document | Failure]:
    """What the reader for `suffix` makes of `data`; read_bytes must never raise."""
    items = list(read_bytes(data, f"input{suffix}", READERS[suffix]))
    for item in items:
        assert isinstance(item, Document | Failure)
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text.strip() and item.text == normalise_text(item.text)
    return items


@READER
@given(st.binary(max_size=4_000), st.sampled_from(sorted(READERS)))
def test_every_reader_survives_random_bytes(data, suffix):
    read_all(data, suffix)


@READER
@given(st.binary(max_size=2_000))
def test_sniffed_stdin_survives_random_bytes(data):
    read_all(data, ".txt")  # the reader is only a default here; sniffing picks the real one
    list(read_bytes(data, "-", sniff_reader(data)))


PDF = pdf_bytes("Indictment", "Héctor Guerrero escaped from Tocorón prison in 2023.\n" * 40)


@READER
@given(st.integers(0, len(PDF)))
def test_truncated_pdf_is_a_document_or_a_failure(cut):
    read_all(PDF[:cut], ".pdf")


@READER
@given(st.integers(0, len(PDF) - 1), st.binary(min_size=1, max_size=64))
def test_pdf_with_random_bytes_spliced_in_is_a_document_or_a_failure(at, noise):
    read_all(PDF[:at] + noise + PDF[at + len(noise) :], ".pdf")


TAGS = st.sampled_from(["div", "p", "span", "article", "table", "td", "b", "script", "style", "svg", "iframe"])
HTML_PIECE = st.one_of(
    TAGS.map(lambda t: f"<{t}>"),
    TAGS.map(lambda t: f"</{t}>"),
    WORDS,
    AWKWARD,
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#xD800;", "&bogus;", "<a href='javascript:x'>", "<"]),
)


@READER
@given(st.lists(HTML_PIECE, max_size=200).map("".join))
def test_html_with_unclosed_and_stray_tags_is_a_document_or_a_failure(body):
    read_all(f"<html><head><title>t</title></head><body>{body}".encode("utf-8", "surrogatepass"), ".html")


@settings(max_examples=10, deadline=None)
@given(st.integers(100, 5_000), TAGS)
def test_deeply_nested_html_is_a_document_or_a_failure(depth, tag):
    page = f"<html><body>{f'<{tag}>' * depth}Héctor Guerrero escaped from Tocorón prison.{f'</{tag}>' * (depth // 2)}"
    read_all(page.encode(), ".html")


GOOD_LINE = st.builds(
    lambda words, title: json.dumps({"text": " ".join(words), "title": title}, ensure_ascii=False),
    st.lists(WORDS.filter(str.strip), min_size=3, max_size=20),
    st.one_of(st.none(), st.text(max_size=20)),
)
BAD_LINE = st.one_of(
    st.sampled_from(['{"text": "cut off', "{", "not json", '{"title": "no text"}', '{"text": ""}', "null", "42", '"text"']),
    st.text(ANY_CHAR, min_size=1, max_size=40).filter(lambda s: s.strip() and not s.lstrip().startswith(("{", "["))),
)


def one_line(text: str) -> str:
    """`text` with every character str.splitlines() would break at replaced by a space."""
    return "".join(" " if len(f"a{c}b".splitlines()) > 1 else c for c in text)


@READER
@given(st.lists(st.tuples(st.booleans(), GOOD_LINE, BAD_LINE), min_size=2, max_size=12))
def test_jsonl_keeps_every_good_line_around_bad_ones(rows):
    lines = [good if keep else one_line(bad) for keep, good, bad in rows]
    content = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = read_all(content, ".jsonl")
    kept = [d.text for d in items if isinstance(d, Document)]
    assert kept == [normalise_text(json.loads(line)["text"]) for line, (keep, _, _) in zip(lines, rows) if keep]
    if not kept:  # no line is a document: the file is one failure, not one a line
        assert len(items) == 1 and items[0].source == "input.jsonl"
        return
    failed = {int(f.source.rsplit(":", 1)[1]) for f in items if isinstance(f, Failure)}
    assert failed <= {number for number, (keep, _, _) in enumerate(rows, start=1) if not keep}


@READER
@given(st.binary(max_size=2_000), st.sampled_from([*sorted(READERS), ".exe", ""]))
def test_read_file_never_raises(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("input") / f"file{suffix}"
    path.write_bytes(data)
    items = list(read_file(path))
    assert items and all(isinstance(i, Document | Failure) for i in items)
