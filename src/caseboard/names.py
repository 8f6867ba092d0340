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


# Places keep their article: El Salvador is not Salvador, nor La Paz Paz.
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@lru_cache(maxsize=1)
def _name_table() -> tuple[frozenset[str], frozenset[str], dict[str, str], frozenset[str]]:
    from caseboard.rules import load_table  # rules/ reads names.fold: imported late

    table = load_table("names")
    return (
        frozenset(table["articles"]),
        frozenset(table["of"]),
        dict(table.get("group_words", {})),
        frozenset(table.get("withheld_surname", [])),
    )


def surname_withheld(words: list[str]) -> bool:
    """Whether a person's folded name words end where a surname is withheld ("Carlos N.":
    rules/names.yaml), so that only the given names it shows can tell who it is."""
    return len(words) > 1 and words[-1] in _name_table()[3]


@lru_cache(maxsize=65536)
def identity_key(name: str, kind: str = "PERSON") -> str:
    """The key under which the same entity named in any language is one: `name_key`
    without a leading article (but a place's); for an organisation, its words in English
    (rules/names.<lang>.yaml) and "NOUN de X" as "X NOUN". So "el Niño Guerrero" / "Niño
    Guerrero", "Cartel de Sinaloa" / "Sinaloa Cartel", "Tren de Aragua" / "Aragua Train" and
    "Clan del Golfo" / "Gulf Clan" agree."""
    articles, linking, translated, _withheld = _name_table()
    words = name_words(name)
    if kind not in _PLACE_TYPES and len(words) > 1 and words[0] in articles:
        words = words[1:]
    if kind == "ORG":
        words = [translated.get(w, w) for w in words]
        if len(words) > 2 and words[1] in linking and words[0] in translated.values():
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
