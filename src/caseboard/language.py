"""The language a document is written in, when its reader's metadata does not say.

py3langid ships its model inside the package (no download at run time) and classifies
a document in well under a millisecond; on whole news documents it agreed with lingua
and langdetect (benchmarks/README.md), while being 20-80 times faster than they are.
Short texts are no evidence: a headline of names ("Tren de Aragua leader escaped from
Tocorón") reads as Spanish, so below MIN_WORDS words the default language stands.

One evidence sentence can be in another language than its document (an English statement
quoted in a Spanish article). A sentence is short evidence, so its own language is named only
when it has MIN_SENTENCE_WORDS words and the detector is SENTENCE_CONFIDENCE sure: on the
dev-news sentences of that length (Spanish and English) no sentence was given another language
than its document's, while a quoted English or Portuguese sentence is told apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

import py3langid
from py3langid.langid import MODEL_FILE, LanguageIdentifier

DEFAULT_LANGUAGE = "en"
MIN_WORDS = 25
MIN_SENTENCE_WORDS = 8
SENTENCE_CONFIDENCE = 0.95
NO_LANGUAGE = "zxx"  # the detector's code for text that is no language (an address, figures)
_WORD = re.compile(r"[^\W\d_]{2,}")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in; DEFAULT_LANGUAGE when
    the text is too short to tell."""
    if len(_WORD.findall(text[:20_000])) < MIN_WORDS:
        return DEFAULT_LANGUAGE
    code, _ = py3langid.classify(text[:20_000])
    return code


def sentence_language(text: str, document_lang: str | None) -> str | None:
    """The language one sentence is written in: its document's, unless the sentence is long
    enough to tell and the detector is sure it is another."""
    if len(_WORD.findall(text)) < MIN_SENTENCE_WORDS:
        return document_lang
    code, confidence = _identifier().classify(text)
    if code == NO_LANGUAGE or confidence < SENTENCE_CONFIDENCE:
        return document_lang
    return code


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model with probabilities that sum to one, so a confidence can be read."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
