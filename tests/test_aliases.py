"""Alias clusters inside one document, from mentions built by hand (no model needed)."""

from __future__ import annotations

from caseboard.aliases import acronym_of, alias_clusters, entity_id, nickname_parts, syllabic_acronym_of
from caseboard.model import Mention


def mentions(text: str, named: list[tuple[str, str]]) -> list[Mention]:
    """Mentions of each (surface form, type) at its occurrences in `text`, in order."""
    found = []
    for form, kind in named:
        start = 0
        while (start := text.find(form, start)) >= 0:
            found.append(Mention(start, start + len(form), form, kind))
            start += len(form)
    overlaps = sorted(found, key=lambda m: (m.start, -(m.end - m.start)))
    kept, end = [], -1
    for m in overlaps:
        if m.start >= end:
            kept.append(m)
            end = m.end
    return kept


def by_name(entities):
    return {e.name: e for e in entities}


def test_full_name_nickname_surname_and_aka_are_one_person():
    text = (
        'Héctor "Niño" Guerrero ran the gang. Guerrero escaped. The leader, Hector Rusthenford '
        'Guerrero Flores, aka "Niño Guerrero," is wanted.'
    )
    ms = mentions(
        text,
        [('Héctor "Niño" Guerrero', "PERSON"), ("Hector Rusthenford Guerrero Flores", "PERSON"),
         ("Niño Guerrero", "PERSON"), ("Guerrero", "PERSON")],
    )
    full = next(m for m in ms if m.text.startswith("Hector"))
    next(m for m in ms if m.text == "Niño Guerrero").same_as = full.start  # what "aka" says
    found = alias_clusters(ms)
    assert len(found) == 1
    person = found[0]
    assert person.name == "Héctor Rusthenford Guerrero Flores"  # most complete, accents kept
    assert person.id == "person:hector-rusthenford-guerrero-flores"
    assert {"Niño Guerrero", 'Héctor "Niño" Guerrero', "Guerrero"} <= set(person.aliases)
    assert {m.entity_id for m in ms} == {person.id}


def test_people_with_different_nicknames_stay_apart():
    text = 'Ismael "El Mayo" Zambada was arrested. His son Ismael "El Mayito Gordo" Zambada was not.'
    found = alias_clusters(
        mentions(text, [('Ismael "El Mayo" Zambada', "PERSON"), ('Ismael "El Mayito Gordo" Zambada', "PERSON")])
    )
    assert len(found) == 2


def test_nickname_in_quotes_gives_a_nickname_alias():
    assert nickname_parts('Joaquín "El Chapo" Guzmán') == ("Joaquín", "El Chapo", "Guzmán")
    found = alias_clusters(mentions('Joaquín "El Chapo" Guzmán fled.', [('Joaquín "El Chapo" Guzmán', "PERSON")]))
    assert {"El Chapo Guzmán", "El Chapo"} <= set(found[0].aliases)


def test_a_surname_goes_to_the_person_named_last_before_it():
    text = "Joaquín Guzmán was extradited. His son Ovidio Guzmán was arrested. Guzmán denied it."
    found = alias_clusters(mentions(text, [("Joaquín Guzmán", "PERSON"), ("Ovidio Guzmán", "PERSON"), ("Guzmán", "PERSON")]))
    people = by_name(found)
    assert set(people) == {"Joaquín Guzmán", "Ovidio Guzmán"}
    assert "Guzmán" in people["Ovidio Guzmán"].aliases
    assert "Guzmán" not in people["Joaquín Guzmán"].aliases


def test_a_lone_first_name_is_not_taken_for_a_surname():
    text = "Ana Ruiz spoke. Later Ana left."
    found = alias_clusters(mentions(text, [("Ana Ruiz", "PERSON"), ("Ana", "PERSON")]))
    assert len(found) == 2


def test_accents_are_folded_for_matching_but_kept_for_display():
    text = "Nicolas Maduro spoke. Nicolás Maduro left."
    found = alias_clusters(mentions(text, [("Nicolas Maduro", "PERSON"), ("Nicolás Maduro", "PERSON")]))
    assert len(found) == 1 and found[0].name == "Nicolás Maduro"


def test_spanish_double_surname_and_paternal_surname():
    text = "Ismael Zambada García was held. Zambada pleaded guilty. Ismael Zambada smiled."
    found = alias_clusters(
        mentions(text, [("Ismael Zambada García", "PERSON"), ("Ismael Zambada", "PERSON"), ("Zambada", "PERSON")])
    )
    assert len(found) == 1 and found[0].name == "Ismael Zambada García"


def test_acronym_joins_its_expansion():
    text = "The Federal Bureau of Investigation took over. The FBI said so."
    found = alias_clusters(mentions(text, [("Federal Bureau of Investigation", "ORG"), ("FBI", "ORG")]))
    assert len(found) == 1 and found[0].name == "Federal Bureau of Investigation"


def test_acronym_that_does_not_fit_stays_apart():
    text = "The Drug Enforcement Administration took over. The FBI said so."
    found = alias_clusters(mentions(text, [("Drug Enforcement Administration", "ORG"), ("FBI", "ORG")]))
    assert len(found) == 2


def test_country_abbreviations_are_one_country():
    text = "The US acted. The United States agreed. U.S. officials spoke."
    found = alias_clusters(mentions(text, [("United States", "GPE"), ("US", "GPE"), ("U.S.", "GPE")]))
    assert len(found) == 1
    assert found[0].name == "United States" and found[0].id == "gpe:united-states"


def test_facility_name_without_its_descriptor_is_the_same_facility():
    text = "Tocorón prison was raided. Inside Tocorón, inmates had a zoo."
    found = alias_clusters(mentions(text, [("Tocorón prison", "FAC"), ("Tocorón", "FAC")]))
    assert len(found) == 1 and found[0].name == "Tocorón prison"


