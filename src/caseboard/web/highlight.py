"""A document's text cut into plain segments for display: which entity each
stretch mentions, whether it repeats an earlier passage, whether it is the
evidence being looked at.

The template writes each segment's text through Jinja2's autoescape, so the
markup around mentions is built by the template and never from document text.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseboard.model import Mention


@dataclass
class Segment:
    """A stretch of text with one set of annotations."""

    text: str
    entity_id: str | None = None
    entity_type: str | None = None
    repeated: bool = False
    evidence: bool = False
    anchor: bool = False  # the first evidence segment: where the page's #evidence link lands


def segments(
    text: str,
    mentions: list[Mention],
    repeated_spans: list[list[int]],
    evidence: tuple[int, int] | None = None,
) -> list[Segment]:
    """`text` cut at every mention, repeated-passage and evidence boundary; joined, the
    segments' texts give back `text` exactly. Overlapping mentions: the earlier, then longer, wins."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if 0 <= m.start < m.end <= len(text) and (not kept or m.start >= kept[-1].end):
            kept.append(m)
    repeats = [(s[0], s[1]) for s in repeated_spans if len(s) >= 2 and 0 <= s[0] < s[1] <= len(text)]
    if evidence and not (0 <= evidence[0] < evidence[1] <= len(text)):
        evidence = None
    cuts = {0, len(text)}
    cuts.update(x for m in kept for x in (m.start, m.end))
    cuts.update(x for span in repeats for x in span)
    if evidence:
        cuts.update(evidence)
    bounds = sorted(cuts)
    found: list[Segment] = []
    mention_at = iter(kept)
    current = next(mention_at, None)
    anchored = False
    for start, end in zip(bounds, bounds[1:]):
        while current is not None and current.end <= start:
            current = next(mention_at, None)
        inside = current if current is not None and current.start <= start < current.end else None
        in_evidence = bool(evidence and evidence[0] <= start < evidence[1])
        found.append(
            Segment(
                text[start:end],
                entity_id=inside.entity_id if inside else None,
                entity_type=inside.type if inside else None,
                repeated=any(s <= start < e for s, e in repeats),
                evidence=in_evidence,
                anchor=in_evidence and not anchored,
            )
        )
        anchored = anchored or in_evidence
    return found
