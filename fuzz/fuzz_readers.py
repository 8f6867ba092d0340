"""Coverage-guided fuzzing of the readers and pipeline.process (atheris, i.e. libFuzzer).

    make fuzz                                   # FUZZ_SECONDS=60 by default
    python fuzz/fuzz_readers.py .fuzz/corpus -max_total_time=60 -timeout=30

The first input byte picks the reader (a file suffix, or sniffing as for stdin) and
whether the documents read also go through the pipeline; the rest is the file. Reading
must never raise, and each document must give a valid extraction. libFuzzer saves an
input that crashes as crash-<sha1> (or timeout-, oom-): turn it into a regression test
in tests/test_read.py or tests/test_properties.py. An empty corpus folder is seeded with
one small file of each format and with the hostile inputs of issue 20 (`issue_20_seeds`).
Names, FIFOs, links and races are not file contents: tests/test_read.py and
tests/test_ingest.py cover those.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["caseboard", "pypdf", "trafilatura", "charset_normalizer"]):
    from caseboard import pipeline
    from caseboard.model import Document, validate
    from caseboard.read import READERS, read_bytes, sniff_reader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))
from make_pdf import pdf_bytes  # noqa: E402  (the demo's PDF writer makes the PDF seed)

SUFFIXES = sorted(set(READERS))
# spaCy costs ~1 ms per 100 characters: the pipeline sees the start of each document only.
MAX_PROCESS_CHARS = 3_000
ARTICLE = (
    'CARACAS — Héctor "Niño" Guerrero, the leader of the Tren de Aragua gang, escaped from '
    "Tocorón prison in 2023, officials said. He was allegedly arrested by the FBI last year."
)
SEEDS: dict[str, bytes] = {
    ".txt": ARTICLE.encode(),
    ".html": f"<html><head><title>Raid</title></head><body><article><p>{ARTICLE}</p></article></body></html>".encode(),
    ".jsonl": b'{"text": "%s", "title": "One"}\n{"text": "broken\n' % ARTICLE.replace('"', "'").encode(),
    ".pdf": pdf_bytes("Indictment", ARTICLE),
}


def issue_20_seeds() -> dict[str, bytes]:
    """The hostile inputs of issue 20 that fit in one file, one seed each (made here, not committed)."""
    good = b'{"text": "%s"}' % ARTICLE.replace('"', "'").encode()
    return {
        "d2-surrogate-url.jsonl": good + b'\n{"text": "x y z", "url": "https://x.example/\\ud800", "title": "\\udc80"}\n' + good,
        "d4-long-published.jsonl": b'{"text": "x y z", "published": "%s"}' % (b"May " * 3_000),
        "d4-paragraphs.html": b"<html><body>" + b"<p>Police arrested a man in Lima today. " * 2_000,
        "d5-deep-nesting.jsonl": good + b"\n" + b"[" * 20_000 + b"\n" + good,
        "d5-huge-integer.jsonl": good + b'\n{"text": "x", "n": ' + b"9" * 5_000 + b"}\n" + good,
        "d7-bad-fields.jsonl": b'{"text": "x y z", "lang": "english-language"}\n{"text": "a b", "title": "n\\u0000ul"}\n'
        b'{"text": "c d", "published": "2024-13-45"}',
        "minor-junk.jsonl": bytes((n * 131 + 7) % 256 for n in range(4_000)),
        "minor-brackets.txt": b"Police said [the suspect] fled [\xe2\x80\xa6] before Rojas was arrested.",
    }


def test_one_input(data: bytes) -> None:
    if not data:
        return
    choice, body = data[0], data[1:]
    reader = sniff_reader(body) if choice % (len(SUFFIXES) + 1) == len(SUFFIXES) else READERS[SUFFIXES[choice % (len(SUFFIXES) + 1)]]
    for item in read_bytes(body, "fuzz", reader):
        if isinstance(item, Document) and choice & 0x80:
            document = Document(text=item.text[:MAX_PROCESS_CHARS], source=item.source)
            problems = validate(pipeline.process(document))
            if problems:
                raise AssertionError(f"invalid extraction: {problems[:3]}")


def seed(corpus: Path) -> None:
    """One small file of each format, each once read only and once also processed."""
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    for suffix, content in SEEDS.items():
        index = SUFFIXES.index(suffix)
        for flag in (0, 0x80):
            (corpus / f"seed{suffix}-{flag}").write_bytes(bytes([index | flag]) + content)
    for name, content in issue_20_seeds().items():
        index = SUFFIXES.index(Path(name).suffix)
        (corpus / f"seed-{name}").write_bytes(bytes([index]) + content)


def main() -> None:
    logging.disable(logging.CRITICAL)  # trafilatura logs every unparsable page
    folders = [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    if folders:
        seed(folders[0])
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