def test_titles_become_aliases():
    text = "Chief Todd Chamberlain spoke."
    ms = mentions(text, [("Todd Chamberlain", "PERSON")])
    ms[0].title = "Chief"
    found = alias_clusters(ms)
    assert "Chief Todd Chamberlain" in found[0].aliases


def test_different_types_stay_apart_and_ids_are_unique():
    text = "Aurora Police said Aurora was calm."
    found = alias_clusters(mentions(text, [("Aurora Police", "ORG"), ("Aurora", "GPE")]))
    assert len({e.id for e in found}) == 2


def test_entity_id_is_readable_and_accent_free():
    assert entity_id("FAC", "Tocorón prison") == "fac:tocoron-prison"


def test_mixed_case_and_reordered_acronyms():
    text = "Tren de Aragua grew. TdA spread. The Jalisco New Generation Cartel and the CJNG are one."
    found = alias_clusters(
        mentions(text, [("Tren de Aragua", "ORG"), ("TdA", "ORG"), ("Jalisco New Generation Cartel", "ORG"), ("CJNG", "ORG")])
    )
    assert sorted(e.name for e in found) == ["Jalisco New Generation Cartel", "Tren de Aragua"]


def test_a_leading_article_does_not_make_another_organisation():
    text = "Tren de Aragua grew. Prosecutors call it El Tren de Aragua."
    found = alias_clusters(mentions(text, [("El Tren de Aragua", "ORG"), ("Tren de Aragua", "ORG")]))
    assert len(found) == 1 and found[0].name == "Tren de Aragua"


def test_state_abbreviations_are_the_state():
    text = "Aurora, Colo., is near Denver. Colorado officials agreed."
    found = alias_clusters(mentions(text, [("Colo.", "GPE"), ("Colorado", "GPE")]))
    assert len(found) == 1 and found[0].name == "Colorado"



def test_an_agency_named_with_and_without_its_country_and_of_is_one_entity():
    text = "The U.S. Department of Justice charged him. The Justice Department said the U.S. Treasury Department and the Treasury agreed."
    named = [("U.S. Department of Justice", "ORG"), ("Justice Department", "ORG"), ("U.S. Treasury Department", "ORG"), ("Treasury", "ORG")]
    found = by_name(alias_clusters(mentions(text, named)))
    assert set(found) == {"U.S. Department of Justice", "U.S. Treasury Department"}


def test_a_first_word_is_the_surname_when_the_last_is_never_used_alone():
    text = "Wan Kuok-koi was sanctioned. Later Wan left. Tse Chi Lop was held. Tse spoke."
    names = [("Wan Kuok-koi", "PERSON"), ("Wan", "PERSON"), ("Tse Chi Lop", "PERSON"), ("Tse", "PERSON")]
    found = alias_clusters(mentions(text, names))
    assert sorted(sorted(e.aliases) for e in found) == [["Tse", "Tse Chi Lop"], ["Wan", "Wan Kuok-koi"]]


def test_a_country_is_not_its_capital():
    text = "Guatemala sent troops. The Guatemala City prison was stormed."
    found = by_name(alias_clusters(mentions(text, [("Guatemala City", "GPE"), ("Guatemala", "GPE")])))
    assert found["Guatemala"].id != found["Guatemala City"].id


def test_a_syllabic_acronym_is_made_of_the_first_syllables_of_the_names_words_in_order():
    assert syllabic_acronym_of("Semar", "Secretaría de Marina")
    assert syllabic_acronym_of("Sedena", "Secretaría de la Defensa Nacional")
    assert syllabic_acronym_of("Inpec", "Instituto Nacional Penitenciario y Carcelario")  # "Nacional" left out
    assert not syllabic_acronym_of("Marse", "Secretaría de Marina")  # out of order
    assert not syllabic_acronym_of("Secre", "Secretaría de Marina")  # one word only
    assert not syllabic_acronym_of("Lima", "Secretaría de Marina")


def test_an_institution_called_by_its_head_alone_is_the_one_named_last_before_with_that_head():
    text = "La Policía Nacional y la Policía Municipal patrullan. Luego la Policía detuvo a Ana Ruiz."
    found = by_name(alias_clusters(mentions(
        text, [("Policía Nacional", "ORG"), ("Policía Municipal", "ORG"), ("Policía", "ORG"), ("Ana Ruiz", "PERSON")]
    )))
    assert set(found) == {"Policía Nacional", "Policía Municipal", "Ana Ruiz"}
    assert "Policía" in found["Policía Municipal"].aliases and "Policía" not in found["Policía Nacional"].aliases


def test_an_acronym_may_leave_out_the_country_that_opens_the_name():
    assert acronym_of("DOJ", "U.S. Department of Justice")
    assert acronym_of("ICE", "US Immigration and Customs Enforcement")
    assert not acronym_of("DOE", "U.S. Department of Justice")
    assert not acronym_of("OJ", "U.S. Department of Justice")  # two letters are too few to be sure


def test_an_acronym_after_a_country_prefixed_name_is_one_entity_with_it():
    text = "The U.S. Department of Justice said on Monday that the DOJ would appeal."
    found = by_name(alias_clusters(mentions(text, [("U.S. Department of Justice", "ORG"), ("DOJ", "ORG")])))
    assert set(found) == {"U.S. Department of Justice"} and "DOJ" in found["U.S. Department of Justice"].aliases


def test_a_place_named_in_spanish_is_named_as_in_english():
    text = "La banda opera en Europa y en Nueva York."
    found = by_name(alias_clusters(mentions(text, [("Europa", "LOC"), ("Nueva York", "GPE")])))
    assert set(found) == {"Europe", "New York"}
    assert found["Europe"].id == "loc:europe"
