"""The processing flow of one document, in order.

read -> clean/dedup -> annotate -> entities -> aliases -> quotes -> facts -> (resolve -> store, in ingest.py)
"""

from __future__ import annotations

from caseboard import aliases, clean, entities, facts, nlp, status
from caseboard.model import Document, Extraction
from caseboard.references import References


def process(document: Document) -> Extraction:
    """Run every per-document stage on `document` and return what it states."""
    document.repeated_spans = clean.repeated_passages(document.text)
    regions = clean.unique_regions(document.text, document.repeated_spans)
    annotated = nlp.annotate(document.text, regions)
    mentions = entities.find_mentions(annotated)
    found = aliases.alias_clusters(mentions)
    refs = References(found, document.text)
    quotes = status.find_quotes(annotated, refs)
    relations, events = facts.extract(annotated, refs, quotes, document.published)
    return Extraction(document=document, entities=found, relations=relations, events=events, quotes=quotes)
