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
    return "".join(c if c.isalnum() else " " for c in fold(name)).split()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A matching key: accents folded, case and punctuation ignored, a leading "the" dropped."""
    words = name_words(name)
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
