"""The entity rules of `entities.yaml`, merged with an optional user file.

A user file (`caseboard extract --rules FILE`) has the same keys as
`entities.yaml`; its lists extend the built-in ones and its `names` form a
watch-list of names that are always found, with their type and other names:

    names:
      - {name: Tren de Aragua, type: ORG, aliases: [TdA]}
    titles: [comisario]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from caseboard.model import ENTITY_TYPES
from caseboard.names import fold

BUILTIN = Path(__file__).with_name("entities.yaml")


class RulesError(ValueError):
    """A rules file that cannot be read or does not have the expected shape."""


@dataclass(frozen=True)
class WatchName:
    """A name from the user's watch-list: always found, always of this type."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass
class EntityRules:
    """Every table the entity stages read, with words folded for matching."""

    naming_heads: dict[str, str]  # word -> type
    attached_heads: set[str]
    national_heads: set[str]
    demonym_endings: list[str]
    demonym_dropped: list[str]
    joins_of: set[str]
    joins_for: set[str]
    titled_offices: set[str]
    descriptors: dict[str, str]  # word -> type
    org_before_of: set[str]
    of_words: set[str]
    org_after: set[str]
    not_after: set[str]
    speech_before: set[str]
    relative_after: set[str]
    byline: set[str]
    person_possessed: set[str]
    person_object_of: set[str]
    place_before_of: set[str]  # the bearings included
    bearings: set[str]
    distance_words: set[str]
    nickname_before: set[str]
    group_descriptors: set[str]
    substances: set[str]
    measures: set[str]
    notices: set[str]
    written_heads: set[str]
    operation_openers: list[str]
    operation_naming_words: list[str]
    examples_before: set[str]
    apposition_articles: set[str]  # what may open an apposition that types the name before it
    role_apposition_articles: set[str]  # ... only when it states a role of something
    ages: list[str]  # how an age is written after a name, "{n}" the number
    ages_before: list[str]  # ... and before it
    credit_openers: tuple[str, ...]
    byline_chars: int
    credit_line_chars: int
    agencies: set[str]
    credit_labels: set[str]
    titles: set[str]
    particles: set[str]
    name_suffixes: set[str]
    locatives: set[str]
    hyphen_particles: set[str]
    group_articles: set[str]
    articles: set[str]
    alias_markers: list[str]  # longest first
    nickname_quotes: list[tuple[str, str]]
    acronym_glosses: list[str]
    country_abbreviations: dict[str, list[str]]
    place_names: dict[str, list[str]]  # a place's English name -> its names in other languages
    former_countries: list[str]
    state_abbreviations: dict[str, list[str]]
    regions: list[str]
    city_min_population: int
    names: list[WatchName] = field(default_factory=list)
    source: str | None = None  # the user file merged in, if any
    longest_title: int = 1  # words in the longest title
    longest_notice: int = 1  # words in the longest notice
    title_starts: set[str] = field(default_factory=set)  # first words of titles, for a quick test


