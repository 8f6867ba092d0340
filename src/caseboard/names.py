"""How names are compared: accents folded, case and punctuation ignored.

Display keeps the text as written; only matching goes through these keys.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """`word` lower-cased with accents folded (Héctor -> hector)."""
    return anyascii(word).lower()


def name_words(name: str) -> list[str]:
    """The folded words of a name, punctuation dropped ("Niño-Guerrero's" -> nino guerrero s)."""
    return _words(fold(name))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A matching key: accents folded, case and punctuation ignored, a leading "the" dropped."""
    return _key(name_words(name))


def text_key(text: str) -> str:
    """`name_key` for a whole text: the same key, not kept in a cache (names recur;
    a document's text does not, and a cache of them grew a long ingest by hundreds of MiB)."""
    return _key(_words(anyascii(text).lower()))


def _words(folded: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in folded).split()


def _key(words: list[str]) -> str:
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
