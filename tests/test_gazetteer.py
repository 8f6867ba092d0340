"""Country codes from place names, for exports (FtM `country`)."""

from __future__ import annotations

import pytest

from caseboard.gazetteer import country_code, gazetteer
from caseboard.names import name_key


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Venezuela", "ve"),
        ("the United States", "us"),
        ("U.S.", "us"),
        ("Colo.", "us"),  # a US state by its abbreviation
        ("Táchira", "ve"),  # a state only Venezuela has
        ("Sinaloa", "mx"),
        ("Kosovo", "xk"),  # not yet in ISO 3166-1; GeoNames has it
    ],
)
def test_countries_and_their_states_give_iso_codes(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Aurora", "El Paso", "Tocoron prison", "Tren de Aragua"])
def test_cities_and_other_names_give_no_code(name: str) -> None:
    # Aurora is also a Philippine province: a city's name says too little about its country
    assert country_code(name) is None


def test_a_country_iso_does_not_list_yet_is_a_country():
    assert gazetteer().place("Kosovo").kind == "country"


@pytest.mark.parametrize("word, expected", [
    ("Guatemalan", True), ("Israeli", True), ("El Salvadoran", True), ("Chinese", True),
    ("Guatemala", False), ("Morgan", False), ("Ivan", False), ("Jordan", False),
])
def test_nationality_is_a_country_name_with_an_ending(word, expected):
    assert gazetteer().nationality(word, ["an", "ian", "ese", "i", "n"]) is expected


def test_former_countries_are_known_places_without_a_country_code():
    place = gazetteer().place("Soviet Union")
    assert place is not None and place.type == "GPE"
    assert country_code("Soviet Union") is None


@pytest.mark.parametrize(
    ("name", "english"),
    [("Estados Unidos", "United States"), ("Países Bajos", "Netherlands"), ("Japón", "Japan"),
     ("Nueva York", "New York"), ("Europa", "Europe"), ("América Latina", "Latin America")],
)
def test_spanish_names_of_places_have_their_english_name(name: str, english: str) -> None:
    assert gazetteer().canonical[name_key(name)] == english


def test_a_countrys_spanish_name_that_a_city_bears_stays_the_city():
    assert name_key("Granada") not in gazetteer().canonical  # Grenada in Spanish, and a city in Spain
