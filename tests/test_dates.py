"""Date phrases resolved against a publication date, and which date an event gets."""

from __future__ import annotations

import pytest
from factkit import read
from markers import SPANISH

from caseboard.dates import normalise_date, resolve_date

PUBLISHED = "2025-02-10"  # a Monday


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2023", "2023"),
        ("in 2024", "2024"),
        ("September 2023", "2023-09"),
        ("Sept. 20, 2023", "2023-09-20"),
        ("20 September 2023", "2023-09-20"),
        ("early 2024", "2024"),
        ("the summer of 2023", "2023"),
        ("2019's", "2019"),
        ("2024-03-01", "2024-03-01"),
        ("Sept. 20-21, 2023", "2023-09"),
        ("March and April 2024", "2024"),
    ],
)
def test_explicit_dates_keep_the_precision_the_text_gives(phrase, expected):
    assert resolve_date(phrase) == expected
    assert resolve_date(phrase, PUBLISHED) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("December", "2024-12"),  # the latest December before publication
        ("last year", "2024"),
        ("this year", "2025"),
        ("last month", "2025-01"),
        ("earlier this month", "2025-02"),
        ("yesterday", "2025-02-09"),
        ("Tuesday", "2025-02-04"),
        ("Monday", "2025-02-10"),  # the day of publication itself
        ("two years ago", "2023"),
        ("March 5", "2024-03-05"),
        ("last July", "2024-07"),
    ],
)
def test_relative_dates_resolve_against_publication(phrase, expected):
    assert resolve_date(phrase, PUBLISHED) == expected


@pytest.mark.parametrize("phrase", ["December", "last year", "Tuesday", "March 5"])
def test_relative_dates_are_null_without_a_publication_date(phrase):
    assert resolve_date(phrase) is None


@pytest.mark.parametrize(
    "phrase", ["the 1990s", "recent years", "the past two years", "annually", "recently", "between 2018 and 2020"]
)
def test_periods_that_are_no_date_give_none(phrase):
    assert resolve_date(phrase, PUBLISHED) is None


def test_normalise_publication_date():
    assert normalise_date("2025-02-10") == "2025-02-10"
    assert normalise_date("February 10, 2025") == "2025-02-10"
    assert normalise_date("not a date") is None


def test_sentence_opening_date_applies_to_every_event_of_the_sentence():
    names = {"Guerrero": "PERSON", "Colorado": "GPE", "Tocorón prison": "FAC"}
    x = read("In 2024, two men were indicted in Colorado, while Guerrero escaped from Tocorón prison.", names)
    assert {e.type: e.date for e in x.events} == {"indictment": "2024", "escape": "2024"}


def test_date_attached_to_the_event_wins_over_the_opening_one():
    names = {"Guerrero": "PERSON", "Tocorón prison": "FAC", "Bogotá": "GPE"}
    x = read("In 2024, police in Bogotá said Guerrero had escaped from Tocorón prison in September 2023.", names, PUBLISHED)
    (escape,) = [e for e in x.events if e.type == "escape"]
    assert escape.date == "2023-09"


def test_a_date_describing_the_subject_is_not_the_events():
    names = {"Omar Vidal": "PERSON", "Paraguay": "GPE"}
    x = read("Omar Vidal, a fugitive since 2022, was captured in Paraguay.", names, PUBLISHED)
    assert [e.date for e in x.events] == [None]
    x = read("In September, Omar Vidal, a fugitive since 2022, was captured in Paraguay.", names, PUBLISHED)
    assert [e.date for e in x.events] == ["2024-09"]


def test_relative_event_date_uses_the_publication_date_or_nothing():
    names = {"José Pérez": "PERSON", "Bogotá": "GPE"}
    text = "Police arrested José Pérez in Bogotá on Tuesday."
    assert [e.date for e in read(text, names, PUBLISHED).events] == ["2025-02-04"]
    assert [e.date for e in read(text, names).events] == [None]


