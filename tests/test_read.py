"""Readers: every format into Documents, and bad input into one-line Failures."""

from __future__ import annotations

import io
import json
import os
import random
import sys
import textwrap
from pathlib import Path

import pytest
from make_pdf import pdf_bytes, write_pdf

from caseboard.model import Document, Failure, Skipped
from caseboard.read import iter_files, read_bytes, read_path, sniff_reader
from caseboard.read.text import decode

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ARTICLE = (
    'CARACAS, Venezuela — Héctor "Niño" Guerrero, the leader of the Tren de Aragua gang, '
    "escaped from Tocorón prison before the army retook it, officials said."
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Army retakes Tocorón prison | Test Gazette</title>
<meta property="og:title" content="Army retakes Tocorón prison">
<meta property="article:published_time" content="2023-09-21T10:00:00-04:00">
<script>var tracker = "SCRIPT-SECRET-1"; console.log(tracker);</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sports">Sports</a></nav>
<article>
<h1>Army retakes Tocorón prison</h1>
<p>MARACAY, Venezuela — Thousands of soldiers entered Tocorón prison in Aragua state on Wednesday
and took control of the compound from the inmates who had run it for years, the government said.</p>
<p>Officers found a swimming pool, a nightclub and a small zoo inside the prison walls. The gang's
leader, known as "Niño Guerrero", was not found, and officials did not say where he was.</p>
<script>document.write("SCRIPT-SECRET-2");</script>
<p>"The state took back a building, not a network," said a criminologist in Caracas, who asked
that his name not be used because he feared for his safety.</p>
</article>
<footer>© 2023 Test Gazette. All rights reserved. Privacy policy. Terms of use.</footer>
</body></html>
"""


def documents(items) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def failures(items) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


# ---- plain text ---------------------------------------------------------------


def test_utf8_text_file(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE + "\n", encoding="utf-8")
    [doc] = list(read_path(path))
    assert doc.text == ARTICLE
    assert doc.source == str(path)
    assert doc.title is None and doc.published is None
    assert doc.lang == "en"


def test_utf8_with_byte_order_mark_loses_the_mark(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    [doc] = list(read_path(path))
    assert doc.text == ARTICLE


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_western_encodings_keep_spanish_names(tmp_path, encoding):
    # charset-normalizer ties cp1252 with cp1250 here; the latter would give "Peńa".
    text = (
        "The prison at Tocorón, in Aragua state, was retaken by the army, said José Peña, "
        "a lawyer for the families of the inmates held at the prison of San Sebastián."
    )
    if encoding == "cp1252":
        text += " “We were not told anything,” said María del Carmen Núñez — a relative."
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = list(read_path(path))
    assert doc.text == text


def test_other_legacy_encodings_still_detected():
    polish = "Zażółć gęślą jaźń, powiedział prokurator z Krakowa w poniedziałek rano."
    russian = "Прокуратура сообщила, что задержаны трое подозреваемых в вымогательстве."
    assert decode(polish.encode("cp1250")) == polish
    assert decode(russian.encode("cp1251")) == russian


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    [failure] = list(read_path(path))
    assert isinstance(failure, Failure)
    assert "binary" in failure.reason


def test_empty_and_blank_files_are_failures(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    results = list(read_path(tmp_path))
    assert [f.reason for f in failures(results)] == ["empty file", "empty file"]


def test_control_characters_only_is_no_text(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_bytes(b"\x01\x02\x03\x1b\x7f")
    [failure] = list(read_path(path))
    assert "no text" in failure.reason


def test_file_over_max_bytes_is_refused_without_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    [failure] = list(read_path(path, max_bytes=1000))
    assert "too large" in failure.reason and "--max-bytes" in failure.reason


def test_document_over_max_chars_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    [failure] = list(read_path(path, max_chars=100))
    assert "too long" in failure.reason and "--max-chars" in failure.reason


def test_published_option_fills_documents_without_a_date(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = list(read_path(path, published="2024-05-01"))
    assert doc.published == "2024-05-01"


# ---- HTML -----------------------------------------------------------------------


def test_html_main_text_title_and_date_without_scripts_or_boilerplate(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    [doc] = list(read_path(path))
    assert "Thousands of soldiers entered Tocorón prison" in doc.text
    assert '"The state took back a building, not a network,"' in doc.text
    assert "SCRIPT-SECRET" not in doc.text
    assert "tracker" not in doc.text
    assert "All rights reserved" not in doc.text
    assert "Sports" not in doc.text
    assert doc.title is not None and "Army retakes Tocorón prison" in doc.title
    assert doc.published == "2023-09-21"


def test_demo_html_page_drops_its_scripts():
    from conftest import EXAMPLES

    [doc] = list(read_path(EXAMPLES / "tocoron-operation.html"))
    assert "SCRIPT-MARKER" not in doc.text and "dataLayer" not in doc.text
    assert doc.published == "2023-09-21"
    assert doc.title == "Venezuela retakes Tocorón prison, but gang leader is gone"


# ---- PDF ------------------------------------------------------------------------


def test_pdf_text_and_title(tmp_path):
    path = write_pdf(tmp_path / "filing.pdf", "Indictment of José Peña", ARTICLE)
    [doc] = list(read_path(path))
    assert doc.title == "Indictment of José Peña"
    # the PDF wraps lines; the words and accents survive
    assert " ".join(doc.text.split()) == " ".join(ARTICLE.split())


def test_multi_page_pdf_keeps_every_page_in_order(tmp_path):
    paragraphs = [f"Paragraph {n}: the court heard testimony from witness number {n}." for n in range(120)]
    path = write_pdf(tmp_path / "long.pdf", "Transcript", "\n".join(paragraphs))
    [doc] = list(read_path(path))
    assert "Paragraph 0:" in doc.text and "Paragraph 119:" in doc.text
    assert doc.text.index("Paragraph 5:") < doc.text.index("Paragraph 60:") < doc.text.index("Paragraph 119:")


def test_pdf_lines_are_joined_into_paragraphs_without_running_headers_and_page_numbers(tmp_path):
    paragraphs = [
        f"Paragraph {n}: witness {n} told the court that cell {n} met {n * 3} times in Aurora, "
        f"that its {n + 7} members paid {n * 100 + 50} dollars a week to a leader in Maracay, "
        f"and that {n + 2} of them carried weapons, the filing says."
        for n in range(12)
    ]
    data = pdf_bytes("Filing", "\n\n".join(paragraphs), header="CONFIDENTIAL", footer="Page {page} of {pages}", lines_per_page=15)
    path = tmp_path / "filing.pdf"
    path.write_bytes(data)
    [doc] = list(read_path(path))
    assert doc.text == "\n\n".join(paragraphs)  # whole paragraphs, nothing of the running lines
    assert "CONFIDENTIAL" not in doc.text and "Page 1" not in doc.text
    assert len(doc.pages) > 3
    assert [page for _, _, page in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert doc.pages[0][0] == 0 and doc.pages[-1][1] == len(doc.text)
    assert all(end == next_start for (_, end, _), (next_start, _, _) in zip(doc.pages, doc.pages[1:]))
    last = doc.text.index("the filing says", doc.text.index("Paragraph 11:"))
    assert doc.page_at(last) == len(doc.pages) and doc.page_at(0) == 1


def test_a_page_number_alone_is_dropped_even_on_one_page(tmp_path):
    path = tmp_path / "one.pdf"
    path.write_bytes(pdf_bytes("One", ARTICLE, footer="- {page} -"))
    [doc] = list(read_path(path))
    assert doc.text == ARTICLE
    assert doc.pages == [[0, len(ARTICLE), 1]]


def test_plain_text_has_no_pages(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE)
    [doc] = list(read_path(path))
    assert doc.pages == []


def test_folded_text_is_read_as_the_original(tmp_path):
    # GNU fold counts bytes and cuts "ú" in two; `fold -s` keeps a space at the line's end
    original = (EXAMPLES / "cucuta-arrest.txt").read_bytes()
    [expected] = list(read_bytes(original, "original", sniff_reader(original)))
    for folded in (_fold(original, 72, spaces=False), _fold(original, 72, spaces=True), _fold(original, 60, spaces=True)):
        [doc] = list(read_bytes(folded, "folded", sniff_reader(folded)))
        assert doc.text == expected.text


def _fold(data: bytes, width: int, spaces: bool) -> bytes:
    """What `fold -w WIDTH` (`-s`: at spaces) prints: lines of at most WIDTH bytes."""
    lines = []
    for line in data.split(b"\n"):
        while len(line) > width:
            cut = line.rfind(b" ", 0, width) + 1 if spaces else 0
            cut = cut or width
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return b"\n".join(lines)


def test_truncated_pdf_is_a_one_line_failure(tmp_path):
    data = pdf_bytes("Broken", ARTICLE * 20)
    path = tmp_path / "broken.pdf"
    path.write_bytes(data[: len(data) // 3])
    results = list(read_path(path))
    assert not documents(results)
    [failure] = failures(results)
    assert failure.source == str(path)
    assert "\n" not in failure.reason and failure.reason


# ---- JSON and JSON Lines ----------------------------------------------------------------


def test_jsonl_keeps_good_lines_around_a_malformed_one(tmp_path):
    lines = [
        json.dumps({"text": "First story about Tocorón.", "title": "One", "url": "https://x.example/1",
                    "published": "2024-03-02"}),
        '{"text": "broken line, no closing brace"',
        json.dumps({"text": "Third story about Aurora.", "title": "Three", "published": "March 4, 2024"}),
        json.dumps({"title": "no text field"}),
        json.dumps(["not", "an", "object"]),
        "",
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = list(read_path(path))
    docs = documents(results)
    assert [d.text for d in docs] == ["First story about Tocorón.", "Third story about Aurora."]
    assert [d.title for d in docs] == ["One", "Three"]
    assert [d.published for d in docs] == ["2024-03-02", "2024-03-04"]
    assert docs[0].url == "https://x.example/1" and docs[0].source == "https://x.example/1"
    assert docs[1].source == f"{path}:3"
    bad = failures(results)
    assert [f.source for f in bad] == [f"{path}:2", f"{path}:4", f"{path}:5"]
    assert "invalid JSON on line 2" in bad[0].reason
    assert "'text'" in bad[1].reason
    assert "got list" in bad[2].reason


def test_jsonl_binary_or_mis_encoded_line_costs_only_that_line(tmp_path):
    good = [json.dumps({"text": f"Story {n} about Peña in Tocorón."}, ensure_ascii=False).encode() for n in (1, 3, 5)]
    path = tmp_path / "scraped.jsonl"
    # a NUL-laden line and a line of invalid UTF-8 used to make the whole file "binary" or cp1252
    path.write_bytes(b"\n".join([good[0], b"\x00\x01binary\x00", good[1], b"{\"text\": \"\xff\xfe\x80\"", good[2]]))
    results = list(read_path(path))
    assert [d.text for d in documents(results)] == [f"Story {n} about Peña in Tocorón." for n in (1, 3, 5)]
    assert [f.source for f in failures(results)] == [f"{path}:2", f"{path}:4"]


def test_jsonl_line_separator_inside_a_string_does_not_split_the_line(tmp_path):
    path = tmp_path / "wire.jsonl"
    lines = [{"text": "First story.", "title": "Caracas\u2028edition"}, {"text": "Second\x85story."}]
    path.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in lines) + "\n", encoding="utf-8")
    results = list(read_path(path))
    assert not failures(results)
    assert [d.title for d in documents(results)] == ["Caracas\u2028edition", None]
    assert [d.text for d in documents(results)] == ["First story.", "Second\nstory."]


@pytest.mark.parametrize("content", [b"\x1c", "\u3000\n\u2003".encode(), b"[]", b" [ ] "])
def test_json_file_without_objects_is_a_failure_not_silence(tmp_path, content):
    path = tmp_path / "blank.json"
    path.write_bytes(content)
    results = list(read_path(path))
    assert len(results) == 1 and isinstance(results[0], Failure) and results[0].source == str(path)


def test_json_list_and_single_pretty_printed_object(tmp_path):
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps([{"text": "Alpha story."}, {"text": "Beta story.", "lang": "es"}]))
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"text": "Gamma story.", "title": "G"}, indent=2))
    docs = documents(read_path(listing)) + documents(read_path(single))
    assert [(d.text, d.source) for d in docs] == [
        ("Alpha story.", f"{listing}#0"),
        ("Beta story.", f"{listing}#1"),
        ("Gamma story.", str(single)),
    ]
    assert docs[1].lang == "es" and docs[2].title == "G"


def test_demo_jsonl_articles_carry_title_url_and_date():
    from conftest import EXAMPLES

    docs = documents(read_path(EXAMPLES / "wire"))
    assert len(docs) == 3
    assert all(d.title and d.url and d.published for d in docs)


def test_html_date_comes_from_markup_not_from_dates_in_the_text(tmp_path):
    page = (
        "<html><head><title>Raids</title></head><body><article><p>SANTIAGO, Chile — Police arrested six people "
        "on Friday. The arrests followed raids in 2021 and a court hearing on March 3, 2019, prosecutors said."
        "</p><p>Investigators said more arrests were expected in the coming weeks.</p></article>"
        "<footer>© 2023 Test Gazette</footer></body></html>"
    )
    path = tmp_path / "undated.html"
    path.write_text(page, encoding="utf-8")
    [doc] = list(read_path(path))
    assert doc.published is None
    dated = tmp_path / "dated.html"
    dated.write_text(page.replace("<article>", '<article><time datetime="2024-05-06">May 6</time>'), encoding="utf-8")
    assert [d.published for d in read_path(dated)] == ["2024-05-06"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("shell.html", "<html><head><script>app()</script></head><body><div id='root'></div></body></html>", "no main text"),
        ("fake.pdf", "this is not a pdf", "not a PDF"),
        ("broken.json", '[{"text": "a"}, {"text": ', "invalid JSON"),
    ],
)
def test_a_bad_file_is_one_failure_saying_why(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [failure] = list(read_path(path))
    assert failure.source == str(path)
    assert reason in failure.reason


# ---- folders, stdin, suffixes --------------------------------------------------------


def test_folders_are_read_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deeper").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("Story A.")
    (tmp_path / "b" / "c.txt").write_text("Story C.")
    (tmp_path / "b" / "deeper" / "d.md").write_text("Story D.")
    (tmp_path / ".hidden" / "e.txt").write_text("Hidden story.")
    (tmp_path / ".notes.txt").write_text("Hidden notes.")
    results = list(read_path(tmp_path))
    assert [d.text for d in documents(results)] == ["Story A.", "Story C.", "Story D."]
    # hidden files and folders are not read, and each is reported as skipped
    assert {Path(s.source).name: s.reason for s in failures(results)} == {
        ".hidden": "hidden: not read (name it to read it)",
        ".notes.txt": "hidden: not read (name it to read it)",
    }
    assert all(isinstance(s, Skipped) for s in failures(results))


def test_folders_skip_files_no_reader_handles(tmp_path):
    # examples/ holds make_pdf.py and a README next to the articles: `ingest examples` must not fail on them
    (tmp_path / "make_pdf.py").write_text("print('hi')")
    (tmp_path / "README").write_text("About this folder.")
    (tmp_path / "story.txt").write_text("Story.")
    results = list(read_path(tmp_path))
    assert [d.text for d in documents(results)] == ["Story."]
    # not read, but reported with the reason, as Skipped (no failure of the batch)
    skipped = {Path(s.source).name: s.reason for s in failures(results) if isinstance(s, Skipped)}
    assert set(skipped) == {"make_pdf.py", "README"} == {Path(f.source).name for f in failures(results)}
    assert skipped["README"].startswith("unsupported file type '(no suffix)' (supported: ")


def test_an_unsupported_file_named_explicitly_is_a_failure(tmp_path):
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04 not really")
    [failure] = list(read_path(path))
    assert "unsupported file type '.pptx'" in failure.reason
    assert ".txt" in failure.reason  # says what is supported


def test_missing_path_is_a_failure(tmp_path):
    [failure] = list(read_path(tmp_path / "nowhere.txt"))
    assert failure.reason == "no such file or folder"


@pytest.mark.parametrize(
    ("data", "check"),
    [
        (ARTICLE.encode("utf-8"), lambda d: d.text == ARTICLE),
        (HTML_PAGE.encode("utf-8"), lambda d: "SCRIPT-SECRET" not in d.text and "Thousands of soldiers" in d.text),
        (json.dumps({"text": ARTICLE, "title": "T"}).encode(), lambda d: d.title == "T" and d.text == ARTICLE),
        (pdf_bytes("Piped", ARTICLE), lambda d: d.title == "Piped" and "Tocorón" in d.text),
    ],
    ids=["text", "html", "json", "pdf"],
)
def test_stdin_is_read_and_its_format_sniffed(monkeypatch, data, check):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [doc] = list(read_path("-"))
    assert doc.source == "-"
    assert check(doc)


def test_stdin_over_max_bytes_is_refused(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 101)))
    [failure] = list(read_path("-", max_bytes=100))
    assert "too large" in failure.reason


def test_a_crashing_reader_becomes_a_failure_not_an_exception():
    def explode(data, source):
        raise RuntimeError("parser blew up\non two lines")
        yield  # a generator, like the real readers

    [failure] = list(read_bytes(b"data", "weird.bin", explode))
    assert failure.source == "weird.bin"
    assert failure.reason == "unreadable: RuntimeError: parser blew up on two lines"


def test_sniff_reader_by_first_bytes():
    from caseboard.read import READERS

    assert sniff_reader(b"  %PDF-1.4 ...") is READERS[".pdf"]
    assert sniff_reader(b"<!DOCTYPE html><html>") is READERS[".html"]
    assert sniff_reader(b'\n{"text": "x"}') is READERS[".json"]
    assert sniff_reader(b"Plain words.") is READERS[".txt"]
    assert sniff_reader(b"{\\rtf1\\ansi Police arrested a man.}") is READERS[".rtf"]
    assert sniff_reader(b"From: Ana <a@example.org>\nSubject: Tip\n\nBody.") is READERS[".eml"]
    assert sniff_reader(b"From the archive: police arrested a man.\nMore text.") is READERS[".txt"]
    assert sniff_reader(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) is READERS[".msg"]


# ---- hostile files, names and lines (issue 20) ---------------------------------


def test_a_fifo_and_devices_are_skipped_with_a_reason_not_read(tmp_path):
    os.mkfifo(tmp_path / "a.txt")  # reading it would wait forever for a writer
    (tmp_path / "story.txt").write_text("Police arrested two men.")
    results = list(read_path(tmp_path))
    assert [d.text for d in documents(results)] == ["Police arrested two men."]
    [fifo] = failures(results)
    assert fifo.source == str(tmp_path / "a.txt") and "not a regular file (a named pipe (FIFO))" in fifo.reason
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # its size reads as 0: only the type check stops it
    [device] = list(read_path(tmp_path / "zero.txt"))
    assert isinstance(device, Failure) and "character device" in device.reason


def test_links_out_of_the_folder_are_not_followed_unless_asked(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("A secret kept outside the corpus.")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text("Police arrested two men.")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(outside)
    (corpus / "again.txt").symlink_to(corpus / "story.txt")  # inside the folder: followed
    results = list(read_path(corpus))
    assert [d.text for d in documents(results)] == ["Police arrested two men."] * 2
    assert sorted(f.source for f in failures(results)) == [str(corpus / "passwd.txt"), str(corpus / "secret.txt")]
    assert all("not followed (use --follow-links)" in f.reason for f in failures(results))
    followed = documents(read_path(corpus, follow_links=True))
    assert "A secret kept outside the corpus." in [d.text for d in followed]


def test_a_link_loop_is_reported_as_a_loop(tmp_path):
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    [named] = list(read_path(tmp_path / "loop.txt"))
    assert "symbolic link loop" in named.reason
    found = failures(read_path(tmp_path, follow_links=True))  # a followed link to a folder above is a loop too
    assert [f.source for f in found] == [str(tmp_path / "loop.txt"), str(tmp_path / "sub" / "up")]
    assert all("symbolic link loop" in f.reason for f in found)


def test_a_file_growing_past_its_size_is_still_cut_at_max_bytes(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_text("x" * 10)
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 0, *real_fstat(fd)[7:])))
    path.write_text("Police arrested two men. " * 100)  # 2,500 bytes, while fstat says 0
    [failure] = list(read_path(path, max_bytes=1000))
    assert "over 1,000 bytes" in failure.reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [("[" * 100_000, "nested too deeply"), ('{"text": "x", "n": ' + "9" * 5_000 + "}", "integer over")],
)
def test_a_jsonl_line_that_breaks_the_parser_costs_only_that_line(tmp_path, line, reason):
    good = [json.dumps({"text": f"Story {n}."}) for n in (1, 3, 4)]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join([good[0], line, *good[1:]]) + "\n")
    results = list(read_path(path))
    assert [d.text for d in documents(results)] == ["Story 1.", "Story 3.", "Story 4."]
    [failure] = failures(results)
    assert failure.source == f"{path}:2" and f"line 2: " in failure.reason and reason in failure.reason


def test_a_deeply_nested_first_line_does_not_cost_the_file(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text("[" * 100_000 + "\n" + json.dumps({"text": "Story 2."}) + "\n")
    results = list(read_path(path))
    assert [d.text for d in documents(results)] == ["Story 2."] and len(failures(results)) == 1


def test_a_file_that_is_not_jsonl_at_all_is_one_failure(tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_bytes(b"\n".join(bytes(random.Random(n).randrange(256) for _ in range(100)) for n in range(300)))
    [failure] = list(read_path(path))
    assert failure.source == str(path) and failure.reason.startswith(("not JSON Lines", "binary"))


def test_files_with_names_that_are_not_utf8_are_read(tmp_path):
    os.chdir(tmp_path)
    Path(b"caf\xe9.txt".decode("utf-8", "surrogateescape")).write_text("Police arrested two men.")
    [doc] = list(read_path(tmp_path))
    assert doc.source == f"{tmp_path}/caf\ufffd.txt"


def test_reading_and_extraction_are_inside_the_time_budget(tmp_path):
    import time

    path = tmp_path / "slow.html"
    path.write_text("<html><body>" + "<p>Police arrested a man in Lima today. " * 50_000)  # ~5 s for trafilatura
    (tmp_path / "story.txt").write_text("Police arrested two men.")
    start = time.monotonic()
    results = list(read_path(tmp_path, max_chars=10_000_000, timeout=0.5))
    assert time.monotonic() - start < 3
    [failure] = failures(results)
    assert failure.source == str(path) and "timed out: reading took over 0.5 s" in failure.reason
    assert [d.text for d in documents(results)] == ["Police arrested two men."]


# ---- the same article, wrapped ---------------------------------------------------------


def _facts(extraction) -> tuple:
    names = {e.id: e.name for e in extraction.entities}
    return (
        sorted((e.type, e.name) for e in extraction.entities),
        sorted((names[r.subject], r.relation, names[r.object], r.status, r.evidence.text) for r in extraction.relations),
        sorted(
            (e.type, e.date, e.status, e.evidence.text, sorted((role, sorted(names[i] for i in ids)) for role, ids in e.participants.items()))
            for e in extraction.events
        ),
        sorted((q.text, q.speaker_name) for q in extraction.quotes),
    )


@pytest.mark.parametrize("article", ["sinaloa-el-paso-arrests.txt", "cucuta-arrest.txt"])
def test_a_pdf_and_a_folded_copy_of_an_article_state_what_the_article_states(article):
    from caseboard.pipeline import process

    original = (EXAMPLES / article).read_bytes()
    [expected] = list(read_bytes(original, "original", sniff_reader(original)))
    as_pdf = pdf_bytes("Article", original.decode(), header="CONFIDENTIAL", footer="Page {page} of {pages}", lines_per_page=12)
    for data in (as_pdf, _fold(original, 72, spaces=False)):
        [doc] = list(read_bytes(data, "copy", sniff_reader(data)))
        # same entities, relations and events, each with the same whole evidence sentence
        assert _facts(process(doc)) == _facts(process(expected))


# ---- office documents and email ------------------------------------------------------


def test_docx_paragraphs_tables_title_and_author(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Indictment summary", level=1)
    document.add_paragraph(ARTICLE)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Defendant"
    table.rows[0].cells[1].text = "José Peña"
    document.core_properties.title = "Indictment of José Peña"
    document.core_properties.author = "Ana Ruiz"
    path = tmp_path / "filing.docx"
    document.save(path)
    [doc] = list(read_path(path))
    assert doc.text == f"Indictment summary\n\n{ARTICLE}\n\nDefendant\n\nJosé Peña"
    assert (doc.title, doc.author) == ("Indictment of José Peña", "Ana Ruiz")


def test_odt_headings_paragraphs_title_and_author(tmp_path):
    from odf import dc, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Army retakes Tocorón"))
    document.meta.addElement(dc.Creator(text="Luis Mora"))
    document.text.addElement(text.H(outlinelevel=1, text="Army retakes Tocorón"))
    document.text.addElement(text.P(text=ARTICLE))
    path = tmp_path / "story.odt"
    document.save(str(path))
    [doc] = list(read_path(path))
    assert doc.text == f"Army retakes Tocorón\n\n{ARTICLE}"
    assert (doc.title, doc.author) == ("Army retakes Tocorón", "Luis Mora")


def test_rtf_text_with_escaped_accents_and_its_info_group(tmp_path):
    rtf = (
        r"{\rtf1\ansi\ansicpg1252{\info{\title Tocor\'f3n report}{\author Mar\'eda Gil}}"
        r"\pard Police arrested Jos\'e9 Pe\'f1a in Caracas on Monday, officials said.\par}"
    )
    path = tmp_path / "report.rtf"
    path.write_bytes(rtf.encode("ascii"))
    [doc] = list(read_path(path))
    assert doc.text == "Police arrested José Peña in Caracas on Monday, officials said."
    assert (doc.title, doc.author) == ("Tocorón report", "María Gil")


def _email(attachments: list[tuple[str, bytes, str]] = ()) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Ana Peña <ana@example.org>"
    message["To"] = "desk@example.org"
    message["Subject"] = "Tip: arrest in Cúcuta"
    message["Date"] = "Tue, 05 Mar 2024 10:00:00 -0500"
    # wrapped at 72, and sent quoted-printable: neither may break a sentence
    message.set_content("\n".join(textwrap.wrap(ARTICLE, 72)), cte="quoted-printable")
    for name, data, kind in attachments:
        maintype, subtype = kind.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def test_email_body_subject_date_and_sender_and_no_headers_as_text(tmp_path):
    path = tmp_path / "tip.eml"
    path.write_bytes(_email())
    [doc] = list(read_path(path))
    assert doc.text == ARTICLE
    assert (doc.title, doc.published, doc.author) == ("Tip: arrest in Cúcuta", "2024-03-05", "Ana Peña")


def test_email_piped_in_is_read_as_email(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_email())))
    [doc] = list(read_path("-"))
    assert doc.text == ARTICLE and doc.author == "Ana Peña"


def test_email_attachments_are_documents_of_their_own_and_others_skipped(tmp_path):
    data = _email([("filing.pdf", pdf_bytes("Filing", "The court charged Luis Mora with extortion."), "application/pdf"),
                   ("logo.png", b"\x89PNG\r\n\x1a\n....", "image/png")])
    path = tmp_path / "tip.eml"
    path.write_bytes(data)
    results = list(read_path(path))
    body, pdf = documents(results)
    assert body.text == ARTICLE
    assert pdf.source == f"{path} > filing.pdf" and pdf.text == "The court charged Luis Mora with extortion."
    [skipped] = failures(results)
    assert isinstance(skipped, Skipped)
    assert skipped.source == f"{path} > logo.png" and "unsupported file type '.png'" in skipped.reason


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("bad.docx", b"PK\x03\x04 not really a zip", "unreadable .docx"),
        ("bad.odt", b"plain words", "unreadable .odt"),
        ("bad.rtf", b"plain words", "not RTF"),
        ("bad.msg", b"plain words", "not an Outlook message"),
        ("bad.eml", b"plain words without headers", "not an email"),
    ],
)
def test_a_damaged_office_or_email_file_is_one_failure(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    [failure] = list(read_path(path))
    assert isinstance(failure, Failure) and reason in failure.reason and "\n" not in failure.reason


def test_a_zip_bomb_docx_is_refused_before_unpacking(tmp_path):
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 210_000_000)
    [failure] = list(read_path(path))
    assert "unpacks to 210,000,000 bytes" in failure.reason


def test_html_author_and_site_name_from_the_pages_metadata(tmp_path):
    page = HTML_PAGE.replace(
        '<meta charset="utf-8">',
        '<meta charset="utf-8"><meta name="author" content="Luis Mora"><meta property="og:site_name" content="Test Gazette">',
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [doc] = list(read_path(path))
    assert (doc.author, doc.site) == ("Luis Mora", "Test Gazette")


ENGLISH_BODY = (
    "Police arrested three alleged members of the gang in Bogota on Tuesday, prosecutors said, accusing "
    "them of extortion and kidnapping in several neighbourhoods of the city and beyond it."
)
SPANISH_BODY = (
    "La Policía Nacional detuvo el martes en Bogotá a tres presuntos integrantes del Tren de Aragua, "
    "según informó la Fiscalía, que los acusa de extorsión y de secuestro en varios barrios de la ciudad."
)


@pytest.mark.parametrize(
    ("data", "lang"),
    [
        (f'<html lang="es-MX"><head><title>Nota</title></head><body><article><p>{ENGLISH_BODY}</p></article></body></html>', "es-MX"),
        (f"<HTML class=page LANG=es><body><article><p>{ENGLISH_BODY}</p></article></body></HTML>", "es"),
        (f"<html><body><article><p>{SPANISH_BODY}</p></article></body></html>", "es"),
        (json.dumps({"text": ENGLISH_BODY, "lang": "es"}), "es"),
        (json.dumps({"text": SPANISH_BODY}), "es"),
        (SPANISH_BODY, "es"),
        (ENGLISH_BODY, "en"),
    ],
)
def test_a_document_has_the_language_its_reader_declares_else_the_one_detected(data, lang):
    raw = data.encode("utf-8")
    [document] = read_bytes(raw, "doc", sniff_reader(raw))
    assert isinstance(document, Document) and document.lang == lang
