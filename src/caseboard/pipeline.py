"""The processing flow of one document, in order.

read -> clean/dedup -> annotate -> entities -> aliases -> quotes -> facts -> (resolve -> store, in ingest.py)

Between stages (and inside the long ones, between spaCy blocks and sentences)
the document's time budget is checked, so a budget holds on any thread (budget.py).
"""

from __future__ import annotations

from caseboard import aliases, budget, clean, entities, facts, nlp, status
from caseboard.model import Document, Extraction
from caseboard.references import References
from caseboard.rules.entities import EntityRules


def process(document: Document, rules: EntityRules | None = None) -> Extraction:
    """Run every per-document stage on `document` and return what it states.
    `rules` are the entity rules (built-in ones unless a user file extends them)."""
    document.repeated_spans = clean.repeated_passages(document.text)
    regions = clean.unique_regions(document.text, document.repeated_spans)
    budget.check()
    annotated = nlp.annotate(document.text, regions, lang=document.lang)
    mentions = entities.find_mentions(annotated, rules)
    budget.check()
    found = aliases.alias_clusters(mentions, rules)
    budget.check()
    refs = References(found, document.text)
    quotes = status.find_quotes(annotated, refs)
    relations, events = facts.extract(annotated, refs, quotes, document.published)
    return Extraction(document=document, entities=found, relations=relations, events=events, quotes=quotes)
