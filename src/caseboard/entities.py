"""Entity mentions: spaCy's named entities mapped to caseboard's types."""

from __future__ import annotations

from caseboard.model import Mention
from caseboard.nlp import Annotated

# spaCy label -> caseboard type; labels not listed (NORP, DATE, MONEY...) are not entities.
SPACY_TYPES: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
}

_LEADING = ("the ", "The ")
_TRAILING = ("'s", "’s", "'", "’")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past a leading "the", possessive endings and stray punctuation."""
    for lead in _LEADING:
        if text.startswith(lead, start) and end - start > len(lead):
            start += len(lead)
    changed = True
    while changed and end > start:
        changed = False
        for tail in _TRAILING:
            if text.endswith(tail, start, end):
                end -= len(tail)
                changed = True
        while end > start and (text[end - 1] in " \t\n,.;:\"“”" or text[start] in " \t\n\"“”"):
            if text[end - 1] in " \t\n,.;:\"“”":
                end -= 1
            else:
                start += 1
            changed = True
    return start, end


def find_mentions(annotated: Annotated) -> list[Mention]:
    """Every named-entity mention, with its caseboard type, in text order."""
    mentions = []
    text = annotated.text
    for block in annotated.blocks:
        for ent in block.doc.ents:
            kind = SPACY_TYPES.get(ent.label_)
            if kind is None:
                continue
            start, end = trim(text, block.offset + ent.start_char, block.offset + ent.end_char)
            if end > start:
                mentions.append(Mention(start, end, text[start:end], kind))
    return mentions
