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


# Leading articles a name is written with or without ("el Niño Guerrero", "Los Choneros"),
# and group nouns whose Spanish "NOUN de X" is English "X NOUN" ("Cártel de Sinaloa").
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
_GROUP_NOUNS = frozenset({"cartel"})
_OF = frozenset({"de", "del"})
# Places keep their article: El Salvador is not Salvador, nor La Paz Paz.
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@lru_cache(maxsize=65536)
def identity_key(name: str, kind: str = "PERSON") -> str:
    """The key under which the same entity named in any language is one: `name_key`
    without a leading article (but a place's) and with "Cártel de X" as "X cartel", so
    "el Niño Guerrero" / "Niño Guerrero" and "Cartel de Sinaloa" / "Sinaloa Cartel" agree."""
    words = name_words(name)
    if kind not in _PLACE_TYPES and len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    if len(words) > 2 and words[0] in _GROUP_NOUNS and words[1] in _OF:
        words = words[2:] + words[:1]
    return _key(words)


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


def fuller_name(old: str, new: str) -> str:
    """The more complete of two names for one entity (more words, then longer, then
    fewer capitals: a dateline's "CARACAS" gives way to "Caracas"; then the one sorting
    last, so "Hector" and "Héctor" give one name whichever came first). A total order:
    the name an entity ends with does not depend on the order its names came in."""
    return max((old, new), key=lambda n: (len(n.split()), len(n), -sum(c.isupper() for c in n), n))