def _by_word(table: dict[str, list[str]]) -> dict[str, str]:
    """{type: [words]} -> {folded word: type}; a word listed twice keeps its first type."""
    out: dict[str, str] = {}
    for kind, words in table.items():
        if kind not in ENTITY_TYPES:
            raise RulesError(f"unknown entity type {kind!r}; use one of {', '.join(ENTITY_TYPES)}")
        for word in words:
            out.setdefault(fold(str(word)), kind)
    return out


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Lists are extended, mappings merged key by key, scalars replaced."""
    merged = dict(base)
    for key, value in extra.items():
        if key not in base:
            raise RulesError(f"unknown rules key {key!r}; known keys: {', '.join(sorted(base))}")
        if isinstance(base[key], list):
            merged[key] = list(base[key]) + list(value or [])
        elif isinstance(base[key], dict):
            merged[key] = _merge_tables(base[key], value or {})
        else:
            merged[key] = value
    return merged


def _merge_tables(base: dict[str, list[str]], extra: dict[str, list[str]]) -> dict[str, list[str]]:
    merged = {k: list(v) if isinstance(v, list) else v for k, v in base.items()}
    for key, words in extra.items():
        if isinstance(merged.get(key), list) or key not in merged:
            merged.setdefault(key, []).extend(words or [])
        else:  # a number in a table of lists ("credits: byline_chars")
            merged[key] = words
    return merged


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"cannot read rules file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"rules file {path} must hold a mapping of tables")
    return data


def _watch_names(entries: list[Any]) -> list[WatchName]:
    names = []
    for entry in entries:
        if not isinstance(entry, dict) or "name" not in entry or "type" not in entry:
            raise RulesError(f"watch-list entry {entry!r} needs a name and a type")
        kind = str(entry["type"]).upper()
        if kind not in ENTITY_TYPES:
            raise RulesError(f"watch-list entry {entry['name']!r}: unknown type {kind!r}")
        names.append(WatchName(str(entry["name"]), kind, tuple(str(a) for a in entry.get("aliases") or ())))
    return names


@lru_cache(maxsize=8)
def load_rules(user_file: str | None = None) -> EntityRules:
    """The built-in rules, extended by `user_file` (YAML) when given."""
    data = _read_yaml(BUILTIN)
    for language in sorted(BUILTIN.parent.glob("entities.*.yaml")):  # entities.es.yaml: Spanish words
        data = _merge(data, _read_yaml(language))
    if user_file:
        data = _merge(data, _read_yaml(Path(user_file)))
    return EntityRules(
        naming_heads=_by_word(data["naming_heads"]),
        attached_heads={fold(w) for w in data["attached_heads"]},
        national_heads={fold(w) for w in data["national_heads"]},
        demonym_endings=[fold(w) for w in data["demonym_endings"]],
        demonym_dropped=[fold(w) for w in data["demonym_dropped"]],
        joins_of={fold(w) for w in data["joins_of"]},
        joins_for={fold(w) for w in data["joins_for"]},
        titled_offices={fold(w) for w in data["titled_offices"]},
        descriptors=_by_word(data["descriptors"]),
        org_before_of={fold(w) for w in data["org_context"]["before_of"]},
        of_words={fold(w) for w in data["org_context"]["of_words"]},
        org_after={fold(w) for w in data["org_context"]["after"]},
        not_after={fold(w) for w in data["org_context"]["not_after"]},
        speech_before={fold(w) for w in data["person_context"]["speech_before"]},
        relative_after={fold(w) for w in data["person_context"]["relative_after"]},
        byline={fold(w) for w in data["person_context"]["byline"]},
        person_possessed={fold(w) for w in data["person_context"]["possessed"]},
        person_object_of={fold(w) for w in data["person_context"]["object_of"]},
        place_before_of={fold(w) for w in data["place_before_of"] + data["bearings"]},
        bearings={fold(w) for w in data["bearings"]},
        distance_words={fold(w) for w in data["distance_words"]},
        nickname_before={fold(w) for w in data["person_context"]["nickname_before"]},
        group_descriptors={fold(w) for w in data["group_descriptors"]},
        substances={fold(w) for w in data["substances"]},
        measures={fold(w) for w in data["measures"]},
        notices={fold(w) for w in data["notices"]},
        written_heads={fold(w) for w in data["written_heads"]},
        operation_openers=list(data["operations"]["openers"]),
        operation_naming_words=list(data["operations"]["naming_words"]),
        examples_before={fold(w) for w in data["examples_before"]},
        apposition_articles={fold(w) for w in data["apposition_articles"]},
        role_apposition_articles={fold(w) for w in data["role_apposition_articles"]},
        ages=[str(a) for a in data["ages"]],
        ages_before=[str(a) for a in data["ages_before"]],
        credit_openers=tuple(fold(w) for w in data["credits"]["line_openers"]),
        byline_chars=int(data["credits"]["byline_chars"]),
        credit_line_chars=int(data["credits"]["line_chars"]),
        agencies={fold(w) for w in data["credits"]["agencies"]},
        credit_labels={fold(w) for w in data["credits"]["labels"]},
        titles={fold(w) for w in data["titles"]},
        particles={fold(w) for w in data["particles"]},
        name_suffixes={fold(w) for w in data["name_suffixes"]},
        locatives={fold(w) for w in data["locatives"]},
        hyphen_particles={fold(w) for w in data["hyphen_particles"]},
        group_articles={fold(w) for w in data["group_articles"]},
        articles={fold(w) for w in data["articles"]},
        alias_markers=sorted({fold(w) for w in data["alias_markers"]}, key=lambda w: (-len(w), w)),
        nickname_quotes=[(pair[0], pair[1]) for pair in data["nickname_quotes"]],
        acronym_glosses=[fold(w) for w in data["acronym_glosses"]],
        country_abbreviations={k: list(v) for k, v in data["country_abbreviations"].items()},
        place_names={k: list(v) for k, v in data["place_names"].items()},
        former_countries=list(data["former_countries"]),
        state_abbreviations={k: list(v) for k, v in data["state_abbreviations"].items()},
        regions=list(data["regions"]),
        city_min_population=int(data["city_min_population"]),
        names=_watch_names(data["names"] + [{"name": outlet, "type": "ORG"} for outlet in data.get("outlets", [])]),
        source=user_file,
        longest_title=max((len(fold(t).split()) for t in data["titles"]), default=1),
        longest_notice=max((len(fold(t).split()) for t in data["notices"]), default=1),
        title_starts={fold(t).split()[0] for t in data["titles"]},
    )