def test_a_time_of_a_named_day_dates_the_event_and_a_bare_hour_does_not():
    names = {"José Pérez": "PERSON", "Bogotá": "GPE", "Melbourne Airport": "FAC"}
    text = "Police arrested José Pérez at Melbourne Airport last Thursday evening."  # all of it a TIME
    assert [e.date for e in read(text, names, PUBLISHED).events] == ["2025-02-06"]
    text = "Police arrested José Pérez in Bogotá at 10 p.m."
    assert [e.date for e in read(text, names, PUBLISHED).events] == [None]


def test_undated_event_has_no_date():
    x = read("Police arrested José Pérez in Bogotá.", {"José Pérez": "PERSON", "Bogotá": "GPE"}, PUBLISHED)
    assert [e.date for e in x.events] == [None]


def test_a_date_inside_the_event_phrase_dates_it_but_not_a_neighbouring_event():
    names = {"State Department": "ORG", "Tren de Aragua": "ORG", "Ronald Ojeda": "PERSON", "Carlos Ruiz": "PERSON"}
    x = read("The State Department designated Tren de Aragua as a terrorist organization in February.", names, PUBLISHED)
    assert [(e.type, e.date) for e in x.events] == [("designation", "2025-02")]
    x = read("Carlos Ruiz, who killed Ronald Ojeda in 2024, was arrested.", names, PUBLISHED)
    assert {e.type: e.date for e in x.events} == {"killing": "2024", "arrest": None}


def test_an_earlier_event_named_after_following_is_not_dated_by_the_opening():
    names = {"Héctor Guerrero": "PERSON", "Colorado": "GPE"}
    text = "In 2024, two men were indicted in Colorado, while Héctor Guerrero remains on the run following his escape."
    assert {e.type: e.date for e in read(text, names).events} == {"indictment": "2024", "escape": None}


def test_a_date_phrase_that_runs_on_into_a_clause_is_cut():
    names = {"Tocorón prison": "FAC"}
    text = "Soldiers raided Tocorón prison on Wednesday, ending years of inmate rule."
    assert [e.date for e in read(text, names, "2023-09-21").events] == ["2023-09-20"]


def test_a_date_phrase_running_into_a_duration_is_cut():
    names = {"Juan Hernández": "PERSON", "Manhattan": "GPE"}
    text = "Juan Hernández was sentenced on Wednesday to 45 years in prison by a judge in Manhattan."
    assert [e.date for e in read(text, names, "2024-06-26").events] == ["2024-06-26"]


def test_a_date_phrase_running_into_what_happened_around_it_is_cut():
    names = {"Ana Ruiz": "PERSON", "Callao airport": "FAC"}
    text = "Ana Ruiz was detained at Callao airport in January last year after a decade-long hunt."
    # spaCy's date is "January last year after a decade-long": the date ends before "after"
    assert [e.date for e in read(text, names, "2022-06-10").events] == ["2021-01"]


def test_an_opening_date_without_a_comma_still_dates_the_sentence():
    names = {"Héctor Guerrero": "PERSON", "Tocorón prison": "FAC"}
    text = "In 2023 the army failed to stop Héctor Guerrero from escaping from Tocorón prison."
    assert [e.date for e in read(text, names).events] == ["2023"]


def test_an_event_with_its_own_unresolvable_date_is_not_given_another():
    names = {"Héctor Guerrero": "PERSON"}
    x = read("Héctor Guerrero escaped in 2012 and was recaptured the following year.", names)
    assert {e.type: e.date for e in x.events} == {"escape": "2012", "arrest": None}
    x = read("In 2012, Héctor Guerrero escaped and was recaptured the following year.", names)
    assert {e.type: e.date for e in x.events} == {"escape": "2012", "arrest": None}


