"""The language a document is written in, when its reader's metadata does not say.

py3langid ships its model inside the package (no download at run time) and classifies
a document in well under a millisecond; on whole news documents it agreed with lingua
and langdetect (benchmarks/README.md), while being 20-80 times faster than they are.
Short texts are no evidence: a headline of names ("Tren de Aragua leader escaped from
Tocorón") reads as Spanish, so below MIN_WORDS words the default language stands.
"""

from __future__ import annotations

import re

import py3langid

DEFAULT_LANGUAGE = "en"
MIN_WORDS = 25
_WORD = re.compile(r"[^\W\d_]{2,}")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in; DEFAULT_LANGUAGE when
    the text is too short to tell."""
    if len(_WORD.findall(text[:20_000])) < MIN_WORDS:
        return DEFAULT_LANGUAGE
    code, _ = py3langid.classify(text[:20_000])
    return code
