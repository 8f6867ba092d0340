"""Alias clusters inside one document: which mentions name the same entity.

Mentions join when the text links them ("aka", "(FBI)", a quoted nickname), when
their names match once accents, case and punctuation are folded (Hector = Héctor),
when one is a shorter form of the other (a surname after a full name, "Héctor
Guerrero" inside "Héctor Rusthenford Guerrero Flores", "Tocorón" for "Tocorón
prison", an acronym for its expansion), or when both name one country ("US",
"the United States"). A short form that fits several people is given to the one
mentioned most recently before it. The entity's `name` is its most complete form,
with the accents the text uses anywhere.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from caseboard.gazetteer import COUNTRY, gazetteer
from caseboard.model import TYPE_PREFIX, Entity, Mention
from caseboard.names import name_key, name_words
from caseboard.rules.entities import EntityRules, load_rules

__all__ = [
    "acronym_of", "alias_clusters", "entity_id", "looks_like_acronym", "name_key", "nickname_parts", "syllabic_acronym_of",
]

_ACRONYM_SKIP = frozenset("of the and for de del la las los y e da do das dos on in at to".split())


def entity_id(kind: str, name: str) -> str:
    """A readable, stable id such as `person:hector-guerrero`."""
    return f"{TYPE_PREFIX[kind]}:{name_key(name).replace(' ', '-') or 'unnamed'}"


def nickname_parts(name: str, rules: EntityRules | None = None) -> tuple[str, str, str] | None:
    """(given names, nickname, surnames) of `Héctor "Niño" Guerrero`, or None."""
    rules = rules or load_rules()
    for pattern in _nickname_patterns(tuple(rules.nickname_quotes)):
        m = pattern.match(name)
        if m:
            return m.group(1), m.group(2).strip(" ,"), m.group(3)
    return None


@lru_cache(maxsize=8)
def _nickname_patterns(quotes: tuple[tuple[str, str], ...]) -> list[re.Pattern[str]]:
    """The pattern of `nickname_parts` for each pair of quotes, built once: the resolver splits
    every stored name a new person is compared with (130,000 for 400 documents on a 50k board)."""
    return [
        re.compile(rf"^(.+?)\s+{re.escape(open_q)}([^{re.escape(open_q + close_q)}]+){re.escape(close_q)},?\s+(.+)$")
        for open_q, close_q in quotes
    ]


@dataclass
class _Form:
    """One distinct surface form of a cluster, as words for matching."""

    text: str
    type: str
    words: list[str]  # folded name words, particles and nickname left out
    nicknames: set[str] = field(default_factory=set)  # keys of derived nickname forms
    derived: list[str] = field(default_factory=list)  # display forms of those


def _form(text: str, kind: str, rules: EntityRules) -> _Form:
    parts = nickname_parts(text, rules) if kind == "PERSON" else None
    if parts is None:
        words = [w for w in name_words(text) if w not in rules.particles]
        if kind in ("ORG", "FAC") and len(words) > 1 and words[0] in rules.articles:
            words = words[1:]  # "El Tren de Aragua", "Los Zetas"
        return _Form(text, kind, words)
    given, nick, surnames = parts
    surname_words = surnames.split()
    derived = [f"{nick} {surname_words[0]}"] + ([nick] if len(nick.split()) > 1 else [])
    words = [w for w in name_words(f"{given} {surnames}") if w not in rules.particles]
    return _Form(text, kind, words, {name_key(d) for d in derived}, derived)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


def _shorter_person_form(short: _Form, long: _Form, bare: frozenset[str] = frozenset()) -> bool:
    """"Guerrero" or "Héctor Guerrero" for "Héctor Rusthenford Guerrero Flores"; "Niño
    Guerrero" for `Héctor "Niño" Guerrero`. A lone first name is not enough, unless the name
    reads surname first and the document never calls the person by its last word alone
    (`bare`: its one-word names): "Wan" for "Wan Kuok-koi", "Tse" for "Tse Chi Lop"."""
    if name_key(short.text) in long.nicknames:
        return True
    if short.nicknames and long.nicknames and not short.nicknames & long.nicknames:
        return False  # `Ismael "El Mayo" Zambada` is not `Ismael "El Mayito" Zambada`
    if not short.words or len(short.words) >= len(long.words) or not _is_subsequence(short.words, long.words):
        return False
    if len(short.words) == 1:
        return short.words[0] != long.words[0] or (_given_names_after(long) and long.words[-1] not in bare)
    return short.words[0] == long.words[0] or short.words[-1] == long.words[-1] and short.words[0] in long.words[1:]


def _given_names_after(name: _Form) -> bool:
    """Whether a name reads as written surname first, its given name after it in the syllables
    of an East Asian romanization: "Wan Kuok-koi", "Tse Chi Lop" (not "Ana Ruiz")."""
    given = name.words[1:]
    return any("-" in w for w in given) or (len(given) >= 2 and all(len(w) <= 4 for w in given))


def looks_like_acronym(form: str) -> bool:
    """"FBI", "U.S.", "TdA": one short word with at least two capitals."""
    compact = form.replace(".", "")
    return 2 <= len(compact) <= 8 and compact.isalnum() and compact[0].isupper() and sum(c.isupper() for c in compact) >= 2


def acronym_of(acronym: str, name: str) -> bool:
    """Whether `acronym` abbreviates `name`: "FBI" for "Federal Bureau of Investigation",
    "TdA" for "Tren de Aragua", "CJNG" for "Jalisco New Generation Cartel" (the Spanish
    word order of the name), "DOJ" for "U.S. Department of Justice" (the name's last words,
    three at least: what the country's name adds is left out of the acronym)."""
    letters = acronym.replace(".", "").lower()
    words = name_words(name)
    for initials in ("".join(w[0] for w in words if w not in _ACRONYM_SKIP), "".join(w[0] for w in words)):
        if len(initials) >= 2 and (letters == initials or sorted(letters) == sorted(initials)):
            return True
        if len(letters) >= 3 and initials.endswith(letters):
            return True
    return False


def syllabic_acronym_of(acronym: str, name: str) -> bool:
    """Whether `acronym` is made of the first letters or syllables of `name`'s words, in their
    order, the first word's first: "Semar" for "Secretaría de Marina", "Sedena" for "Secretaría
    de la Defensa Nacional", "Inpec" for "Instituto Nacional Penitenciario y Carcelario" (a word
    after the first may be left out), "Felcn" for "Fuerza Especial de Lucha contra el Narcotráfico"."""
    letters = acronym.replace(".", "").lower()
    words = [w for w in name_words(name) if w not in _ACRONYM_SKIP]
    if len(letters) < 3 or len(words) < 2 or not letters.isalpha():
        return False

    def fits(rest: str, k: int) -> bool:
        """Whether `rest` is made of prefixes of words k, k+1, ... (some left out)."""
        if not rest:
            return True
        return any(
            rest[:size] == words[n][:size] and fits(rest[size:], n + 1)
            for n in range(k, len(words))
            for size in range(min(len(words[n]), len(rest)), 0, -1)
        )

    first = words[0]
    return any(letters[:size] == first[:size] and fits(letters[size:], 1) for size in range(min(len(first), len(letters) - 1), 0, -1))


def _shorter_other_form(short: _Form, long: _Form, rules: EntityRules) -> bool:
    """"FBI" for "Federal Bureau of Investigation"; "Tocorón" for "Tocorón prison";
    "Sinaloa Cartel" for "Cartel de Sinaloa"; "Tren de Aragua" for "El Tren de Aragua"."""
    if looks_like_acronym(short.text) and len(long.words) >= 2:
        return acronym_of(short.text, long.text)
    if not short.words or len(short.words) > len(long.words):
        return False
    if short.type == "ORG" and len(short.words) == 1 and rules.naming_heads.get(short.words[0]) == "ORG" and long.words[0] == short.words[0]:
        return True  # "la Policía" for the "Policía Nacional" named before: an institution called by its head
    if short.type in ("GPE", "LOC") and _country_and_other_place(short.text, long.text, rules):
        return False  # "Mexico" is not "Mexico City"
    rest = [w for w in long.words if w not in short.words]
    return set(short.words) <= set(long.words) and all(
        w in rules.naming_heads or w in rules.articles or w in _LINKING_WORDS or w in _country_words(rules) for w in rest
    )


def _country_and_other_place(short: str, long: str, rules: EntityRules) -> bool:
    """Whether `short` names a country and `long` another known place ("Guatemala City")."""
    places = gazetteer(rules.source)
    country = places.place(short)
    return country is not None and country.weight >= COUNTRY and places.place(long) is not None


# "Justice Department" is the "U.S. Department of Justice": linking words and the country's
# abbreviation add nothing to an organisation's name.
_LINKING_WORDS = frozenset({"of", "for", "de", "del"})


@lru_cache(maxsize=8)
def _country_words_of(rules_source: str | None) -> frozenset[str]:
    rules = load_rules(rules_source)
    return frozenset(w for forms in rules.country_abbreviations.values() for f in forms if len(f) <= 5 for w in name_words(f))


def _country_words(rules: EntityRules) -> frozenset[str]:
    return _country_words_of(rules.source)


# The types whose names the gazetteer gives in one form ("Estados Unidos", "Europa")
NAMED_PLACES = ("GPE", "LOC")


def _cluster_key(m: Mention, canonical_names: dict[str, str]) -> tuple[str, str]:
    key = name_key(m.text)
    if m.type in NAMED_PLACES and key in canonical_names:
        return (m.type, name_key(canonical_names[key]))
    return (m.type, key)


def alias_clusters(mentions: list[Mention], rules: EntityRules | None = None) -> list[Entity]:
    """Group mentions into entities; each mention gets its entity's id."""
    rules = rules or load_rules()
    canonical_names = gazetteer(rules.source).canonical
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of: dict[tuple[str, str], int] = {}
    at: dict[int, int] = {}
    for i, m in enumerate(mentions):
        at[m.start] = i
        key = _cluster_key(m, canonical_names)
        if key in first_of:
            union(i, first_of[key])
        else:
            first_of[key] = i
    for i, m in enumerate(mentions):
        if m.same_as is not None and m.same_as in at and mentions[at[m.same_as]].type == m.type:
            union(i, at[m.same_as])
    _join_shorter_forms(mentions, first_of, find, union, rules)

    groups: dict[int, list[Mention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[find(i)].append(m)
    entities: list[Entity] = []
    used: set[str] = set()
    for ms in groups.values():
        entity = _entity(ms, canonical_names, rules)
        ident, n = entity.id, 1
        while ident in used:
            n += 1
            ident = f"{entity.id}-{n}"
        used.add(ident)
        entity.id = ident
        for m in ms:
            m.entity_id = ident
        entities.append(entity)
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _join_shorter_forms(mentions, first_of, find, union, rules: EntityRules) -> None:  # type: ignore[no-untyped-def]
    """Attach each shorter form's mentions to the cluster of a longer form it fits,
    the one mentioned last before it (else the first after it)."""
    forms = {key: _form(mentions[i].text, key[0], rules) for key, i in first_of.items()}
    positions: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        positions[(m.type, name_key(m.text))].append(i)
    order = sorted(forms, key=lambda k: (len(forms[k].words), k))  # shortest first
    bare = frozenset(f.words[0] for k, f in forms.items() if k[0] == "PERSON" and len(f.words) == 1)
    for short_key in order:
        short = forms[short_key]
        fits = [
            k
            for k, long in forms.items()
            if k != short_key
            and k[0] == short_key[0]
            and (
                _shorter_person_form(short, long, bare)
                if short.type == "PERSON"
                else _shorter_other_form(short, long, rules)
            )
        ]
        if not fits:
            continue
        for i in positions.get(short_key, [first_of[short_key]]):
            start = mentions[i].start
            best = min(
                fits,
                key=lambda k: min(
                    (start - mentions[j].start if mentions[j].start < start else 10**9 + mentions[j].start - start)
                    for j in positions.get(k, [first_of[k]])
                ),
            )
            union(i, first_of[best])


def _with_accents(name: str, forms: list[str]) -> str:
    """`name` with each word spelled as the text spells it with accents (Hector -> Héctor)."""
    accented = {}
    for form in forms:
        for word in form.split():
            if not word.isascii():
                accented.setdefault(name_key(word), word)
    return " ".join(accented.get(name_key(w), w) if w.isascii() else w for w in name.split())


def _entity(ms: list[Mention], canonical_names: dict[str, str], rules: EntityRules) -> Entity:
    ms.sort(key=lambda m: m.start)
    kind = Counter(m.type for m in ms).most_common(1)[0][0]
    counts = Counter(m.text for m in ms)
    forms = {text: _form(text, kind, rules) for text in counts}
    canonical = next((canonical_names[name_key(t)] for t in counts if kind in NAMED_PLACES and name_key(t) in canonical_names), None)
    if canonical:
        name = canonical
    else:

        def completeness(text: str) -> tuple[int, int, int, int, int, int]:
            f = forms[text]
            plain = 0 if f.nicknames else 1
            # on a tie, "Tren de Aragua" over "El Tren de Aragua", and the body's
            # "Tocorón prison" over the headline's "Tocorón Prison"
            return (len(f.words), plain, counts[text], -len(text.split()), len(text), -sum(c.isupper() for c in text))

        name = _with_accents(max(counts, key=completeness), list(counts))
    aliases = set(counts)
    aliases.update(f"{m.title} {m.text}" for m in ms if m.title)
    aliases.update(f"{m.text} {m.descriptor}" for m in ms if m.descriptor)
    aliases.update(f"{m.head_before} {m.text}" for m in ms if m.head_before)
    for f in forms.values():
        aliases.update(f.derived)
    for m in ms:
        m.type = kind
    return Entity(entity_id(kind, name), kind, name, sorted(aliases), ms)