@pytest.mark.parametrize(
    "phrase, expected",
    [("January last year", "2021-01"), ("in March of this year", "2022-03"), ("Dec. last year", "2021-12")],
)
def test_a_month_of_a_year_told_relative_to_publication(phrase, expected):
    assert resolve_date(phrase, "2022-03-10") == expected
    assert resolve_date(phrase, None) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("el 12 de marzo de 2024", "2024-03-12"),
        ("septiembre de 2023", "2023-09"),
        ("en 2023", "2023"),
        ("el pasado martes", "2025-10-21"),
        ("ayer", "2025-10-21"),
        ("el año pasado", "2024"),
        ("el pasado 6 de julio", "2025-07-06"),
        ("entre 2018 y 2020", None),
    ],
)
def test_spanish_date_phrases_are_read_in_spanish(phrase, expected):
    assert resolve_date(phrase, "2025-10-22", "es") == expected


@pytest.mark.parametrize(
    "phrase, expected, lang",
    [
        ("in February of that year", "2019-02", "en"),
        ("later that year", "2019", "en"),
        ("the following year", "2020", "en"),
        ("two years later", "2021", "en"),
        ("a year earlier", "2018", "en"),
        ("el 13 de marzo de ese año", "2019-03-13", "es"),
        ("en marzo de ese mismo año", "2019-03", "es"),
        ("aquel año", "2019", "es"),
    ],
)
def test_a_date_told_from_the_year_the_text_stated_before(phrase, expected, lang):
    assert resolve_date(phrase, "2025-06-27", lang, anchor="2019") == expected
    if lang == "es":  # not the year of publication: nothing, without a year before it
        assert resolve_date(phrase, "2025-06-27", lang) is None


def test_a_date_told_from_another_is_none_without_one_or_after_publication():
    assert resolve_date("two years later", "2025-06-27") is None
    assert resolve_date("ten years later", "2025-06-27", anchor="2019") is None


def test_an_event_dated_from_an_earlier_sentence():
    x = read("Rosa Vega was arrested in 2019. Two years later, she was extradited to Chile.",
             {"Rosa Vega": "PERSON", "Chile": "GPE"}, published="2025-06-27")
    assert [(e.type, e.date) for e in x.events] == [("arrest", "2019"), ("extradition", "2021")]


@SPANISH
def test_a_spanish_event_dated_in_the_year_an_earlier_sentence_stated():
    x = read("Rosa Vega fue detenida en 2019. El 13 de marzo de ese año se fugó de la cárcel de Tacna.",
             {"Rosa Vega": "PERSON", "Tacna": "FAC"}, published="2025-06-27", lang="es")
    assert [(e.type, e.date) for e in x.events] == [("arrest", "2019"), ("escape", "2019-03-13")]


@pytest.mark.parametrize(
    ("phrase", "lang", "expected"),
    [
        ("este miércoles", "es", "2025-10-22"),  # the paper's own day, not a week before
        ("el miércoles", "es", "2025-10-22"),
        ("este lunes", "es", "2025-10-20"),
        ("el jueves", "es", "2025-10-16"),
        ("on Wednesday", "en", "2025-10-22"),
        ("Thursday", "en", "2025-10-16"),
    ],
)
def test_a_weekday_is_the_latest_such_day_on_or_before_publication_in_every_language(phrase, lang, expected):
    assert resolve_date(phrase, "2025-10-22", lang) == expected  # a Wednesday


@pytest.mark.parametrize("phrase, lang", [
    ("the first week of May", "en"),
    ("in the last week of May", "en"),
    ("la primera semana de mayo", "es"),
    ("la segunda quincena de mayo", "es"),
])
def test_a_week_or_a_part_of_a_month_dates_the_month(phrase, lang):
    assert resolve_date(phrase, "2024-06-15", lang) == "2024-05"


@pytest.mark.parametrize("phrase, expected", [
    ("el martes pasado", "2024-04-30"),
    ("el pasado martes", "2024-04-30"),
    ("el martes próximo", None),
    ("el año pasado", "2023"),
])
def test_a_spanish_weekday_or_year_with_pasado_looks_back(phrase, expected):
    assert resolve_date(phrase, "2024-05-04", "es") == expected
